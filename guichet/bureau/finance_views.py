"""/bureau/finances/: the finance department's pages (permission guichet.manage_finances;
anyone else gets 404, behind the staff gate's verified second factor like every /bureau/
page). The day's payments and their totals, refunds to pay back, the statement import, the
reconciliation list and the journal export."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from guichet import spreadsheets
from guichet.audit import audit
from guichet.bureau.finance_forms import (
    AssignForm,
    DayForm,
    JournalForm,
    ResolveForm,
    StatementUploadForm,
)
from guichet.models import BankStatement, Payment, Refund, StatementLine
from guichet.payments import journal, reconciliation
from guichet.payments import services as payments
from guichet.payments.statements import StatementError
from guichet.refusals import ActionRefused

RECENT_STATEMENTS = 10


def _require_finances(request):
    if not request.user.has_perm("guichet.manage_finances"):
        raise Http404


def _refunds(status):
    return (
        Refund.objects.filter(status=status)
        .select_related("payment__request")
        .order_by("created_at", "pk")
    )


@require_GET
def index(request):
    _require_finances(request)
    form = DayForm(request.GET or None)
    day = form.day()
    if not form.is_bound:
        form = DayForm(initial={"jour": day})
    day_payments = list(journal.paid_between(day, day))
    totals, total = journal.totals_by_method(day_payments)
    return render(
        request,
        "bureau/finances/index.html",
        {
            "form": form,
            "day": day,
            "is_today": day == timezone.localdate(),
            "payments": [
                {
                    "payment": p,
                    "kind": journal.kind_label(p.request.kind),
                    "instrument": journal.instrument_label(p.instrument),
                    "reference": journal.reference_of(p),
                }
                for p in day_payments
            ],
            "totals": totals,
            "total": total,
            "refunds_to_do": [
                r
                for r in _refunds(Refund.Status.TO_DO)
                if r.payment.method != Payment.Method.ONLINE
            ],
            "refunds_failed": list(_refunds(Refund.Status.FAILED)),
            "to_reconcile": reconciliation.to_reconcile().count(),
            "journal_form": JournalForm(initial={"du": day, "au": day}),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def refund_done(request, pk):
    """Confirm that a refund was paid back by hand (a transfer to the payer's account, cash at
    the counter, or an online refund the provider refused)."""
    _require_finances(request)
    refund = get_object_or_404(Refund.objects.select_related("payment__request"), pk=pk)
    if request.method == "POST":
        try:
            payments.refund_mark_done(refund=refund, by=request.user)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("bureau:finances")
        messages.success(
            request,
            _("Remboursement de la demande %(ref)s marqué comme effectué.")
            % {"ref": refund.payment.request.reference},
        )
        return redirect("bureau:finances")
    if refund.status == Refund.Status.DONE:
        messages.error(request, str(ActionRefused("refund_already_done")))
        return redirect("bureau:finances")
    return render(
        request,
        "bureau/finances/refund_confirm.html",
        {
            "refund": refund,
            "payment": refund.payment,
            "req": refund.payment.request,
            "kind": journal.kind_label(refund.payment.request.kind),
            "instrument": journal.instrument_label(refund.payment.instrument),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def statements(request):
    _require_finances(request)
    form = StatementUploadForm()
    status = 200
    chosen = ""
    if request.method == "POST":
        form = StatementUploadForm(request.POST, request.FILES)
        upload = request.FILES.get("fichier")
        chosen = upload.name if upload else ""
        if form.is_valid():
            upload = form.cleaned_data["fichier"]
            try:
                result = reconciliation.import_statement(
                    data=upload.read(), filename=upload.name, by=request.user
                )
            except (StatementError, ActionRefused) as error:
                form.add_error("fichier", str(error))
            else:
                messages.success(request, _import_message(result))
                if result.to_reconcile:
                    return redirect("bureau:finances_reconcile")
                return redirect("bureau:finances_statements")
        status = 400
    return render(
        request,
        "bureau/finances/statements.html",
        {
            "form": form,
            "chosen": chosen,
            "recent": BankStatement.objects.select_related("imported_by")[:RECENT_STATEMENTS],
        },
        status=status,
    )


def _import_message(result):
    statement = result.statement
    text = _(
        "Extrait n° %(number)s du %(date)s importé : %(lines)s ligne(s), %(settled)s "
        "demande(s) payée(s) automatiquement, %(open)s ligne(s) à rapprocher."
    ) % {
        "number": statement.number or "?",
        "date": statement.date.strftime("%d/%m/%Y"),
        "lines": sum(result.counts.values()),
        "settled": result.settled,
        "open": result.to_reconcile,
    }
    if result.skipped:
        text += " " + _(
            "%(skipped)s ligne(s) déjà importée(s) depuis un autre fichier, ignorée(s)."
        ) % {"skipped": result.skipped}
    return text


@require_GET
def reconcile(request):
    _require_finances(request)
    lines = list(reconciliation.to_reconcile())
    return render(
        request,
        "bureau/finances/reconcile.html",
        {
            "rows": [{"line": line, "why": reconciliation.explanation(line)} for line in lines],
            "resolved": StatementLine.objects.filter(status=StatementLine.Status.RESOLVED)
            .select_related("request", "resolved_by")
            .order_by("-resolved_at")[:10],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def line_page(request, pk):
    _require_finances(request)
    line = get_object_or_404(
        StatementLine.objects.select_related("statement", "request", "payment", "resolved_by"),
        pk=pk,
    )
    assign_form = AssignForm(prefix="assign")
    resolve_form = ResolveForm(prefix="resolve")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "assign":
            assign_form = AssignForm(request.POST, prefix="assign")
            form = assign_form
        elif action == "resolve":
            resolve_form = ResolveForm(request.POST, prefix="resolve")
            form = resolve_form
        else:
            raise Http404
        if form.is_valid():
            try:
                if action == "assign":
                    done = reconciliation.line_assign(
                        line=line, query=form.cleaned_data["query"], by=request.user
                    )
                    message = _("Virement attribué : la demande %(ref)s est payée.") % {
                        "ref": done.request.reference
                    }
                else:
                    reconciliation.line_resolve(
                        line=line, note=form.cleaned_data["note"], by=request.user
                    )
                    message = _("Ligne marquée comme traitée hors guichet.")
            except ActionRefused as refusal:
                if refusal.code == "line_already_resolved":
                    messages.error(request, str(refusal))
                    return redirect("bureau:finances_line", pk=line.pk)
                form.add_error(None, str(refusal))
            else:
                messages.success(request, message)
                return redirect("bureau:finances_reconcile")
        status = 400
    return render(
        request,
        "bureau/finances/line.html",
        {
            "line": line,
            "why": reconciliation.explanation(line),
            "assign_form": assign_form,
            "resolve_form": resolve_form,
            "invalid_form": assign_form if assign_form.errors else resolve_form,
        },
        status=status,
    )


@require_GET
def journal_export(request, fmt):
    _require_finances(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = JournalForm(request.GET)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        messages.error(request, _("Journal non exporté : %(error)s") % {"error": first})
        return redirect(reverse("bureau:finances"))
    start, end = form.cleaned_data["du"], form.cleaned_data["au"]
    sheet = journal.journal_sheet(start, end)
    audit(
        "guichet.payment.journal_exported",
        actor=request.user,
        start=start.isoformat(),
        end=end.isoformat(),
        format=fmt,
        rows=len(sheet.rows),
    )
    if fmt == "xlsx":
        body, content_type = spreadsheets.xlsx(sheet), spreadsheets.XLSX_CONTENT_TYPE
    else:
        body, content_type = spreadsheets.office_csv(sheet), spreadsheets.CSV_CONTENT_TYPE
    name = f"journal-paiements-{start.isoformat()}"
    if end != start:
        name += f"-{end.isoformat()}"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
