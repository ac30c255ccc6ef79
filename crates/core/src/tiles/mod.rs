//! Mapbox Vector Tiles of a project's layers: the app's offline basemap is
//! the project's own data, served tile by tile instead of whole layers.
//!
//! A tile `z/x/y` holds one MVT layer per project layer (named by its table)
//! with the features whose bounding box meets the tile plus a buffer. Every
//! feature carries its `fid` as the MVT feature id (a click inspects it, a
//! hover highlights it) and the few properties the map styles by (see [`props`]).
//! Geometries are simplified to the zoom's pixel size in the project CRS,
//! projected to Web Mercator ([`mercator`]), clipped to the tile and its
//! buffer ([`clip`]) and encoded with geozero's MVT writer.
//!
//! Invariants: a cached tile is dropped exactly when a change recorded by
//! the store ([`crate::Project::take_changes`]) meets the area it was made
//! from, or when a layer it draws from changed revision without a recorded
//! place (never: every edit records one). Per-layer properties are cached by
//! the layer's revision.

pub mod clip;
pub mod mercator;
pub mod props;

use crate::error::{Error, Result};
use crate::model::{GeomKind, Layer};
use crate::store::Project;
use geo::Simplify;
use geo_types::{Coord, Geometry, LineString, MultiLineString, MultiPolygon, Polygon};
use geozero::ToMvt;
use geozero::mvt::{Message, TagsBuilder, Tile, tile};
use props::{LayerProps, PropValue};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Tile coordinate space (the MVT default).
pub const EXTENT: u32 = 4096;
/// Buffer around the tile, in tile units, so lines and labels meet across tile edges.
pub const BUFFER: f64 = 64.0;
/// The zoom from which road tiles carry street names (the map labels streets from z13).
pub const ROAD_NAMES_FROM: u8 = 13;
/// Tiles kept before the cache starts over (a few hundred MB at worst).
const MAX_CACHED: usize = 4096;

/// The layers drawn on the map, bottom to top (the order inside a tile).
pub const MAP_LAYERS: &[Layer] = &[
    Layer::Boundary,
    Layer::FocusAreas,
    Layer::HousingAreas,
    Layer::VisitedZones,
    Layer::PartnerReach,
    Layer::Roads,
    Layer::MealRoutes,
    Layer::GpsTracks,
    Layer::Coverage,
    Layer::Buildings,
    Layer::RuralPlaces,
    Layer::VisitingPlaces,
    Layer::Channels,
    Layer::Partners,
];

/// The map reads two tile sources: the coverage on its own (`Coverage`),
/// everything else in `Base`. A tick changes only coverage, so the map
/// reloads only the small coverage tiles, not every layer of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileSet {
    Base,
    Coverage,
}

impl TileSet {
    pub fn holds(self, layer: Layer) -> bool {
        (layer == Layer::Coverage) == (self == TileSet::Coverage)
    }

    /// The set a URL path names: `tiles` or `coverage`.
    pub fn parse(name: &str) -> Option<TileSet> {
        match name {
            "tiles" => Some(TileSet::Base),
            "coverage" => Some(TileSet::Coverage),
            _ => None,
        }
    }
}

/// Area layers whose names are drawn: each also gets a `<table>_labels`
/// layer with one point per area (inside it), in the one tile that holds the
/// point, so a name is drawn once, not once per tile the area spans.
pub const LABELLED_AREAS: &[Layer] = &[Layer::FocusAreas, Layer::HousingAreas];

/// Web Mercator bounds `[minx, miny, maxx, maxy]` of tile `z/x/y`.
pub fn tile_bounds(z: u8, x: u32, y: u32) -> [f64; 4] {
    let size = 2.0 * mercator::HALF_WORLD / f64::from(1u32 << z);
    let minx = -mercator::HALF_WORLD + f64::from(x) * size;
    let maxy = mercator::HALF_WORLD - f64::from(y) * size;
    [minx, maxy - size, minx + size, maxy]
}

