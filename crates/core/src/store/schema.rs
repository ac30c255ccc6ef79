//! The GeoPackage schema: the OGC core tables, one feature table per layer,
//! Afdæk's own non-spatial tables, and forward migrations.
//!
//! Invariants: `application_id` is 'GPKG' and `user_version` 10300
//! (GeoPackage 1.3); every spatial layer has its `gpkg_contents` and
//! `gpkg_geometry_columns` row; `afdaek_meta.schema_version` says which
//! migrations have run. Migrations only ever move forward.

use crate::error::{Error, Result};
use crate::model::{LAYERS, LayerDef};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

/// The schema version this build writes. Bump it and append to [`MIGRATIONS`].
pub const SCHEMA_VERSION: i64 = 8;

/// 'GPKG' as a big-endian u32, the GeoPackage `application_id`.
pub const GPKG_APPLICATION_ID: i32 = 0x4750_4B47;
/// GeoPackage 1.3.0.
pub const GPKG_USER_VERSION: i32 = 10300;

const WKT_25832: &str = r#"PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",9],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","25832"]]"#;
const WKT_4326: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

type Migration = fn(&Connection, i32) -> Result<()>;

/// `MIGRATIONS[i]` takes a file from version `i` to `i + 1`.
const MIGRATIONS: &[Migration] = &[create_v1, create_v2, add_v3, add_v4, add_v5, add_v6, settings_v7, network_v8];

/// Creates every table of a new, empty project in `srs_id`.
pub fn create(conn: &Connection, srs_id: i32) -> Result<()> {
    conn.pragma_update(None, "application_id", GPKG_APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", GPKG_USER_VERSION)?;
    conn.execute_batch(
        "CREATE TABLE afdaek_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
         INSERT INTO afdaek_meta VALUES ('schema_version', '0');",
    )?;
    migrate(conn, srs_id)
}

/// Reads the schema version of an open file, refusing files that are not projects.
pub fn version(conn: &Connection, path: &Path) -> Result<i64> {
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app != GPKG_APPLICATION_ID {
        return Err(Error::NotAProject { path: path.into(), reason: "ikke en GeoPackage".into() });
    }
    let v: Option<String> = conn
        .query_row("SELECT value FROM afdaek_meta WHERE key = 'schema_version'", [], |r| r.get(0))
        .optional()
        .map_err(|_| Error::NotAProject { path: path.into(), reason: "en GeoPackage, men ikke fra Afdæk".into() })?;
    v.and_then(|s| s.parse().ok())
        .ok_or_else(|| Error::NotAProject { path: path.into(), reason: "skemaversion mangler".into() })
}

/// Runs every migration the file has not had, each in its own transaction.
pub fn migrate(conn: &Connection, srs_id: i32) -> Result<()> {
    loop {
        let v: i64 = conn
            .query_row("SELECT value FROM afdaek_meta WHERE key = 'schema_version'", [], |r| r.get::<_, String>(0))?
            .parse()
            .unwrap_or(0);
        let Some(step) = MIGRATIONS.get(v as usize) else {
            return Ok(());
        };
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let res = step(conn, srs_id).and_then(|_| {
            conn.execute("UPDATE afdaek_meta SET value = ?1 WHERE key = 'schema_version'", [(v + 1).to_string()])?;
            Ok(())
        });
        match res {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                conn.execute_batch("ROLLBACK")?;
                return Err(e);
            }
        }
    }
}

