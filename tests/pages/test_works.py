"""Works notices: status from the dates, the default list, filters, location input."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pages import geo
from pages.constants import WorksStatus
from pages.models import WorksNoticePage

# Even an unsaved Wagtail page looks up its content type when it is built.
pytestmark = pytest.mark.django_db


def notice(start, end):
    return WorksNoticePage(start_date=start, end_date=end)


START = datetime.date(2026, 3, 2)
END = datetime.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (START - datetime.timedelta(days=1), WorksStatus.UPCOMING),
        (START, WorksStatus.ONGOING),
        (END, WorksStatus.ONGOING),
        (END + datetime.timedelta(days=1), WorksStatus.FINISHED),
    ],
)
def test_status_follows_the_dates(day, expected):
    assert notice(START, END).status_on(day) == expected


def test_without_planned_end_works_stay_ongoing():
    assert notice(START, None).status_on(START + datetime.timedelta(days=400)) == "ongoing"


def test_finished_works_leave_the_default_list(client, make_notice):
    make_notice("en-cours", start=-3, end=3)
    make_notice("a-venir", start=5, end=9)
    make_notice("fini-hier", start=-10, end=-1)
    body = client.get("/travaux/").content.decode()
    assert "Chantier en-cours" in body and "Chantier a-venir" in body
    assert "Chantier fini-hier" not in body
    finished = client.get("/travaux/?status=finished").content.decode()
    assert "Chantier fini-hier" in finished and "Chantier en-cours" not in finished


def test_filters_by_status_nature_and_street(client, make_notice):
    make_notice("egout", nature="sewers", streets="rue du Moulin", start=-1, end=5)
    make_notice("fibre", nature="fibre", streets="avenue des Tilleuls", start=3, end=5)
    ongoing = client.get("/travaux/?status=ongoing").content.decode()
    assert "Chantier egout" in ongoing and "Chantier fibre" not in ongoing
    by_nature = client.get("/travaux/?nature=fibre").content.decode()
    assert "Chantier fibre" in by_nature and "Chantier egout" not in by_nature
    by_street = client.get("/travaux/?street=moulin").content.decode()
    assert "Chantier egout" in by_street and "Chantier fibre" not in by_street


def test_works_page_is_a_list_first_and_carries_the_map_data(client, make_notice):
    make_notice("ligne", location="50.4681, 4.8652; 50.4672, 4.8681")
    body = client.get("/travaux/").content.decode()
    assert '<ul class="works-list">' in body
    assert 'id="works-map" class="site-map works-map" hidden' in body  # shown by JavaScript only
    assert "LineString" in body and "vendor/leaflet/leaflet.js" in body
    assert "<script>" not in body and "onclick" not in body


def test_home_shows_how_many_works_are_ongoing(client, make_notice):
    make_notice("a", start=-1, end=1)
    make_notice("b", start=0, end=None)
    make_notice("c", start=2, end=4)
    make_notice("d", start=-5, end=-2)
    body = client.get("/").content.decode()
    assert (
        "2 chantiers en cours aujourd&#x27;hui" in body
        or "2 chantiers en cours aujourd'hui" in body
    )


def test_location_point_and_line():
    assert geo.geometry("50.4651, 4.8656") == {"type": "Point", "coordinates": [4.8656, 50.4651]}
    line = geo.geometry("50.46,4.86; 50.47,4.87")
    assert line["type"] == "LineString" and line["coordinates"][1] == [4.87, 50.47]
    assert geo.geometry("") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("4.8656, 50.4651", "la latitude vient d'abord"),
        ("48.85, 2.35", "n'est pas en Belgique"),
        ("50.4651", "latitude, longitude"),
        ("nord, sud", "sont des nombres"),
    ],
)
def test_location_errors_are_explained_in_french(text, message):
    with pytest.raises(ValidationError) as error:
        geo.parse_points(text)
    assert message in str(error.value)


def test_planned_end_cannot_precede_the_start():
    with pytest.raises(ValidationError) as error:
        WorksNoticePage(start_date=END, end_date=START, traffic_impacts=[]).clean()
    assert "end_date" in error.value.message_dict
