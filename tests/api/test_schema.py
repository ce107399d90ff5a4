"""The OpenAPI contract: a valid OpenAPI 3 document, served with offline docs, and honoured
by the API under schemathesis (in process, through the WSGI application)."""

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from guichet.constants import Assurance, State
from guichet.models import ApiToken, IssuedDocument, ReferenceCounter
from population.roles import POPULATION
from tests.api.conftest import VERIFICATION_CODE, make_token, service_account
from tests.factories import DocumentRequestFactory, family, make_citizen
from tests.guichet.test_ordering import sign_in

pytestmark = pytest.mark.django_db
# Cases per operation: about 20 operations × 30 keeps the run well under a minute.
EXAMPLES = 30


def test_schema_is_valid_openapi_3_without_generator_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular warned while generating the schema"
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_served_schema_is_valid_and_errors_are_problems(client):
    schema = client.get("/api/schema/?format=json").json()
    validate_schema(schema)
    assert all(path.startswith("/api/") for path in schema["paths"])
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "429" in operation["responses"], (method, path)
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    assert list(response["content"]) == ["application/problem+json"]
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"


def test_docs_are_served_without_a_cdn(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html and "https://" not in html
    assert "<script>" not in html  # start-up script served as a file: CSP script-src 'self'
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


# -- schemathesis ------------------------------------------------------------------------------
@pytest.fixture
def wsgi_app():
    """The project's WSGI application, kept inside the test's transaction: like Django's test
    client, it must not close the connection between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def identities(client, settings):
    """Data behind the schema's examples, and the credentials each part of the API needs."""
    rates = {
        "anon": "10000/min",
        "citizen": "10000/min",
        "staff": "10000/min",
        "token": "10000/min",
    }
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 10_000
    settings.ORDER_RATE_LIMIT = 10_000
    # The examples' references are made by hand: new orders must number after them.
    ReferenceCounter.objects.create(year=timezone.localdate().year, last=1000)
    parent, *_ = family()
    citizen = make_citizen(parent)
    example = DocumentRequestFactory(
        reference="2026-000001",
        kind="composition-menage",
        applicant=citizen.user,
        applicant_niss=citizen.niss,
        subject_niss=citizen.niss,
    )
    DocumentRequestFactory(
        reference="2026-000002", kind="composition-menage", state=State.IN_REVIEW
    )
    issued = DocumentRequestFactory(reference="2026-000003", issued=True)
    IssuedDocument.objects.create(
        request=issued,
        kind=issued.kind,
        verification_code=VERIFICATION_CODE,
        sha256="a" * 64,
        size=1,
        holder_initials="C. D.",
        issued_at=timezone.now(),
        valid_until=timezone.now() + timezone.timedelta(days=90),
    )
    sign_in(client, citizen, level=Assurance.LOW)
    csrf = _get_new_csrf_string()
    service = service_account(POPULATION, "schemathesis-population")
    service_key = make_token(ApiToken.Scope.SERVICE, service=POPULATION, user=service)[1]
    statistics_key = make_token(ApiToken.Scope.STATISTICS)[1]
    assert example.pk
    return {
        # A signed-in citizen's browser: session cookie, CSRF cookie and header.
        "citizen": (
            {"X-CSRFToken": csrf},
            {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
        ),
        "staff": ({"Authorization": f"Bearer {service_key}"}, {}),
        "statistics": ({"Authorization": f"Bearer {statistics_key}"}, {}),
        "public": ({}, {}),
    }


@pytest.fixture
def api_schema(wsgi_app, identities):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)


def credentials_for(path, identities):
    """(headers, cookies) of the caller each part of the API is meant for."""
    if path.startswith("/api/v1/me/"):
        return identities["citizen"]
    if path.startswith("/api/v1/staff/"):
        return identities["staff"]
    if path.startswith("/api/v1/statistics/"):
        return identities["statistics"]
    return identities["public"]


# What the contract promises. Not `positive_data_acceptance`: some rules of the web forms
# cannot be written in OpenAPI (a custom period of three years at most, a detail required
# for the reason "other", a purpose code of the chosen kind…), so schema-valid input may
# rightly get a 400 validation problem.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _operations():
    """(method, path) of every operation, read from the schema generator at collection."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item)


@pytest.mark.parametrize(("method", "path"), _operations())
def test_api_honours_its_contract(api_schema, identities, method, path):
    """No server error, no undocumented status or content type, no response outside the
    schema, invalid input refused — for every operation, with the credentials it needs.

    Positive and negative cases plus the schema's examples, a bounded number per operation
    and derandomised, so a CI run is reproducible. (schemathesis's own pytest plugin does
    not run under pytest 9, hence the plain Hypothesis test.)"""
    operation = api_schema[path][method]
    headers, cookies = credentials_for(path, identities)
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
        *operation.get_strategies_from_examples(),
    )

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case):
        case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)

    run()
