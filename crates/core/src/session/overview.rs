//! The project-wide lists of the planning panels: every partner with its
//! contact status (in the project's colours) and whether the next contact is
//! overdue, and the referral counts with counts under 5 shown as "<5". Names
//! and labels as people read them; no contact person, no note.

use super::Session;
use crate::coverage;
use crate::error::Result;
use crate::model::Layer;
use crate::vocab;
use geo_types::Geometry;
use serde::Serialize;

/// One partner as the partners list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerRow {
    pub fid: i64,
    pub name: String,
    pub partner_type: Option<String>,
    pub type_label: Option<&'static str>,
    pub contact_status: Option<String>,
    pub status_label: Option<&'static str>,
    /// The project's colour for the status (settings), for the dot beside the label.
    pub status_colour: Option<String>,
    pub last_contact: Option<String>,
    pub next_contact: Option<String>,
    /// The next contact date has passed.
    pub overdue: bool,
    pub lon: f64,
    pub lat: f64,
}

/// A referral count as it may be shown: under 5 only as "<5".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralRow {
    pub area: String,
    pub month: String,
    pub source_type: String,
    pub count: String,
}

/// The partners list and the referral counts, as of `today`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnersOverview {
    pub today: String,
    pub partners: Vec<PartnerRow>,
    pub referrals: Vec<ReferralRow>,
}

impl Session {
    /// Every partner (overdue first, then by name) and the referral counts.
    pub fn partners_overview(&self, today: Option<String>) -> Result<PartnersOverview> {
        let today = today.unwrap_or_else(coverage::figures::today);
        let colours = &self.project.settings().status_colours;
        let to_lonlat = crate::crs::Transform::new(self.project.settings().srs_id as u32, crate::crs::WGS84)?;
        let mut partners = Vec::new();
        for f in self.project.features(Layer::Partners)? {
            let Some(fid) = f.fid else { continue };
            let at = match &f.geometry {
                Some(Geometry::Point(p)) => to_lonlat.coord(p.0)?,
                _ => continue,
            };
            let text = |k: &str| f.str(k).map(String::from);
            let status = text("contact_status");
            let next = text("next_contact");
            partners.push(PartnerRow {
                fid,
                name: text("name").unwrap_or_else(|| format!("Samarbejdspartner nr. {fid}")),
                type_label: f.str("partner_type").and_then(|c| vocab::label_da(vocab::PARTNER_TYPES, c)),
                partner_type: text("partner_type"),
                status_label: status.as_deref().and_then(|c| vocab::label_da(vocab::CONTACT_STATUS, c)),
                status_colour: status.as_ref().and_then(|s| colours.get(s).cloned()),
                contact_status: status,
                last_contact: text("last_contact"),
                overdue: next.as_deref().is_some_and(|n| n < today.as_str()),
                next_contact: next,
                lon: at.x,
                lat: at.y,
            });
        }
        partners.sort_by(|a, b| b.overdue.cmp(&a.overdue).then_with(|| a.name.cmp(&b.name)));
        let mut referrals = Vec::new();
        for rc in self.project.referral_counts()? {
            let area = Layer::parse(&rc.area_layer)
                .ok()
                .and_then(|l| self.project.feature(l, rc.area_fid).ok())
                .and_then(|f| f.str("name").map(String::from))
                .unwrap_or_else(|| format!("{} nr. {}", rc.area_layer, rc.area_fid));
            referrals.push(ReferralRow {
                area,
                month: rc.month,
                source_type: rc.source_type,
                count: crate::export::shown_count(rc.count),
            });
        }
        Ok(PartnersOverview { today, partners, referrals })
    }
}
