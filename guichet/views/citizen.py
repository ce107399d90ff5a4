"""The citizen's space: catalogue, their requests, documents, answers and cancellations."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guichet import dispatch, selectors, services, workflow
from guichet.audit import audit
from guichet.constants import OPEN_STATES, Delivery, State
from guichet.forms import AnswerForm
from guichet.kinds import registry
from guichet.models import KindSettings, Purpose
from guichet.payments.citizen import payment_info
from guichet.views.order import citizen_required
from guichet.views.payment import ways_to_pay

# The states a citizen may still withdraw their request from: no clerk has started on it.
CITIZEN_CANCELLABLE = (State.AWAITING_PAYMENT, State.SUBMITTED)


@require_safe
def catalogue(request):
    settings_by_kind = {s.kind: s for s in KindSettings.objects.filter(active=True)}
    free_purposes = set(
        Purpose.objects.filter(active=True, free=True).values_list("kind", flat=True)
    )
    entries = [
        {
            "kind": kind,
            "settings": settings_by_kind[kind.slug],
            "has_free_purposes": kind.slug in free_purposes,
        }
        for kind in registry.all()
        if kind.slug in settings_by_kind
    ]
    return render(request, "guichet/catalogue.html", {"entries": entries})


@never_cache
@require_safe
@citizen_required
def my_requests(request):
    requests = (
        selectors.requests_of_citizen(user=request.user)
        .prefetch_related("payments__refunds")
        .order_by("-submitted_at")[:200]
    )
    kinds = {kind.slug: kind for kind in registry.all()}
    rows = [
        {
            "request": r,
            "kind": kinds.get(r.kind),
            "variant": _variant_label(kinds.get(r.kind), r),
            "payment": payment_info(r),
        }
        for r in requests
    ]
    elsewhere = selectors.communes_elsewhere(user=request.user)
    return render(request, "guichet/my_requests.html", {"rows": rows, "elsewhere": elsewhere})


def _variant_label(kind, document_request):
    """Which document of the kind was asked (model 595, extrait...), "" for a kind with one."""
    if kind is None or not kind.variants:
        return ""
    return dict(kind.variants).get(kind.variant(document_request.details), "")


@never_cache
@require_safe
@citizen_required
def request_detail(request, reference):
    return _detail_page(request, reference)


@never_cache
@require_safe
@citizen_required
def confirmation(request, reference):
    return _detail_page(request, reference, confirmation=True)


def _detail_page(request, reference, *, confirmation=False, answer_form=None):
    """The request's page; also shown again, with its errors, by a refused answer."""
    document_request = selectors.request_of_citizen(user=request.user, reference=reference)
    document = getattr(document_request, "document", None)
    if confirmation and (
        document_request.state not in (State.AWAITING_PAYMENT, *OPEN_STATES, State.ISSUED)
        or (document is not None and document.revoked_at)
    ):
        # The confirmation page tells what follows the order ("Votre document est prêt",
        # "vous attend au guichet"...): once the request has ended (handed over, refused,
        # cancelled) or its document was revoked, that is no longer true; its page says what is.
        return redirect("guichet:request_detail", reference=reference)
    kind = registry.get(document_request.kind)
    context = {
        "req": document_request,
        "kind": kind,
        "timeline": selectors.citizen_timeline(document_request=document_request),
        "messages_list": selectors.citizen_messages(document_request=document_request),
        "expected": selectors.expected_date(document_request=document_request),
        "document": document,
        "answer_form": answer_form or AnswerForm(),
        "confirmation": confirmation,
        "can_cancel": document_request.state in CITIZEN_CANCELLABLE,
        "payment": payment_info(document_request),
        "details": kind.details_summary(document_request.details) if kind else [],
        "delivery_label": dict(Delivery.choices).get(document_request.delivery),
        "steps": dispatch.next_steps(document_request),
    }
    if confirmation and document_request.state == State.AWAITING_PAYMENT:
        context.update(ways_to_pay(document_request))
    template = "guichet/confirmation.html" if confirmation else "guichet/request_detail.html"
    return render(request, template, context, status=400 if answer_form else 200)


@never_cache
@require_safe
@citizen_required
def download(request, reference):
    document_request = selectors.request_of_citizen(user=request.user, reference=reference)
    document = getattr(document_request, "document", None)
    if document is None or not document.file or document.revoked_at:
        raise Http404
    audit("guichet.document.downloaded", actor=request.user, document_request=document_request)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document_request.kind}-{document_request.reference}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def cancel(request, reference):
    """GET: the confirmation page (what cancelling means, "Oui, annuler ma demande" or go
    back); POST: cancel, if the request is still in the state that page showed."""
    document_request = selectors.request_of_citizen(user=request.user, reference=reference)
    if request.method == "GET":
        if document_request.state not in CITIZEN_CANCELLABLE:
            refusal = (
                services.ActionRefused("not_possible_in_state", state=document_request.state)
                if document_request.state == State.CANCELLED
                else services.ActionRefused("cancel_too_late")
            )
            messages.error(request, str(refusal))
            return redirect("guichet:request_detail", reference=reference)
        kind = registry.get(document_request.kind)
        return render(
            request, "guichet/cancel_confirm.html", {"req": document_request, "kind": kind}
        )
    try:
        services.request_cancel(
            document_request=document_request,
            citizen_user=request.user,
            expected_state=workflow.seen_state(
                request.POST.get("expected_state"),
                document_request,
                otherwise=document_request.state
                if document_request.state in CITIZEN_CANCELLABLE
                else State.SUBMITTED,
            ),
        )
    except services.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Votre demande %(ref)s est annulée.") % {"ref": document_request.reference}
        )
    return redirect("guichet:request_detail", reference=reference)


@never_cache
@require_POST
@citizen_required
def answer(request, reference):
    document_request = selectors.request_of_citizen(user=request.user, reference=reference)
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, reference, answer_form=form)
    try:
        services.request_citizen_answer(
            document_request=document_request,
            citizen_user=request.user,
            message=form.cleaned_data["message"],
            upload=form.cleaned_data.get("attachment"),
        )
    except services.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Votre réponse a été envoyée à l'agent qui traite votre demande.")
        )
    return redirect("guichet:request_detail", reference=reference)
