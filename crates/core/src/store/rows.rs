//! Generic row snapshots, used by undo/redo: any row of any table as a JSON
//! object (blobs as `{"$blob": hex}`), read and written back unchanged.

use crate::error::Result;
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

pub fn read_row(conn: &Connection, table: &str, pk: i64) -> Result<Option<Map<String, Value>>> {
    if !known_table(table) {
        return Err(damaged(format!("ukendt tabel '{table}'")));
    }
    // The names come from the table's schema, not the statement: rusqlite
    // panics on a column name that is not UTF-8 (a crafted file), while
    // reading it as text gives an error.
    let names = table_columns(conn, table)?;
    let list: Vec<String> = names.iter().map(|n| quote(n)).collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {} WHERE fid = ?1", list.join(","), quote(table)))?;
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
///
/// The table and column names come from the file's undo history, which
/// another program may have written: the table must be one of the project's
/// and every column one it has, or nothing is written.
pub fn write_row(conn: &Connection, table: &str, pk: i64, row: Option<&Map<String, Value>>) -> Result<()> {
    let columns = table_columns(conn, table)?;
    if let Some(row) = row
        && let Some(bad) = row.keys().find(|k| !columns.contains(*k))
    {
        return Err(damaged(format!("tabellen {table} har ingen kolonne '{bad}'")));
    }
    let vals: Vec<SqlValue> = row.into_iter().flat_map(|r| r.values()).map(to_sql).collect::<Result<_>>()?;
    conn.execute(&format!("DELETE FROM {} WHERE fid = ?1", quote(table)), [pk])?;
    let Some(row) = row else { return Ok(()) };
    let cols: Vec<String> = row.keys().map(|k| quote(k)).collect();
    let marks: Vec<String> = (1..=row.len()).map(|i| format!("?{i}")).collect();
    conn.execute(
        &format!("INSERT INTO {} ({}) VALUES ({})", quote(table), cols.join(","), marks.join(",")),
        rusqlite::params_from_iter(vals),
    )?;
    Ok(())
}

/// An SQL identifier in double quotes, inner quotes doubled.
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The tables undo may write: the layers and Afdæk's own tables with a `fid`.
const OWN_TABLES: &[&str] = &["referral_counts", "fidelity_answers", "street_names", "communication_plan"];

fn known_table(table: &str) -> bool {
    crate::model::LAYERS.iter().any(|d| d.table == table) || OWN_TABLES.contains(&table)
}

/// The columns of one of the project's own tables; any other table is refused.
fn table_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    if !known_table(table) {
        return Err(damaged(format!("ukendt tabel '{table}'")));
    }
    let cols = column_names(conn, table).map_err(|e| damaged(format!("tabellen '{table}': {e}")))?;
    if cols.is_empty() {
        return Err(damaged(format!("tabellen '{table}' findes ikke")));
    }
    Ok(cols)
}

/// The column names of any table, in declaration order (what `SELECT *`
/// returns), read as text from the schema: a name that is not UTF-8 is an
/// error here, where rusqlite's statement column names would panic.
pub(crate) fn column_names(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    st.query_map([table], |r| r.get(0))?.collect()
}

/// A history row's text as undo reads it: a JSON object (a row's columns),
/// or damage.
pub fn parse_snapshot(text: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(damaged("en række kan ikke læses".into())),
    }
}

/// [`parse_snapshot`] and the values as they would be written back (blobs
/// from hex): everything undo does with a row's text before SQL.
pub fn decode_snapshot(text: &str) -> Result<Vec<(String, SqlValue)>> {
    parse_snapshot(text)?.into_iter().map(|(k, v)| Ok((k, to_sql(&v)?))).collect()
}

/// The undo history names something that cannot be restored: refuse, change nothing.
pub fn damaged(what: String) -> crate::Error {
    crate::Error::invalid(
        "history",
        format!("fortrydelseshistorikken i projektfilen er beskadiget ({what}); intet er ændret"),
    )
}

fn to_sql(v: &Value) -> Result<SqlValue> {
    Ok(match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Object(o) => match o.get("$blob").and_then(Value::as_str) {
            Some(h) => SqlValue::Blob(unhex(h).ok_or_else(|| damaged("en geometri er ikke gyldig hex".into()))?),
            None => SqlValue::Text(v.to_string()),
        },
        Value::Array(_) => SqlValue::Text(v.to_string()),
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Hex text back to bytes, by bytes (never by char boundaries: the text
/// comes from the file); `None` for anything but pairs of hex digits.
fn unhex(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    b.chunks_exact(2).map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_damage_is_refused_not_a_panic() {
        assert_eq!(unhex(&hex(&[0, 1, 0xab, 0xff])), Some(vec![0, 1, 0xab, 0xff]));
        for bad in ["abc", "zz", "æø", "0æ", "a\u{e9}"] {
            assert_eq!(unhex(bad), None, "{bad:?}");
        }
    }
}
