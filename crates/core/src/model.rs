//! The domain model: which layers a project has, their geometry type and
//! their attribute schema. Features are kept generic (`Feature`: geometry +
//! attribute map) and validated against the layer's [`FieldDef`]s, so that one
//! code path stores, validates, undoes, exports and audits every layer alike,
//! while the GeoPackage still gets real typed columns that QGIS shows.
//!
//! Invariant: a `Feature` that passed [`validate`] holds only known fields,
//! values of the field's type, vocabulary codes that exist, and no CPR number
//! in any free text.

use crate::error::{Error, Result};
use crate::privacy;
use crate::vocab::{self, Vocabulary};
use geo_types::Geometry;
use serde_json::{Map, Value};

/// The geometry type of a layer's feature table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeomKind {
    Point,
    LineString,
    MultiPolygon,
}

impl GeomKind {
    /// The name GeoPackage (and OGC) use in `gpkg_geometry_columns`.
    pub fn gpkg_name(self) -> &'static str {
        match self {
            GeomKind::Point => "POINT",
            GeomKind::LineString => "LINESTRING",
            GeomKind::MultiPolygon => "MULTIPOLYGON",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldType {
    /// Free text: passes the privacy guard.
    Text,
    /// An identifier or code from a register (source id, street code, node id).
    /// Register ids are often ten-digit numbers that look like an undashed CPR
    /// number, so only the dashed CPR form (ddmmyy-xxxx) is refused here.
    Ident,
    /// A code from a vocabulary.
    Code(Vocabulary),
    /// Several codes from a vocabulary, stored comma-separated.
    Codes(Vocabulary),
    Integer {
        min: i64,
        max: i64,
    },
    Real {
        min: f64,
        max: f64,
    },
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A month, `YYYY-MM`.
    Month,
    Bool,
}

impl FieldType {
    pub fn sql_type(self) -> &'static str {
        match self {
            FieldType::Text | FieldType::Ident | FieldType::Code(_) | FieldType::Codes(_) | FieldType::Month => "TEXT",
            FieldType::Date => "DATE",
            FieldType::Integer { .. } => "INTEGER",
            FieldType::Real { .. } => "REAL",
            FieldType::Bool => "BOOLEAN",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    pub name: &'static str,
    pub ty: FieldType,
    /// Danish label for forms and reports.
    pub da: &'static str,
    /// Notes and contact persons: left out of exports unless the user asks (DOMAIN.md).
    pub private: bool,
}

const fn f(name: &'static str, ty: FieldType, da: &'static str) -> FieldDef {
    FieldDef { name, ty, da, private: false }
}
const fn private(name: &'static str, ty: FieldType, da: &'static str) -> FieldDef {
    FieldDef { name, ty, da, private: true }
}

const TEXT: FieldType = FieldType::Text;
const IDENT: FieldType = FieldType::Ident;
const DATE: FieldType = FieldType::Date;
const SCORE: FieldType = FieldType::Integer { min: 1, max: 5 };
const COUNT: FieldType = FieldType::Integer { min: 0, max: 1_000_000 };
const ID: FieldType = FieldType::Integer { min: 0, max: i64::MAX };
const fn code(v: Vocabulary) -> FieldType {
    FieldType::Code(v)
}
const fn codes(v: Vocabulary) -> FieldType {
    FieldType::Codes(v)
}

/// Every spatial layer of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Roads,
    Buildings,
    HousingAreas,
    Partners,
    PartnerReach,
    VisitingPlaces,
    Channels,
    MealRoutes,
    FocusAreas,
    VisitedZones,
    Coverage,
    Boundary,
    RuralPlaces,
    GpsTracks,
}

pub struct LayerDef {
    pub layer: Layer,
    pub table: &'static str,
    pub geom: GeomKind,
    /// May a feature have no geometry (a channel attached to an area)?
    pub geom_optional: bool,
    pub da: &'static str,
    pub en: &'static str,
    pub fields: &'static [FieldDef],
    /// The schema version that added this layer (see `store::schema`).
    pub since: i64,
}

pub const LAYERS: &[LayerDef] = &[
    LayerDef {
        layer: Layer::Roads,
        table: "roads",
        geom: GeomKind::LineString,
        geom_optional: false,
        da: "Veje",
        en: "Roads",
        fields: &[
            f("name", TEXT, "Vejnavn"),
            f("road_class", IDENT, "Vejklasse"),
            f("municipality", IDENT, "Kommunekode"),
            f("street_code", IDENT, "Vejkode"),
            f("start_node", IDENT, "Startknude"),
            f("end_node", IDENT, "Slutknude"),
            // Since schema version 3.
            f("oneway", code(vocab::ONEWAY), "Ensretning"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::Buildings,
        table: "buildings",
        geom: GeomKind::Point,
        geom_optional: false,
        da: "Bygninger",
        en: "Buildings",
        fields: &[
            f("use_code", FieldType::Integer { min: 0, max: 999 }, "BBR-anvendelse"),
            f("dwellings", COUNT, "Antal boliger"),
            f("status", IDENT, "BBR-status"),
            f("municipality", IDENT, "Kommunekode"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::HousingAreas,
        table: "housing_areas",
        geom: GeomKind::MultiPolygon,
        geom_optional: false,
        da: "Boligområder",
        en: "Housing areas",
        fields: &[
            f("name", TEXT, "Navn"),
            f("housing_types", codes(vocab::HOUSING_TYPES), "Boligtyper"),
            f("characteristics", TEXT, "Særlige karakteristika"),
            f("flags", codes(vocab::AREA_FLAGS), "Kendetegn"),
            private("notes", TEXT, "Noter"),
            f("last_reviewed", DATE, "Sidst gennemgået"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::Partners,
        table: "partners",
        geom: GeomKind::Point,
        geom_optional: false,
        da: "Samarbejdspartnere",
        en: "Partners",
        fields: &[
            f("name", TEXT, "Organisation"),
            f("partner_type", code(vocab::PARTNER_TYPES), "Type"),
            f("role", TEXT, "Rolle / hvad de ser"),
            f("contact_channel", TEXT, "Kontaktvej"),
            private("contact_person", TEXT, "Kontaktperson"),
            f("contact_status", code(vocab::CONTACT_STATUS), "Kontaktstatus"),
            f("last_contact", DATE, "Sidste kontakt"),
            f("next_contact", DATE, "Næste kontakt"),
            // Since schema version 6: who on the team keeps the contact (staff, not a citizen).
            f("responsible", TEXT, "Ansvarlig i teamet"),
            f("reach_m", FieldType::Real { min: 0.0, max: 100_000.0 }, "Rækkevidde (m)"),
            private("notes", TEXT, "Noter"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::PartnerReach,
        table: "partner_reach",
        geom: GeomKind::MultiPolygon,
        geom_optional: false,
        da: "Partneres rækkevidde",
        en: "Partner reach",
        fields: &[f("partner_fid", ID, "Partner")],
        since: 1,
    },
    LayerDef {
        layer: Layer::VisitingPlaces,
        table: "visiting_places",
        geom: GeomKind::Point,
        geom_optional: false,
        da: "Besøgs- og opholdssteder",
        en: "Visiting places",
        fields: &[
            f("name", TEXT, "Navn"),
            f("place_type", code(vocab::PLACE_TYPES), "Type"),
            private("notes", TEXT, "Noter"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::Channels,
        table: "channels",
        geom: GeomKind::Point,
        geom_optional: true,
        da: "Kommunikationskanaler",
        en: "Channels",
        fields: &[
            f("name", TEXT, "Navn"),
            f("channel_type", code(vocab::CHANNEL_TYPES), "Type"),
            f("area_layer", IDENT, "Knyttet til lag"),
            f("area_fid", ID, "Knyttet til område"),
            private("notes", TEXT, "Noter"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::MealRoutes,
        table: "meal_routes",
        geom: GeomKind::LineString,
        geom_optional: false,
        da: "Madudbringningsruter",
        en: "Meal-delivery routes",
        fields: &[
            f("name", TEXT, "Navn"),
            f("provider", TEXT, "Udbyder"),
            f("weekdays", codes(vocab::WEEKDAYS), "Ugedage"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::FocusAreas,
        table: "focus_areas",
        geom: GeomKind::MultiPolygon,
        geom_optional: false,
        da: "Fokusområder",
        en: "Focus areas",
        fields: &[
            f("name", TEXT, "Navn"),
            f("priority", SCORE, "Prioritet"),
            f("crit_target_fit", SCORE, "Match med målgruppen"),
            f("crit_task", SCORE, "Opgaven"),
            f("crit_partners", SCORE, "Eksisterende samarbejdspartnere"),
            f("crit_yield", SCORE, "Forventet udbytte af kontakt"),
            f("team", TEXT, "Ansvarligt team"),
            f("period_start", DATE, "Periode fra"),
            f("period_end", DATE, "Periode til"),
            f("status", code(vocab::FOCUS_STATUS), "Status"),
            f("last_reviewed", DATE, "Sidst gennemgået"),
            f("dim_housing_notes", TEXT, "Boligområder: noter"),
            f("dim_housing_mark", code(vocab::SCALE5), "Boligområder: afdækket"),
            f("dim_characteristics_notes", TEXT, "Karakteristika: noter"),
            f("dim_characteristics_mark", code(vocab::SCALE5), "Karakteristika: afdækket"),
            f("dim_places_notes", TEXT, "Besøgssteder: noter"),
            f("dim_places_mark", code(vocab::SCALE5), "Besøgssteder: afdækket"),
            f("dim_partners_notes", TEXT, "Samarbejdspartnere: noter"),
            f("dim_partners_mark", code(vocab::SCALE5), "Samarbejdspartnere: afdækket"),
            f("dim_channels_notes", TEXT, "Kanaler: noter"),
            f("dim_channels_mark", code(vocab::SCALE5), "Kanaler: afdækket"),
            private("notes", TEXT, "Noter"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::VisitedZones,
        table: "visited_zones",
        geom: GeomKind::MultiPolygon,
        geom_optional: false,
        da: "Besøgte zoner",
        en: "Visited zones",
        fields: &[
            f("name", TEXT, "Navn"),
            f("date", DATE, "Dato"),
            f("weekday", code(vocab::WEEKDAYS), "Ugedag"),
            f("time_of_day", code(vocab::TIMES_OF_DAY), "Tidspunkt"),
            f("team", TEXT, "Team"),
            f("method", code(vocab::VISIT_METHODS), "Færdsel"),
            private("notes", TEXT, "Noter"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::Coverage,
        table: "coverage",
        geom: GeomKind::LineString,
        geom_optional: false,
        da: "Dækning",
        en: "Coverage",
        fields: &[
            f("road_fid", ID, "Vejsegment"),
            f("from_m", FieldType::Real { min: 0.0, max: 1e7 }, "Fra (m)"),
            f("to_m", FieldType::Real { min: 0.0, max: 1e7 }, "Til (m)"),
            f("date", DATE, "Dato"),
            f("weekday", code(vocab::WEEKDAYS), "Ugedag"),
            f("time_of_day", code(vocab::TIMES_OF_DAY), "Tidspunkt"),
            f("team", TEXT, "Team"),
            f("method", code(vocab::VISIT_METHODS), "Færdsel"),
            f("source", code(vocab::COVERAGE_SOURCES), "Registreret som"),
            f("visit_id", IDENT, "Besøg"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::Boundary,
        table: "boundary",
        geom: GeomKind::MultiPolygon,
        geom_optional: false,
        da: "Projektgrænse",
        en: "Project boundary",
        fields: &[
            f("name", TEXT, "Navn"),
            f("municipality", IDENT, "Kommunekode"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    LayerDef {
        layer: Layer::RuralPlaces,
        table: "rural_places",
        geom: GeomKind::Point,
        geom_optional: false,
        da: "Landsbyer og enkeltliggende boliger",
        en: "Hamlets and isolated dwellings",
        fields: &[
            f("name", TEXT, "Navn"),
            f("place_kind", code(vocab::RURAL_PLACE_KINDS), "Type"),
            f("source", IDENT, "Kilde"),
            f("source_id", IDENT, "Kilde-id"),
        ],
        since: 1,
    },
    // Raw GPS tracks are kept only when the user asks (privacy): by default
    // a track is matched, credited as coverage, and thrown away.
    LayerDef {
        layer: Layer::GpsTracks,
        table: "gps_tracks",
        geom: GeomKind::LineString,
        geom_optional: false,
        da: "GPS-spor",
        en: "GPS tracks",
        fields: &[
            f("name", TEXT, "Navn"),
            f("date", DATE, "Dato"),
            f("team", TEXT, "Team"),
            f("method", code(vocab::VISIT_METHODS), "Færdsel"),
            f("fixes", COUNT, "Antal GPS-punkter"),
            f("visit_id", IDENT, "Besøg"),
        ],
        since: 2,
    },
];

impl Layer {
    pub fn def(self) -> &'static LayerDef {
        LAYERS.iter().find(|d| d.layer == self).expect("every layer has a definition")
    }

    pub fn table(self) -> &'static str {
        self.def().table
    }

    pub fn all() -> impl Iterator<Item = Layer> {
        LAYERS.iter().map(|d| d.layer)
    }

    /// Accepts the table name (`housing_areas`) and the CLI spelling (`housing-areas`),
    /// plus the short `places` for visiting places.
    pub fn parse(s: &str) -> Result<Layer> {
        let norm = s.trim().to_ascii_lowercase().replace('-', "_");
        let norm = match norm.as_str() {
            "places" => "visiting_places",
            "zones" => "visited_zones",
            other => other,
        };
        LAYERS.iter().find(|d| d.table == norm).map(|d| d.layer).ok_or_else(|| Error::UnknownLayer(s.to_string()))
    }

    pub fn field(self, name: &str) -> Option<&'static FieldDef> {
        self.def().fields.iter().find(|f| f.name == name)
    }
}

impl std::fmt::Display for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.table())
    }
}

/// A feature of any layer: geometry in the project CRS plus attributes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feature {
    /// The stable id (GeoPackage `fid`); `None` before it is stored.
    pub fid: Option<i64>,
    pub geometry: Option<Geometry<f64>>,
    pub attrs: Map<String, Value>,
    /// ISO 8601 UTC timestamps kept by the store.
    pub created: Option<String>,
    pub modified: Option<String>,
}

impl Feature {
    pub fn new(geometry: impl Into<Geometry<f64>>) -> Self {
        Feature { geometry: Some(geometry.into()), ..Default::default() }
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.attrs.insert(key.to_string(), value.into());
        self
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).and_then(Value::as_str)
    }

    pub fn i64(&self, key: &str) -> Option<i64> {
        self.attrs.get(key).and_then(Value::as_i64)
    }

    pub fn f64(&self, key: &str) -> Option<f64> {
        self.attrs.get(key).and_then(Value::as_f64)
    }
}

/// Checks and normalises a feature for `layer`: known fields, types, ranges,
/// vocabulary codes (a list or a comma string for multi-code fields becomes
/// a comma string), dates, the privacy guard on free text, and the geometry
/// type (a Polygon is promoted to MultiPolygon for polygon layers).
pub fn validate(layer: Layer, feature: &mut Feature) -> Result<()> {
    let def = layer.def();
    match feature.geometry.take() {
        None if def.geom_optional => {}
        None => {
            return Err(Error::Geometry(format!("{}: et objekt skal have en geometri", def.table)));
        }
        Some(g) => feature.geometry = Some(coerce_geometry(def.geom, g)?),
    }
    if let Some(g) = &feature.geometry {
        crate::geom::check_finite(g)?;
    }
    let mut out = Map::new();
    for (key, value) in std::mem::take(&mut feature.attrs) {
        let field =
            layer.field(&key).ok_or_else(|| Error::invalid(&key, format!("ukendt felt i laget {}", def.table)))?;
        let v = validate_value(field, value)?;
        out.insert(key, v);
    }
    feature.attrs = out;
    Ok(())
}

fn coerce_geometry(kind: GeomKind, g: Geometry<f64>) -> Result<Geometry<f64>> {
    use geo_types::{Geometry as G, MultiPolygon};
    let name = crate::geom::type_name(&g);
    match (kind, g) {
        (GeomKind::Point, G::Point(p)) => Ok(G::Point(p)),
        (GeomKind::Point, G::MultiPoint(mp)) if mp.0.len() == 1 => Ok(G::Point(mp.0[0])),
        (GeomKind::LineString, G::LineString(l)) => Ok(G::LineString(l)),
        (GeomKind::LineString, G::MultiLineString(ml)) if ml.0.len() == 1 => {
            Ok(G::LineString(ml.0.into_iter().next().expect("one part")))
        }
        (GeomKind::MultiPolygon, G::Polygon(p)) => Ok(G::MultiPolygon(MultiPolygon(vec![p]))),
        (GeomKind::MultiPolygon, G::MultiPolygon(mp)) => Ok(G::MultiPolygon(mp)),
        (GeomKind::MultiPolygon, G::Rect(r)) => Ok(G::MultiPolygon(MultiPolygon(vec![r.to_polygon()]))),
        (kind, _) => Err(Error::Geometry(format!("laget forventer {}, fik {name}", kind.gpkg_name().to_lowercase()))),
    }
}

fn validate_value(field: &FieldDef, value: Value) -> Result<Value> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    let name = field.name;
    let as_text = |v: &Value| -> Result<String> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            _ => Err(Error::invalid(name, "forventede tekst")),
        }
    };
    match field.ty {
        FieldType::Ident => {
            let s = as_text(&value)?;
            privacy::check_ident(name, &s)?;
            if s.len() > 1000 {
                return Err(Error::invalid(name, "identifikatoren er for lang (over 1000 tegn)"));
            }
            Ok(Value::String(s))
        }
        FieldType::Text => {
            let s = as_text(&value)?;
            privacy::check_text(name, &s)?;
            if s.len() > 100_000 {
                return Err(Error::invalid(name, "teksten er for lang (over 100.000 tegn)"));
            }
            Ok(Value::String(s))
        }
        FieldType::Code(v) => {
            let s = as_text(&value)?;
            let s = s.trim();
            vocab::find(v, s).ok_or_else(|| Error::invalid(name, format!("ukendt kode '{s}'")))?;
            Ok(Value::String(s.to_string()))
        }
        FieldType::Codes(v) => {
            let list: Vec<String> = match value {
                Value::Array(items) => items.iter().map(as_text).collect::<Result<_>>()?,
                other => as_text(&other)?.split(',').map(|s| s.to_string()).collect(),
            };
            let mut out = Vec::new();
            for c in list.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                vocab::find(v, c).ok_or_else(|| Error::invalid(name, format!("ukendt kode '{c}'")))?;
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            Ok(Value::String(out.join(",")))
        }
        FieldType::Integer { min, max } => {
            let n = match &value {
                Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64)),
                Value::String(s) => s.trim().parse::<i64>().ok(),
                Value::Bool(b) => Some(*b as i64),
                _ => None,
            }
            .ok_or_else(|| Error::invalid(name, format!("forventede et heltal, fik {value}")))?;
            if n < min || n > max {
                return Err(Error::invalid(name, format!("{n} er uden for {min}–{max}")));
            }
            Ok(Value::from(n))
        }
        FieldType::Real { min, max } => {
            let x = match &value {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().replace(',', ".").parse::<f64>().ok(),
                _ => None,
            }
            .filter(|x| x.is_finite())
            .ok_or_else(|| Error::invalid(name, format!("forventede et tal, fik {value}")))?;
            if x < min || x > max {
                return Err(Error::invalid(name, format!("{x} er uden for {min}–{max}")));
            }
            Ok(Value::from(x))
        }
        FieldType::Date => {
            let s = as_text(&value)?;
            let s = s.trim();
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(s, fmt)
                .map_err(|_| Error::invalid(name, format!("'{s}' er ikke en dato (ÅÅÅÅ-MM-DD)")))?;
            Ok(Value::String(s.to_string()))
        }
        FieldType::Month => {
            let s = as_text(&value)?;
            let ok = s.len() == 7
                && s.as_bytes()[4] == b'-'
                && s[..4].parse::<u16>().is_ok()
                && s[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
            if !ok {
                return Err(Error::invalid(name, format!("'{s}' er ikke en måned (ÅÅÅÅ-MM)")));
            }
            Ok(Value::String(s))
        }
        FieldType::Bool => match value {
            Value::Bool(b) => Ok(Value::Bool(b)),
            Value::Number(n) => Ok(Value::Bool(n.as_i64() != Some(0))),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "ja" | "yes" => Ok(Value::Bool(true)),
                "false" | "0" | "nej" | "no" => Ok(Value::Bool(false)),
                _ => Err(Error::invalid(name, format!("'{s}' er ikke ja/nej"))),
            },
            other => Err(Error::invalid(name, format!("forventede ja/nej, fik {other}"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{Point, polygon};
    use serde_json::json;

    #[test]
    fn every_layer_parses_by_table_and_cli_name() {
        for d in LAYERS {
            assert_eq!(Layer::parse(d.table).unwrap(), d.layer);
            assert_eq!(Layer::parse(&d.table.replace('_', "-")).unwrap(), d.layer);
        }
        assert_eq!(Layer::parse("places").unwrap(), Layer::VisitingPlaces);
        assert!(Layer::parse("citizens").is_err());
    }

    #[test]
    fn no_field_for_a_person() {
        // The model has no place for a citizen: no name/CPR/health fields anywhere.
        for d in LAYERS {
            for fd in d.fields {
                for bad in ["cpr", "citizen", "borger", "health", "diagnos", "person_name", "patient"] {
                    assert!(!fd.name.contains(bad), "{}.{} looks like a field for a person", d.table, fd.name);
                }
            }
        }
    }

    #[test]
    fn validates_and_normalises() {
        let mut f = Feature::new(polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 0.0)])
            .with("name", "Vollsmose")
            .with("housing_types", json!(["social_housing", "dormitory", "dormitory"]))
            .with("last_reviewed", "2026-10-01");
        validate(Layer::HousingAreas, &mut f).unwrap();
        assert_eq!(f.str("housing_types"), Some("social_housing,dormitory"));
        assert!(matches!(f.geometry, Some(Geometry::MultiPolygon(_))));

        let mut f = Feature::new(Point::new(1.0, 2.0)).with("priority", "4").with("crit_task", 5);
        validate(Layer::FocusAreas, &mut f).unwrap_err(); // a point is not a focus area
        let mut f = Feature::new(Point::new(1.0, 2.0)).with("partner_type", "caretaker").with("reach_m", "150,5");
        validate(Layer::Partners, &mut f).unwrap();
        assert_eq!(f.f64("reach_m"), Some(150.5));
    }

    #[test]
    fn rejects_bad_values() {
        let p = || Feature::new(Point::new(1.0, 2.0));
        assert!(validate(Layer::Partners, &mut p().with("partner_type", "spy")).is_err());
        assert!(validate(Layer::Partners, &mut p().with("contact_status", "maybe")).is_err());
        assert!(validate(Layer::Partners, &mut p().with("last_contact", "2026-13-01")).is_err());
        assert!(validate(Layer::Partners, &mut p().with("shoe_size", 44)).is_err());
        assert!(validate(Layer::Partners, &mut p().with("reach_m", -5)).is_err());
        assert!(validate(Layer::Buildings, &mut p().with("use_code", "1x0")).is_err());
        let e = validate(Layer::Partners, &mut p().with("role", "ser 1204851234 dagligt")).unwrap_err();
        assert!(e.to_string().contains("CPR-nummer"));
        let mut nan = Feature::new(Point::new(f64::NAN, 2.0));
        assert!(validate(Layer::Partners, &mut nan).is_err());
        let mut none = Feature::default();
        assert!(validate(Layer::Roads, &mut none).is_err());
        let mut channel = Feature::default().with("name", "Lokalavisen").with("channel_type", "local_paper");
        validate(Layer::Channels, &mut channel).unwrap();
    }
}
