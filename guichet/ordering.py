"""Ordering a document: the one place where an order is checked, for the website and the API.

Three steps, each a function that runs the step's forms and then the kind's hook:

- `subject_step`: for whom (`SubjectForm`, then `kind.resolve_subject`);
- `details_step`: the kind's own questions (`kind.details_form`), the purpose
  (`PurposeForm`), then the kind's conditions (`kind.check_order`);
- `delivery_step`: copies and delivery (`DeliveryForm`).

The website runs one step per page and keeps the answers in a `Draft` (the session), with the
power of attorney uploaded at the first step waiting in private storage until submission. The
API runs the three steps on one document (`whole_order`) and reports every error at once.
Both get the errors in the same shape, `Errors`: messages and codes keyed by their path in the
order document (the API's body), which the API turns into JSON pointers; the website's forms
carry the same messages next to the same fields.

`request_submit` (guichet.services) runs `kind.check_order` once more: the register may have
changed between the details step and the confirmation.
"""

import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from guichet import languages, services
from guichet.constants import Delivery, PaymentChoice, Subject
from guichet.forms import DeliveryForm, PaymentChoiceForm, PurposeForm, SubjectForm
from guichet.kinds import NOT_ELIGIBLE, registry
from guichet.models import KindSettings, Purpose
from guichet.storage import private_storage

# The steps whose answers make an order, named as on the website (and in the session draft).
SUBJECT, DETAILS, DELIVERY = "pour-qui", "details", "remise"
STEPS = (SUBJECT, DETAILS, DELIVERY)

# The website's details form is prefixed, so that the kind's questions never clash with the
# purpose's fields in one POST.
DETAILS_PREFIX = "d"

# A value no purpose has, so PurposeForm refuses an unknown code with its own message.
UNKNOWN_PURPOSE = "-1"


def orderable_kind(slug):
    """The kind, when an app registers it and the commune offers it online; else None."""
    kind = registry.get(slug)
    if kind is None or not KindSettings.objects.filter(kind=slug, active=True).exists():
        return None
    return kind


# -- errors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    text: str
    code: str = "invalid"


class Errors:
    """Error messages keyed by their path in the order document: ("purpose",),
    ("details", "on_date"), ("postal_address", "street"). A path ending in NON_FIELD_ERRORS
    ("__all__") concerns the object it names as a whole, ("__all__",) the whole order."""

    def __init__(self):
        self._messages = {}

    def add(self, path, text, code=None):
        self._messages.setdefault(tuple(path), []).append(Message(str(text), code or "invalid"))

    def add_form(self, form, prefix=(), rename=None):
        """A form's own errors; `rename` maps a field to its path when it is not (field,)."""
        rename = rename or {}
        for name, errors in form.errors.as_data().items():
            path = (NON_FIELD_ERRORS,) if name == NON_FIELD_ERRORS else rename.get(name, (name,))
            for error in errors:
                for text in error.messages:
                    self.add((*prefix, *path), text, error.code)

    def update(self, other):
        for path, messages in other.items():
            self._messages.setdefault(path, []).extend(messages)

    def items(self):
        return self._messages.items()

    def get(self, path):
        return self._messages.get(tuple(path), [])

    def __bool__(self):
        return bool(self._messages)

    def __repr__(self):
        return f"Errors({self._messages!r})"


def _hook_errors(error, errors, forms, aliases=None):
    """A ValidationError raised by a kind's hook, keyed by form field: on the form holding
    the field (the page shows it there) and in `errors` under that form's path. A message
    for no known field goes to the top of the first form, and to the order as a whole.

    `forms` lists (form, path prefix) pairs; `aliases` maps a field the hook names to the
    form field the page shows it on, the path keeping the hook's name."""
    aliases = aliases or {}
    if hasattr(error, "error_dict"):
        items = [(name, item) for name, items in error.error_dict.items() for item in items]
    else:
        items = [(None, item) for item in error.error_list]
    for name, item in items:
        shown = aliases.get(name, name)
        holder = next(((f, prefix) for f, prefix in forms if shown in f.fields), None)
        for text in item.messages:
            if holder is None:
                forms[0][0].add_error(None, ValidationError(text, code=item.code))
                errors.add((NON_FIELD_ERRORS,), text, item.code)
            else:
                form, prefix = holder
                form.add_error(shown, ValidationError(text, code=item.code))
                errors.add((*prefix, name), text, item.code)


