"""Maps: the PMTiles reader, the self-hosted tile view, the base map in the pages (numbers
never localised), the commune's streets and the editors' widgets."""

import gzip
import html
import json
import re

import pytest
from django.core.management import call_command
from wagtail.test.utils.form_data import querydict_from_html

from pages import pmtiles
from pages.models import Street, WorksNoticePage
from pages.roles import COMMUNICATION

PNG_A = b"\x89PNG\r\n\x1a\n" + b"tile-a" * 10
PNG_B = b"\x89PNG\r\n\x1a\n" + b"tile-b" * 10


@pytest.fixture
def archive(tmp_path, settings):
    """A two-tile archive (zoom 16, around the demo commune) made the site's base map."""
    path = tmp_path / "commune.pmtiles"
    pmtiles.write(
        path,
        {(16, 33654, 22093): PNG_A, (16, 33655, 22093): PNG_B},
        metadata={"attribution": "© Essai"},
    )
    settings.MAP_TILES_URL = ""
    settings.MAP_TILES_ATTRIBUTION = ""
    settings.MAP_PMTILES_FILE = str(path)
    return path


# --- the PMTiles reader ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zxy", "tile_id"),
    [
        ((0, 0, 0), 0),
        ((1, 0, 0), 1),
        ((1, 0, 1), 2),
        ((1, 1, 1), 3),
        ((1, 1, 0), 4),
        ((2, 0, 0), 5),
        ((12, 3423, 1763), 19078479),  # the specification's example
    ],
)
def test_tile_ids_follow_the_specification(zxy, tile_id):
    assert pmtiles.zxy_to_tile_id(*zxy) == tile_id


def test_reader_reads_what_the_writer_wrote(tmp_path):
    path = tmp_path / "a.pmtiles"
    tiles = {(0, 0, 0): b"zero", (1, 0, 0): b"same", (1, 1, 0): b"same", (1, 0, 1): b"one"}
    pmtiles.write(path, tiles, metadata={"attribution": "© Val"})
    with open(path, "rb") as file:
        reader = pmtiles.Reader(file)
        for zxy, data in tiles.items():
            assert reader.get(*zxy) == data
        assert reader.get(1, 1, 1) is None  # not in the archive
        assert reader.get(1, 2, 0) is None  # not on the map at all
        assert reader.get(40, 0, 0) is None
        assert reader.metadata() == {"attribution": "© Val"}
        header = reader.header
    assert (header.min_zoom, header.max_zoom, header.extension) == (0, 1, "png")
    assert header.addressed_tiles == 4 and header.tile_contents == 3  # "same" stored once
    raw = path.read_bytes()
    assert raw[:7] == b"PMTiles" and raw[7] == 3


def test_reader_follows_leaf_directories_and_run_lengths(tmp_path):
    """An archive as big tools write it: a root pointing to a leaf directory, and one tile
    shared by a run of consecutive ids."""
    data = b"AAAA" + b"BB"
    leaf = gzip.compress(
        pmtiles.encode_directory(
            [pmtiles.Entry(5, 0, 4, 1), pmtiles.Entry(6, 4, 2, 3)]  # 6, 7, 8 share "BB"
        )
    )
    root = gzip.compress(pmtiles.encode_directory([pmtiles.Entry(5, 0, len(leaf), 0)]))
    offset_root = pmtiles.HEADER_LENGTH
    offset_leaf = offset_root + len(root)
    offset_data = offset_leaf + len(leaf)
    header = pmtiles._HEADER.pack(
        b"PMTiles", 3, offset_root, len(root), offset_leaf, 0, offset_leaf, len(leaf),
        offset_data, len(data), 4, 2, 2, 1, 2, 1, 2, 2, 2, 0, 0, 0, 0, 2, 0, 0,
    )  # fmt: skip
    path = tmp_path / "leaf.pmtiles"
    path.write_bytes(header + root + leaf + data)
    with open(path, "rb") as file:
        reader = pmtiles.Reader(file)
        assert reader.get(2, 0, 0) == b"AAAA"  # id 5
        ids = {pmtiles.zxy_to_tile_id(2, x, y): (x, y) for x in range(4) for y in range(4)}
        for tile_id in (6, 7, 8):
            assert reader.get(2, *ids[tile_id]) == b"BB"
        assert reader.get(2, *ids[9]) is None


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    path = tmp_path / "x.pmtiles"
    path.write_bytes(b"not a map" * 20)
    with open(path, "rb") as file, pytest.raises(pmtiles.PMTilesError):
        pmtiles.Reader(file)


# --- the tile view --------------------------------------------------------------------------


