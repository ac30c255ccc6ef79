//! Reading and writing features and settings with plain SQL built from the
//! layer definitions in [`crate::model`].

use super::settings::Settings;
use crate::error::{Error, Result};
use crate::geom;
use crate::model::{Feature, FieldType, Layer, LayerDef};
use geo_types::Geometry;
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use serde_json::{Map, Value};

fn columns(def: &LayerDef) -> String {
    let mut c = vec!["fid", "geom", "created", "modified"];
    c.extend(def.fields.iter().map(|f| f.name));
    c.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(",")
}

fn row_to_feature(def: &LayerDef, r: &Row) -> rusqlite::Result<std::result::Result<Feature, Error>> {
    let fid: i64 = r.get(0)?;
    let geometry = match r.get_ref(1)? {
        ValueRef::Blob(b) => match geom::from_gpkg(b) {
            Ok(g) => Some(g),
            Err(e) => return Ok(Err(Error::Geometry(format!("{} {fid}: {e}", def.table)))),
        },
        _ => None,
    };
    let mut attrs = Map::new();
    for (i, f) in def.fields.iter().enumerate() {
        let v = match r.get_ref(4 + i)? {
            ValueRef::Null => continue,
            ValueRef::Integer(x) if f.ty == FieldType::Bool => Value::Bool(x != 0),
            ValueRef::Integer(x) => match f.ty {
                FieldType::Real { .. } => Value::from(x as f64),
                FieldType::Integer { .. } => Value::from(x),
                _ => Value::String(x.to_string()),
            },
            ValueRef::Real(x) => Value::from(x),
            ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(_) => continue,
        };
        attrs.insert(f.name.to_string(), v);
    }
    Ok(Ok(Feature { fid: Some(fid), geometry, attrs, created: r.get(2)?, modified: r.get(3)? }))
}

pub fn read_feature(conn: &Connection, layer: Layer, fid: i64) -> Result<Option<Feature>> {
    let def = layer.def();
    let sql = format!("SELECT {} FROM \"{}\" WHERE fid = ?1", columns(def), def.table);
    let mut st = conn.prepare_cached(&sql)?;
    match st.query_row([fid], |r| row_to_feature(def, r)).optional()? {
        None => Ok(None),
        Some(r) => r.map(Some),
    }
}

/// All features (or only `fids`) in fid order.
pub fn read_features(conn: &Connection, layer: Layer, fids: Option<&[i64]>) -> Result<Vec<Feature>> {
    let def = layer.def();
    match fids {
        None => {
            let sql = format!("SELECT {} FROM \"{}\" ORDER BY fid", columns(def), def.table);
            let mut st = conn.prepare(&sql)?;
            let rows = st.query_map([], |r| row_to_feature(def, r))?;
            let mut out = Vec::new();
            for r in rows {
                match r? {
                    Ok(f) => out.push(f),
                    // Reported when the project was opened (`Project::damaged`); analyses go on without it.
                    Err(Error::Geometry(_)) => continue,
                    Err(e) => return Err(e),
                }
            }
            Ok(out)
        }
        Some(fids) => {
            let mut out = Vec::with_capacity(fids.len());
            for &fid in fids {
                if let Some(f) = read_feature(conn, layer, fid)? {
                    out.push(f);
                }
            }
            Ok(out)
        }
    }
}

/// One row of a [`scan`]: the fid and the asked-for columns by position.
/// Values are read as the GeoPackage stores them: an integer from an integer
/// (or a whole real), a number from either, text from text; anything else
/// (another tool may have written text into an integer column) reads as `None`.
pub struct ScanRow<'a, 'r>(&'a Row<'r>);

impl ScanRow<'_, '_> {
    fn value(&self, i: usize) -> Option<ValueRef<'_>> {
        self.0.get_ref(i + 1).ok()
    }

    pub fn i64(&self, i: usize) -> Option<i64> {
        match self.value(i)? {
            ValueRef::Integer(x) => Some(x),
            ValueRef::Real(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Some(x as i64),
            _ => None,
        }
    }

    pub fn f64(&self, i: usize) -> Option<f64> {
        match self.value(i)? {
            ValueRef::Integer(x) => Some(x as f64),
            ValueRef::Real(x) => Some(x),
            _ => None,
        }
    }

    pub fn str(&self, i: usize) -> Option<&str> {
        match self.value(i)? {
            ValueRef::Text(t) => std::str::from_utf8(t).ok(),
            _ => None,
        }
    }

    /// A text column as a [`Feature`] reads it: text (invalid UTF-8
    /// replaced), or an integer another tool wrote there as its digits.
    pub fn text(&self, i: usize) -> Option<String> {
        match self.value(i)? {
            ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Integer(x) => Some(x.to_string()),
            _ => None,
        }
    }
}

/// Calls `each(fid, row)` for every row of a layer, in fid order, with only
/// the named attribute columns and no geometry: the read for analyses over
/// millions of rows, where building a [`Feature`] (a JSON map and a decoded
/// geometry each) costs more than the analysis. Geometries are in the spatial
/// index already.
pub fn scan(
    conn: &Connection,
    layer: Layer,
    columns: &[&str],
    mut each: impl FnMut(i64, &ScanRow<'_, '_>),
) -> Result<()> {
    let cols = select_list(layer, columns)?;
    let mut st = conn.prepare(&format!("SELECT fid{cols} FROM \"{}\" ORDER BY fid", layer.table()))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, &ScanRow(r));
    }
    Ok(())
}