@dataclass
class Step:
    """A step checked: its bound forms by role ("subject"; "details", None when the kind asks
    nothing, and "purpose"; "delivery"), which a page sent back shows with their errors, and
    either the answers (`values`) or the errors."""

    forms: dict
    values: dict | None = None
    errors: Errors = field(default_factory=Errors)
    # A file sent with the step and accepted on its own, even when the step is refused for
    # another answer: the website keeps it so that the citizen never sends it twice.
    upload: object = None

    @property
    def valid(self):
        return self.values is not None


# -- the steps -------------------------------------------------------------------------------


def subject_step(kind, *, applicant, data, files=None, has_power_of_attorney=False, children=()):
    """For whom: the answers kept in the draft (`subject_niss` is "" for oneself), and the
    power of attorney sent with them as `values["upload"]` (None when none was sent).

    `children` are the applicant's minor children offered as choices (Draft.children), the
    website's; the API gives a child's national number as `subject_niss`, which the form
    reads as the number typed for a child not in the list (`child_niss`)."""
    form = SubjectForm(
        data,
        files or {},
        kind=kind,
        has_power_of_attorney=has_power_of_attorney,
        children=children,
    )
    step = Step(forms={"subject": form})
    # A child's number, chosen or typed, is the API's `subject_niss`.
    child_paths = {"child": ("subject_niss",), "child_niss": ("subject_niss",)}
    valid = form.is_valid()
    step.upload = form.cleaned_data.get("power_of_attorney")
    if not valid:
        step.errors.add_form(form, rename=child_paths)
        return step
    cleaned = form.cleaned_data
    try:
        subject = kind.resolve_subject(
            applicant=applicant,
            subject_type=cleaned["subject_type"],
            subject_niss=cleaned["subject_niss"],
        )
    except ValidationError as error:
        aliases = {}
        if cleaned["subject_type"] == Subject.MINOR_CHILD:
            aliases["subject_niss"] = (
                "child" if cleaned.get("child") in form.children else "child_niss"
            )
        _hook_errors(error, step.errors, [(form, ())], aliases)
        return step
    step.values = {
        "subject_type": cleaned["subject_type"],
        "subject_niss": subject.niss if cleaned["subject_type"] != Subject.SELF else "",
        "subject_name": f"{subject.first_name} {subject.last_name}",
        "relationship": cleaned.get("relationship", ""),
        "relationship_detail": cleaned.get("relationship_detail", "").strip(),
        "upload": cleaned.get("power_of_attorney"),
    }
    return step


def not_eligible(step):
    """The kind's reason why the applicant may not order this document here online at all
    (kinds.NOT_ELIGIBLE), or None."""
    for message in step.errors.get(("subject_type",)):
        if message.code == NOT_ELIGIBLE:
            return message.text
    return None


def _as_form_data(details):
    """JSON scalars → the strings a form expects (null means "not answered")."""
    return {key: str(value) for key, value in (details or {}).items() if value is not None}


