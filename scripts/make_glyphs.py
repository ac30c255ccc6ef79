#!/usr/bin/env python3
"""Build the offline MapLibre glyph PBFs for the map labels.

    pip install freetype-py==2.5.1 numpy    # freetype-py's wheel bundles FreeType 2.13
    python3 scripts/make_glyphs.py            # writes src-tauri/assets/glyphs/
    python3 scripts/make_glyphs.py --verify --png /tmp/glyphs_check.png

Writes `src-tauri/assets/glyphs/DejaVu Sans Book/{0-255,256-511,8192-8447}.pbf`
and `LICENSE-DejaVu.txt` (the licence text stored in the font itself).

The output follows what node-fontnik / sdf-glyph-foundry produce: the Mapbox
glyph protobuf, 24 px, 3 px buffer, SDF radius 8, cutoff 0.25, outlines taken
unhinted from FreeType, curves flattened with AGG's curve3_div rule, bbox
rounded to whole pixels, `top` measured from the ascender line and `advance`
truncated to whole pixels. The protobuf is written and read by hand (the
schema is seven fields). Output is deterministic for a given font file.
"""
import argparse
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEFAULT_OUT = ROOT / "src-tauri" / "assets" / "glyphs"
FONTSTACK = "DejaVu Sans Book"
RANGES = [(0, 255), (256, 511), (8192, 8447)]

SIZE = 24      # px
BUFFER = 3     # px of padding on each side of the bitmap
RADIUS = 8     # px of distance that the 8 bits cover ...
CUTOFF = 0.25  # ... of which this share lies inside the outline


# ---------------------------------------------------------------- protobuf ---

def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _key(field, wire):
    return _varint((field << 3) | wire)


def _uint(field, v):
    return _key(field, 0) + _varint(v)


def _sint(field, v):
    return _key(field, 0) + _varint((v << 1) ^ (v >> 31) if v < 0 else v << 1)


def _bytes(field, b):
    return _key(field, 2) + _varint(len(b)) + b


def encode(name, rng, glyphs):
    body = _bytes(1, name.encode()) + _bytes(2, rng.encode())
    for g in glyphs:
        m = _uint(1, g["id"])
        if g["width"] > 0:
            m += _bytes(2, g["bitmap"])
        m += _uint(3, g["width"]) + _uint(4, g["height"])
        m += _sint(5, g["left"]) + _sint(6, g["top"]) + _uint(7, g["advance"])
        body += _bytes(3, m)
    return _bytes(1, body)


def _fields(buf):
    i = 0
    while i < len(buf):
        key, i = _read_varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            val, i = _read_varint(buf, i)
        elif wire == 2:
            n, i = _read_varint(buf, i)
            val, i = buf[i:i + n], i + n
        else:
            raise ValueError(f"unexpected wire type {wire}")
        yield field, val


def _read_varint(buf, i):
    shift = n = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, i


def _unzig(v):
    return (v >> 1) ^ -(v & 1)


def decode(buf):
    stacks = []
    for f, v in _fields(buf):
        assert f == 1
        st = {"glyphs": []}
        for f2, v2 in _fields(v):
            if f2 == 1:
                st["name"] = v2.decode()
            elif f2 == 2:
                st["range"] = v2.decode()
            elif f2 == 3:
                g = {"bitmap": b""}
                for f3, v3 in _fields(v2):
                    g[{1: "id", 2: "bitmap", 3: "width", 4: "height",
                       5: "left", 6: "top", 7: "advance"}[f3]] = (
                        _unzig(v3) if f3 in (5, 6) else v3)
                st["glyphs"].append(g)
        stacks.append(st)
    return stacks


# ------------------------------------------------------------- outlines -----

