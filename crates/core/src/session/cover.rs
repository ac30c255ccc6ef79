//! What the app draws while a team covers streets: the routed drive, the
//! matched GPS track beside the raw one, and the covered figure of the
//! selected area. Lines leave here in WGS84 lon/lat, ready for the map.

use super::draw::geometry_out;
use super::{DriveReport, Session, match_radius_m};
use crate::coverage::{self, Visit, figures::AreaCoverage};
use crate::error::{Error, Result};
use crate::import;
use crate::matching::MatchOptions;
use crate::model::Layer;
use geo_types::{Geometry, LineString, MultiLineString};
use serde::Serialize;
use std::path::Path;

/// A drive as the map shows it: the routed path and its length.
#[derive(Debug, Clone, Serialize)]
pub struct DriveView {
    /// The route (lon/lat), following one-way streets for a car.
    pub line: geojson::Geometry,
    pub length_m: f64,
    /// Credited stretches and metres; `None` for a preview.
    pub credited: Option<(usize, f64)>,
}

/// A GPS track as the map shows it before (or after) it is accepted.
#[derive(Debug, Clone, Serialize)]
pub struct TrackView {
    /// The track as recorded, one line per GPX segment (lon/lat).
    pub raw: geojson::Geometry,
    /// The streets it was matched to (lon/lat).
    pub matched: geojson::Geometry,
    pub matched_length_m: f64,
    pub fixes: usize,
    pub matched_fixes: usize,
    /// Where the matching had to start again: the signal was lost or the
    /// track left the road network.
    pub gaps: usize,
    /// Stored coverage records; 0 for a preview.
    pub records: usize,
    pub raw_kept: bool,
}

impl Session {
    /// Routes (and unless `preview`, credits) a drive, answered as a line for the map.
    pub fn drive_view(&mut self, via: &[(f64, f64)], visit: &Visit, preview: bool) -> Result<DriveView> {
        let DriveReport { route, credited } = self.drive(via, visit, preview)?;
        let net = self.network.get(&self.project)?;
        let line = Geometry::LineString(route.line(net));
        Ok(DriveView { line: geometry_out(self, &line)?, length_m: route.length_m, credited })
    }

    /// Map-matches a GPX file (and unless `preview`, credits it), answered as
    /// the raw and the matched lines side by side.
    pub fn track_view(
        &mut self,
        file: &Path,
        visit: &Visit,
        sigma_m: f64,
        preview: bool,
        keep_raw: bool,
    ) -> Result<TrackView> {
        if !(sigma_m.is_finite() && sigma_m > 0.0 && sigma_m <= 500.0) {
            return Err(Error::invalid(
                "sigma",
                format!("{sigma_m} m er ikke en GPS-usikkerhed (over 0, højst 500 m)"),
            ));
        }
        let name = file.display().to_string();
        let len = std::fs::metadata(file).map_err(|e| Error::input(&name, None, e.to_string()))?.len();
        import::check_size(&name, len)?;
        let bytes = std::fs::read(file).map_err(|e| Error::input(&name, None, e.to_string()))?;
        let segments = import::gpx_in::read_tracks(&name, &bytes)?;
        let opts = MatchOptions { sigma_m, radius_m: match_radius_m(sigma_m), ..Default::default() };
        let (report, pieces) = self.change(|s| {
            let net = s.network.get(&s.project)?;
            coverage::track(&mut s.project, net, &segments, visit, &opts, preview, keep_raw)
        })?;
        if !preview {
            self.remember_visit(visit)?;
        }
        let net = self.network.get(&self.project)?;
        let matched: Vec<LineString<f64>> =
            pieces.iter().filter_map(|p| net.substring(p.road_fid, p.from_m, p.to_m)).collect();
        // The raw track is in WGS84 already: it goes back as it came.
        let raw = MultiLineString(
            segments
                .iter()
                .filter(|seg| seg.len() >= 2)
                .map(|seg| LineString::from(seg.iter().map(|p| (p.lon, p.lat)).collect::<Vec<_>>()))
                .collect(),
        );
        Ok(TrackView {
            raw: geojson::Geometry::from(&Geometry::MultiLineString(raw)),
            matched: geometry_out(self, &Geometry::MultiLineString(MultiLineString(matched)))?,
            matched_length_m: report.matched_length_m,
            fixes: report.fixes,
            matched_fixes: report.matched_fixes,
            gaps: report.breaks,
            records: report.records,
            raw_kept: report.raw_kept,
        })
    }

    /// The coverage figures of one focus or housing area, by fid (the area sheet).
    pub fn area_coverage(&mut self, layer: Layer, fid: i64, today: Option<String>) -> Result<AreaCoverage> {
        if !matches!(layer, Layer::FocusAreas | Layer::HousingAreas | Layer::VisitedZones) {
            return Err(Error::invalid("layer", format!("{} har ingen dækningstal", layer.def().da)));
        }
        let f = self.project.feature(layer, fid)?;
        let Some(Geometry::MultiPolygon(mp)) = &f.geometry else {
            return Err(Error::Geometry(format!("{} nr. {fid} har ingen flade", layer.def().da)));
        };
        let window = self.project.settings().recency_days;
        let today = today.unwrap_or_else(coverage::figures::today);
        let net = self.network.get(&self.project)?;
        let ctx = coverage::figures::Context::for_areas(&self.project, net, window, &today, &[mp])?;
        let name = f.str("name").unwrap_or("(uden navn)").to_string();
        Ok(ctx.area(&name, layer, Some(fid), mp))
    }
}
