"""PMTiles version 3: a single-file archive of map tiles, read and written here in a few lines.

The self-hosted base map of the website is such an archive of raster (PNG) tiles, read by the
tile view (`pages.views.map_tile`) so that no visitor's browser ever asks a third party for a
map. The format (github.com/protomaps/PMTiles, spec/v3/spec.md):

- a 127-byte header (magic "PMTiles", version 3, the offsets and lengths of the sections,
  compressions, tile type, zooms, bounds, centre), little-endian;
- a root directory, then JSON metadata, then optional leaf directories, then the tile data;
- a directory is a list of entries (tile id, offset, length, run length), sorted by tile id and
  serialised as: the number of entries, then the tile ids (delta-encoded), the run lengths, the
  lengths, then the offsets ("0" when the tile follows the previous one, offset + 1 otherwise),
  every number an unsigned LEB128 varint; the whole directory usually gzip-compressed;
- an entry of run length 0 points to a leaf directory; n > 0 means n consecutive tile ids share
  the tile (empty countryside tiles are stored once);
- tile ids number the tiles zoom after zoom, along a Hilbert curve within each zoom.

Only what the site needs: no HTTP range client, no brotli/zstd (gzip or none).
"""

import dataclasses
import gzip
import json
import os
import struct

MAGIC = b"PMTiles"
HEADER_LENGTH = 127
_HEADER = struct.Struct("<7sB QQ QQ QQ QQ QQQ BBBB BB iiii B ii")

COMPRESSION_NONE, COMPRESSION_GZIP = 1, 2
TILE_TYPES = {1: "mvt", 2: "png", 3: "jpg", 4: "webp", 5: "avif"}
TILE_TYPE_PNG = 2
MAX_ZOOM = 26  # tile ids stay below 2**64 up to zoom 31; nobody needs more than this


class PMTilesError(ValueError):
    """The file is not a PMTiles v3 archive this module can read."""


@dataclasses.dataclass(frozen=True)
class Header:
    root_offset: int
    root_length: int
    metadata_offset: int
    metadata_length: int
    leaf_offset: int
    leaf_length: int
    data_offset: int
    data_length: int
    addressed_tiles: int
    tile_entries: int
    tile_contents: int
    clustered: bool
    internal_compression: int
    tile_compression: int
    tile_type: int
    min_zoom: int
    max_zoom: int
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    center_zoom: int
    center_lon: float
    center_lat: float

    @property
    def extension(self):
        """ "png", "jpg", "webp"…, "" for an unknown tile type."""
        return TILE_TYPES.get(self.tile_type, "")


@dataclasses.dataclass(frozen=True)
class Entry:
    tile_id: int
    offset: int
    length: int
    run_length: int


# --- tile ids -------------------------------------------------------------------------------


def zxy_to_tile_id(z, x, y):
    """The tile's position on the series of Hilbert curves: all tiles of zooms 0..z-1 first
    ((4**z - 1) / 3 of them), then the curve's index of (x, y) within zoom z."""
    if z < 0 or z > MAX_ZOOM:
        raise ValueError("zoom out of range")
    n = 1 << z
    if not (0 <= x < n and 0 <= y < n):
        raise ValueError("tile out of range")
    tile_id = ((1 << (2 * z)) - 1) // 3
    s = n >> 1
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        tile_id += s * s * ((3 * rx) ^ ry)
        if ry == 0:  # rotate the quadrant
            if rx == 1:
                x, y = s - 1 - (x & (s - 1)), s - 1 - (y & (s - 1))
            x, y = y, x
        s >>= 1
    return tile_id


# --- varints and directories ----------------------------------------------------------------


