//! Planning a focus area: its priority, the five mapping dimensions, the
//! fidelity checklist over time, and a "what to do next" summary — the
//! questions a team asks at the planning meeting, one core call each.

pub mod dimensions;
pub mod eyes;
pub mod plan;
pub mod priority;

use crate::blindspots::{self, BlindSpot};
use crate::coverage::figures::{Context, StreetCoverage};
use crate::error::{Error, Result};
use crate::fields::{areas, partners};
use crate::model::{Feature, Layer};
use crate::network::Network;
use crate::store::Project;
use crate::vocab;
use dimensions::Dimension;
use geo_types::{Geometry, MultiPolygon};
use priority::FocusPriority;
use serde::Serialize;
use std::collections::BTreeMap;

/// A street is "uncovered" in the summary when less than this share of it
/// inside the area was covered within the window.
pub const UNCOVERED_SHARE: f64 = 0.5;
/// How many entries each list of the summary shows at most.
pub const SUMMARY_LIMIT: usize = 10;

/// One date's answers to the fidelity checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FidelityRound {
    pub date: String,
    /// Question code → answer code (SCALE5).
    pub answers: BTreeMap<String, String>,
}

/// The checklist history of a focus area, oldest first, so change shows.
pub fn fidelity(p: &Project, area_fid: i64) -> Result<Vec<FidelityRound>> {
    let mut by_date: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (date, q, a) in p.fidelity_answers(area_fid)? {
        by_date.entry(date).or_default().insert(q, a);
    }
    Ok(by_date.into_iter().map(|(date, answers)| FidelityRound { date, answers }).collect())
}

