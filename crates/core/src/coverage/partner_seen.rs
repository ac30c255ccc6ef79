//! What partners see of the streets, one entry per partner or meal-delivery
//! route: the stretches (measure intervals per road) within a partner's reach
//! circle (`reach_m` around its point) or reach polygons (`partner_reach`),
//! or within [`MEAL_ROUTE_REACH_M`] of a meal-delivery route.
//!
//! The coverage figures merge them all into "seen by partners" beside the
//! team's own coverage; the planning's *partners' eyes*
//! ([`crate::planning::eyes`]) keeps them apart, because "ask the meal
//! service about Ribe Landevej" needs to know who sees which street.

use super::intervals::{PreparedArea, merge};
use crate::error::Result;
use crate::fields::partners;
use crate::model::{Feature, Layer};
use crate::network::{Network, locate, point_at};
use crate::store::Project;
use crate::vocab;
use geo_types::{Coord, Geometry, LineString};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// Streets this close to a meal-delivery route are seen by the route.
pub const MEAL_ROUTE_REACH_M: f64 = 20.0;
/// Sampling step along a road for reach tests (documented approximation:
/// ± half a step at each end of a seen stretch).
const STEP_M: f64 = 5.0;

/// Who sees: a partner (by its reach) or a meal-delivery route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Seer {
    /// `partners` or `meal_routes`.
    pub layer: &'static str,
    pub fid: i64,
    /// The organisation's name; for a meal route its provider and name. A
    /// partner without a name is called by its type ("apotek").
    pub name: String,
    /// The partner's type code (`meal_delivery` for a meal route).
    pub partner_type: Option<&'static str>,
    pub contact_status: Option<String>,
    /// A meal route's delivery days (weekday codes, comma-separated).
    pub weekdays: Option<String>,
}

/// One seer and the stretches it sees (merged intervals per road fid).
#[derive(Debug, Clone)]
pub struct Seen {
    pub seer: Seer,
    pub roads: HashMap<i64, Vec<(f64, f64)>>,
}

/// Every partner with a reach (circle or polygons) and every meal route, with
/// what each sees; those that see no street are left out.
pub fn seen_by_partners(p: &Project, net: &Network) -> Result<Vec<Seen>> {
    let idx = p.index();
    let mut out = Vec::new();
    let partner_list: Vec<Feature> = p.features(Layer::Partners)?;
    // Reach polygons by the partner they belong to.
    // A polygon whose partner is gone (or was never named) still counts as
    // seen by a partner, under its own fid.
    let known: std::collections::HashSet<i64> = partner_list.iter().filter_map(|f| f.fid).collect();
    let mut polygons: HashMap<i64, Vec<geo_types::MultiPolygon<f64>>> = HashMap::default();
    let mut orphans = Vec::new();
    for f in p.features(Layer::PartnerReach)? {
        let partner = f.i64("partner_fid");
        let Some(Geometry::MultiPolygon(mp)) = f.geometry else { continue };
        match partner.filter(|pf| known.contains(pf)) {
            Some(pf) => polygons.entry(pf).or_default().push(mp),
            None => orphans.extend(f.fid.map(|fid| (fid, mp))),
        }
    }
    for (fid, mp) in orphans {
        let roads = roads_in_polygons(idx, net, std::slice::from_ref(&mp));
        if !roads.is_empty() {
            let seer = Seer {
                layer: Layer::PartnerReach.table(),
                fid,
                name: "(rækkevidde uden partner)".into(),
                partner_type: None,
                contact_status: None,
                weekdays: None,
            };
            out.push(Seen { seer, roads: finish(roads) });
        }
    }
    for f in &partner_list {
        let Some(fid) = f.fid else { continue };
        let mut roads = roads_in_polygons(idx, net, polygons.get(&fid).map_or(&[], |v| v.as_slice()));
        if let (Some(Geometry::Point(c)), Some(r)) = (&f.geometry, f.real(partners::REACH_M).filter(|r| *r > 0.0)) {
            let mut near: Vec<i64> = idx.roads_within(c.0, r).into_iter().map(|x| x.0).collect();
            near.sort_unstable();
            near.dedup();
            for road in near {
                if let Some(line) = net.road_line(road) {
                    mark(&mut roads, net, road, line, &|q| ((q.x - c.x()).powi(2) + (q.y - c.y()).powi(2)).sqrt() <= r);
                }
            }
        }
        if roads.is_empty() {
            continue;
        }
        let partner_type = f.text(partners::PARTNER_TYPE).and_then(|c| vocab::find(vocab::PARTNER_TYPES, c));
        let name = f
            .text(partners::NAME)
            .map(String::from)
            .or_else(|| partner_type.map(|t| first_label(t.da)))
            .unwrap_or_else(|| "(uden navn)".into());
        out.push(Seen {
            seer: Seer {
                layer: Layer::Partners.table(),
                fid,
                name,
                partner_type: partner_type.map(|t| t.code),
                contact_status: f.text(partners::CONTACT_STATUS).map(String::from),
                weekdays: None,
            },
            roads: finish(roads),
        });
    }
    for f in p.features(Layer::MealRoutes)? {
        let (Some(fid), Some(Geometry::LineString(route))) = (f.fid, &f.geometry) else { continue };
        let mut roads: HashMap<i64, Vec<(f64, f64)>> = HashMap::default();
        // Sample the route every 10 m so long straight stretches find their streets too.
        let route_len: f64 = route.lines().map(|l| crate::network::seg_len(&l)).sum();
        let mut near: Vec<i64> = Vec::new();
        let mut m = 0.0;
        while m <= route_len {
            near.extend(idx.roads_within(point_at(route, m), MEAL_ROUTE_REACH_M).into_iter().map(|x| x.0));
            m += 10.0;
        }
        near.sort_unstable();
        near.dedup();
        for road in near {
            if let Some(line) = net.road_line(road) {
                mark(&mut roads, net, road, line, &|q| locate(route, q).1 <= MEAL_ROUTE_REACH_M);
            }
        }
        if roads.is_empty() {
            continue;
        }
        let name = match (f.str("provider"), f.str("name")) {
            (Some(p), Some(n)) => format!("{p} ({n})"),
            (Some(s), None) | (None, Some(s)) => s.to_string(),
            (None, None) => "madudbringningsrute".into(),
        };
        out.push(Seen {
            seer: Seer {
                layer: Layer::MealRoutes.table(),
                fid,
                name,
                partner_type: Some("meal_delivery"),
                contact_status: None,
                weekdays: f.str("weekdays").map(String::from),
            },
            roads: finish(roads),
        });
    }
    Ok(out)
}

