"""The back office through the API: the same services, forms, audit and refusals."""

import json

import pytest
from django.core import mail

from guichet import roles
from guichet.constants import State
from guichet.models import AuditEntry, DocumentRequest, RequestMessage
from population.roles import POPULATION
from tests.api.conftest import bearer, make_token, service_account
from tests.conftest import make_staff, verify_session
from tests.factories import DocumentRequestFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db
BASE = "/api/v1/staff/requests"


def post(client, url, body=None, **headers):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", **headers)


@pytest.fixture
def queued(client):
    """A household request waiting for a clerk, made through the website (weak sign-in)."""
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")
    order(client)
    client.logout()
    return DocumentRequest.objects.get()


@pytest.fixture
def clerk(client):
    user = make_staff("clerk", POPULATION)
    verify_session(client, user)
    return user


def test_clerk_claims_asks_issues_and_closes(client, queued, clerk, commit):
    url = f"{BASE}/{queued.reference}"
    detail = client.get(f"{url}/").json()
    assert detail["actions"] == ["claim", "reject", "note"]
    assert detail["handled"] is True

    with commit():
        body = post(client, f"{url}/claim/").json()
    assert body["state"] == "in_review" and body["assigned_to"] == "clerk"

    response = post(client, f"{url}/ask/", {"message": ""})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "detail": "Écrivez la question à poser au citoyen.",
            "code": "required",
            "pointer": "#/message",
        }
    ]
    with commit():
        body = post(client, f"{url}/ask/", {"message": "Pouvez-vous confirmer l'adresse ?"}).json()
    assert body["state"] == "awaiting_citizen"
    assert "une question pour vous" in mail.outbox[-1].subject

    DocumentRequest.objects.filter(pk=queued.pk).update(state=State.IN_REVIEW)
    response = post(client, f"{url}/issue/", {"checked": False})
    assert response.json()["errors"][0]["detail"] == (
        "Ouvrez et vérifiez l'aperçu avant de délivrer."
    )
    with commit():
        body = post(client, f"{url}/issue/", {"checked": True, "expected_state": "in_review"})
        body = body.json()
    assert body["state"] == "issued"
    assert body["document"]["status"] == "valid"
    assert "revoke" in body["actions"] and "close" in body["actions"]
    assert AuditEntry.objects.filter(
        request=queued, action="guichet.request.issued", actor=clerk
    ).exists()
    assert post(client, f"{url}/close/").json()["state"] == "closed"


def test_reject_needs_a_reason_and_detail_for_other(client, queued, clerk):
    url = f"{BASE}/{queued.reference}/reject/"
    response = post(client, url, {"reason": "other", "detail": ""})
    assert response.json()["errors"] == [
        {
            "detail": "Expliquez le motif du refus au citoyen.",
            "code": "invalid",
            "pointer": "#/detail",
        }
    ]
    response = post(client, url, {"reason": "proxy", "detail": "Signature absente."})
    assert response.status_code == 200
    queued.refresh_from_db()
    assert queued.rejection_reason == "Procuration absente ou non valable. Signature absente."


def test_stale_expected_state_is_a_conflict(client, queued):
    verify_session(client, make_staff("first", POPULATION))
    post(client, f"{BASE}/{queued.reference}/claim/")
    verify_session(client, make_staff("second", POPULATION))
    response = post(
        client,
        f"{BASE}/{queued.reference}/reject/",
        {"reason": "duplicate", "expected_state": "submitted"},
    )
    assert response.status_code == 409
    problem = response.json()
    assert "modifiée par quelqu'un d'autre" in problem["detail"]
    assert problem["detail_en"].startswith("Someone else has just changed the request")
    queued.refresh_from_db()
    assert queued.state == State.IN_REVIEW


def test_only_the_claiming_clerk_releases(client, queued):
    verify_session(client, make_staff("first", POPULATION))
    post(client, f"{BASE}/{queued.reference}/claim/")
    verify_session(client, make_staff("second", POPULATION))
    response = post(client, f"{BASE}/{queued.reference}/release/")
    assert response.status_code == 409
    assert response.json()["detail_en"] == (
        "Only the clerk who took the request can put it back in the queue."
    )


def test_revoke_without_document_is_refused(client, queued, clerk):
    response = post(client, f"{BASE}/{queued.reference}/revoke/", {"reason": "Erreur."})
    assert response.status_code == 409
    assert response.json()["detail_en"] == "No document has been issued for this request."


def test_take_next_then_empty_queue(client, queued, clerk):
    response = post(client, f"{BASE}/next/")
    assert response.status_code == 200
    assert response.json()["reference"] == queued.reference
    assert post(client, f"{BASE}/next/").status_code == 204


