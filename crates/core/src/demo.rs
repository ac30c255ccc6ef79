//! The demo project the app opens on first start: real Odense roads and
//! buildings, the municipality boundary and OpenStreetMap places, plus a few
//! focus areas, a housing area, partners and a channel drawn by hand so that
//! every panel has something to show. Made by the project itself from the
//! public data in `shared/data`.

use crate::error::Result;
use crate::import::{ImportOptions, import_file};
use crate::model::{Feature, Layer};
use crate::store::Project;
use geo_types::{MultiPolygon, Point, polygon};
use std::path::Path;

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![(x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1), (x: x0, y: y0)]])
}

/// Builds the demo project at `out` from the data folder (`shared/data`).
pub fn build(out: &Path, data: &Path) -> Result<Project> {
    let mut p = Project::create(out, "Demo: Odense Kommune", Some("0461"))?;
    p.set_setting("user_initials", "DEMO".into())?;
    let opts = |as_layer: Option<Layer>, clip: bool| ImportOptions { as_layer, clip_to_boundary: clip };
    import_file(&mut p, &data.join("denmark/kommuner.geojson"), &opts(Some(Layer::Boundary), false))?;
    import_file(&mut p, &data.join("odense/vejmidte_0461_odense.geojson"), &opts(None, false))?;
    import_file(&mut p, &data.join("odense/bbr_bygning_0461_odense.json"), &opts(None, false))?;
    import_file(&mut p, &data.join("denmark/osm_poi_denmark_2019.geojson"), &opts(None, true))?;
    p.edit("Demo: fokusområder og partnere", |ed| {
        ed.insert(
            Layer::FocusAreas,
            Feature::new(rect(590_600.0, 6_139_600.0, 592_600.0, 6_141_400.0))
                .with("name", "Vollsmose")
                .with("priority", 1)
                .with("crit_target_fit", 4)
                .with("crit_task", 4)
                .with("crit_partners", 5)
                .with("crit_yield", 3)
                .with("team", "Team Øst")
                .with("status", "active")
                .with("last_reviewed", "2026-09-14")
                .with("dim_housing_mark", "high")
                .with("dim_partners_mark", "very_high")
                .with("dim_channels_mark", "low"),
        )?;
        ed.insert(
            Layer::FocusAreas,
            Feature::new(rect(583_600.0, 6_138_600.0, 585_600.0, 6_140_200.0))
                .with("name", "Bolbro")
                .with("priority", 3)
                .with("crit_target_fit", 3)
                .with("crit_task", 3)
                .with("crit_partners", 2)
                .with("crit_yield", 3)
                .with("team", "Team Vest")
                .with("status", "planned")
                .with("last_reviewed", "2025-11-02"),
        )?;
        ed.insert(
            Layer::HousingAreas,
            Feature::new(rect(591_000.0, 6_140_000.0, 592_000.0, 6_140_900.0))
                .with("name", "Almene boliger, Vollsmose")
                .with("housing_types", "social_housing")
                .with("flags", "transfer_income,other_ethnic")
                .with("last_reviewed", "2026-09-14"),
        )?;
        ed.insert(
            Layer::Partners,
            Feature::new(Point::new(591_500.0, 6_140_450.0))
                .with("name", "Boligselskabets driftskontor")
                .with("partner_type", "caretaker")
                .with("role", "Viceværter ser beboerne i opgangene")
                .with("contact_status", "in_progress")
                .with("next_contact", "2026-12-01")
                .with("reach_m", 400.0),
        )?;
        ed.insert(
            Layer::Partners,
            Feature::new(Point::new(584_600.0, 6_139_400.0))
                .with("name", "Madservice Vest")
                .with("partner_type", "meal_delivery")
                .with("contact_status", "not_started"),
        )?;
        ed.insert(
            Layer::Channels,
            Feature::new(Point::new(591_300.0, 6_140_300.0))
                .with("name", "Beboerbladet")
                .with("channel_type", "residents_newsletter"),
        )?;
        Ok(())
    })?;
    Ok(p)
}
