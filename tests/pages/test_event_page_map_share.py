"""Event pages: the site's own map (as works notices) beside the address, and the share
links of news and works (no third-party script)."""

import datetime
import html
import json
import re

import pytest
from django.utils import timezone

from pages.models import AgendaIndexPage, EventPage

pytestmark = pytest.mark.django_db


def _event(**fields):
    values = {
        "title": "Concert au kiosque",
        "slug": "concert-kiosque",
        "category": "concert",
        "summary": "Fanfare et chorale au kiosque.",
        "start_date": timezone.localdate() + datetime.timedelta(days=4),
        "place_name": "Kiosque du parc",
        "address": "Rue du Parc 2, 5999 Val-des-Sources",
        "location": "50.4669, 4.8675",
    }
    values.update(fields)
    event = EventPage(**values)
    AgendaIndexPage.objects.get().add_child(instance=event)
    event.save_revision().publish()
    return event


def test_event_page_draws_its_place_on_the_site_map(client):
    body = client.get(_event().url).content.decode()
    assert 'id="event-map"' in body and "data-site-map" in body
    features = json.loads(html.unescape(re.search(r'data-features="([^"]*)"', body).group(1)))
    assert features["features"][0]["geometry"] == {
        "type": "Point",
        "coordinates": [4.8675, 50.4669],  # [lon, lat], never "4,8675"
    }
    assert 'data-label="Plan du lieu"' in body
    assert "Sur le plan : le lieu de l'événement (Kiosque du parc, Rue du Parc 2" in body
    # The address stays the text equivalent, before the map.
    assert body.index("Rue du Parc 2, 5999 Val-des-Sources") < body.index('id="event-map"')
    assert "pages/map.js" in body


def test_event_without_a_point_has_no_map_but_its_address(client):
    body = client.get(_event(location="").url).content.decode()
    assert "data-site-map" not in body
    assert "Rue du Parc 2, 5999 Val-des-Sources" in body


def test_event_page_has_share_links_and_meta_without_third_party_script(client):
    body = client.get(_event().url).content.decode()
    assert "Partager cette page" in body
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2F' in body
    assert '<meta property="og:title" content="Concert au kiosque">' in body
    assert '<meta property="og:description" content="Fanfare et chorale au kiosque.">' in body
    assert '<link rel="canonical" href="http://testserver/agenda/concert-kiosque/">' in body
    assert not re.search(r'<script[^>]+src="(https?:)?//', body)
    assert 'type="application/ld+json"' in body  # the schema.org Event stays
