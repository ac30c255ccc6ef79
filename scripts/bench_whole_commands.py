#!/usr/bin/env python3
"""Whole user commands, process start to exit, beside Shapely 2 (GEOS) on the
same generated files, in one run; today's figures beside those recorded when
issue 16 was filed.

    pip install -r scripts/requirements-bench.txt
    cargo build --release -p afdaek-cli
    python3 scripts/bench_whole_commands.py [--dir target/bench-whole] [--quick]

What is timed (wall clock and peak resident memory from /usr/bin/time):
- `afdaek coverage P --all --json` on a generated project (a grid of road
  segments, slightly rotated rectangles as focus areas, one covered stretch on
  ~40 % of the roads), at municipality scale (50k segments, 500 areas) and
  national scale (1M segments, 10k areas). Shapely: STRtree query of all
  areas against the covered lines, intersection, length, sum per area
  (compute only; parsing its WKT input is printed on its own). The answers
  are compared per area (covered metres).
- `afdaek blindspots P --json` on 2.5M buildings, 1M segments, 10k focus
  areas. Shapely: the comparison of scripts/bench_blindspots_vs_shapely.py
  (three STRtrees, vectorised), its reading of the WKT/CSV input included.
- `afdaek import P roads.geojson --as roads` of the national roads (written
  from the generated project with GDAL's ogr2ogr).

The analysis commands run twice on a fresh copy of the project: the first
run builds the street network and keeps it in the file, every later run
reads it; the table shows the later run, the first is printed below it.

The first run generates the data (a few minutes); later runs reuse it.
`--quick` runs only the municipality scale (for a smoke test of the script).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely
from shapely import STRtree

# The Shapely side of the coverage comparison, shared with that script (same folder).
from bench_coverage_vs_shapely import shapely_covered_per_area

TODAY = "2026-11-22"
# Recorded when issue 16 was filed (same machine class, 2 cores): seconds, MB,
# Shapely seconds. The national coverage row then had 930,000 segments.
BEFORE = {
    "coverage municipality": (0.60, 112, 0.92),
    "coverage national": (19.4, 1970, 24.2),
    "blindspots national": (21.5, 3100, None),
    "import national roads": (45.0, 1100, None),
}


def timed(cmd, stdout=None):
    """Runs cmd under /usr/bin/time: (seconds, peak MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", tf.name] + [str(c) for c in cmd]
        subprocess.run(full, check=True, stdout=stdout or subprocess.DEVNULL)
        secs, kb = tf.read().split()[-2:]
        return float(secs), int(kb) / 1024


def generate(afdaek, kind, d, **sizes):
    args = [afdaek, "bench", kind, "--dir", d] + [x for k, v in sizes.items() for x in (f"--{k}", str(v))]
    out = subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def coverage(afdaek, d, segments, areas):
    generate(afdaek, "coverage", d, segments=segments, areas=areas)
    project = d / "whole.gpkg"
    project.write_bytes((d / "bench.gpkg").read_bytes())  # a copy: the command may not touch the fixture
    out = d / "coverage.json"
    cmd = [afdaek, "coverage", project, "--all", "--json", "--today", TODAY]
    with out.open("w") as f:
        first = timed(cmd, stdout=f)  # builds the street network and keeps it in the file
    with out.open("w") as f:
        secs, mb = timed(cmd, stdout=f)  # every later run: reads it
    report = json.loads(out.read_text())
    ours = {a["name"]: a["covered_length_m"] for a in report["areas"] if a["layer"] == "focus_areas"}

    t = time.perf_counter()
    rows = [l.split("\t", 1) for l in (d / "areas.wkt").read_text().splitlines()]
    polys = shapely.from_wkt(np.array([r[1] for r in rows]))
    covered = shapely.from_wkt(np.array((d / "covered.wkt").read_text().splitlines()))
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    theirs = shapely_covered_per_area(polys, covered)
    shapely_s = time.perf_counter() - t

    mine = np.array([ours[f"Område {r[0]}"] for r in rows])
    big = theirs > 1.0
    worst = float((np.abs(mine[big] - theirs[big]) / theirs[big]).max()) if big.any() else 0.0
    return {"secs": secs, "mb": mb, "first": first, "shapely_s": shapely_s, "shapely_read_s": read_s,
            "worst_rel": worst, "what": f"{segments:,} segments, {len(polys):,} areas"}


def blindspots(afdaek, d, buildings, segments, areas):
    generate(afdaek, "blindspots", d, buildings=buildings, segments=segments, areas=areas)
    project = d / "whole.gpkg"
    project.write_bytes((d / "bench.gpkg").read_bytes())
    cmd = [afdaek, "blindspots", project, "--json", "--today", TODAY]
    with (d / "blindspots.json").open("w") as f:
        first = timed(cmd, stdout=f)
    with (d / "blindspots.json").open("w") as f:
        secs, mb = timed(cmd, stdout=f)

    t = time.perf_counter()
    b = np.loadtxt(d / "buildings.csv", delimiter=",").reshape(-1, 3)
    polys = shapely.from_wkt(np.array([l.split("\t", 1)[1] for l in (d / "areas.wkt").read_text().splitlines()]))
    covered = shapely.from_wkt(np.array((d / "covered.wkt").read_text().splitlines()))
    covered_old = shapely.from_wkt(np.array((d / "covered_old.wkt").read_text().splitlines()))
    points = shapely.points(b[:, 1], b[:, 2])
    area_tree = STRtree(polys)
    pi, _ = area_tree.query(points, predicate="intersects")
    in_focus = np.zeros(len(points), dtype=bool)
    in_focus[pi] = True
    ci, _ = STRtree(covered).query(points, predicate="dwithin", distance=50.0)
    near = np.zeros(len(points), dtype=bool)
    near[ci] = True
    far = np.flatnonzero(~near)
    STRtree(covered_old).query(points[far], predicate="dwithin", distance=50.0)
    shapely_s = time.perf_counter() - t
    return {"secs": secs, "mb": mb, "first": first, "shapely_s": shapely_s,
            "what": f"{buildings:,} buildings, {segments:,} segments, {areas:,} areas"}


def import_roads(afdaek, d):
    """The generated national roads as GeoJSON (EPSG:25832), imported into a new project."""
    geojson = d / "roads.geojson"
    if not geojson.exists():
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-select", "name,road_class,start_node,end_node",
                        str(geojson), str(d / "bench.gpkg"), "roads"], check=True)
    project = d / "imported.gpkg"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{project}{suffix}").unlink(missing_ok=True)
    subprocess.run([afdaek, "new", str(project), "--name", "Import"], check=True, stdout=subprocess.DEVNULL)
    secs, mb = timed([afdaek, "import", project, geojson, "--as", "roads", "--json"])
    n = int(subprocess.run(["ogrinfo", "-q", "-sql", "SELECT count(*) FROM roads", str(project)],
                           check=True, capture_output=True, text=True).stdout.split("=")[-1])
    return {"secs": secs, "mb": mb, "features": n, "per_min": n / secs * 60,
            "what": f"{n:,} road lines, {geojson.stat().st_size / 1e6:,.0f} MB GeoJSON"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="target/bench-whole")
    ap.add_argument("--afdaek", default="target/release/afdaek")
    ap.add_argument("--quick", action="store_true", help="municipality scale only")
    a = ap.parse_args()
    root = Path(a.dir)
    afdaek = os.path.abspath(a.afdaek)
    rows = {}
    d = root / "coverage-50k"
    d.mkdir(parents=True, exist_ok=True)
    rows["coverage municipality"] = coverage(afdaek, d, 50_000, 500)
    if not a.quick:
        d = root / "coverage-1m"
        d.mkdir(parents=True, exist_ok=True)
        rows["coverage national"] = coverage(afdaek, d, 1_000_000, 10_000)
        rows["import national roads"] = import_roads(afdaek, d)
        d = root / "blindspots-2.5m"
        d.mkdir(parents=True, exist_ok=True)
        rows["blindspots national"] = blindspots(afdaek, d, 2_500_000, 1_000_000, 10_000)

    print(f"{'command':24} {'data':44} {'before':>16} {'today':>16} {'Shapely':>9} {'ratio':>6}")
    for name, r in rows.items():
        b = BEFORE[name]
        before = f"{b[0]:.2f} s {b[1]:,} MB"
        today = f"{r['secs']:.2f} s {r['mb']:,.0f} MB"
        sh = f"{r['shapely_s']:.2f} s" if "shapely_s" in r else "-"
        ratio = f"{r['shapely_s'] / r['secs']:.2f}x" if "shapely_s" in r else "-"
        print(f"{name:24} {r['what']:44} {before:>16} {today:>16} {sh:>9} {ratio:>6}")
    for name, r in rows.items():
        if "first" in r:
            print(f"{name}: the first run on the file (builds the street network and keeps it) "
                  f"{r['first'][0]:.2f} s, {r['first'][1]:,.0f} MB; 'today' is the next run")
        if "worst_rel" in r:
            print(f"{name}: largest difference per area {r['worst_rel'] * 100:.4f} %; "
                  f"Shapely read its WKT in {r['shapely_read_s']:.2f} s (not in its column)")
        if "per_min" in r:
            print(f"{name}: {r['per_min'] / 1e6:.2f} million features per minute")
    ok = all(r.get("worst_rel", 0.0) <= 0.001 for r in rows.values())
    print("same answers:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
