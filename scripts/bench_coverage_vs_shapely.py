#!/usr/bin/env python3
"""Covered street length per area: Afdæk's engine and Shapely 2 (GEOS, STRtree)
on the same generated data, side by side in one run.

    pip install -r scripts/requirements-bench.txt
    cargo build --release -p afdaek-cli
    python3 scripts/bench_coverage_vs_shapely.py --dir target/bench-coverage

The first run generates the data (1M road segments, 10k areas, covered stretches
on ~40 % of the roads) with `afdaek bench coverage`, which also times our engine.
Shapely gets its best shot: one vectorised STRtree query of all areas at once,
vectorised intersections and lengths, summed per area with numpy. Both sides
are timed from the covered lines in memory, tree building included: Afdæk's
segment tree plus all areas, against Shapely's STRtree plus all areas. What
only Afdæk does (reading the project's coverage records, building the street
network) is printed on its own line.
"""
import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from shapely import STRtree


def shapely_covered_per_area(areas, covered):
    """Covered metres per area, Shapely's best shot: one STRtree query of all
    areas, vectorised intersection and length, summed per area."""
    tree = STRtree(covered)
    area_idx, line_idx = tree.query(areas, predicate="intersects")
    lengths = shapely.length(shapely.intersection(covered[line_idx], areas[area_idx]))
    return np.bincount(area_idx, weights=lengths, minlength=len(areas))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="target/bench-coverage")
    ap.add_argument("--segments", type=int, default=1_000_000)
    ap.add_argument("--areas", type=int, default=10_000)
    ap.add_argument("--afdaek", default="target/release/afdaek")
    a = ap.parse_args()
    d = Path(a.dir)

    out = subprocess.run(
        [a.afdaek, "bench", "coverage", "--dir", str(d), "--segments", str(a.segments), "--areas", str(a.areas)],
        check=True, capture_output=True, text=True,
    )
    ours = json.loads(out.stdout.strip().splitlines()[-1])
    ours_vals = np.array([float(l.split(",")[1]) for l in (d / "ours.csv").read_text().splitlines()])

    areas = shapely.from_wkt(np.array([l.split("\t", 1)[1] for l in (d / "areas.wkt").read_text().splitlines()]))
    covered = shapely.from_wkt(np.array((d / "covered.wkt").read_text().splitlines()))

    t = time.perf_counter()
    theirs = shapely_covered_per_area(areas, covered)
    shapely_s = time.perf_counter() - t

    big = theirs > 1.0
    rel = np.abs(ours_vals[big] - theirs[big]) / theirs[big]
    ours_all = ours["network_s"] + ours["context_s"] + ours["areas_s"]
    print(f"data: {ours['segments']:,} road segments, {ours['areas']:,} areas, {len(covered):,} covered stretches")
    print(f"{'':34}{'seconds':>10}")
    print(f"{'Shapely 2 / GEOS (STRtree, vectorised)':34}{shapely_s:10.3f}")
    print(f"{'Afdæk (segment grid + all areas)':34}{ours['areas_s']:10.3f}   ratio {shapely_s / ours['areas_s']:.1f}x")
    print(f"{'Afdæk, + network and records':34}{ours_all:10.3f}   ratio {shapely_s / ours_all:.1f}x")
    print(f"total covered: Afdæk {ours_vals.sum():,.1f} m, Shapely {theirs.sum():,.1f} m")
    print(f"largest relative difference per area: {rel.max() * 100:.5f} % (limit 0.1 %)")
    ok = rel.max() <= 0.001
    print("same numbers to 0.1 %:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
