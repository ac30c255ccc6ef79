//! The street network kept for a session (the app, a long CLI run): built
//! once, rebuilt when the roads change.
//!
//! Building the network costs milliseconds for a municipality and seconds
//! for a country, so a planning session must not rebuild it per click, but it
//! must never route over a road that was deleted, or miss one just drawn or
//! imported. The cache holds the network with the roads layer's
//! [`Project::revision`] it was built at and rebuilds when that is no longer
//! current: after any committed edit, undo or redo of a road, an import into
//! the roads layer, or when asked for another project. Coverage records are
//! stored by road and measure, not by edge, so they stay valid across rebuilds.
//!
//! A new process first looks in the project file: a network kept there
//! ([`super::persist`]) from the roads as they are now (the same
//! [`Project::roads_stamp`]) is read instead of built; a network it builds is
//! kept there for the next process.
//!
//! ```
//! use afdaek_core::network::NetworkCache;
//! use afdaek_core::{Feature, Project, model::Layer};
//! use geo_types::LineString;
//! let dir = tempfile::tempdir().unwrap();
//! let mut p = Project::create(dir.path().join("p.gpkg"), "Test", None).unwrap();
//! let mut cache = NetworkCache::default();
//! assert_eq!(cache.get(&p).unwrap().edges.len(), 0);
//! let road = Feature::new(LineString::from(vec![(0.0, 0.0), (100.0, 0.0)]));
//! p.edit("vej", |ed| ed.insert(Layer::Roads, road)).unwrap();
//! assert_eq!(cache.get(&p).unwrap().edges.len(), 1);
//! ```

use super::Network;
use crate::model::Layer;
use crate::{Project, Result};
use geo_types::Geometry;

#[derive(Default)]
pub struct NetworkCache {
    /// The network and the roads revision it was built from.
    built: Option<(u64, Network)>,
    builds: u64,
    reads: u64,
}

impl NetworkCache {
    /// The network of `p`'s roads as they are now, rebuilt only if they
    /// changed since the last call (or `p` is another project).
    pub fn get(&mut self, p: &Project) -> Result<&Network> {
        let now = p.revision(Layer::Roads);
        if self.built.as_ref().is_none_or(|(rev, _)| *rev != now) {
            self.built = None;
            let net = self.kept_or_built(p)?;
            self.built = Some((now, net));
        }
        Ok(&self.built.as_ref().expect("just built").1)
    }

    fn kept_or_built(&mut self, p: &Project) -> Result<Network> {
        // The stamp is read before the roads: a network kept under it never
        // holds roads newer than the stamp says.
        let stamp = p.roads_stamp()?;
        if let Some(stamp) = &stamp
            && let Some(data) = p.kept_network(stamp)?
            && let Some(net) = super::persist::decode(&data, |fid| match p.index().geometry(Layer::Roads, fid) {
                Some(Geometry::LineString(l)) => Some(l.clone()),
                _ => None,
            })
        {
            self.reads += 1;
            return Ok(net);
        }
        let net = Network::from_project(p)?;
        self.builds += 1;
        if let Some(stamp) = stamp {
            // A cache: if it cannot be written (a full disk, a read-only
            // file), the next process builds the network again.
            let _ = p.keep_network(&stamp, &super::persist::encode(&net));
        }
        Ok(net)
    }

    /// How many times the network was built: for tests and diagnostics.
    pub fn builds(&self) -> u64 {
        self.builds
    }

    /// How many times it was read from the project file instead.
    pub fn reads(&self) -> u64 {
        self.reads
    }

    /// Forgets the network (for instance when the project is closed).
    pub fn clear(&mut self) {
        self.built = None;
    }
}
