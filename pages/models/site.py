from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin

from guichet.communes import commune_field, scoped_manager
from pages.blocks import ClosureBlock, OpeningHoursBlock
from pages.constants import AlertLevel


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the header and footer say about the commune, edited in /cms/ by the communication
    staff, one row per commune's site. Empty fields fall back to the commune's own
    (guichet.models.Commune)."""

    name = models.CharField(_("nom de la commune"), max_length=120, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Carré de préférence ; affiché en 40 × 40 pixels à côté du nom."),
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    opening_hours = StreamField(
        [("day", OpeningHoursBlock())],
        verbose_name=_("heures d'ouverture"),
        blank=True,
        help_text=_("Un bloc par jour d'ouverture ; les jours absents sont fermés."),
    )
    hours_note = models.CharField(
        _("remarque sur les horaires"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « Le jeudi soir sur rendez-vous. »"),
    )
    closures = StreamField(
        [("closure", ClosureBlock())],
        verbose_name=_("fermetures exceptionnelles"),
        blank=True,
        help_text=_("Affichées dans le pied de page dès 30 jours avant."),
    )
    # The content languages the site offers besides French (pages.languages): pages are
    # translated in /cms/; a language not offered is not proposed to visitors.
    offer_nl = models.BooleanField(_("proposer le site en néerlandais"), default=False)
    offer_de = models.BooleanField(_("proposer le site en allemand"), default=False)
    offer_en = models.BooleanField(_("proposer le site en anglais"), default=False)
    facebook_url = models.URLField(_("page Facebook"), blank=True)
    instagram_url = models.URLField(_("compte Instagram"), blank=True)
    youtube_url = models.URLField(_("chaîne YouTube"), blank=True)
    mastodon_url = models.URLField(_("compte Mastodon"), blank=True)
    linkedin_url = models.URLField(_("page LinkedIn"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("logo")], heading=_("Identité")),
        MultiFieldPanel(
            [FieldPanel("address"), FieldRowPanel([FieldPanel("phone"), FieldPanel("email")])],
            heading=_("Coordonnées"),
        ),
        MultiFieldPanel(
            [FieldPanel("opening_hours"), FieldPanel("hours_note"), FieldPanel("closures")],
            heading=_("Horaires"),
        ),
        MultiFieldPanel(
            [FieldPanel("offer_nl"), FieldPanel("offer_de"), FieldPanel("offer_en")],
            heading=_("Langues du site"),
            help_text=_(
                "Le français est toujours proposé. Une page non traduite s'affiche en "
                "français, avec une ligne qui le signale dans la langue du visiteur."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("mastodon_url"),
                FieldPanel("linkedin_url"),
            ],
            heading=_("Réseaux sociaux"),
        ),
    ]

    class Meta:
        verbose_name = _("paramètres du site")
        verbose_name_plural = _("paramètres du site")


class Alert(TranslatableMixin, models.Model):
    """A site-wide banner ("Administration fermée le 11 novembre"), shown between its dates.
    Translatable (wagtail-localize): visitors see the banner in their language, the French
    one when it is not translated."""

    commune = commune_field()
    message = models.CharField(_("message"), max_length=250)
    link_url = models.CharField(
        _("lien"),
        max_length=250,
        blank=True,
        help_text=_("Adresse d'une page qui en dit plus (facultatif), par exemple /actualites/."),
    )
    level = models.CharField(
        _("niveau"), max_length=10, choices=AlertLevel.choices, default=AlertLevel.INFO
    )
    starts_at = models.DateTimeField(_("affichée à partir du"), default=timezone.now)
    ends_at = models.DateTimeField(_("affichée jusqu'au"))

    panels = [
        FieldPanel("message"),
        FieldPanel("link_url"),
        FieldPanel("level"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    ]

    objects = scoped_manager()

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("bandeau d'alerte")
        verbose_name_plural = _("bandeaux d'alerte")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.message

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fin de l'affichage suit son début.")})
        if self.link_url and not (
            self.link_url.startswith("/") or self.link_url.startswith("https://")
        ):
            raise ValidationError(
                {"link_url": _("Une adresse du site (/…) ou une adresse en https://.")}
            )

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at
