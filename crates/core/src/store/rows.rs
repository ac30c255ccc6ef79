//! Generic row snapshots, used by undo/redo: any row of any table as a JSON
//! object (blobs as `{"$blob": hex}`), read and written back unchanged.

use crate::error::Result;
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

pub fn read_row(conn: &Connection, table: &str, pk: i64) -> Result<Option<Map<String, Value>>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM \"{table}\" WHERE fid = ?1"))?;
    let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
    Ok(stmt
        .query_row([pk], |r| {
            let mut m = Map::new();
            for (i, n) in names.iter().enumerate() {
                let v = match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(x) => Value::from(x),
                    ValueRef::Real(x) => Value::from(x),
                    ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => {
                        let mut o = Map::new();
                        o.insert("$blob".into(), Value::String(hex(b)));
                        Value::Object(o)
                    }
                };
                m.insert(n.clone(), v);
            }
            Ok(m)
        })
        .optional()?)
}

/// Writes `row` back as it was (insert or replace), or deletes the row when `row` is `None`.
pub fn write_row(conn: &Connection, table: &str, pk: i64, row: Option<&Map<String, Value>>) -> Result<()> {
    conn.execute(&format!("DELETE FROM \"{table}\" WHERE fid = ?1"), [pk])?;
    let Some(row) = row else { return Ok(()) };
    let cols: Vec<String> = row.keys().map(|k| format!("\"{k}\"")).collect();
    let marks: Vec<String> = (1..=row.len()).map(|i| format!("?{i}")).collect();
    let vals: Vec<SqlValue> = row.values().map(to_sql).collect();
    conn.execute(
        &format!("INSERT INTO \"{table}\" ({}) VALUES ({})", cols.join(","), marks.join(",")),
        rusqlite::params_from_iter(vals),
    )?;
    Ok(())
}

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Object(o) => match o.get("$blob").and_then(Value::as_str) {
            Some(h) => SqlValue::Blob(unhex(h)),
            None => SqlValue::Text(v.to_string()),
        },
        Value::Array(_) => SqlValue::Text(v.to_string()),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()).collect()
}
