"""Working days skip weekends, Belgian public holidays and the commune's closure days."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from guichet import selectors
from guichet.bureau.selectors import overdue_filter
from guichet.models import DocumentRequest, KindSettings
from guichet.workdays import working_days_after, working_days_before
from pages.models import SiteSettings
from pages.sites import current_site
from tests.factories import DocumentRequestFactory
from tests.guichet.test_bureau import as_role

BRUSSELS = ZoneInfo("Europe/Brussels")
HOUSEHOLD = "composition-menage"
CHRISTMAS_EVE = datetime.date(2026, 12, 24)  # a Thursday; 25 December is a Friday


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)


def close_on(*days):
    SiteSettings.objects.create(
        site=current_site(),
        closures=[
            ("closure", {"start": day, "end": None, "reason": "Fête locale"}) for day in days
        ],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (CHRISTMAS_EVE, 3, datetime.date(2026, 12, 30)),  # 25 Dec, then the weekend
        (datetime.date(2026, 4, 3), 1, datetime.date(2026, 4, 7)),  # Easter Monday
        (datetime.date(2026, 5, 13), 1, datetime.date(2026, 5, 15)),  # Ascension
        (datetime.date(2026, 7, 20), 1, datetime.date(2026, 7, 22)),  # 21 July
        (datetime.date(2026, 11, 10), 1, datetime.date(2026, 11, 12)),  # 11 November
        (datetime.date(2026, 12, 31), 1, datetime.date(2027, 1, 4)),  # 1 January, a Friday
        (datetime.date(2026, 3, 2), 5, datetime.date(2026, 3, 9)),  # an ordinary week
    ],
)
def test_working_days_skip_public_holidays(start, days, expected):
    assert working_days_after(start, days) == expected
    assert working_days_before(expected, days) == start


@pytest.mark.django_db
def test_a_request_submitted_on_christmas_eve_is_announced_for_30_december():
    KindSettings.objects.filter(kind=HOUSEHOLD).update(announced_delay_days=3)
    request = DocumentRequestFactory(kind=HOUSEHOLD, submitted_at=at(CHRISTMAS_EVE))
    assert selectors.expected_date(document_request=request) == datetime.date(2026, 12, 30)


@pytest.mark.django_db
def test_a_closure_day_in_the_site_settings_shifts_the_announced_date():
    KindSettings.objects.filter(kind=HOUSEHOLD).update(announced_delay_days=3)
    request = DocumentRequestFactory(kind=HOUSEHOLD, submitted_at=at(CHRISTMAS_EVE))
    close_on(datetime.date(2026, 12, 28))
    assert selectors.expected_date(document_request=request) == datetime.date(2026, 12, 31)


@pytest.mark.django_db
def test_a_new_closure_day_is_seen_at_once_and_the_closures_are_read_once(
    django_assert_num_queries,
):
    settings_row = SiteSettings.objects.create(site=current_site())
    assert working_days_after(CHRISTMAS_EVE, 3) == datetime.date(2026, 12, 30)
    settings_row.closures = [
        ("closure", {"start": datetime.date(2026, 12, 29), "end": None, "reason": "Fête"})
    ]
    settings_row.save()
    # Two calendar years, one query; none at all once the closures are cached.
    with django_assert_num_queries(1):
        assert working_days_after(CHRISTMAS_EVE, 10) == datetime.date(2027, 1, 12)
    with django_assert_num_queries(0):
        assert working_days_after(CHRISTMAS_EVE, 3) == datetime.date(2026, 12, 31)


@pytest.mark.django_db
def test_a_closure_period_closes_every_day_of_it():
    SiteSettings.objects.create(
        site=current_site(),
        closures=[
            (
                "closure",
                {
                    "start": datetime.date(2026, 12, 28),
                    "end": datetime.date(2026, 12, 31),
                    "reason": "Fêtes de fin d'année",
                },
            )
        ],
    )
    assert working_days_after(CHRISTMAS_EVE, 1) == datetime.date(2027, 1, 4)


@pytest.mark.django_db
def test_overdue_respects_public_holidays():
    """Tuesday 29 December, 3 working days back: 28, 24 and 23 December (25 is a holiday)."""
    KindSettings.objects.filter(kind=HOUSEHOLD).update(announced_delay_days=3)
    late = DocumentRequestFactory(kind=HOUSEHOLD, submitted_at=at(datetime.date(2026, 12, 22)))
    in_time = DocumentRequestFactory(kind=HOUSEHOLD, submitted_at=at(datetime.date(2026, 12, 23)))
    overdue = DocumentRequest.objects.filter(
        overdue_filter([HOUSEHOLD], today=datetime.date(2026, 12, 29))
    )
    assert list(overdue) == [late]
    assert in_time not in overdue


@pytest.mark.django_db
def test_the_back_office_queue_marks_overdue_requests_after_the_holidays(client):
    KindSettings.objects.filter(kind=HOUSEHOLD).update(announced_delay_days=3)
    with time_machine.travel(at(datetime.date(2026, 12, 29)), tick=False):
        DocumentRequestFactory(
            kind=HOUSEHOLD, reference="2026-000022", submitted_at=at(datetime.date(2026, 12, 22))
        )
        DocumentRequestFactory(
            kind=HOUSEHOLD, reference="2026-000023", submitted_at=at(datetime.date(2026, 12, 23))
        )
        as_role(client, "population")
        body = client.get("/bureau/demandes/?state=all").content.decode()
        rows = {
            reference: body[body.index(reference) :].split("</tr>")[0]
            for reference in ("2026-000022", "2026-000023")
        }
        assert "en retard" in rows["2026-000022"]
        assert "en retard" not in rows["2026-000023"]
        assert client.get("/bureau/").context["counts"]["overdue"] == 1
