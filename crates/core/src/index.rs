//! In-memory spatial indexes (rstar R*-trees), one per layer, bulk-loaded on
//! the layer's first use and kept in step with every committed edit and undo.
//!
//! A project's index reads a layer from the file when a query first needs it
//! (the loader the project gives [`SpatialIndex::lazy`]), so a command that
//! asks about roads never decodes two million buildings. A layer not yet
//! read ignores edits: the file it will be read from has them. The app reads
//! every layer at once in parallel ([`SpatialIndex::load_all`]), since its
//! map draws them all.
//!
//! Every layer gets an envelope tree (`fid` by bounding box) and keeps its
//! geometries for exact tests; the roads layer also gets a tree of individual
//! line segments, so "nearest street to this click" is a nearest-neighbour
//! query on segments, not on whole roads. The segment tree is built on the
//! first such query, not when the project opens: it is the largest tree (two
//! to three entries per road) and commands that only clip by area (coverage
//! figures, the plan's maps) never ask for it.
//!
//! Invariant: for every layer, `geoms` holds exactly the stored features that
//! have a geometry, and `tree` one envelope per entry of `geoms`; the segment
//! tree, once built, one entry per segment of every road in `geoms`.

use crate::model::Layer;
use geo::{Closest, ClosestPoint, Contains, Euclidean, Intersects, Length};
use geo_types::{Coord, Geometry, Line, LineString, Point, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use std::collections::HashMap;
use std::sync::OnceLock;

type BoxEntry = GeomWithData<Rectangle<[f64; 2]>, i64>;
type SegEntry = GeomWithData<rstar::primitives::Line<[f64; 2]>, (i64, u32)>;

#[derive(Default)]
pub struct LayerIndex {
    tree: RTree<BoxEntry>,
    /// Fx hashing: fids are looked up millions of times per analysis.
    geoms: rustc_hash::FxHashMap<i64, Geometry<f64>>,
}

/// The nearest road segment to a point.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadHit {
    pub road_fid: i64,
    /// Index of the segment within the road's line string.
    pub segment: u32,
    pub distance_m: f64,
    /// The closest point on the road.
    pub point: Coord<f64>,
    /// Distance along the whole road from its start to `point`, in metres.
    pub measure_m: f64,
}

/// Reads one layer's geometries (fid, geometry) for the index. It must not
/// fail: a layer that cannot be read is the loader's to report.
pub type LayerLoader = Box<dyn Fn(Layer) -> Vec<(i64, Geometry<f64>)> + Send + Sync>;

#[derive(Default)]
pub struct SpatialIndex {
    /// Per layer: its index once read. A layer without an entry is empty
    /// (an index without a loader holds only what it was given).
    layers: HashMap<Layer, OnceLock<LayerIndex>>,
    /// Built from the roads' geometries on first use (see the module docs).
    road_segments: OnceLock<RTree<SegEntry>>,
    loader: Option<LayerLoader>,
}

fn envelope(g: &Geometry<f64>) -> Option<BoxEntry> {
    let b = crate::geom::bbox(g)?;
    Some(GeomWithData::new(Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]), 0))
}

fn segments(fid: i64, line: &LineString<f64>) -> impl Iterator<Item = SegEntry> + '_ {
    line.lines().enumerate().map(move |(i, l)| {
        GeomWithData::new(rstar::primitives::Line::new([l.start.x, l.start.y], [l.end.x, l.end.y]), (fid, i as u32))
    })
}

/// The layer's index if read, to keep in step with an edit; a layer not
/// read yet has nothing to update (it will be read with the edit in it).
fn layer_mut(layers: &mut HashMap<Layer, OnceLock<LayerIndex>>, layer: Layer) -> Option<&mut LayerIndex> {
    layers.entry(layer).or_insert_with(|| OnceLock::from(LayerIndex::default())).get_mut()
}

fn bulk(features: Vec<(i64, Geometry<f64>)>) -> LayerIndex {
    let entries: Vec<BoxEntry> =
        features.iter().filter_map(|(fid, g)| envelope(g).map(|e| GeomWithData::new(*e.geom(), *fid))).collect();
    LayerIndex { tree: RTree::bulk_load(entries), geoms: features.into_iter().collect() }
}

impl SpatialIndex {
    /// An index whose layers `loader` reads on their first use.
    pub fn lazy(layers: impl IntoIterator<Item = Layer>, loader: LayerLoader) -> SpatialIndex {
        SpatialIndex {
            layers: layers.into_iter().map(|l| (l, OnceLock::new())).collect(),
            road_segments: OnceLock::new(),
            loader: Some(loader),
        }
    }

    /// Bulk-loads one layer from its features (replacing what was there).
    pub fn load(&mut self, layer: Layer, features: Vec<(i64, Geometry<f64>)>) {
        if layer == Layer::Roads {
            self.road_segments = OnceLock::new();
        }
        self.layers.insert(layer, OnceLock::from(bulk(features)));
    }

