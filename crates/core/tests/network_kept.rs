//! The street network kept in the project file (`network::persist`): the
//! next process reads it instead of building it, and builds it again exactly
//! when the roads changed — by an edit, an import, undo, redo, or another
//! program (GDAL's `ogrinfo` here, as QGIS would write).

use afdaek_core::network::NetworkCache;
use afdaek_core::session::{Access, Session};
use afdaek_core::{Feature, Layer, Project};
use geo_types::{LineString, MultiPolygon, polygon};
use std::path::Path;
use std::process::Command;

/// A grid of 200 synthetic roads.
fn project(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("p.gpkg");
    drop(afdaek_core::synth::generate_project(&path, 200, 0, 3).unwrap());
    path
}

/// What a new process does: open read-only, get the network. (builds, reads, edges).
fn next_process(path: &Path) -> (u64, u64, usize) {
    let p = Project::open_read_only(path).unwrap();
    let mut cache = NetworkCache::default();
    let edges = cache.get(&p).unwrap().edges.len();
    (cache.builds(), cache.reads(), edges)
}

/// The same as a writable process (the app, an editing command).
fn next_writer(path: &Path) -> (u64, u64, usize) {
    let p = Project::open_writable(path).unwrap();
    let mut cache = NetworkCache::default();
    let edges = cache.get(&p).unwrap().edges.len();
    (cache.builds(), cache.reads(), edges)
}

fn road(x: f64) -> Feature {
    Feature::new(LineString::from(vec![(588_000.0 + x, 6_130_000.0), (588_000.0 + x, 6_130_090.0)]))
        .with("name", "Ny vej")
}

#[test]
fn the_next_process_reads_the_kept_network_and_it_is_the_built_one() {
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path());
    let built = {
        let p = Project::open_writable(&path).unwrap();
        let mut cache = NetworkCache::default();
        let net = cache.get(&p).unwrap();
        let kept = (net.nodes.clone(), net.edges.clone(), net.adj.clone());
        assert_eq!((cache.builds(), cache.reads()), (1, 0), "the first process builds");
        kept
    };
    let p = Project::open_read_only(&path).unwrap();
    let mut cache = NetworkCache::default();
    let net = cache.get(&p).unwrap();
    let read = (net.nodes.clone(), net.edges.clone(), net.adj.clone());
    assert_eq!((cache.builds(), cache.reads()), (0, 1), "the next one reads");
    assert_eq!(read, built);
    assert_eq!(next_process(&path).0, 0, "and the one after");
}

#[test]
fn it_is_built_again_exactly_when_the_roads_change() {
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path());
    let (_, _, edges) = next_writer(&path);
    assert_eq!(next_process(&path), (0, 1, edges), "kept, read");

    // An edit of another layer: the roads are as they were.
    let mut p = Project::open_writable(&path).unwrap();
    let area: MultiPolygon<f64> =
        polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 0.0)].into();
    p.edit("område", |ed| ed.insert(Layer::FocusAreas, Feature::new(area).with("name", "A")).map(|_| ())).unwrap();
    drop(p);
    assert_eq!(next_process(&path), (0, 1, edges), "an area does not touch the network");

    // An edit of a road, then its undo and redo: built again each time.
    let mut p = Project::open_writable(&path).unwrap();
    p.edit("vej", |ed| ed.insert(Layer::Roads, road(-500.0)).map(|_| ())).unwrap();
    drop(p);
    assert_eq!(next_writer(&path), (1, 0, edges + 1), "after an edit: built (and kept)");
    assert_eq!(next_process(&path), (0, 1, edges + 1));
    let mut p = Project::open_writable(&path).unwrap();
    p.undo().unwrap();
    drop(p);
    assert_eq!(next_writer(&path), (1, 0, edges), "after undo: built");
    let mut p = Project::open_writable(&path).unwrap();
    p.redo().unwrap();
    drop(p);
    assert_eq!(next_process(&path), (1, 0, edges + 1), "after redo: built (a reader keeps it too)");
    assert_eq!(next_process(&path), (0, 1, edges + 1));

    // An import into the roads keeps the new network at once.
    let geojson = d.path().join("veje.geojson");
    std::fs::write(
        &geojson,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Importvej"},
           "geometry":{"type":"LineString","coordinates":[[10.30,55.30],[10.301,55.30]]}}]}"#,
    )
    .unwrap();
    let mut s = Session::open_as(&path, Access::Write, "TST").unwrap();
    let opts = afdaek_core::import::ImportOptions { as_layer: Some(Layer::Roads), ..Default::default() };
    s.import(&geojson, &opts, &mut |_| {}).unwrap();
    drop(s);
    assert_eq!(next_process(&path), (0, 1, edges + 2), "the import kept the network with the new road");
}

#[test]
fn another_programs_edit_of_the_roads_is_noticed() {
    assert!(
        Command::new("ogrinfo").arg("--version").output().is_ok_and(|o| o.status.success()),
        "ogrinfo (gdal-bin) is required for this test; `cargo xtask test` installs it"
    );
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path());
    let (_, _, edges) = next_writer(&path);
    let cars = |path: &Path| {
        let p = Project::open_read_only(path).unwrap();
        let mut cache = NetworkCache::default();
        let n = cache.get(&p).unwrap().edges.iter().filter(|e| e.car).count();
        (cache.builds(), n)
    };
    let (_, cars_before) = cars(&path);
    // GDAL writes as QGIS does: through SQLite, with none of our code.
    let out = Command::new("ogrinfo")
        .arg(&path)
        .args(["-sql", "UPDATE roads SET road_class = 'Sti' WHERE road_class <> 'Sti' AND fid <= 5"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (builds, cars_after) = cars(&path);
    assert_eq!(builds, 1, "the kept network is not used after another program's edit");
    assert!(cars_after < cars_before, "and the new one has the new paths ({cars_before} → {cars_after})");
    assert_eq!(next_process(&path), (0, 1, edges), "then kept again");
}

#[test]
fn a_replaced_roads_table_or_a_damaged_blob_is_never_trusted() {
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path());
    let (_, _, edges) = next_writer(&path);
    // A damaged blob: built again, never a panic.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("UPDATE afdaek_network SET data = x'414641570000ffff'", []).unwrap();
    drop(c);
    assert_eq!(next_process(&path), (1, 0, edges), "damaged: built");
    assert_eq!(next_process(&path), (0, 1, edges), "and kept whole again");
    // A tool that drops our triggers (as replacing the table does): nothing kept is trusted.
    let c = rusqlite::Connection::open(&path).unwrap();
    for t in ["afdaek_roads_inserted", "afdaek_roads_updated", "afdaek_roads_deleted"] {
        c.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
    }
    drop(c);
    assert_eq!(next_process(&path), (1, 0, edges), "no triggers: built, not read");
    assert_eq!(next_process(&path), (1, 0, edges), "and not kept");
    // A writable open puts the triggers back and forgets what was kept.
    assert_eq!(next_writer(&path), (1, 0, edges));
    assert_eq!(next_process(&path), (0, 1, edges), "counted again, kept again");
}

#[test]
fn a_reader_does_not_write_while_another_process_edits() {
    let d = tempfile::tempdir().unwrap();
    let path = project(d.path());
    let writer = Project::open_writable(&path).unwrap(); // the app, holding the file
    assert_eq!(next_process(&path).0, 1);
    assert_eq!(next_process(&path).0, 1, "the reader could not keep it: built again");
    drop(writer);
    assert_eq!(next_process(&path).0, 1);
    let (builds, reads, _) = next_process(&path);
    assert_eq!((builds, reads), (0, 1), "kept once the file was free");
}
