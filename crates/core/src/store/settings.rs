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
        }
    }
}

impl Settings {
    /// Settings whose values are free text, checked by the privacy guard.
    pub const FREE_TEXT: &'static [&'static str] = &["name", "user_initials"];
}
