"""Writes on the civil-status register (HackSoft "services")."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit import audit
from guichet.permissions import handles_kind
from guichet.services import ActionRefused


def act_mark_digitised(*, act, by, request=None):
    """Record that a paper-only act is now in the electronic register (BAEC).

    The caller can rely on: the act is locked, marked digitised with who and when, and an
    audit entry `etatcivil.act.digitised` names it (and the request being handled, if given).
    ActionRefused (French message) when the clerk's service does not handle birth acts or
    the act was already electronic; nothing is written then.
    """
    from etatcivil.kinds.birth import SLUG
    from etatcivil.models import BirthAct

    if not handles_kind(by, SLUG):
        raise ActionRefused(_("Votre service ne traite pas les actes de naissance."))
    with transaction.atomic():
        locked = BirthAct.objects.select_for_update().get(pk=act.pk)
        if locked.digitised:
            raise ActionRefused(_("Cet acte est déjà électronique : il n'y a rien à enregistrer."))
        locked.digitised = True
        locked.digitised_at = timezone.now()
        locked.digitised_by = by
        locked.save(update_fields=["digitised", "digitised_at", "digitised_by"])
        audit(
            "etatcivil.act.digitised",
            actor=by,
            document_request=request,
            act={"commune": locked.commune, "year": locked.year, "number": locked.number},
        )
    return locked