def details_step(kind, *, applicant, subject, data, details=None):
    """The kind's questions and the purpose, then the kind's conditions (`check_order`).

    `data` holds the purpose's fields and, from the website, the kind's questions (prefixed
    "d-"); the API gives those answers apart, as the `details` object, where a question the
    kind does not ask is an error. `subject` is the answers of the first step, or None when
    they are wrong (the conditions are then not checked)."""
    form_class = kind.details_form
    if details is None:
        details_form = form_class(data, prefix=DETAILS_PREFIX) if form_class else None
        unknown = ()
    else:
        details_form = form_class(data=_as_form_data(details)) if form_class else None
        asked = form_class.base_fields if form_class else {}
        unknown = sorted(set(details) - set(asked))
    purpose_form = PurposeForm(data, kind=kind)
    step = Step(forms={"details": details_form, "purpose": purpose_form})

    details_valid = details_form.is_valid() if details_form else True
    if not details_valid:
        step.errors.add_form(details_form, prefix=("details",))
    for key in unknown:
        message = _("Ce document ne prévoit pas cette question.")
        step.errors.add(("details", key), message, "unknown")
    purpose_valid = purpose_form.is_valid()
    if not purpose_valid:
        step.errors.add_form(purpose_form)
    if not (details_valid and purpose_valid) or unknown or subject is None:
        return step

    answers = dict(details_form.cleaned_data) if details_form else {}
    answers = {k: v for k, v in answers.items() if v not in (None, "")}
    purpose = purpose_form.cleaned_data["purpose"]
    try:
        kind.check_order(
            applicant=applicant,
            subject_type=subject["subject_type"],
            relationship=subject["relationship"],
            subject_niss=subject["subject_niss"] or applicant.niss,
            details=answers,
            purpose=purpose,
        )
    except ValidationError as error:
        forms = [(details_form, ("details",))] if details_form else []
        _hook_errors(error, step.errors, [*forms, (purpose_form, ())])
        return step
    step.values = {
        "details": answers,
        "purpose": purpose,
        "purpose_explanation": purpose_form.cleaned_data["purpose_explanation"],
    }
    return step


def delivery_step(data):
    """Copies, delivery and, for the post, the address (as `postal_address`)."""
    form = DeliveryForm(data)
    step = Step(forms={"delivery": form})
    if not form.is_valid():
        address = {name: ("postal_address", name) for name in DeliveryForm.ADDRESS_FIELDS}
        step.errors.add_form(form, rename=address)
        return step
    step.values = {
        "copies": form.cleaned_data["copies"],
        "delivery": form.cleaned_data["delivery"],
        "postal_address": form.postal_address(),
        "document_language": form.chosen_document_language(),
    }
    return step


def payment_options(*, fee, delivery):
    """The ways a fee may be paid, as offered on the check-your-answers page: online when a
    provider is available, by transfer when the commune has an account, at the counter only
    for a document collected there. Empty for a free request, or when none applies (the fee
    is then taken at the counter, as services.default_payment_choice says)."""
    from guichet.payments.providers import online_payment_available
    from guichet.payments.transfer import transfers_enabled

    if fee <= 0:
        return []
    options = []
    if online_payment_available():
        options.append(PaymentChoice.ONLINE)
    if transfers_enabled():
        options.append(PaymentChoice.TRANSFER)
    if delivery == Delivery.COUNTER:
        options.append(PaymentChoice.COUNTER)
    return options


def default_payment(options):
    """The way pre-selected among `options`: the commune's default when offered, else the
    first; "" when nothing is offered."""
    if not options:
        return ""
    preferred = services.default_payment_choice()
    return preferred if preferred in options else options[0]


def payment_step(data, *, fee, delivery):
    """How the fee will be paid: `payment_choice` among payment_options(). A choice absent from
    `data` takes the default (the page always sends one: a radio is pre-selected); an unknown
    one, or one not offered for this order, is refused. Free: "" and nothing asked."""
    options = payment_options(fee=fee, delivery=delivery)
    form = PaymentChoiceForm(
        {"payment_choice": data.get("payment_choice") or default_payment(options)},
        options=options,
    )
    step = Step(forms={"payment": form})
    if not options:
        step.values = {"payment_choice": "" if fee <= 0 else PaymentChoice.COUNTER}
        return step
    if not form.is_valid():
        step.errors.add_form(form)
        return step
    step.values = {"payment_choice": form.cleaned_data["payment_choice"]}
    return step


def build_order(kind, *, subject, details, delivery, purpose, submission_key="", payment_choice=""):
    """The services.Order made of the three steps' answers."""
    return services.Order(
        kind=kind.slug,
        subject_type=subject["subject_type"],
        subject_niss=subject["subject_niss"],
        relationship=subject["relationship"],
        relationship_detail=subject["relationship_detail"],
        details=details["details"],
        purpose=purpose,
        purpose_explanation=details["purpose_explanation"],
        copies=delivery["copies"],
        delivery=delivery["delivery"],
        postal_address=delivery["postal_address"],
        # Drafts saved before the question existed have none: the default then.
        document_language=languages.document_language(delivery.get("document_language")),
        submission_key=submission_key,
        payment_choice=payment_choice,
    )


