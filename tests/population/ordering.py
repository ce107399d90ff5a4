"""Helpers to go through the ordering steps with the Django test client (any kind)."""

import io

from pypdf import PdfReader

from guichet.citizens.session import set_assurance
from guichet.constants import Assurance
from guichet.models import Purpose


def sign_in(client, citizen, level=Assurance.HIGH):
    client.force_login(citizen.user)
    request = type("R", (), {"session": client.session})()
    set_assurance(request, level)
    request.session.save()


def step_url(kind, step):
    return f"/guichet/{kind}/commander/{step}/"


def purpose_pk(kind, code):
    return Purpose.objects.get(kind=kind, code=code).pk


def post_subject(client, kind, subject=None):
    return client.post(step_url(kind, "pour-qui"), subject or {"subject_type": "self"})


def post_details(client, kind, *, purpose, details=None):
    return client.post(
        step_url(kind, "details"), {"purpose": purpose_pk(kind, purpose), **(details or {})}
    )


def finish(client, kind, delivery=None):
    response = client.post(
        step_url(kind, "remise"), delivery or {"copies": 1, "delivery": "download"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    check = client.get(step_url(kind, "verification"))
    assert check.status_code == 200
    return check, client.post(step_url(kind, "verification"))


def order(client, kind, *, purpose, subject=None, details=None, delivery=None):
    """Go through every step, asserting each is accepted; returns (check page, submission)."""
    response = post_subject(client, kind, subject)
    assert response.status_code == 302, response.content.decode()[:3000]
    response = post_details(client, kind, purpose=purpose, details=details)
    assert response.status_code == 302, response.content.decode()[:3000]
    return finish(client, kind, delivery)


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def field_errors(response, form_name, field):
    """The messages next to one field of a re-rendered step."""
    form = response.context[form_name]
    return " ".join(str(e) for e in form.errors.get(field, []))


def pay_by_transfer(document_request):
    """The fee arrives by transfer (as a bank statement line would bring it): the request
    leaves `awaiting_payment` and goes on as a free one would. Run inside `commit()` so the
    kind decides (auto-issue or the queue) as after a real commit."""
    import datetime

    from guichet.payments.services import payment_record_transfer

    payment_record_transfer(
        document_request=document_request,
        amount=document_request.fee,
        bank_reference=f"TEST-{document_request.reference}",
        paid_on=datetime.date.today(),
    )
    document_request.refresh_from_db()
    return document_request
