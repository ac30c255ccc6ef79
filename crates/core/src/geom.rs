//! Geometry helpers: GeoPackage binary encoding (header + WKB, via geozero),
//! finiteness checks and type names. The store never sees any other encoding.

use crate::error::{Error, Result};
use geo::BoundingRect;
use geo_types::{Coord, Geometry, Rect};
use geozero::wkb::GpkgWkb;
use geozero::{CoordDimensions, ToGeo, ToWkb};

/// Encodes a geometry as a GeoPackage binary blob with an XY envelope
/// (points get none, as the spec recommends), for `srs_id`.
pub fn to_gpkg(g: &Geometry<f64>, srs_id: i32) -> Result<Vec<u8>> {
    let envelope = match g {
        Geometry::Point(_) => Vec::new(),
        other => match other.bounding_rect() {
            Some(r) => vec![r.min().x, r.max().x, r.min().y, r.max().y],
            None => Vec::new(),
        },
    };
    g.to_gpkg_wkb(CoordDimensions::xy(), Some(srs_id), envelope).map_err(|e| Error::Geometry(e.to_string()))
}

/// Decodes a GeoPackage binary blob (any Z/M is dropped).
pub fn from_gpkg(blob: &[u8]) -> Result<Geometry<f64>> {
    GpkgWkb(blob).to_geo().map_err(|e| Error::Geometry(format!("ulæselig GeoPackage-geometri: {e}")))
}

pub fn type_name(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::Line(_) => "Line",
        Geometry::LineString(_) => "LineString",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
        Geometry::Rect(_) => "Rect",
        Geometry::Triangle(_) => "Triangle",
    }
}

/// Every coordinate finite, and at least one coordinate.
pub fn check_finite(g: &Geometry<f64>) -> Result<()> {
    use geo::CoordsIter;
    let mut n = 0usize;
    for c in g.coords_iter() {
        if !c.x.is_finite() || !c.y.is_finite() {
            return Err(Error::Geometry(format!("koordinat ({}, {}) er ikke et endeligt tal", c.x, c.y)));
        }
        n += 1;
    }
    if n == 0 {
        return Err(Error::Geometry("tom geometri".into()));
    }
    Ok(())
}

/// Bounding box as `[minx, miny, maxx, maxy]`.
pub fn bbox(g: &Geometry<f64>) -> Option<[f64; 4]> {
    g.bounding_rect().map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
}

pub fn union_bbox(a: Option<[f64; 4]>, b: [f64; 4]) -> [f64; 4] {
    match a {
        None => b,
        Some(a) => [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])],
    }
}

pub fn rect(b: [f64; 4]) -> Rect<f64> {
    Rect::new(Coord { x: b[0], y: b[1] }, Coord { x: b[2], y: b[3] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{LineString, MultiPolygon, Point, polygon};

    #[test]
    fn gpkg_round_trip() {
        let geoms: Vec<Geometry<f64>> = vec![
            Point::new(588_000.5, 6_138_000.25).into(),
            LineString::from(vec![(0.0, 0.0), (10.0, 5.0), (20.0, -3.0)]).into(),
            MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 0.0, y: 0.0)]]).into(),
        ];
        for g in geoms {
            let blob = to_gpkg(&g, 25832).unwrap();
            assert_eq!(&blob[..2], b"GP");
            assert_eq!(i32::from_le_bytes(blob[4..8].try_into().unwrap()), 25832);
            assert_eq!(from_gpkg(&blob).unwrap(), g);
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bad in [&b""[..], b"GP", b"GP\0\x01\xe8\x64\0\0\x01\x01", b"XXXXXXXXXXXXXXXXXXXX", &[0xff; 64]] {
            assert!(from_gpkg(bad).is_err());
        }
    }
}