/// The stretches of roads inside reach polygons.
fn roads_in_polygons(
    idx: &crate::index::SpatialIndex,
    net: &Network,
    polygons: &[geo_types::MultiPolygon<f64>],
) -> HashMap<i64, Vec<(f64, f64)>> {
    let mut roads = HashMap::default();
    for mp in polygons {
        let prepared = PreparedArea::new(mp);
        let mut inside: Vec<i64> = mp.0.iter().flat_map(|poly| idx.in_polygon(Layer::Roads, poly)).collect();
        inside.sort_unstable();
        inside.dedup();
        for road in inside {
            if let Some(line) = net.road_line(road) {
                mark(&mut roads, net, road, line, &|q| prepared.contains(q));
            }
        }
    }
    roads
}

/// Everything any partner sees, merged per road: the figures' "seen by partners".
pub fn merged(seen: &[Seen]) -> HashMap<i64, Vec<(f64, f64)>> {
    let mut all: HashMap<i64, Vec<(f64, f64)>> = HashMap::default();
    for s in seen {
        for (road, iv) in &s.roads {
            all.entry(*road).or_default().extend_from_slice(iv);
        }
    }
    finish(all)
}

/// "vicevært, varmemester, ejendomsinspektør" → "vicevært": a type's label
/// lists its kinds; a partner without a name is called by the first.
fn first_label(da: &str) -> String {
    da.split(',').next().unwrap_or(da).trim().to_string()
}

fn finish(m: HashMap<i64, Vec<(f64, f64)>>) -> HashMap<i64, Vec<(f64, f64)>> {
    m.into_iter().map(|(k, v)| (k, merge(v))).collect()
}

/// Marks the stretches of `road` whose sample points are `inside`.
fn mark(
    out: &mut HashMap<i64, Vec<(f64, f64)>>,
    net: &Network,
    road: i64,
    line: &LineString<f64>,
    inside: &dyn Fn(Coord<f64>) -> bool,
) {
    let len = net.roads.get(&road).map_or(0.0, |r| r.length);
    let steps = (len / STEP_M).ceil().max(1.0) as usize;
    let mut run: Option<f64> = None;
    for i in 0..=steps {
        let m = (i as f64 * STEP_M).min(len);
        let hit = inside(point_at(line, m));
        match (hit, run) {
            (true, None) => run = Some(m),
            (false, Some(a)) => {
                out.entry(road).or_default().push((a, m));
                run = None;
            }
            _ => {}
        }
    }
    if let Some(a) = run {
        out.entry(road).or_default().push((a, len));
    }
}
