"""Draws a small raster base map with Pillow: streets (a casing and a fill) with their names,
a brook, a wood and the villages' names, cut into 256-pixel Web Mercator tiles (as Leaflet's).

Used by `manage.py build_demo_basemap` for the demo commune, whose streets are fictional: no
real map shows them. Every feature is placed in the zoom's global pixel coordinates and drawn
on each tile it touches, so lines and labels run on across tile edges.
"""

import io
import math
from dataclasses import dataclass, field

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

TILE = 256
BACKGROUND = (242, 239, 233)
WOOD_FILL = (205, 226, 190)
WATER = (120, 170, 220)
WATER_TEXT = (30, 80, 150)
CASING = (150, 150, 150)
FILL = (255, 255, 255)
MAIN_CASING = (190, 150, 70)
MAIN_FILL = (252, 226, 160)
TEXT = (34, 34, 34)
PLACE_TEXT = (70, 70, 70)
HALO = (255, 255, 255)

# Road width in pixels per zoom (casing adds 2 on each side from zoom 15).
WIDTHS = {13: 2, 14: 3, 15: 5, 16: 8, 17: 13, 18: 20}
LABEL_SIZES = {15: 10, 16: 11, 17: 13, 18: 15}
PLACE_SIZES = {13: 11, 14: 13, 15: 15, 16: 17}
MAIN_ROAD_PREFIXES = ("Chaussée", "Route", "Avenue")


@dataclass
class MapData:
    """What to draw; points are (lat, lon)."""

    streets: list = field(default_factory=list)  # [(name, [[(lat, lon), …], …]), …]
    water: list = field(default_factory=list)  # [(name, [(lat, lon), …]), …]
    woods: list = field(default_factory=list)  # [[(lat, lon), …], …]
    places: list = field(default_factory=list)  # [(name, (lat, lon)), …]


def project(lat, lon, z):
    """Global pixel coordinates of a point at zoom z (Web Mercator, 256-pixel tiles)."""
    size = TILE * (1 << z)
    x = (lon + 180.0) / 360.0 * size
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * size
    return x, y


def tile_range(bounds, z):
    """(x0, x1, y0, y1), inclusive, of the tiles covering (south, west, north, east)."""
    south, west, north, east = bounds
    x0, y0 = project(north, west, z)
    x1, y1 = project(south, east, z)
    return int(x0 // TILE), int(x1 // TILE), int(y0 // TILE), int(y1 // TILE)


def _font(size, bold=False):
    name = "DejaVuSans-Bold-Latin.ttf" if bold else "DejaVuSans-Latin.ttf"
    return ImageFont.truetype(str(settings.BASE_DIR / "static" / "fonts" / name), size)


def _label_image(text, size, colour, *, bold=False, angle=0.0):
    font = _font(size, bold)
    left, top, right, bottom = font.getbbox(text, stroke_width=2)
    image = Image.new("RGBA", (right - left + 4, bottom - top + 4), (0, 0, 0, 0))
    ImageDraw.Draw(image).text(
        (2 - left, 2 - top), text, font=font, fill=colour, stroke_width=2, stroke_fill=HALO
    )
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    return image


def _labels_for_line(name, points, size):
    """Labels along a street: on each straight stretch long enough for the name, upright,
    at least 300 pixels apart."""
    font = _font(size)
    width = font.getlength(name) + 24
    placed = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        length = math.hypot(x1 - x0, y1 - y0)
        if length < width:
            continue
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if any(math.hypot(cx - px, cy - py) < 300 for px, py, _img in placed):
            continue
        angle = -math.degrees(math.atan2(y1 - y0, x1 - x0))
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        placed.append((cx, cy, _label_image(name, size, TEXT, angle=angle)))
    return placed


def _bbox(points, margin):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin


def _scene(data, z):
    """Everything at zoom z, in global pixels, with bounding boxes to skip far tiles."""
    width = WIDTHS.get(z, WIDTHS[max(WIDTHS)])
    casing = 2 if z >= 15 else 1
    woods = [[project(lat, lon, z) for lat, lon in ring] for ring in data.woods]
    water = []
    for name, line in data.water:
        points = [project(lat, lon, z) for lat, lon in line]
        water.append((name, points))
    roads = []
    for name, lines in data.streets:
        main = name.startswith(MAIN_ROAD_PREFIXES)
        for line in lines:
            points = [project(lat, lon, z) for lat, lon in line]
            roads.append((name, main, points))
    labels = []
    if z in LABEL_SIZES:
        for name, _main, points in roads:
            for cx, cy, image in _labels_for_line(name, points, LABEL_SIZES[z]):
                labels.append((cx - image.width / 2, cy - image.height / 2, image))
        for name, points in water:
            if z >= 16:
                for cx, cy, image in _labels_for_line(name, points, LABEL_SIZES[z] - 1):
                    labels.append((cx - image.width / 2, cy - image.height / 2 + 18, image))
    if z in PLACE_SIZES:
        for name, (lat, lon) in data.places:
            x, y = project(lat, lon, z)
            image = _label_image(name, PLACE_SIZES[z], PLACE_TEXT, bold=True)
            labels.append((x - image.width / 2, y - image.height / 2, image))
    return {
        "width": width,
        "casing": casing,
        "woods": woods,
        "water": water,
        "roads": roads,
        "labels": labels,
    }


def _shift(points, ox, oy):
    return [(x - ox, y - oy) for x, y in points]


def _line(draw, points, colour, width):
    draw.line(points, fill=colour, width=width, joint="curve")
    r = width / 2
    if width > 3:
        for x, y in (points[0], points[-1]):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def render_tile(scene, tx, ty):
    """PNG bytes of tile (tx, ty) of a scene."""
    ox, oy = tx * TILE, ty * TILE
    image = Image.new("RGB", (TILE, TILE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    width, casing = scene["width"], scene["casing"]
    window = (ox - 64, oy - 64, ox + TILE + 64, oy + TILE + 64)

    def near(points, margin=0):
        x0, y0, x1, y1 = _bbox(points, margin)
        return x1 >= window[0] and x0 <= window[2] and y1 >= window[1] and y0 <= window[3]

    for ring in scene["woods"]:
        if near(ring):
            draw.polygon(_shift(ring, ox, oy), fill=WOOD_FILL)
    for _name, points in scene["water"]:
        if near(points):
            _line(draw, _shift(points, ox, oy), WATER, max(2, width // 2))
    roads = [(main, _shift(points, ox, oy)) for _n, main, points in scene["roads"] if near(points)]
    for main, points in roads:  # every casing first, so that crossings join cleanly
        _line(draw, points, MAIN_CASING if main else CASING, width + 2 * casing)
    for main, points in roads:
        _line(draw, points, MAIN_FILL if main else FILL, width)
    for x, y, label in scene["labels"]:
        if x + label.width >= ox and x <= ox + TILE and y + label.height >= oy and y <= oy + TILE:
            image.paste(label, (round(x - ox), round(y - oy)), label)
    out = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def render_tiles(data, bounds, zooms):
    """{(z, x, y): PNG bytes} for every tile of `bounds` (south, west, north, east)."""
    tiles = {}
    for z in zooms:
        scene = _scene(data, z)
        x0, x1, y0, y1 = tile_range(bounds, z)
        for tx in range(x0, x1 + 1):
            for ty in range(y0, y1 + 1):
                tiles[(z, tx, ty)] = render_tile(scene, tx, ty)
    return tiles