def test_service_key_acts_as_its_account_with_the_audit_trail(client, queued):
    account = service_account(POPULATION, "intranet-population")
    account.first_name, account.last_name = "Intranet", "Population"
    account.save()
    _token, key = make_token("service", service=POPULATION, user=account)
    response = post(client, f"{BASE}/{queued.reference}/note/", {"body": "Vérifié."}, **bearer(key))
    assert response.status_code == 200
    note = RequestMessage.objects.get(request=queued, internal=True)
    assert note.author == account
    entry = AuditEntry.objects.get(request=queued, action="guichet.request.note_added")
    assert entry.actor_label == "Intranet Population"
    assert response.json()["messages"][-1]["internal"] is True


def test_key_of_an_account_that_left_the_service_acts_on_nothing(client, queued):
    account = service_account(POPULATION, "intranet-population")
    _token, key = make_token("service", service=POPULATION, user=account)
    account.groups.clear()
    assert client.get(f"{BASE}/{queued.reference}/", **bearer(key)).status_code == 404
    assert post(client, f"{BASE}/next/", **bearer(key)).status_code == 403


def test_queue_filters_are_the_back_offices(client, queued, clerk):
    other = DocumentRequestFactory(
        reference="2026-900001",
        state=State.REJECTED,
        closed_at=queued.submitted_at,
        subject_last_name="Zeller",
    )
    rows = client.get(f"{BASE}/").json()["results"]
    assert [r["reference"] for r in rows] == [queued.reference]  # open ones by default
    rows = client.get(f"{BASE}/?state=all&sort=newest").json()["results"]
    assert {r["reference"] for r in rows} == {queued.reference, other.reference}
    rows = client.get(f"{BASE}/?state=all&q=zell").json()["results"]
    assert [r["reference"] for r in rows] == [other.reference]
    rows = client.get(f"{BASE}/?assigned=me").json()["results"]
    assert rows == []
    response = client.get(f"{BASE}/?kind=acte-naissance&state=all")  # not a population kind
    assert response.status_code == 200 and response.json()["count"] == 0
    assert client.get(f"{BASE}/?kind=passeport").json()["errors"][0]["parameter"] == "kind"
    assert client.get(f"{BASE}/?age=7").json()["errors"][0]["parameter"] == "age"


def test_queue_query_count_does_not_grow_with_the_page(
    client, clerk, django_assert_max_num_queries
):
    DocumentRequestFactory.create_batch(3, assigned_to=clerk, state=State.IN_REVIEW)
    # (13: the host table's two queries included, once per process and half-minute)
    with django_assert_max_num_queries(13) as few:
        client.get(f"{BASE}/")
    DocumentRequestFactory.create_batch(20, assigned_to=clerk, state=State.IN_REVIEW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(f"{BASE}/").json()
    assert body["count"] == 23 and len(body["results"]) == 23


def test_niss_numbers_are_masked_everywhere(client, queued, clerk):
    for url in (f"{BASE}/", f"{BASE}/{queued.reference}/"):
        content = client.get(url).content.decode()
        assert queued.applicant_niss not in content
        assert queued.subject_niss not in content
    detail = client.get(f"{BASE}/{queued.reference}/").json()
    assert detail["applicant_niss"].endswith("-***.**")
    assert detail["subject_niss"].endswith("-***.**")


def test_manager_reads_but_cannot_act(client, queued):
    verify_session(client, make_staff("chef", roles.MANAGERS))
    detail = client.get(f"{BASE}/{queued.reference}/").json()
    assert detail["handled"] is False and detail["actions"] == []
    response = post(client, f"{BASE}/{queued.reference}/claim/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Votre service ne traite pas ce type de demande."


def test_issue_expecting_another_state_than_in_review_is_refused_not_crashed(client, queued, clerk):
    """Found by schemathesis: issuing a request that is still "submitted", saying so in
    expected_state, reached the FSM transition (in_review only) and crashed."""
    response = post(
        client,
        f"{BASE}/{queued.reference}/issue/",
        {"checked": True, "expected_state": "submitted"},
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Cette action n'est pas possible : la demande est « Reçue »."
    )
    queued.refresh_from_db()
    assert queued.state == State.SUBMITTED and not hasattr(queued, "document")
    response = post(
        client,
        f"{BASE}/{queued.reference}/issue/",
        {"checked": True, "expected_state": "in_review"},
    )
    assert response.status_code == 409
    assert "modifiée par quelqu'un d'autre" in response.json()["detail"]
