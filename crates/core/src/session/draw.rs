//! Drawing and editing features from the map: the attribute forms (built
//! from the layer schema and vocabularies, so the UI copies no list), new
//! features, new shapes, deletion, and snapping a pointer to roads and to
//! other areas.
//!
//! Geometries come and go as GeoJSON in WGS84 lon/lat (what the map speaks)
//! and are stored in the project CRS. Every change is one undoable edit
//! labelled in Danish with the feature's name.

use super::{Session, feature_title};
use crate::crs::{Transform, WGS84};
use crate::error::{Error, Result};
use crate::model::{Feature, FieldType, GeomKind, Layer};
use geo::{Closest, ClosestPoint, Distance, Euclidean};
use geo_types::{Coord, Geometry, Line, Point};
use serde::Serialize;
use serde_json::{Map, Value};

/// The layers a team draws by hand, in the order the draw menu offers them.
pub const DRAWABLE: &[Layer] = &[
    Layer::FocusAreas,
    Layer::HousingAreas,
    Layer::VisitedZones,
    Layer::MealRoutes,
    Layer::Partners,
    Layer::VisitingPlaces,
    Layer::Channels,
];

/// Fields a drawn feature must have: a name people can find it by, and the
/// type that decides its symbol and whether the blind-spot analysis counts it.
pub fn required_fields(layer: Layer) -> &'static [&'static str] {
    match layer {
        Layer::Partners => &["name", "partner_type"],
        Layer::VisitingPlaces => &["name", "place_type"],
        Layer::Channels => &["name", "channel_type"],
        Layer::VisitedZones => &["date"],
        l if DRAWABLE.contains(&l) => &["name"],
        _ => &[],
    }
}

/// One choice of a code field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormOption {
    pub code: &'static str,
    pub da: &'static str,
    pub en: &'static str,
    /// The project's colour for this code (contact status), if it has one.
    pub colour: Option<String>,
}

/// One field of an attribute form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormField {
    pub name: &'static str,
    pub label: &'static str,
    /// "text", "code", "codes", "integer", "real", "date", "month" or "bool".
    pub kind: &'static str,
    pub options: Vec<FormOption>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub required: bool,
    /// Left out of exports unless asked for (notes, contact persons).
    pub private: bool,
}

/// The attribute form of a layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerForm {
    pub table: &'static str,
    pub label: &'static str,
    pub label_en: &'static str,
    /// "point", "line" or "polygon": the drawing tool to use.
    pub geometry: &'static str,
    pub fields: Vec<FormField>,
}

/// A snapped pointer: where, and to what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapped {
    pub lon: f64,
    pub lat: f64,
    /// "vertex" (a corner of another area), "road_vertex", "edge" or "road".
    pub kind: &'static str,
    pub distance_m: f64,
}

/// The largest snapping radius asked for: beyond this, snapping surprises.
const MAX_SNAP_M: f64 = 100.0;

fn geometry_word(kind: GeomKind) -> &'static str {
    match kind {
        GeomKind::Point => "point",
        GeomKind::LineString => "line",
        GeomKind::MultiPolygon => "polygon",
    }
}

/// Is the field one people fill in (not a register id or a link kept by the app)?
pub(super) fn in_form(fd: &crate::model::FieldDef) -> bool {
    !matches!(fd.ty, FieldType::Ident) && !matches!(fd.ty, FieldType::Integer { max, .. } if max == i64::MAX)
}

fn form_field(
    layer: Layer,
    fd: &crate::model::FieldDef,
    colours: &std::collections::BTreeMap<String, String>,
) -> Option<FormField> {
    if !in_form(fd) {
        return None;
    }
    let options = |v: crate::vocab::Vocabulary| {
        v.iter()
            .map(|t| FormOption {
                code: t.code,
                da: t.da,
                en: t.en,
                colour: if fd.name == "contact_status" { colours.get(t.code).cloned() } else { None },
            })
            .collect()
    };
    let (kind, opts, min, max) = match fd.ty {
        FieldType::Text => ("text", vec![], None, None),
        // Register ids and links are kept by imports and the app, not typed by people.
        FieldType::Ident => return None,
        FieldType::Code(v) => ("code", options(v), None, None),
        FieldType::Codes(v) => ("codes", options(v), None, None),
        FieldType::Integer { min, max } => ("integer", vec![], Some(min as f64), Some(max as f64)),
        FieldType::Real { min, max } => ("real", vec![], Some(min), Some(max)),
        FieldType::Date => ("date", vec![], None, None),
        FieldType::Month => ("month", vec![], None, None),
        FieldType::Bool => ("bool", vec![], None, None),
    };
    Some(FormField {
        name: fd.name,
        label: fd.da,
        kind,
        options: opts,
        min,
        max,
        required: required_fields(layer).contains(&fd.name),
        private: fd.private,
    })
}

