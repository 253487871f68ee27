"""Read back the pixels of a PNG (8-bit RGB or RGBA, not interlaced, as resvg writes them):
enough to tell a rendered picture from a blank one, without an imaging library."""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def pixels(png: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """(width, height, every pixel as a tuple of channels, row by row)."""
    assert png[:8] == SIGNATURE, "not a PNG"
    pos, data = 8, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            data += chunk
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(data)
    out: list[tuple[int, ...]] = []
    above = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            corner = above[i - channels] if i >= channels else 0
            line[i] = (line[i] + (0, left, above[i], (left + above[i]) // 2,
                                  _paeth(left, above[i], corner))[kind]) & 0xFF
        out += [tuple(line[i:i + channels]) for i in range(0, stride, channels)]
        above = line
    return width, height, out
