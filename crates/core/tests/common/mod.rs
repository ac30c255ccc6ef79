//! Helpers shared by the integration tests: where the real data lives, and
//! the Odense test project made from it.
#![allow(dead_code)] // each test binary uses its own subset

use afdaek_core::Project;
use afdaek_core::import::{ImportOptions, import_file};
use std::path::{Path, PathBuf};

/// `../shared/data` (or `AFDAEK_SHARED_DATA`): the project's real Danish and OSM test data.
pub fn shared() -> PathBuf {
    std::env::var_os("AFDAEK_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// The real data: `../shared/data` when it is there, else the repository's
/// own extract (`data/`), which holds the Odense files under the same names,
/// so the Odense tests run in a fresh clone too.
pub fn data() -> PathBuf {
    let s = shared();
    if s.is_dir() { s } else { Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data") }
}

/// For tests that need files only `../shared/data` has: false, with a
/// visible SKIPPED line, when it is absent.
pub fn have_shared(test: &str) -> bool {
    let ok = shared().is_dir();
    if !ok {
        eprintln!("SKIPPED {test}: {} is absent (it holds the larger public test data)", shared().display());
    }
    ok
}

/// A project in `dir` with Odense's real road centre lines and BBR buildings.
pub fn odense(dir: &Path) -> Project {
    let mut p = Project::create(dir.join("o.gpkg"), "Odense", Some("0461")).unwrap();
    for f in ["odense/vejmidte_0461_odense.geojson", "odense/bbr_bygning_0461_odense.json"] {
        import_file(&mut p, &data().join(f), &ImportOptions::default()).unwrap();
    }
    p
}
