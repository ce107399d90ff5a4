"""Every change to a request goes through here (HackSoft "services").

Each transition service locks the row, checks that the request is still in the state the
caller saw, runs the django-fsm transition, saves, writes an audit entry and schedules side
effects with transaction.on_commit. A caller that loses a race gets ActionRefused with a
French message and the fresh state; nothing is half-written.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, can_proceed

from guichet import access, codes, dispatch, i18n, issuing, languages, sequences, tasks
from guichet.audit import audit
from guichet.constants import Delivery, MessageAuthor, PaymentChoice, State, Subject
from guichet.kinds import decide, registry
from guichet.models import (
    Attachment,
    DispatchBatch,
    DocumentRequest,
    IssuedDocument,
    ReferenceCounter,
    Refund,
    RequestMessage,
)
from guichet.payments import services as payments
from guichet.refusals import ActionRefused

logger = logging.getLogger(__name__)


# -- audit -------------------------------------------------------------------------------


def register_consulted(*, document_request, by, source, why):
    """Record that a clerk opened register data about the subject of the request (AR 16/07/1992)."""
    return audit(
        "guichet.register.consulted",
        actor=by,
        document_request=document_request,
        reason=why,
        source=source,
    )


# -- submission --------------------------------------------------------------------------


def next_reference(*, year, commune_id=None):
    """The next reference of the year in the commune, gapless: taken under a row lock in the
    caller's transaction, so a rolled-back submission gives its number back
    (guichet.sequences)."""
    number = sequences.next_number(ReferenceCounter, year=year, commune_id=commune_id)
    return f"{year}-{number:06d}"


def _unique_tracking_code():
    for _attempt in range(5):
        code = codes.new_tracking_code()
        if not DocumentRequest.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("could not draw a free tracking code")  # 31^10 codes: never in practice


def compute_fee(*, kind_settings, purpose, copies):
    if purpose.free:
        return 0
    return (kind_settings.base_fee + purpose.supplement) * copies


@dataclass
class Order:
    """What a citizen asked for, validated by the ordering forms."""

    kind: str
    subject_type: str
    subject_niss: str
    relationship: str
    relationship_detail: str
    details: dict
    purpose: object  # guichet.models.Purpose
    purpose_explanation: str
    copies: int
    delivery: str
    postal_address: dict
    # The draft's key: the same key twice from one citizen is one request (see request_submit).
    submission_key: str = ""
    # How a fee will be paid (guichet.constants.PaymentChoice); ignored for a free request.
    payment_choice: str = ""
    # The language the document is written in (guichet.languages); "" = the default one.
    document_language: str = ""


def request_submit(*, citizen, assurance, order, power_of_attorney=None, now=None):
    """Create the request; issue it at once when the kind's rules allow, else queue it.

    Raises ValidationError (French messages) when the order no longer meets the kind's
    conditions. Otherwise the caller can rely on: the request exists with a gapless
    reference and a tracking code;
    it is `issued` with a document when auto-issued, otherwise `submitted` with
    `review_reason` saying why a clerk must look at it. A failed automatic issue never
    reaches the citizen as an error: the request simply waits for a clerk.
    """
    from guichet.models import KindSettings

    kind = registry.get(order.kind)
    now = now or timezone.now()
    user = citizen.user
    if order.submission_key:
        already = find_submission(user, order.submission_key)
        if already is not None:
            return already
    subject = kind.resolve_subject(
        applicant=citizen, subject_type=order.subject_type, subject_niss=order.subject_niss
    )
    # Checked at the details step, again here: the register may have changed since (a
    # pre-trial detention recorded while the citizen was on the last page).
    kind.check_order(
        applicant=citizen,
        subject_type=order.subject_type,
        relationship=order.relationship,
        subject_niss=subject.niss,
        details=order.details,
        purpose=order.purpose,
    )
    kind_settings = KindSettings.objects.get(kind=kind.slug)
    fee = compute_fee(kind_settings=kind_settings, purpose=order.purpose, copies=order.copies)
    payment_choice = (order.payment_choice or default_payment_choice()) if fee > 0 else ""
    # A fee paid online or by transfer comes first; the kind decides once it is paid
    # (continue_submitted), on the register as it is then.
    pay_first = payments.needs_payment_first(fee, payment_choice)
    request = DocumentRequest(
        state=State.AWAITING_PAYMENT if pay_first else State.SUBMITTED,
        kind=kind.slug,
        applicant=user,
        applicant_niss=citizen.niss,
        applicant_first_name=user.first_name,
        applicant_last_name=user.last_name,
        applicant_email=user.email,
        assurance=assurance,
        subject_type=order.subject_type,
        subject_niss=subject.niss,
        subject_first_name=subject.first_name,
        subject_last_name=subject.last_name,
        relationship=order.relationship if order.subject_type != Subject.SELF else "",
        relationship_detail=order.relationship_detail,
        details=order.details,
        purpose=order.purpose.code,
        purpose_label=order.purpose.label,
        purpose_explanation=order.purpose_explanation,
        copies=order.copies,
        delivery=order.delivery,
        postal_address=order.postal_address,
        fee=fee,
        payment_choice=payment_choice,
        document_language=languages.document_language(order.document_language),
        submitted_at=now,
        language=i18n.supported(translation.get_language()) or settings.LANGUAGE_CODE,
    )
    if pay_first:
        request.payment_due_until = payments.due_date(now)
        decision = None
    else:
        decision = decide(kind, request)
        if not decision.auto:
            request.review_reason = decision.reason

    request.submission_key = order.submission_key
    try:
        _save_submission(request, kind, decision, power_of_attorney, user, now)
    except IntegrityError:
        # The same draft confirmed twice at the same moment (a double click on two
        # connections): the other confirmation won, this one finds its request.
        already = order.submission_key and find_submission(user, order.submission_key)
        if not already:
            raise
        return already

    if decision is not None and decision.auto:
        request = request_auto_issue(document_request=request)
    return request


def default_payment_choice():
    """Online when a provider is configured, else by transfer when the commune has an account;
    with neither, the fee is taken at the counter as before payments existed."""
    from guichet.payments.providers import online_payment_available
    from guichet.payments.transfer import transfers_enabled

    if online_payment_available():
        return PaymentChoice.ONLINE
    if transfers_enabled():
        return PaymentChoice.TRANSFER
    return PaymentChoice.COUNTER


def continue_submitted(request):
    """A request that has just become `submitted` after its payment: the kind decides now,
    exactly as for a free request at submission (auto-issue at once, or the clerks' queue)."""
    kind = registry.get(request.kind)
    decision = decide(kind, request)
    if decision.auto:
        return request_auto_issue(document_request=request)
    DocumentRequest.objects.filter(pk=request.pk).update(review_reason=decision.reason)
    request.review_reason = decision.reason
    return request


def find_submission(user, submission_key):
    """The request a citizen already made from this draft (services.Order.submission_key)."""
    return DocumentRequest.objects.filter(applicant=user, submission_key=submission_key).first()


def _save_submission(request, kind, decision, power_of_attorney, user, now):
    with transaction.atomic():
        request.tracking_code = _unique_tracking_code()
        # A placeholder until the real reference is taken at the very end of the
        # transaction: the year's counter row stays locked only for the last statements.
        request.reference = f"tmp-{request.tracking_code}"
        request.save()
        if power_of_attorney is not None:
            save_attachment(
                document_request=request,
                upload=power_of_attorney,
                purpose=Attachment.Purpose.POWER_OF_ATTORNEY,
                by=user,
            )
        audit(
            "guichet.request.submitted",
            actor=user,
            document_request=request,
            to_state=request.state,
            reason=request.review_reason,
            kind=kind.slug,
            auto_eligible=bool(decision and decision.auto),
        )
        if decision is None:
            transaction.on_commit(lambda: _notify(request, "awaiting_payment"))
        elif not decision.auto:
            transaction.on_commit(lambda: _notify(request, "submitted"))
        request.reference = next_reference(
            year=timezone.localtime(now).year, commune_id=request.commune_id
        )
        fields = {"reference": request.reference}
        if request.fee > 0:
            payments.assign_structured_communication(request)
            fields["structured_communication"] = request.structured_communication
        DocumentRequest.objects.filter(pk=request.pk).update(**fields)


def save_attachment(*, document_request, upload, purpose, by, message=None):
    attachment = Attachment(
        request=document_request,
        message=message,
        purpose=purpose,
        original_name=upload.name[:200],
        content_type=upload.content_type,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


# -- issuing -----------------------------------------------------------------------------


def request_auto_issue(*, document_request):
    """Render and attach the document without a clerk; on failure, leave it to a clerk."""
    try:
        rendered = issuing.render(document_request=document_request)
    except issuing.IssuingError as error:
        logger.warning("auto-issue failed for request id=%s: %s", document_request.pk, error)
        with transaction.atomic():
            locked = DocumentRequest.objects.select_for_update().get(pk=document_request.pk)
            locked.review_reason = _(
                "La délivrance automatique a échoué (%(error)s) : à délivrer par un agent."
            ) % {"error": error}
            locked.save(update_fields=["review_reason", "updated_at"])
            audit(
                "guichet.request.auto_issue_failed",
                document_request=locked,
                reason=str(error),
            )
            transaction.on_commit(lambda: _notify(locked, "submitted"))
        return locked

    def apply(locked, now):
        locked.auto_issue(at=now)

    return _issue_with(
        document_request=document_request,
        rendered=rendered,
        by=None,
        apply=apply,
        action="guichet.request.auto_issued",
    )


def request_issue(*, document_request, by, expected_state):
    """A clerk issues the document: rendered first, then attached under the row lock."""
    _check_clerk(document_request, by)
    _check_state(document_request, expected_state)
    if not can_proceed(document_request.issue):
        raise ActionRefused("not_possible_in_state", state=document_request.state)
    try:
        rendered = issuing.render(document_request=document_request)
    except issuing.IssuingError as error:
        audit(
            "guichet.request.issue_failed",
            actor=by,
            document_request=document_request,
            reason=str(error),
        )
        if error.refusal:
            raise ActionRefused(error.refusal, **error.params) from error
        raise ActionRefused("document_not_produced", error=str(error)) from error

    def apply(locked, now):
        locked.issue(at=now)

    return _issue_with(
        document_request=document_request,
        rendered=rendered,
        by=by,
        apply=apply,
        action="guichet.request.issued",
        expected_state=expected_state,
    )


def _issue_with(*, document_request, rendered, by, apply, action, expected_state=State.SUBMITTED):
    now = timezone.now()
    stored = None
    try:
        with transaction.atomic():
            locked = _lock(document_request, expected_state)
            from_state = locked.state
            if IssuedDocument.objects.filter(request=locked).exists():
                raise ActionRefused("already_issued")
            try:
                apply(locked, now)
            except TransitionNotAllowed:
                raise ActionRefused("not_possible_in_state", state=locked.state) from None
            dispatch.prepare_handover(locked, at=now)
            locked.save()
            stored = issuing.store(document_request=locked, rendered=rendered, at=now)
            audit(
                action,
                actor=by,
                document_request=locked,
                from_state=from_state,
                to_state=locked.state,
                verification_code=rendered.verification_code,
            )
            transaction.on_commit(lambda: _notify(locked, "issued"))
    except Exception:
        # The transaction rolled back: the file written by store() belongs to nothing.
        if stored is not None:
            stored.file.storage.delete(stored.file.name)
        raise
    return locked


# -- clerk and citizen transitions -------------------------------------------------------


def request_start_review(*, document_request, by, expected_state):
    """A clerk takes the request (it becomes theirs)."""
    _check_clerk(document_request, by)
    return _transition(
        document_request=document_request,
        by=by,
        method="start_review",
        action="guichet.request.review_started",
        expected_state=expected_state,
        kwargs={"by": by, "at": timezone.now()},
        notify="in_review",
    )


def request_release(*, document_request, by, expected_state):
    """The clerk gives the request back to the queue."""
    _check_clerk(document_request, by)
    if document_request.assigned_to_id not in (None, by.pk) and not by.is_superuser:
        raise ActionRefused("release_not_yours")
    return _transition(
        document_request=document_request,
        by=by,
        method="release",
        action="guichet.request.released",
        expected_state=expected_state,
    )


def request_ask_citizen(*, document_request, by, message, expected_state):
    message = (message or "").strip()
    if not message:
        raise ActionRefused("question_required")
    _check_clerk(document_request, by)

    def after(locked):
        RequestMessage.objects.create(
            request=locked, author=by, author_role=MessageAuthor.CLERK, body=message
        )

    return _transition(
        document_request=document_request,
        by=by,
        method="ask_citizen",
        action="guichet.request.citizen_asked",
        expected_state=expected_state,
        reason=message,
        after=after,
        notify="awaiting_citizen",
    )


def request_citizen_answer(*, document_request, citizen_user, message, upload=None):
    message = (message or "").strip()
    if not message and upload is None:
        raise ActionRefused("answer_required")
    if document_request.applicant_id != citizen_user.pk:
        raise ActionRefused("not_your_request")

    def after(locked):
        sent = RequestMessage.objects.create(
            request=locked, author=citizen_user, author_role=MessageAuthor.CITIZEN, body=message
        )
        if upload is not None:
            save_attachment(
                document_request=locked,
                upload=upload,
                purpose=Attachment.Purpose.ANSWER,
                by=citizen_user,
                message=sent,
            )

    return _transition(
        document_request=document_request,
        by=citizen_user,
        method="citizen_answer",
        action="guichet.request.citizen_answered",
        expected_state=State.AWAITING_CITIZEN,
        after=after,
    )


def request_reject(*, document_request, by, reason, expected_state, rejection_code="other"):
    """Refuse the document_request; `reason` is the text the citizen reads, `rejection_code` its
    category (guichet.constants.RejectionCode) for the statistics."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("rejection_reason_required")
    _check_clerk(document_request, by)

    def refund(locked):
        payments.refund_paid(document_request=locked, reason=Refund.Reason.REJECTED, by=by)

    return _transition(
        document_request=document_request,
        by=by,
        method="reject",
        action="guichet.request.rejected",
        expected_state=expected_state,
        reason=reason,
        kwargs={"reason": reason, "code": rejection_code, "at": timezone.now()},
        after=refund,
        notify="rejected",
    )


def request_cancel(*, document_request, citizen_user, expected_state):
    """The citizen withdraws a request no clerk has started on. `expected_state` is the state
    their confirmation page showed: a request changed since then is refused
    ("changed_meanwhile"), one a clerk holds is refused ("cancel_too_late")."""
    if document_request.applicant_id != citizen_user.pk:
        raise ActionRefused("not_your_request")

    def refund(locked):
        # Paid, then withdrawn before any clerk worked on it: the fee goes back.
        payments.refund_paid(document_request=locked, reason=Refund.Reason.CANCELLED, by=None)

    try:
        return _transition(
            document_request=document_request,
            by=citizen_user,
            method="cancel",
            action="guichet.request.cancelled",
            expected_state=expected_state,
            kwargs={"at": timezone.now()},
            after=refund,
            notify="cancelled",
            refused="cancel_too_late",
        )
    except ActionRefused as refused:
        # Changed while the citizen read the confirmation: by a clerk (too late, say so in
        # the citizen's words), or cancelled in another tab (the general message says it).
        if refused.code == "changed_meanwhile" and refused.params.get("state") != State.CANCELLED:
            raise ActionRefused("cancel_too_late") from refused
        raise


def request_close(*, document_request, by, expected_state):
    """An issued document the citizen downloads needs nothing more: the clerk closes it.
    Posted and collected documents close through the dispatch services below."""
    _check_clerk(document_request, by)
    if document_request.delivery != Delivery.DOWNLOAD:
        raise ActionRefused("close_through_dispatch")
    return _transition(
        document_request=document_request,
        by=by,
        method="close",
        action="guichet.request.closed",
        expected_state=expected_state,
        kwargs={"at": timezone.now()},
        notify="closed",
    )


def document_revoke(*, document, by, reason, expected_state):
    """A clerk withdraws an issued document. The caller can rely on: the document carries
    when and why (its verification page, the citizen's pages and the API say "révoqué"), the
    request keeps its state, the audit entry is written, and the citizen is e-mailed the
    reason with a link to order again once the transaction commits."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("revocation_reason_required")
    _check_clerk(document.request, by)
    with transaction.atomic():
        _lock(document.request, expected_state)
        locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.revoked_at:
            raise ActionRefused("already_revoked")
        locked.revoked_at = timezone.now()
        locked.revocation_reason = reason
        locked.save(update_fields=["revoked_at", "revocation_reason"])
        audit(
            "guichet.document.revoked",
            actor=by,
            document_request=locked.request,
            reason=reason,
            verification_code=locked.verification_code,
        )
        transaction.on_commit(lambda: _notify(locked.request, "revoked"))
    return locked


# -- post and counter (the /bureau/envois/ work, guichet.dispatch) -----------------------


def dispatch_batch_print(*, by, references, now=None):
    """Put these issued documents to post into a new print batch (then printed as one PDF).

    The caller can rely on: every document of the batch is of a kind `by` handles, issued,
    to post, not revoked, and was in no other batch. The same selection sent twice (a double
    click) gives back the batch the first one made; a document that is no longer to post
    refuses the whole selection (`dispatch_unavailable`), nothing is half-made.
    """
    references = sorted(set(references))
    if not references:
        raise ActionRefused("dispatch_nothing_selected")
    kinds = access.handled_kinds(by)
    now = now or timezone.now()
    with transaction.atomic():
        selected = list(
            DocumentRequest.objects.select_for_update()
            .filter(reference__in=references, kind__in=kinds)
            .order_by("pk")
        )
        available = {
            r.reference
            for r in dispatch.to_post(kinds=kinds).filter(pk__in=[r.pk for r in selected])
        }
        if len(available) != len(references):
            already = _batch_holding_exactly(selected, references)
            if already is not None:
                return already
            missing = [ref for ref in references if ref not in available]
            raise ActionRefused("dispatch_unavailable", references=", ".join(missing))
        batch = DispatchBatch.objects.create(created_at=now, created_by=by)
        for document_request in selected:
            document_request.dispatch_batch = batch
            document_request.save(update_fields=["dispatch_batch", "updated_at"])
            audit(
                "guichet.request.batched",
                actor=by,
                document_request=document_request,
                batch=batch.pk,
            )
    return batch


def _batch_holding_exactly(selected, references):
    batch_ids = {r.dispatch_batch_id for r in selected}
    if len(selected) != len(references) or len(batch_ids) != 1 or None in batch_ids:
        return None
    batch = DispatchBatch.objects.get(pk=batch_ids.pop())
    if batch.posted_at is None and batch.requests.count() == len(references):
        return batch
    return None


def dispatch_batch_printed(*, batch, by):
    """Record that the batch's PDF was (re)printed."""
    audit("guichet.dispatch.batch_printed", actor=by, batch=batch.pk)


def document_printed_for_counter(*, document_request, by):
    """Record that the document to hand over at the counter was printed."""
    audit("guichet.request.printed_for_counter", actor=by, document_request=document_request)


def dispatch_batch_mark_posted(*, batch, by, now=None):
    """The batch went to the post: each of its documents is closed as posted (audited, the
    citizen e-mailed "envoyé le …"). Documents revoked since printing leave the batch
    unposted. A batch already posted is refused (`batch_already_posted`): a second click
    sends no second e-mail. Returns the batch and the references left out."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = DispatchBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.posted_at is not None:
            raise ActionRefused("batch_already_posted", date=_when(locked.posted_at))
        requests = list(
            # Only the requests are locked: PostgreSQL cannot lock the nullable side of the
            # outer join that brings their documents.
            DocumentRequest.objects.select_for_update(of=("self",))
            .filter(dispatch_batch=locked)
            .select_related("document")
            .order_by("pk")
        )
        if any(not access.handles_kind(by, r.kind) for r in requests):
            raise ActionRefused("kind_not_handled")
        left_out = []
        for document_request in requests:
            document = getattr(document_request, "document", None)
            if (
                document is None
                or document.revoked_at is not None
                or not can_proceed(document_request.mark_posted)
            ):
                document_request.dispatch_batch = None
                document_request.save(update_fields=["dispatch_batch", "updated_at"])
                left_out.append(document_request.reference)
                continue
            from_state = document_request.state
            document_request.mark_posted(by=by, at=now)
            document_request.save()
            audit(
                "guichet.request.posted",
                actor=by,
                document_request=document_request,
                from_state=from_state,
                to_state=document_request.state,
                batch=locked.pk,
            )
            transaction.on_commit(lambda r=document_request: _notify(r, "posted"))
        if len(left_out) == len(requests):
            raise ActionRefused("batch_nothing_to_post")
        locked.posted_at = now
        locked.posted_by = by
        locked.save(update_fields=["posted_at", "posted_by"])
        audit("guichet.dispatch.batch_posted", actor=by, batch=locked.pk)
    return locked, left_out


def request_mark_collected(
    *, document_request, by, expected_state, identity_checked=False, payment_instrument=""
):
    """The citizen (or their proxy) collected the document at the counter: closed, audited
    (with the clerk's note of the identity check), the citizen e-mailed. A second click is
    refused with `already_collected`, a document not ordered for the counter with
    `not_for_counter`. A fee to be paid at the counter is recorded in the same transaction
    (`payment_instrument` "cash" or "card_terminal"); without it the hand-over is refused."""
    _check_clerk(document_request, by)
    if document_request.delivery != Delivery.COUNTER:
        raise ActionRefused("not_for_counter")
    now = timezone.now()
    with transaction.atomic():
        locked = DocumentRequest.objects.select_for_update().get(pk=document_request.pk)
        if locked.collected_at is not None:
            raise ActionRefused("already_collected", date=_when(locked.collected_at))
        if locked.state != expected_state:
            raise ActionRefused("changed_meanwhile", state=locked.state)
        document = IssuedDocument.objects.filter(request=locked).first()
        if document is not None and document.revoked_at is not None:
            raise ActionRefused("already_revoked")
        if not can_proceed(locked.mark_collected):
            raise ActionRefused("not_possible_in_state", state=locked.state)
        if locked.pays_at_counter and locked.paid_at is None:
            if not payment_instrument:
                raise ActionRefused("counter_payment_required", amount=locked.fee)
            payments.payment_record_counter(
                document_request=locked, by=by, instrument=payment_instrument
            )
        from_state = locked.state
        locked.mark_collected(by=by, at=now)
        locked.save()
        audit(
            "guichet.request.collected",
            actor=by,
            document_request=locked,
            from_state=from_state,
            to_state=locked.state,
            identity_checked=bool(identity_checked),
        )
        transaction.on_commit(lambda: _notify(locked, "collected"))
    return locked


def _when(moment):
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "j F Y à H:i")


# -- plumbing ----------------------------------------------------------------------------


def _check_clerk(request, by):
    if not access.handles_kind(by, request.kind):
        raise ActionRefused("kind_not_handled")


def _check_state(request, expected_state):
    """Before any work: the request is still in the state the caller saw."""
    if request.state != expected_state:
        raise ActionRefused("changed_meanwhile", state=request.state)


def _lock(request, expected_state):
    locked = DocumentRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != expected_state:
        raise ActionRefused("changed_meanwhile", state=locked.state)
    return locked


def _transition(
    *,
    document_request,
    by,
    method,
    action,
    expected_state,
    kwargs=None,
    reason="",
    after=None,
    notify=None,
    refused=None,
):
    with transaction.atomic():
        locked = _lock(document_request, expected_state)
        transition = getattr(locked, method)
        if not can_proceed(transition):
            if refused:
                raise ActionRefused(refused)
            raise ActionRefused("not_possible_in_state", state=locked.state)
        from_state = locked.state
        transition(**(kwargs or {}))
        locked.save()
        if after is not None:
            after(locked)
        audit(
            action,
            actor=by,
            document_request=locked,
            from_state=from_state,
            to_state=locked.state,
            reason=reason,
        )
        if notify:
            transaction.on_commit(lambda: _notify(locked, notify))
    return locked


def _notify(request, event):
    tasks.send_request_email.enqueue(request_id=request.pk, event=event)


def request_take_next(*, by, kinds):
    """Claim the oldest unassigned submitted request of these kinds for this clerk.

    On PostgreSQL the candidate row is locked with SKIP LOCKED, so clerks pressing "next" at
    the same moment are each given a different request; SQLite serialises writers anyway.
    Returns the claimed request, or None when the queue is empty.
    """

    with transaction.atomic():
        candidates = DocumentRequest.objects.filter(
            state=State.SUBMITTED, kind__in=kinds, assigned_to__isnull=True
        ).order_by("submitted_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        request = candidates.first()
        if request is None:
            return None
        return request_start_review(document_request=request, by=by, expected_state=State.SUBMITTED)


def request_add_note(*, document_request, by, body):
    """An internal note on the request, visible to staff only."""
    body = (body or "").strip()
    if not body:
        raise ActionRefused("empty_note")
    _check_clerk(document_request, by)
    note = RequestMessage.objects.create(
        request=document_request,
        author=by,
        author_role=MessageAuthor.CLERK,
        internal=True,
        body=body,
    )
    audit("guichet.request.note_added", actor=by, document_request=document_request)
    return note
