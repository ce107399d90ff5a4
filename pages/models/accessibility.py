"""The accessibility statement, after the EU model statement (Directive (EU) 2016/2102,
implementing decision (EU) 2018/1523), edited by the communication in /cms/ › Paramètres."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

FEATURES = ["bold", "italic", "ul", "ol", "link"]

DEFAULT_NON_COMPLIANCE = (
    "<ul><li>Des documents (PDF, bureautique) déposés par les services peuvent ne pas être "
    "balisés pour les lecteurs d'écran : demandez-en une version accessible au contact "
    "ci-dessous.</li></ul>"
)
DEFAULT_OUT_OF_SCOPE = (
    "<ul><li>Les fichiers bureautiques publiés avant le 23 septembre 2018.</li>"
    "<li>Les cartes en ligne, lorsque les informations essentielles sont données "
    "autrement (la liste des chantiers).</li>"
    "<li>Les contenus de tiers que la commune ne finance ni ne contrôle.</li></ul>"
)
DEFAULT_ENFORCEMENT = (
    "<p>Si vous n'obtenez pas de réponse satisfaisante de notre part dans un délai "
    "raisonnable, vous pouvez introduire une réclamation auprès du <strong>Médiateur "
    "commun de la Wallonie et de la Fédération Wallonie-Bruxelles</strong> : rue Lucien "
    "Namèche 54, 5000 Namur ; numéro vert 0800 19 199 ; "
    '<a href="https://www.le-mediateur.be">www.le-mediateur.be</a>. Le recours est '
    "gratuit.</p>"
)


class Conformity(models.TextChoices):
    FULL = "full", _("totalement conforme")
    PARTIAL = "partial", _("partiellement conforme")
    NONE = "none", _("non conforme")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("auto-évaluation")
    THIRD_PARTY = "third_party", _("évaluation par un tiers")


@register_setting(icon="help")
class AccessibilityStatement(BaseSiteSetting):
    conformity = models.CharField(
        _("état de conformité"),
        max_length=10,
        choices=Conformity.choices,
        default=Conformity.PARTIAL,
    )
    standard = models.CharField(
        _("référentiel"),
        max_length=120,
        default="WCAG 2.1 niveau AA (norme EN 301 549)",
    )
    non_compliance = RichTextField(
        _("non-conformités"),
        features=FEATURES,
        blank=True,
        default=DEFAULT_NON_COMPLIANCE,
        help_text=_("Les contenus qui ne respectent pas encore le référentiel, et pourquoi."),
    )
    disproportionate_burden = RichTextField(
        _("charge disproportionnée"), features=FEATURES, blank=True, default=""
    )
    out_of_scope = RichTextField(
        _("contenus hors du champ de la législation"),
        features=FEATURES,
        blank=True,
        default=DEFAULT_OUT_OF_SCOPE,
    )
    prepared_on = models.DateField(_("déclaration établie le"), default=timezone.localdate)
    reviewed_on = models.DateField(_("dernière révision le"), null=True, blank=True)
    method = models.CharField(
        _("méthode d'évaluation"),
        max_length=12,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    method_detail = models.CharField(
        _("précisions sur l'évaluation"),
        max_length=250,
        blank=True,
        default="Vérification automatique de chaque page avec axe-core et contrôles manuels.",
    )
    contact_email = models.EmailField(
        _("e-mail pour signaler un problème"),
        blank=True,
        help_text=_("Vide : l'adresse de la commune (Paramètres du site)."),
    )
    contact_phone = models.CharField(
        _("téléphone pour signaler un problème"),
        max_length=40,
        blank=True,
        help_text=_("Vide : le téléphone de la commune."),
    )
    enforcement = RichTextField(
        _("procédure de recours"), features=FEATURES, default=DEFAULT_ENFORCEMENT
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("conformity"), FieldPanel("standard")], heading=_("État de conformité")
        ),
        MultiFieldPanel(
            [
                FieldPanel("non_compliance"),
                FieldPanel("disproportionate_burden"),
                FieldPanel("out_of_scope"),
            ],
            heading=_("Contenus non accessibles"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("prepared_on"), FieldPanel("reviewed_on")]),
                FieldPanel("method"),
                FieldPanel("method_detail"),
            ],
            heading=_("Établissement de la déclaration"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")])],
            heading=_("Retour d'information et contact"),
        ),
        FieldPanel("enforcement"),
    ]

    class Meta:
        verbose_name = _("déclaration d'accessibilité")
        verbose_name_plural = _("déclaration d'accessibilité")
