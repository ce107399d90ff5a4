"""A paper act waits for a clerk, who records its digitisation (audited) and then issues."""

import pytest

from etatcivil.roles import ETAT_CIVIL
from etatcivil.services import act_mark_digitised
from guichet import services
from guichet.constants import State
from guichet.models import AuditEntry, DocumentRequest
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.factories import BirthActFactory, family, make_citizen
from tests.population.ordering import order, pdf_text, sign_in

pytestmark = pytest.mark.django_db
KIND = "acte-naissance"


@pytest.fixture
def paper_request(client):
    parent, _partner, _child = family()
    act = BirthActFactory(person=parent, paper=True)
    sign_in(client, make_citizen(parent))
    order(client, KIND, purpose="mariage", details={"d-variant": "copie"})
    return act, DocumentRequest.objects.get()


@pytest.fixture
def clerk():
    return make_staff("agent-etat-civil", ETAT_CIVIL)


def test_paper_act_waits_for_a_clerk_with_the_reason(paper_request):
    _act, request = paper_request
    assert request.state == State.SUBMITTED
    assert "Acte sur papier" in request.review_reason
    assert request.details == {"variant": "copie"}


def test_clerk_cannot_issue_before_the_act_is_digitised(paper_request, clerk):
    _act, request = paper_request
    request = services.request_start_review(
        document_request=request, by=clerk, expected_state=State.SUBMITTED
    )
    with pytest.raises(services.ActionRefused, match="acte sur papier"):
        services.request_issue(document_request=request, by=clerk, expected_state=State.IN_REVIEW)
    assert DocumentRequest.objects.get().state == State.IN_REVIEW


def test_clerk_records_the_digitisation_then_issues(paper_request, clerk):
    act, request = paper_request
    request = services.request_start_review(
        document_request=request, by=clerk, expected_state=State.SUBMITTED
    )
    digitised = act_mark_digitised(act=act, by=clerk, document_request=request)
    assert digitised.digitised is True
    assert digitised.digitised_by == clerk
    assert digitised.digitised_at is not None
    entry = AuditEntry.objects.get(action="etatcivil.act.digitised")
    assert entry.actor == clerk
    assert entry.request == request
    assert entry.data["act"] == {"commune": act.commune, "year": act.year, "number": act.number}

    issued = services.request_issue(
        document_request=request, by=clerk, expected_state=State.IN_REVIEW
    )
    assert issued.state == State.ISSUED
    with issued.document.file.open("rb") as handle:
        assert "COPIE INTÉGRALE" in pdf_text(handle.read())


def test_digitising_twice_is_refused(paper_request, clerk):
    act, _request = paper_request
    act_mark_digitised(act=act, by=clerk)
    with pytest.raises(services.ActionRefused, match="déjà électronique"):
        act_mark_digitised(act=act, by=clerk)
    assert AuditEntry.objects.filter(action="etatcivil.act.digitised").count() == 1


def test_a_population_clerk_cannot_record_a_digitisation(paper_request):
    act, _request = paper_request
    other = make_staff("agent-population", POPULATION)
    with pytest.raises(services.ActionRefused, match="ne traite pas les actes de naissance"):
        act_mark_digitised(act=act, by=other)
    act.refresh_from_db()
    assert act.digitised is False
    assert not AuditEntry.objects.filter(action="etatcivil.act.digitised").exists()


def test_the_variant_is_asked_and_summarised(client):
    parent, *_ = family()
    BirthActFactory(person=parent)
    sign_in(client, make_citizen(parent))
    client.post(f"/guichet/{KIND}/commander/pour-qui/", {"subject_type": "self"})
    page = client.get(f"/guichet/{KIND}/commander/details/").content.decode()
    assert "Quel document souhaitez-vous ?" in page
    assert "Copie intégrale" in page and "Extrait plurilingue" in page
    response = client.post(
        f"/guichet/{KIND}/commander/details/", {"d-variant": "nimporte", "purpose": ""}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choisissez l&#x27;extrait, la copie intégrale ou l&#x27;extrait plurilingue." in body
    check, _response = order(client, KIND, purpose="etranger", details={"d-variant": "plurilingue"})
    assert "Extrait plurilingue (usage à l&#x27;étranger)" in check.content.decode()
