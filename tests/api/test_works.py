"""Works notices of the website as open data: JSON and GeoJSON, with the page's filters."""

import datetime

import pytest
from django.utils import timezone

from pages.models import WorksIndexPage, WorksNoticePage

pytestmark = pytest.mark.django_db


def make_notice(slug, *, start, end, publish=True, **fields):
    today = timezone.localdate()
    values = {
        "title": f"Chantier {slug}",
        "nature": "road",
        "streets": "rue de la Gare, rue du Moulin",
        "start_date": today + datetime.timedelta(days=start),
        "end_date": today + datetime.timedelta(days=end) if end is not None else None,
        "location": "50.4669, 4.8675",
        **fields,
    }
    notice = WorksNoticePage(slug=slug, live=publish, **values)
    WorksIndexPage.objects.get().add_child(instance=notice)
    if publish:
        notice.save_revision().publish()
    return notice


@pytest.fixture
def notices():
    return {
        "ongoing": make_notice(
            "egout",
            start=-2,
            end=30,
            nature="sewers",
            traffic_impacts=["road_closed"],
            contact_name="Service travaux",
            location="50.4681, 4.8652; 50.4672, 4.8681",
        ),
        "upcoming": make_notice("place", start=3, end=None, streets="place Communale"),
        "finished": make_notice("fini", start=-9, end=-1),
        "draft": make_notice("brouillon", start=-1, end=5, publish=False),
    }


def titles(body):
    return [item["title"] for item in body["results"]]


def test_default_list_is_the_pages_ongoing_and_upcoming(client, notices):
    body = client.get("/api/v1/works/").json()
    assert titles(body) == ["Chantier egout", "Chantier place"]
    ongoing = body["results"][0]
    assert ongoing["status"] == "ongoing" and ongoing["status_label"] == "En cours"
    assert ongoing["streets"] == ["rue de la Gare", "rue du Moulin"]
    assert ongoing["traffic_impacts"] == [{"code": "road_closed", "label": "Voirie fermée"}]
    assert ongoing["geometry"] == {
        "type": "LineString",
        "coordinates": [[4.8652, 50.4681], [4.8681, 50.4672]],
    }
    assert ongoing["contact"]["name"] == "Service travaux"
    assert ongoing["url"].startswith("http://testserver/")


def test_filters_by_status_nature_street_and_dates(client, notices):
    assert titles(client.get("/api/v1/works/?status=finished").json()) == ["Chantier fini"]
    assert titles(client.get("/api/v1/works/?status=all&nature=sewers").json()) == [
        "Chantier egout"
    ]
    assert titles(client.get("/api/v1/works/?street=communale").json()) == ["Chantier place"]
    today = timezone.localdate()
    in_a_week = (today + datetime.timedelta(days=7)).isoformat()
    body = client.get(f"/api/v1/works/?status=all&on={in_a_week}").json()
    assert {i["title"]: i["status"] for i in body["results"]}["Chantier place"] == "ongoing"
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    body = client.get(f"/api/v1/works/?status=all&date_from={yesterday}&date_to={yesterday}")
    assert titles(body.json()) == ["Chantier fini", "Chantier egout"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=bientot", "status"),
        ("on=demain", "on"),
        ("date_from=2026-05-02&date_to=2026-05-01", "date_to"),
    ],
)
def test_bad_filters_are_named(client, notices, query, parameter):
    response = client.get(f"/api/v1/works/?{query}")
    assert response.status_code == 400
    assert [e["parameter"] for e in response.json()["errors"]] == [parameter]


def test_geojson_is_a_feature_collection_with_the_licence(client, notices, settings):
    response = client.get("/api/v1/works.geojson?status=all")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["metadata"]["license"] == settings.WEBSITE_OPEN_DATA_LICENCE
    features = {f["properties"]["title"]: f for f in body["features"]}
    assert set(features) == {"Chantier egout", "Chantier place", "Chantier fini"}
    place = features["Chantier place"]
    assert place["type"] == "Feature"
    assert place["geometry"] == {"type": "Point", "coordinates": [4.8675, 50.4669]}
    assert place["properties"]["status"] == "upcoming"
    assert "geometry" not in place["properties"]


def test_list_query_count_is_flat(client, notices, django_assert_max_num_queries):
    client.get("/api/v1/works/")
    with django_assert_max_num_queries(6) as queries:
        client.get("/api/v1/works/")
    few = len(queries.captured_queries)
    for n in range(5):
        make_notice(f"autre-{n}", start=-1, end=5)
    with django_assert_max_num_queries(few):
        client.get("/api/v1/works/")
