//! The places that can be blind spots: dwellings by BBR use code, housing
//! areas by type, OpenStreetMap hamlets and isolated dwellings, and rural
//! plots derived from the buildings themselves.
//!
//! Every candidate carries a type code from our vocabularies (a housing type,
//! or `hamlet`/`isolated_dwelling` for rural places), which is what the
//! ranking weighs.

use super::cluster::single_link;
use super::reach::AreaSet;
use crate::error::Result;
use crate::fields::{areas, housing_areas, rural_places};
use crate::model::Layer;
use crate::store::{BlindSpotSettings, Project};
use crate::vocab;
use crate::vocab::{housing_type_of_use, is_residential_use};
use geo::InteriorPoint;
use geo_types::{Coord, Geometry, MultiPolygon};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A residential building (BBR).
    Building,
    /// A drawn or imported housing area.
    HousingArea,
    /// An OpenStreetMap `place=hamlet|isolated_dwelling|farm`.
    RuralPlace,
    /// Ordinary dwellings far from other dwellings (derived; see [`BlindSpotSettings`]).
    RuralPlot,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Building => "building",
            Kind::HousingArea => "housing_area",
            Kind::RuralPlace => "rural_place",
            Kind::RuralPlot => "rural_plot",
        }
    }

    pub fn da(self) -> &'static str {
        match self {
            Kind::Building => "bygning",
            Kind::HousingArea => "boligområde",
            Kind::RuralPlace => "landsby/enkeltliggende bolig (OSM)",
            Kind::RuralPlot => "enkeltliggende bolig på landet",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub kind: Kind,
    /// A housing-type code, or `hamlet` / `isolated_dwelling`: always a code
    /// of our vocabularies, so borrowed from them (no string per building).
    pub type_code: &'static str,
    /// Where it is (a building's point, an area's interior point).
    pub at: Coord<f64>,
    /// The polygon of an area candidate.
    pub area: Option<MultiPolygon<f64>>,
    pub dwellings: i64,
    pub layer: Layer,
    pub fid: i64,
    pub use_code: Option<i64>,
    pub name: Option<String>,
}

/// Ordinary dwellings: the ones a rural plot is made of (farms, dormitories
/// and the like keep their own type wherever they are).
fn is_ordinary(use_code: i64) -> bool {
    matches!(use_code, 120..=122 | 130..=132 | 140 | 190)
}

struct Dwelling {
    fid: i64,
    at: Coord<f64>,
    use_code: i64,
    dwellings: i64,
}

