"""The associations directory (/associations/): one row per association, edited by the
communication in /cms/ and by the association itself through an e-mailed single-use link,
whose change waits for the communication's approval (AssociationChange)."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from guichet.communes import commune_field, scoped_manager
from pages import geo


class AssociationCategory(models.TextChoices):
    CULTURE = "culture", _("Culture")
    SPORT = "sport", _("Sport")
    YOUTH = "youth", _("Jeunesse")
    SENIORS = "seniors", _("Aînés")
    SOCIAL = "social", _("Social et solidarité")
    ENVIRONMENT = "environment", _("Environnement")
    HERITAGE = "heritage", _("Patrimoine et folklore")
    EDUCATION = "education", _("Éducation")
    HEALTH = "health", _("Santé")
    OTHER = "other", _("Autre")


class Language(models.TextChoices):
    FR = "fr", _("Français")
    NL = "nl", _("Néerlandais")
    DE = "de", _("Allemand")
    EN = "en", _("Anglais")
    WA = "wa", _("Wallon")


def normalise_enterprise_number(raw):
    """0123.456.789 from what people type (0123456789, BE0123456789, 123.456.789...);
    raises ValidationError with a message saying what is wrong."""
    from stdnum import exceptions as stdnum_errors
    from stdnum.be import vat

    text = (raw or "").strip()
    if not text:
        return ""
    try:
        number = vat.validate(text)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("Un numéro d'entreprise compte 10 chiffres, par exemple 0123.456.749."),
            code="length",
        ) from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(
            _("Un numéro d'entreprise ne contient que des chiffres, par exemple 0123.456.749."),
            code="format",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _(
                "Ce numéro d'entreprise n'existe pas (chiffres de contrôle incorrects) : "
                "vérifiez-le sur la Banque-Carrefour des Entreprises."
            ),
            code="checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Ce numéro d'entreprise n'est pas valable, par exemple 0123.456.749."),
            code="invalid",
        ) from None
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


def normalise_phone(raw):
    """E.164 (+3281240000) or raises ValidationError with an example."""
    from cpas.phones import normalise

    text = (raw or "").strip()
    if not text:
        return ""
    e164 = normalise(text)
    if e164 is None:
        raise ValidationError(
            _(
                "Ce numéro de téléphone n'est pas valable. Écrivez-le comme 081 24 60 00 ou "
                "0470 12 34 56, ou avec l'indicatif du pays (+33…)."
            ),
            code="phone",
        )
    return e164


class Association(index.Indexed, models.Model):
    commune = commune_field()
    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("adresse de la fiche"), max_length=160, blank=True)
    category = models.CharField(_("catégorie"), max_length=20, choices=AssociationCategory.choices)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(
        _("e-mail de contact"),
        help_text=_("Publié, et utilisé pour envoyer le lien de mise à jour de la fiche."),
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    location = models.CharField(
        _("localisation"),
        max_length=60,
        blank=True,
        help_text=_("Un point « latitude, longitude » (50.4651, 4.8656)."),
        validators=[geo.parse_points],
    )
    website = models.URLField(_("site web"), blank=True)
    facebook_url = models.URLField(_("page Facebook"), blank=True)
    instagram_url = models.URLField(_("compte Instagram"), blank=True)
    other_social_url = models.URLField(_("autre réseau social"), blank=True)
    enterprise_number = models.CharField(
        _("numéro d'entreprise (BCE)"),
        max_length=12,
        blank=True,
        help_text=_("0123.456.749 ; vide pour une association de fait."),
    )
    languages = models.JSONField(_("langues"), default=list, blank=True)
    children_activities = models.BooleanField(_("activités pour enfants"), default=False)
    published = models.BooleanField(_("publiée"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("address"),
                FieldPanel("location"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("other_social_url"),
            ],
            heading=_("En ligne"),
        ),
        FieldPanel("enterprise_number"),
        FieldPanel("languages"),
        FieldPanel("children_activities"),
        FieldPanel("published"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("category"),
        index.FilterField("published"),
        index.FilterField("children_activities"),
    ]

    objects = scoped_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        indexes = [models.Index(fields=["published", "name"])]
        constraints = [
            models.UniqueConstraint(fields=["commune", "slug"], name="association_slug_unique")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:140] or "association"
            slug, n = base, 2
            while Association.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("association_detail", args=[self.slug])

    def clean(self):
        errors = {}
        try:
            self.enterprise_number = normalise_enterprise_number(self.enterprise_number)
        except ValidationError as error:
            errors["enterprise_number"] = error
        try:
            self.phone = normalise_phone(self.phone)
        except ValidationError as error:
            errors["phone"] = error
        unknown = set(self.languages or []) - set(Language.values)
        if unknown:
            errors["languages"] = ValidationError(_("Langue inconnue."))
        if errors:
            raise ValidationError(errors)

    @property
    def category_label(self):
        return AssociationCategory(self.category).label if self.category else ""

    @property
    def language_labels(self):
        return [Language(code).label for code in self.languages or [] if code in Language.values]

    @property
    def phone_display(self):
        from cpas.phones import display

        return display(self.phone) if self.phone else ""

    @property
    def point(self):
        """(lat, lon) or None."""
        return geo.first_point(self.location)

    @property
    def social_links(self):
        return [
            (label, url)
            for label, url in (
                ("Facebook", self.facebook_url),
                ("Instagram", self.instagram_url),
                (_("Autre réseau"), self.other_social_url),
            )
            if url
        ]


# What an association may change itself (the rest is the communication's).
SELF_EDITABLE = (
    "name",
    "category",
    "description",
    "email",
    "phone",
    "address",
    "website",
    "facebook_url",
    "instagram_url",
    "other_social_url",
    "enterprise_number",
    "languages",
    "children_activities",
)


class AssociationChange(models.Model):
    """A change an association proposed through its update link, waiting for moderation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        APPROVED = "approved", _("Approuvée")
        REJECTED = "rejected", _("Refusée")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="changes", verbose_name=_("association")
    )
    data = models.JSONField(_("modifications proposées"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("modification d'association")
        verbose_name_plural = _("modifications d'associations")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.association)

    def differences(self):
        """[(label, before, after)] of the fields this change alters."""
        rows = []
        for name in SELF_EDITABLE:
            if name not in self.data:
                continue
            before, after = getattr(self.association, name), self.data[name]
            if before != after:
                field = Association._meta.get_field(name)
                rows.append((field.verbose_name, before, after))
        return rows


UPDATE_LINK_HOURS = 48


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class AssociationUpdateToken(models.Model):
    """A single-use link to update one entry. Only the token's hash is stored."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lien de mise à jour")
        verbose_name_plural = _("liens de mise à jour")

    def __str__(self):
        return f"{self.association} ({self.expires_at:%Y-%m-%d %H:%M})"

    @classmethod
    def issue(cls, association):
        """A new link's raw token (sent by e-mail, never stored)."""
        raw = secrets.token_urlsafe(32)
        cls.objects.create(
            association=association,
            token_hash=hash_token(raw),
            expires_at=timezone.now() + datetime.timedelta(hours=UPDATE_LINK_HOURS),
        )
        return raw

    @property
    def usable(self):
        return self.used_at is None and self.expires_at > timezone.now()
