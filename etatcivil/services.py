"""Writes on the civil-status register (HackSoft "services")."""

from django.db import transaction
from django.utils import timezone

from etatcivil.constants import normalise_baec_reference
from guichet.access import handles_kind
from guichet.audit import audit
from guichet.refusals import ActionRefused


def act_mark_digitised(*, act, by, baec_reference, document_request=None):
    """Record that a paper-only act is now in the federal database (BAEC), under
    `baec_reference`, its identifier there.

    The caller can rely on: the act is locked, marked digitised with its BAEC reference, who
    and when, and an audit entry `etatcivil.act.digitised` names it and the reference (and
    the request being handled, if given). ActionRefused (French message) when the clerk's
    service does not handle birth acts, the reference has not the form of one, another act
    already has it, or the act was already electronic; nothing is written then.
    """
    from etatcivil.kinds.birth import SLUG
    from etatcivil.models import BirthAct

    if not handles_kind(by, SLUG):
        raise ActionRefused("etatcivil.acts_not_handled")
    reference = normalise_baec_reference(baec_reference)
    if not reference:
        raise ActionRefused("etatcivil.baec_reference_invalid")
    with transaction.atomic():
        locked = BirthAct.objects.select_for_update().get(pk=act.pk)
        if locked.digitised:
            raise ActionRefused("etatcivil.already_digitised")
        other = BirthAct.objects.filter(baec_reference=reference).exclude(pk=locked.pk).first()
        if other is not None:
            raise ActionRefused("etatcivil.baec_reference_taken", act=str(other.reference))
        locked.digitised = True
        locked.baec_reference = reference
        locked.digitised_at = timezone.now()
        locked.digitised_by = by
        locked.save(update_fields=["digitised", "baec_reference", "digitised_at", "digitised_by"])
        audit(
            "etatcivil.act.digitised",
            actor=by,
            document_request=document_request,
            act={"commune": locked.commune, "year": locked.year, "number": locked.number},
            baec_reference=reference,
        )
    return locked
