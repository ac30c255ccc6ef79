//! Partners' eyes: the uncovered streets of a focus area that a partner
//! already passes — along a meal-delivery route, or within the reach of a
//! partner who comes to that kind of home — so the team can ask them ("spørg
//! Madservice Vest om Ribe Landevej fra Søndergade til Vestergade") instead
//! of driving there first.
//!
//! The streets are those a route would have to take
//! ([`Context::uncovered_parts`]: the "segments covered" rule); a partner
//! sees an uncovered segment when at least half of its length inside the area
//! lies within the partner's reach ([`crate::coverage::partner_seen`]). Which
//! partners see which homes is [`vocab::partner_sees_homes`]: a caretaker
//! sees rented and association housing, meal delivery and home care every
//! kind of home, a pharmacy none at the door. The kind of home along a
//! stretch is the BBR use of the dwellings within
//! [`DWELLING_REACH_M`](crate::coverage::figures::DWELLING_REACH_M) of it and
//! the types of the housing areas it runs through. A stretch along which the
//! project knows no dwelling is left out (nobody lives there to be seen);
//! in a project without BBR buildings every stretch counts.
//!
//! The project holds no addresses, so a stretch is named by its street and
//! the cross streets at its ends.

use crate::coverage::figures::Context;
use crate::coverage::intervals::{intersect, total};
use crate::coverage::partner_seen::Seer;
use crate::error::Result;
use crate::fields::housing_areas;
use crate::model::Layer;
use crate::network::{Network, point_at};
use crate::store::Project;
use crate::vocab;
use geo::{BoundingRect, Contains};
use geo_types::{Coord, Geometry, MultiPolygon, Rect};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Stretches shorter than this are left out: a reach circle that grazes the
/// end of a segment is not worth a question.
pub const MIN_STRETCH_M: f64 = 25.0;

/// One uncovered stretch of a street that a partner sees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stretch {
    pub street: String,
    /// The other streets met at its ends, west to east (a street code may
    /// branch, so a stretch can have more than two ends); none at dead ends.
    pub cross_streets: Vec<String>,
    pub length_m: f64,
    /// Dwellings within reach of the stretch (BBR).
    pub dwellings: i64,
    /// The housing types along it (BBR use and housing areas), vocabulary codes.
    pub housing_types: Vec<&'static str>,
    /// Its network edges (uncovered segments).
    #[serde(skip)]
    pub edges: Vec<u32>,
}

impl Stretch {
    /// "Ribe Landevej fra Søndergade til Vestergade (340 m)"; "… ved A",
    /// "… mellem A, B og C" for one or more than two cross streets.
    pub fn describe_da(&self) -> String {
        let s = &self.street;
        let place = match self.cross_streets.as_slice() {
            [] => s.clone(),
            [a] => format!("{s} ved {a}"),
            [a, b] => format!("{s} fra {a} til {b}"),
            [rest @ .., last] => format!("{s} mellem {} og {last}", rest.join(", ")),
        };
        format!("{place} ({})", crate::display::distance_da(self.length_m))
    }
}

/// A partner (or meal route) and the uncovered stretches it sees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerEyes {
    #[serde(flatten)]
    pub seer: Seer,
    /// The partner type's Danish and English labels.
    pub partner_type_da: Option<&'static str>,
    pub partner_type_en: Option<&'static str>,
    /// Uncovered length it sees in the area, and the dwellings along it.
    pub length_m: f64,
    pub dwellings: i64,
    /// Longest first.
    pub stretches: Vec<Stretch>,
}

impl PartnerEyes {
    /// "Spørg Madservice Vest om Ribe Landevej fra … (340 m), Bolbrovej (120 m) og 2 stræk mere".
    pub fn ask_da(&self, show: usize) -> String {
        let listed: Vec<String> = self.stretches.iter().take(show).map(Stretch::describe_da).collect();
        let more = self.stretches.len().saturating_sub(show);
        let list = match listed.split_last() {
            Some((last, rest)) if !rest.is_empty() && more == 0 => format!("{} og {last}", rest.join(", ")),
            _ => listed.join(", "),
        };
        let tail = if more > 0 { format!(" og {more} stræk mere") } else { String::new() };
        format!("Spørg {} om {list}{tail}", self.seer.name)
    }
}

