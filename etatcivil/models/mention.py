from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etatcivil.constants import MentionNature
from population.constants import Sex


class MarginalMention(models.Model):
    """A later change written in the margin of a birth act (shown on the copy).

    When the change alters the child's name, first names or sex, the new value is stored too,
    so that the extract can show the current data.
    """

    act = models.ForeignKey(
        "etatcivil.BirthAct",
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("acte"),
    )
    date = models.DateField(_("date de la mention"))
    nature = models.CharField(_("nature"), max_length=20, choices=MentionNature.choices)
    text = models.TextField(_("texte de la mention"), help_text=_("Tel qu'il figure sur l'acte."))
    new_last_name = models.CharField(
        _("nouveau nom"), max_length=100, blank=True, help_text=_("Vide si inchangé.")
    )
    new_first_names = models.CharField(
        _("nouveaux prénoms"), max_length=150, blank=True, help_text=_("Vide si inchangés.")
    )
    new_sex = models.CharField(
        _("nouveau sexe"),
        max_length=1,
        choices=Sex.choices,
        blank=True,
        help_text=_("Vide si inchangé."),
    )

    class Meta:
        verbose_name = _("mention marginale")
        verbose_name_plural = _("mentions marginales")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["act", "date", "nature"], name="mention_act_date_nature_unique"
            )
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_nature_display()}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError(
                {"date": _("La date de la mention ne peut pas être dans le futur.")}
            )
        if self.date and self.act_id and self.date < self.act.registered_on:
            raise ValidationError(
                {"date": _("Une mention ne peut pas précéder la date de l'acte.")}
            )
