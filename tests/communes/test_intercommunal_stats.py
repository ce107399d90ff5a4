"""Every commune's figures for the intercommunale's managers: counts, durations and amounts
per commune, no personal data, plain numbers in the exports, reachable by them only."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from guichet import communes, roles, stats
from guichet.constants import Channel
from guichet.i18n import STAFF_LANGUAGE_KEY
from guichet.models import Payment, StaffMembership
from tests.communes.conftest import B_HOST
from tests.conftest import PASSWORD, make_staff, verify_session
from tests.factories import DocumentRequestFactory

pytestmark = pytest.mark.django_db

PAGE = "/bureau/statistiques/intercommunales/"


@pytest.fixture
def figures(commune_a, commune_b_row):
    """A: 3 received (1 issued automatically after 2 h, 1 issued by a clerk after 10 h, 1 open),
    B: 2 received (1 refused, 1 issued by a clerk after 4 h, paid 1234.50 €)."""
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    with communes.activated(commune_a):
        DocumentRequestFactory(
            issued=True,
            channel=Channel.AUTO,
            submitted_at=now - 2 * hours,
            issued_at=now,
            subject_last_name="Vandamme",
        )
        DocumentRequestFactory(issued=True, submitted_at=now - 10 * hours, issued_at=now)
        DocumentRequestFactory(in_review=True)
    with communes.activated(commune_b_row):
        DocumentRequestFactory(rejected=True)
        paid = DocumentRequestFactory(issued=True, submitted_at=now - 4 * hours, issued_at=now)
        Payment.objects.create(
            request=paid,
            method=Payment.Method.COUNTER,
            amount=Decimal("1234.50"),
            currency="EUR",
            status=Payment.Status.PAID,
            paid_at=now,
            receipt_number="2026-R000001",
        )
    return {"a": commune_a, "b": commune_b_row}


@pytest.fixture
def interco(db):
    return make_staff("interco-1", roles.INTERCOMMUNAL_STATISTICS)


def _rows(summary):
    return {row["commune"]: row for row in summary["communes"]}


def test_the_summary_counts_every_commune_in_a_few_queries(figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        summary = stats.intercommunal_summary(stats.StatsFilters.last_days(30))
    rows = _rows(summary)
    a, b = rows[figures["a"].slug], rows[figures["b"].slug]
    assert (a["received"], a["issued"], a["issued_auto"], a["issued_clerk"]) == (3, 2, 1, 1)
    assert (a["refused"], a["open"], a["median_hours"], a["revenue"]) == (0, 1, 6.0, 0.0)
    assert (b["received"], b["issued"], b["refused"], b["open"]) == (2, 1, 1, 0)
    assert (b["median_hours"], b["revenue"]) == (4.0, 1234.5)
    totals = summary["totals"]
    assert (totals["received"], totals["issued"], totals["open"]) == (5, 3, 1)
    assert totals["median_hours"] == 4.0
    assert totals["revenue"] == 1234.5


def test_the_summary_reads_every_commune_even_while_one_is_current(figures):
    with communes.activated(figures["a"]):
        summary = stats.intercommunal_summary(stats.StatsFilters.last_days(30))
        assert communes.current() == figures["a"]  # given back after the read
    assert _rows(summary)[figures["b"].slug]["received"] == 2


def test_the_kind_filter_narrows_every_column(figures):
    summary = stats.intercommunal_summary(
        stats.StatsFilters.last_days(30, kind="extrait-naissance")
    )
    assert summary["totals"]["received"] == 0
    assert summary["totals"]["revenue"] == 0.0


def test_the_page_shows_every_commune_and_no_personal_data(client, figures, interco):
    verify_session(client, interco)
    for host in ("testserver", B_HOST):  # on any commune's host
        page = client.get(PAGE, HTTP_HOST=host)
        assert page.status_code == 200
        assert "Commune de Mont-Clair" in page.text
        assert figures["a"].name in page.text
        assert "Vandamme" not in page.text and "Dupont" not in page.text
        assert "2026-0" not in page.text  # no reference either


def test_the_table_sorts_by_a_column_both_ways(client, figures, interco):
    verify_session(client, interco)
    ascending = client.get(PAGE, {"tri": "received", "ordre": "asc"}).text.split("<tbody>")[1]
    descending_page = client.get(PAGE, {"tri": "received", "ordre": "desc"}).text
    descending = descending_page.split("<tbody>")[1]
    a, b = figures["a"].name, "Commune de Mont-Clair"
    assert ascending.index(b) < ascending.index(a)  # 2 before 3
    assert descending.index(a) < descending.index(b)
    assert 'aria-sort="descending"' in descending_page
    assert client.get(PAGE, {"tri": "n'importe", "ordre": "x"}).status_code == 200


@pytest.mark.parametrize("language", ["nl", "de", "fr"])
def test_exports_carry_plain_numbers_whatever_the_language(client, figures, interco, language):
    verify_session(client, interco)
    session = client.session
    session[STAFF_LANGUAGE_KEY] = language
    session.save()
    exported = client.get(PAGE + "export.csv")
    assert exported.status_code == 200
    text = exported.content.decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    by_commune = {line["commune"]: line for line in lines}
    assert by_commune[figures["b"].slug]["revenue"] == "1234.5"
    assert by_commune["total"]["received"] == "5"
    assert by_commune[figures["a"].slug]["median_hours"] == "6.0"
    assert "1.234,5" not in text and "1234,5" not in text
    assert "Vandamme" not in text
    data = json.loads(client.get(PAGE + "export.json").content)
    assert data["totals"]["revenue"] == 1234.5
    assert {row["commune"] for row in data["communes"]} == {figures["a"].slug, figures["b"].slug}
    assert client.get(PAGE + "export.xlsx").status_code == 404


def test_the_intercommunales_manager_signs_in_on_any_host_and_reaches_only_this_page(
    client, figures, interco
):
    from guichet.staff.landing import landing_url

    signed = client.post(
        "/bureau/compte/connexion/", {"username": "interco-1", "password": PASSWORD}
    )
    assert signed.status_code == 302  # not refused: no commune, yet one page on every host
    with communes.activated(figures["a"]):
        assert landing_url(interco) == PAGE
    verify_session(client, interco)
    assert client.get("/bureau/")["Location"] == PAGE
    for path in ("/bureau/demandes/", "/bureau/statistiques/", "/bureau/support/", "/admin/"):
        assert client.get(path).status_code in (403, 404), path
    assert client.get("/api/v1/staff/requests/").status_code == 403


def test_nobody_else_reaches_every_communes_figures(client, figures):
    assert client.get(PAGE).status_code == 302  # anonymous: to the sign-in page
    administrator = make_staff("admin-a", roles.ADMINISTRATORS)
    StaffMembership.objects.create(user=administrator, commune=figures["a"])
    manager = make_staff("gestion-a", roles.MANAGERS)
    StaffMembership.objects.create(user=manager, commune=figures["a"])
    support = make_staff("support-1", roles.SUPPORT)
    for user in (administrator, manager, support):
        verify_session(client, user)
        assert client.get(PAGE).status_code == 404, user
        assert client.get(PAGE + "export.csv").status_code == 404, user
    assert not administrator.has_perm("guichet.view_intercommunal_statistics")


def test_postgresql_reads_the_period_from_a_covering_index(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no INCLUDE indexes")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'req_sub_cover'")
        (definition,) = cursor.fetchone()
    assert "(submitted_at) INCLUDE (commune_id, issued_at, channel, state, kind)" in definition