/// Records a round of answers (one undo step). Unknown questions or answers are refused.
pub fn answer_fidelity(p: &mut Project, area_fid: i64, date: &str, answers: &[(String, String)]) -> Result<()> {
    p.feature(Layer::FocusAreas, area_fid)?;
    p.edit("Fidelitetsskema", |ed| {
        for (q, a) in answers {
            ed.set_fidelity_answer(area_fid, date, q, a)?;
        }
        Ok(())
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerTodo {
    pub fid: i64,
    pub name: String,
    pub partner_type: Option<String>,
    pub contact_status: Option<String>,
    pub next_contact: Option<String>,
    /// `not_started` (no contact yet) or `overdue` (next contact date passed).
    pub why: &'static str,
}

/// "What to do next" for one focus area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextSteps {
    pub fid: i64,
    pub name: String,
    pub priority: FocusPriority,
    pub covered_share: f64,
    pub last_covered: Option<String>,
    /// Streets with less than half covered in the window, most uncovered metres first.
    pub uncovered_streets: Vec<StreetCoverage>,
    pub uncovered_streets_total: usize,
    /// Candidate places inside the area with no covered street near them.
    pub blind_spots_inside: Vec<BlindSpot>,
    pub blind_spots_inside_total: usize,
    pub partners_to_contact: Vec<PartnerTodo>,
    /// Partners' eyes: who already passes the uncovered streets where people
    /// live (meal routes, partners' reach), most seen length first.
    pub partners_eyes: Vec<eyes::PartnerEyes>,
    pub empty_dimensions: Vec<&'static str>,
    pub dimensions: Vec<Dimension>,
    pub fidelity: Vec<FidelityRound>,
    /// `not_reviewed` when the area was last reviewed before the stale limit.
    pub stale: Vec<&'static str>,
}

/// Finds a focus area by name (case-insensitive), or says which exist.
pub fn focus_area_by_name(p: &Project, name: &str) -> Result<Feature> {
    let all = p.features(Layer::FocusAreas)?;
    let names: Vec<String> = all.iter().filter_map(|f| f.text(areas::NAME).map(String::from)).collect();
    all.into_iter().find(|f| f.text(areas::NAME).is_some_and(|n| n.eq_ignore_ascii_case(name.trim()))).ok_or_else(
        || Error::invalid("area", format!("intet fokusområde hedder '{name}' (der er: {})", names.join(", "))),
    )
}

/// The next-steps summary of every focus area (or one), as of `today`.
pub fn next_steps(p: &Project, net: &Network, today: &str, only: Option<i64>) -> Result<Vec<NextSteps>> {
    let s = p.settings();
    let ctx = Context::new(p, net, s.recency_days, today)?;
    let analysis = blindspots::analyse_with(p, net, &ctx.records, today)?;
    let stale_since = crate::coverage::figures::cutoff(today, s.stale_days)?;
    let partners = p.features(Layer::Partners)?;
    let housing = eyes::HousingTypes::new(p)?;
    let mut out = Vec::new();
    for f in p.features(Layer::FocusAreas)? {
        let (Some(fid), Some(Geometry::MultiPolygon(mp))) = (f.fid, &f.geometry) else { continue };
        if only.is_some_and(|o| o != fid) {
            continue;
        }
        let mut next = summary(p, &ctx, &analysis, &partners, &f, fid, mp, today, &stale_since)?;
        next.partners_eyes = eyes::partners_eyes(&ctx, mp, &housing);
        out.push(next);
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn summary(
    p: &Project,
    ctx: &Context<'_>,
    analysis: &blindspots::Analysis,
    partners: &[Feature],
    f: &Feature,
    fid: i64,
    mp: &MultiPolygon<f64>,
    today: &str,
    stale_since: &str,
) -> Result<NextSteps> {
    let name = f.text(areas::NAME).unwrap_or("(uden navn)").to_string();
    let fig = ctx.area(&name, Layer::FocusAreas, Some(fid), mp);
    let mut uncovered: Vec<StreetCoverage> = fig
        .streets
        .iter()
        .filter(|s| s.street_length_m > 0.0 && s.covered_length_m / s.street_length_m < UNCOVERED_SHARE)
        .cloned()
        .collect();
    uncovered
        .sort_by(|a, b| (b.street_length_m - b.covered_length_m).total_cmp(&(a.street_length_m - a.covered_length_m)));
    let uncovered_total = uncovered.len();
    uncovered.truncate(SUMMARY_LIMIT);
    let mut inside = analysis.uncovered_in(mp)?;
    let inside_total = inside.len();
    inside.truncate(SUMMARY_LIMIT);
    let prepared = crate::coverage::intervals::PreparedArea::new(mp);
    let partners_to_contact = partners
        .iter()
        .filter(|pf| dimensions::partner_in_area(pf, mp, &prepared))
        .filter_map(|pf| {
            let status = pf.text(partners::CONTACT_STATUS);
            let next = pf.text(partners::NEXT_CONTACT);
            let why = if status.is_none_or(|s| s == "not_started") {
                "not_started"
            } else if status != Some("done") && next.is_some_and(|d| d < today) {
                "overdue"
            } else {
                return None;
            };
            Some(PartnerTodo {
                fid: pf.fid?,
                name: pf.text(partners::NAME).unwrap_or("(uden navn)").into(),
                partner_type: pf.text(partners::PARTNER_TYPE).map(String::from),
                contact_status: status.map(String::from),
                next_contact: next.map(String::from),
                why,
            })
        })
        .collect();
    let dims = dimensions::dimensions(p, f, mp)?;
    let mut stale = Vec::new();
    if f.text(areas::LAST_REVIEWED).is_none_or(|d| d < stale_since) {
        stale.push("not_reviewed");
    }
    if fig.last_covered.as_deref().is_none_or(|d| d < stale_since) {
        stale.push("not_visited");
    }
    Ok(NextSteps {
        fid,
        name,
        priority: priority::of(f),
        covered_share: fig.covered_share,
        last_covered: fig.last_covered.clone(),
        uncovered_streets: uncovered,
        uncovered_streets_total: uncovered_total,
        blind_spots_inside: inside,
        blind_spots_inside_total: inside_total,
        partners_to_contact,
        partners_eyes: Vec::new(),
        empty_dimensions: dims.iter().filter(|d| d.empty).map(|d| d.code).collect(),
        dimensions: dims,
        fidelity: fidelity(p, fid)?,
        stale,
    })
}

/// The Danish label of a fidelity question code.
pub fn question_label(code: &str) -> &'static str {
    vocab::label_da(vocab::FIDELITY_QUESTIONS, code).unwrap_or("?")
}