/// The housing areas' types, for "what kind of home is here".
pub struct HousingTypes(Vec<(Rect<f64>, MultiPolygon<f64>, Vec<&'static str>)>);

impl HousingTypes {
    pub fn new(p: &Project) -> Result<HousingTypes> {
        let mut out = Vec::new();
        for f in p.features(Layer::HousingAreas)? {
            let types: Vec<&'static str> = f
                .text(housing_areas::HOUSING_TYPES)
                .into_iter()
                .flat_map(|t| t.split(','))
                .filter_map(|t| vocab::find(vocab::HOUSING_TYPES, t.trim()).map(|t| t.code))
                .collect();
            if let (Some(Geometry::MultiPolygon(mp)), false) = (f.geometry, types.is_empty())
                && let Some(r) = mp.bounding_rect()
            {
                out.push((r, mp, types));
            }
        }
        Ok(HousingTypes(out))
    }

    fn at(&self, c: Coord<f64>) -> impl Iterator<Item = &'static str> + '_ {
        self.0
            .iter()
            .filter(move |(r, mp, _)| r.contains(&c) && mp.contains(&geo_types::Point(c)))
            .flat_map(|(_, _, t)| t.iter().copied())
    }
}

/// What one uncovered segment holds, computed once for all partners.
struct Segment {
    road: i64,
    /// Its street's name ([`Network::street_name`]), the key stretches group by.
    street: String,
    length_m: f64,
    dwellings: Vec<(i64, i64)>,
    types: BTreeSet<&'static str>,
}

/// Every partner and meal route that sees uncovered streets of `area` where
/// people live, the most seen length first.
pub fn partners_eyes(ctx: &Context<'_>, area: &MultiPolygon<f64>, housing: &HousingTypes) -> Vec<PartnerEyes> {
    let net = ctx.net;
    let parts = ctx.uncovered_parts(area);
    let mut segments: HashMap<u32, Segment> = HashMap::new();
    let mut out = Vec::new();
    for seen in &ctx.seen_by {
        let Some(sees) = vocab::partner_sees_homes(seen.seer.partner_type) else { continue };
        let edges: Vec<u32> = parts
            .iter()
            .filter(|(e, inside)| {
                let road = net.edges[*e as usize].road_fid;
                seen.roads.get(&road).is_some_and(|iv| total(&intersect(iv, inside)) >= 0.5 * total(inside))
            })
            .map(|(e, _)| *e)
            .collect();
        if edges.is_empty() {
            continue;
        }
        for &e in &edges {
            segments.entry(e).or_insert_with(|| {
                let inside = &parts[parts.binary_search_by_key(&e, |p| p.0).expect("a part")].1;
                segment(ctx, housing, net.edges[e as usize].road_fid, inside)
            });
        }
        let mut stretches: Vec<Stretch> = group(net, &segments, &edges)
            .into_iter()
            .filter_map(|g| stretch(net, &segments, &g))
            .filter(|s| s.length_m >= MIN_STRETCH_M)
            .filter(|s| match sees {
                Some(types) => s.housing_types.iter().any(|t| types.contains(t)),
                None => s.dwellings > 0 || !s.housing_types.is_empty() || !ctx.knows_dwellings(),
            })
            .collect();
        if stretches.is_empty() {
            continue;
        }
        stretches.sort_by(|a, b| b.length_m.total_cmp(&a.length_m).then_with(|| a.street.cmp(&b.street)));
        let t = seen.seer.partner_type.and_then(|c| vocab::find(vocab::PARTNER_TYPES, c));
        out.push(PartnerEyes {
            seer: seen.seer.clone(),
            partner_type_da: t.map(|t| t.da),
            partner_type_en: t.map(|t| t.en),
            length_m: stretches.iter().map(|s| s.length_m).sum(),
            dwellings: stretches.iter().map(|s| s.dwellings).sum(),
            stretches,
        });
    }
    out.sort_by(|a, b| b.length_m.total_cmp(&a.length_m).then_with(|| a.seer.name.cmp(&b.seer.name)));
    out
}

fn segment(ctx: &Context<'_>, housing: &HousingTypes, road: i64, inside: &[(f64, f64)]) -> Segment {
    let mut dwellings = Vec::new();
    let mut types = BTreeSet::new();
    for &(a, b) in inside {
        for (fid, n, use_code) in ctx.dwellings_along(road, a, b) {
            dwellings.push((fid, n));
            types.extend(vocab::housing_type_of_use(use_code));
        }
        if let Some(line) = ctx.net.road_line(road) {
            types.extend(housing.at(point_at(line, 0.5 * (a + b))));
        }
    }
    Segment { road, street: ctx.net.street_name(road), length_m: total(inside), dwellings, types }
}

/// The seen segments grouped into stretches: one street (by its label), joined where they meet.
fn group(net: &Network, segments: &HashMap<u32, Segment>, edges: &[u32]) -> Vec<Vec<u32>> {
    let label = |e: u32| segments[&e].street.as_str();
    let mut by_node: HashMap<u32, Vec<u32>> = HashMap::new();
    for &e in edges {
        let ed = &net.edges[e as usize];
        by_node.entry(ed.a).or_default().push(e);
        by_node.entry(ed.b).or_default().push(e);
    }
    let mut done: HashSet<u32> = HashSet::new();
    let mut out = Vec::new();
    for &start in edges {
        if !done.insert(start) {
            continue;
        }
        let name = label(start);
        let mut g = vec![start];
        let mut i = 0;
        while i < g.len() {
            let ed = &net.edges[g[i] as usize];
            for n in [ed.a, ed.b] {
                for &o in &by_node[&n] {
                    if !done.contains(&o) && label(o) == name {
                        done.insert(o);
                        g.push(o);
                    }
                }
            }
            i += 1;
        }
        out.push(g);
    }
    out
}

fn stretch(net: &Network, segments: &HashMap<u32, Segment>, g: &[u32]) -> Option<Stretch> {
    let street = segments.get(&g[0])?.street.clone();
    let mut ends: HashMap<u32, usize> = HashMap::new();
    for &e in g {
        let ed = &net.edges[e as usize];
        *ends.entry(ed.a).or_default() += 1;
        *ends.entry(ed.b).or_default() += 1;
    }
    let mut ends: Vec<u32> = ends.into_iter().filter(|&(_, n)| n == 1).map(|(n, _)| n).collect();
    ends.sort_by(|a, b| {
        let (p, q) = (net.nodes[*a as usize], net.nodes[*b as usize]);
        p.x.total_cmp(&q.x).then(p.y.total_cmp(&q.y))
    });
    let mut cross_streets: Vec<String> = Vec::new();
    for n in ends {
        if let Some(c) = cross_street(net, n, &street)
            && !cross_streets.contains(&c)
        {
            cross_streets.push(c);
        }
    }
    let mut seen_buildings = HashSet::new();
    let mut dwellings = 0;
    let mut types = BTreeSet::new();
    let mut length_m = 0.0;
    for e in g {
        let s = segments.get(e)?;
        debug_assert_eq!(s.road, net.edges[*e as usize].road_fid);
        length_m += s.length_m;
        types.extend(s.types.iter().copied());
        for &(fid, n) in &s.dwellings {
            if seen_buildings.insert(fid) {
                dwellings += n;
            }
        }
    }
    Some(Stretch {
        street,
        cross_streets,
        length_m,
        dwellings,
        housing_types: types.into_iter().collect(),
        edges: g.to_vec(),
    })
}

/// The name of the longest other street meeting `node`, if any.
fn cross_street(net: &Network, node: u32, street: &str) -> Option<String> {
    net.adj[node as usize]
        .iter()
        .map(|&(e, _)| net.edges[e as usize].road_fid)
        .filter_map(|fid| {
            let info = net.roads.get(&fid)?;
            let name = info.street_label()?;
            (name != street).then_some((info.length, name))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
        .map(|(_, n)| n)
}
