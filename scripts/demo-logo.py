#!/usr/bin/env python3
"""demo-logo.py OUT.png: draws the demo company's logo (a house with a check mark on a teal
tile) with nothing but the standard library: shapes as distance functions, 4x4 supersampling
for smooth edges, written as an RGBA PNG. Run once; the result is sql/demo-logo.png."""
import math
import struct
import sys
import zlib

SIZE = 96
TEAL = (15, 118, 110)
AMBER = (245, 158, 11)
WHITE = (255, 255, 255)


def rounded_square(x, y, half, radius):
    """Signed distance to a square centred in the image with rounded corners."""
    c = SIZE / 2
    qx, qy = abs(x - c) - (half - radius), abs(y - c) - (half - radius)
    outside = math.hypot(max(qx, 0), max(qy, 0))
    return outside + min(max(qx, qy), 0) - radius


def segment(x, y, ax, ay, bx, by, width):
    """Signed distance to a line of the given width with round ends."""
    px, py, dx, dy = x - ax, y - ay, bx - ax, by - ay
    t = max(0.0, min(1.0, (px * dx + py * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - t * dx, py - t * dy) - width / 2


def polyline(x, y, points, width):
    return min(segment(x, y, *points[i], *points[i + 1], width) for i in range(len(points) - 1))


def colour_at(x, y):
    """The colour of one sample, or None where the logo is transparent."""
    if rounded_square(x, y, 46, 20) > 0:
        return None
    if polyline(x, y, [(36, 62), (54, 76), (80, 44)], 9) <= 0:
        return AMBER
    if polyline(x, y, [(18, 46), (48, 20), (78, 46)], 8) <= 0:
        return WHITE
    if polyline(x, y, [(27, 42), (27, 76), (38, 76)], 7) <= 0:
        return WHITE
    return TEAL


def render():
    rows = []
    n = 4
    for py in range(SIZE):
        row = bytearray([0])  # filter type "none"
        for px in range(SIZE):
            acc = [0.0, 0.0, 0.0]
            alpha = 0
            for sy in range(n):
                for sx in range(n):
                    c = colour_at(px + (sx + 0.5) / n, py + (sy + 0.5) / n)
                    if c:
                        alpha += 1
                        for i in range(3):
                            acc[i] += c[i]
            if alpha:
                row += bytes(round(acc[i] / alpha) for i in range(3)) + bytes([round(255 * alpha / n / n)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def main():
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(render(), 9))
    png += chunk(b"IEND", b"")
    with open(sys.argv[1], "wb") as out:
        out.write(png)


if __name__ == "__main__":
    main()
