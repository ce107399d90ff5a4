"""The CPAS mini-site's pages (pages.py), its appointment cases (cases.py) and the CPAS
settings edited in /cms/ (settings.py)."""

from cpas.models.cases import AppointmentCase, CaseCounter
from cpas.models.pages import (
    AppointmentField,
    CpasAppointmentPage,
    CpasHomePage,
    CpasPage,
    CpasPageMixin,
    CpasServicePage,
    PermanenceBlock,
)
from cpas.models.settings import CpasSettings

__all__ = [
    "AppointmentCase",
    "AppointmentField",
    "CaseCounter",
    "CpasAppointmentPage",
    "CpasHomePage",
    "CpasPage",
    "CpasPageMixin",
    "CpasServicePage",
    "CpasSettings",
    "PermanenceBlock",
]
