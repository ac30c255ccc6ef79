//! Edits, undo/redo and the audit log.
//!
//! An edit is one SQLite transaction. Before a row is first touched in an
//! edit, its current state (or "absent") is saved as the history row's
//! `before`. Undo restores every `before` of the newest group, first saving
//! the row's state at that moment as `after` so that redo can put it back.
//! Saving `after` lazily keeps big imports cheap: inserting 200,000 buildings
//! stores 200,000 tiny "was absent" rows, not 200,000 copies.
//!
//! A new edit drops the undone groups (the redo stack), as every editor does.

use super::features;
use super::rows;
use crate::error::{Error, Result};
use crate::model::{self, Feature, Layer};
use geo_types::Geometry;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

pub fn now() -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    time::OffsetDateTime::now_utc().format(fmt).expect("format timestamp")
}

/// A change to the in-memory index: the feature's new geometry, or `None` when it is gone.
pub(super) type IndexChange = (Layer, i64, Option<Geometry<f64>>);

/// The handle an edit closure gets: every write goes through it.
pub struct Edit<'c> {
    conn: &'c Connection,
    group: i64,
    seq: i64,
    srs_id: i32,
    touched: HashSet<(String, i64)>,
    changed: Vec<IndexChange>,
    counts: BTreeMap<&'static str, [usize; 3]>,
}

/// One entry of the undo stack.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub label: String,
    pub ts: String,
    pub user: String,
    pub undone: bool,
}

impl<'c> Edit<'c> {
    /// Saves the row's state before this edit first touches it.
    fn remember(&mut self, table: &str, pk: i64) -> Result<()> {
        if self.touched.contains(&(table.to_string(), pk)) {
            return Ok(());
        }
        let before = snapshot(self.conn, table, pk)?;
        self.record(table, pk, before)
    }

    /// Records a row this edit has just created: before the edit it was absent.
    fn remember_new(&mut self, table: &str, pk: i64) -> Result<()> {
        if self.touched.contains(&(table.to_string(), pk)) {
            return Ok(());
        }
        self.record(table, pk, None)
    }

    fn record(&mut self, table: &str, pk: i64, before: Option<Map<String, Value>>) -> Result<()> {
        self.touched.insert((table.to_string(), pk));
        self.seq += 1;
        self.conn.execute(
            "INSERT INTO afdaek_history_row (group_id, seq, tbl, pk, before) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![self.group, self.seq, table, pk, before.map(|b| Value::Object(b).to_string())],
        )?;
        Ok(())
    }

    fn count(&mut self, layer: Layer, kind: usize) {
        self.counts.entry(layer.table()).or_default()[kind] += 1;
    }

    /// Validates and stores a new feature; returns its fid.
    pub fn insert(&mut self, layer: Layer, mut feature: Feature) -> Result<i64> {
        model::validate(layer, &mut feature)?;
        let ts = now();
        if let Some(fid) = feature.fid {
            // An explicit fid (restoring a feature): keep what was there, if anything.
            self.remember(layer.table(), fid)?;
        }
        let fid = features::write_feature(self.conn, layer, feature.fid, &feature, &ts, &ts, self.srs_id)?;
        self.remember_new(layer.table(), fid)?;
        self.count(layer, 0);
        self.changed.push((layer, fid, feature.geometry));
        Ok(fid)
    }

    /// Replaces a feature's geometry and attributes (keeps its fid and created time).
    pub fn update(&mut self, layer: Layer, fid: i64, mut feature: Feature) -> Result<()> {
        model::validate(layer, &mut feature)?;
        let old = features::read_feature(self.conn, layer, fid)?
            .ok_or_else(|| Error::NoSuchFeature { layer: layer.to_string(), fid })?;
        self.remember(layer.table(), fid)?;
        let created = old.created.unwrap_or_else(now);
        features::write_feature(self.conn, layer, Some(fid), &feature, &created, &now(), self.srs_id)?;
        self.count(layer, 1);
        self.changed.push((layer, fid, feature.geometry));
        Ok(())
    }

    /// Changes some attributes, keeping the rest and the geometry.
    pub fn update_attrs(&mut self, layer: Layer, fid: i64, patch: Map<String, Value>) -> Result<()> {
        let mut f = features::read_feature(self.conn, layer, fid)?
            .ok_or_else(|| Error::NoSuchFeature { layer: layer.to_string(), fid })?;
        for (k, v) in patch {
            f.attrs.insert(k, v);
        }
        self.update(layer, fid, f)
    }

