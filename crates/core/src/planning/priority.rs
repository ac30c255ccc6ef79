//! Focus-area priority: the team's own, or derived from the four criteria
//! (fit with the target group, the task, existing partners, expected yield of
//! contact; each 1–5, 5 best). Priority 1 is the highest, as teams say
//! "prioritet 1".
//!
//! ```
//! use afdaek_core::planning::priority::derive;
//! assert_eq!(derive(&[Some(5), Some(5), Some(4), Some(5)]), Some(1));
//! assert_eq!(derive(&[Some(3), None, Some(3), None]), Some(3));
//! assert_eq!(derive(&[None, None, None, None]), None);
//! ```

use crate::error::Result;
use crate::fields::{areas, focus_areas};
use crate::model::{Feature, Layer};
use crate::store::Project;
use serde::Serialize;

pub const CRITERIA: [&str; 4] = ["crit_target_fit", "crit_task", "crit_partners", "crit_yield"];

/// The priority the criteria give: the mean score turned round (5 → 1, 1 → 5).
pub fn derive(scores: &[Option<i64>; 4]) -> Option<u8> {
    let set: Vec<f64> = scores.iter().flatten().map(|&s| s as f64).collect();
    if set.is_empty() {
        return None;
    }
    let mean = set.iter().sum::<f64>() / set.len() as f64;
    Some((6.0 - mean).round().clamp(1.0, 5.0) as u8)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusPriority {
    pub fid: i64,
    pub name: String,
    /// What the map colours by: the team's priority, else the derived one.
    pub priority: Option<u8>,
    /// `team`, `criteria`, or null when neither is set.
    pub priority_source: Option<&'static str>,
    /// What the criteria alone give (shown beside the team's choice).
    pub derived: Option<u8>,
    pub criteria: [Option<i64>; 4],
    pub status: Option<String>,
    pub team: Option<String>,
    pub last_reviewed: Option<String>,
}

pub fn of(f: &Feature) -> FocusPriority {
    let criteria = CRITERIA.map(|c| f.i64(c));
    let derived = derive(&criteria);
    let team = f.int(focus_areas::PRIORITY).map(|p| p.clamp(1, 5) as u8);
    FocusPriority {
        fid: f.fid.unwrap_or(0),
        name: f.text(areas::NAME).unwrap_or("(uden navn)").to_string(),
        priority: team.or(derived),
        priority_source: if team.is_some() {
            Some("team")
        } else if derived.is_some() {
            Some("criteria")
        } else {
            None
        },
        derived,
        criteria,
        status: f.text(focus_areas::STATUS).map(String::from),
        team: f.text(focus_areas::TEAM).map(String::from),
        last_reviewed: f.text(areas::LAST_REVIEWED).map(String::from),
    }
}

/// Focus areas ranked by priority (1 first; unprioritised last), then name.
pub fn ranked(p: &Project) -> Result<Vec<FocusPriority>> {
    let mut v: Vec<FocusPriority> = p.features(Layer::FocusAreas)?.iter().map(of).collect();
    v.sort_by(|a, b| {
        a.priority.unwrap_or(u8::MAX).cmp(&b.priority.unwrap_or(u8::MAX)).then_with(|| a.name.cmp(&b.name))
    });
    Ok(v)
}

/// Sets a focus area's priority to what its criteria give (one undo step).
pub fn apply_derived(p: &mut Project, fid: i64) -> Result<Option<u8>> {
    let f = p.feature(Layer::FocusAreas, fid)?;
    let Some(d) = of(&f).derived else { return Ok(None) };
    let mut patch = serde_json::Map::new();
    patch.insert("priority".into(), d.into());
    p.edit("Prioritet fra kriterier", |ed| ed.update_attrs(Layer::FocusAreas, fid, patch))?;
    Ok(Some(d))
}
