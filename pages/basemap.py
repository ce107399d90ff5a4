"""The base map under the website's maps: a tile service, or the self-hosted PMTiles archive.

`map_config()` is what every map of the site (public pages and the editors' widget) is given:
the tile URL template, its attribution and zooms. The settings (config/settings/website.py):

- `MAP_TILES_URL` set: that tile service (its origin is allowed by the Content-Security-Policy);
- otherwise `MAP_PMTILES_FILE`, a raster PMTiles archive read by `pages.views.map_tile`;
- neither (or an unreadable archive): no tiles, the shapes on a plain background.
"""

import logging
import os
import threading

from django.conf import settings
from django.urls import reverse

from pages import pmtiles

logger = logging.getLogger(__name__)

CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}

_lock = threading.Lock()
_archive = {"key": None, "reader": None, "version": "", "attribution": ""}


def archive():
    """(reader, version, attribution) of the configured archive, or (None, "", "") without one.
    Opened once per process, and again when the file changes (its size and modification time
    are the version, which the tile URLs carry so that browsers may keep tiles for a year)."""
    path = settings.MAP_PMTILES_FILE
    if not path:
        return None, "", ""
    try:
        stat = os.stat(path)
    except OSError:
        return None, "", ""
    key = (path, stat.st_mtime_ns, stat.st_size)
    with _lock:
        if _archive["key"] != key:
            reader, attribution = None, ""
            try:
                file = open(path, "rb")  # noqa: SIM115 — kept open for the process's life
                reader = pmtiles.Reader(file)
                if reader.header.extension not in CONTENT_TYPES:
                    raise pmtiles.PMTilesError("not a raster archive (PNG, JPEG or WebP)")
                attribution = str(reader.metadata().get("attribution", ""))
            except (OSError, pmtiles.PMTilesError) as error:
                logger.warning("Base map archive unreadable: %s", error)
                reader = None
            if _archive["reader"] is not None:
                _archive["reader"]._file.close()
            _archive.update(
                key=key,
                reader=reader,
                version=f"{stat.st_mtime_ns:x}{stat.st_size:x}"[-12:] if reader else "",
                attribution=attribution,
            )
        return _archive["reader"], _archive["version"], _archive["attribution"]


def read_tile(z, x, y):
    """(bytes, content type, version) of a tile of the archive, or None."""
    reader, version, _attribution = archive()
    if reader is None:
        return None
    with _lock:  # one file object shared by the threads of a process
        try:
            data = reader.get(z, x, y)
        except (OSError, pmtiles.PMTilesError) as error:  # replaced or damaged meanwhile
            logger.warning("Base map tile unreadable: %s", error)
            return None
    if data is None:
        return None
    return data, CONTENT_TYPES[reader.header.extension], version


def map_config():
    """What a map needs to draw its background: {"tiles", "attribution", "min_zoom",
    "max_zoom", "center"}; "tiles" is "" when there is no base map."""
    center = [float(c) for c in settings.WEBSITE_MAP_CENTER]
    if settings.MAP_TILES_URL:
        return {
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            "min_zoom": 0,
            "max_zoom": min(settings.MAP_TILES_MAX_ZOOM + 2, 21),
            "native_max_zoom": settings.MAP_TILES_MAX_ZOOM,
            "center": center,
        }
    reader, version, attribution = archive()
    if reader is None:
        return {
            "tiles": "",
            "attribution": "",
            "min_zoom": 0,
            "max_zoom": 19,
            "native_max_zoom": 19,
            "center": center,
        }
    h = reader.header
    url = reverse("map_tile", kwargs={"z": 0, "x": 0, "y": 0, "ext": h.extension})
    template = url.replace("/0/0/0.", "/{z}/{x}/{y}.") + f"?v={version}"
    return {
        "tiles": template,
        "attribution": settings.MAP_TILES_ATTRIBUTION or attribution,
        "min_zoom": h.min_zoom,
        # Past the archive's last zoom Leaflet enlarges its tiles (two more levels).
        "max_zoom": min(h.max_zoom + 2, 21),
        "native_max_zoom": h.max_zoom,
        "center": center,
        "bounds": [[h.min_lat, h.min_lon], [h.max_lat, h.max_lon]],
    }
