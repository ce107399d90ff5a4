from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager


class ExtractModel(models.TextChoices):
    """The three models of criminal-record extract (Code d'instruction criminelle)."""

    M595 = "595", _("Modèle 595")
    M596_1 = "596.1", _("Modèle 596.1")
    M596_2 = "596.2", _("Modèle 596.2")


class CriminalRecordEntry(models.Model):
    """A decision in the person's criminal record, as the local source holds it.

    Which extract models show it is decided by law for each decision (a measure concerning
    minors may show only on model 596.2); an effaced decision is never shown.
    """

    commune = commune_field()
    reference = models.CharField(
        _("référence de la décision"),
        max_length=40,
        help_text=_("Numéro de la notice au casier judiciaire : clé naturelle (imports)."),
    )
    person = models.ForeignKey(
        "population.Person",
        on_delete=models.CASCADE,
        related_name="criminal_record_entries",
        verbose_name=_("personne"),
    )
    court = models.CharField(_("juridiction"), max_length=150)
    decision_date = models.DateField(_("date de la décision"))
    offence = models.CharField(_("infraction"), max_length=300)
    sentence = models.CharField(_("peine ou mesure"), max_length=300)
    on_595 = models.BooleanField(_("figure sur le modèle 595"), default=True)
    on_596_1 = models.BooleanField(_("figure sur le modèle 596.1"), default=True)
    on_596_2 = models.BooleanField(_("figure sur le modèle 596.2"), default=True)
    effaced = models.BooleanField(
        _("effacée"),
        default=False,
        help_text=_("Effacement ou réhabilitation : la décision ne figure plus sur aucun extrait."),
    )

    objects = scoped_manager()

    class Meta:
        verbose_name = _("décision au casier judiciaire")
        verbose_name_plural = _("casier judiciaire : décisions")
        ordering = ["person", "decision_date"]
        indexes = [models.Index(fields=["person", "decision_date"], name="crim_person_date")]
        constraints = [
            models.UniqueConstraint(fields=["commune", "reference"], name="crim_reference_unique")
        ]

    def __str__(self):
        return f"{self.reference} — {self.court} ({self.decision_date:%d/%m/%Y})"

    def models_shown(self):
        flags = {
            ExtractModel.M595: self.on_595,
            ExtractModel.M596_1: self.on_596_1,
            ExtractModel.M596_2: self.on_596_2,
        }
        return frozenset(str(model) for model, shown in flags.items() if shown)

    def clean(self):
        if self.decision_date and self.decision_date > timezone.localdate():
            raise ValidationError(
                {"decision_date": _("La date de la décision ne peut pas être dans le futur.")}
            )


class PretrialDetentionQuerySet(models.QuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(since__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gte=day))


class PretrialDetention(models.Model):
    """The person is held in pre-trial detention: no model 596.2 extract meanwhile
    (article 596, alinéa 4, du Code d'instruction criminelle)."""

    commune = commune_field()
    person = models.OneToOneField(
        "population.Person",
        on_delete=models.CASCADE,
        related_name="pretrial_detention",
        verbose_name=_("personne"),
    )
    since = models.DateField(_("en détention préventive depuis le"))
    ended_on = models.DateField(
        _("fin de la détention préventive"),
        null=True,
        blank=True,
        help_text=_("Vide tant que la détention dure."),
    )

    objects = scoped_manager(PretrialDetentionQuerySet)

    class Meta:
        verbose_name = _("détention préventive")
        verbose_name_plural = _("détentions préventives")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("since")),
                name="pretrial_detention_dates_ordered",
            )
        ]

    def __str__(self):
        return str(self.person)
