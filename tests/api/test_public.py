"""The public part: the catalogue of kinds and document verification."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from guichet.models import IssuedDocument, KindSettings, Purpose
from tests.api.conftest import VERIFICATION_CODE

pytestmark = pytest.mark.django_db


def verify(client, body):
    return client.post(
        "/api/v1/verification/", data=json.dumps(body), content_type="application/json"
    )


def test_catalogue_shows_the_communes_configuration(client, django_assert_max_num_queries):
    KindSettings.objects.filter(kind="composition-menage").update(
        base_fee=Decimal("3.50"), announced_delay_days=2
    )
    Purpose.objects.filter(kind="composition-menage", code="banque").update(active=False)
    # The communes' host table and departed communes' hosts (read once per process and
    # half-minute), settings, purposes.
    with django_assert_max_num_queries(4):
        kinds = client.get("/api/v1/kinds/").json()
    household = next(k for k in kinds if k["slug"] == "composition-menage")
    assert household["base_fee"] == "3.50"
    assert household["announced_delay_days"] == 2
    assert household["label"] == "Composition de ménage"
    codes = {p["code"] for p in household["purposes"]}
    assert "mutuelle" in codes and "banque" not in codes
    assert {"code": "self", "label": "Moi-même"} in household["subjects"]
    assert household["details_fields"][0]["name"] == "on_date"
    assert household["details_fields"][0]["type"] == "date"
    assert household["order_url"] == "/guichet/composition-menage/commander/"


def test_catalogue_lists_variants_and_leaves_out_inactive_kinds(client):
    KindSettings.objects.filter(kind="composition-menage").update(active=False)
    kinds = {k["slug"]: k for k in client.get("/api/v1/kinds/").json()}
    assert "composition-menage" not in kinds
    record = kinds["casier-judiciaire"]
    assert record["variant_field"] == "model"
    assert [v["code"] for v in record["variants"]] == ["595", "596.1", "596.2"]
    assert record["relationships"] == [{"code": "mandatary", "label": "Mandataire (procuration)"}]
    assert client.get("/api/v1/kinds/composition-menage/").status_code == 404


def test_verification_answers_what_verifier_shows(client, issued_document):
    response = verify(client, {"code": VERIFICATION_CODE.lower().replace("-", " ")})
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == VERIFICATION_CODE
    assert body["status"] == "valid" and body["status_label"] == "valide"
    assert body["holder_initials"] == "C. D."
    assert body["sha256_matches"] is None
    content = response.content.decode()
    request = issued_document.request
    for personal in (
        request.subject_last_name,
        request.subject_niss,
        request.applicant_niss,
        request.reference,
    ):
        assert personal not in content


def test_verification_compares_a_hash_and_tells_revoked_and_expired(client, issued_document):
    assert (
        verify(client, {"code": VERIFICATION_CODE, "sha256": "A" * 64}).json()["sha256_matches"]
        is True
    )
    assert (
        verify(client, {"code": VERIFICATION_CODE, "sha256": "b" * 64}).json()["sha256_matches"]
        is False
    )
    IssuedDocument.objects.update(valid_until=timezone.now() - datetime.timedelta(days=1))
    assert verify(client, {"code": VERIFICATION_CODE}).json()["status"] == "expired"
    IssuedDocument.objects.update(revoked_at=timezone.now())
    assert verify(client, {"code": VERIFICATION_CODE}).json()["status"] == "revoked"


def test_unknown_code_and_bad_input(client, db):
    response = verify(client, {"code": "ZZZZ-ZZZZ-ZZZZ"})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Aucun document ne correspond à ce code.")
    response = verify(client, {"code": "x", "sha256": "pas-une-empreinte"})
    assert response.status_code == 400
    assert [e["pointer"] for e in response.json()["errors"]] == ["#/sha256"]


def test_verification_shares_the_webs_limit_per_ip(client, issued_document, settings):
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 2
    assert client.post("/verifier/", {"code": "ZZZZ-ZZZZ-ZZZZ"}).status_code == 404
    assert verify(client, {"code": VERIFICATION_CODE}).status_code == 200
    response = verify(client, {"code": VERIFICATION_CODE})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["title_en"] == "Too many requests"


# -- /api/v1/ itself -----------------------------------------------------------------------------
def test_the_api_root_links_the_schema_the_docs_and_each_group(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    root = response.json()
    assert root["title"] == "e-guichet API"
    assert root["schema"] == "http://testserver/api/schema/"
    assert root["docs"] == "http://testserver/api/docs/"
    endpoints = root["endpoints"]
    assert endpoints["public"]["kinds"] == "http://testserver/api/v1/kinds/"
    assert endpoints["citizen"]["citizen-requests"] == "http://testserver/api/v1/me/requests/"
    assert endpoints["staff"]["staff-requests"] == "http://testserver/api/v1/staff/requests/"
    assert endpoints["statistics"]["statistics"] == "http://testserver/api/v1/statistics/"
    assert endpoints["website"]["works"] == "http://testserver/api/v1/works/"
    for group in endpoints.values():
        for url in group.values():
            assert client.get(url).status_code < 500


def test_the_api_root_is_public_and_documented(client):
    assert client.get("/api/v1/", HTTP_AUTHORIZATION="Bearer nope").status_code == 200
    schema = client.get("/api/schema/?format=json").json()
    assert "get" in schema["paths"]["/api/v1/"]
    assert client.post("/api/v1/", data="{}", content_type="application/json").status_code == 405
