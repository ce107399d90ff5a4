"""An order sent to the API: guichet.ordering checks it (the website's steps, all at once) and
its errors become the validation problem's list, each with a pointer to its member."""

from django.urls import reverse
from django.utils.translation import gettext as _

from guichet import ordering
from guichet.api.problems import FormErrors


def order_from(*, citizen, data):
    """Turn the validated OrderSerializer data into a services.Order, or raise a DRF
    ValidationError whose nested keys point at the offending members."""
    problems = FormErrors()
    kind = ordering.orderable_kind(data["kind"])
    if kind is None:
        problems.add(("kind",), _("Ce document n'est pas proposé en ligne."), "unavailable")
        problems.raise_if_any()

    checked = ordering.whole_order(kind, applicant=citizen, document=data)
    errors = checked.errors
    if errors.get(("power_of_attorney",)):
        # v1 takes JSON only: a request needing a signed power of attorney is made on the
        # website, which takes the file.
        problems.add(
            ("subject_type",),
            _(
                "Cette demande nécessite une procuration signée, que l'API ne reçoit pas "
                "encore : faites-la sur le site, à l'adresse %(url)s."
            )
            % {"url": reverse("guichet:order", args=[kind.slug])},
            "power_of_attorney_required",
        )
    for path, messages in errors.items():
        if path != ("power_of_attorney",):
            for message in messages:
                problems.add(path, message.text, message.code)
    problems.raise_if_any()
    return checked.order
