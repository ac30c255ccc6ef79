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
    check_wkb_counts(blob).map_err(|why| Error::Geometry(format!("ulæselig GeoPackage-geometri: {why}")))?;
    GpkgWkb(blob).to_geo().map_err(|e| Error::Geometry(format!("ulæselig GeoPackage-geometri: {e}")))
}

/// Walks a GeoPackage blob's WKB and checks every count it declares against
/// the bytes that are left. geozero reserves memory for a declared count
/// before reading it, so a crafted count of 2³² points asked for 35 GB and
/// aborted the process (found by fuzzing: `fuzz/corpus/gpkg_geometry/`).
fn check_wkb_counts(blob: &[u8]) -> std::result::Result<(), String> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("mangler GeoPackage-hovedet".into());
    }
    let flags = blob[3];
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return Err("ukendt envelope".into()),
    };
    let start = 8 + envelope;
    let wkb = blob.get(start..).ok_or("for kort til sit hoved")?;
    // geozero reads the top geometry's counts in the header's byte order, not
    // the WKB's own: a blob where they differ was read as 16 million parts
    // (found by fuzzing: `fuzz/corpus/gpkg_geometry/libfuzzer-byte-order.bin`).
    if wkb.first().is_some_and(|&o| o != (flags & 1)) {
        return Err("hovedet og geometrien angiver forskellig byteorden".into());
    }
    let mut at = 0usize;
    wkb_geometry(wkb, &mut at, 0)
}

/// `expect`: the kind a part of a multi-geometry must be (geozero reads a
/// MultiPolygon's parts as polygons whatever they say they are).
fn wkb_geometry(b: &[u8], at: &mut usize, depth: usize) -> std::result::Result<(), String> {
    wkb_part(b, at, depth, None)
}

fn wkb_part(b: &[u8], at: &mut usize, depth: usize, expect: Option<u32>) -> std::result::Result<(), String> {
    if depth > 8 {
        return Err("geometrisamlinger i for mange niveauer".into());
    }
    let order = *b.get(*at).ok_or("slutter midt i en geometri")?;
    let little = match order {
        0 => false,
        1 => true,
        _ => return Err("ukendt byteorden".into()),
    };
    *at += 1;
    let u32_at = |at: &mut usize| -> std::result::Result<u32, String> {
        let raw: [u8; 4] = b.get(*at..*at + 4).ok_or("slutter midt i en geometri")?.try_into().map_err(|_| "kort")?;
        *at += 4;
        Ok(if little { u32::from_le_bytes(raw) } else { u32::from_be_bytes(raw) })
    };
    let code = u32_at(at)?;
    // GeoPackage geometry is ISO WKB (Z/M as 1000s); PostGIS's EWKB flag bits
    // are not allowed, and readers disagree on them, so they are refused
    // (found by fuzzing: `fuzz/corpus/gpkg_geometry/libfuzzer-ring-count.bin`).
    let (kind, dims) = match code / 1000 {
        0 => (code, 2),
        1 | 2 => (code % 1000, 3),
        3 => (code % 1000, 4),
        _ => return Err(format!("ukendt geometritype {code}")),
    };
    if let Some(e) = expect
        && e != kind
    {
        return Err(format!("en del af type {kind} i en samling af type {}", e + 3));
    }
    let coord = 8 * dims;
    let points = |at: &mut usize, n: u32| -> std::result::Result<(), String> {
        let need = (n as usize).checked_mul(coord).ok_or("for mange punkter")?;
        if b.len().saturating_sub(*at) < need {
            return Err(format!("angiver {n} punkter, men filen har ikke bytes til dem"));
        }
        *at += need;
        Ok(())
    };
    match kind {
        1 => points(at, 1),
        2 => {
            let n = u32_at(at)?;
            points(at, n)
        }
        3 => {
            let rings = u32_at(at)?;
            if (rings as usize).saturating_mul(4) > b.len().saturating_sub(*at) {
                return Err(format!("angiver {rings} ringe, men filen har ikke bytes til dem"));
            }
            for _ in 0..rings {
                let n = u32_at(at)?;
                points(at, n)?;
            }
            Ok(())
        }
        4..=7 => {
            let parts = u32_at(at)?;
            // Each part is at least a byte order and a type.
            if (parts as usize).saturating_mul(5) > b.len().saturating_sub(*at) {
                return Err(format!("angiver {parts} dele, men filen har ikke bytes til dem"));
            }
            let part_kind = if kind == 7 { None } else { Some(kind - 3) };
            for _ in 0..parts {
                wkb_part(b, at, depth + 1, part_kind)?;
            }
            Ok(())
        }
        other => Err(format!("ukendt geometritype {other}")),
    }
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

#[cfg(test)]
mod count_tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn a_declared_count_larger_than_the_blob_is_an_error_not_an_abort() {
        let g: Geometry<f64> = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 0.0)].into();
        let blob = to_gpkg(&g, 25832).unwrap();
        assert!(from_gpkg(&blob).is_ok());
        // Header 8 + envelope 32, then order 1, type 4, rings 4, then the first ring's point count.
        for at in [8 + 32 + 5, 8 + 32 + 9] {
            let mut bad = blob.clone();
            bad[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
            let e = from_gpkg(&bad).unwrap_err().to_string();
            assert!(e.contains("bytes til dem"), "{e}");
            if at == 8 + 32 + 9 {
                let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../fuzz/corpus/gpkg_geometry/huge-count.bin");
                if !seed.exists() {
                    let _ = std::fs::write(seed, &bad);
                }
            }
        }
    }
}
