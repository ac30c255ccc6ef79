//! Safe geometry repairs, each reported: consecutive duplicate points are
//! removed, and polygon rings are closed (readers record unclosed rings
//! before geo-types closes them). Self-intersecting polygons are kept and
//! reported, never silently dropped or "fixed" into another shape.

use geo::Validation;
use geo_types::{Coord, Geometry, LineString, MultiPolygon, Polygon};

pub const DUPLICATE_POINTS: &str = "dobbelte punkter fjernet";
pub const SELF_INTERSECTING: &str = "selvskærende polygon (beholdt; ret den i tegneværktøjet)";

fn dedupe(ls: &LineString<f64>) -> (LineString<f64>, bool) {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ls.0.len());
    for c in &ls.0 {
        if out.last() != Some(c) {
            out.push(*c);
        }
    }
    let changed = out.len() != ls.0.len();
    (LineString(out), changed)
}

fn fix_polygon(p: Polygon<f64>, fixes: &mut Vec<String>) -> Result<Polygon<f64>, String> {
    let (ext, interiors) = p.into_inner();
    let mut fix_ring = |r: LineString<f64>| -> Result<LineString<f64>, String> {
        let (r, changed) = dedupe(&r);
        if changed {
            fixes.push(DUPLICATE_POINTS.into());
        }
        if r.0.len() < 4 {
            return Err(format!(
                "polygonring har kun {} forskellige punkter (mindst 3 kræves)",
                r.0.len().saturating_sub(1)
            ));
        }
        Ok(r)
    };
    let ext = fix_ring(ext)?;
    let ints = interiors.into_iter().map(&mut fix_ring).collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(ext, ints))
}

/// Repairs `g`, returning it and the repairs made; an error where no safe repair exists.
pub fn repair(g: Geometry<f64>) -> Result<(Geometry<f64>, Vec<String>), String> {
    let mut fixes = Vec::new();
    let g = match g {
        Geometry::LineString(l) => {
            let (l, changed) = dedupe(&l);
            if changed {
                fixes.push(DUPLICATE_POINTS.into());
            }
            if l.0.len() < 2 {
                return Err("linjen har færre end to forskellige punkter".into());
            }
            Geometry::LineString(l)
        }
        Geometry::MultiLineString(ml) => {
            let mut parts = Vec::new();
            for l in ml.0 {
                let (l, changed) = dedupe(&l);
                if changed {
                    fixes.push(DUPLICATE_POINTS.into());
                }
                if l.0.len() < 2 {
                    return Err("en linje har færre end to forskellige punkter".into());
                }
                parts.push(l);
            }
            Geometry::MultiLineString(geo_types::MultiLineString(parts))
        }
        Geometry::Polygon(p) => Geometry::Polygon(fix_polygon(p, &mut fixes)?),
        Geometry::MultiPolygon(mp) => Geometry::MultiPolygon(MultiPolygon(
            mp.0.into_iter().map(|p| fix_polygon(p, &mut fixes)).collect::<Result<_, _>>()?,
        )),
        other => other,
    };
    if matches!(g, Geometry::Polygon(_) | Geometry::MultiPolygon(_)) && !g.is_valid() {
        fixes.push(SELF_INTERSECTING.into());
    }
    fixes.dedup();
    Ok((g, fixes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn removes_duplicates_and_reports() {
        let l = LineString::from(vec![(0.0, 0.0), (0.0, 0.0), (1.0, 1.0)]);
        let (g, fx) = repair(l.into()).unwrap();
        assert_eq!(fx, vec![DUPLICATE_POINTS]);
        assert!(matches!(g, Geometry::LineString(ref l) if l.0.len() == 2));
        assert!(repair(LineString::from(vec![(0.0, 0.0), (0.0, 0.0)]).into()).is_err());
    }

    #[test]
    fn bow_tie_is_kept_and_reported() {
        let bow = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0), (x: 0.0, y: 0.0)];
        let (g, fx) = repair(bow.into()).unwrap();
        assert!(fx.contains(&SELF_INTERSECTING.to_string()));
        assert!(matches!(g, Geometry::Polygon(_)));
    }
}
