"""Works locations as typed by editors: "lat, lon" for a point, points separated by ";" for
a line. Stored as typed; turned into GeoJSON geometry ([lon, lat] order, RFC 7946)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Belgium with a margin: catches latitude and longitude typed the wrong way round.
LAT_RANGE = (49.3, 51.7)
LON_RANGE = (2.4, 6.5)


def parse_points(text):
    """[(lat, lon), ...] from the editor's text; raises ValidationError in French."""
    points = []
    for chunk in filter(None, (part.strip() for part in text.replace("\n", ";").split(";"))):
        parts = [p.strip() for p in chunk.split(",")]
        if len(parts) != 2:
            raise ValidationError(
                _("« %(point)s » : écrivez un point sous la forme « latitude, longitude ».")
                % {"point": chunk}
            )
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            raise ValidationError(
                _("« %(point)s » : la latitude et la longitude sont des nombres (50.4651, 4.8656).")
                % {"point": chunk}
            ) from None
        if LAT_RANGE[0] <= lon <= LAT_RANGE[1] and LON_RANGE[0] <= lat <= LON_RANGE[1]:
            raise ValidationError(
                _("« %(point)s » : la latitude vient d'abord (environ 50), puis la longitude.")
                % {"point": chunk}
            )
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            raise ValidationError(_("« %(point)s » n'est pas en Belgique.") % {"point": chunk})
        points.append((lat, lon))
    return points


def first_point(text):
    """(lat, lon) of the first point typed, or None when there is none or it is invalid."""
    try:
        points = parse_points(text or "")
    except ValidationError:
        return None
    return points[0] if points else None


def geometry(text):
    """GeoJSON geometry (Point or LineString), or None when no location is given."""
    try:
        points = parse_points(text or "")
    except ValidationError:
        return None
    if not points:
        return None
    if len(points) == 1:
        lat, lon = points[0]
        return {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in points]}


def street_lines(geometry):
    """[[[lon, lat], ...], ...] from a LineString or MultiLineString; [] otherwise."""
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "LineString":
        return [geometry.get("coordinates") or []]
    if geometry.get("type") == "MultiLineString":
        return list(geometry.get("coordinates") or [])
    return []


def validate_street_geometry(value):
    """A street's course: a GeoJSON LineString or MultiLineString in Belgium."""
    if value in (None, ""):
        return
    if not isinstance(value, dict) or value.get("type") not in ("LineString", "MultiLineString"):
        raise ValidationError(_("Le tracé est une LineString ou une MultiLineString GeoJSON."))
    for line in street_lines(value):
        if not isinstance(line, list) or len(line) < 2:
            raise ValidationError(_("Chaque ligne du tracé a au moins deux points."))
        for point in line:
            if (
                not isinstance(point, list | tuple)
                or len(point) != 2
                or not all(isinstance(c, int | float) for c in point)
                or not (LON_RANGE[0] <= point[0] <= LON_RANGE[1])
                or not (LAT_RANGE[0] <= point[1] <= LAT_RANGE[1])
            ):
                raise ValidationError(_("Chaque point est [longitude, latitude], en Belgique."))