/// Refuses a feature without a required field, naming the field in Danish.
fn check_required(layer: Layer, attrs: &Map<String, Value>) -> Result<()> {
    for name in required_fields(layer) {
        let empty = match attrs.get(*name) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            _ => false,
        };
        if empty {
            let label = layer.field(name).map_or(*name, |f| f.da);
            return Err(Error::invalid(*name, format!("{label} skal udfyldes")));
        }
    }
    Ok(())
}

/// A GeoJSON geometry in lon/lat → the project CRS, with the layer's shape.
fn geometry_in(s: &Session, g: &geojson::Geometry) -> Result<Geometry<f64>> {
    let g: Geometry<f64> =
        g.clone().try_into().map_err(|e: geojson::Error| Error::Geometry(format!("geometrien kan ikke læses: {e}")))?;
    crate::geom::check_finite(&g)?;
    Transform::new(WGS84, s.project.settings().srs_id as u32)?.geometry(&g)
}

/// A geometry in the project CRS → GeoJSON in lon/lat.
pub(super) fn geometry_out(s: &Session, g: &Geometry<f64>) -> Result<geojson::Geometry> {
    let g = Transform::new(s.project.settings().srs_id as u32, WGS84)?.geometry(g)?;
    Ok(geojson::Geometry::from(&g))
}

impl Session {
    /// The attribute forms of the drawable layers, from the schema and the
    /// vocabularies (with the project's contact-status colours).
    pub fn forms(&self) -> Vec<LayerForm> {
        let colours = &self.project.settings().status_colours;
        DRAWABLE
            .iter()
            .map(|&layer| {
                let def = layer.def();
                LayerForm {
                    table: def.table,
                    label: def.da,
                    label_en: def.en,
                    geometry: geometry_word(def.geom),
                    fields: def.fields.iter().filter_map(|fd| form_field(layer, fd, colours)).collect(),
                }
            })
            .collect()
    }

    /// Stores a drawn feature (geometry in lon/lat) with its form's values:
    /// one undoable edit. Returns the new fid and the edit's label.
    pub fn add_feature(
        &mut self,
        layer: Layer,
        geometry: &geojson::Geometry,
        attrs: Map<String, Value>,
    ) -> Result<(i64, String)> {
        if !DRAWABLE.contains(&layer) {
            return Err(Error::invalid("layer", format!("{} tegnes ikke i hånden", layer.def().da)));
        }
        let attrs: Map<String, Value> = attrs.into_iter().filter(|(_, v)| !is_blank(v)).collect();
        check_required(layer, &attrs)?;
        let g = geometry_in(self, geometry)?;
        let mut f = Feature::new(g);
        f.attrs = attrs;
        let title = f.str("name").map(String::from).unwrap_or_else(|| layer.def().da.to_string());
        let label = format!("Tegn {}: {title}", singular(layer));
        let fid = self.change(|s| s.project.edit(&label, |ed| ed.insert(layer, f)))?;
        Ok((fid, label))
    }

    /// Gives a feature a new shape (lon/lat), keeping its attributes: one undoable edit.
    pub fn update_geometry(&mut self, layer: Layer, fid: i64, geometry: &geojson::Geometry) -> Result<String> {
        let g = geometry_in(self, geometry)?;
        let mut f = self.project.feature(layer, fid)?;
        let label = format!("Ret form på {}: {}", singular(layer), feature_title(layer, &f));
        f.geometry = Some(g);
        self.change(|s| s.project.edit(&label, |ed| ed.update(layer, fid, f)))?;
        Ok(label)
    }

    /// Deletes a feature: one undoable edit.
    pub fn delete_feature(&mut self, layer: Layer, fid: i64) -> Result<String> {
        let f = self.project.feature(layer, fid)?;
        let label = format!("Slet {}: {}", singular(layer), feature_title(layer, &f));
        self.change(|s| s.project.edit(&label, |ed| ed.delete(layer, fid)))?;
        Ok(label)
    }

    /// A feature's full geometry in lon/lat (the tiles hold a simplified one), for editing its shape.
    pub fn feature_geometry(&self, layer: Layer, fid: i64) -> Result<geojson::Geometry> {
        let f = self.project.feature(layer, fid)?;
        match &f.geometry {
            Some(g) => geometry_out(self, g),
            None => Err(Error::Geometry(format!("{} har ingen geometri", feature_title(layer, &f)))),
        }
    }

