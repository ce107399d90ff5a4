"""The citizen journey through the Django test client: order, auto-issue, download, verify."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from guichet.citizens.session import set_assurance
from guichet.constants import Assurance, State
from guichet.models import AuditEntry, DocumentRequest, Purpose
from population.constants import HouseholdRelation
from tests.factories import PersonFactory, family, make_citizen, make_household

pytestmark = pytest.mark.django_db
KIND = "composition-menage"
BASE = f"/guichet/{KIND}/commander"


def sign_in(client, citizen, level=Assurance.HIGH):
    client.force_login(citizen.user)
    request = type("R", (), {"session": client.session})()
    set_assurance(request, level)
    request.session.save()


def mandatary_subject(scan=b"%PDF-1.4\n%test\n", content_type="text/plain"):
    """The "pour qui" answers of a citizen ordering for a neighbour, with a signed power of
    attorney (the browser's content type is deliberately wrong: uploads are sniffed)."""
    neighbour = PersonFactory(first_names="Paul", last_name="Henrard")
    make_household((neighbour, HouseholdRelation.REFERENCE))
    return {
        "subject_type": "third_party",
        "subject_niss": neighbour.niss,
        "relationship": "mandatary",
        "power_of_attorney": SimpleUploadedFile("procuration.pdf", scan, content_type=content_type),
    }


def order(client, *, subject=None, details=None, purpose="mutuelle", delivery=None):
    subject = subject or {"subject_type": "self"}
    response = client.post(f"{BASE}/pour-qui/", subject)
    assert response.status_code == 302, response.content.decode()[:3000]
    purpose_pk = Purpose.objects.get(kind=KIND, code=purpose).pk
    response = client.post(f"{BASE}/details/", {"purpose": purpose_pk, **(details or {})})
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(f"{BASE}/remise/", delivery or {"copies": 1, "delivery": "download"})
    assert response.status_code == 302, response.content.decode()[:3000]
    check = client.get(f"{BASE}/verification/")
    assert check.status_code == 200
    return check, client.post(f"{BASE}/verification/")


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_strong_citizen_gets_own_household_certificate_at_once(client, commit):
    parent, partner, child = family()
    citizen = make_citizen(parent)
    sign_in(client, citizen)
    with commit():
        check, response = order(client)
    assert "Gratuit" in check.content.decode()  # mutuelle is a social purpose
    request = DocumentRequest.objects.get()
    assert response["Location"] == f"/guichet/mes-demandes/{request.reference}/confirmation/"
    assert request.state == State.ISSUED
    assert request.channel == "auto"
    assert re.fullmatch(r"\d{4}-\d{6}", request.reference)

    page = client.get(response["Location"])
    assert "Votre document est prêt" in page.content.decode()
    download = client.get(f"/guichet/mes-demandes/{request.reference}/document.pdf")
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    text = pdf_text(content)
    for person in (parent, partner, child):
        assert person.last_name.upper() in text
    assert request.document.verification_code in text
    assert "attachment" in download["Content-Disposition"]
    # The e-mail says it is ready, with the first name only and no attachment.
    assert mail.outbox[-1].subject.startswith("Votre document est prêt")
    assert mail.outbox[-1].attachments == []
    assert parent.niss not in mail.outbox[-1].body
    assert AuditEntry.objects.filter(request=request, action="guichet.request.auto_issued").exists()


def test_weak_sign_in_goes_to_the_clerk_queue_with_its_reason(client, commit):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level=Assurance.LOW)
    with commit():
        order(client)
    request = DocumentRequest.objects.get()
    assert request.state == State.SUBMITTED
    assert "niveau d'authentification" in request.review_reason
    assert "bien reçue" in mail.outbox[-1].subject


def test_past_date_goes_to_the_clerk(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    order(client, details={"d-on_date": "2020-05-01"})
    request = DocumentRequest.objects.get()
    assert request.state == State.SUBMITTED
    assert "date passée" in request.review_reason


def test_minor_child_in_the_parents_household_is_auto_issued(client):
    parent, _partner, child = family()
    sign_in(client, make_citizen(parent))
    order(
        client, subject={"subject_type": "minor_child", "child": "autre", "child_niss": child.niss}
    )
    request = DocumentRequest.objects.get()
    assert request.state == State.ISSUED
    assert request.subject_niss == child.niss


def test_minor_child_living_elsewhere_goes_to_the_clerk(client):
    parent, *_ = family()
    other_child = PersonFactory(first_names="Noah", birth_date=datetime.date(2015, 1, 1))
    guardian = PersonFactory(first_names="Anne", birth_date=datetime.date(1980, 1, 1))
    make_household((guardian, HouseholdRelation.REFERENCE), (other_child, HouseholdRelation.CHILD))
    sign_in(client, make_citizen(parent))
    order(
        client,
        subject={"subject_type": "minor_child", "child": "autre", "child_niss": other_child.niss},
    )
    request = DocumentRequest.objects.get()
    assert request.state == State.SUBMITTED
    assert "pas membre du ménage de l'enfant" in request.review_reason


def test_third_party_with_power_of_attorney_goes_to_the_clerk(client):
    parent, partner, _child = family()
    sign_in(client, make_citizen(parent))
    order(client, subject=mandatary_subject())
    request = DocumentRequest.objects.get()
    assert request.state == State.SUBMITTED
    assert "procuration à vérifier" in request.review_reason
    attachment = request.attachments.get()
    assert attachment.content_type == "application/pdf"  # sniffed, not the browser's claim
    assert "procuration" not in attachment.file.name  # private path reveals nothing


def test_fee_is_base_plus_supplement_times_copies(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level=Assurance.LOW)
    check, _ = order(client, purpose="etranger", delivery={"copies": 3, "delivery": "counter"})
    assert "9,00 €" in check.content.decode() or "9.00 €" in check.content.decode()
    assert DocumentRequest.objects.get().fee == 9


def test_references_follow_each_other_without_gaps(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level=Assurance.LOW)
    order(client)
    order(client)
    first, second = DocumentRequest.objects.order_by("pk")
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1
