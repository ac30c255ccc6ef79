//! Who reaches a place: everything the blind-spot reasons ask, prepared once
//! for many questions. Focus areas and reviewed areas as prepared polygons
//! behind an envelope tree and grid; the team's covered stretches (within the
//! window, and only before it: "ever" is either) and meal-delivery routes as
//! segment grids; partner reach as circles and polygons. All queries are
//! read-only, so one `Reach` is shared by threads.

use crate::coverage::clip::{CoveredSegments as SegmentGrid, push_stretch};
use crate::coverage::figures::Rec;
use crate::coverage::intervals::{PreparedArea, merge, subtract};
use crate::error::Result;
use crate::fields::{areas, partners};
use crate::model::Layer;
use crate::network::Network;
use crate::store::Project;
use geo::{Distance, Euclidean, Intersects};
use geo_types::{Coord, Geometry, Line, MultiPolygon, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use std::collections::HashMap;

type Env = GeomWithData<Rectangle<[f64; 2]>, usize>;
/// A partner's reach circle: its envelope with (centre, radius).
type Circle = GeomWithData<Rectangle<[f64; 2]>, (Coord<f64>, f64)>;

/// Polygons prepared for point-in tests: an envelope tree for area
/// questions, and a uniform grid of envelopes for point questions (millions
/// of dwellings ask "which areas contain me?"; one cell lookup answers).
#[derive(Default)]
pub struct AreaSet {
    tree: RTree<Env>,
    pub areas: Vec<(i64, MultiPolygon<f64>, PreparedArea)>,
    boxes: Vec<[f64; 4]>,
    grid: Option<BoxGrid>,
}

/// Envelopes bucketed into every grid cell they cover (CSR layout).
struct BoxGrid {
    origin: Coord<f64>,
    cell: f64,
    nx: usize,
    ny: usize,
    start: Vec<u32>,
    idx: Vec<u32>,
}

impl BoxGrid {
    fn new(boxes: &[[f64; 4]]) -> Option<BoxGrid> {
        if boxes.is_empty() {
            return None;
        }
        let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let mut side = 0.0;
        for b in boxes {
            (minx, miny, maxx, maxy) = (minx.min(b[0]), miny.min(b[1]), maxx.max(b[2]), maxy.max(b[3]));
            side += ((b[2] - b[0]) * (b[3] - b[1])).max(1.0).sqrt();
        }
        // Cells about the size of a typical area, at most 1024 × 1024 of them.
        let cell = (side / boxes.len() as f64).max((maxx - minx) / 1024.0).max((maxy - miny) / 1024.0).max(1.0);
        let nx = ((maxx - minx) / cell) as usize + 1;
        let ny = ((maxy - miny) / cell) as usize + 1;
        let mut g =
            BoxGrid { origin: Coord { x: minx, y: miny }, cell, nx, ny, start: vec![0; nx * ny + 1], idx: Vec::new() };
        let range = |g: &BoxGrid, b: &[f64; 4]| {
            let (i0, j0) = g.cell_ij(b[0], b[1]);
            let (i1, j1) = g.cell_ij(b[2], b[3]);
            (i0, j0, i1, j1)
        };
        for b in boxes {
            let (i0, j0, i1, j1) = range(&g, b);
            for j in j0..=j1 {
                for i in i0..=i1 {
                    g.start[j * nx + i + 1] += 1;
                }
            }
        }
        for k in 1..g.start.len() {
            g.start[k] += g.start[k - 1];
        }
        let mut fill = g.start.clone();
        g.idx = vec![0; *g.start.last().expect("cells") as usize];
        for (n, b) in boxes.iter().enumerate() {
            let (i0, j0, i1, j1) = range(&g, b);
            for j in j0..=j1 {
                for i in i0..=i1 {
                    let c = j * nx + i;
                    g.idx[fill[c] as usize] = n as u32;
                    fill[c] += 1;
                }
            }
        }
        Some(g)
    }

    fn cell_ij(&self, x: f64, y: f64) -> (usize, usize) {
        let i = ((x - self.origin.x) / self.cell).max(0.0) as usize;
        let j = ((y - self.origin.y) / self.cell).max(0.0) as usize;
        (i.min(self.nx - 1), j.min(self.ny - 1))
    }

    fn at(&self, c: Coord<f64>) -> &[u32] {
        if !(c.x.is_finite() && c.y.is_finite()) {
            return &[];
        }
        let (i, j) = self.cell_ij(c.x, c.y);
        let k = j * self.nx + i;
        &self.idx[self.start[k] as usize..self.start[k + 1] as usize]
    }
}

impl AreaSet {
    pub fn new(items: Vec<(i64, MultiPolygon<f64>)>) -> Self {
        let mut envs = Vec::new();
        let mut areas = Vec::new();
        let mut boxes = Vec::new();
        for (fid, mp) in items {
            let Some(b) = crate::geom::bbox(&Geometry::MultiPolygon(mp.clone())) else { continue };
            envs.push(GeomWithData::new(Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]), areas.len()));
            boxes.push(b);
            let prepared = PreparedArea::new(&mp);
            areas.push((fid, mp, prepared));
        }
        let grid = BoxGrid::new(&boxes);
        AreaSet { tree: RTree::bulk_load(envs), areas, boxes, grid }
    }

    /// Indexes (into `areas`) of the polygons that contain `c`.
    pub fn containing(&self, c: Coord<f64>) -> impl Iterator<Item = usize> + '_ {
        let cell: &[u32] = self.grid.as_ref().map_or(&[], |g| g.at(c));
        cell.iter().map(|&i| i as usize).filter(move |&i| {
            let b = &self.boxes[i];
            c.x >= b[0] && c.x <= b[2] && c.y >= b[1] && c.y <= b[3] && self.areas[i].2.contains(c)
        })
    }

    /// Indexes of the polygons that meet `mp`.
    pub fn meeting(&self, mp: &MultiPolygon<f64>) -> Vec<usize> {
        let Some(b) = crate::geom::bbox(&Geometry::MultiPolygon(mp.clone())) else { return Vec::new() };
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_corners([b[0], b[1]], [b[2], b[3]]))
            .map(|e| e.data)
            .filter(|&i| self.areas[i].1.intersects(mp))
            .collect()
    }
}