def _read_varint(buffer, position):
    value = shift = 0
    while True:
        if position >= len(buffer) or shift > 63:
            raise PMTilesError("truncated varint")
        byte = buffer[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, position
        shift += 7


def _write_varint(out, value):
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def decode_directory(raw):
    count, position = _read_varint(raw, 0)
    ids, runs, lengths, offsets = [], [], [], []
    last_id = 0
    for _ in range(count):
        delta, position = _read_varint(raw, position)
        last_id += delta
        ids.append(last_id)
    for column in (runs, lengths):
        for _ in range(count):
            value, position = _read_varint(raw, position)
            column.append(value)
    for i in range(count):
        value, position = _read_varint(raw, position)
        if value == 0 and i > 0:
            offsets.append(offsets[i - 1] + lengths[i - 1])
        else:
            offsets.append(value - 1)
    return [Entry(*fields) for fields in zip(ids, offsets, lengths, runs, strict=True)]


def encode_directory(entries):
    out = bytearray()
    _write_varint(out, len(entries))
    last_id = 0
    for entry in entries:
        _write_varint(out, entry.tile_id - last_id)
        last_id = entry.tile_id
    for entry in entries:
        _write_varint(out, entry.run_length)
    for entry in entries:
        _write_varint(out, entry.length)
    for i, entry in enumerate(entries):
        previous = entries[i - 1] if i else None
        if previous and entry.offset == previous.offset + previous.length:
            _write_varint(out, 0)
        else:
            _write_varint(out, entry.offset + 1)
    return bytes(out)


def find_entry(entries, tile_id):
    """The entry holding tile_id (a tile, or the leaf directory to look into), or None."""
    low, high = 0, len(entries) - 1
    while low <= high:
        middle = (low + high) // 2
        if entries[middle].tile_id < tile_id:
            low = middle + 1
        elif entries[middle].tile_id > tile_id:
            high = middle - 1
        else:
            return entries[middle]
    if high >= 0:
        entry = entries[high]
        if entry.run_length == 0 or tile_id - entry.tile_id < entry.run_length:
            return entry
    return None


# --- reading --------------------------------------------------------------------------------


def parse_header(raw):
    if len(raw) < HEADER_LENGTH or raw[:7] != MAGIC:
        raise PMTilesError("not a PMTiles archive")
    fields = _HEADER.unpack(raw[:HEADER_LENGTH])
    if fields[1] != 3:
        raise PMTilesError("only PMTiles version 3 is supported")
    (*offsets, clustered, internal, tile_comp, tile_type, min_z, max_z) = fields[2:19]
    min_lon, min_lat, max_lon, max_lat, center_z, center_lon, center_lat = fields[19:]
    return Header(
        *offsets,
        clustered=bool(clustered),
        internal_compression=internal,
        tile_compression=tile_comp,
        tile_type=tile_type,
        min_zoom=min_z,
        max_zoom=max_z,
        min_lon=min_lon / 1e7,
        min_lat=min_lat / 1e7,
        max_lon=max_lon / 1e7,
        max_lat=max_lat / 1e7,
        center_zoom=center_z,
        center_lon=center_lon / 1e7,
        center_lat=center_lat / 1e7,
    )


def _decompress(raw, compression):
    if compression in (0, COMPRESSION_NONE):
        return raw
    if compression == COMPRESSION_GZIP:
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise PMTilesError("corrupt gzip section") from error
    raise PMTilesError("unsupported compression")


class Reader:
    """Reads tiles from an open binary file (or anything with seek/read). The header and the
    root directory are read once; leaf directories are kept once read (a commune's extract
    has few)."""

    def __init__(self, file):
        self._file = file
        self.header = parse_header(self._read(0, HEADER_LENGTH))
        h = self.header
        self._root = self._directory(h.root_offset, h.root_length)
        self._leaves = {}

    def _read(self, offset, length):
        self._file.seek(offset)
        data = self._file.read(length)
        if len(data) != length:
            raise PMTilesError("truncated archive")
        return data

    def _directory(self, offset, length):
        raw = _decompress(self._read(offset, length), self.header.internal_compression)
        return decode_directory(raw)

    def metadata(self):
        h = self.header
        if not h.metadata_length:
            return {}
        raw = _decompress(self._read(h.metadata_offset, h.metadata_length), h.internal_compression)
        try:
            value = json.loads(raw)
        except ValueError as error:
            raise PMTilesError("metadata is not JSON") from error
        return value if isinstance(value, dict) else {}

    def get(self, z, x, y):
        """The tile's bytes as stored (still compressed if tile_compression says so), or None
        when the archive has no such tile."""
        try:
            tile_id = zxy_to_tile_id(z, x, y)
        except ValueError:
            return None
        entries = self._root
        for _depth in range(4):  # the spec's readers stop at depth 3
            entry = find_entry(entries, tile_id)
            if entry is None:
                return None
            if entry.run_length > 0:
                return self._read(self.header.data_offset + entry.offset, entry.length)
            key = (entry.offset, entry.length)
            if key not in self._leaves:
                self._leaves[key] = self._directory(
                    self.header.leaf_offset + entry.offset, entry.length
                )
            entries = self._leaves[key]
        return None


# --- writing --------------------------------------------------------------------------------


def write(path, tiles, *, tile_type=TILE_TYPE_PNG, metadata=None, center_zoom=None):
    """Writes an archive of `tiles`, a dict {(z, x, y): bytes}, to `path`: gzip directories,
    tiles stored as given (PNG is compressed already), identical tiles stored once. One root
    directory (leaf directories are only needed above some ten thousand entries, far more
    than a commune's extract; ValueError beyond the spec's 16 KiB root)."""
    by_id = sorted((zxy_to_tile_id(*zxy), zxy, data) for zxy, data in tiles.items())
    if not by_id:
        raise ValueError("no tiles")
    blobs, offsets, data = {}, {}, bytearray()
    entries = []
    for tile_id, _zxy, content in by_id:
        if content not in offsets:
            offsets[content] = len(data)
            data.extend(content)
        offset = offsets[content]
        last = entries[-1] if entries else None
        if (
            last
            and last.offset == offset
            and last.length == len(content)
            and last.tile_id + last.run_length == tile_id
        ):
            entries[-1] = dataclasses.replace(last, run_length=last.run_length + 1)
        else:
            entries.append(Entry(tile_id, offset, len(content), 1))
        blobs[offset] = True
    root = gzip.compress(encode_directory(entries), mtime=0)
    if HEADER_LENGTH + len(root) > 16384:
        raise ValueError("root directory larger than 16 KiB: too many tiles for this writer")
    meta = gzip.compress(json.dumps(metadata or {}, ensure_ascii=False).encode(), mtime=0)

    zooms = [zxy[0] for _id, zxy, _data in by_id]
    min_z, max_z = min(zooms), max(zooms)
    lons, lats = [], []
    for _id, (z, x, y), _data in by_id:
        if z == max_z:
            west, north = _tile_corner(z, x, y)
            east, south = _tile_corner(z, x + 1, y + 1)
            lons += [west, east]
            lats += [south, north]
    bounds = (min(lons), min(lats), max(lons), max(lats))
    center = ((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)

    root_offset = HEADER_LENGTH
    meta_offset = root_offset + len(root)
    leaf_offset = meta_offset + len(meta)
    data_offset = leaf_offset
    header = _HEADER.pack(
        MAGIC,
        3,
        root_offset,
        len(root),
        meta_offset,
        len(meta),
        leaf_offset,
        0,
        data_offset,
        len(data),
        len(by_id),
        len(entries),
        len(blobs),
        1,  # clustered: blobs in tile id order
        COMPRESSION_GZIP,
        COMPRESSION_NONE,
        tile_type,
        min_z,
        max_z,
        *(round(v * 1e7) for v in bounds),
        center_zoom if center_zoom is not None else min(max_z, min_z + 2),
        *(round(v * 1e7) for v in center),
    )
    # Written beside, then renamed: a site reading the old file never sees half a new one.
    partial = f"{path}.partial"
    with open(partial, "wb") as out:
        out.write(header)
        out.write(root)
        out.write(meta)
        out.write(data)
    os.replace(partial, path)


def _tile_corner(z, x, y):
    """(lon, lat) of the north-west corner of tile x, y (Web Mercator, as Leaflet's)."""
    import math

    n = 1 << z
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    return lon, lat
