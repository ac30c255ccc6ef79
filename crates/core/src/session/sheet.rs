//! The area sheet: everything a planning meeting reads about one focus area,
//! in one answer — its coverage figures (with the weekday × time-of-day
//! table), priority, "what to do next", the five mapping dimensions and the
//! fidelity checklist with its history. The app shows it beside the map; the
//! CLI's `coverage --json` and `next --json` give the same figures.

use super::Session;
use crate::coverage::{self, figures::AreaCoverage};
use crate::error::{Error, Result};
use crate::model::Layer;
use crate::planning::{self, NextSteps};
use crate::vocab::{self, Term};
use serde::Serialize;

/// One focus area as the area sheet shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AreaSheet {
    pub today: String,
    pub coverage: AreaCoverage,
    pub next: NextSteps,
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

    /// Records fidelity answers for a focus area (by fid) on a date: one
    /// undoable edit. Returns its label.
    pub fn answer_fidelity_for(&mut self, fid: i64, date: &str, answers: &[(String, String)]) -> Result<String> {
        self.change(|s| planning::answer_fidelity(&mut s.project, fid, date, answers))?;
        Ok(self.undo_state()?.undo.unwrap_or_default())
    }
}
