"""The commune's streets: the register (pages.models.Street, with their courses) and the
streets residents may follow (works alerts by e-mail, one feed per street).

- `street_names()`: the names, sorted (editors' autocomplete, the alerts form, the feeds);
- `streets_for_text(text)`: the Street rows named in a works notice's "rues concernées";
- `streets_geojson()`: their courses as a GeoJSON FeatureCollection (the editors' map).

A works notice names its streets in free text (`WorksNoticePage.streets`, comma-separated);
a notice concerns a street when their *normalised* names are equal ("Rue de la Gare",
"rue de la  gare" and "RUE DE LA GARE" are one street).

`street_names()` is the one list the subscription form offers and the feeds accept: the
streets named in published works notices plus the commune's own list
(settings.WEBSITE_ALERT_STREETS) and the street register.
"""

import re
import unicodedata

from django.conf import settings
from django.utils.text import slugify


def normalise(name):
    """The key two spellings of one street share: no accents, lower case, one space,
    straight apostrophes, hyphens as spaces."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def street_slug(name):
    return slugify(normalise(name))[:80]


def _register_names():
    """The commune's street names outside the works notices: the street register, then the
    names listed in the settings."""
    from pages.models import Street

    return [
        *Street.objects.values_list("name", flat=True),
        *getattr(settings, "WEBSITE_ALERT_STREETS", []),
    ]


def _notice_names():
    from pages.models import WorksNoticePage

    names = []
    from pages import sites

    notices = sites.in_current_site(WorksNoticePage.objects.live().public())
    for streets in notices.values_list("streets", flat=True):
        names.extend(s.strip() for s in streets.split(",") if s.strip())
    return names


def street_names():
    """Distinct street names, sorted as a French reader expects (accents ignored); the first
    spelling met wins (the register's, then the notices')."""
    seen = {}
    for name in [*_register_names(), *_notice_names()]:
        key = normalise(name)
        if key and key not in seen:
            seen[key] = name[:1].upper() + name[1:]
    return sorted(seen.values(), key=normalise)


def street_for_slug(slug):
    """The street name behind a feed's slug, or None."""
    for name in street_names():
        if street_slug(name) == slug:
            return name
    return None


def notice_keys(notice):
    return {normalise(name) for name in notice.street_list}


def streets_for_text(text):
    """The Street rows named in a comma-separated list such as a notice's "streets" field
    ("rue de la Gare, rue du Moulin"), matched without regard to case or accents."""
    from pages.models import Street

    wanted = {normalise(part) for part in (text or "").split(",") if part.strip()}
    return [street for street in Street.objects.all() if normalise(street.name) in wanted]


def streets_geojson():
    """{"type": "FeatureCollection", "features": [{"geometry": …, "properties": {"name",
    "slug"}}]} of the streets that have a course."""
    from pages.models import Street

    features = [
        {
            "type": "Feature",
            "geometry": street.geometry,
            "properties": {"name": street.name, "slug": street.slug},
        }
        for street in Street.objects.exclude(geometry=None)
        if street.lines
    ]
    return {"type": "FeatureCollection", "features": features}


__all__ = ["street_names", "streets_for_text", "streets_geojson"]
