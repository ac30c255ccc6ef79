//! Every fuzz target (`afdaek_core::fuzz`) over its seed corpus
//! (`fuzz/corpus/<target>`) and a few thousand deterministic mutations of it:
//! the brief run the test command makes. A panic fails the test with the
//! input written to `target/test-output/fuzz-crash-<target>.bin` so it can
//! become a regression seed; the long coverage-guided runs are
//! `cargo xtask fuzz TARGET` (docs/RELIABILITY.md).

use afdaek_core::fuzz::TARGETS;
use std::path::{Path, PathBuf};

/// xorshift64*: the same mutations on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Bytes that matter to the formats: brackets, quotes, separators, digits, signs, NUL, 0xff.
const INTERESTING: &[u8] = b"[]{}<>\"',;:-.0123456789eE+ \n\t/\\\x00\xff(";

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                v[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(64)).min(len);
                v.drain(a..b);
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(64)).min(len);
                let piece = v[a..b].to_vec();
                let at = rng.below(v.len());
                v.splice(at..at, piece);
            }
            4 => v.truncate(rng.below(len + 1)),
            5 => {
                let at = rng.below(len + 1);
                let n = rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                v.splice(at..at, bytes);
            }
            _ if len > 0 => {
                // Repeat an opening character many times: nesting.
                let at = rng.below(len);
                let c = INTERESTING[rng.below(6)];
                v.splice(at..at, std::iter::repeat_n(c, 1 + rng.below(3000)));
            }
            _ => {}
        }
    }
    v
}

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{target} has no seeds");
    files
}

fn run(name: &str, f: fn(&[u8]), iterations: usize) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
    let seeds: Vec<Vec<u8>> = corpus(name).iter().map(|p| std::fs::read(p).unwrap()).collect();
    let mut inputs: Vec<Vec<u8>> = seeds.clone();
    for k in 0..iterations {
        inputs.push(mutate(&seeds[k % seeds.len()], &mut rng));
    }
    let trace = std::env::var_os("AFDAEK_FUZZ_TRACE").is_some();
    for (k, input) in inputs.into_iter().enumerate() {
        if trace {
            let out =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/test-output/fuzz-current-{name}.bin"));
            std::fs::create_dir_all(out.parent().unwrap()).unwrap();
            std::fs::write(&out, &input).unwrap();
            eprintln!("{name} #{k}: {} bytes", input.len());
        }
        let started = std::time::Instant::now();
        let outcome = std::panic::catch_unwind(|| f(&input));
        if outcome.is_err() || started.elapsed().as_secs() >= 5 {
            let out =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/test-output/fuzz-crash-{name}.bin"));
            std::fs::create_dir_all(out.parent().unwrap()).unwrap();
            std::fs::write(&out, &input).unwrap();
            panic!(
                "fuzz target {name}: {} on an input of {} bytes, written to {}",
                if outcome.is_err() { "panicked" } else { "took 5 s or more" },
                input.len(),
                out.display()
            );
        }
    }
    eprintln!("{name}: {} seeds, {iterations} mutations, no panic", seeds.len());
}

#[test]
fn every_reader_survives_its_seeds_and_their_mutations() {
    // AFDAEK_FUZZ_ONLY=kml runs one target (to chase a finding).
    let only = std::env::var("AFDAEK_FUZZ_ONLY").ok();
    for (name, f) in TARGETS.iter().filter(|(n, _)| only.as_deref().is_none_or(|o| o == *n)) {
        // Opening a whole project file per input is the slow one.
        let n = if *name == "gpkg_open" { 150 } else { 2_000 };
        run(name, *f, n);
    }
}
