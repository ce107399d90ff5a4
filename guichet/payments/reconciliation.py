"""Bank statements imported by the finance department, and the reconciliation of their lines.

``import_statement`` reads a CODA or CAMT.053 file (guichet.payments.statements), stores the
statement and each of its lines, and settles at once every line that pays exactly one request
waiting for exactly that amount (``payment_record_transfer``: the request moves on as after an
online payment, issued automatically or queued for a clerk). Every other credit waits in the
reconciliation list with its status (guichet.payments.matching): finance assigns it to a
request (``line_assign``, settled when the amount is right) or records what was done outside
the counter (``line_resolve``, a note). Nothing is paid twice: the same file is refused
(its SHA-256), the same line read from another file is skipped (the bank's reference per
account), and the payment itself is unique per bank reference.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format

from guichet.audit import audit
from guichet.constants import State
from guichet.models import BankStatement, DocumentRequest, StatementLine
from guichet.payments import matching, ogm, statements
from guichet.payments import services as payments
from guichet.refusals import ActionRefused


@dataclass
class ImportResult:
    statement: BankStatement
    counts: Counter = field(default_factory=Counter)  # StatementLine.Status → lines
    skipped: int = 0  # lines already imported from another file

    @property
    def settled(self):
        return self.counts[StatementLine.Status.MATCHED]

    @property
    def to_reconcile(self):
        return sum(self.counts[status] for status in StatementLine.TO_RECONCILE)


def file_hash(data):
    return hashlib.sha256(data).hexdigest()


def _already_imported(existing):
    who = existing.imported_by
    return ActionRefused(
        "statement_already_imported",
        date=date_format(timezone.localtime(existing.imported_at), "j F Y à H:i"),
        who=(who.get_full_name() or who.get_username()) if who else "?",
        number=existing.number or "?",
    )


def _request_for(communication):
    return (
        DocumentRequest.objects.filter(structured_communication=communication)
        .order_by("-pk")
        .first()
    )


def _expected(document_request):
    """What a request waits for: an Expected while it waits for its fee, an Expected marked
    already paid once paid, None when it expects nothing (cancelled, expired, free)."""
    if document_request is None:
        return None
    communication = document_request.structured_communication
    if document_request.paid_at is not None:
        return matching.Expected(communication, document_request.fee, already_paid=True)
    if document_request.state == State.AWAITING_PAYMENT:
        return matching.Expected(communication, document_request.fee)
    return None


def import_statement(*, data, filename, by):
    """Store and reconcile a statement file. Raises StatementError (a file we cannot read,
    its message to show as is) or ActionRefused("statement_already_imported")."""
    parsed = statements.parse(data, filename)
    digest = file_hash(data)
    existing = BankStatement.objects.filter(file_hash=digest).select_related("imported_by").first()
    if existing is not None:
        raise _already_imported(existing)
    try:
        with transaction.atomic():
            result = _import(parsed, digest=digest, filename=filename, by=by)
    except IntegrityError:  # the same file imported at the same moment by someone else
        existing = BankStatement.objects.filter(file_hash=digest).first()
        if existing is None:
            raise
        raise _already_imported(existing) from None
    return result


def _import(parsed, *, digest, filename, by):
    statement = BankStatement.objects.create(
        account_iban=parsed.account_iban,
        number=parsed.number[:35],
        date=parsed.date,
        format=parsed.format,
        filename=filename[:200],
        file_hash=digest,
        opening_balance=parsed.opening_balance,
        closing_balance=parsed.closing_balance,
        imported_by=by,
    )
    result = ImportResult(statement=statement)
    known = set(
        StatementLine.objects.filter(
            account_iban=parsed.account_iban,
            bank_reference__in=[line.bank_reference for line in parsed.lines],
        ).values_list("bank_reference", flat=True)
    )
    for parsed_line in parsed.lines:
        if parsed_line.bank_reference in known:
            result.skipped += 1
            continue
        known.add(parsed_line.bank_reference)
        line = _store_line(statement, parsed_line, by=by)
        result.counts[line.import_status] += 1
    audit(
        "guichet.payment.statement_imported",
        actor=by,
        statement=statement.pk,
        account=statement.account_iban,
        number=statement.number,
        date=statement.date.isoformat(),
        format=statement.format,
        lines=sum(result.counts.values()),
        settled=result.settled,
        to_reconcile=result.to_reconcile,
        skipped=result.skipped,
    )
    return result


def _store_line(statement, parsed_line, *, by):
    communications = matching.find_communications(parsed_line)
    document_request = _request_for(communications[0]) if len(communications) == 1 else None
    match = matching.classify(parsed_line, _expected(document_request))
    line = StatementLine(
        statement=statement,
        account_iban=statement.account_iban,
        bank_reference=parsed_line.bank_reference[:64],
        line_number=parsed_line.line_number,
        booking_date=parsed_line.booking_date,
        value_date=parsed_line.value_date,
        amount=parsed_line.amount,
        currency=parsed_line.currency or "EUR",
        structured_communication=parsed_line.structured_communication,
        free_communication=(parsed_line.free_communication or "")[:500],
        communications=",".join(communications)[:300],
        payer_iban=(parsed_line.counterparty_iban or "")[:34],
        payer_bic=(parsed_line.counterparty_bic or "")[:11],
        payer_name=(parsed_line.counterparty_name or "")[:140],
        status=match.status,
        import_status=match.status,
        due=match.due,
        request=document_request,
    )
    if match.settles:
        line.payment = payments.payment_record_transfer(
            document_request=document_request,
            amount=parsed_line.amount,
            bank_reference=line.bank_reference,
            payer_iban=line.payer_iban,
            payer_name=line.payer_name,
            paid_on=parsed_line.booking_date,
            by=by,
        )
    line.save()
    return line


# -- the reconciliation list ----------------------------------------------------------------


def explanation(line):
    """Why a line waits (or what it was), in the active language."""
    record = statements.StatementLine(
        bank_reference=line.bank_reference,
        booking_date=line.booking_date,
        value_date=line.value_date,
        amount=line.amount,
        currency=line.currency,
        structured_communication=line.structured_communication,
        free_communication=line.free_communication,
        counterparty_iban=line.payer_iban,
        counterparty_bic=line.payer_bic,
        counterparty_name=line.payer_name,
        line_number=line.line_number,
    )
    expected = None
    if line.import_status in (
        StatementLine.Status.MATCHED,
        StatementLine.Status.PARTIAL,
        StatementLine.Status.OVERPAID,
        StatementLine.Status.ALREADY_PAID,
    ):
        communications = line.communication_list
        if communications and line.due is not None:
            expected = matching.Expected(
                communications[0],
                line.due,
                already_paid=line.import_status == StatementLine.Status.ALREADY_PAID,
            )
    return matching.classify(record, expected).explanation


def to_reconcile():
    return (
        StatementLine.objects.filter(status__in=StatementLine.TO_RECONCILE)
        .select_related("statement", "request")
        .order_by("booking_date", "pk")
    )


def find_request(query):
    """The request a reference ("2026-000123") or a structured communication names."""
    query = (query or "").strip()
    communication = ogm.normalise(query)
    if communication:
        found = _request_for(communication)
        if found is not None:
            return found
    return DocumentRequest.objects.filter(reference__iexact=query).first() if query else None


def _euros(amount):
    return number_format(amount, decimal_pos=2, use_l10n=True)


def _locked_open_line(line):
    locked = StatementLine.objects.select_for_update().get(pk=line.pk)
    if locked.status not in StatementLine.TO_RECONCILE:
        raise ActionRefused("line_already_resolved")
    return locked


def line_assign(*, line, query, by):
    """A clerk says which request the line pays; it is settled when that request waits for
    exactly this amount. Anything else is refused with what to do instead."""
    if line.amount <= 0:
        raise ActionRefused("line_not_a_credit")
    document_request = find_request(query)
    if document_request is None:
        raise ActionRefused("line_request_not_found", query=(query or "").strip()[:40])
    if document_request.state != State.AWAITING_PAYMENT or document_request.paid_at is not None:
        raise ActionRefused(
            "line_request_not_awaiting",
            reference=document_request.reference,
            state=document_request.state,
        )
    if line.amount != document_request.fee:
        raise ActionRefused(
            "line_amount_differs",
            received=_euros(line.amount),
            due=_euros(document_request.fee),
            reference=document_request.reference,
        )
    with transaction.atomic():
        locked = _locked_open_line(line)
        payment = payments.payment_record_transfer(
            document_request=document_request,
            amount=locked.amount,
            bank_reference=locked.bank_reference,
            payer_iban=locked.payer_iban,
            payer_name=locked.payer_name,
            paid_on=locked.booking_date,
            by=by,
        )
        locked.status = StatementLine.Status.RESOLVED
        locked.request = document_request
        locked.payment = payment
        locked.resolved_by = by
        locked.resolved_at = timezone.now()
        locked.save()
        audit(
            "guichet.payment.line_assigned",
            actor=by,
            document_request=document_request,
            line=locked.pk,
            bank_reference=locked.bank_reference,
            amount=str(locked.amount),
            import_status=locked.import_status,
        )
    return locked


def line_resolve(*, line, note, by):
    """The line was dealt with outside the counter (refunded, another department's money, a
    split paid by hand): recorded with the clerk's note."""
    note = (note or "").strip()
    if not note:
        raise ActionRefused("line_note_required")
    with transaction.atomic():
        locked = _locked_open_line(line)
        locked.status = StatementLine.Status.RESOLVED
        locked.note = note
        locked.resolved_by = by
        locked.resolved_at = timezone.now()
        locked.save()
        audit(
            "guichet.payment.line_resolved",
            actor=by,
            document_request=locked.request,
            reason=note,
            line=locked.pk,
            bank_reference=locked.bank_reference,
            amount=str(locked.amount),
            import_status=locked.import_status,
        )
    return locked