def _curve3_div(x1, y1, x2, y2, x3, y3):
    """AGG curve3_div (approximation scale 1) as used by sdf-glyph-foundry."""
    tol2 = 0.5 ** 2
    pts = [(x1, y1)]

    def rec(x1, y1, x2, y2, x3, y3, level):
        if level > 32:
            return
        x12, y12 = (x1 + x2) / 2, (y1 + y2) / 2
        x23, y23 = (x2 + x3) / 2, (y2 + y3) / 2
        x123, y123 = (x12 + x23) / 2, (y12 + y23) / 2
        dx, dy = x3 - x1, y3 - y1
        d = abs((x2 - x3) * dy - (y2 - y3) * dx)
        if d > 1e-30:
            if d * d <= tol2 * (dx * dx + dy * dy):
                pts.append((x123, y123))
                return
        else:
            da = dx * dx + dy * dy
            if da == 0:
                d = (x2 - x1) ** 2 + (y2 - y1) ** 2
            else:
                d = ((x2 - x1) * dx + (y2 - y1) * dy) / da
                if 0 < d < 1:
                    return
                if d <= 0:
                    d = (x2 - x1) ** 2 + (y2 - y1) ** 2
                else:
                    d = (x2 - x3) ** 2 + (y2 - y3) ** 2
            if d < tol2:
                pts.append((x2, y2))
                return
        rec(x1, y1, x12, y12, x123, y123, level + 1)
        rec(x123, y123, x23, y23, x3, y3, level + 1)

    rec(x1, y1, x2, y2, x3, y3, 0)
    pts.append((x3, y3))
    return pts


def _cubic(p0, p1, p2, p3, steps=16):
    out = []
    for k in range(steps + 1):
        t = k / steps
        u = 1 - t
        out.append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                    u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))
    return out


def outline_rings(outline):
    """Closed rings of (x, y) in pixels, y up, curves flattened."""
    rings, ring = [], []

    def close():
        if ring:
            if ring[0] != ring[-1]:
                ring.append(ring[0])
            rings.append(list(ring))
            ring.clear()

    def move_to(a, _):
        close()
        ring.append((a.x / 64.0, a.y / 64.0))
        return 0

    def line_to(a, _):
        ring.append((a.x / 64.0, a.y / 64.0))
        return 0

    def conic_to(c, a, _):
        if ring:
            x0, y0 = ring.pop()
            ring.extend(_curve3_div(x0, y0, c.x / 64.0, c.y / 64.0, a.x / 64.0, a.y / 64.0))
        return 0

    def cubic_to(c1, c2, a, _):
        if ring:
            p0 = ring.pop()
            ring.extend(_cubic(p0, (c1.x / 64.0, c1.y / 64.0),
                               (c2.x / 64.0, c2.y / 64.0), (a.x / 64.0, a.y / 64.0)))
        return 0

    outline.decompose(None, move_to=move_to, line_to=line_to,
                      conic_to=conic_to, cubic_to=cubic_to)
    close()
    return rings


def _winding(segs, px, py):
    """Non-zero winding number of points (px, py: column vectors) with respect
    to all segments (rows x1 y1 x2 y2). TrueType fills by the non-zero rule."""
    x1, y1, x2, y2 = (segs[:, k][None, :] for k in range(4))
    side = (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1)  # > 0: point left of edge
    up = (y1 <= py) & (y2 > py)
    down = (y1 > py) & (y2 <= py)
    return (up & (side > 0)).sum(axis=1) - (down & (side < 0)).sum(axis=1)


def _boundary(segs, step=0.125, eps=0.01):
    """The segments, less the parts that lie inside the filled shape.

    A few DejaVu glyphs (Ç ç Ş ş ę Ų Ơ Ư ...) are built from overlapping
    contours. fontnik's even-odd test punches holes where they overlap and
    its distances see the buried edges; here the fill is non-zero and such
    edges are dropped (to within `step` px), so the SDF follows the outline
    that is actually drawn. Glyphs without overlaps keep their segments."""
    d = segs[:, 2:] - segs[:, :2]
    length = np.hypot(d[:, 0], d[:, 1])
    n = np.maximum(1, np.ceil(length / step)).astype(int)
    idx = np.repeat(np.arange(len(segs)), n)
    k = np.concatenate([np.arange(m) for m in n])
    t0 = (k / n[idx])[:, None]
    t1 = ((k + 1) / n[idx])[:, None]
    a = segs[idx, :2] + t0 * d[idx]
    b = segs[idx, :2] + t1 * d[idx]
    mid = (a + b) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        nrm = np.stack([-d[idx, 1], d[idx, 0]], axis=1) / length[idx, None]
    nrm = np.nan_to_num(nrm)
    left = mid + eps * nrm
    right = mid - eps * nrm
    keep = ((_winding(segs, left[:, :1], left[:, 1:]) != 0)
            != (_winding(segs, right[:, :1], right[:, 1:]) != 0))
    keep &= length[idx] > 0
    if keep.all():
        return segs
    return np.hstack([a, b])[keep]


def _round(v):  # C's std::round: halves away from zero
    return int(math.copysign(math.floor(abs(v) + 0.5), v))


