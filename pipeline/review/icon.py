"""The app's icon (/favicon.ico): three white bars on the review's blue, a 16x16 PNG inside an ICO,
drawn here so the package ships no binary file."""
from __future__ import annotations

import struct
import zlib
from functools import lru_cache

SIZE = 16
BLUE = (59, 120, 194, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
BARS = ((3, 9), (7, 5), (11, 7))     # (left column, top row) of each bar, 3 px wide, down to row 13


def _pixel(x: int, y: int) -> tuple[int, int, int, int]:
    corner = (x in (0, SIZE - 1)) and (y in (0, SIZE - 1))
    if corner:
        return CLEAR
    if any(left <= x < left + 3 and top <= y <= 13 for left, top in BARS):
        return WHITE
    return BLUE


def _png() -> bytes:
    raw = b"".join(b"\x00" + bytes(c for x in range(SIZE) for c in _pixel(x, y)) for y in range(SIZE))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)       # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@lru_cache(maxsize=1)
def favicon_ico() -> bytes:
    png = _png()
    directory = struct.pack("<HHH", 0, 1, 1)                               # reserved, type icon, one image
    entry = struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(png), 6 + 16)
    return directory + entry + png
