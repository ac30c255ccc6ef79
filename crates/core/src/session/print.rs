//! The area plan (PDF) and its preview, over the session's network.

use super::Session;
use crate::error::Result;
use crate::print::{self, PlanOptions, PlanPdf, PlanPreview};

impl Session {
    /// The area plan or atlas of `opts` as PDF (nothing is written to the
    /// project; the caller saves the bytes).
    pub fn area_plan(&mut self, opts: &PlanOptions) -> Result<PlanPdf> {
        let net = self.network.get(&self.project)?;
        print::render(&self.project, net, opts)
    }

    /// Page 1 of the same document as SVG, for a preview before saving.
    pub fn area_plan_preview(&mut self, opts: &PlanOptions) -> Result<PlanPreview> {
        let net = self.network.get(&self.project)?;
        print::preview(&self.project, net, opts)
    }
}
