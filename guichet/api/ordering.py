"""An order sent to the API, checked exactly as the web's ordering steps check it.

guichet.views.order validates one step per page (SubjectForm and kind.resolve_subject; the
kind's details form, PurposeForm and kind.check_order; DeliveryForm). Here the same forms
and hooks run on one JSON document, and every error comes back at once, each with a pointer
to the member it concerns. Nothing is re-implemented: a rule changed in a form or a kind
applies to the API too.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from guichet import services
from guichet.api.problems import FormErrors
from guichet.constants import Subject
from guichet.forms import DeliveryForm, PurposeForm, SubjectForm
from guichet.kinds import registry
from guichet.models import KindSettings, Purpose

# A value no purpose has, so PurposeForm refuses an unknown code with its own message.
UNKNOWN_PURPOSE = "-1"


def _as_form_data(details):
    """JSON scalars → the strings a form expects (null means "not answered")."""
    return {key: str(value) for key, value in (details or {}).items() if value is not None}


def order_from(*, citizen, data):
    """Turn the validated OrderSerializer data into a services.Order, or raise a DRF
    ValidationError whose nested keys point at the offending members."""
    errors = FormErrors()
    kind = registry.get(data["kind"])
    if kind is None or not KindSettings.objects.filter(kind=kind.slug, active=True).exists():
        errors.add(("kind",), _("Ce document n'est pas proposé en ligne."), "unavailable")
        errors.raise_if_any()

    # Step "pour qui": the web form, then the register (kind.resolve_subject).
    subject_form = SubjectForm(
        data={
            "subject_type": data.get("subject_type", Subject.SELF),
            "subject_niss": data.get("subject_niss", ""),
            "relationship": data.get("relationship", ""),
            "relationship_detail": data.get("relationship_detail", ""),
        },
        files={},
        kind=kind,
    )
    subject = None
    if subject_form.is_valid():
        try:
            subject = kind.resolve_subject(
                applicant=citizen,
                subject_type=subject_form.cleaned_data["subject_type"],
                subject_niss=subject_form.cleaned_data["subject_niss"],
            )
        except DjangoValidationError as error:
            errors.add_hook(error, {f: (f,) for f in SubjectForm.base_fields})
    else:
        if "power_of_attorney" in subject_form.errors:
            # v1 takes JSON only: a request needing a signed power of attorney is made on the
            # website, which takes the file.
            errors.add(
                ("subject_type",),
                _(
                    "Cette demande nécessite une procuration signée, que l'API ne reçoit pas "
                    "encore : faites-la sur le site, à l'adresse %(url)s."
                )
                % {"url": reverse("guichet:order", args=[kind.slug])},
                "power_of_attorney_required",
            )
            del subject_form.errors["power_of_attorney"]
        errors.add_form(subject_form)

    # Step "détails": the kind's own questions, the purpose, then kind.check_order.
    raw_details = data.get("details") or {}
    details_form = None
    details = {}
    if kind.details_form is not None:
        details_form = kind.details_form(data=_as_form_data(raw_details))
        unknown = set(raw_details) - set(details_form.base_fields)
        details_valid = details_form.is_valid()
        if details_valid:
            details = {k: v for k, v in details_form.cleaned_data.items() if v not in (None, "")}
        else:
            errors.add_form(details_form, prefix=("details",))
    else:
        unknown = set(raw_details)
        details_valid = True
    for key in sorted(unknown):
        errors.add(("details", key), _("Ce document ne prévoit pas cette question."), "unknown")

    purpose = (
        Purpose.objects.filter(kind=kind.slug, code=data.get("purpose", ""), active=True)
        .values_list("pk", flat=True)
        .first()
    )
    purpose_form = PurposeForm(
        data={
            "purpose": purpose if purpose is not None else UNKNOWN_PURPOSE,
            "purpose_explanation": data.get("purpose_explanation", ""),
        },
        kind=kind,
    )
    purpose_valid = purpose_form.is_valid()
    if not purpose_valid:
        errors.add_form(purpose_form)

    if subject is not None and details_valid and not unknown and purpose_valid:
        subject_type = subject_form.cleaned_data["subject_type"]
        try:
            kind.check_order(
                applicant=citizen,
                subject_type=subject_type,
                relationship=subject_form.cleaned_data.get("relationship", ""),
                subject_niss=subject.niss if subject_type != Subject.SELF else citizen.niss,
                details=details,
                purpose=purpose_form.cleaned_data["purpose"],
            )
        except DjangoValidationError as error:
            paths = {"purpose": ("purpose",), "purpose_explanation": ("purpose_explanation",)}
            if details_form is not None:
                paths.update({f: ("details", f) for f in details_form.base_fields})
            errors.add_hook(error, paths)

    # Step "remise": copies, delivery and the postal address.
    address = data.get("postal_address") or {}
    delivery_form = DeliveryForm(
        data={
            "copies": data.get("copies", 1),
            "delivery": data.get("delivery", ""),
            **{name: address.get(name, "") for name in DeliveryForm.ADDRESS_FIELDS},
        }
    )
    if not delivery_form.is_valid():
        errors.add_form(
            delivery_form,
            rename={name: ("postal_address", name) for name in DeliveryForm.ADDRESS_FIELDS},
        )

    errors.raise_if_any()
    cleaned = subject_form.cleaned_data
    return services.Order(
        kind=kind.slug,
        subject_type=cleaned["subject_type"],
        subject_niss=subject.niss if cleaned["subject_type"] != Subject.SELF else "",
        relationship=cleaned.get("relationship", ""),
        relationship_detail=cleaned.get("relationship_detail", "").strip(),
        details=details,
        purpose=purpose_form.cleaned_data["purpose"],
        purpose_explanation=purpose_form.cleaned_data["purpose_explanation"],
        copies=delivery_form.cleaned_data["copies"],
        delivery=delivery_form.cleaned_data["delivery"],
        postal_address=delivery_form.postal_address(),
    )
