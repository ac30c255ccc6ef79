//! The area plan PDF from the demo project: a single area and the atlas,
//! checked with the tools a reader's machine has (qpdf, poppler).

use afdaek_core::print::{AreaChoice, LayerChoice, Paper, PlanOptions};
use afdaek_core::session::{Access, Session};
use std::path::{Path, PathBuf};
use std::process::Command;

fn demo(dir: &Path) -> Session {
    let path = dir.join("demo.gpkg");
    drop(afdaek_core::demo::build(&path, &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")).unwrap());
    Session::open(&path, Access::Write).unwrap()
}

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/test-output/print");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(cmd: &str, args: &[&str]) -> String {
    let o =
        Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e} (apt install qpdf poppler-utils)"));
    assert!(o.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn one_area_plan_is_a_valid_pdf_with_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let opts = PlanOptions {
        areas: AreaChoice::One("Vollsmose".into()),
        today: Some("2026-12-01".into()),
        ..Default::default()
    };
    let plan = s.area_plan(&opts).unwrap();
    assert_eq!(plan.areas, vec!["Vollsmose".to_string()]);
    assert!(plan.pages >= 2, "a map page and a sheet: {}", plan.pages);
    let pdf = out_dir().join("vollsmose.pdf");
    std::fs::write(&pdf, &plan.pdf).unwrap();
    run("qpdf", &["--check", pdf.to_str().unwrap()]);
    let text = run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    for heading in [
        "Vollsmose",
        "Prioritet og ansvar",
        "Dækning",
        "De fem afdækningsdimensioner",
        "Fidelitetsskema",
        "Samarbejdspartnere",
        "Kommunikationsplan",
        "Hvad nu",
        "side 1 af",
    ] {
        assert!(text.contains(heading), "'{heading}' missing from:\n{text}");
    }
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("595.276 x 841.89") || info.contains("595.28 x 841.89"), "A4 portrait: {info}");
}

#[test]
fn unknown_area_and_layer_are_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let e = s
        .area_plan(&PlanOptions { areas: AreaChoice::One("Atlantis".into()), ..Default::default() })
        .unwrap_err()
        .to_string();
    assert!(e.contains("Atlantis") && e.contains("Vollsmose"), "{e}");
    assert!(LayerChoice::parse("roads,cpr").is_err());
    let _ = Paper::A3;
}
