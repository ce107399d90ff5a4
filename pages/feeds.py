"""Open data of the works: RSS 2.0, Atom 1.0, iCalendar (RFC 5545) and GeoJSON (RFC 7946).

All four publish the default list of /travaux/ (ongoing and upcoming works) and state the
licence set in WEBSITE_OPEN_DATA_LICENCE.
"""

import datetime

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from pages import selectors


def licence_text():
    return _("Données ouvertes sous licence %(licence)s (%(url)s).") % {
        "licence": settings.WEBSITE_OPEN_DATA_LICENCE,
        "url": settings.WEBSITE_OPEN_DATA_LICENCE_URL,
    }


def notice_text(notice):
    """One plain-text paragraph about a notice (feeds and calendar descriptions)."""
    parts = [f"{notice.nature_label} — {notice.status_label}."]
    if notice.end_date:
        parts.append(
            _("Du %(start)s au %(end)s.")
            % {
                "start": notice.start_date.strftime("%d/%m/%Y"),
                "end": notice.end_date.strftime("%d/%m/%Y"),
            }
        )
    else:
        parts.append(
            _("À partir du %(start)s.") % {"start": notice.start_date.strftime("%d/%m/%Y")}
        )
    parts.append(_("Rues : %(streets)s.") % {"streets": notice.streets})
    if notice.impact_labels:
        parts.append(
            _("Circulation : %(impacts)s.")
            % {"impacts": ", ".join(str(label) for label in notice.impact_labels)}
        )
    if notice.detour:
        parts.append(_("Déviation : %(detour)s") % {"detour": notice.detour})
    return " ".join(parts)


class WorksRssFeed(Feed):
    def title(self):
        return _("Travaux en cours — %(name)s") % {
            "name": selectors.site_context()["commune"]["name"]
        }

    def link(self):
        return selectors.works_summary()["url"] or "/travaux/"

    def description(self):
        return _("Chantiers en cours et à venir sur le territoire de la commune.")

    def feed_copyright(self):
        return licence_text()

    def items(self):
        return sorted(
            selectors.works_notices(),
            key=lambda n: n.first_published_at or timezone.now(),
            reverse=True,
        )

    def item_title(self, notice):
        return notice.title

    def item_description(self, notice):
        return notice_text(notice)

    def item_link(self, notice):
        return notice.url

    def item_pubdate(self, notice):
        return notice.first_published_at

    def item_updateddate(self, notice):
        return notice.last_published_at

    def item_categories(self, notice):
        return [str(notice.nature_label), str(notice.status_label)]


class WorksAtomFeed(WorksRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


def works_icalendar(*, base_url, host):
    """The works as all-day events, one VEVENT per notice (escaping and line folding by the
    icalendar package). The UID depends only on the notice and the host, so that a calendar
    that subscribed updates its events instead of duplicating them."""
    now = timezone.now().replace(microsecond=0)
    name = selectors.site_context()["commune"]["name"]
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//{name}//e-guichet travaux//FR")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Travaux — %(name)s") % {"name": name})
    calendar.add("x-wr-timezone", "Europe/Brussels")
    calendar.add("x-license", licence_text())
    for notice in selectors.works_notices():
        event = icalendar.Event()
        event.add("uid", f"travaux-{notice.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", notice.start_date)
        event.add("dtend", notice.ical_end())
        event.add("summary", notice.title)
        event.add("description", notice_text(notice))
        event.add("location", ", ".join(filter(None, [notice.streets, notice.village])))
        event.add("categories", [notice.nature_label])
        event.add("url", f"{base_url}{notice.url}")
        geometry = notice.geometry
        if geometry:
            lon, lat = (
                geometry["coordinates"]
                if geometry["type"] == "Point"
                else geometry["coordinates"][0]
            )
            event.add("geo", (round(lat, 6), round(lon, 6)))
        if notice.last_published_at:
            event.add("last-modified", notice.last_published_at.astimezone(datetime.UTC))
        calendar.add_component(event)
    return calendar.to_ical().decode()


def works_geojson(*, base_url):
    features = []
    for notice in selectors.works_notices():
        features.append(
            {
                "type": "Feature",
                "id": notice.pk,
                "geometry": notice.geometry,
                "properties": {
                    "title": notice.title,
                    "url": f"{base_url}{notice.url}",
                    "status": notice.status,
                    "status_label": str(notice.status_label),
                    "nature": notice.nature,
                    "nature_label": str(notice.nature_label),
                    "streets": notice.street_list,
                    "village": notice.village,
                    "start_date": notice.start_date.isoformat(),
                    "end_date": notice.end_date.isoformat() if notice.end_date else None,
                    "traffic_impacts": notice.traffic_impacts,
                    "detour": notice.detour,
                    "project_owner": notice.project_owner,
                    "contractor": notice.contractor,
                    "ordinance": notice.ordinance,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        # Foreign members (RFC 7946 §6.1): who publishes the data and under which licence.
        "metadata": {
            "title": _("Travaux en cours et à venir"),
            "publisher": selectors.site_context()["commune"]["name"],
            "license": settings.WEBSITE_OPEN_DATA_LICENCE,
            "license_url": settings.WEBSITE_OPEN_DATA_LICENCE_URL,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
        },
        "features": features,
    }


class StreetRssFeed(WorksRssFeed):
    """The works of one street (ongoing and upcoming): the no-e-mail alternative to the
    works alerts. /travaux/rues/<slug>/flux.rss (slugs: pages.streets)."""

    def get_object(self, request, slug):
        from django.http import Http404

        from pages.streets import street_for_slug

        name = street_for_slug(slug)
        if name is None:
            raise Http404
        return name

    def title(self, street):
        return _("Travaux — %(street)s — %(name)s") % {
            "street": street,
            "name": selectors.site_context()["commune"]["name"],
        }

    def link(self, street):
        from django.urls import reverse

        from pages.streets import street_slug

        return reverse("alerts_subscribe") + f"?rue={street_slug(street)}"

    def description(self, street=None):
        return _("Chantiers en cours et à venir dans la rue %(street)s.") % {"street": street}

    def items(self, street):
        from pages.streets import normalise, notice_keys

        key = normalise(street)
        return [notice for notice in super().items() if key in notice_keys(notice)]


class StreetAtomFeed(StreetRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, street):
        return self.description(street)
