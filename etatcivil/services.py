"""Writes on the civil-status register (HackSoft "services")."""

from django.db import transaction
from django.utils import timezone

from guichet.access import handles_kind
from guichet.audit import audit
from guichet.refusals import ActionRefused


def act_mark_digitised(*, act, by, document_request=None):
    """Record that a paper-only act is now in the electronic register (BAEC).

    The caller can rely on: the act is locked, marked digitised with who and when, and an
    audit entry `etatcivil.act.digitised` names it (and the request being handled, if given).
    ActionRefused (French message) when the clerk's service does not handle birth acts or
    the act was already electronic; nothing is written then.
    """
    from etatcivil.kinds.birth import SLUG
    from etatcivil.models import BirthAct

    if not handles_kind(by, SLUG):
        raise ActionRefused("etatcivil.acts_not_handled")
    with transaction.atomic():
        locked = BirthAct.objects.select_for_update().get(pk=act.pk)
        if locked.digitised:
            raise ActionRefused("etatcivil.already_digitised")
        locked.digitised = True
        locked.digitised_at = timezone.now()
        locked.digitised_by = by
        locked.save(update_fields=["digitised", "digitised_at", "digitised_by"])
        audit(
            "etatcivil.act.digitised",
            actor=by,
            document_request=document_request,
            act={"commune": locked.commune, "year": locked.year, "number": locked.number},
        )
    return locked
