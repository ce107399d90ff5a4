"""The civil-status register's audit actions (guichet.audit reads them, never imports them)."""

from django.utils.translation import gettext_lazy as _

from guichet.audit import register

# Kept whole at retention: the act's identity belongs to the register's own history.
register(
    "etatcivil.act.digitised",
    clerk=_("Acte de naissance papier enregistré dans le registre électronique par %(actor)s"),
    erase=set(),
)