/// The project-CRS (UTM 32N) box that covers a Web Mercator box: its
/// corners and edge midpoints projected, plus a margin for the curvature of
/// its edges in UTM.
fn utm_envelope(b: [f64; 4]) -> [f64; 4] {
    let mut env = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    let (mx, my) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    for (x, y) in
        [(b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3]), (mx, b[1]), (mx, b[3]), (b[0], my), (b[2], my)]
    {
        let (lon, lat) = mercator::mercator_to_lonlat(x, y);
        let (ux, uy) = mercator::lonlat_to_utm32(lon, lat);
        env = [env[0].min(ux), env[1].min(uy), env[2].max(ux), env[3].max(uy)];
    }
    let margin = 0.01 * (env[2] - env[0]).max(env[3] - env[1]);
    [env[0] - margin, env[1] - margin, env[2] + margin, env[3] + margin]
}

/// The tiles of zoom `z` that cover a project-CRS box, as (x, y).
pub fn tiles_covering(b: [f64; 4], z: u8) -> Vec<(u32, u32)> {
    let n = 1u32 << z;
    let tile_of = |x: f64, y: f64| {
        let (lon, lat) = mercator::utm32_to_lonlat(x, y);
        let (mx, my) = mercator::lonlat_to_mercator(lon, lat);
        let size = 2.0 * mercator::HALF_WORLD / f64::from(n);
        let tx = ((mx + mercator::HALF_WORLD) / size).floor().clamp(0.0, f64::from(n - 1)) as u32;
        let ty = ((mercator::HALF_WORLD - my) / size).floor().clamp(0.0, f64::from(n - 1)) as u32;
        (tx, ty)
    };
    let corners = [tile_of(b[0], b[1]), tile_of(b[2], b[1]), tile_of(b[0], b[3]), tile_of(b[2], b[3])];
    let (x0, x1) = (corners.iter().map(|c| c.0).min().unwrap_or(0), corners.iter().map(|c| c.0).max().unwrap_or(0));
    let (y0, y1) = (corners.iter().map(|c| c.1).min().unwrap_or(0), corners.iter().map(|c| c.1).max().unwrap_or(0));
    (x0..=x1).flat_map(|x| (y0..=y1).map(move |y| (x, y))).collect()
}

