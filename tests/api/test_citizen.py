"""A citizen's requests through the API: ordering with the web's checks, reading, cancelling."""

import json

import pytest
from django.core import mail

from guichet.constants import Assurance, State
from guichet.models import AuditEntry, DocumentRequest
from guichet.payments import services as payments
from tests.factories import PersonFactory, birth_act, family, make_citizen
from tests.guichet.test_ordering import sign_in

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/requests/"


def post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def parent(client):
    parent, partner, child = family()
    citizen = make_citizen(parent)
    sign_in(client, citizen, level=Assurance.LOW)
    return citizen, partner, child


def errors_by_pointer(response):
    assert response.status_code == 400, response.content.decode()
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "tag:e-guichet,2026:validation-error"
    return {error["pointer"]: error["detail"] for error in problem["errors"]}


def test_strong_citizen_is_issued_at_once_as_on_the_web(client, commit):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level=Assurance.HIGH)
    with commit():
        response = post(client, URL, {"kind": "composition-menage", "purpose": "mutuelle"})
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    request = DocumentRequest.objects.get()
    assert response["Location"] == f"/api/v1/me/requests/{request.reference}/"
    assert body["state"] == "issued" and body["channel"] == "auto"
    assert body["fee"] == "0.00"  # mutuelle is a social purpose
    assert body["document"]["status"] == "valid"
    assert body["download_url"] == f"/guichet/mes-demandes/{request.reference}/document.pdf"
    assert [e["event"] for e in body["timeline"]] == ["submitted", "auto_issued"]
    assert client.get(body["download_url"]).status_code == 200
    assert mail.outbox[-1].subject.startswith("Votre document est prêt")


def test_weak_sign_in_waits_for_a_clerk_with_fee_and_masked_niss(client, parent):
    citizen, *_ = parent
    response = post(
        client,
        URL,
        {
            "kind": "composition-menage",
            "purpose": "banque",
            "copies": 2,
            "delivery": "post",
            "postal_address": {
                "street": "Rue Haute",
                "number": "3",
                "postcode": "5000",
                "city": "Namur",
            },
        },
    )
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    # A fee paid online (the default when a provider is configured) comes first.
    assert body["state"] == "awaiting_payment"
    assert body["fee"] == "4.00"  # 2.00 base fee × 2 copies
    assert body["payment_choice"] == "online" and body["payment_status"] == "awaiting"
    assert body["payment_due_until"] and body["paid_at"] is None
    assert body["postal_address"]["city"] == "Namur"
    assert citizen.niss not in response.content.decode()
    assert body["subject_niss"].endswith("-***.**")
    assert body["can_cancel"] is True and body["expected_date"] is None  # not before paying
    assert AuditEntry.objects.filter(action="guichet.request.submitted").count() == 1


def test_the_forms_errors_come_back_together_in_the_web_forms_words(client, parent):
    response = post(
        client,
        URL,
        {
            "kind": "composition-menage",
            "purpose": "inconnu",
            "delivery": "post",
            "details": {"on_date": "2999-01-01", "colour": "bleu"},
            "postal_address": {"postcode": "0999"},
        },
    )
    errors = errors_by_pointer(response)
    assert errors == {
        "#/purpose": "Choisissez un motif de la liste.",
        "#/details/on_date": "La date ne peut pas être dans le futur.",
        "#/details/colour": "Ce document ne prévoit pas cette question.",
        "#/postal_address/street": "Saisissez la rue.",
        "#/postal_address/number": "Saisissez le numéro.",
        "#/postal_address/city": "Saisissez la localité.",
        "#/postal_address/postcode": "Saisissez un code postal belge : 4 chiffres, de 1000 à "
        "9992. Nous n'envoyons qu'en Belgique.",
    }
    assert not DocumentRequest.objects.exists()


def test_shape_errors_come_first_with_the_same_words(client, parent):
    errors = errors_by_pointer(
        post(
            client,
            URL,
            {
                "kind": "composition-menage",
                "purpose": "autre",
                "copies": 21,
                "details": {"on_date": ["2024-01-01"]},
            },
        )
    )
    assert errors["#/copies"] == "20 exemplaires au maximum par demande."
    assert set(errors) == {"#/copies", "#/details/on_date"}


