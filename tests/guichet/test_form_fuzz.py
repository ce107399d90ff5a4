"""Junk at every door: never a server error.

Hypothesis throws junk at every citizen-facing form field and at the sign-in steps (staff
password and second factor, demo citizens, with a junk `next`); every POST or PATCH body of
/api/v1/ gets malformed, deeply nested, invalid-Unicode and oversized JSON; every URL
parameter and query value gets a NUL character. Bounded in count (a few seconds in all), and
run on SQLite and on PostgreSQL, which is the stricter (it refuses NUL in text).
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guichet.constants import Assurance
from guichet.models import ApiToken, CitizenProfile
from population.roles import POPULATION
from tests.api.conftest import bearer, make_token, service_account
from tests.conftest import ROLE_GROUPS, make_staff, totp_code, verify_session
from tests.factories import DocumentRequestFactory, family, make_citizen
from tests.guichet.test_ordering import sign_in

pytestmark = pytest.mark.django_db

junk = st.one_of(
    st.text(max_size=400),
    st.text(alphabet="0123456789.- /", max_size=25),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "21",
            "9999999999999999",
            "1e9",
            "NaN",
            "2026-02-30",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "\x00",
            "self",
            "third_party",
            "minor_child",
            "post",
            "other",
            "85073003328",
            "None",
            "//evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "/bureau/",
            "é" * 3000,
        ]
    ),
)
FORMS = {
    "/guichet/composition-menage/commander/pour-qui/": [
        "subject_type",
        "subject_niss",
        "relationship",
        "relationship_detail",
    ],
    "/guichet/composition-menage/commander/details/": [
        "d-on_date",
        "purpose",
        "purpose_explanation",
    ],
    "/guichet/composition-menage/commander/remise/": [
        "copies",
        "delivery",
        "street",
        "number",
        "box",
        "postcode",
        "city",
    ],
    "/suivi/": ["code"],
    "/verifier/": ["code"],
    "/bureau/compte/connexion/": ["username", "password", "next"],
}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def citizen_client(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level=Assurance.LOW)
    # Complete the first steps once so later steps are reachable.
    client.post("/guichet/composition-menage/commander/pour-qui/", {"subject_type": "self"})
    return client


@pytest.mark.parametrize("url", list(FORMS))
@FUZZ
@given(data=st.data())
def test_junk_never_gives_a_server_error(citizen_client, settings, url, data):
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 10_000
    payload = {name: data.draw(junk, label=name) for name in FORMS[url]}
    response = citizen_client.post(url, payload)
    assert response.status_code < 500
    if response.status_code == 400:
        body = response.content.decode()
        if any("\x00" in value for value in payload.values()):
            assert "Demande incorrecte" in body  # refused before the form (guichet.nul_bytes)
        else:
            assert "Il y a un problème" in body


# -- sign-in steps ---------------------------------------------------------------------------
@pytest.fixture
def clerk(db):
    return make_staff("claire", ROLE_GROUPS["etat_civil"])


@FUZZ
@given(data=st.data())
def test_staff_password_step_with_junk_next(client, clerk, data):
    next_url = data.draw(junk)
    response = client.post(
        "/bureau/compte/connexion/",
        {"username": "claire", "password": "un-mot-de-passe-solide-42", "next": next_url},
    )
    if "\x00" in next_url:
        assert response.status_code == 400  # refused before the form (guichet.nul_bytes)
        return
    assert response.status_code == 302
    assert response["Location"].startswith("/bureau/compte/verification/?next=%2F")


@FUZZ
@given(data=st.data())
def test_second_factor_step_with_junk(client, clerk, data):
    client.force_login(clerk)
    device = TOTPDevice.objects.get(user=clerk)
    code = data.draw(st.one_of(junk, st.just("valid")), label="code")
    next_url = data.draw(junk, label="next")
    response = client.post(
        "/bureau/compte/verification/",
        {"code": totp_code(device) if code == "valid" else code, "next": next_url},
    )
    assert response.status_code < 500
    if response.status_code == 302:
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")


@pytest.fixture
def demo_profile(db, settings):
    settings.DEMO_MODE = True
    parent, *_ = family()
    profile = make_citizen(parent)
    CitizenProfile.objects.filter(pk=profile.pk).update(is_demo=True)
    return profile


@FUZZ
@given(data=st.data())
def test_demo_sign_in_with_junk(client, demo_profile, data):
    profile = demo_profile
    response = client.post(
        "/guichet/demo/",
        {
            "profile": data.draw(st.one_of(junk, st.just(str(profile.pk))), label="profile"),
            "next": data.draw(junk, label="next"),
        },
    )
    assert response.status_code < 500
    if response.status_code == 302:
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")


# -- API bodies ------------------------------------------------------------------------------
def _nested(depth):
    return ("[" * depth + "]" * depth).encode()


API_BODIES = [
    b"",
    b"{nope",
    b"{",
    b"null",
    b"[]",
    b"123",
    b'"texte"',
    b"NaN",
    b'{"a": Infinity}',
    b"\xff\xfe\x00\x00",
    b'{"code": "\xc3"}',
    _nested(40),
    _nested(5000),
    b"[" * 5000,
    b'{"a":' * 3000 + b"1" + b"}" * 3000,
    b'{"kind": "\\ud800", "purpose": "mutuelle"}',
    b'{"\\udfff": "x", "message": "\\ud800", "code": "\\ud83d"}',
    b'{"kind": null, "purpose": {}, "subject": [], "delivery": {"copies": "x"}}',
    b'{"message": "a\\u0000b", "code": "\\u0000", "reason": "\\u0000"}',
]


def _body_operations():
    """(method, path) of every API operation that reads a body, from the schema."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted(
        (method.upper(), path)
        for path, item in paths.items()
        for method, operation in item.items()
        if method in ("post", "patch", "put") and "requestBody" in operation
    )