@pytest.mark.django_db
def test_tile_view_serves_a_tile_with_long_caching_and_an_etag(client, archive):
    from pages.basemap import map_config

    tiles = map_config()["tiles"]
    version = tiles.split("?v=")[1]
    response = client.get(f"/carte/tuiles/16/33654/22093.png?v={version}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == PNG_A
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    etag = response["ETag"]
    assert etag.startswith('"') and "Set-Cookie" not in response

    # Without the archive's version (an old link): a day, then revalidated with the ETag.
    other = client.get("/carte/tuiles/16/33655/22093.png")
    assert other.content == PNG_B and other["Cache-Control"] == "public, max-age=86400"
    again = client.get(f"/carte/tuiles/16/33654/22093.png?v={version}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/carte/tuiles/16/33656/22093.png",  # not in the archive
        "/carte/tuiles/15/16827/11046.png",  # a zoom the archive lacks
        "/carte/tuiles/1/5/0.png",  # x beyond the zoom's 2 columns
        "/carte/tuiles/99/0/0.png",  # no such zoom
        "/carte/tuiles/16/33654/22093.jpg",  # the archive holds PNG
        "/carte/tuiles/16/-1/22093.png",
        "/carte/tuiles/16/abc/22093.png",
    ],
)
def test_tile_view_answers_404_for_absent_tiles_and_bad_coordinates(client, archive, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_tile_view_without_an_archive_is_404_and_the_map_has_no_tiles(client, settings, tmp_path):
    settings.MAP_TILES_URL = ""
    settings.MAP_PMTILES_FILE = str(tmp_path / "absent.pmtiles")
    from pages.basemap import map_config

    assert client.get("/carte/tuiles/16/33654/22093.png").status_code == 404
    assert map_config()["tiles"] == ""
    broken = tmp_path / "broken.pmtiles"
    broken.write_bytes(b"PMTiles\x03" + b"\x00" * 10)
    settings.MAP_PMTILES_FILE = str(broken)
    assert client.get("/carte/tuiles/16/33654/22093.png").status_code == 404
    assert map_config()["tiles"] == ""


@pytest.mark.django_db
def test_tile_view_refuses_writes(client, archive):
    assert client.post("/carte/tuiles/16/33654/22093.png").status_code == 405


@pytest.mark.django_db
def test_a_tile_service_wins_over_the_archive_and_is_allowed_by_the_csp(client, archive, settings):
    from guichet.security import _policy
    from pages.basemap import map_config

    settings.MAP_TILES_URL = "https://cartoweb.wmts.ngi.be/1.0.0/topo/default/3857/{z}/{y}/{x}.png"
    settings.MAP_TILES_ATTRIBUTION = "© IGN/NGI"
    config = map_config()
    assert config["tiles"] == settings.MAP_TILES_URL and config["attribution"] == "© IGN/NGI"
    assert "https://cartoweb.wmts.ngi.be" in _policy(admin=False)
    assert "https://cartoweb.wmts.ngi.be" in _policy(admin=True)


# --- maps in the pages ----------------------------------------------------------------------


def _attribute(body, element_id, name):
    tag = re.search(rf'<div id="{element_id}"[^>]*>', body, re.S).group(0)
    return json.loads(html.unescape(re.search(rf'{name}="([^"]*)"', tag).group(1)))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_works_pages_carry_the_tile_url_and_geometry_unlocalised(
    client, settings, archive, make_notice, language
):
    """French and Dutch write 50,4681: the map's data must keep 50.4681."""
    settings.WEBSITE_PAGE_CACHE_SECONDS = 0
    notice = make_notice("egout", location="50.4681, 4.8652; 50.4672, 4.8681")
    prefix = "" if language == "fr" else f"/{language}"

    body = client.get(f"{prefix}/travaux/").content.decode()
    config = _attribute(body, "works-map", "data-map")
    assert config["tiles"].startswith("/carte/tuiles/{z}/{x}/{y}.png?v=")
    assert config["attribution"] == "© Essai"
    assert config["center"] == [50.4669, 4.8675] and config["native_max_zoom"] == 16
    features = _attribute(body, "works-map", "data-features")["features"]
    assert features == [
        {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [[4.8652, 50.4681], [4.8681, 50.4672]],
            },
            "properties": {
                "title": "Chantier egout",
                "status": "ongoing",
                "status_label": features[0]["properties"]["status_label"],
                "url": notice.url,
            },
        }
    ]
    assert "50,4681" not in body and "4,8652" not in body

    body = client.get(f"{prefix}{notice.url}").content.decode()
    assert _attribute(body, "notice-map", "data-map")["tiles"] == config["tiles"]
    geometry = _attribute(body, "notice-map", "data-features")["features"][0]["geometry"]
    assert geometry["coordinates"] == [[4.8652, 50.4681], [4.8681, 50.4672]]
    assert "aria-label" not in body.split('id="notice-map"')[1].split(">")[0]  # set by map.js
    assert 'data-label="Plan du chantier"' in body or language == "nl"
    assert "50,4681" not in body


@pytest.mark.django_db
def test_a_notice_without_location_has_no_map(client, archive, make_notice):
    notice = make_notice("sans-lieu", location="")
    body = client.get(notice.url).content.decode()
    assert 'id="notice-map"' not in body and "leaflet.js" not in body


