"""Post and counter delivery: what the citizen is told will happen, what the clerks must post
or hand over, and the print batch (one PDF: an address sheet before each document).

The writes (printing a batch, marking it posted, marking a document collected) are services
in guichet.services; this module holds the reads, the dates and the PDF.

- Post: the document is posted within settings.POSTING_DELAY_DAYS working days of issue.
- Counter: it is ready the working day after issue (a clerk prints it) and kept
  settings.COUNTER_PICKUP_DAYS calendar days from then; the date is fixed at issue
  (`DocumentRequest.pickup_until`) so that what the citizen was told never moves.

The address sheet is laid out for a DL window envelope (220 × 110 mm, window 100 × 45 mm on
the left), an A4 sheet folded in three: docs/pdf.md gives the measurements.
"""

import datetime
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from guichet import access, communes
from guichet.constants import Delivery, State
from guichet.documents.pdf import render_pdf
from guichet.kinds import registry
from guichet.models import DispatchBatch, DocumentRequest
from guichet.workdays import WorkingCalendar

ADDRESS_SHEET_TEMPLATE = "documents/address_sheet.html"


# -- dates -------------------------------------------------------------------------------


def counter_ready_from(issued_at, *, calendar=None):
    """The first day the citizen may come: the working day after the issue."""
    issued_on = timezone.localtime(issued_at).date()
    return (calendar or WorkingCalendar()).after(issued_on, 1)


def counter_pickup_until(issued_at, *, calendar=None):
    """The last day the document waits at the counter."""
    ready = counter_ready_from(issued_at, calendar=calendar)
    return ready + datetime.timedelta(days=settings.COUNTER_PICKUP_DAYS)


def posting_deadline(issued_at, *, calendar=None):
    """The day by which a document ordered by post is posted."""
    issued_on = timezone.localtime(issued_at).date()
    return (calendar or WorkingCalendar()).after(issued_on, settings.POSTING_DELAY_DAYS)


def prepare_handover(document_request, *, at):
    """At issue (inside the issuing transaction): fix the counter's pickup date."""
    if document_request.delivery == Delivery.COUNTER:
        document_request.pickup_until = counter_pickup_until(at)


@dataclass(frozen=True)
class NextSteps:
    """What happens after the order, for the citizen's pages and e-mails."""

    delivery: str
    posting_days: int
    address_lines: list
    counter_address: str
    counter_hours: str
    posted_at: datetime.datetime | None = None
    post_by: datetime.date | None = None
    ready_from: datetime.date | None = None
    pickup_until: datetime.date | None = None
    collected_at: datetime.datetime | None = None
    # Issued, not handed over yet (the counter's dates are then known).
    waiting: bool = False


def next_steps(document_request):
    delivery = document_request.delivery
    commune = communes.of(document_request)
    steps = {
        "delivery": delivery,
        "posting_days": settings.POSTING_DELAY_DAYS,
        "address_lines": address_lines(document_request.postal_address),
        "counter_address": commune.address,
        "counter_hours": commune.hours,
        "posted_at": document_request.posted_at,
        "collected_at": document_request.collected_at,
        "waiting": document_request.state == State.ISSUED,
    }
    if delivery == Delivery.POST and document_request.issued_at:
        steps["post_by"] = posting_deadline(document_request.issued_at)
    if delivery == Delivery.COUNTER and document_request.issued_at:
        steps["ready_from"] = counter_ready_from(document_request.issued_at)
        steps["pickup_until"] = document_request.pickup_until or counter_pickup_until(
            document_request.issued_at
        )
    return NextSteps(**steps)


def address_lines(postal_address):
    """The address as printed on the envelope: street line, then postcode and town."""
    if not postal_address:
        return []
    street = " ".join(
        part for part in (postal_address.get("street"), postal_address.get("number")) if part
    )
    if postal_address.get("box"):
        street = f"{street} bte {postal_address['box']}"
    town = " ".join(
        part for part in (postal_address.get("postcode"), postal_address.get("city")) if part
    )
    return [line for line in (street, town.upper()) if line]


# -- reads (scoped to the kinds the clerk handles) ---------------------------------------


def _issued_for(kinds, delivery):
    return (
        DocumentRequest.objects.filter(kind__in=kinds, state=State.ISSUED, delivery=delivery)
        .filter(Q(document__isnull=False) & Q(document__revoked_at__isnull=True))
        .select_related("document")
        .order_by("issued_at", "pk")
    )


