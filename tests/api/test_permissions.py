"""Caller × endpoint × expected status, over every endpoint of /api/v1/ (pretix style).

The household request belongs to the population service; citizen A signs in, B's request is
out of A's reach (404, as if it did not exist)."""

import json

import pytest

from guichet.constants import State
from guichet.models import AuditEntry, DocumentRequest
from tests.api.conftest import CALLERS, VERIFICATION_CODE

pytestmark = pytest.mark.django_db

# name: (method, url template, JSON body)
ENDPOINTS = {
    "root": ("get", "/api/v1/", None),
    "kinds": ("get", "/api/v1/kinds/", None),
    "kind": ("get", "/api/v1/kinds/composition-menage/", None),
    "verification": ("post", "/api/v1/verification/", {"code": VERIFICATION_CODE}),
    "works": ("get", "/api/v1/works/", None),
    "works_geojson": ("get", "/api/v1/works.geojson", None),
    "me_list": ("get", "/api/v1/me/requests/", None),
    "me_create": (
        "post",
        "/api/v1/me/requests/",
        {"kind": "composition-menage", "purpose": "mutuelle"},
    ),
    "me_own": ("get", "/api/v1/me/requests/{a}/", None),
    "me_other": ("get", "/api/v1/me/requests/{b}/", None),
    "me_cancel_own": ("post", "/api/v1/me/requests/{a}/cancel/", None),
    "me_cancel_other": ("post", "/api/v1/me/requests/{b}/cancel/", None),
    "me_answer_other": ("post", "/api/v1/me/requests/{b}/answer/", {"message": "Voici."}),
    "queue": ("get", "/api/v1/staff/requests/", None),
    "next": ("post", "/api/v1/staff/requests/next/", None),
    "household": ("get", "/api/v1/staff/requests/{b}/", None),
    "birth": ("get", "/api/v1/staff/requests/{birth}/", None),
    "claim_household": ("post", "/api/v1/staff/requests/{b}/claim/", None),
    "note_household": ("post", "/api/v1/staff/requests/{b}/note/", {"body": "Vu."}),
    "reject_household": ("post", "/api/v1/staff/requests/{b}/reject/", {"reason": "duplicate"}),
    "claim_birth": ("post", "/api/v1/staff/requests/{birth}/claim/", None),
    "statistics": ("get", "/api/v1/statistics/", None),
}
NAMES = list(ENDPOINTS)

# Statuses in the order of NAMES: ok 200, cr 201 (created), au 401 (sign in), fb 403, nf 404.
ok, cr, au, fb, nf = 200, 201, 401, 403, 404
P = (ok, ok, ok, ok, ok, ok)  # public: root, kinds, kind, verification, works, GeoJSON
EXPECTED = {
    # After P: me (list, create, own, other, cancel own, cancel other, answer other),
    # staff (queue, next, household, birth, claim, note, reject, claim birth), statistics.
    "anonymous": (*P, au, au, au, au, au, au, au, au, au, au, au, au, au, au, au, au),
    "citizen": (*P, ok, cr, ok, nf, ok, nf, nf, fb, fb, fb, fb, fb, fb, fb, fb, fb),
    "unverified_staff": (*P, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb),
    "etat_civil": (*P, fb, fb, fb, fb, fb, fb, fb, ok, ok, nf, ok, nf, nf, nf, ok, fb),
    "population": (*P, fb, fb, fb, fb, fb, fb, fb, ok, ok, ok, nf, ok, ok, ok, nf, fb),
    "communication": (*P, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb),
    "web_contributor": (*P, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb),
    "cpas": (*P, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb),
    "manager": (*P, fb, fb, fb, fb, fb, fb, fb, ok, fb, ok, ok, fb, fb, fb, fb, ok),
    "administrator": (*P, fb, fb, fb, fb, fb, fb, fb, ok, ok, ok, ok, ok, ok, ok, ok, ok),
    "administrator_group": (*P, fb, fb, fb, fb, fb, fb, fb, ok, ok, ok, ok, ok, ok, ok, ok, ok),
    "statistics_key": (*P, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, fb, ok),
    "population_key": (*P, fb, fb, fb, fb, fb, fb, fb, ok, ok, ok, nf, ok, ok, ok, nf, fb),
    "etat_civil_key": (*P, fb, fb, fb, fb, fb, fb, fb, ok, ok, nf, ok, nf, nf, nf, ok, fb),
}  # fmt: skip


