"""The communes one installation serves, and which staff work for which.

A commune is reached by its host names (guichet.communes.CommuneMiddleware); its website is a
Wagtail `Site` with its own page tree. Everything per installation (database, cache, e-mail
transport, secrets) stays in the environment; everything a commune decides is here.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN

HOST_PATTERN = re.compile(
    r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
# The shared theme's main colour (static/css/site.css, --color-primary): a commune that keeps
# it adds nothing to its pages.
THEME_COLOUR = "#0b4f8a"
MIN_CONTRAST_ON_WHITE = 4.5


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def contrast_on_white(colour):
    """WCAG 2.1 contrast ratio of `colour` (#rrggbb) against white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)
    return 1.05 / (luminance + 0.05)


def darker(colour, share=0.3):
    """`colour` mixed with `share` of black (hover states and the staff header)."""
    red, green, blue = (round(int(colour[i : i + 2], 16) * (1 - share)) for i in (1, 3, 5))
    return f"#{red:02x}{green:02x}{blue:02x}"


ADMINISTRATIVE_LANGUAGE_CHOICES = [("fr", "français"), ("nl", "Nederlands"), ("de", "Deutsch")]


def split_hosts(raw):
    """The host names of a free-text list (spaces, commas or new lines), lower-cased."""
    return [host for host in re.split(r"[\s,;]+", (raw or "").strip().lower()) if host]


class Commune(models.Model):
    """One commune served by this installation: its identity, hosts, languages and accounts."""

    slug = models.SlugField(
        _("identifiant"),
        max_length=60,
        unique=True,
        help_text=_("Court, sans espace ni accent, par exemple « mont-clair »."),
    )
    name = models.CharField(
        _("nom"), max_length=120, help_text=_("Par exemple « Commune de Mont-Clair ».")
    )
    place = models.CharField(
        _("lieu de délivrance"),
        max_length=80,
        help_text=_("Le lieu des documents (« Fait à … »), par exemple « Mont-Clair »."),
    )
    nis_code = models.CharField(
        _("code INS"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Le code INS compte cinq chiffres."))],
        help_text=_("Code de l'Institut national de statistique (Statbel), cinq chiffres."),
    )
    hosts = models.TextField(
        _("noms d'hôte"),
        help_text=_(
            "Un par ligne, le principal en premier (par exemple « e-guichet.mont-clair.be »). "
            "Une adresse inconnue reçoit une page « introuvable », jamais une autre commune."
        ),
    )
    site_url = models.URLField(
        _("adresse publique"),
        blank=True,
        help_text=_(
            "Début des liens des e-mails et des documents, par exemple "
            "« https://e-guichet.mont-clair.be ». Vide = http:// suivi du nom d'hôte principal."
        ),
    )
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site internet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commune",
        help_text=_("Le site Wagtail (l'arbre de pages) de la commune."),
    )
    address = models.CharField(_("adresse"), max_length=200)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    hours = models.CharField(_("heures d'ouverture"), max_length=200, blank=True)
    colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        default=THEME_COLOUR,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Une couleur #rrggbb."))],
        help_text=_(
            "Liens, boutons et bandeau du site, du guichet et de l'espace du personnel. "
            "Contraste d'au moins 4,5:1 avec le blanc."
        ),
    )
    administrative_languages = models.CharField(
        _("langues administratives"),
        max_length=20,
        default="fr",
        help_text=_(
            "Codes séparés par une virgule : « fr » en Wallonie, « de » en Communauté "
            "germanophone, « fr,nl » à Bruxelles, « fr,de » pour une commune à facilités."
        ),
    )
    payment_iban = models.CharField(_("IBAN pour les virements"), max_length=42, blank=True)
    payment_bic = models.CharField(_("BIC"), max_length=11, blank=True)
    payment_beneficiary = models.CharField(
        _("bénéficiaire des virements"),
        max_length=70,
        blank=True,
        help_text=_("Vide = le nom de la commune."),
    )
    active = models.BooleanField(_("servie"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        hosts = split_hosts(self.hosts)
        if not hosts:
            raise ValidationError({"hosts": _("Indiquez au moins un nom d'hôte.")})
        for host in hosts:
            if not HOST_PATTERN.match(host):
                raise ValidationError(
                    {"hosts": _("« %(host)s » n'est pas un nom d'hôte.") % {"host": host}}
                )
        taken = {
            host: other for other in Commune.objects.exclude(pk=self.pk) for host in other.host_list
        }
        for host in hosts:
            if host in taken:
                raise ValidationError(
                    {
                        "hosts": _("« %(host)s » sert déjà %(commune)s.")
                        % {"host": host, "commune": taken[host]}
                    }
                )
        self.hosts = "\n".join(hosts)
        if re.fullmatch(r"#[0-9a-fA-F]{6}", self.colour or ""):
            self.colour = self.colour.lower()
            ratio = contrast_on_white(self.colour)
            if ratio < MIN_CONTRAST_ON_WHITE:
                raise ValidationError(
                    {
                        "colour": _(
                            "Contraste de %(ratio)s:1 seulement sur fond blanc : choisissez une "
                            "couleur plus foncée (au moins 4,5:1, pour que liens et boutons "
                            "restent lisibles)."
                        )
                        % {"ratio": number_format(ratio, decimal_pos=1)}
                    }
                )
        codes = [code.strip() for code in self.administrative_languages.split(",") if code]
        allowed = {code for code, _label in ADMINISTRATIVE_LANGUAGE_CHOICES}
        if not codes or any(code not in allowed for code in codes):
            raise ValidationError(
                {
                    "administrative_languages": _(
                        "Choisissez parmi fr, nl et de (l'anglais n'en est pas une)."
                    )
                }
            )
        self.administrative_languages = ",".join(dict.fromkeys(codes))
        if self.payment_iban.strip():
            try:
                IBAN(self.payment_iban)
                if self.payment_bic.strip():
                    BIC(self.payment_bic.strip())
            except ValueError as error:  # schwifty's errors are ValueErrors
                raise ValidationError(
                    {"payment_iban": _("Compte ou BIC invalide : %(error)s") % {"error": error}}
                ) from None

    @property
    def host_list(self):
        return split_hosts(self.hosts)

    @property
    def primary_host(self):
        hosts = self.host_list
        return hosts[0] if hosts else "localhost"

    @property
    def base_url(self):
        """The start of absolute links in e-mails and documents, without a trailing slash."""
        if self.site_url:
            return self.site_url.rstrip("/")
        if self.is_home and settings.SITE_URL:
            return settings.SITE_URL.rstrip("/")
        return f"http://{self.primary_host}"

    @property
    def is_home(self):
        from guichet import communes

        return self.pk == communes.home_id()

    @property
    def language_codes(self):
        return [code for code in self.administrative_languages.split(",") if code]

    @property
    def beneficiary(self):
        return self.payment_beneficiary or self.name

    def offers(self, kind_slug):
        """Whether the commune offers this kind online: its kind settings say so (the one
        place for it, edited in /admin/ › Réglages des documents)."""
        from guichet.models import KindSettings

        return KindSettings._base_manager.filter(commune=self, kind=kind_slug, active=True).exists()

    def as_context(self):
        """The plain data templates, e-mails and documents print about the commune."""
        return {
            "name": self.name,
            "place": self.place,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "hours": self.hours,
            "colour": self.colour,
            # The theme's colours when the commune has its own (None: the theme's own).
            "colours": None
            if self.colour.lower() == THEME_COLOUR
            else {"primary": self.colour, "dark": darker(self.colour)},
            "slug": self.slug,
            "base_url": self.base_url,
        }


class StaffMembership(models.Model):
    """A staff member works for a commune. Roles are the member's groups; a member of no
    commune belongs to the only commune of a single-commune installation (guichet.access)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="commune_memberships",
        verbose_name=_("agent"),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("commune")
    )

    class Meta:
        verbose_name = _("agent de la commune")
        verbose_name_plural = _("agents de la commune")
        constraints = [
            models.UniqueConstraint(fields=["user", "commune"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.commune}"


class CommuneDeparture(models.Model):
    """A commune that left the installation: written when its data were erased
    (`manage.py erase_commune`), kept after it. Installation-level: no commune of its own."""

    slug = models.SlugField(_("identifiant"), max_length=60)
    name = models.CharField(_("nom"), max_length=150)
    nis_code = models.CharField(_("code INS"), max_length=5, blank=True)
    commune_number = models.PositiveIntegerField(_("numéro interne de la commune"))
    hosts = models.TextField(_("noms d'hôte"), blank=True)
    erased_at = models.DateTimeField(_("effacée le"), auto_now_add=True)
    operator = models.CharField(_("opérateur"), max_length=150)
    archive_sha256 = models.CharField(_("empreinte SHA-256 de l'archive"), max_length=64)
    archive_created_at = models.CharField(_("archive créée le"), max_length=40, blank=True)
    counts = models.JSONField(_("lignes effacées par modèle"), default=dict)
    files = models.PositiveIntegerField(_("fichiers"), default=0)
    deactivated_accounts = models.PositiveIntegerField(_("comptes d'agents désactivés"), default=0)

    class Meta:
        verbose_name = _("départ d'une commune")
        verbose_name_plural = _("départs de communes")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.name} ({self.slug})"