    /// Reads every layer not read yet, in parallel.
    pub fn load_all(&self) {
        use rayon::prelude::*;
        let layers: Vec<Layer> = self.layers.keys().copied().collect();
        layers.par_iter().for_each(|&l| {
            self.layer(l);
        });
    }

    /// The layer's index, read now if this is its first use.
    fn layer(&self, layer: Layer) -> Option<&LayerIndex> {
        let cell = self.layers.get(&layer)?;
        Some(cell.get_or_init(|| bulk(self.loader.as_ref().map(|read| read(layer)).unwrap_or_default())))
    }

    /// A feature's geometry if its layer has been read, without reading it.
    pub fn geometry_if_loaded(&self, layer: Layer, fid: i64) -> Option<&Geometry<f64>> {
        self.layers.get(&layer)?.get()?.geoms.get(&fid)
    }

    pub fn insert(&mut self, layer: Layer, fid: i64, g: Geometry<f64>) {
        self.remove(layer, fid);
        let Some(li) = layer_mut(&mut self.layers, layer) else { return };
        if let Some(e) = envelope(&g) {
            li.tree.insert(GeomWithData::new(*e.geom(), fid));
        }
        if let (Layer::Roads, Geometry::LineString(l), Some(tree)) = (layer, &g, self.road_segments.get_mut()) {
            for s in segments(fid, l) {
                tree.insert(s);
            }
        }
        li.geoms.insert(fid, g);
    }

    pub fn remove(&mut self, layer: Layer, fid: i64) {
        let Some(li) = layer_mut(&mut self.layers, layer) else {
            return;
        };
        let Some(g) = li.geoms.remove(&fid) else {
            return;
        };
        if let Some(e) = envelope(&g) {
            li.tree.remove(&GeomWithData::new(*e.geom(), fid));
        }
        if let (Layer::Roads, Geometry::LineString(l), Some(tree)) = (layer, &g, self.road_segments.get_mut()) {
            for s in segments(fid, l) {
                tree.remove(&s);
            }
        }
    }

    /// The tree of road segments, built now if this is the first query.
    fn road_segments(&self) -> &RTree<SegEntry> {
        self.road_segments.get_or_init(|| {
            let segs: Vec<SegEntry> = self
                .geometries(Layer::Roads)
                .filter_map(|(fid, g)| match g {
                    Geometry::LineString(l) => Some(segments(fid, l)),
                    _ => None,
                })
                .flatten()
                .collect();
            RTree::bulk_load(segs)
        })
    }

    pub fn len(&self, layer: Layer) -> usize {
        self.layer(layer).map_or(0, |li| li.geoms.len())
    }

    pub fn is_empty(&self, layer: Layer) -> bool {
        self.len(layer) == 0
    }

    pub fn geometry(&self, layer: Layer, fid: i64) -> Option<&Geometry<f64>> {
        self.layer(layer)?.geoms.get(&fid)
    }

    pub fn geometries(&self, layer: Layer) -> impl Iterator<Item = (i64, &Geometry<f64>)> {
        self.layer(layer).into_iter().flat_map(|li| li.geoms.iter().map(|(k, v)| (*k, v)))
    }

    /// Fids whose bounding box meets `[minx, miny, maxx, maxy]` (the viewport query), sorted.
    pub fn in_bbox(&self, layer: Layer, b: [f64; 4]) -> Vec<i64> {
        let Some(li) = self.layer(layer) else {
            return Vec::new();
        };
        let aabb = AABB::from_corners([b[0], b[1]], [b[2], b[3]]);
        let mut out: Vec<i64> = li.tree.locate_in_envelope_intersecting(&aabb).map(|e| e.data).collect();
        out.sort_unstable();
        out
    }