/// The OGC core tables and the spatial reference systems we use. Shared by
/// project files and GeoPackage exports.
pub fn create_gpkg_core(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "application_id", GPKG_APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", GPKG_USER_VERSION)?;
    conn.execute_batch(
        r#"
        CREATE TABLE gpkg_spatial_ref_sys (
            srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
            organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
            definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (
            table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
            identifier TEXT UNIQUE, description TEXT DEFAULT '',
            last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (
            table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
            srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
            CONSTRAINT uk_gc_table_name UNIQUE (table_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        CREATE TABLE gpkg_extensions (
            table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
            definition TEXT NOT NULL, scope TEXT NOT NULL,
            CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
        INSERT INTO gpkg_spatial_ref_sys VALUES
            ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
            ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
        "#,
    )?;
    conn.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?1, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
        [WKT_4326],
    )?;
    conn.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('ETRS89 / UTM zone 32N', 25832, 'EPSG', 25832, ?1, 'Danish national projection (ETRS89 / UTM 32N)')",
        [WKT_25832],
    )?;
    Ok(())
}

fn create_v1(conn: &Connection, srs_id: i32) -> Result<()> {
    create_gpkg_core(conn)?;
    if srs_id != 25832 && srs_id != 4326 {
        return Err(Error::Crs(format!("EPSG:{srs_id} understøttes ikke som projektets koordinatsystem")));
    }
    for def in LAYERS.iter().filter(|d| d.since == 1) {
        create_layer(conn, def, srs_id)?;
    }
    conn.execute_batch(
        r#"
        CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
        CREATE TABLE referral_counts (
            fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
            area_layer TEXT NOT NULL, area_fid INTEGER NOT NULL,
            month TEXT NOT NULL, source_type TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count >= 0),
            UNIQUE (area_layer, area_fid, month, source_type));
        CREATE TABLE fidelity_answers (
            fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
            area_fid INTEGER NOT NULL, date DATE NOT NULL,
            question TEXT NOT NULL, answer TEXT NOT NULL,
            UNIQUE (area_fid, date, question));
        CREATE TABLE audit_log (
            fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
            ts DATETIME NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
        CREATE TABLE afdaek_history_group (
            id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
            label TEXT NOT NULL, ts DATETIME NOT NULL, user TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE afdaek_history_row (
            group_id INTEGER NOT NULL REFERENCES afdaek_history_group(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            tbl TEXT NOT NULL, pk INTEGER NOT NULL,
            before TEXT, after TEXT, after_taken INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (group_id, seq));
        "#,
    )?;
    for (table, ident, desc) in [
        ("settings", "Indstillinger", "Project settings"),
        ("referral_counts", "Henvendelser", "Referral counts per area, month and source type (counts only)"),
        ("fidelity_answers", "Fidelitetsskema", "Fidelity checklist answers per focus area and date"),
        ("audit_log", "Logbog", "Who changed what, when"),
    ] {
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?1, 'attributes', ?2, ?3)",
            params![table, ident, desc],
        )?;
    }
    Ok(())
}

/// Version 2: the `gps_tracks` layer (raw tracks, kept only on request).
fn create_v2(conn: &Connection, srs_id: i32) -> Result<()> {
    for def in LAYERS.iter().filter(|d| d.since == 2) {
        create_layer(conn, def, srs_id)?;
    }
    Ok(())
}

/// Version 3: roads get `oneway` (a car's direction, from OSM). Files made
/// at version 3 or later already have it from the layer definition.
fn add_v3(conn: &Connection, _srs_id: i32) -> Result<()> {
    let has: bool = conn.prepare("SELECT 1 FROM pragma_table_info('roads') WHERE name = 'oneway'")?.exists([])?;
    if !has {
        conn.execute_batch("ALTER TABLE roads ADD COLUMN oneway TEXT;")?;
    }
    Ok(())
}

/// Version 4: the street-name register (CPR road names by municipality and
/// road code), kept so that names are applied again when roads are re-imported.
fn add_v4(conn: &Connection, _srs_id: i32) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS street_names (
            fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
            municipality TEXT NOT NULL,
            street_code TEXT NOT NULL,
            name TEXT NOT NULL,
            UNIQUE (municipality, street_code)
        );",
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('street_names', 'attributes', 'Vejnavne', 'Street names by municipality and road code (CPR road register)')",
        [],
    )?;
    Ok(())
}

/// Version 5: the communication plan per focus area (DOMAIN.md: partner,
/// message, medium, responsible, timeframe, status, evaluation), an
/// attribute table QGIS opens as a table.
fn add_v5(conn: &Connection, _srs_id: i32) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS communication_plan (
            fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
            area_fid INTEGER NOT NULL,
            partner TEXT,
            message TEXT NOT NULL,
            medium TEXT,
            responsible TEXT,
            timeframe TEXT,
            status TEXT,
            evaluation TEXT
        );",
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('communication_plan', 'attributes', 'Kommunikationsplan', 'Communication plan per focus area: partner, message, medium, responsible, timeframe, status, evaluation')",
        [],
    )?;
    Ok(())
}