fn boxes_meet(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// How long the last tiles took, for the benchmark and diagnostics.
#[derive(Debug, Default, Clone)]
pub struct TileStats {
    pub made: u64,
    pub from_cache: u64,
    /// Milliseconds per made tile, newest last (at most 10,000 kept).
    pub make_ms: Vec<f64>,
}

struct Cached {
    bytes: Arc<Vec<u8>>,
    /// The project-CRS area the tile's features were chosen from.
    area: [f64; 4],
}

/// The session's tiles: made on demand, cached, invalidated by place.
/// Its caches sit behind short-held locks, so making a tile needs only
/// `&self`; in the app tiles are still made one at a time, because the
/// session (and its SQLite connection) sits behind one lock.
#[derive(Default)]
pub struct TileCache {
    tiles: Mutex<HashMap<(TileSet, u8, u32, u32), Cached>>,
    props: Mutex<HashMap<Layer, (u64, Arc<LayerProps>)>>,
    /// The day and recency window coverage colours were computed for.
    coverage_key: Mutex<(String, u32)>,
    stats: Mutex<TileStats>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl TileCache {
    /// The tile `z/x/y` of one set of `p`'s layers as MVT bytes (possibly empty of features).
    pub fn tile(&self, p: &Project, today: &str, set: TileSet, z: u8, x: u32, y: u32) -> Result<Arc<Vec<u8>>> {
        if z > 24 || x >= (1u32 << z) || y >= (1u32 << z) {
            return Err(Error::invalid("tile", format!("{z}/{x}/{y} er ikke et kortfelt")));
        }
        {
            let key = (today.to_string(), p.settings().recency_days);
            let mut ck = lock(&self.coverage_key);
            if *ck != key {
                // Coverage colours depend on the day and the window: a new day repaints it.
                lock(&self.props).remove(&Layer::Coverage);
                lock(&self.tiles).clear();
                *ck = key;
            }
        }
        if let Some(c) = lock(&self.tiles).get(&(set, z, x, y)) {
            lock(&self.stats).from_cache += 1;
            return Ok(c.bytes.clone());
        }
        let started = std::time::Instant::now();
        let bounds = tile_bounds(z, x, y);
        let size = bounds[2] - bounds[0];
        let pad = size * BUFFER / f64::from(EXTENT);
        let area = utm_envelope([bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad]);
        let mut layers = Vec::new();
        for &layer in MAP_LAYERS {
            if !set.holds(layer) || p.index().is_empty(layer) {
                continue;
            }
            let lp = self.layer_props(p, layer, today)?;
            if let Some(l) = encode_layer(p, layer, &lp, z, bounds, area)? {
                layers.push(l);
            }
            if LABELLED_AREAS.contains(&layer)
                && let Some(l) = encode_labels(p, layer, &lp, bounds, area)?
            {
                layers.push(l);
            }
        }
        let bytes = Arc::new(Tile { layers }.encode_to_vec());
        {
            let mut tiles = lock(&self.tiles);
            if tiles.len() >= MAX_CACHED {
                tiles.clear();
            }
            tiles.insert((set, z, x, y), Cached { bytes: bytes.clone(), area });
        }
        let mut stats = lock(&self.stats);
        stats.made += 1;
        if stats.make_ms.len() >= 10_000 {
            stats.make_ms.drain(..5_000);
        }
        stats.make_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        Ok(bytes)
    }

    fn layer_props(&self, p: &Project, layer: Layer, today: &str) -> Result<Arc<LayerProps>> {
        let rev = p.revision(layer);
        if let Some((r, lp)) = lock(&self.props).get(&layer)
            && *r == rev
        {
            return Ok(lp.clone());
        }
        // Two tiles may read the same layer at once; the second insert is the same data.
        let lp = Arc::new(props::read(p, layer, today)?);
        lock(&self.props).insert(layer, (rev, lp.clone()));
        Ok(lp)
    }

    /// Drops the cached tiles that a change touched (project-CRS boxes, as
    /// [`Project::take_changes`] gives them). Returns how many were dropped.
    pub fn invalidate(&self, changes: &[(Layer, [f64; 4])]) -> usize {
        if changes.is_empty() {
            return 0;
        }
        let mut tiles = lock(&self.tiles);
        let before = tiles.len();
        tiles.retain(|k, c| !changes.iter().any(|(l, b)| k.0.holds(*l) && boxes_meet(&c.area, b)));
        before - tiles.len()
    }

    pub fn cached(&self) -> usize {
        lock(&self.tiles).len()
    }

    pub fn stats(&self) -> TileStats {
        lock(&self.stats).clone()
    }
}

/// The smallest zoom at which a feature of this layer (with these
/// properties) is drawn: minor roads and ordinary buildings only close up,
/// which keeps low-zoom tiles small.
fn min_zoom(layer: Layer, props: &[(&'static str, PropValue)]) -> u8 {
    let int = |k: &str| {
        props.iter().find(|(n, _)| *n == k).and_then(|(_, v)| match v {
            PropValue::Int(i) => Some(*i),
            _ => None,
        })
    };
    let text = |k: &str| {
        props.iter().find(|(n, _)| *n == k).and_then(|(_, v)| match v {
            PropValue::Str(s) => Some(s.as_str()),
            _ => None,
        })
    };
    match layer {
        Layer::Roads => match int("rank").unwrap_or(3) {
            1 => 0,
            2 => 9,
            3 | 4 => 10,
            _ => 12,
        },
        Layer::Buildings => match text("kind") {
            Some("dwelling" | "other") | None => 13,
            Some(_) => 11,
        },
        Layer::Coverage => 10,
        _ => 0,
    }
}

fn encode_layer(
    p: &Project,
    layer: Layer,
    lp: &LayerProps,
    z: u8,
    bounds: [f64; 4],
    area: [f64; 4],
) -> Result<Option<tile::Layer>> {
    let size = bounds[2] - bounds[0];
    let scale = f64::from(EXTENT) / size;
    // One tile unit on the ground (Web Mercator stretches by 1/cos(lat), about 1.77 in Denmark).
    let unit_m = size / f64::from(EXTENT) * 0.6;
    let window = [-BUFFER, -BUFFER, f64::from(EXTENT) + BUFFER, f64::from(EXTENT) + BUFFER];
    let to_tile = |c: Coord<f64>| {
        let (mx, my) = mercator::utm32_to_mercator(c.x, c.y);
        Coord { x: (mx - bounds[0]) * scale, y: (bounds[3] - my) * scale }
    };
    let mut tags = TagsBuilder::new();
    let mut features = Vec::new();
    let empty = Vec::new();
    for fid in p.index().in_bbox(layer, area) {
        let Some(g) = p.index().geometry(layer, fid) else { continue };
        let fprops = lp.get(&fid).unwrap_or(&empty);
        if z < min_zoom(layer, fprops) {
            continue;
        }
        let Some(geom) = project_clip(g, layer.def().geom, unit_m, &to_tile, window) else { continue };
        if layer == Layer::Roads && z < ROAD_NAMES_FROM {
            // Overview tiles: names are not drawn yet, and the class only marks paths, which
            // appear from z12. Leaving them out keeps the tiles a view starts with light.
            let kept: Vec<_> =
                fprops.iter().filter(|(k, _)| *k == "rank" || (*k == "class" && z >= 12)).cloned().collect();
            features.push(feature(&geom, fid, &kept, &mut tags)?);
        } else {
            features.push(feature(&geom, fid, fprops, &mut tags)?);
        }
    }
    Ok(finish_layer(layer.table().to_string(), features, tags))
}

/// An MVT feature: tile-unit geometry, the fid as its id (what the map's
/// click and highlight read), the layer's properties.
fn feature(
    geom: &Geometry<f64>,
    fid: i64,
    props: &[(&'static str, PropValue)],
    tags: &mut TagsBuilder,
) -> Result<tile::Feature> {
    let mut f = geom.to_mvt_unscaled().map_err(|e| Error::invalid("tile", e.to_string()))?;
    f.id = Some(fid as u64);
    for (k, v) in props {
        let (ki, vi) = tags.insert_ref(k, v.to_tile());
        f.tags.push(ki);
        f.tags.push(vi);
    }
    Ok(f)
}

fn finish_layer(name: String, features: Vec<tile::Feature>, tags: TagsBuilder) -> Option<tile::Layer> {
    if features.is_empty() {
        return None;
    }
    let (keys, values) = tags.into_tags();
    Some(tile::Layer {
        version: 2,
        name,
        features,
        keys,
        values: values.into_iter().map(Into::into).collect(),
        extent: Some(EXTENT),
    })
}

/// One label point per area whose interior point lies in this tile (not its buffer).
fn encode_labels(
    p: &Project,
    layer: Layer,
    lp: &LayerProps,
    bounds: [f64; 4],
    area: [f64; 4],
) -> Result<Option<tile::Layer>> {
    use geo::InteriorPoint;
    let scale = f64::from(EXTENT) / (bounds[2] - bounds[0]);
    let mut tags = TagsBuilder::new();
    let mut features = Vec::new();
    let empty = Vec::new();
    for fid in p.index().in_bbox(layer, area) {
        let Some(pt) = p.index().geometry(layer, fid).and_then(|g| g.interior_point()) else { continue };
        let (mx, my) = mercator::utm32_to_mercator(pt.x(), pt.y());
        let (tx, ty) = ((mx - bounds[0]) * scale, (bounds[3] - my) * scale);
        if !(0.0..f64::from(EXTENT)).contains(&tx) || !(0.0..f64::from(EXTENT)).contains(&ty) {
            continue;
        }
        let g = Geometry::Point(geo_types::Point::new(tx.round(), ty.round()));
        features.push(feature(&g, fid, lp.get(&fid).unwrap_or(&empty), &mut tags)?);
    }
    Ok(finish_layer(format!("{}_labels", layer.table()), features, tags))
}

/// A project geometry in tile units: simplified to a tile unit, projected,
/// rounded, clipped to the window; `None` when nothing is left.
fn project_clip(
    g: &Geometry<f64>,
    kind: GeomKind,
    unit_m: f64,
    to_tile: &impl Fn(Coord<f64>) -> Coord<f64>,
    window: [f64; 4],
) -> Option<Geometry<f64>> {
    let line = |l: &LineString<f64>| -> LineString<f64> {
        let s = if l.0.len() > 2 { l.simplify(unit_m) } else { l.clone() };
        LineString(clip::round_dedup(s.0.iter().map(|c| to_tile(*c))))
    };
    match (kind, g) {
        (GeomKind::Point, Geometry::Point(pt)) => {
            let c = to_tile(pt.0);
            let inside = c.x >= window[0] && c.x <= window[2] && c.y >= window[1] && c.y <= window[3];
            inside.then(|| Geometry::Point(geo_types::Point(Coord { x: c.x.round(), y: c.y.round() })))
        }
        (_, Geometry::LineString(l)) => {
            let parts = clip::clip_line(&line(l).0, window);
            (!parts.is_empty()).then_some(Geometry::MultiLineString(MultiLineString(parts)))
        }
        (_, Geometry::MultiLineString(ml)) => {
            let parts: Vec<_> = ml.0.iter().flat_map(|l| clip::clip_line(&line(l).0, window)).collect();
            (!parts.is_empty()).then_some(Geometry::MultiLineString(MultiLineString(parts)))
        }
        (_, Geometry::Polygon(poly)) => polygons(std::slice::from_ref(poly), &line, window),
        (_, Geometry::MultiPolygon(mp)) => polygons(&mp.0, &line, window),
        _ => None,
    }
}

fn polygons(
    polys: &[Polygon<f64>],
    line: &impl Fn(&LineString<f64>) -> LineString<f64>,
    window: [f64; 4],
) -> Option<Geometry<f64>> {
    let mut out = Vec::new();
    for poly in polys {
        let Some(exterior) = clip::clip_ring(&line(poly.exterior()).0, window, true) else { continue };
        let holes = poly
            .interiors()
            .iter()
            .filter_map(|r| clip::clip_ring(&line(r).0, window, false))
            .map(LineString)
            .collect();
        out.push(Polygon::new(LineString(exterior), holes));
    }
    (!out.is_empty()).then_some(Geometry::MultiPolygon(MultiPolygon(out)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_bounds_tile_the_world() {
        let b = tile_bounds(0, 0, 0);
        assert!((b[0] + mercator::HALF_WORLD).abs() < 1e-6 && (b[3] - mercator::HALF_WORLD).abs() < 1e-6);
        let a = tile_bounds(14, 8664, 5147);
        let right = tile_bounds(14, 8665, 5147);
        let below = tile_bounds(14, 8664, 5148);
        assert!((a[2] - right[0]).abs() < 1e-6 && (a[1] - below[3]).abs() < 1e-6);
    }

    #[test]
    fn tiles_covering_odense() {
        // Odense town hall lies in z14 tile 8664/5150 (checked with the slippy-map formula).
        let t = tiles_covering([587_900.0, 6_139_700.0, 587_950.0, 6_139_750.0], 14);
        assert_eq!(t, vec![(8664, 5150)]);
        assert_eq!(
            tiles_covering([574_967.0, 6_127_625.0, 599_997.0, 6_149_157.0], 10).len(),
            6,
            "Odense at z10: x 540–542, y 321–322"
        );
    }

    #[test]
    fn utm_envelope_covers_the_tile() {
        // A z14 tile over Odense: every corner of the tile lies inside its UTM envelope.
        let b = tile_bounds(14, 8664, 5147);
        let env = utm_envelope(b);
        for (x, y) in [(b[0], b[1]), (b[2], b[3])] {
            let (lon, lat) = mercator::mercator_to_lonlat(x, y);
            let (ux, uy) = mercator::lonlat_to_utm32(lon, lat);
            assert!(ux > env[0] && ux < env[2] && uy > env[1] && uy < env[3]);
        }
    }
}
