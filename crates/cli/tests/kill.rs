//! Kill tests (issue 15): the real `afdaek` binary is killed with SIGKILL at
//! random moments while it runs `import`, `tick`, `drive` or `undo` on a copy
//! of the demo project. After every kill:
//!
//! - the project opens: `afdaek info P --json` succeeds and a writable open
//!   works (a `tick` far from any road opens the project for writing, so it
//!   takes the lock and recovers the WAL, and is then refused for the point,
//!   not for the file); the two are run in alternating order so both the
//!   read-only and the writable open meet the crashed file first;
//! - `sqlite3 P 'PRAGMA integrity_check'` prints `ok`;
//! - the edit is all or nothing: the counts of partners, coverage rows,
//!   history groups (all and undone), history rows and audit lines are
//!   exactly those before the command or exactly those after a complete run,
//!   never a mixture (an import is there with all its partners or none, a
//!   tick, drive or undo with its history group and its coverage rows, or not
//!   at all);
//! - a command that had already exited 0 when the kill came has its edit there.
//!
//! `cargo test -p afdaek-cli --test kill -- --nocapture` runs 40 kills (10 per
//! command). `AFDAEK_KILLS=N` runs N for a recorded run; `AFDAEK_KILL_SEED=S`
//! changes the seed (default 15). A failure names the command, seed, kill
//! number and delay, and keeps the temporary directory with the project as
//! the kill left it (`killed-OP.gpkg*`).

mod common;

use common::{STREET, afdaek, afdaek_cmd, checkpoint, copy_project, demo, partners_geojson, sidecar, text, wal_bytes};
use std::ffi::OsString;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Where `drive` goes from [`STREET`]: about 3 km west through Odense C,
/// 70 road pieces, so the edit has many coverage rows to be half-written.
const DRIVE_TO: &str = "10.35,55.39";
/// Partners in the imported GeoJSON file.
const PARTNERS: usize = 3000;
const DEFAULT_KILLS: usize = 40;
const DEFAULT_SEED: u64 = 15;
const SIGKILL: i32 = 9;
/// A WAL file this long has no frames yet.
const WAL_HEADER: u64 = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Import,
    Tick,
    Drive,
    Undo,
}

const OPS: [Op; 4] = [Op::Import, Op::Tick, Op::Drive, Op::Undo];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Import => "import",
            Op::Tick => "tick",
            Op::Drive => "drive",
            Op::Undo => "undo",
        }
    }

    fn args(self, project: &Path, partners: &Path) -> Vec<OsString> {
        let (p, f) = (project.to_str().unwrap(), partners.to_str().unwrap());
        let v = match self {
            Op::Import => vec!["import", p, f, "--as", "partners"],
            Op::Tick => vec!["tick", p, "--at", STREET, "--date", "2026-11-20", "--method", "walk"],
            Op::Drive => {
                vec!["drive", p, "--via", STREET, "--via", DRIVE_TO, "--date", "2026-11-20", "--method", "car"]
            }
            Op::Undo => vec!["undo", p],
        };
        v.into_iter().map(OsString::from).collect()
    }
}

/// What the four edits can change, counted by the `sqlite3` program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct State {
    partners: i64,
    coverage: i64,
    groups: i64,
    undone: i64,
    history_rows: i64,
    audit: i64,
}

fn state(db: &Path) -> State {
    let line = common::sqlite(
        db,
        "SELECT (SELECT count(*) FROM partners), (SELECT count(*) FROM coverage), \
         (SELECT count(*) FROM afdaek_history_group), \
         (SELECT count(*) FROM afdaek_history_group WHERE undone = 1), \
         (SELECT count(*) FROM afdaek_history_row), (SELECT count(*) FROM audit_log);",
    );
    let v: Vec<i64> = line.split('|').map(|n| n.parse().unwrap_or_else(|_| panic!("sqlite3 said {line:?}"))).collect();
    assert_eq!(v.len(), 6, "sqlite3 said {line:?}");
    State { partners: v[0], coverage: v[1], groups: v[2], undone: v[3], history_rows: v[4], audit: v[5] }
}

/// One command under test: the project it starts from, the state before and
/// after a complete run, and how long a complete run takes.
struct Case {
    op: Op,
    base: PathBuf,
    before: State,
    after: State,
    duration: Duration,
}

#[derive(Default)]
struct Tally {
    kills: usize,
    /// Timed by the edit's first WAL frame rather than by the clock.
    at_wal: usize,
    /// Killed by the signal while it ran.
    mid: usize,
    /// … of which the edit had committed (killed while closing or printing).
    mid_committed: usize,
    /// … of which the edit had not committed but WAL frames were on disk
    /// (killed while writing the transaction).
    mid_uncommitted_wal: usize,
    /// Had exited 0 before the kill.
    after_exit: usize,
}

