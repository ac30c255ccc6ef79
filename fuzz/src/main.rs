//! One libFuzzer binary for every target of `afdaek_core::fuzz::TARGETS`,
//! chosen by `AFDAEK_FUZZ_TARGET` (so the instrumented core is built once).
//! Run it through `cargo xtask fuzz TARGET`, which sets the coverage flags
//! (stable rustc: `-Cpasses=sancov-module` and LLVM's sanitizer-coverage
//! options; no nightly sanitizer) and the corpus folders.

#![no_main]

use std::sync::OnceLock;

fn target() -> fn(&[u8]) {
    static T: OnceLock<fn(&[u8])> = OnceLock::new();
    *T.get_or_init(|| {
        let name = std::env::var("AFDAEK_FUZZ_TARGET").unwrap_or_default();
        match afdaek_core::fuzz::TARGETS.iter().find(|(n, _)| *n == name) {
            Some((_, f)) => *f,
            None => {
                let names: Vec<&str> = afdaek_core::fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
                eprintln!("AFDAEK_FUZZ_TARGET='{name}' is not a target: {}", names.join(", "));
                std::process::exit(2);
            }
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    target()(data);
});
