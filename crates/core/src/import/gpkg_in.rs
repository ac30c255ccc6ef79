//! GeoPackage layers (made in QGIS, or exported by Afdæk). Each feature
//! table whose name is one of our layers goes to that layer; with `--as`,
//! a file with a single feature table (or one named like the target) goes
//! to the target. Columns named like the layer's fields are copied.

use super::{ImportOptions, Incoming, Parsed};
use crate::error::{Error, Result};
use crate::model::{Feature, Layer};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

pub fn parse(path: &Path, opts: &ImportOptions) -> Result<Parsed> {
    let file = path.display().to_string();
    let bad = |reason: String| Error::input(&file, None, reason);
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| bad(format!("kan ikke åbne GeoPackage: {e}")))?;
    let tables: Vec<(String, String, i64)> = conn
        .prepare("SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns")
        .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
        .map_err(|e| bad(format!("ikke en gyldig GeoPackage (gpkg_geometry_columns): {e}")))?;
    let chosen: Vec<(String, String, i64, Layer)> = match opts.as_layer {
        Some(target) => {
            let pick = tables
                .iter()
                .find(|t| t.0 == target.table())
                .or_else(|| (tables.len() == 1).then(|| &tables[0]))
                .ok_or_else(|| {
                    bad(format!(
                        "filen har {} lag ({}); ingen hedder {}",
                        tables.len(),
                        tables.iter().map(|t| t.0.as_str()).collect::<Vec<_>>().join(", "),
                        target.table()
                    ))
                })?;
            vec![(pick.0.clone(), pick.1.clone(), pick.2, target)]
        }
        None => {
            tables.iter().filter_map(|t| Layer::parse(&t.0).ok().map(|l| (t.0.clone(), t.1.clone(), t.2, l))).collect()
        }
    };
    if chosen.is_empty() {
        return Err(bad("ingen af filens lag hedder som Afdæks lag; angiv --as".into()));
    }
    let epsgs: Vec<i64> = chosen.iter().map(|c| c.2).collect();
    let epsg = epsgs[0];
    if epsgs.iter().any(|e| *e != epsg) || ![4326, 25832, 3857].contains(&epsg) {
        return Err(bad(format!("koordinatsystem EPSG:{epsg} understøttes ikke (4326, 25832 eller 3857)")));
    }
    let mut out = Parsed { format: "GeoPackage".into(), epsg: epsg as u32, ..Default::default() };
    for (table, geom_col, _, layer) in chosen {
        // Column names from the schema, as text (a name that is not UTF-8 is
        // this file's error; rusqlite's statement column names would panic).
        let names = crate::store::rows::column_names(&conn, &table)
            .map_err(|e| bad(format!("{table}: kolonnernes navne kan ikke læses: {e}")))?;
        if names.is_empty() {
            return Err(bad(format!("{table}: tabellen findes ikke eller har ingen kolonner")));
        }
        let list: Vec<String> = names.iter().map(|n| crate::store::rows::quote(n)).collect();
        let mut st = conn
            .prepare(&format!("SELECT {} FROM {}", list.join(","), crate::store::rows::quote(&table)))
            .map_err(|e| bad(format!("{table}: {e}")))?;
        let mut rows = st.query([]).map_err(|e| bad(e.to_string()))?;
        let mut i = 0usize;
        while let Some(r) = rows.next().map_err(|e| bad(e.to_string()))? {
            out.read += 1;
            let place = format!("{table} række {i}");
            i += 1;
            let mut f = Feature::default();
            for (ci, name) in names.iter().enumerate() {
                let v = r.get_ref(ci).map_err(|e| bad(e.to_string()))?;
                if *name == geom_col {
                    if let ValueRef::Blob(b) = v {
                        f.geometry = Some(
                            crate::geom::from_gpkg(b)
                                .map_err(|e| Error::input(&file, Some(place.clone()), e.to_string()))?,
                        );
                    }
                    continue;
                }
                let key = name.to_ascii_lowercase();
                let key = if key == "navn" { "name".to_string() } else { key };
                if layer.field(&key).is_none() {
                    continue;
                }
                let j = match v {
                    ValueRef::Null => continue,
                    ValueRef::Integer(x) => serde_json::Value::from(x),
                    ValueRef::Real(x) => serde_json::Value::from(x),
                    ValueRef::Text(t) => serde_json::Value::from(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(_) => continue,
                };
                f.attrs.insert(key, j);
            }
            if f.geometry.is_none() && !layer.def().geom_optional {
                out.skip("ingen geometri");
                continue;
            }
            out.features.push(Incoming { place, layer, feature: f });
        }
    }
    Ok(out)
}