/// Version 6: partners get `responsible` (who on the team keeps the contact;
/// the area plan's partner table shows it). Files made at version 6 or later
/// already have it from the layer definition.
fn add_v6(conn: &Connection, _srs_id: i32) -> Result<()> {
    let has: bool =
        conn.prepare("SELECT 1 FROM pragma_table_info('partners') WHERE name = 'responsible'")?.exists([])?;
    if !has {
        conn.execute_batch("ALTER TABLE partners ADD COLUMN responsible TEXT;")?;
    }
    Ok(())
}

/// Version 7: `settings` gets an INTEGER primary key (`fid`), with `key`
/// unique beside it. GeoPackage requires an integer key on every table in
/// `gpkg_contents` (Req 119; GDAL's `validate_gpkg.py` stopped there), and
/// settings is registered as an attributes table so QGIS shows it.
fn settings_v7(conn: &Connection, _srs_id: i32) -> Result<()> {
    let has_fid: bool = conn.prepare("SELECT 1 FROM pragma_table_info('settings') WHERE name = 'fid'")?.exists([])?;
    if !has_fid {
        conn.execute_batch(
            "CREATE TABLE settings_v7 (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL);
             INSERT INTO settings_v7 (key, value) SELECT key, value FROM settings;
             DROP TABLE settings;
             ALTER TABLE settings_v7 RENAME TO settings;",
        )?;
    }
    Ok(())
}

/// Version 8: the street network kept in the file (`network::persist`), and
/// what tells whether it is still the roads' network: a counter of row
/// changes to `roads`, kept by triggers, so an edit made by any program
/// (QGIS, GDAL, sqlite3) moves it too.
fn network_v8(conn: &Connection, _srs_id: i32) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS afdaek_network (
             id INTEGER PRIMARY KEY CHECK (id = 1),
             roads_stamp TEXT NOT NULL, format INTEGER NOT NULL, data BLOB NOT NULL);
         CREATE TABLE IF NOT EXISTS afdaek_roads_changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
         INSERT OR IGNORE INTO afdaek_roads_changes VALUES (1, 0);",
    )?;
    create_roads_triggers(conn)
}

/// The names of the triggers that count changes to `roads`.
pub const ROADS_TRIGGERS: [&str; 3] = ["afdaek_roads_inserted", "afdaek_roads_updated", "afdaek_roads_deleted"];

/// (Re)creates the triggers that count changes to `roads` (a tool that
/// replaced the table dropped them).
pub fn create_roads_triggers(conn: &Connection) -> Result<()> {
    for (name, event) in ROADS_TRIGGERS.iter().zip(["INSERT", "UPDATE", "DELETE"]) {
        conn.execute_batch(&format!(
            "CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON roads
             BEGIN UPDATE afdaek_roads_changes SET n = n + 1 WHERE id = 1; END;"
        ))?;
    }
    Ok(())
}

/// One layer's feature table with its `gpkg_contents` and `gpkg_geometry_columns` rows.
pub fn create_layer(conn: &Connection, def: &LayerDef, srs_id: i32) -> Result<()> {
    let mut cols = vec![
        "fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_string(),
        format!("geom {}", def.geom.gpkg_name()),
        "created DATETIME".to_string(),
        "modified DATETIME".to_string(),
    ];
    for f in def.fields {
        cols.push(format!("\"{}\" {}", f.name, f.ty.sql_type()));
    }
    conn.execute_batch(&format!("CREATE TABLE \"{}\" ({});", def.table, cols.join(", ")))?;
    if def.fields.iter().any(|f| f.name == "source_id") {
        // Re-imports look features up by source id.
        conn.execute_batch(&format!("CREATE INDEX \"idx_{0}_source_id\" ON \"{0}\" (source_id);", def.table))?;
    }
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?1, 'features', ?2, ?3, ?4)",
        params![def.table, def.da, def.en, srs_id],
    )?;
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, ?3, 0, 0)",
        params![def.table, def.geom.gpkg_name(), srs_id],
    )?;
    Ok(())
}
