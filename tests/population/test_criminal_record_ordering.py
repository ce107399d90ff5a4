"""A criminal record extract through the counter: the model's purposes, the clerk path, the
e-mail that never carries it, and the verification page that expires after 90 days."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from etatcivil.roles import ETAT_CIVIL
from guichet import services
from guichet.constants import State
from guichet.models import DocumentRequest, KindSettings
from population.constants import HouseholdRelation
from population.kinds.criminal_record import SLUG
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.factories import (
    CriminalRecordEntryFactory,
    DocumentRequestFactory,
    PersonFactory,
    make_citizen,
    make_household,
)
from tests.population.ordering import order, pdf_text, sign_in, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = PersonFactory(first_names="Jean", last_name="Goossens")
    make_household((person, HouseholdRelation.REFERENCE))
    return person


@pytest.fixture
def citizen(person):
    return make_citizen(person)


def test_purposes_are_grouped_by_model_and_the_choice_is_explained(client, citizen):
    sign_in(client, citizen)
    client.post(step_url(SLUG, "pour-qui"), {"subject_type": "self"})
    page = client.get(step_url(SLUG, "details")).content.decode()
    assert '<optgroup label="Modèle 595">' in page
    assert '<optgroup label="Modèle 596.1">' in page
    assert '<optgroup label="Modèle 596.2">' in page
    assert "Taxi ou location de voiture avec chauffeur" in page
    assert "activités avec des mineurs" in page  # the 596.2 radio says what it is for


def test_never_an_email_attachment_only_a_ready_message(client, citizen, commit):
    sign_in(client, citizen)
    with commit():
        order(client, SLUG, purpose="595-emploi", details={"d-model": "595"})
    request = DocumentRequest.objects.get()
    assert request.state == State.ISSUED
    message = mail.outbox[-1]
    assert message.subject.startswith("Votre document est prêt")
    assert message.attachments == []
    assert all(
        not alternative[1].startswith("application/pdf") for alternative in message.alternatives
    )
    assert "jamais envoyé en pièce jointe" in message.body
    download = client.get(f"/guichet/mes-demandes/{request.reference}/document.pdf")
    assert "Néant" in pdf_text(b"".join(download.streaming_content))


def test_a_record_with_decisions_waits_for_a_clerk_who_issues_the_entries(client, person, citizen):
    CriminalRecordEntryFactory(
        person=person, minors_only=True, offence="Coups et blessures volontaires"
    )
    sign_in(client, citizen)
    _check, response = order(client, SLUG, purpose="5962-animation", details={"d-model": "596.2"})
    request = DocumentRequest.objects.get()
    assert request.state == State.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert "Un agent va traiter votre demande" in page

    population_clerk = make_staff("agent-population", POPULATION)
    request = services.request_start_review(
        document_request=request, by=population_clerk, expected_state=State.SUBMITTED
    )
    issued = services.request_issue(
        document_request=request, by=population_clerk, expected_state=State.IN_REVIEW
    )
    assert issued.state == State.ISSUED
    with issued.document.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Coups et blessures volontaires" in text
    assert "Néant" not in text


def test_a_civil_status_clerk_cannot_handle_criminal_records(citizen):
    request = DocumentRequestFactory(
        kind=SLUG,
        applicant=citizen.user,
        applicant_niss=citizen.niss,
        subject_niss=citizen.niss,
        details={"model": "595"},
    )
    clerk = make_staff("agent-etat-civil", ETAT_CIVIL)
    with pytest.raises(services.ActionRefused, match="ne traite pas"):
        services.request_start_review(
            document_request=request, by=clerk, expected_state=State.SUBMITTED
        )


def test_verification_page_says_expired_after_90_days(client, citizen):
    sign_in(client, citizen)
    order(client, SLUG, purpose="595-emploi", details={"d-model": "595"})
    document = DocumentRequest.objects.get().document
    url = f"/verifier/{document.verification_code}/"
    assert document.valid_until - document.issued_at == datetime.timedelta(days=90)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=89)):
        assert "Document authentique et valable." in client.get(url).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91)):
        page = client.get(url).content.decode()
    assert "expiré" in page


def test_verification_period_is_configurable(client, citizen):
    KindSettings.objects.filter(kind=SLUG).update(validity_days=30)
    sign_in(client, citizen)
    order(client, SLUG, purpose="595-emploi", details={"d-model": "595"})
    document = DocumentRequest.objects.get().document
    assert document.valid_until - document.issued_at == datetime.timedelta(days=30)
