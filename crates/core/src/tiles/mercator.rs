//! ETRS89 / UTM zone 32N (EPSG:25832) ↔ Web Mercator (EPSG:3857) in closed
//! form, for map tiles.
//!
//! Why not PROJ ([`crate::crs::Transform`]): tiles are made on the webview's
//! request threads, and a PROJ handle may not cross threads; making one per
//! tile costs more than the tile. The transverse Mercator here is Krüger's
//! series to n⁴ (Karney 2011), accurate to well under a millimetre within
//! the zone, and ETRS89 is taken as WGS84 (they differ by under a metre,
//! which no map pixel shows). A test compares it with PROJ.

use std::f64::consts::PI;

const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_222_101;
const K0: f64 = 0.9996;
const LON0: f64 = 9.0 * PI / 180.0;
const FALSE_EASTING: f64 = 500_000.0;
/// Web Mercator's sphere radius.
const R: f64 = 6_378_137.0;
/// Half the width of the Web Mercator world, in metres.
pub const HALF_WORLD: f64 = PI * R;

struct Series {
    /// A/(1+n)·(1 + n²/4 + n⁴/64): the rectifying radius.
    big_a: f64,
    alpha: [f64; 4],
    beta: [f64; 4],
    delta: [f64; 4],
    /// 2√n/(1+n), the eccentricity e.
    e: f64,
}

fn series() -> Series {
    let n = F / (2.0 - F);
    let (n2, n3, n4) = (n * n, n * n * n, n * n * n * n);
    Series {
        big_a: A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0),
        alpha: [
            n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0,
            13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0,
            61.0 * n3 / 240.0 - 103.0 * n4 / 140.0,
            49561.0 * n4 / 161_280.0,
        ],
        beta: [
            n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0,
            n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0,
            17.0 * n3 / 480.0 - 37.0 * n4 / 840.0,
            4397.0 * n4 / 161_280.0,
        ],
        delta: [
            2.0 * n - 2.0 * n2 / 3.0 - 2.0 * n3 + 116.0 * n4 / 45.0,
            7.0 * n2 / 3.0 - 8.0 * n3 / 5.0 - 227.0 * n4 / 45.0,
            56.0 * n3 / 15.0 - 136.0 * n4 / 35.0,
            4279.0 * n4 / 630.0,
        ],
        e: 2.0 * n.sqrt() / (1.0 + n),
    }
}

static SERIES: std::sync::LazyLock<Series> = std::sync::LazyLock::new(series);

/// UTM 32N easting/northing → longitude/latitude in degrees.
pub fn utm32_to_lonlat(x: f64, y: f64) -> (f64, f64) {
    let s = &*SERIES;
    let xi = y / (K0 * s.big_a);
    let eta = (x - FALSE_EASTING) / (K0 * s.big_a);
    let (mut xi1, mut eta1) = (xi, eta);
    for (j, b) in s.beta.iter().enumerate() {
        let k = 2.0 * (j + 1) as f64;
        xi1 -= b * (k * xi).sin() * (k * eta).cosh();
        eta1 -= b * (k * xi).cos() * (k * eta).sinh();
    }
    let chi = (xi1.sin() / eta1.cosh()).asin();
    let mut phi = chi;
    for (j, d) in s.delta.iter().enumerate() {
        phi += d * (2.0 * (j + 1) as f64 * chi).sin();
    }
    let lambda = LON0 + eta1.sinh().atan2(xi1.cos());
    (lambda.to_degrees(), phi.to_degrees())
}

/// Longitude/latitude in degrees → UTM 32N easting/northing.
pub fn lonlat_to_utm32(lon: f64, lat: f64) -> (f64, f64) {
    let s = &*SERIES;
    let (phi, dl) = (lat.to_radians(), lon.to_radians() - LON0);
    let t = (phi.sin().atanh() - s.e * (s.e * phi.sin()).atanh()).sinh();
    let xi1 = t.atan2(dl.cos());
    let eta1 = (dl.sin() / (1.0 + t * t).sqrt()).atanh();
    let (mut xi, mut eta) = (xi1, eta1);
    for (j, a) in s.alpha.iter().enumerate() {
        let k = 2.0 * (j + 1) as f64;
        xi += a * (k * xi1).sin() * (k * eta1).cosh();
        eta += a * (k * xi1).cos() * (k * eta1).sinh();
    }
    (FALSE_EASTING + K0 * s.big_a * eta, K0 * s.big_a * xi)
}

/// Longitude/latitude in degrees → Web Mercator metres.
pub fn lonlat_to_mercator(lon: f64, lat: f64) -> (f64, f64) {
    let lat = lat.clamp(-85.051_128_78, 85.051_128_78);
    (R * lon.to_radians(), R * (PI / 4.0 + lat.to_radians() / 2.0).tan().ln())
}

/// Web Mercator metres → longitude/latitude in degrees.
pub fn mercator_to_lonlat(x: f64, y: f64) -> (f64, f64) {
    ((x / R).to_degrees(), (2.0 * (y / R).exp().atan() - PI / 2.0).to_degrees())
}

/// UTM 32N → Web Mercator metres.
pub fn utm32_to_mercator(x: f64, y: f64) -> (f64, f64) {
    let (lon, lat) = utm32_to_lonlat(x, y);
    lonlat_to_mercator(lon, lat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::{Transform, UTM32N, WEB_MERCATOR, WGS84};
    use geo_types::Coord;

    #[test]
    fn agrees_with_proj_across_denmark() {
        let to_ll = Transform::new(UTM32N, WGS84).unwrap();
        let to_merc = Transform::new(UTM32N, WEB_MERCATOR).unwrap();
        for (x, y) in
            [(587_927.9, 6_139_725.1), (441_000.0, 6_049_000.0), (892_000.0, 6_131_000.0), (720_000.0, 6_390_000.0)]
        {
            let want = to_ll.coord(Coord { x, y }).unwrap();
            let (lon, lat) = utm32_to_lonlat(x, y);
            assert!((lon - want.x).abs() < 1e-8 && (lat - want.y).abs() < 1e-8, "{x},{y}: {lon},{lat} vs {want:?}");
            let (bx, by) = lonlat_to_utm32(lon, lat);
            assert!((bx - x).abs() < 1e-3 && (by - y).abs() < 1e-3, "round trip {x},{y} → {bx},{by}");
            let m = to_merc.coord(Coord { x, y }).unwrap();
            let (mx, my) = utm32_to_mercator(x, y);
            assert!((mx - m.x).abs() < 0.01 && (my - m.y).abs() < 0.01, "{mx},{my} vs {m:?}");
        }
        let (lon, lat) = mercator_to_lonlat(lonlat_to_mercator(10.4, 55.4).0, lonlat_to_mercator(10.4, 55.4).1);
        assert!((lon - 10.4).abs() < 1e-12 && (lat - 55.4).abs() < 1e-12);
    }
}
