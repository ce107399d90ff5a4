"""Ordering a document: for whom → details and purpose → copies and delivery → check your
answers → confirmation. The draft lives in the session, so nothing typed is lost between
steps or after an error, and "Modifier" links come back to any step."""

import uuid
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet import niss, services
from guichet.citizens.session import assurance_level, citizen_profile
from guichet.constants import Delivery, Relationship, Subject
from guichet.forms import DeliveryForm, PurposeForm, SubjectForm
from guichet.kinds import registry
from guichet.models import KindSettings, Purpose
from guichet.ratelimit import hit
from guichet.storage import private_storage

STEPS = ("pour-qui", "details", "remise", "verification")
STEP_TITLES = {
    "pour-qui": _("Pour qui ?"),
    "details": _("Détails et motif"),
    "remise": _("Exemplaires et remise"),
    "verification": _("Vérifiez votre demande"),
}


def citizen_required(view):
    """A signed-in citizen (with a register identity); staff accounts are refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("citizens:login"))
        citizen = citizen_profile(request)
        if citizen is None:
            return render(request, "guichet/citizen_only.html", status=403)
        request.citizen = citizen
        return view(request, *args, **kwargs)

    return wrapper


def _kind_or_404(slug):
    kind = registry.get(slug)
    if kind is None or not KindSettings.objects.filter(kind=slug, active=True).exists():
        raise Http404
    return kind


# Under the draft's own session entry, beside the steps' answers.
SUBMISSION_KEY = "submission_key"


class Draft:
    """The order being prepared, kept in the session under one key per kind."""

    def __init__(self, request, kind):
        self.session = request.session
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
        for step in STEPS[:-1]:
            if step not in self.data:
                return step
        return None

    def clear(self):
        poa = self.data.get("poa")
        if poa:
            private_storage().delete(poa["name"])
        self.session.pop(self.key, None)


def _step_url(kind, step, back_to_check=False):
    url = reverse("guichet:order_step", args=[kind.slug, step])
    return f"{url}?retour=verification" if back_to_check else url


def _next_url(request, kind, step):
    if request.GET.get("retour") == "verification":
        return _step_url(kind, "verification")
    return _step_url(kind, STEPS[STEPS.index(step) + 1])


def _context(kind, step, **extra):
    return {
        "kind": kind,
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "step_count": len(STEPS),
        "step_title": STEP_TITLES[step],
        **extra,
    }


@citizen_required
def start(request, slug):
    kind = _kind_or_404(slug)
    return redirect(_step_url(kind, STEPS[0]))


@citizen_required
@require_http_methods(["GET", "POST"])
def step(request, slug, step):
    kind = _kind_or_404(slug)
    if step not in STEPS:
        raise Http404
    draft = Draft(request, kind)
    missing = draft.first_missing()
    if missing and STEPS.index(missing) < STEPS.index(step):
        return redirect(_step_url(kind, missing))
    handler = {
        "pour-qui": _subject_step,
        "details": _details_step,
        "remise": _delivery_step,
        "verification": _check_step,
    }[step]
    return handler(request, kind, draft)


def _subject_step(request, kind, draft):
    saved = draft.get("pour-qui") or {}
    poa = draft.get("poa")
    if request.method == "POST":
        form = SubjectForm(request.POST, request.FILES, kind=kind, has_power_of_attorney=bool(poa))
        if form.is_valid():
            data = form.cleaned_data
            try:
                subject = kind.resolve_subject(
                    applicant=request.citizen,
                    subject_type=data["subject_type"],
                    subject_niss=data["subject_niss"],
                )
            except ValidationError as error:
                _add_errors([form], error)
            else:
                upload = data.get("power_of_attorney")
                if upload:
                    if poa:
                        private_storage().delete(poa["name"])
                    name = private_storage().save(f"pending/{uuid.uuid4().hex}", upload)
                    draft.put(
                        "poa",
                        {
                            "name": name,
                            "original": upload.name[:200],
                            "content_type": upload.content_type,
                            "size": upload.size,
                        },
                    )
                elif data["subject_type"] != Subject.THIRD_PARTY and poa:
                    private_storage().delete(poa["name"])
                    draft.data.pop("poa", None)
                draft.put(
                    "pour-qui",
                    {
                        "subject_type": data["subject_type"],
                        "subject_niss": subject.niss
                        if data["subject_type"] != Subject.SELF
                        else "",
                        "subject_name": f"{subject.first_name} {subject.last_name}",
                        "relationship": data.get("relationship", ""),
                        "relationship_detail": data.get("relationship_detail", "").strip(),
                    },
                )
                # The details depend on who the document is about: check them again.
                draft.data.pop("details", None)
                return redirect(_next_url(request, kind, "pour-qui"))
    else:
        initial = dict(saved)
        if initial.get("subject_niss"):
            initial["subject_niss"] = niss.format_niss(initial["subject_niss"])
        form = SubjectForm(
            initial=initial or {"subject_type": Subject.SELF},
            kind=kind,
            has_power_of_attorney=bool(poa),
        )
    return render(
        request,
        "guichet/order/subject.html",
        _context(kind, "pour-qui", form=form, poa=poa),
        status=400 if form.errors else 200,
    )


def _details_step(request, kind, draft):
    subject = draft.get("pour-qui")
    saved = draft.get("details") or {}
    details_form_class = kind.details_form
    if request.method == "POST":
        details_form = details_form_class(request.POST, prefix="d") if details_form_class else None
        form = PurposeForm(request.POST, kind=kind)
        valid = form.is_valid() & (details_form.is_valid() if details_form else True)
        if valid:
            details = dict(details_form.cleaned_data) if details_form else {}
            details = {k: v for k, v in details.items() if v not in (None, "")}
            subject_niss = subject["subject_niss"] or request.citizen.niss
            try:
                kind.check_order(
                    applicant=request.citizen,
                    subject_type=subject["subject_type"],
                    relationship=subject["relationship"],
                    subject_niss=subject_niss,
                    details=details,
                    purpose=form.cleaned_data["purpose"],
                )
            except ValidationError as error:
                _add_errors([f for f in (details_form, form) if f is not None], error)
            else:
                draft.put(
                    "details",
                    {
                        "details": details,
                        "purpose": form.cleaned_data["purpose"].pk,
                        "purpose_explanation": form.cleaned_data["purpose_explanation"],
                    },
                )
                return redirect(_next_url(request, kind, "details"))
    else:
        details_form = (
            details_form_class(initial=saved.get("details", {}), prefix="d")
            if details_form_class
            else None
        )
        form = PurposeForm(
            initial={
                "purpose": saved.get("purpose"),
                "purpose_explanation": saved.get("purpose_explanation", ""),
            },
            kind=kind,
        )
    errors = bool(form.errors or (details_form and details_form.errors))
    return render(
        request,
        "guichet/order/details.html",
        _context(
            kind,
            "details",
            form=form,
            details_form=details_form,
            forms=[f for f in (details_form, form) if f is not None],
        ),
        status=400 if errors else 200,
    )


def _delivery_step(request, kind, draft):
    saved = draft.get("remise") or {}
    if request.method == "POST":
        form = DeliveryForm(request.POST)
        if form.is_valid():
            draft.put(
                "remise",
                {
                    "copies": form.cleaned_data["copies"],
                    "delivery": form.cleaned_data["delivery"],
                    "postal_address": form.postal_address(),
                },
            )
            return redirect(_next_url(request, kind, "remise"))
    else:
        initial = {
            "copies": saved.get("copies", 1),
            "delivery": saved.get("delivery", Delivery.DOWNLOAD),
            **saved.get("postal_address", {}),
        }
        form = DeliveryForm(initial=initial)
    return render(
        request,
        "guichet/order/delivery.html",
        _context(kind, "remise", form=form),
        status=400 if form.errors else 200,
    )


def _check_step(request, kind, draft):
    missing = draft.first_missing()
    if missing:
        return redirect(_step_url(kind, missing))
    subject = draft.get("pour-qui")
    details = draft.get("details")
    delivery = draft.get("remise")
    purpose = Purpose.objects.filter(pk=details["purpose"], kind=kind.slug, active=True).first()
    if purpose is None:
        return redirect(_step_url(kind, "details"))
    error = None
    error_status = 200
    if request.method == "POST":
        if not hit(request, scope="order", limit=settings.ORDER_RATE_LIMIT, window=600):
            error_status = 429
            error = _(
                "Trop de demandes envoyées depuis votre connexion en peu de temps. "
                "Réessayez dans quelques minutes : vos réponses sont conservées."
            )
        elif draft.get("poa") and (
            already := services.find_submission(request.citizen.user, draft.submission_key())
        ):
            # This very draft went through already, its answer lost (an outage between the
            # commit and the session's save): its pending upload was filed and deleted, so
            # show that request. Without an upload, request_submit itself finds it.
            draft.clear()
            return redirect("guichet:confirmation", reference=already.reference)
        else:
            order = services.Order(
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
                submission_key=draft.submission_key(),
            )
            poa = draft.get("poa")
            upload = None
            if poa and subject["subject_type"] == Subject.THIRD_PARTY:
                upload = File(private_storage().open(poa["name"]), name=poa["original"])
                upload.content_type = poa["content_type"]
            try:
                created = services.request_submit(
                    citizen=request.citizen,
                    assurance=assurance_level(request),
                    order=order,
                    power_of_attorney=upload,
                )
            except ValidationError as problem:
                error_status = 400
                error = " ".join(problem.messages)
            else:
                if upload is not None:
                    upload.close()
                draft.clear()
                return redirect("guichet:confirmation", reference=created.reference)
            finally:
                if upload is not None and not upload.closed:
                    upload.close()
    # Only for the page: a successful confirmation leaves before, the service reads the fee.
    kind_settings = KindSettings.objects.get(kind=kind.slug)
    fee = services.compute_fee(
        kind_settings=kind_settings, purpose=purpose, copies=delivery["copies"]
    )
    rows = _summary_rows(kind, subject, details, delivery, purpose, draft.get("poa"))
    return render(
        request,
        "guichet/order/check.html",
        _context(
            kind,
            "verification",
            rows=rows,
            fee=fee,
            error=error,
            free=purpose.free or fee == Decimal("0"),
        ),
        status=error_status,
    )


def _summary_rows(kind, subject, details, delivery, purpose, poa):
    back = lambda step: _step_url(kind, step, back_to_check=True)  # noqa: E731
    rows = [(_("Document"), kind.label, None)]
    who = dict(Subject.choices)[subject["subject_type"]]
    if subject["subject_type"] != Subject.SELF:
        who = f"{who} : {subject['subject_name']} ({niss.mask(subject['subject_niss'])})"
    rows.append((_("Pour qui"), who, back("pour-qui")))
    if subject["subject_type"] == Subject.THIRD_PARTY:
        relation = dict(Relationship.choices).get(subject["relationship"], "")
        if subject["relationship_detail"]:
            relation = f"{relation} — {subject['relationship_detail']}"
        rows.append((_("Votre lien"), relation, back("pour-qui")))
        rows.append((_("Procuration"), poa["original"] if poa else "—", back("pour-qui")))
    for label, value in kind.details_summary(details["details"]):
        rows.append((label, value, back("details")))
    motive = purpose.label
    if details["purpose_explanation"]:
        motive = f"{motive} — {details['purpose_explanation']}"
    rows.append((_("Motif"), motive, back("details")))
    rows.append((_("Exemplaires"), str(delivery["copies"]), back("remise")))
    remise = dict(Delivery.choices)[delivery["delivery"]]
    if delivery["postal_address"]:
        a = delivery["postal_address"]
        box = f" bte {a['box']}" if a.get("box") else ""
        remise = f"{remise} : {a['street']} {a['number']}{box}, {a['postcode']} {a['city']}"
    rows.append((_("Remise"), remise, back("remise")))
    return rows


def _add_errors(forms, error):
    """Show each message next to its field, in whichever form has it (else at the top of
    the first form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form = next((f for f in forms if field in f.fields), None)
            for message in messages:
                if form is None:
                    forms[0].add_error(None, message)
                else:
                    form.add_error(field, message)
    else:
        for message in error.messages:
            forms[0].add_error(None, message)