/// `,"a","b"` for the SELECT of [`scan`] and [`scan_fids`]: only the layer's
/// own fields, so no caller's string reaches the SQL.
fn select_list(layer: Layer, columns: &[&str]) -> Result<String> {
    for c in columns {
        if layer.field(c).is_none() {
            return Err(Error::invalid(*c, format!("laget {layer} har ikke feltet '{c}'")));
        }
    }
    Ok(columns.iter().map(|c| format!(",\"{c}\"")).collect())
}

/// [`scan`] for the given fids only (in the order given; missing ones are
/// skipped): a rowid lookup each, for when a few thousand rows of a layer of
/// millions are wanted (one area's buildings).
pub fn scan_fids(
    conn: &Connection,
    layer: Layer,
    columns: &[&str],
    fids: &[i64],
    mut each: impl FnMut(i64, &ScanRow<'_, '_>),
) -> Result<()> {
    let cols = select_list(layer, columns)?;
    let mut st = conn.prepare_cached(&format!("SELECT fid{cols} FROM \"{}\" WHERE fid = ?1", layer.table()))?;
    for fid in fids {
        let mut rows = st.query([fid])?;
        if let Some(r) = rows.next()? {
            each(r.get(0)?, &ScanRow(r));
        }
    }
    Ok(())
}

/// A layer's geometries by fid.
pub type Geometries = Vec<(i64, Geometry<f64>)>;

/// Every readable geometry of a layer, and the features whose geometry is
/// not (another program's edit, a damaged page): those are reported, not
/// fatal, so one bad feature never makes a project unopenable.
pub fn read_geometries(conn: &Connection, layer: Layer) -> Result<(Geometries, Vec<super::DamagedFeature>)> {
    let mut st = conn.prepare(&format!("SELECT fid, geom FROM \"{}\" WHERE geom IS NOT NULL", layer.table()))?;
    let mut rows = st.query([])?;
    let (mut out, mut bad) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        let fid: i64 = r.get(0)?;
        let reason = match r.get_ref(1)? {
            ValueRef::Blob(b) => match geom::from_gpkg(b) {
                Ok(g) => {
                    out.push((fid, g));
                    continue;
                }
                Err(e) => e.to_string(),
            },
            other => format!("geometrien er {:?}, ikke en GeoPackage-geometri", other.data_type()),
        };
        bad.push(super::DamagedFeature { layer: layer.table(), fid, reason });
    }
    Ok((out, bad))
}

pub fn read_geometry(conn: &Connection, layer: Layer, fid: i64) -> Result<Option<Geometry<f64>>> {
    let blob: Option<Option<Vec<u8>>> = conn
        .query_row(&format!("SELECT geom FROM \"{}\" WHERE fid = ?1", layer.table()), [fid], |r| r.get(0))
        .optional()?;
    blob.flatten().map(|b| geom::from_gpkg(&b)).transpose()
}

pub fn count(conn: &Connection, layer: Layer) -> Result<usize> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{}\"", layer.table()), [], |r| r.get(0))?;
    Ok(n as usize)
}

pub fn fid_by_source_id(conn: &Connection, layer: Layer, source_id: &str) -> Result<Option<i64>> {
    if layer.field("source_id").is_none() {
        return Ok(None);
    }
    let mut st = conn.prepare_cached(&format!("SELECT fid FROM \"{}\" WHERE source_id = ?1 LIMIT 1", layer.table()))?;
    Ok(st.query_row([source_id], |r| r.get(0)).optional()?)
}

fn attr_to_sql(v: Option<&Value>) -> SqlValue {
    match v {
        None | Some(Value::Null) => SqlValue::Null,
        Some(Value::Bool(b)) => SqlValue::Integer(*b as i64),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Some(Value::String(s)) => SqlValue::Text(s.clone()),
        Some(other) => SqlValue::Text(other.to_string()),
    }
}

/// Inserts (fid `None`) or replaces (fid `Some`) a validated feature; returns its fid.
pub fn write_feature(
    conn: &Connection,
    layer: Layer,
    fid: Option<i64>,
    f: &Feature,
    created: &str,
    modified: &str,
    srs_id: i32,
) -> Result<i64> {
    let def = layer.def();
    let n = def.fields.len() + 4;
    let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
    let sql = format!("INSERT OR REPLACE INTO \"{}\" ({}) VALUES ({})", def.table, columns(def), marks.join(","));
    let mut vals: Vec<SqlValue> = Vec::with_capacity(n);
    vals.push(fid.map_or(SqlValue::Null, SqlValue::Integer));
    vals.push(match &f.geometry {
        Some(g) => SqlValue::Blob(geom::to_gpkg(g, srs_id)?),
        None => SqlValue::Null,
    });
    vals.push(SqlValue::Text(created.to_string()));
    vals.push(SqlValue::Text(modified.to_string()));
    for fd in def.fields {
        vals.push(attr_to_sql(f.attrs.get(fd.name)));
    }
    let mut st = conn.prepare_cached(&sql)?;
    st.execute(params_from_iter(vals))?;
    Ok(fid.unwrap_or_else(|| conn.last_insert_rowid()))
}

pub fn read_settings(conn: &Connection) -> Result<Settings> {
    let mut st = conn.prepare("SELECT key, value FROM settings")?;
    let mut map = Map::new();
    for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (k, v) = r?;
        map.insert(k, serde_json::from_str(&v).unwrap_or(Value::String(v)));
    }
    serde_json::from_value(Value::Object(map)).map_err(|e| Error::invalid("settings", e.to_string()))
}

pub fn write_settings(conn: &Connection, s: &Settings) -> Result<()> {
    let obj = serde_json::to_value(s).expect("settings serialise");
    for (k, v) in obj.as_object().expect("object") {
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", [k, &v.to_string()])?;
    }
    Ok(())
}
