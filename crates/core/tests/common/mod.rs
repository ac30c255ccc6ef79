//! Helpers shared by the integration tests: where the real data lives, and
//! the Odense test project made from it.
#![allow(dead_code)] // each test binary uses its own subset

use afdaek_core::Project;
use afdaek_core::import::{ImportOptions, import_file};
use std::path::{Path, PathBuf};

/// `../shared/data` (or `AFDAEK_SHARED_DATA`): real Danish and OSM data, never copied here.
pub fn data() -> PathBuf {
    std::env::var_os("AFDAEK_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// A project in `dir` with Odense's real road centre lines and BBR buildings.
pub fn odense(dir: &Path) -> Project {
    let mut p = Project::create(dir.join("o.gpkg"), "Odense", Some("0461")).unwrap();
    for f in ["odense/vejmidte_0461_odense.geojson", "odense/bbr_bygning_0461_odense.json"] {
        import_file(&mut p, &data().join(f), &ImportOptions::default()).unwrap();
    }
    p
}
