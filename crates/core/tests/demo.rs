//! The demo project: built from the repository's data/ alone, stamped, not
//! rebuilt when nothing changed, never rebuilt under an Afdæk that has it open.

use afdaek_core::{Error, Layer, Project, demo};
use std::path::Path;

fn data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

#[test]
fn the_demo_is_stamped_kept_when_current_and_not_replaced_while_open() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("demo.gpkg");
    assert!(demo::ensure(&out, &data()).unwrap(), "built the first time");
    assert!(!demo::ensure(&out, &data()).unwrap(), "kept when its sources did not change");
    // A plain build stamps it too, so the next --if-stale keeps it.
    drop(demo::build(&out, &data()).unwrap());
    assert!(!demo::ensure(&out, &data()).unwrap());
    let p = Project::open_read_only(&out).unwrap();
    assert_eq!(p.count(Layer::Roads), 1717);
    assert_eq!(p.count(Layer::FocusAreas), 2);
    assert!(p.count(Layer::Coverage) > 0 && p.count(Layer::MealRoutes) == 1 && p.count(Layer::Partners) >= 5);
    assert!(p.audit_log(100).unwrap().iter().all(|(_, user, _, _)| user == "DEMO"), "made by DEMO");
    drop(p);
    // Open for editing elsewhere: a rebuild is refused, and the open file is untouched.
    let holder = Project::open_writable(&out).unwrap();
    std::fs::remove_file(out.with_file_name("demo.gpkg.stamp")).unwrap();
    assert!(matches!(demo::ensure(&out, &data()), Err(Error::Locked(_))));
    assert_eq!(holder.count(Layer::Roads), 1717);
    assert!(!out.with_file_name("demo.gpkg.partial").exists(), "no half-built file left behind");
}
