//! The area plan as PDF: the document a team takes out of the meeting.
//!
//! `document` gathers what a plan says from the same core calls as `afdaek
//! coverage` and `afdaek next`; `map_svg` draws each map from the project's
//! data as vector SVG inside a `frame` at a round scale; `typeset` lays the
//! repo's typst template (`plan.typ`) out with that data and writes the PDF
//! (or page 1 as SVG for the app's preview). Start at [`render`].

pub mod document;
pub mod frame;
pub mod map_svg;
pub mod typeset;

pub use document::{AreaChoice, PlanOptions};
pub use frame::Paper;
pub use map_svg::LayerChoice;

use crate::error::Result;
use crate::network::Network;
use crate::store::Project;
use serde::Serialize;

/// A finished plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanPdf {
    #[serde(skip)]
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub areas: Vec<String>,
    /// Features drawn on the maps (all pages).
    pub features: usize,
    pub bytes: usize,
}

/// Page 1 of a plan as SVG, for the export dialog's preview.
#[derive(Debug, Clone, Serialize)]
pub struct PlanPreview {
    pub svg: String,
    pub pages: usize,
    pub areas: Vec<String>,
}

fn lay_out(p: &Project, net: &Network, opts: &PlanOptions) -> Result<(typeset::Laid, Vec<String>, usize)> {
    let g = document::gather(p, net, opts)?;
    let data = serde_json::to_vec(&g.doc).map_err(|e| crate::Error::invalid("print", e.to_string()))?;
    let areas = g.doc.areas.iter().map(|a| a.name.clone()).collect();
    Ok((typeset::lay_out(&data, g.files, &g.today)?, areas, g.features))
}

/// Renders the plan of `opts` as PDF.
pub fn render(p: &Project, net: &Network, opts: &PlanOptions) -> Result<PlanPdf> {
    let (laid, areas, features) = lay_out(p, net, opts)?;
    let pdf = laid.pdf(&format!("afdaek-plan:{}", p.settings().name))?;
    Ok(PlanPdf { pages: laid.pages(), bytes: pdf.len(), pdf, areas, features })
}

/// Renders page 1 of the plan of `opts` as SVG.
pub fn preview(p: &Project, net: &Network, opts: &PlanOptions) -> Result<PlanPreview> {
    let (laid, areas, _) = lay_out(p, net, opts)?;
    Ok(PlanPreview { svg: laid.page_svg(0).unwrap_or_default(), pages: laid.pages(), areas })
}

/// Writes a finished plan to `path` whole or not at all (a `.partial` file
/// renamed into place), so an interrupted save never leaves half a PDF.
pub fn save(pdf: &[u8], path: &std::path::Path) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = std::path::PathBuf::from(tmp);
    let write = || -> std::io::Result<()> {
        std::fs::write(&tmp, pdf)?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        crate::Error::invalid("out", format!("kunne ikke gemme {}: {e}", path.display()))
    })
}
