//! What the network is built from: per road its fid, its line and the few
//! attributes routing needs.
//!
//! A project's roads are read from the spatial index (the lines, decoded
//! once when the layer was loaded) and one scan of six text columns. Reading
//! them as [`Feature`]s instead (a JSON map and a second decode of the
//! geometry per road) cost more than building the network itself: at a
//! million roads, seconds and over a gigabyte.

use super::Oneway;
use crate::error::Result;
use crate::fields::roads;
use crate::model::{Feature, Layer};
use crate::store::Project;
use geo_types::{Geometry, LineString};

/// One road as the network needs it.
#[derive(Debug, Clone)]
pub struct RoadRow {
    pub fid: i64,
    pub line: LineString<f64>,
    pub name: Option<String>,
    pub street_code: Option<String>,
    pub road_class: Option<String>,
    /// The stated direction (`oneway` attribute), if any.
    pub oneway: Option<Oneway>,
    /// Topology from the source (GeoDanmark STARTKNUDE/SLUTKNUDE, OSM node ids).
    pub start_node: Option<String>,
    pub end_node: Option<String>,
}

impl RoadRow {
    /// A stored road feature with a line of at least two points.
    pub fn from_feature(f: &Feature) -> Option<RoadRow> {
        let (Some(fid), Some(Geometry::LineString(l))) = (f.fid, &f.geometry) else { return None };
        let text = |k: crate::fields::Text| f.text(k).map(String::from);
        RoadRow {
            fid,
            line: l.clone(),
            name: text(roads::NAME),
            street_code: text(roads::STREET_CODE),
            road_class: text(roads::ROAD_CLASS),
            oneway: Oneway::from_attr(f.text(roads::ONEWAY)),
            start_node: text(roads::START_NODE),
            end_node: text(roads::END_NODE),
        }
        .routable()
    }

    fn routable(self) -> Option<RoadRow> {
        (self.line.0.len() >= 2).then_some(self)
    }

    /// The street this road belongs to: its street code, else its name.
    pub fn street(&self) -> Option<&str> {
        self.street_code.as_deref().filter(|s| !s.is_empty()).or_else(|| self.name.as_deref().filter(|s| !s.is_empty()))
    }
}

/// Every routable road of the project, in fid order.
pub fn read(p: &Project) -> Result<Vec<RoadRow>> {
    let idx = p.index();
    let mut rows = Vec::with_capacity(idx.len(Layer::Roads));
    let cols = [roads::NAME, roads::STREET_CODE, roads::ROAD_CLASS, roads::ONEWAY, roads::START_NODE, roads::END_NODE];
    let names: Vec<&str> = cols.iter().map(|k| k.1).collect();
    p.scan(Layer::Roads, &names, |fid, r| {
        let Some(Geometry::LineString(l)) = idx.geometry(Layer::Roads, fid) else { return };
        let text = |i: usize| r.text(i);
        let row = RoadRow {
            fid,
            line: l.clone(),
            name: text(0),
            street_code: text(1),
            road_class: text(2),
            oneway: Oneway::from_attr(r.text(3).as_deref()),
            start_node: text(4),
            end_node: text(5),
        };
        rows.extend(row.routable());
    })?;
    Ok(rows)
}
