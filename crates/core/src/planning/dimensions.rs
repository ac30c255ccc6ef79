//! The five mapping dimensions of a focus area (DOMAIN.md): housing areas,
//! area characteristics, visiting places, partners, channels. Each is counted
//! from the data actually in the area and shown beside the team's own mark
//! and notes, so an empty dimension is visible even when someone marked it
//! "i høj grad".

use crate::coverage::intervals::PreparedArea;
use crate::error::Result;
use crate::fields::{channels, housing_areas, partners};
use crate::model::{Feature, Layer};
use crate::store::Project;
use crate::vocab;
use geo::{Distance, Euclidean, Intersects};
use geo_types::{Geometry, MultiPolygon};
use serde::Serialize;

pub const DIMENSIONS: [(&str, &str); 5] = [
    ("housing", "Boligområder"),
    ("characteristics", "Særlige målgruppekarakteristika"),
    ("places", "Besøgs- og opholdssteder"),
    ("partners", "Samarbejdspartnere"),
    ("channels", "Kommunikationskanaler"),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dimension {
    pub code: &'static str,
    pub label: &'static str,
    /// Features in the area that fill this dimension.
    pub count: usize,
    /// The team's completeness mark (SCALE5 code) and its label.
    pub mark: Option<String>,
    pub mark_label: Option<&'static str>,
    pub has_notes: bool,
    /// Nothing in the data and no notes.
    pub empty: bool,
}

/// Does the partner work in the area: it stands inside, or its reach radius
/// meets the area? (Shared by the dimensions and the next-steps summary.)
pub fn partner_in_area(f: &Feature, area: &MultiPolygon<f64>, prepared: &PreparedArea) -> bool {
    match &f.geometry {
        Some(Geometry::Point(pt)) => {
            prepared.contains(pt.0) || f.real(partners::REACH_M).is_some_and(|r| Euclidean.distance(pt, area) <= r)
        }
        _ => false,
    }
}

fn point_in(f: &Feature, prepared: &PreparedArea) -> bool {
    matches!(&f.geometry, Some(Geometry::Point(p)) if prepared.contains(p.0))
}

/// The five dimensions of the focus area `area` (feature `focus`).
pub fn dimensions(p: &Project, focus: &Feature, area: &MultiPolygon<f64>) -> Result<Vec<Dimension>> {
    let prepared = PreparedArea::new(area);
    let housing: Vec<Feature> = p
        .features(Layer::HousingAreas)?
        .into_iter()
        .filter(|f| matches!(&f.geometry, Some(Geometry::MultiPolygon(mp)) if mp.intersects(area)))
        .collect();
    let characteristics = housing
        .iter()
        .filter(|f| {
            f.text(housing_areas::CHARACTERISTICS).is_some_and(|s| !s.trim().is_empty())
                || f.text(housing_areas::FLAGS).is_some_and(|s| !s.is_empty())
        })
        .count();
    let places = p.features(Layer::VisitingPlaces)?.iter().filter(|f| point_in(f, &prepared)).count();
    let partners = p.features(Layer::Partners)?.iter().filter(|f| partner_in_area(f, area, &prepared)).count();
    let housing_fids: Vec<i64> = housing.iter().filter_map(|f| f.fid).collect();
    let channels = p
        .features(Layer::Channels)?
        .iter()
        .filter(|f| {
            point_in(f, &prepared)
                || match (f.text(channels::AREA_LAYER), f.int(channels::AREA_FID)) {
                    (Some("focus_areas"), Some(a)) => Some(a) == focus.fid,
                    (Some("housing_areas"), Some(a)) => housing_fids.contains(&a),
                    _ => false,
                }
        })
        .count();
    let counts = [housing.len(), characteristics, places, partners, channels];
    Ok(DIMENSIONS
        .iter()
        .zip(counts)
        .map(|(&(code, label), count)| {
            let mark = focus.str(&format!("dim_{code}_mark")).map(String::from);
            let has_notes = focus.str(&format!("dim_{code}_notes")).is_some_and(|s| !s.trim().is_empty());
            Dimension {
                code,
                label,
                count,
                mark_label: mark.as_deref().and_then(|m| vocab::label_da(vocab::SCALE5, m)),
                mark,
                has_notes,
                empty: count == 0 && !has_notes,
            }
        })
        .collect())
}
