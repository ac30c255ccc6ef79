//! Importers: every supported format becomes a list of [`Incoming`] features
//! in a known CRS; [`import_file`] then transforms, repairs, validates and
//! stores them in **one** edit (all or nothing), updating features that
//! carry the same `source_id` instead of duplicating them. [`preview_file`]
//! does all of it but the write, so the app can show what a file holds first.
//!
//! One module per format; each only parses and maps properties onto our
//! vocabulary. Errors name the file, the feature or line, and the reason.

pub(crate) mod bbr;
pub(crate) mod csv_in;
mod detect;
pub(crate) mod geojson_in;
pub(crate) mod gpkg_in;
pub mod gpx_in;
pub(crate) mod kml_in;
pub(crate) mod osm_in;
mod osm_poi;
pub mod repair;
mod street_names;
pub use street_names::StreetName;

pub use detect::Format;

use crate::crs::Transform;
use crate::error::{Error, Result};
use crate::model::{Feature, Layer};
use crate::store::Project;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One feature read from a file, not yet stored.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// Where in the file: "feature 12", "line 17", "record 3".
    pub place: String,
    pub layer: Layer,
    /// Geometry in the source CRS; attributes already mapped to the layer's fields.
    pub feature: Feature,
}

/// What a reader hands back: the features, their CRS, and what it skipped.
#[derive(Debug, Default)]
pub struct Parsed {
    pub format: String,
    pub epsg: u32,
    pub features: Vec<Incoming>,
    pub read: usize,
    pub skipped: BTreeMap<String, usize>,
    /// Repairs the reader made before geo-types could hide them (ring closing).
    pub repaired: BTreeMap<String, usize>,
    pub notes: Vec<String>,
    clip: bool,
}

impl Parsed {
    pub fn skip(&mut self, reason: impl Into<String>) {
        *self.skipped.entry(reason.into()).or_default() += 1;
    }
}

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The target layer; needed where the file does not say (plain GeoJSON, KML, CSV).
    pub as_layer: Option<Layer>,
    /// Keep only features that meet the project boundary (when one is imported).
    pub clip_to_boundary: bool,
    /// Set (from another thread) to stop the import: checked every few
    /// thousand features while checking and storing; the edit rolls back.
    pub cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl ImportOptions {
    fn check_cancelled(&self) -> Result<()> {
        match &self.cancel {
            Some(c) if c.load(std::sync::atomic::Ordering::Relaxed) => Err(Error::Cancelled("Importen".into())),
            _ => Ok(()),
        }
    }
}

/// How far an import has come, for the app's progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// "read", "check" or "store".
    pub stage: &'static str,
    pub done: u64,
    pub total: u64,
}

/// The import report shown after every import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub format: String,
    pub crs: String,
    pub read: usize,
    pub imported: usize,
    pub updated: usize,
    pub skipped: BTreeMap<String, usize>,
    pub repaired: BTreeMap<String, usize>,
    pub per_layer: BTreeMap<String, usize>,
    /// Extent of what was imported, in WGS84 `[west, south, east, north]`.
    pub extent_lonlat: Option<[f64; 4]>,
    pub warnings: Vec<String>,
}

/// What an import would do, found without storing anything: the answer to
/// "what is in this file?" before the user presses Importér.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportPreview {
    pub file: String,
    /// "GeoJSON", "GeoDanmark Vejmidte", "BBR Bygning (JSON)", "GPX" …
    pub format: String,
    /// "EPSG:4326"; "-" when the file was not read (a layer is needed first).
    pub crs: String,
    pub read: usize,
    /// Features per target table (table → count) that the import would store or update.
    pub per_layer: BTreeMap<String, usize>,
    pub skipped: BTreeMap<String, usize>,
    pub repaired: BTreeMap<String, usize>,
    pub warnings: Vec<String>,
    /// The file does not say which layer it belongs to: choose one (`as_layer`).
    pub needs_layer: bool,
    /// The core's words for why a layer is needed, when `needs_layer`.
    pub message: Option<String>,
    /// A GPS track (GPX): it can also be matched onto the roads as coverage.
    pub track: bool,
    /// The layers this file may be put into (table names), for the choice of layer.
    pub targets: Vec<String>,
    /// Danish labels of every table named in `per_layer` and `targets`.
    pub labels: BTreeMap<String, String>,
    /// Extent of what would be imported, in WGS84 `[west, south, east, north]`.
    pub extent_lonlat: Option<[f64; 4]>,
}

