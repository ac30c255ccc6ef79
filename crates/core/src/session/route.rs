//! Plan a route through an area's uncovered streets (`afdaek route`, the
//! area sheet's "Planlæg rute"): the area by name or fid, the coverage
//! window, the method and start, to [`crate::route::plan`].

use super::Session;
use crate::model::Layer;
use crate::route::{self, Method, RoutePlan};
use crate::{Error, Result, coverage};
use geo_types::{Coord, Geometry};
use serde::Serialize;

/// Which area, how to travel, from where.
#[derive(Debug, Clone)]
pub struct RouteQuery {
    /// A focus area by name (or use `fid`).
    pub area: Option<String>,
    /// A focus or housing area by fid (the app).
    pub fid: Option<(Layer, i64)>,
    pub method: Method,
    /// The start in WGS84 longitude/latitude.
    pub start_lonlat: Option<[f64; 2]>,
    pub return_to_start: bool,
    /// Streets covered within this many days count as covered (default: the project's window).
    pub within_days: Option<u32>,
    pub today: Option<String>,
}

/// The documented JSON of `afdaek route`.
#[derive(Debug, Clone, Serialize)]
pub struct RouteReport {
    pub area: String,
    pub today: String,
    pub window_days: u32,
    #[serde(flatten)]
    pub plan: RoutePlan,
    /// The route in WGS84 longitude/latitude, for drawing.
    pub line_lonlat: Vec<[f64; 2]>,
}

impl Session {
    /// Plans the route through the area's streets not covered within the window.
    pub fn route(&mut self, q: &RouteQuery) -> Result<RouteReport> {
        let (name, shape) = match (&q.area, q.fid) {
            (_, Some((layer, fid))) => {
                let f = self.project.feature(layer, fid)?;
                let Some(Geometry::MultiPolygon(mp)) = f.geometry.clone() else {
                    return Err(Error::Geometry(format!("{} nr. {fid} har ingen flade", layer.def().da)));
                };
                (f.str("name").unwrap_or("(uden navn)").to_string(), mp)
            }
            (Some(name), None) => {
                let f = crate::planning::focus_area_by_name(&self.project, name)?;
                let Some(Geometry::MultiPolygon(mp)) = f.geometry.clone() else {
                    return Err(Error::Geometry(format!("fokusområdet '{name}' har ingen flade")));
                };
                (f.str("name").unwrap_or(name).to_string(), mp)
            }
            (None, None) => return Err(Error::invalid("area", "angiv et fokusområde (--area NAVN)")),
        };
        let window = q.within_days.unwrap_or(self.project.settings().recency_days);
        let today = q.today.clone().unwrap_or_else(coverage::figures::today);
        let start = q
            .start_lonlat
            .map(|[lon, lat]| {
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    return Err(Error::invalid("start", format!("{lon},{lat} er ikke en længde- og breddegrad")));
                }
                crate::crs::Transform::new(crate::crs::WGS84, crate::crs::UTM32N)?.coord(Coord { x: lon, y: lat })
            })
            .transpose()?;
        let net = self.network.get(&self.project)?;
        let ctx = coverage::figures::Context::for_areas(&self.project, net, window, &today, &[&shape])?;
        let required = ctx.uncovered_edges(&shape);
        let plan = route::plan(
            net,
            self.project.index(),
            &route::Request {
                area: &shape,
                required: &required,
                method: q.method,
                start,
                return_to_start: q.return_to_start,
            },
        )?;
        let to_wgs = crate::crs::Transform::new(crate::crs::UTM32N, crate::crs::WGS84)?;
        let line_lonlat =
            plan.line(net).0.into_iter().map(|c| to_wgs.coord(c).map(|w| [w.x, w.y])).collect::<Result<Vec<_>>>()?;
        Ok(RouteReport { area: name, today, window_days: window, plan, line_lonlat })
    }

    /// The planned route as GPX and GeoJSON bytes (see [`crate::route::write`]).
    pub fn route_files(&mut self, report: &RouteReport) -> Result<(Vec<u8>, Vec<u8>)> {
        let net = self.network.get(&self.project)?;
        let name = format!("Afdæk-rute: {}", report.area);
        Ok((route::write::gpx(&report.plan, net, &name)?, route::write::geojson(&report.plan, net)?))
    }

    /// Writes the planned route to `path` whole or not at all: GeoJSON for a
    /// `.geojson`/`.json` name, else GPX (a phone's navigation app opens it).
    /// Returns the bytes written. A route with no streets is refused.
    pub fn save_route(&mut self, report: &RouteReport, path: &std::path::Path) -> Result<usize> {
        if report.plan.legs.is_empty() {
            return Err(Error::invalid("route", "ruten er tom: der er ingen udækkede gader at køre"));
        }
        let (gpx, geojson) = self.route_files(report)?;
        let geo = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json"));
        let bytes = if geo { geojson } else { gpx };
        crate::print::save(&bytes, path)?;
        Ok(bytes.len())
    }
}
