"""Statistics on a fixed data set, checked against figures computed by hand."""

import csv
import datetime
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from guichet import stats
from guichet.models import AuditEntry
from tests.conftest import ROLE_GROUPS, make_staff, verify_session
from tests.factories import DocumentRequestFactory

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)  # a Monday


def issued_after(hours, **kwargs):
    return DocumentRequestFactory(
        submitted_at=MONDAY,
        issued_at=MONDAY + datetime.timedelta(hours=hours),
        state="issued",
        channel=kwargs.pop("channel", "clerk"),
        **kwargs,
    )


@pytest.fixture
def data_set():
    make_data_set()


def make_data_set():
    issued_after(2, channel="auto")
    issued_after(4)
    issued_after(10)
    issued_after(30)
    issued_after(240)  # 10 days later: beyond the 5 working days announced
    DocumentRequestFactory(
        submitted_at=MONDAY,
        state="rejected",
        rejection_reason="Procuration absente ou non valable. Illisible.",
        rejection_code="proxy",
    )
    DocumentRequestFactory(
        submitted_at=MONDAY,
        state="rejected",
        rejection_reason="Un texte libre avec un nom : Dupont",
    )
    DocumentRequestFactory(submitted_at=MONDAY, state="cancelled")
    DocumentRequestFactory(submitted_at=MONDAY - datetime.timedelta(days=60))  # out of period


def period():
    return stats.StatsFilters(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))


def test_figures_match_hand_computation(data_set):
    figures = stats.compute(period())
    assert figures["totals"] == {
        "submitted": 8,
        "issued": 5,
        "auto_issued": 1,
        "rejected": 2,
        "cancelled": 1,
        "auto_share": 0.2,
    }
    # durations 2, 4, 10, 30, 240 h: median 10; p90 (R-7) = 30 + (240 - 30) × 0.6 = 156
    assert figures["time_to_issue_hours"] == {"count": 5, "median": 10.0, "p90": 156.0}
    assert figures["on_time"] == {"on_time": 4, "late": 1, "rate": 0.8}
    reasons = {row["reason"]: row["count"] for row in figures["rejection_reasons"]}
    assert reasons == {"Procuration absente ou non valable": 1, "Autre motif": 1}
    assert figures["volumes"]["day"] == [
        {"period": "2026-03-02", "submitted": 8, "issued": 5, "auto_issued": 1}
    ]


def test_channel_filter(data_set):
    auto = stats.compute(stats.StatsFilters(start=period().start, end=period().end, channel="auto"))
    assert auto["totals"]["submitted"] == 1
    clerk = stats.compute(
        stats.StatsFilters(start=period().start, end=period().end, channel="clerk")
    )
    assert clerk["totals"]["submitted"] == 7


def test_percentile_definition():
    assert stats.percentile([1, 2, 3, 4], 50) == 2.5
    assert stats.percentile([4, 1, 3, 2], 90) == 3.7
    assert stats.percentile([5], 90) == 5
    assert stats.percentile([], 90) is None


def test_backlog_by_age(data_set):
    rows = {row["state"]: row for row in stats.backlog(period())}
    assert rows["submitted"]["count"] == 1
    assert rows["submitted"]["ages"]["plus de 30 jours"] == 1


# -- page and exports ------------------------------------------------------------------------
def login(client, role):
    user = make_staff(f"s-{role}", ROLE_GROUPS[role], superuser=role == "administrator")
    verify_session(client, user)
    return user


QUERY = "?period=custom&start=2026-03-01&end=2026-03-31"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("administrator", 200),
        ("population", 404),
        ("etat_civil", 404),
        ("communication", 403),
    ],
)
def test_stats_page_permissions(client, role, status):
    login(client, role)
    assert client.get("/bureau/statistiques/").status_code == status


def test_stats_page_shows_figures_and_no_personal_data(client, data_set):
    login(client, "manager")
    body = client.get(f"/bureau/statistiques/{QUERY}").content.decode()
    assert '<svg role="img"' in body
    assert "156.0" in body or "156,0" in body
    assert "Dupont" not in body and "Camille" not in body


def test_an_empty_period_says_so_instead_of_an_empty_chart(client):
    login(client, "manager")
    body = client.get("/bureau/statistiques/").content.decode()
    assert "Aucune demande reçue ni délivrée sur cette période" in body
    assert '<svg role="img"' not in body


def test_the_chart_numbers_are_not_localised(client, data_set):
    """French decimal commas in SVG attributes (x="110,8") make the browser draw no bar."""
    import re

    login(client, "manager")
    body = client.get(f"/bureau/statistiques/{QUERY}").content.decode()
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    numbers = re.findall(r'(?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', svg)
    assert numbers, "no coordinate in the chart"
    assert not [n for n in numbers if "," in n], numbers
    widths = [float(w) for w in re.findall(r'<rect[^>]*width="([^"]+)"', svg)]
    assert widths and all(w > 0 for w in widths)


