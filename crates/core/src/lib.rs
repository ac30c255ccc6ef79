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
pub mod display;
pub mod error;
pub mod export;
pub mod fields;
#[doc(hidden)]
pub mod fuzz;
pub mod geojson_io;
pub mod geom;
pub mod import;
pub mod index;
pub mod matching;
pub mod model;
pub mod municipalities;
pub mod network;
pub mod planning;
#[cfg(feature = "pdf")]
pub mod print;
pub mod privacy;
pub mod route;
pub mod routing;
pub mod session;
pub mod store;
pub mod synth;
pub mod tiles;
mod union_find;
pub mod user_prefs;
pub mod vocab;

pub use error::{Error, Result};
pub use model::{Feature, Layer};
pub use session::Session;
pub use store::Project;
