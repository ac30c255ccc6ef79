#!/usr/bin/env python3
"""Blind-spot reasons for every candidate dwelling: Afdæk's engine and Shapely 2
(GEOS, STRtree) on the same generated data, side by side in one run.

    pip install -r scripts/requirements-bench.txt
    cargo build --release -p afdaek-cli
    python3 scripts/bench_blindspots_vs_shapely.py --dir target/bench-blindspots

The first run generates the data (2.5M buildings, 1M road segments, 10k focus
areas, covered stretches on ~40 % of the roads) with `afdaek bench blindspots`,
which also times our engine phase by phase. The computation compared: for every
candidate dwelling, is it inside a focus area, is a recently covered street
within 50 m, and if not, was one covered before the recency window (a quarter
of the covered stretches are old); a blind spot is outside every focus area
with no recently covered street near. Shapely gets its best shot: vectorised
STRtree queries of all points at once (`intersects` against the areas,
`dwithin` 50 m against the recent lines, then against the old lines for the
points not near a recent one), tree building included, WKT parsing not.
Afdæk computes all six reasons (partners, meal routes and reviews too, which
this data leaves empty).
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="target/bench-blindspots")
    ap.add_argument("--buildings", type=int, default=2_500_000)
    ap.add_argument("--segments", type=int, default=1_000_000)
    ap.add_argument("--areas", type=int, default=10_000)
    ap.add_argument("--afdaek", default="target/release/afdaek")
    a = ap.parse_args()
    d = Path(a.dir)

    out = subprocess.run(
        [a.afdaek, "bench", "blindspots", "--dir", str(d), "--buildings", str(a.buildings),
         "--segments", str(a.segments), "--areas", str(a.areas)],
        check=True, capture_output=True, text=True,
    )
    ours = json.loads(out.stdout.strip().splitlines()[-1])
    o = np.loadtxt(d / "ours.csv", delimiter=",", dtype=np.int64).reshape(-1, 4)
    b = np.loadtxt(d / "buildings.csv", delimiter=",").reshape(-1, 3)
    order_o = np.argsort(o[:, 0])
    order_b = np.argsort(b[:, 0])
    o, b = o[order_o], b[order_b]
    assert np.array_equal(o[:, 0], b[:, 0].astype(np.int64)), "both sides see the same candidates"

    areas = shapely.from_wkt(np.array([l.split("\t", 1)[1] for l in (d / "areas.wkt").read_text().splitlines()]))
    covered = shapely.from_wkt(np.array((d / "covered.wkt").read_text().splitlines()))
    covered_old = shapely.from_wkt(np.array((d / "covered_old.wkt").read_text().splitlines()))
    points = shapely.points(b[:, 1], b[:, 2])

    t = time.perf_counter()
    area_tree = STRtree(areas)
    pi, _ = area_tree.query(points, predicate="intersects")
    in_focus = np.zeros(len(points), dtype=bool)
    in_focus[pi] = True
    line_tree = STRtree(covered)
    ci, _ = line_tree.query(points, predicate="dwithin", distance=50.0)
    near = np.zeros(len(points), dtype=bool)
    near[ci] = True
    old_tree = STRtree(covered_old)
    far = np.flatnonzero(~near)
    oi, _ = old_tree.query(points[far], predicate="dwithin", distance=50.0)
    old = np.zeros(len(points), dtype=bool)
    old[far[oi]] = True
    blind = ~in_focus & ~near
    shapely_s = time.perf_counter() - t

    ours_reasons = ours["reach_s"] + ours["reasons_s"]
    ours_all = ours["records_s"] + ours_reasons + ours["rank_s"]
    print(f"data: {ours['buildings']:,} buildings ({len(points):,} candidate dwellings), "
          f"{ours['segments']:,} road segments, {ours['areas']:,} focus areas, {len(covered):,} recently and {len(covered_old):,} earlier covered stretches")
    print(f"{'':46}{'seconds':>10}")
    print(f"{'Shapely 2 / GEOS (3 STRtrees, vectorised)':46}{shapely_s:10.3f}")
    print(f"{'Afdæk: prepare reach + reasons of all':46}{ours_reasons:10.3f}   ratio {shapely_s / ours_reasons:.1f}x")
    print(f"{'Afdæk: + read coverage, group and rank':46}{ours_all:10.3f}   ratio {shapely_s / ours_all:.1f}x")
    print(f"(Afdæk, not compared: open {ours['open_s']:.2f} s, read candidates {ours['candidates_s']:.2f} s; "
          f"{ours['entries']:,} ranked entries)")
    print(f"in a focus area: Afdæk {int(o[:, 1].sum()):,}, Shapely {int(in_focus.sum()):,}")
    print(f"covered street within 50 m: Afdæk {int(o[:, 2].sum()):,}, Shapely {int(near.sum()):,}")
    print(f"only covered before the window: Afdæk {int(o[:, 3].sum()):,}, Shapely {int(old.sum()):,}")
    print(f"blind: Afdæk {ours['blind']:,}, Shapely {int(blind.sum()):,}")
    differ = int((o[:, 1].astype(bool) != in_focus).sum() + (o[:, 2].astype(bool) != near).sum()
                 + (o[:, 3].astype(bool) != old).sum())
    print(f"candidates where an answer differs: {differ} of {len(points):,}")
    # WKT is written with millimetre precision, so a point within a millimetre
    # of an area edge or of 50 m may fall either way; allow one in 100,000.
    ok = differ <= max(1, len(points) // 100_000)
    print("same answers:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