def test_bad_custom_dates_are_explained(client):
    login(client, "manager")
    response = client.get("/bureau/statistiques/?period=custom&start=2026-03-10&end=2026-03-01")
    assert response.status_code == 400
    assert "La date de fin précède la date de début" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods", "json"])
def test_aggregated_export_in_every_format(client, data_set, fmt):
    manager = login(client, "manager")
    response = client.get(f"/bureau/statistiques/export.{fmt}{QUERY}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    entry = AuditEntry.objects.get(action="guichet.export.statistics")
    assert entry.actor == manager and entry.data["format"] == fmt and entry.data["rows"] > 10
    if fmt == "json":
        rows = json.loads(response.content)
        assert {"section": "totaux", "clé": "submitted", "valeur": 8} in rows


def test_request_export_streams_csv_without_personal_data(client, data_set):
    login(client, "manager")
    response = client.get(f"/bureau/statistiques/demandes.csv{QUERY}&variante=codes")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["reference", "kind", "document"]
    assert len(rows) == 1 + 8
    assert "Dupont" not in content and "Camille" not in content
    entry = AuditEntry.objects.get(action="guichet.export.requests")
    assert entry.data["rows"] == 8 and entry.data["with_names"] is False


def test_export_with_names_is_for_administrators_only(client, data_set):
    login(client, "manager")
    assert client.get(f"/bureau/statistiques/demandes.csv{QUERY}&noms=1").status_code == 404
    client.logout()
    login(client, "administrator")
    response = client.get(f"/bureau/statistiques/demandes.csv{QUERY}&noms=1")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Dupont Camille" in content


def test_unknown_format_is_404(client):
    login(client, "manager")
    assert client.get("/bureau/statistiques/export.pdf").status_code == 404


@pytest.mark.parametrize("with_names", [False, True])
def test_streaming_rows_equal_the_resource_export(data_set, with_names):
    from guichet.models import DocumentRequest
    from guichet.resources import RequestResource, RequestWithNamesResource

    DocumentRequestFactory(delivery="post", postal_address={"postcode": "5000", "city": "Namur"})
    resource = RequestWithNamesResource() if with_names else RequestResource()
    queryset = DocumentRequest.objects.order_by("pk")
    assert list(resource.csv_rows(queryset)) == [resource.export_resource(obj) for obj in queryset]


def test_the_rejection_category_is_a_column_filled_for_older_rows_by_the_migration():
    """Rows refused before the column existed get their category back from the reason's
    opening label (guichet 0007); anything else counts as "other"."""
    import importlib

    from django.apps import apps

    from guichet.models import DocumentRequest

    migration = importlib.import_module("guichet.migrations.0007_rejection_code")
    labelled = DocumentRequestFactory(
        state="rejected", rejection_reason="Demande en double. Voir 2026-000001."
    )
    free = DocumentRequestFactory(state="rejected", rejection_reason="Un texte libre.")
    open_one = DocumentRequestFactory()
    DocumentRequest.objects.update(rejection_code="")
    migration.classify(apps, None)
    codes = dict(DocumentRequest.objects.values_list("pk", "rejection_code"))
    assert codes == {labelled.pk: "duplicate", free.pk: "other", open_one.pk: ""}


def selected_period(body):
    select = re.search(r'<select name="period".*?</select>', body, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_the_period_list_shows_the_period_displayed_on_first_load(client):
    login(client, "manager")
    body = client.get("/bureau/statistiques/").content.decode()
    assert selected_period(body) == ["30j"]
    today = timezone.localdate()
    start = today - datetime.timedelta(days=29)
    assert f"du {date_format(start, 'j F Y')} au {date_format(today, 'j F Y')}" in body


def test_typed_dates_choose_the_period(client, data_set):
    login(client, "manager")
    response = client.get("/bureau/statistiques/?period=7j&start=2026-03-01&end=2026-03-31")
    assert response.status_code == 200
    body = response.content.decode()
    assert selected_period(body) == ["custom"]
    assert "du 1 mars 2026 au 31 mars 2026" in body
    export = client.get("/bureau/statistiques/export.json?start=2026-03-01&end=2026-03-31")
    rows = json.loads(export.content)
    assert {"section": "totaux", "clé": "submitted", "valeur": 8} in rows


def test_a_single_typed_date_asks_for_the_other(client):
    login(client, "manager")
    response = client.get("/bureau/statistiques/?start=2026-03-01")
    assert response.status_code == 400
    assert "Indiquez la date de fin." in response.content.decode()
