"""Open data of the works: RSS 2.0, Atom 1.0, iCalendar (RFC 5545) and GeoJSON (RFC 7946).

All four publish the default list of /travaux/ (ongoing and upcoming works) and state the
licence set in WEBSITE_OPEN_DATA_LICENCE.
"""

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


def _ical_escape(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    chunks, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not chunks else 74):
            chunks.append(current.decode())
            current = b""
        current += piece
    chunks.append(current.decode())
    return "\r\n ".join(chunks)


def works_icalendar(*, base_url, host):
    """The works as all-day events, one VEVENT per notice."""
    now = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    name = selectors.site_context()["commune"]["name"]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_ical_escape(name)}//e-guichet travaux//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ical_escape(_('Travaux — %(name)s') % {'name': name})}",
        "X-WR-TIMEZONE:Europe/Brussels",
        f"X-LICENSE:{_ical_escape(licence_text())}",
    ]
    for notice in selectors.works_notices():
        geometry = notice.geometry
        lines += [
            "BEGIN:VEVENT",
            f"UID:travaux-{notice.pk}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART;VALUE=DATE:{notice.start_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{notice.ical_end():%Y%m%d}",
            f"SUMMARY:{_ical_escape(notice.title)}",
            f"DESCRIPTION:{_ical_escape(notice_text(notice))}",
            f"LOCATION:{_ical_escape(', '.join(filter(None, [notice.streets, notice.village])))}",
            f"CATEGORIES:{_ical_escape(notice.nature_label)}",
            f"URL:{base_url}{notice.url}",
        ]
        if geometry:
            lon, lat = (
                geometry["coordinates"]
                if geometry["type"] == "Point"
                else geometry["coordinates"][0]
            )
            lines.append(f"GEO:{lat:.6f};{lon:.6f}")
        if notice.last_published_at:
            lines.append(f"LAST-MODIFIED:{notice.last_published_at:%Y%m%dT%H%M%SZ}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


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
