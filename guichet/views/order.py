"""Ordering a document on the website: for whom → details and purpose → copies and delivery
→ check your answers → confirmation. The draft lives in the session, so nothing typed is lost
between steps or after an error, and "Modifier" links come back to any step.

The pages only: which step, which form to show, where to go next. Every check of an answer,
the draft and the submission are guichet.ordering's, shared with the API."""

from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from guichet import languages, niss, ordering, services
from guichet.citizens.session import assurance_level, citizen_profile
from guichet.constants import Delivery, PaymentChoice, Relationship, Subject
from guichet.forms import OTHER_CHILD, DeliveryForm, PurposeForm, SubjectForm
from guichet.models import KindSettings
from guichet.ratelimit import hit

STEPS = (*ordering.STEPS, "verification")
# Lazy: the titles follow the language of each request, not the one active at import.
STEP_TITLES = {
    "pour-qui": gettext_lazy("Pour qui ?"),
    "details": gettext_lazy("Détails et motif"),
    "remise": gettext_lazy("Remise du document"),
    "verification": gettext_lazy("Vérifiez votre demande"),
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


def _kind_or_404(kind_slug):
    kind = ordering.orderable_kind(kind_slug)
    if kind is None:
        raise Http404
    return kind


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


@require_safe
@citizen_required
def start(request, kind_slug):
    kind = _kind_or_404(kind_slug)
    return redirect(_step_url(kind, STEPS[0]))


@citizen_required
@require_http_methods(["GET", "POST"])
def step(request, kind_slug, step):
    kind = _kind_or_404(kind_slug)
    if step not in STEPS:
        raise Http404
    draft = ordering.Draft(request.session, kind)
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
    children = draft.children(request.citizen)
    if request.method == "POST" and request.POST.get("retirer") == "procuration":
        # "Retirer" beside the kept power of attorney: the page comes back with what was
        # typed, without the file.
        draft.remove_power_of_attorney()
        typed = {k: v for k, v in request.POST.dict().items() if k in SubjectForm.base_fields}
        form = SubjectForm(initial=typed, kind=kind, children=children)
        messages.info(request, _("La procuration jointe est retirée."))
    elif request.method == "POST":
        checked = ordering.subject_step(
            kind,
            applicant=request.citizen,
            data=request.POST,
            files=request.FILES,
            has_power_of_attorney=bool(draft.power_of_attorney()),
            children=children,
        )
        if checked.valid:
            draft.save_subject(checked.values)
            return redirect(_next_url(request, kind, ordering.SUBJECT))
        reason = ordering.not_eligible(checked)
        if reason:
            return _not_eligible(request, kind, reason)
        form = checked.forms["subject"]
        if checked.upload:
            # Refused for another answer: the file is kept, never asked twice.
            draft.keep_power_of_attorney(checked.upload)
            form.power_of_attorney_kept()
    else:
        form = SubjectForm(
            initial=_subject_initial(draft.get(ordering.SUBJECT), children),
            kind=kind,
            has_power_of_attorney=bool(draft.power_of_attorney()),
            children=children,
        )
    return render(
        request,
        "guichet/order/subject.html",
        _context(kind, "pour-qui", form=form, poa=draft.power_of_attorney()),
        status=400 if form.errors else 200,
    )


def _subject_initial(saved, children):
    """The subject page's answers from the draft: a child in the list is chosen again by its
    key, any other number shown as printed on the card."""
    if not saved:
        return {"subject_type": Subject.SELF}
    initial = dict(saved)
    number = initial.pop("subject_niss", "")
    if initial["subject_type"] == Subject.MINOR_CHILD:
        key = next((key for key, child in children if child.niss == number), None)
        if key:
            initial["child"] = key
        else:
            initial["child"] = OTHER_CHILD if children else ""
            initial["child_niss"] = niss.format_niss(number)
    elif number:
        initial["subject_niss"] = niss.format_niss(number)
    return initial


def _not_eligible(request, kind, reason):
    """Not a mistake in the form: the citizen may not order this document here online at
    all. The page says why and where to go instead."""
    return render(
        request,
        "guichet/order/not_eligible.html",
        {"kind": kind, "reason": reason, "elsewhere": kind.elsewhere},
    )


def _details_step(request, kind, draft):
    if request.method == "POST":
        checked = ordering.details_step(
            kind,
            applicant=request.citizen,
            subject=draft.get(ordering.SUBJECT),
            data=request.POST,
        )
        if checked.valid:
            draft.save_details(checked.values)
            return redirect(_next_url(request, kind, ordering.DETAILS))
        details_form, form = checked.forms["details"], checked.forms["purpose"]
    else:
        saved = draft.get(ordering.DETAILS) or {}
        details_form = (
            kind.details_form(initial=saved.get("details", {}), prefix=ordering.DETAILS_PREFIX)
            if kind.details_form
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
    if request.method == "POST":
        checked = ordering.delivery_step(request.POST)
        if checked.valid:
            draft.save_delivery(checked.values)
            return redirect(_next_url(request, kind, ordering.DELIVERY))
        form = checked.forms["delivery"]
    else:
        saved = draft.get(ordering.DELIVERY) or {}
        initial = {
            "copies": saved.get("copies", 1),
            "delivery": saved.get("delivery", Delivery.DOWNLOAD),
            **saved.get("postal_address", {}),
        }
        if saved.get("document_language"):
            initial["document_language"] = saved["document_language"]
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
    purpose = draft.purpose()
    if purpose is None:
        return redirect(_step_url(kind, ordering.DETAILS))
    delivery = draft.get(ordering.DELIVERY)
    # For the page and the choice of payment; request_submit computes the fee again.
    kind_settings = KindSettings.objects.get(kind=kind.slug)
    fee = services.compute_fee(
        kind_settings=kind_settings, purpose=purpose, copies=delivery["copies"]
    )
    free = purpose.free or fee == Decimal("0")
    error = None
    error_status = 200
    payment = ordering.payment_step(
        request.POST if request.method == "POST" else {},
        fee=0 if free else fee,
        delivery=delivery["delivery"],
    )
    if request.method == "POST":
        if not payment.valid:
            error_status = 400
        elif not hit(request, scope="order", limit=settings.ORDER_RATE_LIMIT, window=600):
            error_status = 429
            error = _(
                "Trop de demandes envoyées depuis votre connexion en peu de temps. "
                "Réessayez dans quelques minutes : vos réponses sont conservées."
            )
        else:
            try:
                created = draft.submit(
                    citizen=request.citizen,
                    assurance=assurance_level(request),
                    purpose=purpose,
                    payment_choice=payment.values["payment_choice"],
                )
            except ValidationError as problem:
                error_status = 400
                error = " ".join(problem.messages)
            else:
                return redirect("guichet:confirmation", reference=created.reference)
    rows = _summary_rows(
        kind,
        draft.get(ordering.SUBJECT),
        draft.get(ordering.DETAILS),
        delivery,
        purpose,
        draft.power_of_attorney(),
    )
    payment_form = payment.forms["payment"]
    return render(
        request,
        "guichet/order/check.html",
        _context(
            kind,
            "verification",
            rows=rows,
            fee=fee,
            error=error,
            free=free,
            payment_form=payment_form if payment_form.fields["payment_choice"].choices else None,
            counter_offered=any(
                value == PaymentChoice.COUNTER
                for value, _label in payment_form.fields["payment_choice"].choices
            ),
            language_notice=_document_language_notice(delivery),
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
    motive = purpose.localized_label()
    if details["purpose_explanation"]:
        motive = f"{motive} — {details['purpose_explanation']}"
    rows.append((_("Motif"), motive, back("details")))
    if delivery["delivery"] != Delivery.DOWNLOAD:
        rows.append((_("Exemplaires"), str(delivery["copies"]), back("remise")))
    remise = dict(Delivery.choices)[delivery["delivery"]]
    if delivery["postal_address"]:
        a = delivery["postal_address"]
        box = f" bte {a['box']}" if a.get("box") else ""
        remise = f"{remise} : {a['street']} {a['number']}{box}, {a['postcode']} {a['city']}"
    rows.append((_("Remise"), remise, back("remise")))
    if languages.citizen_chooses():
        language = languages.document_language(delivery.get("document_language"))
        rows.append(
            (_("Langue du document"), capfirst(languages.language_name(language)), back("remise"))
        )
    return rows


def _document_language_notice(delivery):
    """With one administrative language, a visitor reading the site in another language is
    told which one the document is written in (they were not asked)."""
    if languages.citizen_chooses():
        return ""
    language = languages.document_language()
    if (translation.get_language() or "").split("-")[0] == language:
        return ""
    return _("Le document sera rédigé en %(language)s.") % {
        "language": languages.language_name(language)
    }
