"""Callers of the API (anonymous, citizens, each staff role, integration keys) and data."""

import datetime

import pytest
from django.utils import timezone

from etatcivil.roles import ETAT_CIVIL
from guichet import roles
from guichet.constants import Assurance
from guichet.models import ApiToken, IssuedDocument
from pages.roles import WEB_CONTRIBUTORS
from population.roles import POPULATION
from tests.conftest import ROLE_GROUPS, make_staff, verify_session
from tests.factories import DocumentRequestFactory, PersonFactory, family, make_citizen
from tests.guichet.test_ordering import sign_in

HOUSEHOLD = "composition-menage"
BIRTH = "acte-naissance"
VERIFICATION_CODE = "ABCD-EFGH-2345"


def make_token(scope, *, service="", user=None, name="Intégration de test"):
    token = ApiToken(name=name, scope=scope, service=service, user=user)
    key = token.set_new_key()
    token.full_clean()
    token.save()
    return token, key


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def citizens(db):
    """Two registered citizens, A (a parent, in a household) and B, each with a request."""
    parent, _partner, _child = family()
    other = PersonFactory(first_names="Bruno", last_name="Martin")
    a, b = make_citizen(parent), make_citizen(other)
    request_a = DocumentRequestFactory(
        kind=HOUSEHOLD,
        applicant=a.user,
        applicant_niss=a.niss,
        subject_niss=a.niss,
        applicant_last_name=parent.last_name,
    )
    request_b = DocumentRequestFactory(
        kind=HOUSEHOLD,
        applicant=b.user,
        applicant_niss=b.niss,
        subject_niss=b.niss,
        applicant_last_name=other.last_name,
    )
    return {"a": a, "b": b, "request_a": request_a, "request_b": request_b}


@pytest.fixture
def birth_request(db):
    return DocumentRequestFactory(kind=BIRTH)


@pytest.fixture
def issued_document(db):
    request = DocumentRequestFactory(
        issued=True, subject_first_name="Camille", subject_last_name="Dupont"
    )
    now = timezone.now()
    return IssuedDocument.objects.create(
        request=request,
        kind=request.kind,
        verification_code=VERIFICATION_CODE,
        sha256="a" * 64,
        size=1234,
        holder_initials="C. D.",
        issued_at=now,
        valid_until=now + datetime.timedelta(days=90),
    )


def service_account(group_name, username):
    """An account of its own for an integration, in the service's group (no password, no
    second factor: it never signs in)."""
    return make_staff(username, group_name, device=False)


CALLERS = [
    "anonymous",
    "citizen",
    "unverified_staff",
    *ROLE_GROUPS,
    "administrator_group",
    "web_contributor",
    "statistics_key",
    "population_key",
    "etat_civil_key",
]


@pytest.fixture
def call_as(client, db):
    """call_as(caller) signs the test client in as that caller; returns extra headers."""

    def _as(caller, citizens=None):
        if caller == "anonymous":
            return {}
        if caller == "citizen":
            sign_in(client, citizens["a"], level=Assurance.LOW)
            return {}
        if caller == "unverified_staff":
            client.force_login(make_staff("sans-otp", POPULATION))
            return {}
        if caller == "web_contributor":
            verify_session(client, make_staff("contributeur", WEB_CONTRIBUTORS))
            return {}
        if caller == "administrator_group":
            verify_session(client, make_staff("admin-groupe", roles.ADMINISTRATORS))
            return {}
        if caller in ROLE_GROUPS:
            user = make_staff(
                f"u-{caller}", ROLE_GROUPS[caller], superuser=caller == "administrator"
            )
            verify_session(client, user)
            return {}
        if caller == "statistics_key":
            return bearer(make_token(ApiToken.Scope.STATISTICS)[1])
        if caller == "population_key":
            user = service_account(POPULATION, "intranet-population")
            return bearer(make_token(ApiToken.Scope.SERVICE, service=POPULATION, user=user)[1])
        if caller == "etat_civil_key":
            user = service_account(ETAT_CIVIL, "intranet-etat-civil")
            return bearer(make_token(ApiToken.Scope.SERVICE, service=ETAT_CIVIL, user=user)[1])
        raise AssertionError(caller)

    return _as
