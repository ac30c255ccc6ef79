//! Tauri commands for what a team does on the map: drawing and reshaping
//! features, snapping, the drive and GPS-track previews, and the selected
//! area's coverage figure. Each runs one [`Session`] method; no rules here.

use crate::commands::{Changed, change};
use crate::state::with_session;
use afdaek_core::Layer;
use afdaek_core::coverage::{Visit, figures::AreaCoverage};
use afdaek_core::route::Method;
use afdaek_core::session::{DriveView, LayerForm, RouteQuery, RouteReport, Session, Snapped, TrackView};
use serde::Serialize;
use serde_json::{Map, Value};
use tauri::AppHandle;

type CmdResult<T> = Result<T, String>;

fn layer(name: &str) -> CmdResult<Layer> {
    Layer::parse(name).map_err(|e| e.to_string())
}

/// The attribute forms of the drawable layers (schema and vocabularies from the core).
#[tauri::command]
pub async fn forms(app: AppHandle) -> CmdResult<Vec<LayerForm>> {
    with_session(app, |s| Ok(s.forms())).await
}

/// A drawn feature was saved: what the UI refreshes, and the new feature's fid.
#[derive(Serialize)]
pub struct Added {
    #[serde(flatten)]
    changed: Changed,
    fid: i64,
}

#[tauri::command]
pub async fn add_feature(
    app: AppHandle,
    layer: String,
    geometry: geojson::Geometry,
    attrs: Map<String, Value>,
) -> CmdResult<Added> {
    let layer = self::layer(&layer)?;
    with_session(app, move |s| {
        let (fid, label) = s.add_feature(layer, &geometry, attrs)?;
        Ok(Added { changed: Changed::now(s, label)?, fid })
    })
    .await
}

#[tauri::command]
pub async fn update_geometry(
    app: AppHandle,
    layer: String,
    fid: i64,
    geometry: geojson::Geometry,
) -> CmdResult<Changed> {
    let layer = self::layer(&layer)?;
    change(app, move |s| s.update_geometry(layer, fid, &geometry)).await
}

#[tauri::command]
pub async fn delete_feature(app: AppHandle, layer: String, fid: i64) -> CmdResult<Changed> {
    let layer = self::layer(&layer)?;
    change(app, move |s| s.delete_feature(layer, fid)).await
}

/// A feature's full geometry (lon/lat), to edit its shape.
#[tauri::command]
pub async fn feature_geometry(app: AppHandle, layer: String, fid: i64) -> CmdResult<geojson::Geometry> {
    let layer = self::layer(&layer)?;
    with_session(app, move |s| s.feature_geometry(layer, fid)).await
}

/// Snaps the pointer to a corner or edge of another area or to a road.
#[tauri::command]
pub async fn snap(
    app: AppHandle,
    lon: f64,
    lat: f64,
    radius_m: f64,
    except_layer: Option<String>,
    except_fid: Option<i64>,
) -> CmdResult<Option<Snapped>> {
    let except = match (except_layer, except_fid) {
        (Some(l), Some(f)) => Some((layer(&l)?, f)),
        _ => None,
    };
    with_session(app, move |s| s.snap((lon, lat), radius_m, except)).await
}

/// The routed drive through the clicked points, credited with the visit unless `preview`.
#[derive(Serialize)]
pub struct DriveAnswer {
    #[serde(flatten)]
    view: DriveView,
    /// Set when the drive was credited (not for a preview).
    changed: Option<Changed>,
}

#[tauri::command]
pub async fn drive(app: AppHandle, via: Vec<(f64, f64)>, visit: Visit, preview: bool) -> CmdResult<DriveAnswer> {
    with_session(app, move |s| {
        let view = s.drive_view(&via, &visit, preview)?;
        Ok(DriveAnswer { view, changed: credited(s, preview)? })
    })
    .await
}

/// A GPX file matched to the streets beside the raw track; credited unless `preview`.
#[derive(Serialize)]
pub struct TrackAnswer {
    #[serde(flatten)]
    view: TrackView,
    changed: Option<Changed>,
}

#[tauri::command]
pub async fn track(
    app: AppHandle,
    path: String,
    visit: Visit,
    sigma_m: f64,
    preview: bool,
    keep_raw: bool,
) -> CmdResult<TrackAnswer> {
    with_session(app, move |s| {
        let view = s.track_view(std::path::Path::new(&path), &visit, sigma_m, preview, keep_raw)?;
        Ok(TrackAnswer { view, changed: credited(s, preview)? })
    })
    .await
}

/// After a credited drive or track: what the UI refreshes.
fn credited(s: &Session, preview: bool) -> afdaek_core::Result<Option<Changed>> {
    if preview {
        return Ok(None);
    }
    Changed::after_edit(s).map(Some)
}

/// The coverage figures of a focus, housing or visited area.
#[tauri::command]
pub async fn area_coverage(app: AppHandle, layer: String, fid: i64) -> CmdResult<AreaCoverage> {
    let layer = self::layer(&layer)?;
    with_session(app, move |s| s.area_coverage(layer, fid, None)).await
}

fn route_query(layer: &str, fid: i64, method: &str, return_to_start: bool) -> Result<RouteQuery, String> {
    Ok(RouteQuery {
        area: None,
        fid: Some((self::layer(layer)?, fid)),
        method: Method::parse(method).map_err(|e| e.to_string())?,
        start_lonlat: None,
        return_to_start,
        within_days: None,
        today: None,
    })
}

/// A route through the area's streets not covered within the window (the
/// area sheet's "Planlæg rute"): `afdaek route` for the selected area.
#[tauri::command]
pub async fn plan_route(
    app: AppHandle,
    layer: String,
    fid: i64,
    method: String,
    return_to_start: bool,
) -> CmdResult<RouteReport> {
    let q = route_query(&layer, fid, &method, return_to_start)?;
    with_session(app, move |s| s.route(&q)).await
}

/// The same route saved as GPX (or GeoJSON for a `.geojson` name) for a
/// phone's navigation app: `afdaek route --out`. Returns the bytes written.
#[tauri::command]
pub async fn save_route(
    app: AppHandle,
    layer: String,
    fid: i64,
    method: String,
    return_to_start: bool,
    path: String,
) -> CmdResult<usize> {
    let q = route_query(&layer, fid, &method, return_to_start)?;
    with_session(app, move |s| {
        let report = s.route(&q)?;
        s.save_route(&report, std::path::Path::new(&path))
    })
    .await
}
