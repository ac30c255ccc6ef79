//! Project settings, stored as key → JSON rows in the `settings` table.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The project's name, shown in the window title and on plans.
    pub name: String,
    /// Four-digit municipality code with its leading zero ("0461").
    pub municipality: Option<String>,
    /// EPSG code of the project CRS (fixed when the project is made).
    pub srs_id: i32,
    /// Coverage older than this many days does not count as covered.
    pub recency_days: u32,
    /// An area not reviewed or visited within this many days is stale.
    pub stale_days: u32,
    /// Initials of the person editing, written into the audit log.
    pub user_initials: String,
    /// Colour per partner contact status (one municipality used red for done).
    pub status_colours: BTreeMap<String, String>,
    /// How blind spots are found and ranked (see `crate::blindspots`).
    pub blindspots: BlindSpotSettings,
    /// The teams working in the project (offered wherever a team is named).
    pub teams: Vec<String>,
    /// How the team last covered streets here (method, team, time of day):
    /// the app's visit bar starts from it, on every laptop that opens the file.
    pub last_visit: Option<LastVisit>,
}

/// The visit a tick, drive or track was last credited with, less its date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastVisit {
    pub method: String,
    pub team: Option<String>,
    pub time_of_day: Option<String>,
    /// When it was used (YYYY-MM-DD): a time of day is only reused the same day.
    pub date: String,
}

/// Settings of the blind-spot analysis. The defaults are argued in
/// `crate::blindspots` and ARCHITECTURE.md; a team may change any of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlindSpotSettings {
    /// Dwellings closer than this are neighbours when rural plots are derived.
    /// 150 m: 2.5 times the 95th percentile of the nearest-dwelling distance in
    /// Odense's town fabric (60 m), and below Statistics Denmark's 200 m rule
    /// for what joins an urban area, so no town house is flagged while
    /// farmsteads, typically 300 m or more apart, are.
    pub rural_link_m: f64,
    /// A group of at most this many dwellings, all neighbours of each other
    /// within `rural_link_m`, is a rural plot: a farm with its retirement house
    /// and a couple of former workers' houses, not a village.
    pub rural_max_dwellings: u32,
    /// Candidates of the same type closer than this are one entry: a
    /// dormitory complex is one blind spot, not forty.
    pub group_m: f64,
    /// A street or meal-delivery route this close to a place reaches it (the
    /// same 50 m as the dwellings figure of the coverage engine).
    pub reach_m: f64,
    /// Weight per type code in the ranking. The overlooked types from the
    /// evaluations (DOMAIN.md) weigh most; places staff already see
    /// (institutions, supported housing) and the estates teams already favour
    /// (social housing) weigh least.
    pub weights: BTreeMap<String, f64>,
}

impl Default for BlindSpotSettings {
    fn default() -> Self {
        BlindSpotSettings {
            rural_link_m: 150.0,
            rural_max_dwellings: 5,
            group_m: 75.0,
            reach_m: 50.0,
            weights: [
                ("dormitory", 3.0),
                ("private_rental", 3.0),
                ("allotment", 3.0),
                ("campsite", 3.0),
                ("cabin_village", 3.0),
                ("farm", 3.0),
                ("isolated_dwelling", 3.0),
                ("holiday_home", 2.0),
                ("alternative_housing", 2.0),
                ("hamlet", 2.0),
                ("owner_occupied", 1.5),
                ("other", 1.0),
                ("terraced", 1.0),
                ("housing_cooperative", 1.0),
                ("institution", 0.75),
                ("social_housing", 0.75),
                ("supported_housing", 0.5),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        }
    }
}

impl BlindSpotSettings {
    /// The weight of a type code; unknown codes weigh 1.
    pub fn weight(&self, code: &str) -> f64 {
        self.weights.get(code).copied().unwrap_or(1.0)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            name: String::new(),
            municipality: None,
            srs_id: crate::crs::UTM32N as i32,
            recency_days: 180,
            stale_days: 365,
            user_initials: String::new(),
            status_colours: [("not_started", "#d73027"), ("in_progress", "#fdae61"), ("done", "#1a9850")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            blindspots: BlindSpotSettings::default(),
            last_visit: None,
            teams: Vec::new(),
        }
    }
}

impl Settings {
    /// What a setting is called in the history ("Indstilling: farver for kontaktstatus").
    pub fn label_da(key: &str) -> &str {
        match key {
            "name" => "projektets navn",
            "municipality" => "kommune",
            "recency_days" => "dækning tæller i dage",
            "stale_days" => "forældet efter dage",
            "user_initials" => "initialer",
            "status_colours" => "farver for kontaktstatus",
            "blindspots" => "blinde pletter",
            "teams" => "teams",
            other => other,
        }
    }

    /// Settings whose values are free text, checked by the privacy guard.
    pub const FREE_TEXT: &'static [&'static str] = &["name", "user_initials"];

    /// Refuses values no analysis can use (a negative distance, a weight of NaN).
    pub fn check(&self) -> crate::Result<()> {
        let b = &self.blindspots;
        let bad = |k: &str, why: &str| Err(crate::Error::invalid(k, why.to_string()));
        if !(1..=36_500).contains(&self.recency_days) {
            return bad("recency_days", "skal være 1–36500 dage");
        }
        if !(1..=36_500).contains(&self.stale_days) {
            return bad("stale_days", "skal være 1–36500 dage");
        }
        for (k, v, max) in
            [("rural_link_m", b.rural_link_m, 5000.0), ("group_m", b.group_m, 1000.0), ("reach_m", b.reach_m, 1000.0)]
        {
            if !(v.is_finite() && (0.0..=max).contains(&v)) {
                return bad(&format!("blindspots.{k}"), &format!("skal være 0–{max} m"));
            }
        }
        if b.rural_max_dwellings == 0 {
            return bad("blindspots.rural_max_dwellings", "skal være mindst 1");
        }
        if b.weights.values().any(|w| !(w.is_finite() && (0.0..=100.0).contains(w))) {
            return bad("blindspots.weights", "vægte skal være tal 0–100");
        }
        for team in &self.teams {
            if team.trim().is_empty() || team.len() > 80 {
                return bad("teams", "et teamnavn skal have 1–80 tegn");
            }
            crate::privacy::check_text("teams", team)?;
        }
        for (status, colour) in &self.status_colours {
            if crate::vocab::find(crate::vocab::CONTACT_STATUS, status).is_none() {
                return bad("status_colours", &format!("ukendt kontaktstatus '{status}'"));
            }
            let hex = colour.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return bad("status_colours", &format!("'{colour}' er ikke en farve som #1a9850"));
            }
        }
        Ok(())
    }
}