@dataclass
class WholeOrder:
    """The three steps run on one document: the order, or every error at once."""

    subject: Step
    details: Step
    delivery: Step
    order: services.Order | None = None

    @property
    def errors(self):
        errors = Errors()
        for step in (self.subject, self.details, self.delivery):
            errors.update(step.errors)
        return errors


def whole_order(kind, *, applicant, document):
    """Check an order given as one document (the API's body, without files): `subject_type`
    (oneself when absent), `subject_niss`, `relationship`, `relationship_detail`, `details`
    (an object), `purpose` (its code), `purpose_explanation`, `copies`, `delivery` and
    `postal_address` (an object)."""
    subject_type = document.get("subject_type", Subject.SELF)
    # The website's form asks a child's number in its own field.
    niss_field = "child_niss" if subject_type == Subject.MINOR_CHILD else "subject_niss"
    subject = subject_step(
        kind,
        applicant=applicant,
        data={
            "subject_type": subject_type,
            niss_field: document.get("subject_niss", ""),
            "relationship": document.get("relationship", ""),
            "relationship_detail": document.get("relationship_detail", ""),
        },
    )
    purpose = (
        Purpose.objects.filter(kind=kind.slug, code=document.get("purpose", ""), active=True)
        .values_list("pk", flat=True)
        .first()
    )
    details = details_step(
        kind,
        applicant=applicant,
        subject=subject.values,
        data={
            "purpose": purpose if purpose is not None else UNKNOWN_PURPOSE,
            "purpose_explanation": document.get("purpose_explanation", ""),
        },
        details=document.get("details") or {},
    )
    address = document.get("postal_address") or {}
    delivery = delivery_step(
        {
            "copies": document.get("copies", 1),
            "delivery": document.get("delivery", ""),
            "document_language": document.get("document_language") or languages.document_language(),
            **{name: address.get(name, "") for name in DeliveryForm.ADDRESS_FIELDS},
        }
    )
    result = WholeOrder(subject=subject, details=details, delivery=delivery)
    if subject.valid and details.valid and delivery.valid:
        result.order = build_order(
            kind,
            subject=subject.values,
            details=details.values,
            delivery=delivery.values,
            purpose=details.values["purpose"],
        )
    return result


# -- the website's draft ---------------------------------------------------------------------

# Under the draft's own session entry, beside the steps' answers.
SUBMISSION_KEY = "submission_key"
# The power of attorney waiting in private storage: its name there and what the browser sent.
POWER_OF_ATTORNEY = "poa"
# The opaque keys standing for the applicant's minor children in the page (national number →
# key), so that no national number is written in the page.
CHILD_KEYS = "children"


