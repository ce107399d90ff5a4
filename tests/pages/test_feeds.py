"""The works' open data, parsed back: RSS and Atom with ElementTree, iCalendar with a small
RFC 5545 reader (independent of the icalendar package that writes the feed), GeoJSON with
json."""

import json
import xml.etree.ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def notices(make_notice):
    make_notice(
        "egout",
        title="Égouttage; rue de la Gare, phase 1",
        streets="rue de la Gare, rue du Moulin",
        location="50.4681, 4.8652; 50.4672, 4.8681",
        start=-2,
        end=30,
        traffic_impacts=["road_closed"],
        detour="Par la rue du Centre, puis la rue des Écoles, fléchée sur place " * 3,
    )
    make_notice("place", title="Place communale", start=3, end=None)
    make_notice("fini", title="Chantier fini", start=-9, end=-1)


def parse_ics(text):
    """Unfold lines (RFC 5545 §3.1), split components, unescape text values."""
    assert text.endswith("\r\n")
    lines = text.split("\r\n")
    unfolded = []
    for line in lines:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        elif line:
            unfolded.append(line)
    events, current, calendar = [], None, {}
    for line in unfolded:
        name, _, value = line.partition(":")
        value = (
            value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
        )
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
        else:
            calendar[name] = value
    return calendar, events, lines


@pytest.mark.django_db
def test_rss_lists_current_works_with_licence(client, notices):
    response = client.get("/travaux/flux.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert sorted(titles) == ["Place communale", "Égouttage; rue de la Gare, phase 1"]
    assert "CC-BY-4.0" in channel.findtext("copyright")
    link = channel.find("item").findtext("link")
    assert link.startswith("http://testserver/travaux/")


@pytest.mark.django_db
def test_atom_feed_is_valid_xml_with_rights(client, notices):
    response = client.get("/travaux/flux.atom")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert feed.tag == f"{ATOM}feed"
    assert len(feed.findall(f"{ATOM}entry")) == 2
    assert "CC-BY-4.0" in feed.findtext(f"{ATOM}rights")


@pytest.mark.django_db
def test_icalendar_events_are_all_day_and_escaped(client, notices):
    from pages.models import WorksNoticePage

    response = client.get("/travaux/travaux.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, events, lines = parse_ics(response.content.decode())
    assert calendar["BEGIN"] == "VCALENDAR" and calendar["VERSION"] == "2.0"
    assert "CC-BY-4.0" in calendar["X-LICENSE"]
    assert all(len(line.encode()) <= 75 for line in lines)
    assert len(events) == 2
    egout = next(e for e in events if e["SUMMARY"].startswith("Égouttage"))
    assert egout["SUMMARY"] == "Égouttage; rue de la Gare, phase 1"
    page = WorksNoticePage.objects.get(slug="egout")
    assert egout["DTSTART;VALUE=DATE"] == page.start_date.strftime("%Y%m%d")
    # DTEND of an all-day event is exclusive: the day after the planned end.
    assert egout["DTEND;VALUE=DATE"] == page.ical_end().strftime("%Y%m%d")
    assert [float(part) for part in egout["GEO"].split(";")] == [50.4681, 4.8652]
    assert "Voirie fermée" in egout["DESCRIPTION"]
    assert egout["UID"].startswith(f"travaux-{page.pk}@")


@pytest.mark.django_db
def test_geojson_is_a_feature_collection_in_lon_lat_order(client, notices):
    response = client.get("/travaux/travaux.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert data["metadata"]["license"] == "CC-BY-4.0"
    assert data["metadata"]["license_url"].startswith("https://")
    features = {f["properties"]["title"]: f for f in data["features"]}
    assert set(features) == {"Place communale", "Égouttage; rue de la Gare, phase 1"}
    line = features["Égouttage; rue de la Gare, phase 1"]
    assert line["geometry"]["type"] == "LineString"
    assert line["geometry"]["coordinates"][0] == [4.8652, 50.4681]
    assert line["properties"]["status"] == "ongoing"
    assert line["properties"]["streets"] == ["rue de la Gare", "rue du Moulin"]
    assert features["Place communale"]["properties"]["status"] == "upcoming"
    assert features["Place communale"]["properties"]["end_date"] is None