    pub fn delete(&mut self, layer: Layer, fid: i64) -> Result<()> {
        self.remember(layer.table(), fid)?;
        let n = self.conn.execute(&format!("DELETE FROM \"{}\" WHERE fid = ?1", layer.table()), [fid])?;
        if n == 0 {
            return Err(Error::NoSuchFeature { layer: layer.to_string(), fid });
        }
        self.count(layer, 2);
        self.changed.push((layer, fid, None));
        Ok(())
    }

    pub(super) fn write_settings(&mut self, s: &super::Settings) -> Result<()> {
        self.remember("settings", 0)?;
        features::write_settings(self.conn, s)
    }

    /// Sets a referral count for an area, month and source type (counts only, never people).
    pub fn set_referral_count(
        &mut self,
        area_layer: Layer,
        area_fid: i64,
        month: &str,
        source: &str,
        count: u32,
    ) -> Result<()> {
        validate_month(month)?;
        crate::vocab::find(crate::vocab::REFERRAL_SOURCES, source)
            .ok_or_else(|| Error::invalid("source_type", format!("ukendt kode '{source}'")))?;
        let existing: Option<i64> = self
            .conn
            .query_row(
                "SELECT fid FROM referral_counts WHERE area_layer = ?1 AND area_fid = ?2 AND month = ?3 AND source_type = ?4",
                params![area_layer.table(), area_fid, month, source],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(fid) => {
                self.remember("referral_counts", fid)?;
                self.conn.execute("UPDATE referral_counts SET count = ?2 WHERE fid = ?1", params![fid, count])?;
            }
            None => {
                self.conn.execute(
                    "INSERT INTO referral_counts (area_layer, area_fid, month, source_type, count) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![area_layer.table(), area_fid, month, source, count],
                )?;
                self.remember_new("referral_counts", self.conn.last_insert_rowid())?;
            }
        }
        self.counts.entry("referral_counts").or_default()[1] += 1;
        Ok(())
    }

    /// Records the team's answer to one fidelity question for a focus area on a date.
    pub fn set_fidelity_answer(&mut self, area_fid: i64, date: &str, question: &str, answer: &str) -> Result<()> {
        crate::vocab::find(crate::vocab::FIDELITY_QUESTIONS, question)
            .ok_or_else(|| Error::invalid("question", format!("ukendt spørgsmål '{question}'")))?;
        crate::vocab::find(crate::vocab::SCALE5, answer)
            .ok_or_else(|| Error::invalid("answer", format!("ukendt svar '{answer}'")))?;
        validate_date(date)?;
        let existing: Option<i64> = self
            .conn
            .query_row(
                "SELECT fid FROM fidelity_answers WHERE area_fid = ?1 AND date = ?2 AND question = ?3",
                params![area_fid, date, question],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(fid) => {
                self.remember("fidelity_answers", fid)?;
                self.conn.execute("UPDATE fidelity_answers SET answer = ?2 WHERE fid = ?1", params![fid, answer])?;
            }
            None => {
                self.conn.execute(
                    "INSERT INTO fidelity_answers (area_fid, date, question, answer) VALUES (?1, ?2, ?3, ?4)",
                    params![area_fid, date, question, answer],
                )?;
                self.remember_new("fidelity_answers", self.conn.last_insert_rowid())?;
            }
        }
        self.counts.entry("fidelity_answers").or_default()[1] += 1;
        Ok(())
    }

    /// Sets the name of a street (municipality code "0461", road code "4194"),
    /// as the CPR road register gives it. Returns whether anything changed.
    pub fn set_street_name(&mut self, municipality: &str, street_code: &str, name: &str) -> Result<bool> {
        crate::privacy::check_text("name", name)?;
        let existing: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT fid, name FROM street_names WHERE municipality = ?1 AND street_code = ?2",
                params![municipality, street_code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match existing {
            Some((_, old)) if old == name => return Ok(false),
            Some((fid, _)) => {
                self.remember("street_names", fid)?;
                self.conn.execute("UPDATE street_names SET name = ?2 WHERE fid = ?1", params![fid, name])?;
            }
            None => {
                self.conn.execute(
                    "INSERT INTO street_names (municipality, street_code, name) VALUES (?1, ?2, ?3)",
                    params![municipality, street_code, name],
                )?;
                self.remember_new("street_names", self.conn.last_insert_rowid())?;
            }
        }
        self.counts.entry("street_names").or_default()[1] += 1;
        Ok(true)
    }

    /// Stores a checked communication-plan row; returns its fid.
    pub fn insert_plan_row(&mut self, r: &crate::planning::plan::PlanRow) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO communication_plan (area_fid, partner, message, medium, responsible, timeframe, status, evaluation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![r.area_fid, r.partner, r.message, r.medium, r.responsible, r.timeframe, r.status, r.evaluation],
        )?;
        let fid = self.conn.last_insert_rowid();
        self.remember_new("communication_plan", fid)?;
        self.counts.entry("communication_plan").or_default()[0] += 1;
        Ok(fid)
    }

