//! Shared by the kill and concurrency tests (issue 15): the real `afdaek`
//! binary, the demo project, a seeded random number generator, generated
//! partner files and reads with the `sqlite3` program (not our own code, so
//! the file is judged by SQLite itself).

#![allow(dead_code)] // each test crate uses part of this

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Everything runs as this user (the history's initials).
pub const USER: &str = "TST";

/// A street point in Odense C (Hans Tausens Gade) for `tick`.
pub const STREET: &str = "10.38182,55.39925";

/// `afdaek ARGS` ready to spawn, as user TST.
pub fn afdaek_cmd<S: AsRef<OsStr>>(args: &[S]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_afdaek"));
    c.args(args).env("AFDAEK_USER", USER);
    c
}

/// Runs `afdaek ARGS` to the end.
pub fn afdaek<S: AsRef<OsStr>>(args: &[S]) -> Output {
    afdaek_cmd(args).output().expect("run afdaek")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The demo project (`afdaek demo`), checkpointed so that the main file alone
/// is the whole project and can be copied.
pub fn demo(dir: &Path) -> PathBuf {
    let demo = dir.join("demo.gpkg");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let out = afdaek(&[OsStr::new("demo"), demo.as_os_str(), OsStr::new("--data"), data.as_os_str()]);
    assert!(out.status.success(), "afdaek demo: {}", text(&out.stderr));
    checkpoint(&demo);
    demo
}

/// Folds the WAL into the main file (`PRAGMA wal_checkpoint(TRUNCATE)`), so
/// that copying the main file copies the whole project.
pub fn checkpoint(db: &Path) {
    sqlite(db, "PRAGMA wal_checkpoint(TRUNCATE);");
    let wal = wal_bytes(db);
    assert_eq!(wal, 0, "{} still has {wal} bytes of WAL", db.display());
}

/// The size of `DB-wal`, 0 when there is none.
pub fn wal_bytes(db: &Path) -> u64 {
    std::fs::metadata(sidecar(db, "-wal")).map(|m| m.len()).unwrap_or(0)
}

pub fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A fresh copy of a checkpointed project at `to` (any old `-wal`/`-shm` of
/// `to` removed first).
pub fn copy_project(from: &Path, to: &Path) {
    assert_eq!(wal_bytes(from), 0, "{} must be checkpointed before it is copied", from.display());
    for s in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sidecar(to, s));
    }
    std::fs::copy(from, to).expect("copy project");
}

/// Runs the `sqlite3` program on `db` and returns its output; panics when it fails.
pub fn sqlite(db: &Path, sql: &str) -> String {
    let out = sqlite_cmd(db, sql, false);
    assert!(out.status.success(), "sqlite3 {} '{sql}': {}", db.display(), text(&out.stderr));
    text(&out.stdout).trim().to_string()
}

/// `sqlite3 [-readonly] DB SQL`.
pub fn sqlite_cmd(db: &Path, sql: &str, read_only: bool) -> Output {
    let mut c = Command::new("sqlite3");
    if read_only {
        c.arg("-readonly");
    }
    c.arg(db).arg(sql).output().expect("the sqlite3 program is installed")
}

/// A seeded xorshift64* generator: the same seed gives the same kills.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Spread the seed (splitmix64) so small seeds give unrelated streams; never 0.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Writes a GeoJSON file of `n` partner points (name and type, the required
/// fields) spread over Odense and its surroundings, wider than the demo's
/// partners so an import also moves the layer's extent.
pub fn partners_geojson(path: &Path, n: usize, seed: u64) {
    let mut rng = Rng::new(seed);
    let mut s = String::with_capacity(n * 150 + 64);
    s.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for i in 0..n {
        let lon = 10.20 + rng.next_f64() * 0.35;
        let lat = 55.30 + rng.next_f64() * 0.17;
        let sep = if i + 1 < n { ",\n" } else { "\n" };
        write!(
            s,
            "{{\"type\":\"Feature\",\"properties\":{{\"name\":\"Prøvepartner {i}\",\"partner_type\":\"grocer\"}},\
             \"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:.6},{lat:.6}]}}}}{sep}"
        )
        .unwrap();
    }
    s.push_str("]}\n");
    std::fs::write(path, s).expect("write partners file");
}
