"""The agenda: occurrences of recurring events, the list and its filters, archives,
iCalendar (parsed back), JSON and CSV exports, schema.org JSON-LD, the public submission
flow (draft → moderation → published, with the two e-mails) and the API v2."""

import csv
import datetime
import io
import json
import re

import icalendar
import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import WorkflowState

from pages.models import AgendaIndexPage, EventPage
from pages.roles import COMMUNICATION

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def agenda_index(db):
    return AgendaIndexPage.objects.get()


@pytest.fixture
def make_event(agenda_index):
    def _make(slug="evenement", *, start=3, publish=True, **fields):
        today = timezone.localdate()
        values = {
            "title": f"Événement {slug}",
            "category": "concert",
            "summary": "Un concert sur la place.",
            "start_date": today + datetime.timedelta(days=start),
            "start_time": datetime.time(20, 0),
            "end_time": datetime.time(22, 30),
            "place_name": "Salle communale",
            "address": "Place Communale 1, 5999 Val-des-Sources",
            "location": "50.4669, 4.8675",
            "organiser_name": "Chorale La Source",
            "price": "8,50 €",
        }
        values.update(fields)
        event = EventPage(slug=slug, **values)
        agenda_index.add_child(instance=event)
        if publish:
            event.save_revision().publish()
        return event

    return _make


# --- occurrences ---


def test_weekly_rule_expands_until_its_end_date():
    event = EventPage(
        start_date=datetime.date(2026, 3, 2),
        recurrence="weekly",
        recurrence_until=datetime.date(2026, 3, 30),
    )
    days = [o.start_date for o in event.occurrences()]
    assert days == [datetime.date(2026, 3, d) for d in (2, 9, 16, 23, 30)]
    assert event.compute_last_date() == datetime.date(2026, 3, 30)


def test_monthly_rule_skips_months_without_that_day():
    event = EventPage(
        start_date=datetime.date(2026, 1, 31),
        recurrence="monthly",
        recurrence_until=datetime.date(2026, 5, 31),
    )
    days = [o.start_date for o in event.occurrences()]
    assert days == [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 5, 31),
    ]


def test_multi_day_event_ends_on_its_last_day():
    event = EventPage(start_date=datetime.date(2026, 6, 5), end_date=datetime.date(2026, 6, 7))
    (occurrence,) = event.occurrences()
    assert occurrence.multi_day and occurrence.all_day
    assert occurrence.end == datetime.date(2026, 6, 8)  # DTEND is exclusive
    assert event.compute_last_date() == datetime.date(2026, 6, 7)


def test_occurrences_in_a_range():
    event = EventPage(
        start_date=datetime.date(2026, 3, 2),
        recurrence="weekly",
        recurrence_until=datetime.date(2026, 12, 28),
    )
    days = event.occurrences(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 4, 20))
    assert [o.start_date.day for o in days] == [6, 13, 20]