/// Segments for point questions ("any within r?"): a grid, built in one pass.
fn seg_grid(lines: impl Iterator<Item = Line<f64>>) -> SegmentGrid {
    SegmentGrid::from_segments(lines.map(|l| [l.start.x, l.start.y, l.end.x, l.end.y]).collect())
}

/// Area questions are few (one per housing area): test the segments near
/// the area's box exactly.
fn any_near_area(grid: &SegmentGrid, mp: &MultiPolygon<f64>, r: f64) -> bool {
    let Some(b) = crate::geom::bbox(&Geometry::MultiPolygon(mp.clone())) else { return false };
    grid.segments_in([b[0] - r, b[1] - r, b[2] + r, b[3] + r]).any(|s| {
        let l = Line::new(Coord { x: s[0], y: s[1] }, Coord { x: s[2], y: s[3] });
        Euclidean.distance(&l, mp) <= r
    })
}

/// The team's covered stretches as straight segments: those covered within
/// the window (`date >= since`), and those covered only before it ("old"
/// leaves out what a recent visit covered again). Roads are split over the
/// cores; the grids are built from the joined segments.
fn covered_grids(
    net: &Network,
    records: &crate::coverage::figures::ByRoad<Vec<Rec>>,
    since: &str,
) -> (SegmentGrid, SegmentGrid) {
    use rayon::prelude::*;
    let roads: Vec<(&i64, &Vec<Rec>)> = records.iter().collect();
    let parts: Vec<_> = roads
        .par_chunks(4096)
        .map(|part| {
            let (mut recent, mut old) = (Vec::new(), Vec::new());
            for &(road, recs) in part {
                let Some(line) = net.road_line(*road) else { continue };
                let merged = |within: bool| {
                    merge(
                        recs.iter()
                            .filter(|r| (r.date.as_str() >= since) == within)
                            .map(|r| (r.from_m, r.to_m))
                            .collect(),
                    )
                };
                let new_iv = merged(true);
                let old_iv = subtract(&merged(false), &new_iv);
                for (a, b) in new_iv {
                    push_stretch(line, a, b, &mut recent);
                }
                for (a, b) in old_iv {
                    push_stretch(line, a, b, &mut old);
                }
            }
            (recent, old)
        })
        .collect();
    let (mut recent, mut old) = (Vec::new(), Vec::new());
    for (r, o) in parts {
        recent.extend(r);
        old.extend(o);
    }
    (SegmentGrid::from_segments(recent), SegmentGrid::from_segments(old))
}

