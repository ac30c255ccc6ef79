//! The drawing commands (`draw`, `reshape`): the app's Tegn without the map;
//! and `plan`, a focus area's communication plan.
//! Geometries are GeoJSON text in WGS84; values are FIELD=VALUE pairs, typed
//! by the layer's form (numbers as numbers), validated by the core.

use afdaek_core::Layer;
use afdaek_core::session::Session;
use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};

pub fn parse_field(s: &str) -> Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or("forventede FELT=VÆRDI")?;
    Ok((k.trim().to_string(), v.to_string()))
}

fn geometry(text: &str) -> Result<geojson::Geometry> {
    serde_json::from_str(text).context("--geometry er ikke en GeoJSON-geometri")
}

/// FIELD=VALUE pairs as the core expects them: numbers for number fields.
fn values(s: &Session, layer: Layer, fields: Vec<(String, String)>) -> Result<Map<String, Value>> {
    let forms = s.forms();
    let Some(form) = forms.iter().find(|f| f.table == layer.table()) else {
        bail!("{} tegnes ikke i hånden", layer.def().da)
    };
    let mut out = Map::new();
    for (k, v) in fields {
        let kind = form.fields.iter().find(|f| f.name == k).map_or("text", |f| f.kind);
        let value = match kind {
            "integer" | "real" => {
                let n: f64 = v.replace(',', ".").parse().with_context(|| format!("{k}: '{v}' er ikke et tal"))?;
                serde_json::Number::from_f64(n).map(Value::Number).unwrap_or(Value::Null)
            }
            _ => Value::String(v),
        };
        out.insert(k, value);
    }
    Ok(out)
}

pub fn draw_cmd(s: &mut Session, layer: &str, geom: &str, fields: Vec<(String, String)>) -> Result<()> {
    let layer = Layer::parse(layer)?;
    let attrs = values(s, layer, fields)?;
    let (fid, label) = s.add_feature(layer, &geometry(geom)?, attrs)?;
    println!("{label} (nr. {fid})");
    Ok(())
}

pub fn reshape_cmd(s: &mut Session, layer: &str, fid: i64, geom: &str) -> Result<()> {
    let layer = Layer::parse(layer)?;
    println!("{}", s.update_geometry(layer, fid, &geometry(geom)?)?);
    Ok(())
}

/// Prints a focus area's communication plan (or its documented JSON).
pub fn plan_cmd(s: &Session, area: &str, json: bool) -> Result<()> {
    let (fid, rows) = s.plan(area)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "area": area, "fid": fid, "rows": rows }))?);
        return Ok(());
    }
    println!("Kommunikationsplan for {area}: {} rækker", rows.len());
    for r in rows {
        let or = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".into());
        println!(
            "{:>3}. {} | {} | {} | {} | {} | {} | {}",
            r.fid.unwrap_or_default(),
            or(&r.partner),
            r.message,
            or(&r.medium),
            or(&r.responsible),
            or(&r.timeframe),
            or(&r.status),
            or(&r.evaluation)
        );
    }
    Ok(())
}
