//! The properties each map layer carries in a tile: what the map styles by
//! and what a label shows, nothing more (the inspector asks for the rest).
//! Read per layer in one column scan and cached by the layer's revision.

use crate::error::Result;
use crate::model::Layer;
use crate::store::Project;
use geozero::mvt::TileValue;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub enum PropValue {
    Str(String),
    Int(i64),
}

impl PropValue {
    pub fn to_tile(&self) -> TileValue {
        match self {
            PropValue::Str(s) => TileValue::Str(s.clone()),
            PropValue::Int(i) => TileValue::Int(*i),
        }
    }
}

/// Per fid, the properties in tile order.
pub type LayerProps = HashMap<i64, Vec<(&'static str, PropValue)>>;

/// How prominent a road is, 1 (through traffic) to 5 (paths and driveways),
/// from GeoDanmark's VEJKLASSE or OSM's highway tag: widths by zoom, and
/// which roads a zoomed-out map shows.
pub fn road_rank(class: Option<&str>) -> i64 {
    match class.unwrap_or("") {
        "Trafikvej-Gennemfart" | "motorway" | "trunk" | "primary" | "motorway_link" | "trunk_link" => 1,
        "Trafikvej-Fordeling" | "secondary" | "tertiary" | "primary_link" | "secondary_link" => 2,
        "Lokalvej-Primær" | "Lokalvej-Sekundær" | "residential" | "unclassified" | "tertiary_link" => 3,
        "Lokalvej-Tertiær" | "Anden vej" | "service" | "living_street" | "pedestrian" => 4,
        "Indkørselsvej" | "Hovedsti" | "Sti" | "footway" | "cycleway" | "path" | "track" | "steps" | "bridleway" => 5,
        _ => 3,
    }
}

/// The kind of building the map marks: dwellings of the types outreach
/// overlooks (DOMAIN.md) stand out from ordinary houses and non-dwellings.
pub fn building_kind(use_code: Option<i64>) -> &'static str {
    match use_code.and_then(crate::vocab::housing_type_of_use) {
        Some("dormitory") => "dormitory",
        Some("farm") => "farmhouse",
        Some("allotment") => "allotment",
        Some("holiday_home") => "holiday",
        Some("institution") => "institution",
        Some(_) => "dwelling",
        None => "other",
    }
}

/// Reads the tile properties of every feature of `layer`. Coverage is
/// "recent" when dated within the project's recency window before `today`,
/// else "earlier".
pub fn read(p: &Project, layer: Layer, today: &str) -> Result<LayerProps> {
    let mut out = LayerProps::new();
    let s = |v: Option<&str>| v.filter(|t| !t.is_empty()).map(|t| PropValue::Str(t.to_string()));
    match layer {
        Layer::Roads => p.scan(layer, &["name", "road_class"], |fid, r| {
            let mut v = Vec::with_capacity(3);
            if let Some(n) = s(r.str(0)) {
                v.push(("name", n));
            }
            if let Some(c) = s(r.str(1)) {
                v.push(("class", c));
            }
            v.push(("rank", PropValue::Int(road_rank(r.str(1)))));
            out.insert(fid, v);
        })?,
        Layer::Buildings => p.scan(layer, &["use_code"], |fid, r| {
            let mut v = vec![("kind", PropValue::Str(building_kind(r.i64(0)).into()))];
            if let Some(u) = r.i64(0) {
                v.push(("use_code", PropValue::Int(u)));
            }
            out.insert(fid, v);
        })?,
        Layer::Coverage => {
            let cutoff = crate::coverage::figures::cutoff(today, p.settings().recency_days)?;
            p.scan(layer, &["date", "method"], |fid, r| {
                let date = r.str(0).unwrap_or("");
                let state = if date >= cutoff.as_str() && date <= today { "recent" } else { "earlier" };
                let mut v = vec![("state", PropValue::Str(state.into()))];
                v.extend(s(r.str(0)).map(|d| ("date", d)));
                v.extend(s(r.str(1)).map(|m| ("method", m)));
                out.insert(fid, v);
            })?
        }
        // The priority the map colours by: the team's, else the four criteria's
        // (as the area sheet and `afdaek priorities` say), with where it came from.
        Layer::FocusAreas => {
            for f in p.features(layer)? {
                let (Some(fid), pr) = (f.fid, crate::planning::priority::of(&f)) else { continue };
                let mut v = Vec::new();
                v.extend(s(f.str("name")).map(|n| ("name", n)));
                v.extend(pr.priority.map(|n| ("priority", PropValue::Int(i64::from(n)))));
                v.extend(pr.priority_source.map(|src| ("priority_source", PropValue::Str(src.to_string()))));
                out.insert(fid, v);
            }
        }
        _ => {
            // (column, property): the name and the layer's type code, where it has them.
            let mut cols: Vec<(&'static str, &'static str)> = Vec::new();
            if layer.field("name").is_some() {
                cols.push(("name", "name"));
            }
            cols.extend(match layer {
                Layer::HousingAreas => Some(("housing_types", "housing_types")),
                Layer::Partners => Some(("partner_type", "partner_type")),
                Layer::VisitingPlaces => Some(("place_type", "place_type")),
                Layer::Channels => Some(("channel_type", "channel_type")),
                Layer::RuralPlaces => Some(("place_kind", "kind")),
                _ => None,
            });
            if layer == Layer::Partners {
                cols.push(("contact_status", "contact_status"));
            }
            if cols.is_empty() {
                return Ok(out);
            }
            let columns: Vec<&str> = cols.iter().map(|c| c.0).collect();
            p.scan(layer, &columns, |fid, r| {
                let v = cols.iter().enumerate().filter_map(|(i, c)| s(r.str(i)).map(|x| (c.1, x))).collect();
                out.insert(fid, v);
            })?
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_kinds() {
        assert_eq!(road_rank(Some("Trafikvej-Gennemfart")), 1);
        assert_eq!(road_rank(Some("Lokalvej-Sekundær")), 3);
        assert_eq!(road_rank(Some("Sti")), 5);
        assert_eq!(road_rank(Some("footway")), 5);
        assert_eq!(road_rank(None), 3);
        assert_eq!(building_kind(Some(150)), "dormitory");
        assert_eq!(building_kind(Some(110)), "farmhouse");
        assert_eq!(building_kind(Some(120)), "dwelling");
        assert_eq!(building_kind(Some(910)), "other");
    }
}