@pytest.fixture
def api_callers(client, settings):
    rates = dict.fromkeys(("anon", "citizen", "staff", "token"), "10000/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 10_000
    settings.ORDER_RATE_LIMIT = 10_000
    parent, *_ = family()
    citizen = make_citizen(parent)
    request = DocumentRequestFactory(
        kind="composition-menage",
        applicant=citizen.user,
        applicant_niss=citizen.niss,
        subject_niss=citizen.niss,
    )
    sign_in(client, citizen, level=Assurance.LOW)
    service = service_account(POPULATION, "fuzz-population")
    key = make_token(ApiToken.Scope.SERVICE, service=POPULATION, user=service)[1]
    return client, request.reference, bearer(key)


def _check_problem(response):
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        response.json()


@pytest.mark.parametrize(("method", "path"), _body_operations())
def test_api_bodies_never_give_a_server_error(api_callers, settings, method, path):
    client, reference, staff_headers = api_callers
    url = path.replace("{reference}", reference).replace("{slug}", "composition-menage")
    headers = staff_headers if path.startswith("/api/v1/staff/") else {}
    send = getattr(client, method.lower())
    oversized = b'{"code": "' + b"A" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"}'
    for body in [*API_BODIES, oversized]:
        response = send(url, data=body, content_type="application/json", **headers)
        _check_problem(response)
        if body in (_nested(5000), oversized):
            assert response.status_code in (400, 401, 403, 404, 409, 413)


@pytest.mark.parametrize(("method", "path"), _body_operations()[:3])
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_api_random_bodies_never_give_a_server_error(api_callers, method, path, body):
    client, reference, staff_headers = api_callers
    url = path.replace("{reference}", reference).replace("{slug}", "composition-menage")
    headers = staff_headers if path.startswith("/api/v1/staff/") else {}
    response = getattr(client, method.lower())(
        url, data=body, content_type="application/json", **headers
    )
    _check_problem(response)


# -- NUL in URL parameters and query values --------------------------------------------------
_CONVERTER = re.compile(r"<(?:\w+:)?\w+>")


def _routes(patterns=None, prefix=""):
    """Every route of the URLconf written with path() (re_path catch-alls left out)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + route


def _routes_with_parameters():
    return sorted({route for route in _routes() if _CONVERTER.search(route)})


def _routes_without_parameters():
    return sorted({route for route in _routes() if not _CONVERTER.search(route)})


@pytest.fixture
def everyone(client):
    """A verified administrator's session: every surface answers it, none sends it away."""
    user = make_staff("fuzz-admin", ROLE_GROUPS["administrator"], superuser=True)
    return verify_session(client, user)


@pytest.mark.parametrize("value", ["%00", "a%00b", "2026-000001%00"])
def test_nul_in_any_url_parameter_is_not_found(everyone, value):
    routes = _routes_with_parameters()
    assert len(routes) > 20
    for route in routes:
        url = _CONVERTER.sub(value, route)
        response = everyone.get(url)
        assert response.status_code == 404, url


def test_nul_in_any_query_value_is_a_bad_request(everyone):
    routes = _routes_without_parameters()
    assert len(routes) > 20
    for route in routes:
        response = everyone.get(f"{route}?q=a%00b&page=1")
        assert response.status_code == 400, route
        response = everyone.post(f"{route}?next=%00", {"x": "1"})
        assert response.status_code == 400, route
