//! The communication plan of a focus area (DOMAIN.md): who the team tells
//! what, through which medium, who is responsible, by when, how it went.
//! Rows live in the `communication_plan` attribute table; adding, changing
//! and removing one is an undoable edit like any other. Free text passes the
//! privacy guard (a plan is about places and partners, never citizens).

use crate::error::{Error, Result};
use crate::model::Layer;
use crate::store::{Edit, Project};
use serde::{Deserialize, Serialize};

/// One row of a communication plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanRow {
    /// Its number in the table; `None` before it is stored.
    pub fid: Option<i64>,
    pub area_fid: i64,
    /// The partner (organisation) the message goes to or through.
    pub partner: Option<String>,
    pub message: String,
    /// Letter, meeting, e-mail, Facebook group, notice board …
    pub medium: Option<String>,
    /// Who on the team does it (staff, not citizens).
    pub responsible: Option<String>,
    /// By when, in the team's words ("uge 12", "marts 2027").
    pub timeframe: Option<String>,
    /// A contact-status code: not_started, in_progress, done.
    pub status: Option<String>,
    pub evaluation: Option<String>,
}

impl PlanRow {
    fn texts(&self) -> [(&'static str, Option<&str>); 6] {
        [
            ("partner", self.partner.as_deref()),
            ("message", Some(self.message.as_str())),
            ("medium", self.medium.as_deref()),
            ("responsible", self.responsible.as_deref()),
            ("timeframe", self.timeframe.as_deref()),
            ("evaluation", self.evaluation.as_deref()),
        ]
    }

    /// Refuses an empty message, a CPR number in any text and an unknown status.
    pub fn check(&self) -> Result<()> {
        if self.message.trim().is_empty() {
            return Err(Error::invalid("message", "Budskab skal udfyldes"));
        }
        for (name, value) in self.texts() {
            if let Some(v) = value {
                crate::privacy::check_text(name, v)?;
                if v.len() > 10_000 {
                    return Err(Error::invalid(name, "teksten er for lang (over 10.000 tegn)"));
                }
            }
        }
        if let Some(s) = &self.status
            && crate::vocab::find(crate::vocab::CONTACT_STATUS, s).is_none()
        {
            return Err(Error::invalid("status", format!("ukendt status '{s}'")));
        }
        Ok(())
    }
}

fn blank_to_none(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The plan's rows for one focus area, in the order they were added.
pub fn rows(p: &Project, area_fid: i64) -> Result<Vec<PlanRow>> {
    p.plan_rows(area_fid)
}

/// Adds a row to a focus area's plan (in an edit). Returns its fid.
pub fn add(ed: &mut Edit<'_>, mut row: PlanRow) -> Result<i64> {
    row.fid = None;
    for v in [
        &mut row.partner,
        &mut row.medium,
        &mut row.responsible,
        &mut row.timeframe,
        &mut row.status,
        &mut row.evaluation,
    ] {
        *v = blank_to_none(v.take());
    }
    row.message = row.message.trim().to_string();
    row.check()?;
    if ed.feature(Layer::FocusAreas, row.area_fid)?.is_none() {
        return Err(Error::invalid("area_fid", format!("fokusområde nr. {} findes ikke", row.area_fid)));
    }
    ed.insert_plan_row(&row)
}
