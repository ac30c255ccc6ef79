//! Who reaches a place: everything the blind-spot reasons ask, prepared once
//! for many questions. Focus areas and reviewed areas as prepared polygons
//! behind an envelope tree; the team's covered stretches (recent and ever)
//! and meal-delivery routes as segment trees; partner reach as circles and
//! polygons. All queries are read-only, so one `Reach` is shared by threads.

use crate::coverage::clip::CoveredSegments as SegmentGrid;
use crate::coverage::figures::Rec;
use crate::coverage::intervals::{PreparedArea, merge};
use crate::error::Result;
use crate::model::Layer;
use crate::network::{Network, substring};
use crate::store::Project;
use geo::{Distance, Euclidean, Intersects};
use geo_types::{Coord, Geometry, Line, MultiPolygon, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use std::collections::HashMap;

type Env = GeomWithData<Rectangle<[f64; 2]>, usize>;
/// A partner's reach circle: its envelope with (centre, radius).
type Circle = GeomWithData<Rectangle<[f64; 2]>, (Coord<f64>, f64)>;

/// Polygons prepared for point-in tests, behind an envelope tree.
#[derive(Default)]
pub struct AreaSet {
    tree: RTree<Env>,
    pub areas: Vec<(i64, MultiPolygon<f64>, PreparedArea)>,
}

impl AreaSet {
    pub fn new(items: Vec<(i64, MultiPolygon<f64>)>) -> Self {
        let mut envs = Vec::new();
        let mut areas = Vec::new();
        for (fid, mp) in items {
            let Some(b) = crate::geom::bbox(&Geometry::MultiPolygon(mp.clone())) else { continue };
            envs.push(GeomWithData::new(Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]), areas.len()));
            let prepared = PreparedArea::new(&mp);
            areas.push((fid, mp, prepared));
        }
        AreaSet { tree: RTree::bulk_load(envs), areas }
    }

    /// Indexes (into `areas`) of the polygons that contain `c`.
    pub fn containing(&self, c: Coord<f64>) -> impl Iterator<Item = usize> + '_ {
        self.tree.locate_all_at_point(&[c.x, c.y]).map(|e| e.data).filter(move |&i| self.areas[i].2.contains(c))
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

fn any_within(grid: &SegmentGrid, c: Coord<f64>, r: f64) -> bool {
    grid.any_within(c, r)
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

/// Everything that can reach a place, for one analysis date.
pub struct Reach {
    pub reach_m: f64,
    pub focus: AreaSet,
    /// Housing and focus areas with their last review date (for staleness).
    pub reviewed: AreaSet,
    pub review_dates: HashMap<(bool, i64), Option<String>>,
    /// Which entries of `reviewed` are focus areas.
    pub reviewed_is_focus: Vec<bool>,
    recent: SegmentGrid,
    ever: SegmentGrid,
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
        records: &HashMap<i64, Vec<Rec>>,
        since: &str,
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
        let focus = AreaSet::new(polys(Layer::FocusAreas));
        let mut review_dates = HashMap::new();
        let mut reviewed_items = Vec::new();
        let mut reviewed_is_focus = Vec::new();
        for (layer, is_focus) in [(Layer::FocusAreas, true), (Layer::HousingAreas, false)] {
            for f in p.features(layer)? {
                let (Some(fid), Some(Geometry::MultiPolygon(mp))) = (f.fid, f.geometry) else { continue };
                review_dates
                    .insert((is_focus, fid), f.attrs.get("last_reviewed").and_then(|v| v.as_str()).map(String::from));
                reviewed_items.push((fid, mp));
                reviewed_is_focus.push(is_focus);
            }
        }
        let reviewed = AreaSet::new(reviewed_items);
        // Pieces of street the team covered, as straight segments.
        let pieces = |recent_only: bool| {
            let mut lines = Vec::new();
            for (road, recs) in records {
                let Some(line) = net.road_line(*road) else { continue };
                let iv = merge(
                    recs.iter()
                        .filter(|r| !recent_only || r.date.as_str() >= since)
                        .map(|r| (r.from_m, r.to_m))
                        .collect(),
                );
                for (a, b) in iv {
                    lines.extend(substring(line, a, b).lines());
                }
            }
            seg_grid(lines.into_iter())
        };
        let recent = pieces(true);
        let ever = pieces(false);
        let meal = seg_grid(idx.geometries(Layer::MealRoutes).flat_map(|(_, g)| match g {
            Geometry::LineString(l) => l.lines().collect::<Vec<_>>(),
            _ => Vec::new(),
        }));
        let mut circles = Vec::new();
        for f in p.features(Layer::Partners)? {
            let (Some(Geometry::Point(c)), Some(r)) = (&f.geometry, f.f64("reach_m")) else { continue };
            if r > 0.0 {
                circles.push(GeomWithData::new(
                    Rectangle::from_corners([c.x() - r, c.y() - r], [c.x() + r, c.y() + r]),
                    (c.0, r),
                ));
            }
        }
        Ok(Reach {
            reach_m,
            focus,
            reviewed,
            review_dates,
            reviewed_is_focus,
            recent,
            ever,
            meal,
            circles: RTree::bulk_load(circles),
            reach_polys: AreaSet::new(polys(Layer::PartnerReach)),
            since: since.to_string(),
        })
    }

    pub fn in_focus(&self, c: Coord<f64>) -> bool {
        self.focus.containing(c).next().is_some()
    }

    pub fn covered_near(&self, c: Coord<f64>) -> bool {
        any_within(&self.recent, c, self.reach_m)
    }

    pub fn ever_covered_near(&self, c: Coord<f64>) -> bool {
        any_within(&self.ever, c, self.reach_m)
    }

    pub fn meal_route_near(&self, c: Coord<f64>) -> bool {
        any_within(&self.meal, c, self.reach_m)
    }

    pub fn partner_reaches(&self, c: Coord<f64>) -> bool {
        self.circles.locate_all_at_point(&[c.x, c.y]).any(|e| {
            let (o, r) = e.data;
            (c.x - o.x).powi(2) + (c.y - o.y).powi(2) <= r * r
        }) || self.reach_polys.containing(c).next().is_some()
    }

    /// The newest review date of the areas containing `c`: `None` when no
    /// area contains it, `Some(None)` when the areas were never reviewed.
    pub fn last_reviewed_at(&self, c: Coord<f64>) -> Option<Option<String>> {
        let mut any = false;
        let mut best: Option<String> = None;
        for i in self.reviewed.containing(c) {
            any = true;
            let key = (self.reviewed_is_focus[i], self.reviewed.areas[i].0);
            if let Some(Some(d)) = self.review_dates.get(&key)
                && best.as_ref().is_none_or(|b| d > b)
            {
                best = Some(d.clone());
            }
        }
        any.then_some(best)
    }

    // The same questions for a whole area (a housing area candidate).

    pub fn area_in_focus(&self, mp: &MultiPolygon<f64>) -> bool {
        !self.focus.meeting(mp).is_empty()
    }

    pub fn area_covered(&self, mp: &MultiPolygon<f64>) -> bool {
        any_near_area(&self.recent, mp, self.reach_m)
    }

    pub fn area_ever_covered(&self, mp: &MultiPolygon<f64>) -> bool {
        any_near_area(&self.ever, mp, self.reach_m)
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