/// Everything that can reach a place, for one analysis date.
pub struct Reach {
    pub reach_m: f64,
    pub focus: AreaSet,
    /// Per entry of `focus`: reviewed on or after the stale limit?
    focus_fresh: Vec<bool>,
    pub housing: AreaSet,
    housing_fresh: Vec<bool>,
    recent: SegmentGrid,
    /// Stretches covered only before the window (ever covered = recent or old).
    old: SegmentGrid,
    meal: SegmentGrid,
    /// Partner reach circles: envelope → (centre, radius).
    circles: RTree<Circle>,
    reach_polys: AreaSet,
    /// Coverage older than this does not count (`YYYY-MM-DD`).
    pub since: String,
}

impl Reach {
    /// Prepares the project's reach for the window ending `today`.
    pub fn new(
        p: &Project,
        net: &Network,
        records: &crate::coverage::figures::ByRoad<Vec<Rec>>,
        since: &str,
        stale_since: &str,
        reach_m: f64,
    ) -> Result<Reach> {
        let idx = p.index();
        let polys = |layer: Layer| -> Vec<(i64, MultiPolygon<f64>)> {
            idx.geometries(layer)
                .filter_map(|(fid, g)| match g {
                    Geometry::MultiPolygon(mp) => Some((fid, mp.clone())),
                    Geometry::Polygon(pg) => Some((fid, MultiPolygon(vec![pg.clone()]))),
                    _ => None,
                })
                .collect()
        };
        // Areas with whether their last review is recent (a missing date is not).
        let reviewed = |layer: Layer| -> Result<(AreaSet, Vec<bool>)> {
            let mut items = Vec::new();
            let mut fresh = HashMap::new();
            for f in p.features(layer)? {
                let (Some(fid), Some(Geometry::MultiPolygon(mp))) = (f.fid, f.geometry.clone()) else { continue };
                fresh.insert(fid, f.text(areas::LAST_REVIEWED).is_some_and(|d| d >= stale_since));
                items.push((fid, mp));
            }
            let set = AreaSet::new(items);
            let flags = set.areas.iter().map(|(fid, _, _)| fresh[fid]).collect();
            Ok((set, flags))
        };
        // The covered stretches (pure computation) on a second thread while
        // this one reads the areas and partners from the file.
        std::thread::scope(|scope| {
            let covered = scope.spawn(|| covered_grids(net, records, since));
            let (focus, focus_fresh) = reviewed(Layer::FocusAreas)?;
            let (housing, housing_fresh) = reviewed(Layer::HousingAreas)?;
            let meal = seg_grid(idx.geometries(Layer::MealRoutes).flat_map(|(_, g)| match g {
                Geometry::LineString(l) => l.lines().collect::<Vec<_>>(),
                _ => Vec::new(),
            }));
            let mut circles = Vec::new();
            for f in p.features(Layer::Partners)? {
                let (Some(Geometry::Point(c)), Some(r)) = (&f.geometry, f.real(partners::REACH_M)) else { continue };
                if r > 0.0 {
                    circles.push(GeomWithData::new(
                        Rectangle::from_corners([c.x() - r, c.y() - r], [c.x() + r, c.y() + r]),
                        (c.0, r),
                    ));
                }
            }
            let reach_polys = AreaSet::new(polys(Layer::PartnerReach));
            let (recent, old) = covered.join().expect("coverage grid worker panicked");
            Ok(Reach {
                reach_m,
                focus,
                focus_fresh,
                housing,
                housing_fresh,
                recent,
                old,
                meal,
                circles: RTree::bulk_load(circles),
                reach_polys,
                since: since.to_string(),
            })
        })
    }