/// Every candidate place of the project.
pub fn candidates(p: &Project, s: &BlindSpotSettings) -> Result<Vec<Candidate>> {
    let idx = p.index();
    let housing: Vec<_> = p.features(Layer::HousingAreas)?;
    let housing_set = AreaSet::new(
        housing
            .iter()
            .filter_map(|f| match (&f.fid, &f.geometry) {
                (Some(fid), Some(Geometry::MultiPolygon(mp))) => Some((*fid, mp.clone())),
                _ => None,
            })
            .collect(),
    );
    // Stored codes were checked against the vocabulary on write.
    let housing_types: HashMap<i64, Vec<&'static str>> = housing
        .iter()
        .filter_map(|f| {
            let types = f
                .text(housing_areas::HOUSING_TYPES)?
                .split(',')
                .filter_map(|t| vocab::find(vocab::HOUSING_TYPES, t).map(|t| t.code))
                .collect();
            Some((f.fid?, types))
        })
        .collect();
    // The most weighted type of the housing areas containing a point.
    let area_type = |c: Coord<f64>| -> Option<&'static str> {
        housing_set
            .containing(c)
            .flat_map(|i| housing_types.get(&housing_set.areas[i].0).into_iter().flatten())
            .max_by(|a, b| s.weight(a).total_cmp(&s.weight(b)).then(b.cmp(a)))
            .cloned()
    };

    // Only three columns of millions of buildings: scan them, and take the
    // points from the spatial index, which holds them decoded already.
    let mut dwellings = Vec::new();
    p.scan(Layer::Buildings, &["use_code", "dwellings"], |fid, r| {
        let Some(use_code) = r.i64(0) else { return };
        if housing_type_of_use(use_code).is_none() {
            return;
        }
        let Some(Geometry::Point(pt)) = idx.geometry(Layer::Buildings, fid) else { return };
        let n = if is_residential_use(use_code) { r.i64(1).unwrap_or(1).max(1) } else { 1 };
        dwellings.push(Dwelling { fid, at: pt.0, use_code, dwellings: n });
    })?;

    // Rural plots: single-linkage groups of dwellings with few dwellings in all.
    let points: Vec<Coord<f64>> = dwellings.iter().map(|d| d.at).collect();
    let roots = single_link(&points, s.rural_link_m);
    // Group ids are point indices, so a plain vector counts them.
    let mut group_size = vec![0i64; dwellings.len()];
    for (d, r) in dwellings.iter().zip(&roots) {
        group_size[*r as usize] += d.dwellings;
    }

    let mut out = Vec::with_capacity(dwellings.len());
    for (d, root) in dwellings.iter().zip(&roots) {
        let bbr_type = housing_type_of_use(d.use_code).expect("filtered above");
        let rural = is_ordinary(d.use_code) && group_size[*root as usize] <= s.rural_max_dwellings as i64;
        let (kind, type_code) = if rural {
            (Kind::RuralPlot, "isolated_dwelling")
        } else if bbr_type == "other" {
            // A multi-storey or "other" dwelling says nothing of tenure; a
            // typed housing area around it does.
            (Kind::Building, area_type(d.at).unwrap_or(bbr_type))
        } else {
            (Kind::Building, bbr_type)
        };
        out.push(Candidate {
            kind,
            type_code,
            at: d.at,
            area: None,
            dwellings: d.dwellings,
            layer: Layer::Buildings,
            fid: d.fid,
            use_code: Some(d.use_code),
            name: None,
        });
    }

    let dwellings_at: HashMap<i64, i64> = dwellings.iter().map(|d| (d.fid, d.dwellings)).collect();
    for f in &housing {
        let (Some(fid), Some(Geometry::MultiPolygon(mp))) = (f.fid, &f.geometry) else { continue };
        let Some(types) = housing_types.get(&fid) else { continue };
        let Some(t) = types.iter().max_by(|a, b| s.weight(a).total_cmp(&s.weight(b)).then(b.cmp(a))) else { continue };
        let Some(at) = mp.interior_point() else { continue };
        let inside: i64 =
            mp.0.iter()
                .flat_map(|poly| idx.in_polygon(Layer::Buildings, poly))
                .filter_map(|b| dwellings_at.get(&b))
                .sum();
        out.push(Candidate {
            kind: Kind::HousingArea,
            type_code: t,
            at: at.0,
            area: Some(mp.clone()),
            dwellings: inside,
            layer: Layer::HousingAreas,
            fid,
            use_code: None,
            name: f.text(areas::NAME).map(String::from),
        });
    }

    for f in p.features(Layer::RuralPlaces)? {
        let (Some(fid), Some(Geometry::Point(pt))) = (f.fid, &f.geometry) else { continue };
        let type_code = match f.text(rural_places::PLACE_KIND) {
            Some("farm") => "farm",
            Some("hamlet") => "hamlet",
            _ => "isolated_dwelling",
        };
        let near = idx.in_bbox(
            Layer::Buildings,
            [pt.x() - s.rural_link_m, pt.y() - s.rural_link_m, pt.x() + s.rural_link_m, pt.y() + s.rural_link_m],
        );
        let n: i64 = near.iter().filter_map(|b| dwellings_at.get(b)).sum();
        out.push(Candidate {
            kind: Kind::RuralPlace,
            type_code,
            at: pt.0,
            area: None,
            dwellings: n.max(1),
            layer: Layer::RuralPlaces,
            fid,
            use_code: None,
            name: f.text(rural_places::NAME).map(String::from),
        });
    }
    Ok(out)
}
