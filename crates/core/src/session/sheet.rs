//! The area sheet: everything a planning meeting reads about one focus area,
//! in one answer — its coverage figures (with the weekday × time-of-day
//! table), priority, "what to do next", the five mapping dimensions and the
//! fidelity checklist with its history. The app shows it beside the map; the
//! CLI's `coverage --json` and `next --json` give the same figures.

use super::Session;
use crate::coverage::{self, figures::AreaCoverage};
use crate::error::{Error, Result};
use crate::model::Layer;
use crate::planning::plan::{self, PlanRow};
use crate::planning::{self, NextSteps};
use crate::vocab::{self, Term};
use serde::Serialize;

/// One focus area as the area sheet shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AreaSheet {
    pub today: String,
    pub coverage: AreaCoverage,
    pub next: NextSteps,
    /// The area's communication plan (partner, message, medium, responsible, timeframe, status, evaluation).
    pub plan: Vec<PlanRow>,
    /// The statuses a plan row may have (the contact statuses).
    pub plan_statuses: &'static [Term],
    /// The fidelity checklist's questions and the answers a team may give.
    pub fidelity_questions: &'static [Term],
    pub fidelity_answers: &'static [Term],
    /// Weekday and time-of-day codes in the order the table shows them.
    pub weekdays: &'static [Term],
    /// The times of day, and "unknown" for visits that did not say.
    pub times_of_day: Vec<Term>,
}

impl Session {
    /// The area sheet of a focus area (by fid), as of `today` (default: today).
    pub fn area_sheet(&mut self, fid: i64, today: Option<String>) -> Result<AreaSheet> {
        let today = today.unwrap_or_else(coverage::figures::today);
        let coverage = self.area_coverage(Layer::FocusAreas, fid, Some(today.clone()))?;
        let net = self.network.get(&self.project)?;
        let next = planning::next_steps(&self.project, net, &today, Some(fid))?
            .into_iter()
            .next()
            .ok_or_else(|| Error::invalid("fid", format!("fokusområde nr. {fid} findes ikke")))?;
        Ok(AreaSheet {
            today,
            coverage,
            next,
            plan: plan::rows(&self.project, fid)?,
            plan_statuses: vocab::CONTACT_STATUS,
            fidelity_questions: vocab::FIDELITY_QUESTIONS,
            fidelity_answers: vocab::SCALE5,
            weekdays: vocab::WEEKDAYS,
            times_of_day: vocab::TIMES_OF_DAY
                .iter()
                .copied()
                .chain([Term { code: "unknown", da: "ikke angivet", en: "not given" }])
                .collect(),
        })
    }

    /// Adds a row to a focus area's communication plan: one undoable edit.
    /// Returns the new row's fid and the edit's label.
    pub fn add_plan_row(&mut self, row: PlanRow) -> Result<(i64, String)> {
        let area = self.project.feature(Layer::FocusAreas, row.area_fid)?;
        let label = format!("Kommunikationsplan: ny række ({})", area.str("name").unwrap_or("fokusområde"));
        let fid = self.change(|s| s.project.edit(&label, |ed| plan::add(ed, row)))?;
        Ok((fid, label))
    }

    /// Removes a row of a communication plan: one undoable edit.
    pub fn delete_plan_row(&mut self, fid: i64) -> Result<String> {
        let label = format!("Kommunikationsplan: række {fid} slettet");
        self.change(|s| s.project.edit(&label, |ed| ed.delete_plan_row(fid)))?;
        Ok(label)
    }

    /// A focus area's communication plan (by the area's name, as the CLI asks).
    pub fn plan(&self, area: &str) -> Result<(i64, Vec<PlanRow>)> {
        let fid = self.focus_area_fid(area)?;
        Ok((fid, plan::rows(&self.project, fid)?))
    }

    /// Records fidelity answers for a focus area (by fid) on a date: one
    /// undoable edit. Returns its label.
    pub fn answer_fidelity_for(&mut self, fid: i64, date: &str, answers: &[(String, String)]) -> Result<String> {
        self.change(|s| planning::answer_fidelity(&mut s.project, fid, date, answers))?;
        Ok(self.undo_state()?.undo.unwrap_or_default())
    }
}