fn setup(dir: &Path, partners: &Path) -> Vec<Case> {
    let demo = demo(dir);
    partners_geojson(partners, PARTNERS, 1);
    // `undo` starts from the demo after a drive, so it has 70 coverage rows to remove.
    let undo_base = dir.join("undo-base.gpkg");
    copy_project(&demo, &undo_base);
    let out = afdaek(&Op::Drive.args(&undo_base, partners));
    assert!(out.status.success(), "drive for the undo base: {}", text(&out.stderr));
    checkpoint(&undo_base);

    OPS.iter()
        .map(|&op| {
            let base = if op == Op::Undo { undo_base.clone() } else { demo.clone() };
            let before = state(&base);
            // Three complete runs on fresh copies: the state they leave (always
            // the same) and the median time.
            let reference = dir.join(format!("reference-{}.gpkg", op.name()));
            let mut times = Vec::new();
            let mut after = None;
            for _ in 0..3 {
                copy_project(&base, &reference);
                let t = Instant::now();
                let out = afdaek(&op.args(&reference, partners));
                times.push(t.elapsed());
                assert!(out.status.success(), "{}: {}", op.name(), text(&out.stderr));
                let s = state(&reference);
                assert!(after.is_none_or(|a| a == s), "{}: two complete runs left {after:?} and {s:?}", op.name());
                after = Some(s);
            }
            times.sort();
            let after = after.unwrap();
            let one_more_group = State { groups: before.groups + 1, audit: before.audit + 1, ..before };
            match op {
                Op::Import => assert_eq!(
                    State {
                        partners: before.partners + PARTNERS as i64,
                        history_rows: after.history_rows,
                        ..one_more_group
                    },
                    after
                ),
                Op::Tick | Op::Drive => {
                    let rows = if op == Op::Drive { 10 } else { 1 };
                    assert!(after.coverage >= before.coverage + rows, "{after:?}");
                    assert_eq!(
                        State { coverage: after.coverage, history_rows: after.history_rows, ..one_more_group },
                        after
                    );
                }
                Op::Undo => {
                    assert!(after.coverage + 10 < before.coverage, "{after:?}");
                    assert_eq!(
                        State {
                            coverage: after.coverage,
                            undone: before.undone + 1,
                            audit: before.audit + 1,
                            ..before
                        },
                        after
                    );
                }
            }
            Case { op, base, before, after, duration: times[1] }
        })
        .collect()
}

/// The project opens for writing: a tick far from any road takes the lock,
/// recovers the WAL, and is refused for the point, not for the file.
fn writable_open(p: &Path) -> Result<(), String> {
    let out = afdaek(&[
        OsString::from("tick"),
        p.into(),
        "--at".into(),
        "10.0,55.0".into(),
        "--date".into(),
        "2026-11-20".into(),
        "--method".into(),
        "walk".into(),
    ]);
    let err = text(&out.stderr);
    if out.status.success() || !err.contains("ingen vej") {
        return Err(format!("a writable open failed: {err}"));
    }
    Ok(())
}

/// Every check after a kill; `Ok(true)` when the edit is there.
fn check(case: &Case, p: &Path, completed: bool, writable_first: bool) -> Result<bool, String> {
    if writable_first {
        writable_open(p)?;
    }
    let out = afdaek(&[OsString::from("info"), p.into(), "--json".into()]);
    if !out.status.success() {
        return Err(format!("afdaek info failed: {}", text(&out.stderr)));
    }
    let info: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("afdaek info --json is not JSON: {e}"))?;
    let count = |layer: &str| {
        info["layers"]
            .as_array()
            .and_then(|ls| ls.iter().find(|l| l["name"] == layer))
            .and_then(|l| l["count"].as_i64())
    };
    if !writable_first {
        writable_open(p)?;
    }
    let integrity = common::sqlite(p, "PRAGMA integrity_check;");
    if integrity != "ok" {
        return Err(format!("PRAGMA integrity_check: {integrity}"));
    }
    let s = state(p);
    if s != case.before && s != case.after {
        return Err(format!("half an edit: {s:?}; before {:?}, after a complete run {:?}", case.before, case.after));
    }
    if completed && s != case.after {
        return Err(format!("the command exited 0 but its edit is missing: {s:?}, expected {:?}", case.after));
    }
    if count("partners") != Some(s.partners) || count("coverage") != Some(s.coverage) {
        return Err(format!(
            "afdaek info counts partners {:?}, coverage {:?}; sqlite3 {s:?}",
            count("partners"),
            count("coverage")
        ));
    }
    Ok(s == case.after)
}

/// Waits until the edit's first WAL frame is on disk (or the command exits,
/// or 30 s pass), then `extra` more.
fn wait_for_wal(p: &Path, child: &mut Child, extra: Duration) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while wal_bytes(p) <= WAL_HEADER {
        if Instant::now() > deadline || child.try_wait().expect("try_wait").is_some() {
            return;
        }
        std::thread::sleep(Duration::from_micros(50));
    }
    std::thread::sleep(extra);
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| v.trim().parse().unwrap_or_else(|_| panic!("{name}={v} is not a number")))
}

