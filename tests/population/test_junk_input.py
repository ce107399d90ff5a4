"""Junk in the ordering steps of the birth certificate and the criminal record extract:
never a server error, always the error summary."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guichet.constants import Assurance
from tests.factories import birth_act, family, make_citizen
from tests.population.ordering import sign_in

pytestmark = pytest.mark.django_db

junk = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        ["", "0", "-1", "595", "596.2", "596,2", "copie", "extrait", "plurilingue", "\x00"]
        + ["self", "third_party", "minor_child", "mandatary", "spouse", "85073003328", "1e9"]
    ),
)
FORMS = {
    "/guichet/acte-naissance/commander/pour-qui/": [
        "subject_type",
        "subject_niss",
        "relationship",
        "relationship_detail",
    ],
    "/guichet/acte-naissance/commander/details/": ["d-variant", "purpose", "purpose_explanation"],
    "/guichet/casier-judiciaire/commander/pour-qui/": [
        "subject_type",
        "subject_niss",
        "relationship",
        "relationship_detail",
    ],
    "/guichet/casier-judiciaire/commander/details/": [
        "d-model",
        "purpose",
        "purpose_explanation",
    ],
}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def citizen_client(client):
    parent, *_ = family()
    birth_act(parent)
    sign_in(client, make_citizen(parent), level=Assurance.LOW)
    for kind in ("acte-naissance", "casier-judiciaire"):
        client.post(f"/guichet/{kind}/commander/pour-qui/", {"subject_type": "self"})
    return client


@pytest.mark.parametrize("url", list(FORMS))
@FUZZ
@given(data=st.data())
def test_junk_never_gives_a_server_error(citizen_client, url, data):
    payload = {name: data.draw(junk, label=name) for name in FORMS[url]}
    response = citizen_client.post(url, payload)
    assert response.status_code < 500
    if response.status_code == 400:
        body = response.content.decode()
        if any("\x00" in str(value) for value in payload.values()):
            assert "Demande incorrecte" in body  # refused before the form (guichet.nul_bytes)
        else:
            assert "Il y a un problème" in body