/// Largest file any reader takes (every format, streamed or not): bigger
/// inputs are refused unread with a clear message rather than exhausting
/// memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// Most features one import may hold (a whole country's buildings is ~4.5M).
pub const MAX_FEATURES: usize = 10_000_000;
/// Most vertices one geometry may have (a municipality's boundary has ~50,000).
pub const MAX_VERTICES: usize = 1_000_000;
/// Deepest element nesting a KML/XML file may have (folders in folders).
pub const MAX_NESTING: usize = 256;

/// The 1-based line of a byte position, for an error message; counted only
/// when an error needs it (counting per element made big files quadratic).
pub(crate) fn line_at(bytes: &[u8], pos: u64) -> usize {
    bytes[..(pos as usize).min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Refuses a file over [`MAX_FILE_BYTES`] before reading it.
pub fn check_size(file: &str, len: u64) -> Result<()> {
    if len > MAX_FILE_BYTES {
        return Err(Error::input(
            file,
            None,
            format!("filen er {} MB; højst {} MB kan indlæses", len >> 20, MAX_FILE_BYTES >> 20),
        ));
    }
    Ok(())
}

/// Reads `path`, detects its format, and stores its features in one edit.
pub fn import_file(project: &mut Project, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    import_file_with_progress(project, path, opts, &mut |_| {})
}

/// [`import_file`], reporting progress every few thousand features.
pub fn import_file_with_progress(
    project: &mut Project,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let plan = plan(project, path, opts, progress)?;
    opts.check_cancelled()?;
    match plan {
        Plan::Features(checked) => store(project, checked, opts, progress),
        Plan::StreetNames(names) => store_street_names(project, names),
    }
}

/// What [`import_file`] would do with `path`, found the same way (read,
/// transform, repair, validate, clip) but with nothing stored. A file that
/// needs a target layer when none is given is not an error here: the
/// preview says so (`needs_layer`) with the core's message.
pub fn preview_file(project: &Project, path: &Path, opts: &ImportOptions) -> Result<ImportPreview> {
    preview_file_with_progress(project, path, opts, &mut |_| {})
}

/// [`preview_file`], reporting progress as [`import_file_with_progress`] does.
pub fn preview_file_with_progress(
    project: &Project,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportPreview> {
    let file = path.display().to_string();
    let detected = detect::detect(&head(&file, path)?);
    let mut preview = match plan(project, path, opts, progress) {
        Ok(Plan::Features(c)) => {
            let mut per_layer = BTreeMap::new();
            for (_, layer, _) in &c.ready {
                *per_layer.entry(layer.table().to_string()).or_default() += 1;
            }
            ImportPreview {
                extent_lonlat: lonlat(project, c.extent)?,
                file: c.file,
                format: c.format,
                crs: format!("EPSG:{}", c.epsg),
                read: c.read,
                per_layer,
                skipped: c.skipped,
                repaired: c.repaired,
                warnings: c.warnings,
                ..Default::default()
            }
        }
        Ok(Plan::StreetNames(n)) => {
            let r = street_names_report(&n);
            ImportPreview {
                file: r.file,
                format: r.format,
                crs: r.crs,
                read: r.read,
                per_layer: r.per_layer,
                ..Default::default()
            }
        }
        Err(Error::NeedsLayer { file, reason, .. }) => ImportPreview {
            message: Some(format!("{file}: {reason}")),
            file,
            format: detected.map_or("-", Format::label).to_string(),
            crs: "-".into(),
            needs_layer: true,
            ..Default::default()
        },
        Err(e) => return Err(e),
    };
    preview.track = detected == Some(Format::Gpx);
    preview.targets = targets(detected).iter().map(|l| l.table().to_string()).collect();
    let tables = preview.per_layer.keys().chain(preview.targets.iter());
    preview.labels = tables
        .map(|t| {
            let label = match Layer::parse(t) {
                Ok(l) => l.def().da,
                Err(_) if t == "street_names" => "Vejnavne",
                Err(_) => t.as_str(),
            };
            (t.clone(), label.to_string())
        })
        .collect();
    Ok(preview)
}

/// The layers a file of this format may be put into. Coverage and partner
/// reach are made by the app from visits and partners, and raw GPS tracks
/// are kept only from a track's matching, never imported; CSV rows are points.
pub fn targets(format: Option<Format>) -> Vec<Layer> {
    Layer::all()
        .filter(|l| !matches!(l, Layer::Coverage | Layer::PartnerReach | Layer::GpsTracks))
        .filter(|l| format != Some(Format::Csv) || l.def().geom == crate::model::GeomKind::Point)
        .collect()
}

/// A file read and checked against the project, ready to store.
enum Plan {
    Features(Checked),
    StreetNames(StreetNamesPlan),
}

/// Features transformed to the project CRS, repaired, validated and
/// clipped: everything but the write.
struct Checked {
    file: String,
    format: String,
    epsg: u32,
    read: usize,
    skipped: BTreeMap<String, usize>,
    repaired: BTreeMap<String, usize>,
    warnings: Vec<String>,
    /// (place in the file, layer, feature in the project CRS).
    ready: Vec<(String, Layer, Feature)>,
    /// In the project CRS.
    extent: Option<[f64; 4]>,
}

/// The street-name register and the roads it renames.
struct StreetNamesPlan {
    file: String,
    names: Vec<StreetName>,
    renamed: Vec<(i64, String)>,
}

/// The first 8 KB of a file, for format detection.
fn head(file: &str, path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut head = vec![0u8; 8192];
    let mut f = std::fs::File::open(path).map_err(|e| Error::input(file, None, e.to_string()))?;
    let n = f.read(&mut head).map_err(|e| Error::input(file, None, e.to_string()))?;
    head.truncate(n);
    Ok(head)
}

/// Reads and checks `path` against the project; nothing is written.
fn plan(project: &Project, path: &Path, opts: &ImportOptions, progress: &mut dyn FnMut(Progress)) -> Result<Plan> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::input(&file, None, e.to_string()))?;
    check_size(&file, meta.len())?;
    let head = head(&file, path)?;
    let municipality = project.settings().municipality.clone();
    if street_names::is_street_names(&String::from_utf8_lossy(&head)) {
        let bytes = std::fs::read(path).map_err(|e| Error::input(&file, None, e.to_string()))?;
        opts.check_cancelled()?;
        return plan_street_names(project, &file, &bytes).map(Plan::StreetNames);
    }
    let mut parsed = match detect::detect(&head) {
        Some(Format::GeoPackage) => gpkg_in::parse(path, opts)?,
        // GeoJSON streams: neither the text nor a JSON tree of the whole file is held.
        Some(Format::GeoJson) => {
            let f = std::fs::File::open(path).map_err(|e| Error::input(&file, None, e.to_string()))?;
            let reader =
                CountingReader { inner: f, read: 0, total: meta.len(), next_report: 0, progress: &mut *progress };
            geojson_in::parse_reader(&file, reader, opts, municipality.as_deref())?
        }
        _ => {
            progress(Progress { stage: "read", done: 0, total: meta.len() });
            let bytes = std::fs::read(path).map_err(|e| Error::input(&file, None, e.to_string()))?;
            progress(Progress { stage: "read", done: meta.len(), total: meta.len() });
            parse_bytes(&file, &bytes, opts, municipality.as_deref())?
        }
    };
    parsed.clip = opts.clip_to_boundary;
    opts.check_cancelled()?;
    check(project, &file, parsed, opts, progress).map(Plan::Features)
}

/// Parses bytes of any supported format (the format is detected from content).
pub fn parse_bytes(file: &str, bytes: &[u8], opts: &ImportOptions, municipality: Option<&str>) -> Result<Parsed> {
    let format = detect::detect(bytes).ok_or_else(|| {
        Error::input(file, None, "ukendt filformat (forventede GeoJSON, BBR-JSON, OSM, GPX, KML, CSV eller GeoPackage)")
    })?;
    match format {
        Format::GeoJson => geojson_in::parse(file, bytes, opts, municipality),
        Format::BbrJson => bbr::parse(file, bytes, opts),
        Format::Kml => {
            let text = std::str::from_utf8(bytes).map_err(|e| Error::input(file, None, format!("ikke UTF-8: {e}")))?;
            kml_in::parse(file, text, opts)
        }
        Format::Kmz => kml_in::parse(file, &kml_in::unzip_kmz(file, bytes)?, opts).map(|mut p| {
            p.format = "KMZ".into();
            p
        }),
        Format::Gpx => gpx_in::parse(file, bytes, opts),
        Format::OsmXml => osm_in::parse_xml(file, bytes, opts),
        Format::OsmPbf => osm_in::parse_pbf(file, bytes, opts),
        Format::Csv => csv_in::parse(file, bytes, opts),
        Format::GeoPackage => Err(Error::input(file, None, "en GeoPackage læses fra en fil, ikke fra bytes")),
    }
}

const PROGRESS_EVERY: usize = 5000;

/// Reports "read" progress every 4 MB as a streaming reader consumes a file.
struct CountingReader<'p, R> {
    inner: R,
    read: u64,
    total: u64,
    next_report: u64,
    progress: &'p mut dyn FnMut(Progress),
}