def test_purpose_needing_an_explanation(client, parent):
    errors = errors_by_pointer(
        post(client, URL, {"kind": "composition-menage", "purpose": "autre"})
    )
    assert errors == {"#/purpose_explanation": "Précisez le motif de votre demande."}


def test_register_checks_of_the_kind_apply(client):
    stranger = PersonFactory(first_names="Zoé", last_name="Nomade")  # in no household
    sign_in(client, make_citizen(stranger), level=Assurance.LOW)
    errors = errors_by_pointer(
        post(client, URL, {"kind": "composition-menage", "purpose": "mutuelle"})
    )
    assert "membre d'aucun ménage" in errors["#/details/on_date"]


def test_minor_child_in_the_household(client, parent):
    _citizen, _partner, child = parent
    response = post(
        client,
        URL,
        {
            "kind": "composition-menage",
            "purpose": "ecole",
            "subject_type": "minor_child",
            "subject_niss": child.niss,
        },
    )
    assert response.status_code == 201, response.content.decode()
    assert DocumentRequest.objects.get().subject_niss == child.niss
    assert child.niss not in response.content.decode()


def test_minor_child_with_an_invalid_niss(client, parent):
    errors = errors_by_pointer(
        post(
            client,
            URL,
            {
                "kind": "composition-menage",
                "purpose": "ecole",
                "subject_type": "minor_child",
                "subject_niss": "12345678901",
            },
        )
    )
    assert "#/subject_niss" in errors


def test_third_party_needing_a_power_of_attorney_is_sent_to_the_website(client, parent):
    _citizen, partner, _child = parent
    errors = errors_by_pointer(
        post(
            client,
            URL,
            {
                "kind": "composition-menage",
                "purpose": "banque",
                "subject_type": "third_party",
                "subject_niss": partner.niss,
                "relationship": "spouse",
            },
        )
    )
    assert "procuration signée" in errors["#/subject_type"]
    assert "/guichet/composition-menage/commander/" in errors["#/subject_type"]


def test_third_party_entitled_without_power_of_attorney_goes_through(client, commit):
    """A notary asks for someone's birth certificate: no power of attorney needed, a clerk
    checks the capacity (etatcivil's kind says so; the API only runs it)."""
    person = PersonFactory(first_names="Louise", last_name="Renard")
    birth_act(person)
    notary = PersonFactory(first_names="Maître", last_name="Collard")
    sign_in(client, make_citizen(notary), level=Assurance.HIGH)
    response = post(
        client,
        URL,
        {
            "kind": "acte-naissance",
            "purpose": "succession",
            "subject_type": "third_party",
            "subject_niss": person.niss,
            "relationship": "notary",
            "details": {"variant": "extrait"},
        },
    )
    assert response.status_code == 201, response.content.decode()
    request = DocumentRequest.objects.get()
    if request.state == State.AWAITING_PAYMENT:  # a fee: the kind decides once it is paid
        with commit():
            payments.payment_record_transfer(
                document_request=request,
                amount=request.fee,
                bank_reference="TEST-1",
                paid_on=request.submitted_at.date(),
            )
        request.refresh_from_db()
    assert request.state == State.SUBMITTED and request.relationship == "notary"
    assert "qualité à vérifier" in request.review_reason


def test_unknown_or_inactive_kind(client, parent):
    from guichet.models import KindSettings

    errors = errors_by_pointer(post(client, URL, {"kind": "passeport", "purpose": "x"}))
    assert "#/kind" in errors
    KindSettings.objects.filter(kind="composition-menage").update(active=False)
    errors = errors_by_pointer(
        post(client, URL, {"kind": "composition-menage", "purpose": "mutuelle"})
    )
    assert errors["#/kind"] == "Ce document n'est pas proposé en ligne."


def test_orders_share_the_webs_rate_limit(client, parent, settings):
    settings.ORDER_RATE_LIMIT = 1
    body = {"kind": "composition-menage", "purpose": "mutuelle"}
    assert post(client, URL, body).status_code == 201
    response = post(client, URL, body)
    assert response.status_code == 429
    assert response.json()["detail_en"].startswith("Too many orders")
    assert DocumentRequest.objects.count() == 1


