from decimal import Decimal

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager


class KindSettings(models.Model):
    """The commune's configuration of one document kind: fees, delay, on/off.

    Rows are created from each kind's defaults after migrate and then edited in /admin/;
    the website's procedure pages read the same rows (one source of truth).
    """

    commune = commune_field()
    kind = models.CharField(_("type de document"), max_length=40)
    active = models.BooleanField(_("proposé en ligne"), default=True)
    base_fee = models.DecimalField(
        _("prix de base (EUR)"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    announced_delay_days = models.PositiveSmallIntegerField(
        _("délai annoncé (jours ouvrables)"), default=5
    )
    validity_days = models.PositiveSmallIntegerField(
        _("durée de vérification en ligne (jours)"), default=90
    )
    # Who issues the document, printed at its foot (guichet.issuing.signatory).
    signatory_formula = models.CharField(
        _("formule de délivrance"),
        max_length=120,
        blank=True,
        help_text=_(
            "Imprimée au-dessus du nom du signataire. Vide = la formule du document, par "
            "exemple « Pour le Collège communal, par délégation, » ou « L'officier de l'état "
            "civil, »."
        ),
    )
    signatory_name = models.CharField(
        _("nom du signataire"),
        max_length=120,
        blank=True,
        help_text=_(
            "Prénom et nom de la personne qui délivre ce document, par exemple « Claire Dumont »."
        ),
    )
    signatory_function = models.CharField(
        _("fonction du signataire"),
        max_length=120,
        blank=True,
        help_text=_(
            "Par exemple « Cheffe du service Population ». Vide = la fonction par défaut du "
            "document, s'il en a une."
        ),
    )

    objects = scoped_manager()

    class Meta:
        verbose_name = _("configuration d'un document")
        verbose_name_plural = _("configuration des documents")
        constraints = [
            models.UniqueConstraint(fields=["commune", "kind"], name="kind_settings_unique")
        ]

    def __str__(self):
        return self.kind


class Purpose(models.Model):
    """A purpose a citizen may state for a kind, with its fee supplement (IMIO pattern)."""

    commune = commune_field()
    kind = models.CharField(_("type de document"), max_length=40)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=200)
    # The label in the other interface languages; empty = the e-guichet's own translation of
    # a default label, or the French label when the commune wrote its own (localized_label).
    label_nl = models.CharField(_("libellé en néerlandais"), max_length=200, blank=True)
    label_de = models.CharField(_("libellé en allemand"), max_length=200, blank=True)
    label_en = models.CharField(_("libellé en anglais"), max_length=200, blank=True)
    supplement = models.DecimalField(
        _("supplément (EUR)"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    free = models.BooleanField(
        _("gratuit (motif social)"),
        default=False,
        help_text=_("Aucun frais, quel que soit le prix de base."),
    )
    needs_explanation = models.BooleanField(_("précision obligatoire"), default=False)
    variant = models.CharField(
        _("variante"),
        max_length=20,
        blank=True,
        help_text=_(
            "Code de la variante du document à laquelle ce motif est réservé (par exemple le "
            "modèle d'extrait de casier judiciaire « 596.2 ») ; vide = toutes les variantes."
        ),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("proposé"), default=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("motif")
        verbose_name_plural = _("motifs")
        ordering = ["kind", "position", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "kind", "code"], name="purpose_kind_code_unique"
            )
        ]

    def __str__(self):
        return self.label

    TRANSLATED_LABELS = {"nl": "label_nl", "de": "label_de", "en": "label_en"}

    def localized_label(self, language=None):
        """The label in `language` (default: the active one): the commune's own wording for
        that language when given; else, while the French label is still the kind's default,
        that default's translation from the catalogues; else the French label."""
        language = (language or translation.get_language() or "fr").split("-")[0]
        field = self.TRANSLATED_LABELS.get(language)
        if field is None:
            return self.label
        if own := getattr(self, field):
            return own
        default = self._default_label()
        if default is not None:
            with translation.override("fr"):
                unchanged = str(default) == self.label
            if unchanged:
                with translation.override(language):
                    return str(default)
        return self.label

    def _default_label(self):
        from guichet.kinds import registry

        kind = registry.get(self.kind)
        for default in kind.default_purposes if kind else ():
            if default.code == self.code:
                return default.label
        return None