def test_the_matrix_covers_every_caller_and_endpoint():
    assert set(EXPECTED) == set(CALLERS)
    assert all(len(statuses) == len(NAMES) for statuses in EXPECTED.values())


def test_the_matrix_covers_every_api_operation(client):
    """A new endpoint must be added to ENDPOINTS (and so to the matrix)."""
    schema = client.get("/api/schema/?format=json").json()
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    covered = set()
    for method, url, _body in ENDPOINTS.values():
        path = url.replace("{a}", "{reference}").replace("{b}", "{reference}")
        path = path.replace("{birth}", "{reference}").replace("composition-menage", "{kind_slug}")
        covered.add((method, path))
    actions = {"ask", "issue", "release", "close", "revoke"}  # same class as claim/note/reject
    covered |= {("post", f"/api/v1/staff/requests/{{reference}}/{a}/") for a in actions}
    covered |= {("post", "/api/v1/me/requests/{reference}/answer/")}
    assert operations <= covered, operations - covered


@pytest.mark.parametrize(("caller", "name"), [(c, n) for c in EXPECTED for n in NAMES])
def test_permission_matrix(client, call_as, citizens, birth_request, issued_document, caller, name):
    headers = call_as(caller, citizens)
    method, url, body = ENDPOINTS[name]
    url = url.format(
        a=citizens["request_a"].reference,
        b=citizens["request_b"].reference,
        birth=birth_request.reference,
    )
    kwargs = {"content_type": "application/json", **headers}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    response = getattr(client, method)(url, **kwargs)
    expected = EXPECTED[caller][NAMES.index(name)]
    assert response.status_code == expected, response.content.decode()[:500]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == expected


@pytest.mark.parametrize("name", ["me_cancel_other", "me_other", "me_answer_other"])
def test_another_citizens_request_is_untouched(client, call_as, citizens, name):
    call_as("citizen", citizens)
    method, url, body = ENDPOINTS[name]
    kwargs = {"content_type": "application/json"}
    if body:
        kwargs["data"] = json.dumps(body)
    getattr(client, method)(url.format(b=citizens["request_b"].reference), **kwargs)
    citizens["request_b"].refresh_from_db()
    assert citizens["request_b"].state == State.SUBMITTED
    assert not AuditEntry.objects.filter(request=citizens["request_b"]).exists()


@pytest.mark.parametrize("caller", ["manager", "statistics_key", "etat_civil_key"])
@pytest.mark.parametrize(
    "action", ["claim", "ask", "issue", "reject", "release", "close", "note", "revoke"]
)
def test_actions_out_of_scope_change_nothing(client, call_as, citizens, caller, action):
    headers = call_as(caller, citizens)
    request = citizens["request_b"]
    response = client.post(
        f"/api/v1/staff/requests/{request.reference}/{action}/",
        data=json.dumps(
            {"message": "x", "reason": "other", "detail": "x", "body": "x", "checked": True}
        ),
        content_type="application/json",
        **headers,
    )
    assert response.status_code in (403, 404)
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    assert not AuditEntry.objects.filter(request=request).exists()


def test_unverified_staff_is_told_to_verify_their_second_factor(client, call_as, citizens):
    call_as("unverified_staff", citizens)
    problem = client.get("/api/v1/staff/requests/").json()
    assert problem["type"] == "tag:e-guichet,2026:otp-required"
    assert "second facteur" in problem["detail"]
    assert "second factor" in problem["detail_en"]


def test_statistics_key_is_told_its_scope(client, call_as, citizens):
    headers = call_as("statistics_key", citizens)
    problem = client.get("/api/v1/staff/requests/", **headers).json()
    assert problem["status"] == 403
    assert problem["type"] == "tag:e-guichet,2026:token-scope"


def test_service_key_sees_only_its_services_kinds(client, call_as, citizens, birth_request):
    headers = call_as("etat_civil_key", citizens)
    body = client.get("/api/v1/staff/requests/?state=all", **headers).json()
    assert [row["reference"] for row in body["results"]] == [birth_request.reference]
    assert DocumentRequest.objects.count() == 3