#[test]
fn sigkill_at_random_moments_never_leaves_half_an_edit() {
    let kills = env_number("AFDAEK_KILLS").map_or(DEFAULT_KILLS, |n| n as usize);
    let seed = env_number("AFDAEK_KILL_SEED").unwrap_or(DEFAULT_SEED);
    let dir = tempfile::tempdir().unwrap();
    let partners = dir.path().join("partners.geojson");
    let started = Instant::now();
    let cases = setup(dir.path(), &partners);
    let mut tallies: Vec<Tally> = OPS.iter().map(|_| Tally::default()).collect();
    let mut rng = common::Rng::new(seed);

    for i in 0..kills {
        let (case, tally) = (&cases[i % OPS.len()], &mut tallies[i % OPS.len()]);
        // Three kills in four come at a random moment from at once to a little
        // past a complete run (so some come after the exit); one in four while
        // the edit is being written: once its first WAL frame is on disk, plus 0–0.3 ms.
        let at_wal = rng.next_f64() < 0.25;
        let delay = case.duration.mul_f64(1.3 * rng.next_f64());
        let extra = Duration::from_micros((rng.next_f64() * 300.0) as u64);
        let p = dir.path().join(format!("kill-{}.gpkg", case.op.name()));
        copy_project(&case.base, &p);

        let mut child = afdaek_cmd(&case.op.args(&p, &partners))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn afdaek");
        let spawned = Instant::now();
        if at_wal {
            wait_for_wal(&p, &mut child, extra);
        } else {
            std::thread::sleep(delay);
        }
        let _ = child.kill(); // SIGKILL; a child that has exited is still a zombie here
        let delay = spawned.elapsed();
        let out = child.wait_with_output().expect("wait for afdaek");
        let wal = wal_bytes(&p);
        // The file as the kill left it, kept if a check fails.
        let kept = dir.path().join(format!("killed-{}.gpkg", case.op.name()));
        for s in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(sidecar(&kept, s));
            let _ = std::fs::copy(sidecar(&p, s), sidecar(&kept, s));
        }

        let killed = out.status.signal() == Some(SIGKILL);
        let completed = out.status.code() == Some(0);
        let result = if killed || completed {
            check(case, &p, completed, i % 2 == 0)
        } else {
            Err(format!("exited with {} before the kill: {}", out.status, text(&out.stderr)))
        };
        match result {
            Ok(committed) => {
                tally.kills += 1;
                tally.at_wal += usize::from(at_wal);
                if completed {
                    tally.after_exit += 1;
                } else {
                    tally.mid += 1;
                    tally.mid_committed += usize::from(committed);
                    tally.mid_uncommitted_wal += usize::from(!committed && wal > WAL_HEADER);
                }
            }
            Err(e) => {
                let kept_dir = dir.keep();
                panic!(
                    "{} kill {i} (AFDAEK_KILL_SEED={seed}, {} after {delay:?} of a {:?} run, {}): {e}\n\
                     the project as the kill left it: {}",
                    case.op.name(),
                    if at_wal { "timed by the first WAL frame" } else { "timed by the clock" },
                    case.duration,
                    if killed { "killed mid-command" } else { "after exit" },
                    kept_dir.join(format!("killed-{}.gpkg", case.op.name())).display()
                );
            }
        }
        if kills >= 200 && (i + 1) % 100 == 0 {
            eprintln!("kill: {} of {kills} kills, {:.0} s", i + 1, started.elapsed().as_secs_f64());
        }
    }

    let per_op: Vec<String> = cases
        .iter()
        .zip(&tallies)
        .map(|(c, t)| {
            format!(
                "{} {} ({} at the first WAL frame; {} mid-command [{} committed, {} with uncommitted WAL frames], \
                 {} after exit; run {} ms)",
                c.op.name(),
                t.kills,
                t.at_wal,
                t.mid,
                t.mid_committed,
                t.mid_uncommitted_wal,
                t.after_exit,
                c.duration.as_millis()
            )
        })
        .collect();
    println!(
        "kill: {kills} kills (seed {seed}, {:.0} s): {}; all checks ok",
        started.elapsed().as_secs_f64(),
        per_op.join(", ")
    );
}

/// The harness itself: a complete import passes, one partner short is "half
/// an edit", and a missing edit after an exit 0 is caught.
#[test]
fn the_checks_catch_a_half_edit_and_a_lost_one() {
    let dir = tempfile::tempdir().unwrap();
    let partners = dir.path().join("partners.geojson");
    partners_geojson(&partners, 50, 2);
    let base = demo(dir.path());
    let p = dir.path().join("p.gpkg");
    copy_project(&base, &p);
    let out = afdaek(&Op::Import.args(&p, &partners));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let case =
        Case { op: Op::Import, base: base.clone(), before: state(&base), after: state(&p), duration: Duration::ZERO };
    assert_eq!(check(&case, &p, true, true), Ok(true));

    common::sqlite(&p, "DELETE FROM partners WHERE fid = (SELECT max(fid) FROM partners);");
    let e = check(&case, &p, false, false).unwrap_err();
    assert!(e.starts_with("half an edit"), "{e}");

    copy_project(&case.base, &p);
    assert_eq!(check(&case, &p, false, true), Ok(false));
    let e = check(&case, &p, true, false).unwrap_err();
    assert!(e.starts_with("the command exited 0 but its edit is missing"), "{e}");
}
