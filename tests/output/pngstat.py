"""A minimal PNG reader (standard library only) for the map screenshot test:
size, and how many pixels are coloured (saturated), dark, or background."""
import struct
import zlib


def read_png(path):
    """Returns (width, height, channels, rows) with rows a list of bytes,
    8-bit RGB or RGBA only (what Chromium writes)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG file" % path)
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("%s: unsupported PNG (depth %d, colour type %d, interlace %d)" % (path, depth, ctype,
                                                                                          interlace))
    ch = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * ch
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(ch, stride):
                line[i] = (line[i] + line[i - ch]) & 255
        elif f == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif f == 3:
            for i in range(stride):
                left = line[i - ch] if i >= ch else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - ch] if i >= ch else 0
                b = prev[i]
                c = prev[i - ch] if i >= ch else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif f != 0:
            raise ValueError("%s: bad filter %d on row %d" % (path, f, y))
        rows.append(bytes(line))
        prev = line
    return w, h, ch, rows


def colour_stats(path, x0=0, x1=None):
    """Counts over columns [x0, x1): (pixels, saturated, dark, distinct colours)."""
    w, h, ch, rows = read_png(path)
    x1 = w if x1 is None else min(x1, w)
    total = sat = dark = 0
    seen = set()
    for row in rows:
        for x in range(x0, x1):
            i = x * ch
            r, g, b = row[i], row[i + 1], row[i + 2]
            total += 1
            hi, lo = max(r, g, b), min(r, g, b)
            if hi - lo > 60:
                sat += 1
            if hi < 80:
                dark += 1
            if len(seen) < 5000:
                seen.add((r >> 3, g >> 3, b >> 3))
    return w, h, total, sat, dark, len(seen)
