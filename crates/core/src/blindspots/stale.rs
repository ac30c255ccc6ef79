//! Stale mapping (DOMAIN.md: "revisit the mapping continuously"): focus and
//! housing areas not reviewed, or focus areas not visited, within the stale
//! limit; streets whose last coverage is older than the recency window.

use crate::coverage::figures::{Context, cutoff};
use crate::error::Result;
use crate::fields::areas;
use crate::model::Layer;
use crate::network::Network;
use crate::store::Project;
use geo_types::Geometry;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleArea {
    pub layer: &'static str,
    pub fid: i64,
    pub name: String,
    pub last_reviewed: Option<String>,
    /// Last coverage of a street inside (focus areas only).
    pub last_visited: Option<String>,
    /// `not_reviewed` and/or `not_visited`.
    pub reasons: Vec<&'static str>,
    pub days_since_review: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleStreet {
    pub name: String,
    pub length_m: f64,
    pub last_covered: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleReport {
    pub today: String,
    pub stale_days: u32,
    pub window_days: u32,
    pub areas: Vec<StaleArea>,
    pub streets: Vec<StaleStreet>,
}

fn days_between(from: &str, to: &str) -> Option<i64> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let a = time::Date::parse(from, fmt).ok()?;
    let b = time::Date::parse(to, fmt).ok()?;
    Some((b - a).whole_days())
}

/// What has gone stale as of `today`.
pub fn stale(p: &Project, net: &Network, today: &str) -> Result<StaleReport> {
    let s = p.settings();
    let stale_since = cutoff(today, s.stale_days)?;
    let ctx = Context::new(p, net, s.recency_days, today)?;
    let mut areas = Vec::new();
    for layer in [Layer::FocusAreas, Layer::HousingAreas] {
        for f in p.features(layer)? {
            let (Some(fid), Some(Geometry::MultiPolygon(mp))) = (f.fid, &f.geometry) else { continue };
            let name = f.text(areas::NAME).unwrap_or("(uden navn)").to_string();
            let last_reviewed = f.text(areas::LAST_REVIEWED).map(String::from);
            let mut reasons = Vec::new();
            if last_reviewed.as_deref().is_none_or(|d| d < stale_since.as_str()) {
                reasons.push("not_reviewed");
            }
            let last_visited = if layer == Layer::FocusAreas {
                let fig = ctx.area(&name, layer, Some(fid), mp);
                if fig.last_covered.as_deref().is_none_or(|d| d < stale_since.as_str()) {
                    reasons.push("not_visited");
                }
                fig.last_covered
            } else {
                None
            };
            if !reasons.is_empty() {
                areas.push(StaleArea {
                    layer: layer.table(),
                    fid,
                    name,
                    days_since_review: last_reviewed.as_deref().and_then(|d| days_between(d, today)),
                    last_reviewed,
                    last_visited,
                    reasons,
                });
            }
        }
    }
    // Streets: the newest coverage of any part of the street (by name, or
    // street code when unnamed) older than the recency window.
    let mut streets: BTreeMap<String, (f64, String)> = BTreeMap::new();
    for (road, recs) in &ctx.records {
        let Some(info) = net.roads.get(road) else { continue };
        let Some(last) = recs.iter().map(|r| r.date.as_str()).max() else { continue };
        let name = info.street_label().unwrap_or_else(|| format!("vej {road}"));
        let e = streets.entry(name).or_insert((0.0, String::new()));
        e.0 += info.length;
        if last > e.1.as_str() {
            e.1 = last.to_string();
        }
    }
    let mut streets: Vec<StaleStreet> = streets
        .into_iter()
        .filter(|(_, (_, last))| last.as_str() < ctx.since.as_str())
        .map(|(name, (len, last))| StaleStreet { name, length_m: (len * 10.0).round() / 10.0, last_covered: last })
        .collect();
    streets.sort_by(|a, b| a.last_covered.cmp(&b.last_covered).then_with(|| a.name.cmp(&b.name)));
    Ok(StaleReport { today: today.into(), stale_days: s.stale_days, window_days: s.recency_days, areas, streets })
}