# --- the commune's streets ------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_streets_cover_the_population_register_and_sort_the_french_way():
    from pages.demo_streets import seed_streets
    from pages.streets import street_names, streets_for_text, streets_geojson
    from population.demo import STREETS as REGISTER_STREETS

    seed_streets()
    seed_streets()  # idempotent
    names = street_names()
    assert set(REGISTER_STREETS) <= set(names)
    assert names.index("Chaussée de Namur") < names.index("Chemin des Prés")
    assert names.index("Rue de l'Église") < names.index("Rue de la Gare")
    found = streets_for_text("rue de la gare, RUE DE L’EGLISE, rue inconnue")
    assert sorted(s.name for s in found) == ["Rue de l'Église", "Rue de la Gare"]
    street = Street.objects.get(name="Rue de l'Église")
    assert street.slug == "rue-de-leglise-5999" and street.postcode == "5999"
    collection = streets_geojson()
    assert len(collection["features"]) == len(names)
    assert all(f["geometry"]["type"] == "LineString" for f in collection["features"])


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [4.86, 50.46]},
        {"type": "LineString", "coordinates": [[4.86, 50.46]]},
        {"type": "LineString", "coordinates": [[50.46, 4.86], [50.47, 4.87]]},  # lat, lon
        {"type": "MultiLineString", "coordinates": [[[4.86, 50.46], "x"]]},
    ],
)
def test_a_street_course_must_be_lines_in_belgium(geometry):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Street(name="Rue", postcode="5999", geometry=geometry).clean_fields()


@pytest.mark.django_db
def test_build_demo_basemap_draws_the_streets_into_an_archive(tmp_path, settings):
    from pages.basemap_render import project

    output = tmp_path / "demo.pmtiles"
    call_command("build_demo_basemap", output=str(output), min_zoom=14, max_zoom=15)
    x, y = project(50.4669, 4.8675, 15)  # the place communale
    with open(output, "rb") as file:
        reader = pmtiles.Reader(file)
        tile = reader.get(15, int(x // 256), int(y // 256))
        assert reader.metadata()["attribution"].startswith("Plan de démonstration")
        assert (reader.header.min_zoom, reader.header.max_zoom) == (14, 15)
    assert tile.startswith(b"\x89PNG")
    from io import BytesIO

    from PIL import Image

    colours = Image.open(BytesIO(tile)).convert("RGB").getcolors(65536)
    assert any(colour == (255, 255, 255) for _count, colour in colours)  # a street's fill


# --- the editors' side ----------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_form_offers_the_street_list_and_the_map_and_saves_the_location(
    cms_client, make_notice
):
    from pages.demo_streets import seed_streets

    seed_streets()
    client, _user = cms_client(COMMUNICATION)
    notice = make_notice("egout", location="50.4681, 4.8652")
    url = f"/cms/pages/{notice.pk}/edit/"
    body = client.get(url).content.decode()
    assert 'list="id_streets-streets"' in body
    assert '<option value="Rue de la Gare">' in body and '<option value="Chemin des Prés">' in body
    assert "data-location-widget" in body and "pages/location-widget.js" in body
    assert "Reprendre le tracé de la rue" in body and "Retirer le dernier point" in body
    streets = json.loads(html.unescape(re.search(r'data-streets="([^"]*)"', body).group(1)))
    assert "Rue du Moulin" in {f["properties"]["name"] for f in streets["features"]}

    form = querydict_from_html(body, form_id="page-edit-form")
    form["phases-count"] = "0"
    form["streets"] = "Rue de la Gare, Rue du Moulin"
    form["location"] = "50.46810, 4.86520; 50.46950, 4.86410"
    form["action-publish"] = "action-publish"
    response = client.post(url, form)
    assert response.status_code == 302
    notice = WorksNoticePage.objects.get(pk=notice.pk)
    assert notice.streets == "Rue de la Gare, Rue du Moulin"
    assert notice.geometry == {
        "type": "LineString",
        "coordinates": [[4.8652, 50.4681], [4.8641, 50.4695]],
    }

    form["location"] = "4.8652, 50.4681"  # the wrong way round: refused, text kept
    response = client.post(url, form)
    assert response.status_code == 200
    body = response.content.decode()
    assert "la latitude vient d&#x27;abord" in body or "la latitude vient d'abord" in body
    assert "4.8652, 50.4681</textarea>" in body


@pytest.mark.django_db
def test_works_street_filter_suggests_the_commune_streets(client, make_notice):
    from pages.demo_streets import seed_streets

    seed_streets()
    make_notice("egout", streets="rue de la Gare")
    body = client.get("/travaux/").content.decode()
    assert 'list="works-street-names"' in body
    assert '<datalist id="works-street-names">' in body and '<option value="Rue Haute">' in body
    filtered = client.get("/travaux/", {"street": "Rue de la Gare"}).content.decode()
    assert "Chantier egout" in filtered
