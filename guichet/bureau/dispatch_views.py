"""/bureau/envois/: documents to post (printed in batches with their address sheets) and
documents waiting at the counter, for the kinds the clerk handles. Managers see the lists
read only; every other request, batch or staff member answers 404 (guichet.access)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guichet import access, dispatch, services
from guichet.bureau.forms import BatchPostedForm, CollectedForm
from guichet.documents.pdf import PdfRenderError
from guichet.refusals import ActionRefused
from guichet.workdays import WorkingCalendar

RECENT_BATCHES = 10


def _handled_or_404(user):
    kinds = access.handled_kinds(user)
    if not kinds:
        raise Http404
    return kinds


def index(request):
    kinds = access.visible_kinds(request.user)
    if not kinds:
        raise Http404
    handled = access.handled_kinds(request.user)
    batches = dispatch.batches_for(kinds=handled) if handled else None
    return render(
        request,
        "bureau/dispatch.html",
        {
            "can_act": bool(handled),
            "to_post": _rows(dispatch.to_post(kinds=kinds)),
            "to_collect": _rows(dispatch.to_collect(kinds=kinds)),
            "pending": list(batches.filter(posted_at__isnull=True)) if handled else [],
            "recent": (
                list(batches.filter(posted_at__isnull=False)[:RECENT_BATCHES]) if handled else []
            ),
            "today": timezone.localdate(),
        },
    )


def _rows(queryset):
    calendar = WorkingCalendar()  # one for the whole list: closure days are read once
    return [
        {
            "req": r,
            "kind_label": dispatch.kind_label(r.kind),
            "address": dispatch.address_lines(r.postal_address),
            "post_by": dispatch.posting_deadline(r.issued_at, calendar=calendar),
        }
        for r in queryset
    ]


@require_POST
def batch_create(request):
    _handled_or_404(request.user)
    try:
        batch = services.dispatch_batch_print(
            by=request.user, references=request.POST.getlist("reference")
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("bureau:dispatch")
    messages.success(
        request,
        _("Lot n° %(number)s prêt : imprimez-le, mettez chaque feuille dans son enveloppe.")
        % {"number": batch.pk},
    )
    return redirect("bureau:dispatch_batch", pk=batch.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def batch_page(request, pk):
    _handled_or_404(request.user)
    batch = dispatch.batch_for_staff(user=request.user, pk=pk)
    form = BatchPostedForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _batch, left_out = services.dispatch_batch_mark_posted(batch=batch, by=request.user)
            except ActionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("bureau:dispatch_batch", pk=batch.pk)
            messages.success(
                request, _("Lot marqué comme posté ; chaque citoyen est prévenu par e-mail.")
            )
            if left_out:
                messages.warning(
                    request,
                    _("Révoqués depuis l'impression, à ne pas poster : %(refs)s.")
                    % {"refs": ", ".join(left_out)},
                )
            return redirect("bureau:dispatch")
        status = 400
    requests = dispatch.batch_requests(batch)
    return render(
        request,
        "bureau/dispatch_batch.html",
        {
            "batch": batch,
            "rows": [
                {
                    "req": r,
                    "kind_label": dispatch.kind_label(r.kind),
                    "address": dispatch.address_lines(r.postal_address),
                }
                for r in requests
            ],
            "sheets": sum(1 for r in requests if r.document.revoked_at is None),
            "form": form,
        },
        status=status,
    )


@require_GET
def batch_pdf(request, pk):
    _handled_or_404(request.user)
    batch = dispatch.batch_for_staff(user=request.user, pk=pk)
    try:
        pdf = dispatch.batch_pdf(batch=batch, requests=dispatch.batch_requests(batch))
    except PdfRenderError:
        messages.error(
            request, _("Le PDF du lot n'a pas pu être produit. Réessayez dans un instant.")
        )
        return redirect("bureau:dispatch_batch", pk=batch.pk)
    services.dispatch_batch_printed(batch=batch, by=request.user)
    return _pdf_response(pdf, f"lot-{batch.pk}.pdf")


@require_http_methods(["GET", "HEAD", "POST"])
def collect(request, reference):
    _handled_or_404(request.user)
    document_request = dispatch.counter_request_for_staff(user=request.user, reference=reference)
    unpaid = document_request.pays_at_counter and document_request.paid_at is None
    form = CollectedForm(
        request.POST if request.method == "POST" else None,
        amount_due=document_request.fee if unpaid else None,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.request_mark_collected(
                    document_request=document_request,
                    by=request.user,
                    expected_state=request.POST.get("expected_state") or document_request.state,
                    identity_checked=form.cleaned_data["identity_checked"],
                    payment_instrument=form.cleaned_data.get("payment_instrument", ""),
                )
            except ActionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("bureau:dispatch")
            messages.success(
                request,
                _("Document %(ref)s marqué comme remis ; le citoyen est prévenu.")
                % {"ref": document_request.reference},
            )
            return redirect("bureau:dispatch")
        status = 400
    return render(
        request,
        "bureau/dispatch_collect.html",
        {
            "req": document_request,
            "kind_label": dispatch.kind_label(document_request.kind),
            "steps": dispatch.next_steps(document_request),
            "form": form,
        },
        status=status,
    )


@require_GET
def counter_document(request, reference):
    """The document to hand over, printed as many times as the copies ordered."""
    _handled_or_404(request.user)
    document_request = dispatch.counter_request_for_staff(user=request.user, reference=reference)
    document = getattr(document_request, "document", None)
    if document is None or document.revoked_at or not document.file:
        raise Http404
    services.document_printed_for_counter(document_request=document_request, by=request.user)
    return _pdf_response(
        dispatch.counter_pdf(document_request=document_request), f"guichet-{reference}.pdf"
    )


def _pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