class Draft:
    """The order being prepared on the website, kept in the session under one key per kind:
    each step's answers, under the step's name, and the pending power of attorney."""

    def __init__(self, session, kind):
        self.session = session
        self.kind = kind
        self.key = f"order:{kind.slug}"
        self.data = self.session.get(self.key, {})

    def get(self, step):
        return self.data.get(step)

    def put(self, step, value):
        self.data[step] = value
        # A changed draft is a new order: a new key (see submission_key).
        self.data[SUBMISSION_KEY] = uuid.uuid4().hex
        self.session[self.key] = self.data

    def submission_key(self):
        """The key of this version of the draft: confirming it twice (a double click, a
        retry after an answer lost to an outage) gives one request (services.Order)."""
        if SUBMISSION_KEY not in self.data:
            self.data[SUBMISSION_KEY] = uuid.uuid4().hex
            self.session[self.key] = self.data
        return self.data[SUBMISSION_KEY]

    def first_missing(self):
        """The first step not answered yet, or None."""
        for step in STEPS:
            if step not in self.data:
                return step
        return None

    def power_of_attorney(self):
        """What is known of the pending power of attorney (name, original, content_type,
        size), or None."""
        return self.get(POWER_OF_ATTORNEY)

    def keep_power_of_attorney(self, upload):
        """Keep a power of attorney in private storage until submission, replacing the
        pending one: sent with a step refused for another answer, it is not asked again."""
        self.remove_power_of_attorney()
        name = private_storage().save(f"pending/{uuid.uuid4().hex}", upload)
        self.put(
            POWER_OF_ATTORNEY,
            {
                "name": name,
                "original": upload.name[:200],
                "content_type": upload.content_type,
                "size": upload.size,
            },
        )

    def remove_power_of_attorney(self):
        """Delete the pending power of attorney, if any (the citizen's "Retirer")."""
        pending = self.power_of_attorney()
        if pending:
            private_storage().delete(pending["name"])
            self.data.pop(POWER_OF_ATTORNEY, None)
            self.session[self.key] = self.data

    def children(self, applicant):
        """The applicant's minor children the registers know (kind.minor_children), as
        (opaque key, SubjectInfo) pairs; a child keeps its key for the whole draft."""
        found = self.kind.minor_children(applicant=applicant)
        keys = self.data.get(CHILD_KEYS, {})
        if any(child.niss not in keys for child in found):
            for child in found:
                keys.setdefault(child.niss, secrets.token_urlsafe(6))
            self.data[CHILD_KEYS] = keys
            self.session[self.key] = self.data
        return [(keys[child.niss], child) for child in found]

    def save_subject(self, values):
        """Keep the answers of a valid subject step. A power of attorney sent with them
        replaces the pending one; choosing someone other than a third party drops it."""
        if values["upload"]:
            self.keep_power_of_attorney(values["upload"])
        elif values["subject_type"] != Subject.THIRD_PARTY:
            self.remove_power_of_attorney()
        self.put(SUBJECT, {k: v for k, v in values.items() if k != "upload"})
        # The details depend on who the document is about: check them again.
        self.data.pop(DETAILS, None)

    def save_details(self, values):
        self.put(
            DETAILS,
            {
                "details": values["details"],
                "purpose": values["purpose"].pk,
                "purpose_explanation": values["purpose_explanation"],
            },
        )

    def save_delivery(self, values):
        self.put(DELIVERY, values)

    def purpose(self):
        """The purpose chosen at the details step, or None when it is no longer offered."""
        return Purpose.objects.filter(
            pk=self.get(DETAILS)["purpose"], kind=self.kind.slug, active=True
        ).first()

    def order(self, purpose, payment_choice=""):
        return build_order(
            self.kind,
            subject=self.get(SUBJECT),
            details=self.get(DETAILS),
            delivery=self.get(DELIVERY),
            purpose=purpose,
            submission_key=self.submission_key(),
            payment_choice=payment_choice,
        )

    @contextmanager
    def _pending_upload(self):
        """The pending power of attorney, open, for a third party's order; else None."""
        pending = self.power_of_attorney()
        if not pending or self.get(SUBJECT)["subject_type"] != Subject.THIRD_PARTY:
            yield None
            return
        upload = File(private_storage().open(pending["name"]), name=pending["original"])
        upload.content_type = pending["content_type"]
        try:
            yield upload
        finally:
            upload.close()

    def submit(self, *, citizen, assurance, purpose, payment_choice=""):
        """Submit the checked draft and clear it: the request made. Raises ValidationError
        (services.request_submit) when the order no longer meets the kind's conditions;
        the draft is then kept."""
        if self.power_of_attorney() and (
            already := services.find_submission(citizen.user, self.submission_key())
        ):
            # This very draft went through already, its answer lost (an outage between the
            # commit and the session's save): its pending upload was filed and deleted, so
            # give that request. Without an upload, request_submit itself finds it.
            self.clear()
            return already
        order = self.order(purpose, payment_choice)
        with self._pending_upload() as upload:
            created = services.request_submit(
                citizen=citizen, assurance=assurance, order=order, power_of_attorney=upload
            )
        self.clear()
        return created

    def clear(self):
        pending = self.power_of_attorney()
        if pending:
            private_storage().delete(pending["name"])
        self.session.pop(self.key, None)
