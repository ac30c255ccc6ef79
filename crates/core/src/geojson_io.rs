//! Layers as GeoJSON (RFC 7946: WGS84 lon/lat), for the map and for export.
//!
//! Coordinates are rounded to 8 decimals (about 1 mm), so that centimetre-precise register data survives a round trip. Private fields (notes,
//! contact persons) are left out unless asked for, as DOMAIN.md requires of
//! everything that leaves the project file.

use crate::crs::{Transform, WGS84};
use crate::error::Result;
use crate::model::{FieldType, Layer};
use crate::store::Project;
use crate::vocab;
use geo::MapCoords;
use geojson::{Feature as GjFeature, FeatureCollection, Geometry as GjGeometry, GeometryValue, JsonObject};
use serde_json::Value;

#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    /// Include notes and contact persons.
    pub include_private: bool,
    /// Add `<field>_label` with the Danish label of every code field.
    pub labels: bool,
}

/// Every feature of `layer` as a GeoJSON FeatureCollection in WGS84.
pub fn layer_to_geojson(project: &Project, layer: Layer, opts: ExportOptions) -> Result<FeatureCollection> {
    let to_wgs = Transform::new(project.settings().srs_id as u32, WGS84)?;
    let def = layer.def();
    let mut out = Vec::new();
    for f in project.features(layer)? {
        let geometry = match &f.geometry {
            Some(g) => {
                let g = to_wgs.geometry(g)?.map_coords(|c| geo_types::Coord { x: round8(c.x), y: round8(c.y) });
                Some(GjGeometry::new(GeometryValue::from(&g)))
            }
            None => None,
        };
        let mut props = JsonObject::new();
        for fd in def.fields {
            if fd.private && !opts.include_private {
                continue;
            }
            let Some(v) = f.attrs.get(fd.name) else {
                continue;
            };
            props.insert(fd.name.to_string(), v.clone());
            if opts.labels
                && let Some(label) = label_of(fd.ty, v)
            {
                props.insert(format!("{}_label", fd.name), Value::String(label));
            }
        }
        out.push(GjFeature {
            bbox: None,
            geometry,
            id: f.fid.map(|fid| geojson::feature::Id::Number(fid.into())),
            properties: Some(props),
            foreign_members: None,
        });
    }
    Ok(FeatureCollection::new(out))
}

fn round8(x: f64) -> f64 {
    (x * 1e8).round() / 1e8
}

fn label_of(ty: FieldType, v: &Value) -> Option<String> {
    let s = v.as_str()?;
    match ty {
        FieldType::Code(voc) => vocab::label_da(voc, s).map(String::from),
        FieldType::Codes(voc) => {
            Some(s.split(',').filter_map(|c| vocab::label_da(voc, c)).collect::<Vec<_>>().join("; "))
        }
        _ => None,
    }
}

/// The project's extent (all layers) in WGS84, `[west, south, east, north]`.
pub fn extent_lonlat(project: &Project) -> Result<Option<[f64; 4]>> {
    let Some(e) = project.info()?.extent else {
        return Ok(None);
    };
    let t = Transform::new(project.settings().srs_id as u32, WGS84)?;
    let mut corners = [
        geo_types::Coord { x: e[0], y: e[1] },
        geo_types::Coord { x: e[2], y: e[1] },
        geo_types::Coord { x: e[0], y: e[3] },
        geo_types::Coord { x: e[2], y: e[3] },
    ];
    t.coords_in_place(&mut corners)?;
    let xs = corners.iter().map(|c| c.x);
    let ys = corners.iter().map(|c| c.y);
    Ok(Some([
        xs.clone().fold(f64::INFINITY, f64::min),
        ys.clone().fold(f64::INFINITY, f64::min),
        xs.fold(f64::NEG_INFINITY, f64::max),
        ys.fold(f64::NEG_INFINITY, f64::max),
    ]))
}
