"""The civil-status register's audit actions (guichet.audit reads them, never imports them)."""

from django.utils.translation import gettext_lazy as _

from guichet.audit import register


def _digitised(entry):
    return {"reference": entry.data.get("baec_reference") or "—"}


# Kept whole at retention: the act's identity belongs to the register's own history.
register(
    "etatcivil.act.digitised",
    clerk=_(
        "Acte de naissance papier enregistré dans la BAEC par %(actor)s "
        "(référence BAEC %(reference)s)"
    ),
    erase=set(),
    context=_digitised,
)
