"""Draws the demo commune's base map into a PMTiles archive (the file the site serves by
default, pages/data/val-des-sources.pmtiles): its streets (pages.models.Street, or the demo's
list when the table is empty) with their names, the brook, the wood and the villages."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pages import demo_streets, pmtiles
from pages.basemap_render import MapData, render_tiles

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "pages" / "data" / "val-des-sources.pmtiles"
ATTRIBUTION = "Plan de démonstration de Val-des-Sources (commune fictive)"
MARGIN = 0.0025  # degrees around the streets


class Command(BaseCommand):
    help = "Dessine le plan de démonstration (rues et leurs noms) dans une archive PMTiles."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
        parser.add_argument("--min-zoom", type=int, default=13)
        parser.add_argument("--max-zoom", type=int, default=18)

    def handle(self, *args, output, min_zoom, max_zoom, **options):
        if not 0 <= min_zoom <= max_zoom <= 19:
            raise CommandError("Zooms de 0 à 19, le minimum avant le maximum.")
        started = time.monotonic()
        streets = _streets()
        if not streets:
            raise CommandError("Aucune rue avec un tracé.")
        points = [p for _name, lines in streets for line in lines for p in line]
        bounds = (
            min(p[0] for p in points) - MARGIN,
            min(p[1] for p in points) - MARGIN,
            max(p[0] for p in points) + MARGIN,
            max(p[1] for p in points) + MARGIN,
        )
        data = MapData(
            streets=streets,
            water=[demo_streets.BROOK],
            woods=[demo_streets.WOOD],
            places=demo_streets.PLACES,
        )
        tiles = render_tiles(data, bounds, range(min_zoom, max_zoom + 1))
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        try:
            write_archive(output, tiles, min_zoom, max_zoom)
        except ValueError as error:  # too many tiles for one root directory
            raise CommandError(f"Archive impossible : {error}. Réduisez --max-zoom.") from None
        size = Path(output).stat().st_size
        self.stdout.write(
            f"{len(tiles)} tuiles (zooms {min_zoom} à {max_zoom}), {size // 1024} Kio, "
            f"{time.monotonic() - started:.1f} s : {output}"
        )


def write_archive(output, tiles, min_zoom, max_zoom):
    pmtiles.write(
        output,
        tiles,
        metadata={
            "name": "Val-des-Sources",
            "attribution": ATTRIBUTION,
            "type": "baselayer",
            "format": "png",
        },
        center_zoom=min(max(min_zoom, 15), max_zoom),
    )


def _streets():
    """[(name, [[(lat, lon), …], …])] from the Street table, or the demo's list."""
    from pages.models import Street

    rows = [(s.name, s.lines) for s in Street.objects.exclude(geometry=None) if s.lines]
    if rows:
        return [
            (name, [[(lat, lon) for lon, lat in line] for line in lines]) for name, lines in rows
        ]
    return list(demo_streets.STREETS.items())
