"""The civil-status service's own back-office action: recording a paper act's digitisation
from the request page (behind the same staff gate as every /bureau/ page)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from etatcivil.forms import DigitiseForm
from etatcivil.kinds.birth import SLUG
from etatcivil.models import BirthAct
from etatcivil.services import act_mark_digitised
from etatcivil.sources import civil_status_source
from guichet import access
from guichet.bureau import selectors
from guichet.bureau.views import request_page
from guichet.refusals import ActionRefused


@require_POST
def digitise(request, reference):
    document_request = selectors.request_for_staff(user=request.user, reference=reference)
    if document_request.kind != SLUG or SLUG not in access.handled_kinds(request.user):
        raise Http404
    form = DigitiseForm(request.POST)
    if not form.is_valid():
        return request_page(request, reference, forms={"digitise": form}, status=400)
    record = civil_status_source().act_of(document_request.subject_niss)
    act = (
        record
        and BirthAct.objects.filter(
            commune=record.commune, year=record.year, number=record.number
        ).first()
    )
    try:
        if act is None:
            raise ActionRefused("etatcivil.act_not_found")
        act_mark_digitised(
            act=act,
            by=request.user,
            baec_reference=form.cleaned_data["baec_reference"],
            document_request=document_request,
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _(
                "Numérisation enregistrée (référence BAEC %(reference)s). Ouvrez l'aperçu, "
                "vérifiez-le, puis délivrez le document."
            )
            % {"reference": form.cleaned_data["baec_reference"]},
        )
    return redirect("bureau:request", reference=reference)