def _tdiv64(v):  # C integer division by 64 (truncates toward zero)
    return int(v / 64) if v >= 0 else -int(-v / 64)


def render_sdf(face, glyph_index, ascender):
    import freetype

    face.load_glyph(glyph_index, freetype.FT_LOAD_NO_HINTING)
    slot = face.glyph
    g = {"width": 0, "height": 0, "left": 0, "top": -ascender,
         "advance": _tdiv64(slot.metrics.horiAdvance), "bitmap": b""}
    if slot.format != freetype.FT_GLYPH_FORMAT_OUTLINE:
        return g
    # DejaVu has one-point contours (anchors, e.g. in u and ı) that FreeType
    # hands over as a zero-length ring; they hold no ink, so drop them.
    rings = [r for r in outline_rings(slot.outline) if len(set(r)) > 2]
    if not rings:
        return g
    allpts = np.array([p for r in rings for p in r], dtype=np.float64)
    xmin, ymin = (_round(v) for v in allpts.min(axis=0))
    xmax, ymax = (_round(v) for v in allpts.max(axis=0))
    if xmax - xmin == 0 or ymax - ymin == 0:
        return g
    w, h = xmax - xmin, ymax - ymin
    bw, bh = w + 2 * BUFFER, h + 2 * BUFFER

    # segments, shifted so the bbox starts at (BUFFER, BUFFER)
    segs = []
    for r in rings:
        a = np.array(r, dtype=np.float64)
        a[:, 0] += BUFFER - xmin
        a[:, 1] += BUFFER - ymin
        segs.append(np.hstack([a[:-1], a[1:]]))
    segs = np.vstack(segs)
    edges = _boundary(segs)
    x1, y1, x2, y2 = (edges[:, k][None, :] for k in range(4))

    # pixel centres, row 0 = bottom (y up)
    yy, xx = np.mgrid[0:bh, 0:bw]
    px = (xx.ravel() + 0.5)[:, None]
    py = (yy.ravel() + 0.5)[:, None]

    # distance to nearest segment
    dx, dy = x2 - x1, y2 - y1
    l2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = ((px - x1) * dx + (py - y1) * dy) / l2
    t = np.where(l2 == 0, 0.0, np.clip(t, 0.0, 1.0))
    ex, ey = x1 + t * dx - px, y1 + t * dy - py
    dist = np.sqrt((ex * ex + ey * ey).min(axis=1))

    inside = _winding(segs, px, py) != 0
    d = np.where(dist < RADIUS, dist, np.inf) * (256 / RADIUS)
    d = np.where(inside, -d, d) + CUTOFF * 256
    n = np.clip(d, 0, 255)
    n = np.where(n > 0, np.floor(n), 0).astype(np.int32)
    val = (255 - n).astype(np.uint8).reshape(bh, bw)[::-1]  # row 0 = top
    g.update(width=w, height=h, left=xmin, top=ymax - ascender,
             bitmap=val.tobytes())
    return g


# ------------------------------------------------------------------ main ----

def font_licence(face):
    texts = {}
    for i in range(face.sfnt_name_count):
        n = face.get_sfnt_name(i)
        if n.platform_id == 3 and n.name_id in (0, 5, 13, 14):
            texts[n.name_id] = n.string.decode("utf-16-be")
    return texts


def generate(font, out):
    import freetype

    face = freetype.Face(font)
    name = f"{face.family_name.decode()} {face.style_name.decode()}"
    if name != FONTSTACK:
        sys.exit(f"{font} is '{name}', expected '{FONTSTACK}'")
    face.set_char_size(0, SIZE * 64, 0, 0)
    ascender = _tdiv64(face.size.ascender)
    texts = font_licence(face)
    (out / FONTSTACK).mkdir(parents=True, exist_ok=True)
    for lo, hi in RANGES:
        glyphs = []
        for cp in range(lo, hi + 1):
            gi = face.get_char_index(cp)
            if gi == 0:
                continue
            g = render_sdf(face, gi, ascender)
            g["id"] = cp
            glyphs.append(g)
        path = out / FONTSTACK / f"{lo}-{hi}.pbf"
        path.write_bytes(encode(FONTSTACK, f"{lo}-{hi}", glyphs))
        print(f"wrote {path} ({len(glyphs)} glyphs, {path.stat().st_size} bytes)")
    lic = out / "LICENSE-DejaVu.txt"
    lic.write_text(
        f"Licence of the DejaVu Sans font ({texts.get(5, '?')}) from which the glyph\n"
        f"files in this folder are rendered, as stored in the font itself\n"
        f"(name table, ID 13; see also {texts.get(14, '')}).\n\n"
        + texts[13].rstrip() + "\n")
    print(f"wrote {lic}")


