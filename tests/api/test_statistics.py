"""The statistics endpoint returns guichet.stats.compute() for the page's filters."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder

from guichet import roles, stats
from population.roles import POPULATION
from tests.api.conftest import bearer, make_token
from tests.conftest import make_staff, verify_session
from tests.factories import DocumentRequestFactory

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)
NOW = datetime.datetime(2026, 3, 20, 12, 0, tzinfo=BRUSSELS)
URL = "/api/v1/statistics/"


@pytest.fixture
def data_set():
    for hours, channel, kind in [
        (2, "auto", "composition-menage"),
        (4, "clerk", "acte-naissance"),
        (30, "clerk", "composition-menage"),
        (240, "clerk", "casier-judiciaire"),
    ]:
        DocumentRequestFactory(
            submitted_at=MONDAY,
            kind=kind,
            state="issued",
            channel=channel,
            issued_at=MONDAY + datetime.timedelta(hours=hours),
        )
    DocumentRequestFactory(
        submitted_at=MONDAY,
        state="rejected",
        rejection_reason="Demande en double.",
        rejection_code="duplicate",
    )
    DocumentRequestFactory(submitted_at=NOW - datetime.timedelta(days=3))  # in the backlog
    DocumentRequestFactory(submitted_at=MONDAY - datetime.timedelta(days=200))


@pytest.fixture
def key():
    return bearer(make_token("statistics")[1])


def as_json(figures):
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("query", "filters"),
    [
        # Filters are built inside the test, at the frozen date.
        ("", lambda: stats.StatsFilters.last_days(30)),
        ("?period=7j", lambda: stats.StatsFilters.last_days(7)),
        (
            "?period=custom&start=2026-03-01&end=2026-03-31&channel=clerk",
            lambda: stats.StatsFilters(
                start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31), channel="clerk"
            ),
        ),
        (
            f"?period=365j&service={POPULATION}",
            lambda: stats.StatsFilters.last_days(365, service=POPULATION),
        ),
        (
            "?period=90j&kind=acte-naissance",
            lambda: stats.StatsFilters.last_days(90, kind="acte-naissance"),
        ),
    ],
)
def test_same_figures_as_the_statistics_module(client, data_set, key, query, filters):
    response = client.get(f"{URL}{query}", **key)
    assert response.status_code == 200, response.content.decode()
    expected = as_json(stats.compute(filters()))
    assert expected["totals"]["submitted"] > 0
    assert response.json() == expected


@time_machine.travel(NOW, tick=False)
def test_figures_of_the_fixed_data_set(client, data_set, key):
    body = client.get(f"{URL}?period=custom&start=2026-03-01&end=2026-03-31", **key).json()
    assert body["totals"]["submitted"] == 6
    assert body["totals"]["issued"] == 4 and body["totals"]["auto_issued"] == 1
    assert body["time_to_issue_hours"]["median"] == 17.0  # (4 + 30) / 2
    assert body["on_time"] == {"on_time": 3, "late": 1, "rate": 0.75}
    assert body["rejection_reasons"] == [{"reason": "Demande en double", "count": 1}]


def test_manager_session_reads_the_statistics(client, data_set):
    verify_session(client, make_staff("chef", roles.MANAGERS))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?period=custom&start=2026-03-31&end=2026-03-01", "end"),
        ("?period=custom", "start"),
        ("?period=custom&start=2020-01-01&end=2026-01-01", "end"),
        ("?period=quinzaine", "period"),
        ("?start=hier", "start"),
        ("?kind=passeport", "kind"),
        ("?channel=fax", "channel"),
    ],
)
def test_bad_filters_are_named(client, key, query, parameter):
    response = client.get(f"{URL}{query}", **key)
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"] == "tag:e-guichet,2026:validation-error"
    assert parameter in [error["parameter"] for error in problem["errors"]]


def test_no_personal_data_in_the_figures(client, key):
    request = DocumentRequestFactory(
        subject_last_name="Vandenbroucke",
        state="rejected",
        rejection_reason="Libre : Vandenbroucke",
    )
    content = client.get(URL, **key).content.decode()
    assert "Vandenbroucke" not in content and request.subject_niss not in content