    /// Fids of features that meet `poly`: points inside it, lines and areas
    /// that intersect it. Sorted.
    pub fn in_polygon(&self, layer: Layer, poly: &Polygon<f64>) -> Vec<i64> {
        let Some(b) = crate::geom::bbox(&Geometry::Polygon(poly.clone())) else {
            return Vec::new();
        };
        let Some(li) = self.layer(layer) else {
            return Vec::new();
        };
        let mut out: Vec<i64> = self
            .in_bbox(layer, b)
            .into_iter()
            .filter(|fid| match &li.geoms[fid] {
                Geometry::Point(p) => poly.contains(p),
                g => poly.intersects(g),
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The road segment nearest to `at`, if one lies within `tolerance_m`.
    pub fn nearest_road(&self, at: Coord<f64>, tolerance_m: f64) -> Option<RoadHit> {
        let (entry, d2) = self.road_segments().nearest_neighbor_iter_with_distance_2(&[at.x, at.y]).next()?;
        if d2.sqrt() > tolerance_m {
            return None;
        }
        let (fid, seg) = entry.data;
        let line = match self.geometry(Layer::Roads, fid)? {
            Geometry::LineString(l) => l,
            _ => return None,
        };
        let s = Line::new(
            Coord { x: entry.geom().from[0], y: entry.geom().from[1] },
            Coord { x: entry.geom().to[0], y: entry.geom().to[1] },
        );
        let p = match s.closest_point(&Point::from(at)) {
            Closest::Intersection(p) | Closest::SinglePoint(p) => p,
            Closest::Indeterminate => Point::from(s.start),
        };
        let before: f64 = line.lines().take(seg as usize).map(|l| Euclidean.length(&l)).sum();
        let along = Euclidean.length(&Line::new(s.start, p.0));
        Some(RoadHit { road_fid: fid, segment: seg, distance_m: d2.sqrt(), point: p.0, measure_m: before + along })
    }

    /// All road segments within `radius_m` of `at`, nearest first: `(road fid, segment index, distance)`.
    pub fn roads_within(&self, at: Coord<f64>, radius_m: f64) -> Vec<(i64, u32, f64)> {
        let mut v: Vec<(i64, u32, f64)> = self
            .road_segments()
            .locate_within_distance([at.x, at.y], radius_m * radius_m)
            .map(|e| {
                use rstar::PointDistance;
                (e.data.0, e.data.1, e.geom().distance_2(&[at.x, at.y]).sqrt())
            })
            .collect();
        v.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        v
    }

    /// The bounding box of a whole layer, `[minx, miny, maxx, maxy]`.
    pub fn extent(&self, layer: Layer) -> Option<[f64; 4]> {
        let li = self.layer(layer)?;
        if li.geoms.is_empty() {
            return None;
        }
        let e = li.tree.root().envelope();
        Some([e.lower()[0], e.lower()[1], e.upper()[0], e.upper()[1]])
    }

    pub fn road_segment_count(&self) -> usize {
        self.road_segments().size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    fn idx() -> SpatialIndex {
        let mut s = SpatialIndex::default();
        s.load(
            Layer::Roads,
            vec![
                (1, LineString::from(vec![(0.0, 0.0), (100.0, 0.0), (100.0, 100.0)]).into()),
                (2, LineString::from(vec![(0.0, 50.0), (50.0, 50.0)]).into()),
            ],
        );
        s.load(Layer::Buildings, (0..100).map(|i| (i, Point::new(i as f64, i as f64).into())).collect());
        s
    }

    #[test]
    fn nearest_road_with_measure() {
        let s = idx();
        let hit = s.nearest_road(Coord { x: 100.0 + 3.0, y: 40.0 }, 10.0).unwrap();
        assert_eq!((hit.road_fid, hit.segment), (1, 1));
        assert!((hit.distance_m - 3.0).abs() < 1e-9);
        assert!((hit.measure_m - 140.0).abs() < 1e-9);
        assert!(s.nearest_road(Coord { x: 40.0, y: 25.0 }, 10.0).is_none());
    }

    #[test]
    fn bbox_and_polygon_queries() {
        let s = idx();
        assert_eq!(s.in_bbox(Layer::Buildings, [10.0, 10.0, 12.5, 20.0]), vec![10, 11, 12]);
        let tri = polygon![(x: 0.0, y: 0.0), (x: 50.0, y: 0.0), (x: 0.0, y: 50.0), (x: 0.0, y: 0.0)];
        assert_eq!(s.in_polygon(Layer::Buildings, &tri), (1..25).collect::<Vec<_>>());
        assert_eq!(s.in_polygon(Layer::Roads, &tri), vec![1, 2]);
    }

    #[test]
    fn the_segment_tree_waits_for_its_first_query_and_then_follows_edits() {
        let mut s = idx();
        assert!(s.road_segments.get().is_none(), "not built by loading");
        s.remove(Layer::Roads, 1);
        s.insert(Layer::Roads, 3, LineString::from(vec![(0.0, 80.0), (60.0, 80.0)]).into());
        assert!(s.road_segments.get().is_none(), "edits before the first query do not build it");
        assert_eq!(s.road_segment_count(), 2);
        assert_eq!(s.nearest_road(Coord { x: 30.0, y: 82.0 }, 5.0).unwrap().road_fid, 3);
        assert!(s.nearest_road(Coord { x: 103.0, y: 40.0 }, 10.0).is_none(), "road 1 was removed");
    }

    #[test]
    fn kept_in_step_with_edits() {
        let mut s = idx();
        assert_eq!(s.road_segment_count(), 3);
        s.remove(Layer::Roads, 2);
        assert_eq!(s.road_segment_count(), 2);
        assert!(s.nearest_road(Coord { x: 25.0, y: 52.0 }, 5.0).is_none());
        s.insert(Layer::Roads, 2, LineString::from(vec![(0.0, 50.0), (50.0, 50.0)]).into());
        assert_eq!(s.nearest_road(Coord { x: 25.0, y: 52.0 }, 5.0).unwrap().road_fid, 2);
        s.insert(Layer::Buildings, 5, Point::new(500.0, 500.0).into()); // move
        assert_eq!(s.in_bbox(Layer::Buildings, [4.5, 4.5, 5.5, 5.5]), Vec::<i64>::new());
        assert_eq!(s.in_bbox(Layer::Buildings, [499.0, 499.0, 501.0, 501.0]), vec![5]);
        assert_eq!(s.len(Layer::Buildings), 100);
    }
}