    pub fn covered_near(&self, c: Coord<f64>) -> bool {
        self.recent.any_within(c, self.reach_m)
    }

    /// Covered near `c` only before the window (ever covered near = this or
    /// [`Reach::covered_near`]).
    pub fn covered_before_near(&self, c: Coord<f64>) -> bool {
        self.old.any_within(c, self.reach_m)
    }

    pub fn meal_route_near(&self, c: Coord<f64>) -> bool {
        self.meal.any_within(c, self.reach_m)
    }

    pub fn partner_reaches(&self, c: Coord<f64>) -> bool {
        self.circles.locate_all_at_point(&[c.x, c.y]).any(|e| {
            let (o, r) = e.data;
            (c.x - o.x).powi(2) + (c.y - o.y).powi(2) <= r * r
        }) || self.reach_polys.containing(c).next().is_some()
    }

    /// Where `c` stands in the plan, in one pass over the areas around it:
    /// (inside a focus area?, `None` when no focus or housing area contains
    /// it, else whether any of them was reviewed recently).
    pub fn plan_at(&self, c: Coord<f64>) -> (bool, Option<bool>) {
        let (mut in_focus, mut in_any, mut fresh) = (false, false, false);
        for i in self.focus.containing(c) {
            (in_focus, in_any) = (true, true);
            fresh |= self.focus_fresh[i];
            if fresh {
                break;
            }
        }
        if !fresh {
            for i in self.housing.containing(c) {
                in_any = true;
                fresh |= self.housing_fresh[i];
                if fresh {
                    break;
                }
            }
        }
        (in_focus, in_any.then_some(fresh))
    }

    /// Was the housing area `fid` reviewed recently?
    pub fn housing_area_fresh(&self, fid: i64) -> bool {
        self.housing.areas.iter().zip(&self.housing_fresh).any(|((f, _, _), fresh)| *f == fid && *fresh)
    }

    // The same questions for a whole area (a housing area candidate).

    pub fn area_in_focus(&self, mp: &MultiPolygon<f64>) -> bool {
        !self.focus.meeting(mp).is_empty()
    }

    pub fn area_covered(&self, mp: &MultiPolygon<f64>) -> bool {
        any_near_area(&self.recent, mp, self.reach_m)
    }

    pub fn area_covered_before(&self, mp: &MultiPolygon<f64>) -> bool {
        any_near_area(&self.old, mp, self.reach_m)
    }

    pub fn area_meal_route(&self, mp: &MultiPolygon<f64>) -> bool {
        any_near_area(&self.meal, mp, self.reach_m)
    }

    pub fn area_partner_reaches(&self, mp: &MultiPolygon<f64>) -> bool {
        let Some(b) = crate::geom::bbox(&Geometry::MultiPolygon(mp.clone())) else { return false };
        let env = AABB::from_corners([b[0], b[1]], [b[2], b[3]]);
        self.circles
            .locate_in_envelope_intersecting(&env)
            .any(|e| Euclidean.distance(&Point::from(e.data.0), mp) <= e.data.1)
            || !self.reach_polys.meeting(mp).is_empty()
    }
}
