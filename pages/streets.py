"""The commune's streets (pages.models.Street): what other parts of the site read.

- `street_names()`: the names, in alphabetical order (editors' autocomplete, street alerts);
- `streets_for_text(text)`: the streets named in a works notice's "rues concernées";
- `streets_geojson()`: their courses as a GeoJSON FeatureCollection (the editors' map).
"""

import unicodedata


def _fold(name):
    """ "Rue de l'Église" and "rue de l’eglise" compare equal: case, accents and apostrophes
    folded."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore")
    return " ".join(text.decode().lower().split())


def _sort_key(name):
    return _fold(name)


def street_names():
    """Every street's name, sorted the French way (accents ignored): ["Avenue des Tilleuls",
    "Chaussée de Namur", …]."""
    from pages.models import Street

    names = set(Street.objects.values_list("name", flat=True))
    return sorted(names, key=_sort_key)


def streets_for_text(text):
    """The Street rows named in a comma-separated list such as a notice's "streets" field
    ("rue de la Gare, rue du Moulin"), matched without regard to case or accents."""
    from pages.models import Street

    wanted = {_fold(part) for part in (text or "").split(",") if part.strip()}
    return [street for street in Street.objects.all() if _fold(street.name) in wanted]


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
