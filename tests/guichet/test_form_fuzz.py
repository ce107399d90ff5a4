"""Hypothesis throws junk at every citizen-facing form field: never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guichet.constants import Assurance
from tests.factories import family, make_citizen
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
    "/bureau/compte/connexion/": ["username", "password"],
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
        assert "Il y a un problème" in response.content.decode()
