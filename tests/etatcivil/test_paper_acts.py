"""A paper act waits for a clerk, who records its digitisation (BAEC reference, audited) from
the request page, then previews and issues; a preview or issue that cannot be produced says
why and what to do, in the back office's look."""

import pytest

from etatcivil.roles import ETAT_CIVIL
from etatcivil.services import act_mark_digitised
from guichet import issuing, services
from guichet.constants import State
from guichet.models import AuditEntry, DocumentRequest
from population.roles import POPULATION
from tests.conftest import ROLE_GROUPS, make_staff, verify_session
from tests.factories import BirthActFactory, DocumentRequestFactory, family, make_citizen
from tests.population.ordering import order, pay_by_transfer, pdf_text, sign_in

pytestmark = pytest.mark.django_db
KIND = "acte-naissance"


@pytest.fixture
def paper_request(client, commit):
    parent, _partner, _child = family()
    act = BirthActFactory(person=parent, paper=True)
    sign_in(client, make_citizen(parent))
    with commit():
        order(client, KIND, purpose="mariage", details={"d-variant": "copie"})
        pay_by_transfer(DocumentRequest.objects.get())
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
    with pytest.raises(services.ActionRefused, match="n'existe que sur papier") as refused:
        services.request_issue(document_request=request, by=clerk, expected_state=State.IN_REVIEW)
    assert refused.value.code == "etatcivil.paper_act"
    assert "service informatique" not in str(refused.value)
    assert DocumentRequest.objects.get().state == State.IN_REVIEW


def test_clerk_records_the_digitisation_then_issues(paper_request, clerk):
    act, request = paper_request
    request = services.request_start_review(
        document_request=request, by=clerk, expected_state=State.SUBMITTED
    )
    digitised = act_mark_digitised(
        act=act, by=clerk, baec_reference=" baec-1984-000123 ", document_request=request
    )
    assert digitised.digitised is True
    assert digitised.baec_reference == "BAEC-1984-000123"
    assert digitised.digitised_by == clerk
    assert digitised.digitised_at is not None
    entry = AuditEntry.objects.get(action="etatcivil.act.digitised")
    assert entry.actor == clerk
    assert entry.request == request
    assert entry.data["act"] == {"commune": act.commune, "year": act.year, "number": act.number}
    assert entry.data["baec_reference"] == "BAEC-1984-000123"

    issued = services.request_issue(
        document_request=request, by=clerk, expected_state=State.IN_REVIEW
    )
    assert issued.state == State.ISSUED
    with issued.document.file.open("rb") as handle:
        assert "COPIE INTÉGRALE" in pdf_text(handle.read())


def test_digitising_twice_is_refused(paper_request, clerk):
    act, _request = paper_request
    act_mark_digitised(act=act, by=clerk, baec_reference="BAEC-1984-000123")
    with pytest.raises(services.ActionRefused, match="déjà électronique"):
        act_mark_digitised(act=act, by=clerk, baec_reference="BAEC-1984-000124")
    assert AuditEntry.objects.filter(action="etatcivil.act.digitised").count() == 1


def test_a_population_clerk_cannot_record_a_digitisation(paper_request):
    act, _request = paper_request
    other = make_staff("agent-population", POPULATION)
    with pytest.raises(services.ActionRefused, match="ne traite pas les actes de naissance"):
        act_mark_digitised(act=act, by=other, baec_reference="BAEC-1984-000123")
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


@pytest.mark.parametrize(
    "typed", ["", "12", "BAEC 1984 000123 !", "BAEC--1984", "ABCD-EFGH", "X" * 41]
)
def test_a_reference_without_the_form_of_one_is_refused(paper_request, clerk, typed):
    act, _request = paper_request
    with pytest.raises(services.ActionRefused, match="pas la bonne forme"):
        act_mark_digitised(act=act, by=clerk, baec_reference=typed)
    act.refresh_from_db()
    assert (act.digitised, act.baec_reference) == (False, "")


def test_a_reference_already_given_to_another_act_is_refused(paper_request, clerk):
    act, _request = paper_request
    BirthActFactory(person=None, year=1950, number=7, baec_reference="BAEC-1950-000007")
    with pytest.raises(services.ActionRefused, match="déjà celle d'un autre acte"):
        act_mark_digitised(act=act, by=clerk, baec_reference="baec-1950-000007")
    act.refresh_from_db()
    assert act.digitised is False


# -- the request page ------------------------------------------------------------------------
def page_of(client, request):
    return client.get(f"/bureau/demandes/{request.reference}/")


def test_the_request_page_offers_the_digitisation_to_civil_status_clerks(client, paper_request):
    _act, request = paper_request
    verify_session(client, make_staff("ec", ETAT_CIVIL))
    body = page_of(client, request).content.decode()
    assert "Acte sur papier" in body
    assert f'action="/bureau/etat-civil/demandes/{request.reference}/numerisation/"' in body
    assert "Référence de l&#x27;acte dans la BAEC" in body


@pytest.mark.parametrize("role", ["manager", "population"])
def test_others_are_not_offered_the_digitisation(client, paper_request, role):
    _act, request = paper_request
    verify_session(client, make_staff(f"u-{role}", ROLE_GROUPS[role]))
    response = page_of(client, request)
    assert "Enregistrer la numérisation" not in response.content.decode()


