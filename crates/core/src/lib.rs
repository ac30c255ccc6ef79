//! # afdaek-core
//!
//! Everything Afdæk knows, with no GUI: the domain model and vocabularies,
//! the GeoPackage project file, the spatial index, coordinate transforms and
//! the privacy guard. The CLI (`crates/cli`) and the desktop shell
//! (`src-tauri`) are thin layers over this crate. See ARCHITECTURE.md.

pub mod blindspots;
pub mod coverage;
pub mod crs;
pub mod demo;
pub mod error;
pub mod export;
pub mod geojson_io;
pub mod geom;
pub mod import;
pub mod index;
pub mod matching;
pub mod model;
pub mod network;
mod par;
pub mod planning;
pub mod privacy;
pub mod routing;
pub mod store;
pub mod synth;
mod union_find;
pub mod vocab;

pub use error::{Error, Result};
pub use model::{Feature, Layer};
pub use store::Project;