def to_post(*, kinds):
    """Issued documents to post that are in no printed batch yet."""
    return _issued_for(kinds, Delivery.POST).filter(dispatch_batch__isnull=True)


def to_collect(*, kinds):
    """Issued documents waiting at the counter."""
    return _issued_for(kinds, Delivery.COUNTER)


def counts(*, kinds):
    """The dashboard's figures: documents to post (printed or not) and to hand over."""
    figures = DocumentRequest.objects.filter(
        kind__in=kinds,
        state=State.ISSUED,
        document__isnull=False,
        document__revoked_at__isnull=True,
    ).aggregate(
        to_post=Count("pk", filter=Q(delivery=Delivery.POST)),
        to_collect=Count("pk", filter=Q(delivery=Delivery.COUNTER)),
    )
    return figures


def batches_for(*, kinds):
    """Batches whose every document is of these kinds (a batch holds one service's work)."""
    foreign = DocumentRequest.objects.filter(dispatch_batch=OuterRef("pk")).exclude(kind__in=kinds)
    return (
        DispatchBatch.objects.annotate(size=Count("requests"))
        .filter(size__gt=0)
        .exclude(Exists(foreign))
        .select_related("created_by", "posted_by")
    )


def batch_for_staff(*, user, pk):
    batch = batches_for(kinds=access.handled_kinds(user)).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def batch_requests(batch):
    return list(batch.requests.select_related("document").order_by("issued_at", "pk"))


def counter_request_for_staff(*, user, reference):
    """A counter-delivery request the clerk handles, whatever its state (404 otherwise)."""
    document_request = (
        DocumentRequest.objects.filter(
            kind__in=access.handled_kinds(user), delivery=Delivery.COUNTER, reference=reference
        )
        .select_related("document", "handed_over_by")
        .first()
    )
    if document_request is None:
        raise Http404
    return document_request


def kind_label(slug):
    kind = registry.get(slug)
    return kind.label if kind else slug


# -- the PDF -----------------------------------------------------------------------------


def batch_pdf(*, batch, requests):
    """One PDF to print: for each document, its address sheet then the document as many
    times as the copies ordered. Revoked documents are left out."""
    printable = [r for r in requests if r.document.revoked_at is None and r.document.file]
    sheets = render_pdf(
        ADDRESS_SHEET_TEMPLATE,
        {
            "commune": communes.of(batch).as_context(),
            "batch": batch,
            "sheets": [
                {
                    "request": r,
                    "kind_label": kind_label(r.kind),
                    "lines": [r.subject_name, *address_lines(r.postal_address)],
                }
                for r in printable
            ],
        },
    )
    return _assemble(sheets, printable, with_sheets=True)


def counter_pdf(*, document_request):
    """The document to hand over at the counter, as many times as the copies ordered."""
    return _assemble(None, [document_request], with_sheets=False)


def _assemble(sheets, requests, *, with_sheets):
    # Printing only: a sealed PDF is never altered, each page is copied as it is into a
    # new file that nobody receives electronically.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    sheet_pages = PdfReader(BytesIO(sheets)).pages if with_sheets else []
    for index, document_request in enumerate(requests):
        if with_sheets:
            writer.add_page(sheet_pages[index])
        with document_request.document.file.open("rb") as handle:
            document = PdfReader(BytesIO(handle.read()))
        for _copy in range(document_request.copies):
            for page in document.pages:
                writer.add_page(page)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def handover_status(document_request):
    """One short sentence for the citizen's pages and the tracking page (see guichet_tags)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    def day(value):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return date_format(value, "j F Y")

    if document_request.posted_at:
        return _("Envoyée le %(date)s") % {"date": day(document_request.posted_at)}
    if document_request.collected_at:
        return _("Remise le %(date)s") % {"date": day(document_request.collected_at)}
    if document_request.state != State.ISSUED:
        return ""
    if document_request.delivery == Delivery.COUNTER and document_request.pickup_until:
        return _("Prête au guichet jusqu'au %(date)s") % {
            "date": day(document_request.pickup_until)
        }
    if document_request.delivery == Delivery.POST:
        return _("Envoi par la poste en préparation")
    return ""