def test_recurrence_needs_an_end_and_image_needs_alt_text():
    from django.core.exceptions import ValidationError

    event = EventPage(
        title="x",
        slug="x",
        category="concert",
        summary="x",
        start_date=datetime.date(2026, 3, 2),
        recurrence="weekly",
        place_name="Salle",
        image_id=1,
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "recurrence_until" in error.value.message_dict
    assert "image_alt" in error.value.message_dict


# --- list, filters, archives ---


def test_list_shows_upcoming_events_and_announces_the_count(client, make_event):
    make_event("concert")
    make_event("passe", start=-10)
    response = client.get("/agenda/")
    body = response.content.decode()
    assert "Événement concert" in body
    assert "Événement passe" not in body
    assert re.search(r'role="status">1 événement<', body)


def test_filters_by_category_place_and_dates(client, make_event):
    make_event("concert", start=3)
    make_event("balade", start=20, category="nature", place_name="Parking du marais")
    body = client.get("/agenda/?category=nature").content.decode()
    assert "Événement balade" in body and "Événement concert" not in body
    body = client.get("/agenda/?place=marais").content.decode()
    assert "Événement balade" in body and "Événement concert" not in body
    end = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    body = client.get(f"/agenda/?end={end}").content.decode()
    assert "Événement concert" in body and "Événement balade" not in body


def test_bad_filter_values_get_a_message_not_an_error(client, make_event):
    make_event("concert")
    response = client.get("/agenda/?start=2027-05-01&end=2027-01-01&category=zzz")
    assert response.status_code == 200
    assert "La date « au » suit la date « du »." in response.content.decode()


def test_past_events_are_in_the_archives_never_deleted(client, make_event):
    make_event("passe", start=-10)
    body = client.get("/agenda/archives/").content.decode()
    assert "Événement passe" in body
    assert "Événement passe" not in client.get("/agenda/").content.decode()
    response = client.get("/agenda/passe/")
    assert response.status_code == 200 and "Événement passé" in response.content.decode()


def test_recurring_event_stays_listed_until_its_last_occurrence(client, make_event):
    today = timezone.localdate()
    make_event(
        "marche",
        start=-14,
        recurrence="weekly",
        recurrence_until=today + datetime.timedelta(days=30),
    )
    body = client.get("/agenda/").content.decode()
    assert "Événement marche" in body


# --- iCalendar, JSON, CSV ---


def test_icalendar_parses_back_with_occurrences_categories_and_brussels_times(client, make_event):
    today = timezone.localdate()
    make_event(
        "marche",
        start=1,
        category="market",
        start_time=datetime.time(8, 0),
        end_time=datetime.time(12, 0),
        recurrence="weekly",
        recurrence_until=today + datetime.timedelta(days=22),
    )
    make_event("concert", start=5)
    response = client.get("/agenda/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert "CC-BY-4.0" in str(calendar["X-LICENSE"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    markets = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Événement marche"]
    assert len(markets) == 4  # days 1, 8, 15, 22
    first = markets[0]
    assert first["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert first["DTSTART"].dt.hour == 8
    assert str(first["DTSTART"].dt.tzinfo) == "Europe/Brussels"
    assert first["CATEGORIES"].cats == ["Marché et brocante"]
    assert len({str(e["UID"]) for e in markets}) == 4
    assert b"TZID=Europe/Brussels:" in response.content

    per_category = icalendar.Calendar.from_ical(client.get("/agenda/categorie/market.ics").content)
    titles = {str(e["SUMMARY"]) for e in per_category.walk("VEVENT")}
    assert titles == {"Événement marche"}
    assert client.get("/agenda/categorie/inconnue.ics").status_code == 404


def test_all_day_events_are_dates_in_icalendar(client, make_event):
    make_event("fete", start=4, start_time=None, end_time=None, end_date=None)
    calendar = icalendar.Calendar.from_ical(client.get("/agenda/agenda.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert type(event["DTSTART"].dt) is datetime.date
    assert event["DTEND"].dt - event["DTSTART"].dt == datetime.timedelta(days=1)


def test_csv_reads_back_with_plain_numbers_and_the_licence(client, make_event):
    make_event("concert")
    response = client.get("/agenda/agenda.csv")
    assert 'rel="license"' in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["latitude"] == "50.4669" and row["longitude"] == "4.8675"
    assert row["licence"] == "CC-BY-4.0"
    assert row["price"] == "8,50 €"
    assert row["start"].endswith("T20:00:00+01:00") or row["start"].endswith("T20:00:00+02:00")


def test_json_export_states_the_licence(client, make_event):
    make_event("concert")
    data = client.get("/agenda/agenda.json").json()
    assert data["metadata"]["license"] == "CC-BY-4.0"
    assert data["events"][0]["latitude"] == 50.4669


# --- schema.org ---


def _json_ld(body):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_event_page_has_schema_org_event(client, make_event):
    event = make_event("concert", free=False, booking_url="https://billets.example/")
    data = _json_ld(client.get(event.url).content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    for key in (
        "name",
        "startDate",
        "endDate",
        "location",
        "eventStatus",
        "eventAttendanceMode",
        "organizer",
        "offers",
        "description",
    ):
        assert data[key], key
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["@type"] == "PostalAddress"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["offers"]["price"] == "8.50" and data["offers"]["priceCurrency"] == "EUR"
    assert data["offers"]["url"] == "https://billets.example/"
    datetime.datetime.fromisoformat(data["startDate"])
    assert data["startDate"].endswith(("+01:00", "+02:00"))


def test_association_page_lists_its_events(client, make_event):
    from pages.models import Association

    association = Association.objects.create(
        name="Chorale La Source", category="culture", email="chorale@example.test"
    )
    make_event("concert", organiser_association=association, organiser_name="")
    make_event("autre")
    body = client.get(association.get_absolute_url()).content.decode()
    assert "Événement concert" in body and "Événement autre" not in body
    event_body = client.get("/agenda/concert/").content.decode()
    assert f'href="{association.get_absolute_url()}"' in event_body


def test_cancelled_free_event_in_json_ld(client, make_event):
    event = make_event("annule", free=True, price="", event_status="cancelled")
    data = _json_ld(client.get(event.url).content.decode())
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["price"] == "0"
    assert data["isAccessibleForFree"] is True


# --- submission → moderation → publication ---

SUBMISSION = {
    "title": "Soirée contes",
    "category": "children",
    "summary": "Des contes pour les 4-8 ans.",
    "description": "Apportez un coussin.",
    "start_date": "2030-05-04",
    "start_time": "15:00",
    "end_date": "",
    "end_time": "16:30",
    "place_name": "Bibliothèque",
    "address": "Rue du Livre 3, 5999 Val-des-Sources",
    "organiser_name": "Les Amis du Livre",
    "free": "on",
    "price": "",
    "booking_url": "",
    "accessibility": ["wheelchair"],
    "submitter_name": "Alice Martin",
    "submitter_email": "alice@example.test",
    "site_web": "",
}


def test_submission_becomes_a_draft_in_moderation_then_published(
    client, agenda_index, cms_client, django_capture_on_commit_callbacks
):
    response = client.post("/agenda/proposer/", SUBMISSION)
    assert response.status_code == 302
    event = EventPage.objects.get(title="Soirée contes")
    assert not event.live
    assert WorkflowState.objects.filter(
        object_id=str(event.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()
    assert [m.to for m in mail.outbox if "bien reçu" in m.subject] == [["alice@example.test"]]
    assert "Soirée contes" not in client.get("/agenda/").content.decode()
    assert client.get(event.url or "/agenda/soiree-contes-2030-05-04/").status_code == 404

    editor, _user = cms_client(COMMUNICATION)
    revision = event.get_latest_revision()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish(user=_user)
    event.refresh_from_db()
    assert event.live
    published = [m for m in mail.outbox if "est publié" in m.subject]
    assert len(published) == 1 and event.url in published[0].body
    assert "Soirée contes" in client.get("/agenda/").content.decode()
    calendar = icalendar.Calendar.from_ical(client.get("/agenda/agenda.ics").content)
    assert "Soirée contes" in {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    # Publishing again does not send a second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert len([m for m in mail.outbox if "est publié" in m.subject]) == 1


def test_submission_errors_keep_what_was_typed(client, agenda_index):
    data = dict(
        SUBMISSION, start_date="2030-05-04", end_date="2030-05-01", free="", submitter_name=""
    )
    response = client.post("/agenda/proposer/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "La date de fin suit la date de début." in body
    assert "Indiquez le prix, ou cochez « Entrée gratuite »." in body
    assert "Remplissez « Votre nom »." in body
    assert 'value="Soirée contes"' in body
    assert not EventPage.objects.filter(title="Soirée contes").exists()


def test_honeypot_and_rate_limit(client, agenda_index, settings):
    response = client.post("/agenda/proposer/", dict(SUBMISSION, site_web="http://spam"))
    assert response.status_code == 302
    assert not EventPage.objects.filter(title="Soirée contes").exists()
    settings.AGENDA_SUBMISSIONS_PER_HOUR = 1
    client.post("/agenda/proposer/", SUBMISSION)
    response = client.post("/agenda/proposer/", dict(SUBMISSION, title="Autre"))
    assert response.status_code == 200
    assert "Réessayez dans une heure" in response.content.decode()
    assert 'value="Autre"' in response.content.decode()


# --- API v2 ---


def test_api_v2_gives_events_with_their_fields_cached_and_anonymous(client, make_event):
    make_event("concert", submitter_email="secret@example.test")
    response = client.get("/api/v2/pages/?type=pages.EventPage&fields=*")
    assert response.status_code == 200
    assert "max-age=" in response["Cache-Control"] and "public" in response["Cache-Control"]
    item = response.json()["items"][0]
    assert item["category"] == "concert" and item["place_name"] == "Salle communale"
    assert item["start_time"] == "20:00:00"
    assert "secret@example.test" not in response.content.decode()


def test_api_v2_is_rate_limited(client, make_event, settings):
    settings.WEBSITE_API_V2_THROTTLE = "2/min"
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get("/api/v2/pages/").status_code == 429


def test_api_v2_works_notices(client, make_notice):
    make_notice("egouts")
    response = client.get("/api/v2/pages/?type=pages.WorksNoticePage&fields=streets,status")
    item = response.json()["items"][0]
    assert item["streets"] == "rue de la Gare" and item["status"] == "ongoing"