    /// Removes a communication-plan row.
    pub fn delete_plan_row(&mut self, fid: i64) -> Result<()> {
        self.remember("communication_plan", fid)?;
        let n = self.conn.execute("DELETE FROM communication_plan WHERE fid = ?1", [fid])?;
        if n == 0 {
            return Err(Error::invalid("fid", format!("række nr. {fid} findes ikke i kommunikationsplanen")));
        }
        self.counts.entry("communication_plan").or_default()[2] += 1;
        Ok(())
    }

    /// Read access inside the edit (sees the edit's own writes).
    pub fn feature(&self, layer: Layer, fid: i64) -> Result<Option<Feature>> {
        features::read_feature(self.conn, layer, fid)
    }

    pub fn fid_by_source_id(&self, layer: Layer, source_id: &str) -> Result<Option<i64>> {
        features::fid_by_source_id(self.conn, layer, source_id)
    }
}

fn validate_date(s: &str) -> Result<()> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, fmt)
        .map(|_| ())
        .map_err(|_| Error::invalid("date", format!("'{s}' er ikke en dato (ÅÅÅÅ-MM-DD)")))
}

fn validate_month(s: &str) -> Result<()> {
    validate_date(&format!("{s}-01")).map_err(|_| Error::invalid("month", format!("'{s}' er ikke en måned (ÅÅÅÅ-MM)")))
}

fn snapshot(conn: &Connection, table: &str, pk: i64) -> Result<Option<Map<String, Value>>> {
    if table == "settings" {
        let mut st = conn.prepare("SELECT key, value FROM settings")?;
        let m: Map<String, Value> = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, Value::String(r.get::<_, String>(1)?))))?
            .collect::<std::result::Result<_, _>>()?;
        return Ok(Some(m));
    }
    rows::read_row(conn, table, pk)
}

fn restore(conn: &Connection, table: &str, pk: i64, row: Option<&Map<String, Value>>) -> Result<()> {
    if table == "settings" {
        conn.execute("DELETE FROM settings", [])?;
        for (k, v) in row.into_iter().flatten() {
            conn.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", params![k, v.as_str().unwrap_or("")])?;
        }
        return Ok(());
    }
    rows::write_row(conn, table, pk, row)
}

/// Keeps `gpkg_contents` true for the layers an edit changed, inside the
/// edit's transaction (so an edit is never reported failed after it was
/// stored): `last_change` now, and the extent grown to hold every new
/// geometry. GeoPackage allows an extent larger than the data, so deletions
/// do not shrink it.
fn touch_contents<'g>(
    conn: &Connection,
    changed: impl Iterator<Item = (Layer, Option<&'g Geometry<f64>>)>,
) -> Result<()> {
    let mut grown: BTreeMap<&'static str, Option<[f64; 4]>> = BTreeMap::new();
    for (layer, g) in changed {
        let b = grown.entry(layer.table()).or_default();
        if let Some(gb) = g.and_then(crate::geom::bbox) {
            *b = Some(crate::geom::union_bbox(*b, gb));
        }
    }
    let ts = now();
    for (table, b) in grown {
        conn.execute("UPDATE gpkg_contents SET last_change = ?2 WHERE table_name = ?1", params![table, ts])?;
        if let Some(b) = b {
            conn.execute(
                "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, ?2), ?2), min_y = min(coalesce(min_y, ?3), ?3),
                 max_x = max(coalesce(max_x, ?4), ?4), max_y = max(coalesce(max_y, ?5), ?5) WHERE table_name = ?1",
                params![table, b[0], b[1], b[2], b[3]],
            )?;
        }
    }
    Ok(())
}

fn audit(conn: &Connection, user: &str, action: &str, detail: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (ts, user, action, detail) VALUES (?1, ?2, ?3, ?4)",
        params![now(), user, action, detail],
    )?;
    Ok(())
}

fn in_transaction<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    match f() {
        Ok(v) => {
            conn.execute_batch("COMMIT")?;
            Ok(v)
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK")?;
            Err(e)
        }
    }
}