def test_list_filters_and_pagination(client, parent):
    body = {"kind": "composition-menage", "purpose": "mutuelle"}
    for _ in range(3):
        post(client, URL, body)
    page = client.get(f"{URL}?page_size=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert client.get(f"{URL}?state=issued").json()["count"] == 0
    response = client.get(f"{URL}?state=perdu")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "state"
    assert client.get(f"{URL}?page=99").status_code == 404


def test_cancel_then_cancel_again_is_a_conflict_in_two_languages(client, parent, commit):
    post(client, URL, {"kind": "composition-menage", "purpose": "mutuelle"})
    reference = DocumentRequest.objects.get().reference
    with commit():
        response = post(client, f"{URL}{reference}/cancel/")
    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    response = post(client, f"{URL}{reference}/cancel/")
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "tag:e-guichet,2026:action-refused"
    assert problem["code"] == "changed_meanwhile"
    assert problem["detail"] == (
        "La demande vient d'être modifiée par quelqu'un d'autre : elle est maintenant "
        "« Annulée ». Votre action n'a pas été appliquée."
    )
    assert problem["detail_en"] == (
        "Someone else has just changed the request: it is now “Cancelled”. Your action was "
        "not applied."
    )


def test_answer_a_clerks_question(client, parent):
    post(client, URL, {"kind": "composition-menage", "purpose": "mutuelle"})
    request = DocumentRequest.objects.get()
    DocumentRequest.objects.filter(pk=request.pk).update(state=State.AWAITING_CITIZEN)
    errors = errors_by_pointer(post(client, f"{URL}{request.reference}/answer/", {"message": "  "}))
    assert errors["#/"] == "Écrivez votre réponse ou joignez un document."
    response = post(client, f"{URL}{request.reference}/answer/", {"message": "Voici l'adresse."})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "in_review"
    assert body["messages"][-1] == {
        "author": "citizen",
        "body": "Voici l'adresse.",
        "created_at": body["messages"][-1]["created_at"],
        "attachments": [],
    }


def test_malformed_references_answer_404_without_a_lookup(
    client, parent, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10) as queries:
        response = client.get(f"{URL}%00x/")
    assert not any("guichet_documentrequest" in q["sql"] for q in queries.captured_queries)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("query", ["page=", "page=abc", "page=0", "page_size=0", "page_size=x"])
def test_pagination_parameters_must_be_whole_numbers(client, parent, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == query.split("=")[0]


def test_an_idempotency_key_makes_an_order_safe_to_retry(client, parent):
    body = {"kind": "composition-menage", "purpose": "mutuelle"}
    headers = {"HTTP_IDEMPOTENCY_KEY": "commande-7f3c-2026-11-22"}
    first = client.post(URL, data=json.dumps(body), content_type="application/json", **headers)
    again = client.post(URL, data=json.dumps(body), content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["reference"] == first.json()["reference"]
    assert DocumentRequest.objects.count() == 1
    other = client.post(
        URL, data=json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="autre"
    )
    assert other.status_code == 201
    assert DocumentRequest.objects.count() == 2
    # Without a key, every call is a new order (as before).
    post(client, URL, body)
    assert DocumentRequest.objects.count() == 3


def test_the_same_idempotency_key_from_two_citizens_is_two_orders(client, parent):
    body = {"kind": "composition-menage", "purpose": "mutuelle"}
    headers = {"HTTP_IDEMPOTENCY_KEY": "meme-cle"}
    client.post(URL, data=json.dumps(body), content_type="application/json", **headers)
    _citizen, partner, _child = parent
    client.logout()
    sign_in(client, make_citizen(partner), level=Assurance.LOW)
    response = client.post(URL, data=json.dumps(body), content_type="application/json", **headers)
    assert response.status_code == 201
    assert DocumentRequest.objects.count() == 2


def test_an_overlong_idempotency_key_is_refused_in_two_languages(client, parent):
    body = {"kind": "composition-menage", "purpose": "mutuelle"}
    response = client.post(
        URL, data=json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="x" * 256
    )
    assert response.status_code == 400
    problem = response.json()
    assert "255 caractères" in problem["detail"] and "255 characters" in problem["detail_en"]
    assert not DocumentRequest.objects.exists()