def verify(out, png=None):
    ok = True
    glyphs = {}
    for lo, hi in RANGES:
        path = out / FONTSTACK / f"{lo}-{hi}.pbf"
        data = path.read_bytes()
        stacks = decode(data)
        assert len(stacks) == 1, stacks
        st = stacks[0]
        gs = st["glyphs"]
        bad = [g["id"] for g in gs
               if len(g["bitmap"]) != ((g["width"] + 2 * BUFFER) * (g["height"] + 2 * BUFFER)
                                       if g["width"] else 0)]
        out_of_range = [g["id"] for g in gs if not lo <= g["id"] <= hi]
        print(f"{path.name}: name={st['name']!r} range={st['range']!r} glyphs={len(gs)} "
              f"size={len(data)} B, bad bitmap lengths={bad}, out of range={out_of_range}")
        ok &= st["name"] == FONTSTACK and st["range"] == f"{lo}-{hi}" and not bad and not out_of_range
        for g in gs:
            glyphs[g["id"]] = g
    need = list(range(32, 127)) + [230, 248, 229, 198, 216, 197]
    missing = [c for c in need if c not in glyphs]
    empty = [chr(c) for c in need if chr(c).isalnum() and not glyphs.get(c, {}).get("bitmap")]
    print(f"0-255: ids 32-126 + æøåÆØÅ missing={missing}, letters/digits without bitmap={empty}")
    extra = {0x2013: "en dash", 0x2014: "em dash", 0x2018: "‘", 0x2019: "’",
             0x201C: "“", 0x201D: "”", 0x201E: "„", 0x2026: "…"}
    print("8192-8447: " + ", ".join(
        f"{v} {'ok' if glyphs.get(k, {}).get('bitmap') else 'MISSING'}" for k, v in extra.items()))
    ok &= not missing and not empty and all(glyphs.get(k, {}).get("bitmap") for k in extra)
    for c in "Æg ":
        g = glyphs[ord(c)]
        print(f"  {c!r}: w={g['width']} h={g['height']} left={g['left']} top={g['top']} "
              f"advance={g['advance']}")
    if png:
        render_png(glyphs, png)
    print("VERIFY", "OK" if ok else "FAILED")
    return ok


def render_png(glyphs, png, lines=("Æble Øst Åvej", "æøå – „Gl. Kongevej“ 12", "Façade Şişli ę Ų Ơ ư")):
    """Lay the text out like MapLibre does (pen + left, ascender-relative top)
    and threshold the SDF at 192; the baseline is drawn in grey."""
    from PIL import Image

    scale, margin, line_h = 3, 10, 34
    asc_row = margin  # row of the ascender line of the first text line
    width = max(sum(glyphs[ord(c)]["advance"] for c in s) for s in lines) + 2 * margin
    img = np.full((line_h * len(lines) + 2 * margin, width), 255, np.uint8)
    for li, s in enumerate(lines):
        top0 = asc_row + li * line_h
        base = top0 - glyphs[32]["top"]  # space: top = -ascender
        img[base, :] = 200
        pen = margin
        for c in s:
            g = glyphs[ord(c)]
            if g["width"]:
                bw, bh = g["width"] + 2 * BUFFER, g["height"] + 2 * BUFFER
                sdf = np.frombuffer(g["bitmap"], np.uint8).reshape(bh, bw)
                x0 = pen + g["left"] - BUFFER
                y0 = top0 - g["top"] - BUFFER
                region = img[y0:y0 + bh, x0:x0 + bw]
                region[sdf[:region.shape[0], :region.shape[1]] >= 192] = 0
            pen += g["advance"]
    Image.fromarray(img).resize((img.shape[1] * scale, img.shape[0] * scale),
                                Image.NEAREST).save(png)
    print(f"wrote {png}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--font", default=DEFAULT_FONT)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--verify", action="store_true",
                    help="only decode and check the files already in --out")
    ap.add_argument("--png", help="with --verify: render a sample text to this PNG")
    a = ap.parse_args()
    if a.verify:
        sys.exit(0 if verify(a.out, a.png) else 1)
    generate(a.font, a.out)


if __name__ == "__main__":
    main()
