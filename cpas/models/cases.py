"""Appointment requests as cases that CPAS staff work in /cms/ (cpas.views)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpas.constants import AWAITING_CALLBACK, CaseStatus
from guichet.communes import commune_field, scoped_manager


class CaseCounter(models.Model):
    """The last case number given in a year; locked while the next one is taken."""

    commune = commune_field()
    year = models.PositiveSmallIntegerField(_("année"))
    last = models.PositiveIntegerField(_("dernier numéro"), default=0)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("compteur des demandes de rendez-vous")
        verbose_name_plural = _("compteurs des demandes de rendez-vous")
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="case_counter_unique")
        ]

    def __str__(self):
        return f"{self.year}: {self.last}"


class AppointmentCase(models.Model):
    """One appointment request sent through the CPAS form, and how staff follow it up.

    `answers` keeps the form as the person saw it (label and answer, in order), so a case
    stays readable when editors later change the form's fields; name, phone, e-mail and
    subject are copied out of it for the list and the messages."""

    commune = commune_field()
    reference = models.CharField(_("référence"), max_length=20)
    page = models.ForeignKey(
        "cpas.CpasAppointmentPage",
        verbose_name=_("formulaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attribuée à"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(
        _("rappel au plus tard le"),
        help_text=_("Le CPAS rappelle la personne dans les 3 jours ouvrables."),
    )
    notes = models.TextField(
        _("notes internes"),
        blank=True,
        help_text=_("Visibles par le personnel du CPAS seulement. Pas d'informations médicales."),
    )
    name = models.CharField(_("nom"), max_length=200, blank=True)
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, help_text=_("Au format international.")
    )
    email = models.EmailField(_("adresse e-mail"), blank=True)
    subject = models.CharField(_("sujet"), max_length=200, blank=True)
    answers = models.JSONField(_("réponses au formulaire"), default=list, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("demande de rendez-vous")
        verbose_name_plural = _("demandes de rendez-vous")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "reference"], name="case_reference_unique")
        ]

    def __str__(self):
        return self.reference

    @property
    def phone_display(self):
        """The number as staff dial it: 0470 12 34 56 in Belgium, +33 6 12 34 56 78 abroad."""
        from cpas.phones import display

        return display(self.phone) if self.phone else ""

    @property
    def is_overdue(self):
        return self.status in AWAITING_CALLBACK and self.due_date < timezone.localdate()