def test_the_clerk_records_the_digitisation_from_the_page_then_previews_and_issues(
    client, paper_request, commit
):
    act, request = paper_request
    clerk = make_staff("ec", ETAT_CIVIL)
    verify_session(client, clerk)
    base = f"/bureau/demandes/{request.reference}"
    client.post(f"{base}/claim/", {"expected_state": "submitted"})
    response = client.post(
        f"/bureau/etat-civil/demandes/{request.reference}/numerisation/",
        {"baec_reference": "baec-1984-000123"},
        follow=True,
    )
    body = response.content.decode()
    assert "Numérisation enregistrée (référence BAEC BAEC-1984-000123)" in body
    assert "Enregistrer la numérisation" not in body  # nothing left to digitise
    assert "Acte de naissance papier enregistré dans la BAEC par" in body  # the history
    assert "BAEC-1984-000123" in body
    act.refresh_from_db()
    assert act.digitised and act.digitised_by == clerk
    entry = AuditEntry.objects.get(action="etatcivil.act.digitised")
    assert entry.request == request

    assert client.get(f"{base}/apercu.pdf")["Content-Type"] == "application/pdf"
    with commit():
        client.post(f"{base}/issue/", {"expected_state": "in_review", "checked": "on"})
    request.refresh_from_db()
    assert request.state == State.ISSUED


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Indiquez la référence de l&#x27;acte dans la BAEC."),
        ("1984 / ?", "La référence BAEC n&#x27;a pas la bonne forme"),
    ],
)
def test_a_missing_or_malformed_reference_is_shown_on_the_page(
    client, paper_request, typed, message
):
    act, request = paper_request
    verify_session(client, make_staff("ec", ETAT_CIVIL))
    response = client.post(
        f"/bureau/etat-civil/demandes/{request.reference}/numerisation/",
        {"baec_reference": typed},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Il y a un problème" in body and message in body
    assert 'href="#id_baec_reference"' in body
    assert f'value="{typed}"' in body or not typed  # what was typed is kept
    act.refresh_from_db()
    assert act.digitised is False


def test_digitising_an_act_already_digitised_says_so(client, paper_request):
    act, request = paper_request
    clerk = make_staff("ec", ETAT_CIVIL)
    verify_session(client, clerk)
    act_mark_digitised(act=act, by=clerk, baec_reference="BAEC-1984-000123")
    response = client.post(
        f"/bureau/etat-civil/demandes/{request.reference}/numerisation/",
        {"baec_reference": "BAEC-1984-000999"},
        follow=True,
    )
    assert "déjà électronique" in response.content.decode()
    act.refresh_from_db()
    assert act.baec_reference == "BAEC-1984-000123"


@pytest.mark.parametrize("role", ["population", "manager", "communication"])
def test_only_civil_status_clerks_may_digitise(client, paper_request, role):
    act, request = paper_request
    verify_session(client, make_staff(f"u-{role}", ROLE_GROUPS[role]))
    response = client.post(
        f"/bureau/etat-civil/demandes/{request.reference}/numerisation/",
        {"baec_reference": "BAEC-1984-000123"},
    )
    assert response.status_code in (403, 404)
    act.refresh_from_db()
    assert act.digitised is False


def test_the_digitisation_url_of_another_kind_is_404(client):
    household = DocumentRequestFactory(kind="composition-menage")
    verify_session(client, make_staff("ec", ETAT_CIVIL))
    response = client.post(
        f"/bureau/etat-civil/demandes/{household.reference}/numerisation/",
        {"baec_reference": "BAEC-1984-000123"},
    )
    assert response.status_code == 404


def test_digitising_needs_a_verified_second_factor(client, paper_request):
    act, request = paper_request
    client.force_login(make_staff("ec", ETAT_CIVIL))
    response = client.post(
        f"/bureau/etat-civil/demandes/{request.reference}/numerisation/",
        {"baec_reference": "BAEC-1984-000123"},
    )
    assert response.status_code == 302
    assert "/bureau/compte/verification/" in response["Location"]
    act.refresh_from_db()
    assert act.digitised is False


# -- when there is no document to show -------------------------------------------------------
def test_the_preview_of_a_paper_act_is_a_page_saying_what_to_do(client, paper_request):
    _act, request = paper_request
    verify_session(client, make_staff("ec", ETAT_CIVIL))
    response = client.get(f"/bureau/demandes/{request.reference}/apercu.pdf")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "<h1>L'aperçu n'a pas pu être produit</h1>" in body
    assert "enregistrez d&#x27;abord sa numérisation dans la BAEC" in body
    assert f'href="/bureau/demandes/{request.reference}/"' in body
    assert "service informatique" not in body


def test_issuing_a_paper_act_says_what_to_do(client, paper_request):
    _act, request = paper_request
    verify_session(client, make_staff("ec", ETAT_CIVIL))
    base = f"/bureau/demandes/{request.reference}"
    client.post(f"{base}/claim/", {"expected_state": "submitted"})
    response = client.post(
        f"{base}/issue/", {"expected_state": "in_review", "checked": "on"}, follow=True
    )
    body = response.content.decode()
    assert "L&#x27;acte de naissance n&#x27;existe que sur papier" in body
    assert "service informatique" not in body
    assert DocumentRequest.objects.get().state == State.IN_REVIEW


def test_a_technical_failure_of_the_preview_is_a_page_too(client, paper_request, monkeypatch):
    _act, request = paper_request
    verify_session(client, make_staff("ec", ETAT_CIVIL))

    def broken(**kwargs):
        raise issuing.IssuingError("rendu PDF impossible")

    monkeypatch.setattr(issuing, "render_preview", broken)
    response = client.get(f"/bureau/demandes/{request.reference}/apercu.pdf")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Rendu PDF impossible" in body and "Réessayez dans quelques minutes" in body