    /// Snaps a pointer (lon/lat) within `radius_m`: to a corner of another
    /// area or of a road first (so neighbouring areas share corners and
    /// areas turn at junctions), else to the nearest point on an area's edge
    /// or a road's centre line. `None` when nothing is that close.
    /// `except` leaves out the feature being edited.
    pub fn snap(&self, at: (f64, f64), radius_m: f64, except: Option<(Layer, i64)>) -> Result<Option<Snapped>> {
        if !(radius_m.is_finite() && radius_m > 0.0) {
            return Err(Error::invalid("radius", "snapafstanden skal være over 0 m"));
        }
        let r = radius_m.min(MAX_SNAP_M);
        let c = self.to_project(at)?;
        let p = Point(c);
        let idx = self.project.index();
        let bbox = [c.x - r, c.y - r, c.x + r, c.y + r];
        let mut best_vertex: Option<(f64, Coord<f64>, &'static str)> = None;
        let mut best_edge: Option<(f64, Coord<f64>, &'static str)> = None;
        let consider = |best: &mut Option<(f64, Coord<f64>, &'static str)>, d: f64, q: Coord<f64>, kind| {
            if d <= r && best.is_none_or(|(bd, _, _)| d < bd) {
                *best = Some((d, q, kind));
            }
        };
        for layer in [Layer::FocusAreas, Layer::HousingAreas, Layer::VisitedZones, Layer::Roads] {
            let (vertex_kind, edge_kind) =
                if layer == Layer::Roads { ("road_vertex", "road") } else { ("vertex", "edge") };
            for fid in idx.in_bbox(layer, bbox) {
                if except == Some((layer, fid)) {
                    continue;
                }
                let Some(g) = idx.geometry(layer, fid) else { continue };
                for line in lines_of(g) {
                    for q in [line.start, line.end] {
                        consider(&mut best_vertex, Euclidean.distance(&p, &Point(q)), q, vertex_kind);
                    }
                    if let Closest::Intersection(q) | Closest::SinglePoint(q) = line.closest_point(&p) {
                        consider(&mut best_edge, Euclidean.distance(&p, &q), q.0, edge_kind);
                    }
                }
            }
        }
        // A corner wins when it is near enough to mean it: within half the radius.
        let pick = match (best_vertex, best_edge) {
            (Some(v), _) if v.0 <= r / 2.0 => Some(v),
            (_, Some(e)) => Some(e),
            (v, None) => v,
        };
        let Some((d, q, kind)) = pick else { return Ok(None) };
        let back = Transform::new(self.project.settings().srs_id as u32, WGS84)?.coord(q)?;
        Ok(Some(Snapped { lon: back.x, lat: back.y, kind, distance_m: d }))
    }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The straight pieces of a line or of every ring of a polygon.
fn lines_of(g: &Geometry<f64>) -> Vec<Line<f64>> {
    let rings = |p: &geo_types::Polygon<f64>| -> Vec<Line<f64>> {
        std::iter::once(p.exterior()).chain(p.interiors()).flat_map(|r| r.lines()).collect()
    };
    match g {
        Geometry::LineString(l) => l.lines().collect(),
        Geometry::Polygon(p) => rings(p),
        Geometry::MultiPolygon(mp) => mp.0.iter().flat_map(rings).collect(),
        _ => Vec::new(),
    }
}

/// The Danish singular for labels ("Tegn fokusområde: Vollsmose").
fn singular(layer: Layer) -> &'static str {
    match layer {
        Layer::FocusAreas => "fokusområde",
        Layer::HousingAreas => "boligområde",
        Layer::VisitedZones => "besøgt zone",
        Layer::MealRoutes => "madrute",
        Layer::Partners => "samarbejdspartner",
        Layer::VisitingPlaces => "besøgssted",
        Layer::Channels => "kanal",
        Layer::Roads => "vej",
        Layer::Buildings => "bygning",
        Layer::Coverage => "dækning",
        Layer::Boundary => "kommunegrænse",
        Layer::RuralPlaces => "landsted",
        Layer::GpsTracks => "GPS-spor",
        Layer::PartnerReach => "rækkevidde",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_drawable_layer_has_its_required_fields_in_its_form() {
        for &layer in DRAWABLE {
            for name in required_fields(layer) {
                assert!(layer.field(name).is_some(), "{layer:?} has no field {name}");
            }
        }
    }

    #[test]
    fn blank_required_fields_are_refused_with_the_danish_label() {
        let mut m = Map::new();
        m.insert("name".into(), "  ".into());
        let e = check_required(Layer::Partners, &m).unwrap_err().to_string();
        assert!(e.contains("Organisation skal udfyldes"), "{e}");
        m.insert("name".into(), "Fakta".into());
        let e = check_required(Layer::Partners, &m).unwrap_err().to_string();
        assert!(e.contains("Type skal udfyldes"), "{e}");
        m.insert("partner_type".into(), "grocer".into());
        check_required(Layer::Partners, &m).unwrap();
    }
}