impl<R: std::io::Read> std::io::Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read >= self.next_report || n == 0 {
            (self.progress)(Progress { stage: "read", done: self.read.min(self.total), total: self.total });
            self.next_report = self.read + (4 << 20);
        }
        Ok(n)
    }
}

/// Transforms, repairs, validates and clips everything before the first
/// write, so a bad feature stops the import with nothing stored.
fn check(
    project: &Project,
    file: &str,
    mut parsed: Parsed,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Checked> {
    let total = parsed.features.len() as u64;
    if parsed.features.len() > MAX_FEATURES {
        return Err(Error::input(
            file,
            None,
            format!("filen har {} objekter; højst {} kan indlæses på én gang", parsed.features.len(), MAX_FEATURES),
        ));
    }
    for inc in &parsed.features {
        use geo::CoordsIter;
        let n = inc.feature.geometry.as_ref().map_or(0, |g| g.coords_count());
        if n > MAX_VERTICES {
            return Err(Error::input(
                file,
                Some(inc.place.clone()),
                format!("geometrien har {n} punkter; højst {MAX_VERTICES} pr. objekt"),
            ));
        }
    }
    let srs = project.settings().srs_id as u32;
    let to_project = Transform::new(parsed.epsg, srs)?;
    let mut repaired = std::mem::take(&mut parsed.repaired);
    let mut extent: Option<[f64; 4]> = None;
    let mut warnings = std::mem::take(&mut parsed.notes);

    if parsed.epsg == crate::crs::WGS84 {
        looks_swapped(file, &parsed.features)?;
    }
    if parsed.epsg == crate::crs::UTM32N {
        for inc in &parsed.features {
            check_utm(file, inc)?;
        }
    }

    // Roads without a name get theirs from the project's street-name register.
    let names = project.street_names()?;
    if !names.is_empty() {
        for inc in parsed.features.iter_mut().filter(|i| i.layer == Layer::Roads && i.feature.str("name").is_none()) {
            let key = (
                inc.feature.str("municipality").and_then(normalise_code4),
                inc.feature.str("street_code").and_then(normalise_code4),
            );
            if let (Some(m), Some(c)) = key
                && let Some(n) = names.get(&(m, c))
            {
                inc.feature.attrs.insert("name".into(), n.clone().into());
            }
        }
    }

    // Transform and repair everything before the first write, so a bad
    // feature stops the import with nothing stored.
    let mut ready = Vec::with_capacity(parsed.features.len());
    for (i, inc) in parsed.features.into_iter().enumerate() {
        if i % PROGRESS_EVERY == 0 {
            opts.check_cancelled()?;
            progress(Progress { stage: "check", done: i as u64, total });
        }
        let at = |reason: String| Error::input(file, Some(inc.place.clone()), reason);
        let mut f = inc.feature;
        if let Some(g) = f.geometry.take() {
            crate::geom::check_finite(&g).map_err(|e| at(e.to_string()))?;
            let mut g = g;
            to_project.geometry_in_place(&mut g).map_err(|e| at(e.to_string()))?;
            let (g, fixes) = repair::repair(g).map_err(&at)?;
            for fx in fixes {
                *repaired.entry(fx).or_default() += 1;
            }
            if let Some(b) = crate::geom::bbox(&g) {
                extent = Some(crate::geom::union_bbox(extent, b));
            }
            f.geometry = Some(g);
        }
        let mut check = f.clone();
        crate::model::validate(inc.layer, &mut check).map_err(|e| at(e.to_string()))?;
        ready.push((inc.place, inc.layer, check));
    }

    // Compare with the project boundary: warn about what lies outside, or drop it when clipping.
    let boundary: Vec<geo_types::MultiPolygon<f64>> = project
        .index()
        .geometries(Layer::Boundary)
        .filter_map(|(_, g)| match g {
            geo_types::Geometry::MultiPolygon(mp) => Some(mp.clone()),
            _ => None,
        })
        .collect();
    if !boundary.is_empty() {
        use geo::Intersects;
        let inside = |g: &geo_types::Geometry<f64>| boundary.iter().any(|b| b.intersects(g));
        let before = ready.len();
        let outside = ready
            .iter()
            .filter(|(_, l, f)| *l != Layer::Boundary && f.geometry.as_ref().is_some_and(|g| !inside(g)))
            .count();
        if outside > 0 && parsed.clip {
            ready.retain(|(_, l, f)| *l == Layer::Boundary || f.geometry.as_ref().is_none_or(inside));
            *parsed.skipped.entry("uden for projektgrænsen".into()).or_default() += before - ready.len();
            extent = None;
            for (_, _, f) in &ready {
                if let Some(b) = f.geometry.as_ref().and_then(crate::geom::bbox) {
                    extent = Some(crate::geom::union_bbox(extent, b));
                }
            }
        } else if outside > 0 {
            warnings.push(format!(
                "{outside} objekter ligger uden for projektgrænsen (brug --clip for kun at tage dem indenfor)"
            ));
        }
    }

    Ok(Checked {
        file: file.to_string(),
        format: parsed.format,
        epsg: parsed.epsg,
        read: parsed.read,
        skipped: parsed.skipped,
        repaired,
        warnings,
        ready,
        extent,
    })
}

/// The edit's label: "Import: <file name>".
fn edit_label(file: &str) -> String {
    format!("Import: {}", Path::new(file).file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
}

/// A project-CRS extent in WGS84 `[west, south, east, north]`.
fn lonlat(project: &Project, extent: Option<[f64; 4]>) -> Result<Option<[f64; 4]>> {
    let Some(e) = extent else { return Ok(None) };
    let t = Transform::new(project.settings().srs_id as u32, crate::crs::WGS84)?;
    let mut c = [geo_types::Coord { x: e[0], y: e[1] }, geo_types::Coord { x: e[2], y: e[3] }];
    t.coords_in_place(&mut c)?;
    Ok(Some([c[0].x, c[0].y, c[1].x, c[1].y]))
}

/// Stores checked features in one edit, updating those with a known `source_id`.
fn store(
    project: &mut Project,
    checked: Checked,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let Checked { file, format, epsg, read, skipped, repaired, warnings, ready, extent } = checked;
    let file = file.as_str();
    let total = ready.len() as u64;
    let mut per_layer: BTreeMap<String, usize> = BTreeMap::new();
    let (imported, updated) = project.edit(&edit_label(file), |ed| {
        let (mut ins, mut upd) = (0, 0);
        for (i, (place, layer, f)) in ready.into_iter().enumerate() {
            if i % PROGRESS_EVERY == 0 {
                opts.check_cancelled()?;
                progress(Progress { stage: "store", done: i as u64, total });
            }
            let existing = match f.str("source_id") {
                Some(sid) => ed.fid_by_source_id(layer, sid)?,
                None => None,
            };
            let r = match existing {
                Some(fid) => ed.update(layer, fid, f).map(|_| upd += 1),
                None => ed.insert(layer, f).map(|_| ins += 1),
            };
            r.map_err(|e| Error::input(file, Some(place.clone()), e.to_string()))?;
            *per_layer.entry(layer.table().to_string()).or_default() += 1;
        }
        // A stop asked for while storing still rolls everything back.
        opts.check_cancelled()?;
        Ok((ins, upd))
    })?;

    Ok(ImportReport {
        file: file.to_string(),
        format,
        crs: format!("EPSG:{epsg}"),
        read,
        imported,
        updated,
        skipped,
        repaired,
        per_layer,
        extent_lonlat: lonlat(project, extent)?,
        warnings,
    })
}

/// Reads the street-name register and finds the roads it would (re)name.
fn plan_street_names(project: &Project, file: &str, bytes: &[u8]) -> Result<StreetNamesPlan> {
    let names = street_names::parse(file, bytes)?;
    let by_code: std::collections::HashMap<(&str, &str), &str> =
        names.iter().map(|n| ((n.municipality.as_str(), n.street_code.as_str()), n.name.as_str())).collect();
    let mut renamed: Vec<(i64, String)> = Vec::new();
    project.scan(Layer::Roads, &["municipality", "street_code", "name"], |fid, row| {
        let (municipality, code) = (row.str(0).and_then(normalise_code4), row.str(1).and_then(normalise_code4));
        if let (Some(m), Some(c)) = (municipality, code)
            && let Some(n) = by_code.get(&(m.as_str(), c.as_str()))
            && row.str(2) != Some(*n)
        {
            renamed.push((fid, n.to_string()));
        }
    })?;
    Ok(StreetNamesPlan { file: file.to_string(), names, renamed })
}

/// Stores the street-name register and names the roads it covers, in one edit.
fn store_street_names(project: &mut Project, plan: StreetNamesPlan) -> Result<ImportReport> {
    let stored = project.edit(&edit_label(&plan.file), |ed| {
        let mut n = 0;
        for s in &plan.names {
            n += usize::from(ed.set_street_name(&s.municipality, &s.street_code, &s.name)?);
        }
        for (fid, name) in &plan.renamed {
            let mut patch = serde_json::Map::new();
            patch.insert("name".into(), name.clone().into());
            ed.update_attrs(Layer::Roads, *fid, patch)?;
        }
        Ok(n)
    })?;
    let mut report = street_names_report(&plan);
    report.imported = stored;
    report.per_layer.insert("street_names".to_string(), stored);
    Ok(report)
}

/// The report of a street-name import; before storing, every name counts as new.
fn street_names_report(plan: &StreetNamesPlan) -> ImportReport {
    let mut per_layer = BTreeMap::new();
    per_layer.insert("street_names".to_string(), plan.names.len());
    if !plan.renamed.is_empty() {
        per_layer.insert(Layer::Roads.table().to_string(), plan.renamed.len());
    }
    ImportReport {
        file: plan.file.clone(),
        format: "Vejnavne (CPR)".into(),
        crs: "-".into(),
        read: plan.names.len(),
        imported: plan.names.len(),
        updated: plan.renamed.len(),
        skipped: BTreeMap::new(),
        repaired: BTreeMap::new(),
        per_layer,
        extent_lonlat: None,
        warnings: Vec::new(),
    }
}

/// Latitude and longitude swapped is the commonest coordinate mistake, and
/// for Danish data it is easy to see: every "longitude" lies in 54–58 and
/// every "latitude" in 7–16, i.e. Denmark's latitudes and longitudes.
fn looks_swapped(file: &str, features: &[Incoming]) -> Result<()> {
    use geo::CoordsIter;
    let mut any = false;
    for inc in features {
        for c in inc.feature.geometry.iter().flat_map(|g| g.coords_iter()) {
            any = true;
            if !((54.0..=58.5).contains(&c.x) && (7.0..=16.0).contains(&c.y)) {
                return Ok(());
            }
        }
    }
    if any {
        return Err(Error::input(
            file,
            None,
            "koordinaterne ser ud til at stå som (bredde, længde): længde og bredde er byttet om (GeoJSON og KML bruger længde først)",
        ));
    }
    Ok(())
}

/// EPSG:25832 eastings lie within about 0–1,500 km and northings within 0–10,000 km;
/// anything else is swapped axes or another CRS.
fn check_utm(file: &str, inc: &Incoming) -> Result<()> {
    use geo::CoordsIter;
    for c in inc.feature.geometry.iter().flat_map(|g| g.coords_iter()) {
        if !(-500_000.0..=1_500_000.0).contains(&c.x) || !(0.0..=10_000_000.0).contains(&c.y) {
            let hint = if (-500_000.0..=1_500_000.0).contains(&c.y) { " (er x og y byttet om?)" } else { "" };
            return Err(Error::input(
                file,
                Some(inc.place.clone()),
                format!("koordinat ({}, {}) ligger uden for EPSG:25832's område{hint}", c.x, c.y),
            ));
        }
    }
    Ok(())
}

/// Four-digit municipality code with its leading zero ("461" → "0461").
pub fn normalise_municipality(code: &str) -> Option<String> {
    normalise_code4(code)
}

/// A code of up to four digits, zero-padded ("225" → "0225"): municipality
/// and road codes, which registers write with or without leading zeros.
pub fn normalise_code4(code: &str) -> Option<String> {
    let c = code.trim();
    if c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{c:0>4}"))
}