pub(super) fn run<T>(
    conn: &Connection,
    label: &str,
    user: &str,
    srs_id: i32,
    f: impl FnOnce(&mut Edit<'_>) -> Result<T>,
) -> Result<(T, Vec<IndexChange>)> {
    crate::privacy::check_text("label", label)?;
    in_transaction(conn, || {
        conn.execute(
            "DELETE FROM afdaek_history_row WHERE group_id IN (SELECT id FROM afdaek_history_group WHERE undone = 1)",
            [],
        )?;
        conn.execute("DELETE FROM afdaek_history_group WHERE undone = 1", [])?;
        conn.execute(
            "INSERT INTO afdaek_history_group (label, ts, user) VALUES (?1, ?2, ?3)",
            params![label, now(), user],
        )?;
        let mut ed = Edit {
            conn,
            group: conn.last_insert_rowid(),
            seq: 0,
            srs_id,
            touched: HashSet::new(),
            changed: Vec::new(),
            counts: BTreeMap::new(),
        };
        let value = f(&mut ed)?;
        let detail: Vec<String> = ed.counts.iter().map(|(t, [a, u, d])| format!("{t}: +{a} ~{u} -{d}")).collect();
        audit(conn, user, label, &detail.join(", "))?;
        touch_contents(conn, ed.changed.iter().map(|(l, _, g)| (*l, g.as_ref())))?;
        Ok((value, ed.changed))
    })
}

/// Undo (`undo = true`) or redo one group. Returns its label and the rows it touched.
pub(super) fn replay(conn: &Connection, user: &str, undo: bool) -> Result<(String, Vec<(String, i64)>)> {
    in_transaction(conn, || {
        let sql = if undo {
            "SELECT id, label FROM afdaek_history_group WHERE undone = 0 ORDER BY id DESC LIMIT 1"
        } else {
            "SELECT id, label FROM afdaek_history_group WHERE undone = 1 ORDER BY id ASC LIMIT 1"
        };
        let (group, label): (i64, String) = conn
            .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or(if undo { Error::NothingToUndo } else { Error::NothingToRedo })?;
        let order = if undo { "DESC" } else { "ASC" };
        let mut st = conn.prepare(&format!(
            "SELECT seq, tbl, pk, before, after, after_taken FROM afdaek_history_row WHERE group_id = ?1 ORDER BY seq {order}"
        ))?;
        type HistRow = (i64, String, i64, Option<String>, Option<String>, bool);
        let entries: Vec<HistRow> = st
            .query_map([group], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
            .collect::<std::result::Result<_, _>>()?;
        // NULL means "the row did not exist" (restoring deletes it); text that
        // is not a JSON object is damage, and undo refuses rather than delete.
        let parse = |s: &Option<String>, seq: i64| -> Result<Option<Map<String, Value>>> {
            match s.as_deref() {
                None => Ok(None),
                Some(text) => rows::parse_snapshot(text)
                    .map(Some)
                    .map_err(|_| rows::damaged(format!("skridt {seq} i \"{label}\" kan ikke læses"))),
            }
        };
        let mut touched = Vec::new();
        for (seq, tbl, pk, before, after, after_taken) in &entries {
            if undo {
                if !after_taken {
                    let now_row = snapshot(conn, tbl, *pk)?;
                    conn.execute(
                        "UPDATE afdaek_history_row SET after = ?3, after_taken = 1 WHERE group_id = ?1 AND seq = ?2",
                        params![group, seq, now_row.map(|m| Value::Object(m).to_string())],
                    )?;
                }
                restore(conn, tbl, *pk, parse(before, *seq)?.as_ref())?;
            } else {
                restore(conn, tbl, *pk, parse(after, *seq)?.as_ref())?;
            }
            touched.push((tbl.clone(), *pk));
        }
        let mut restored = Vec::new();
        for (tbl, pk) in &touched {
            if let Ok(layer) = Layer::parse(tbl) {
                restored.push((layer, features::read_geometry(conn, layer, *pk)?));
            }
        }
        touch_contents(conn, restored.iter().map(|(l, g)| (*l, g.as_ref())))?;
        conn.execute("UPDATE afdaek_history_group SET undone = ?2 WHERE id = ?1", params![group, undo as i64])?;
        let verb = if undo { "Fortryd" } else { "Gentag" };
        audit(conn, user, &format!("{verb}: {label}"), &format!("{} rækker", entries.len()))?;
        Ok((label, touched))
    })
}

pub(super) fn history(conn: &Connection) -> Result<Vec<HistoryEntry>> {
    let mut st = conn.prepare("SELECT id, label, ts, user, undone FROM afdaek_history_group ORDER BY id DESC")?;
    let rows = st.query_map([], |r| {
        Ok(HistoryEntry { id: r.get(0)?, label: r.get(1)?, ts: r.get(2)?, user: r.get(3)?, undone: r.get(4)? })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
