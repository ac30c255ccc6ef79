//! GeoJSON in: RFC 7946 and the older style with a `crs` member; 2D and 3D
//! positions (Z dropped, -999 nodata ignored). Recognises three real sources
//! by their properties and maps them without being told:
//! GeoDanmark Vejmidte (`VEJKLASSE`) → roads, DAGI (`lau_1`/`postal_code`)
//! → boundary, Overpass/OSM POIs (`@id` with `amenity`/`shop`/`place`) →
//! partners, visiting places and rural places.
//!
//! Geometry is converted here rather than by geojson's own `TryFrom`, so that
//! every position is checked and named (feature index, reason) and unclosed
//! rings are reported as repairs instead of being closed silently.

use super::{ImportOptions, Incoming, Parsed, normalise_municipality, osm_poi};
use crate::error::{Error, Result};
use crate::model::{Feature, Layer};
use geo_types::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde_json::{Map, Value};

pub const RING_CLOSED: &str = "polygonring lukket";

/// EPSG code from a legacy `crs` member; RFC 7946 files have none (WGS84).
fn crs_of(root: &Value) -> std::result::Result<u32, String> {
    let Some(name) = root.pointer("/crs/properties/name").and_then(Value::as_str) else {
        return Ok(4326);
    };
    let n = name.to_ascii_uppercase();
    if n.contains("CRS84") || n.ends_with(":4326") || n.ends_with("::4326") {
        return Ok(4326);
    }
    let code = n.rsplit(':').next().unwrap_or("").trim();
    match code.parse::<u32>() {
        Ok(c) if [25832, 3857, 4258, 25833].contains(&c) => Ok(if c == 4258 { 4326 } else { c }),
        _ => Err(format!("koordinatsystemet '{name}' understøttes ikke (brug EPSG:4326 eller EPSG:25832)")),
    }
}

struct Conv {
    geographic: bool,
    repairs: Vec<&'static str>,
}

impl Conv {
    fn pos(&self, v: &Value) -> std::result::Result<Coord<f64>, String> {
        let a = v.as_array().ok_or("en position skal være en liste af tal")?;
        if a.len() < 2 {
            return Err(format!("en position har {} koordinat(er), mindst 2 kræves", a.len()));
        }
        let x = a[0].as_f64().ok_or("koordinat er ikke et tal")?;
        let y = a[1].as_f64().ok_or("koordinat er ikke et tal")?;
        if !x.is_finite() || !y.is_finite() {
            return Err("koordinat er ikke et endeligt tal".into());
        }
        if self.geographic {
            if !(-90.0..=90.0).contains(&y) {
                let hint = if (-90.0..=90.0).contains(&x) { " (er længde og bredde byttet om?)" } else { "" };
                return Err(format!("breddegrad {y} er uden for -90..90{hint}"));
            }
            if !(-180.0..=180.0).contains(&x) {
                return Err(format!("længdegrad {x} er uden for -180..180"));
            }
        } else if x.abs() > 1e8 || y.abs() > 1e8 {
            return Err(format!("koordinat ({x}, {y}) er urimeligt stor"));
        }
        Ok(Coord { x, y })
    }

    fn line(&self, v: &Value) -> std::result::Result<LineString<f64>, String> {
        let a = v.as_array().ok_or("en linje skal være en liste af positioner")?;
        Ok(LineString(a.iter().map(|p| self.pos(p)).collect::<std::result::Result<_, _>>()?))
    }

    fn ring(&mut self, v: &Value) -> std::result::Result<LineString<f64>, String> {
        let mut r = self.line(v)?;
        if r.0.len() < 3 {
            return Err(format!("polygonring har kun {} punkter", r.0.len()));
        }
        if r.0.first() != r.0.last() {
            self.repairs.push(RING_CLOSED);
            r.0.push(r.0[0]);
        }
        Ok(r)
    }

    fn polygon(&mut self, v: &Value) -> std::result::Result<Polygon<f64>, String> {
        let rings = v.as_array().ok_or("en polygon skal være en liste af ringe")?;
        let mut it = rings.iter();
        let ext = self.ring(it.next().ok_or("polygonen har ingen ringe (tom geometri)")?)?;
        let ints = it.map(|r| self.ring(r)).collect::<std::result::Result<_, _>>()?;
        Ok(Polygon::new(ext, ints))
    }

    fn geometry(&mut self, g: &Value) -> std::result::Result<Geometry<f64>, String> {
        let ty = g.get("type").and_then(Value::as_str).ok_or("geometrien mangler 'type'")?;
        if ty == "GeometryCollection" {
            return Err("GeometryCollection understøttes ikke; del den op i enkelte geometrier".into());
        }
        let c = g.get("coordinates").ok_or("geometrien mangler 'coordinates'")?;
        let empty = c.as_array().is_some_and(|a| a.is_empty());
        if empty {
            return Err("tom geometri".into());
        }
        let arr = |v: &Value| v.as_array().cloned().ok_or_else(|| "forventede en liste".to_string());
        Ok(match ty {
            "Point" => Geometry::Point(Point(self.pos(c)?)),
            "MultiPoint" => Geometry::MultiPoint(MultiPoint(
                arr(c)?.iter().map(|p| self.pos(p).map(Point)).collect::<std::result::Result<_, _>>()?,
            )),
            "LineString" => Geometry::LineString(self.line(c)?),
            "MultiLineString" => Geometry::MultiLineString(MultiLineString(
                arr(c)?.iter().map(|l| self.line(l)).collect::<std::result::Result<_, _>>()?,
            )),
            "Polygon" => Geometry::Polygon(self.polygon(c)?),
            "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon(
                arr(c)?.iter().map(|p| self.polygon(p)).collect::<std::result::Result<_, _>>()?,
            )),
            other => return Err(format!("ukendt geometritype '{other}'")),
        })
    }
}

/// Which real source a feature comes from, judged from its properties.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Source {
    Vejmidte,
    Dagi,
    OsmPoi,
    Plain,
}

fn source_of(props: &Map<String, Value>) -> Source {
    if props.contains_key("VEJKLASSE") || (props.contains_key("STARTKNUDE") && props.contains_key("SLUTKNUDE")) {
        Source::Vejmidte
    } else if props.contains_key("lau_1") || (props.contains_key("postal_code") && props.contains_key("label_dk")) {
        Source::Dagi
    } else if props.contains_key("@id")
        && ["amenity", "shop", "place", "leisure"].iter().any(|k| props.contains_key(*k))
    {
        Source::OsmPoi
    } else {
        Source::Plain
    }
}

fn text(props: &Map<String, Value>, key: &str) -> Option<String> {
    match props.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Copies properties whose names are fields of `layer`; `name`/`navn`/`NAVN` become `name`.
fn plain_attrs(layer: Layer, props: &Map<String, Value>, f: &mut Feature) {
    for (k, v) in props {
        let lk = k.to_ascii_lowercase();
        let key = if lk == "navn" { "name".to_string() } else { lk };
        if key == "fid" || v.is_null() {
            continue;
        }
        if layer.field(&key).is_some() {
            f.attrs.insert(key, v.clone());
        }
    }
}

/// Parses a whole GeoJSON document held in memory.
pub fn parse(file: &str, bytes: &[u8], opts: &ImportOptions, municipality: Option<&str>) -> Result<Parsed> {
    parse_reader(file, bytes, opts, municipality)
}

/// Parses GeoJSON from a reader, one feature at a time: the document is never
/// held whole, neither as text nor as a JSON tree. A legacy `crs` member must
/// come before `features` (as GDAL and QGIS write it).
pub fn parse_reader<R: std::io::Read>(
    file: &str,
    reader: R,
    opts: &ImportOptions,
    municipality: Option<&str>,
) -> Result<Parsed> {
    use serde::de::DeserializeSeed;
    let mut m = Mapper {
        file,
        opts,
        municipality,
        conv: Conv { geographic: true, repairs: Vec::new() },
        out: Parsed { format: "GeoJSON".into(), epsg: 4326, ..Default::default() },
        error: None,
        seen_features: false,
        root_type: None,
        root_geometry: None,
    };
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    let res = Root(&mut m).deserialize(&mut de).and_then(|_| de.end());
    if let Some(e) = m.error.take() {
        return Err(e);
    }
    res.map_err(|e| Error::input(file, Some(format!("linje {}", e.line())), format!("ugyldig JSON: {e}")))?;
    match (m.root_type.as_deref(), m.root_geometry.take()) {
        (Some("FeatureCollection"), _) if m.seen_features => {}
        (Some("FeatureCollection"), _) => {
            return Err(Error::input(file, None, "FeatureCollection uden 'features'-liste"));
        }
        (Some("Feature"), Some(feature)) => m.one(0, &feature)?,
        (Some(_), Some(geometry)) => {
            m.one(0, &serde_json::json!({"type": "Feature", "geometry": geometry, "properties": {}}))?
        }
        _ => return Err(Error::input(file, None, "ikke GeoJSON: 'type' mangler eller er ukendt")),
    }
    let mut out = m.out;
    merge_same_source_id(&mut out);
    Ok(out)
}

/// Maps GeoJSON features onto layers as they stream past.
struct Mapper<'a> {
    file: &'a str,
    opts: &'a ImportOptions,
    municipality: Option<&'a str>,
    conv: Conv,
    out: Parsed,
    /// The first mapping error; parsing stops there.
    error: Option<Error>,
    seen_features: bool,
    root_type: Option<String>,
    /// A root that is a single Feature or a bare geometry, kept whole (it is one object).
    root_geometry: Option<Value>,
}

impl Mapper<'_> {
    fn set_crs(&mut self, crs: &Value) -> Result<()> {
        if self.seen_features {
            return Err(Error::input(self.file, None, "'crs' skal stå før 'features'"));
        }
        let epsg = crs_of(&serde_json::json!({ "crs": crs })).map_err(|e| Error::input(self.file, None, e))?;
        self.out.epsg = epsg;
        self.conv.geographic = epsg == 4326;
        Ok(())
    }

    fn one(&mut self, i: usize, fv: &Value) -> Result<()> {
        let file = self.file;
        let out = &mut self.out;
        out.read += 1;
        let place = format!("objekt {i}");
        let at = |reason: String| Error::input(file, Some(place.clone()), reason);
        let props = fv.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
        let gv = fv.get("geometry").filter(|g| !g.is_null());
        let source = source_of(&props);
        if i == 0 {
            out.format = match source {
                Source::Vejmidte => "GeoDanmark Vejmidte (GeoJSON)",
                Source::Dagi => "DAGI (GeoJSON)",
                Source::OsmPoi => "OpenStreetMap POI (GeoJSON)",
                Source::Plain => "GeoJSON",
            }
            .into();
        }
        let Some(gv) = gv else {
            if self.opts.as_layer == Some(Layer::Channels) {
                let mut f = Feature::default();
                plain_attrs(Layer::Channels, &props, &mut f);
                out.features.push(Incoming { place, layer: Layer::Channels, feature: f });
            } else {
                out.skip("ingen geometri");
            }
            return Ok(());
        };
        self.conv.repairs.clear();
        let geom = self.conv.geometry(gv).map_err(at)?;
        for r in &self.conv.repairs {
            *out.repaired.entry(r.to_string()).or_default() += 1;
        }
        let id = text(&props, "@id")
            .or_else(|| fv.get("id").and_then(|v| v.as_str().map(String::from).or(v.as_i64().map(|n| n.to_string()))));
        match source {
            Source::Vejmidte => {
                let layer = self.opts.as_layer.unwrap_or(Layer::Roads);
                let mut f = Feature::default();
                f.attrs.insert("road_class".into(), props.get("VEJKLASSE").cloned().unwrap_or(Value::Null));
                if let Some(m) = text(&props, "KOMMUNEKODE").and_then(|m| normalise_municipality(&m)) {
                    f.attrs.insert("municipality".into(), m.into());
                }
                for (from, to) in [("VEJKODE", "street_code"), ("STARTKNUDE", "start_node"), ("SLUTKNUDE", "end_node")]
                {
                    if let Some(v) = text(&props, from) {
                        f.attrs.insert(to.into(), v.into());
                    }
                }
                if let Some(n) =
                    text(&props, "VEJNAVN").or_else(|| text(&props, "navn")).or_else(|| text(&props, "name"))
                {
                    f.attrs.insert("name".into(), n.into());
                }
                f.attrs.insert("source".into(), "GeoDanmark Vejmidte".into());
                if let Some(sid) = text(&props, "ID_LOKALID").or(id) {
                    f.attrs.insert("source_id".into(), sid.into());
                }
                if layer != Layer::Roads {
                    f.attrs.retain(|k, _| layer.field(k).is_some());
                }
                push_lines(out, place, layer, geom, f);
            }
            Source::Dagi => {
                let layer = self.opts.as_layer.unwrap_or(Layer::Boundary);
                let code = text(&props, "lau_1").and_then(|c| normalise_municipality(&c));
                if layer == Layer::Boundary
                    && let (Some(want), Some(c)) = (self.municipality, code.as_deref())
                    && want != c
                {
                    out.skip("anden kommune end projektets");
                    return Ok(());
                }
                let mut f = Feature::new(geom);
                let name = text(&props, "label_dk").or_else(|| text(&props, "navn")).or_else(|| text(&props, "name"));
                if let Some(n) = name {
                    f.attrs.insert("name".into(), n.into());
                }
                if layer.field("municipality").is_some()
                    && let Some(c) = &code
                {
                    f.attrs.insert("municipality".into(), c.clone().into());
                }
                f.attrs.insert("source".into(), "DAGI".into());
                let sid = code
                    .map(|c| format!("kommune/{c}"))
                    .or_else(|| text(&props, "postal_code").map(|p| format!("postnummer/{p}")));
                if let Some(sid) = sid {
                    f.attrs.insert("source_id".into(), sid.into());
                }
                f.attrs.retain(|k, _| layer.field(k).is_some());
                out.features.push(Incoming { place, layer, feature: f });
            }
            Source::OsmPoi => match osm_poi::map(&props, self.opts.as_layer) {
                Ok((layer, mut f)) => {
                    f.geometry = Some(geom);
                    out.features.push(Incoming { place, layer, feature: f });
                }
                Err(reason) => out.skip(reason),
            },
            Source::Plain => {
                let layer = self.opts.as_layer.ok_or_else(|| {
                    Error::needs_layer(
                        file,
                        "angiv hvilket lag filen skal ind i",
                        "--as roads, partners, focus-areas …",
                    )
                })?;
                let mut f = Feature::default();
                plain_attrs(layer, &props, &mut f);
                if layer.field("source").is_some() && !f.attrs.contains_key("source") {
                    f.attrs.insert("source".into(), "GeoJSON".into());
                }
                if let (Some(id), true) = (id, layer.field("source_id").is_some() && !f.attrs.contains_key("source_id"))
                {
                    f.attrs.insert("source_id".into(), id.into());
                }
                match layer.def().geom {
                    crate::model::GeomKind::LineString => push_lines(out, place, layer, geom, f),
                    crate::model::GeomKind::Point => match geom {
                        Geometry::MultiPoint(mp) if mp.0.len() > 1 => {
                            for (k, p) in mp.0.into_iter().enumerate() {
                                let mut part = f.clone();
                                part.geometry = Some(p.into());
                                suffix_source_id(&mut part, k);
                                out.features.push(Incoming { place: format!("{place} del {k}"), layer, feature: part });
                            }
                        }
                        g => {
                            f.geometry = Some(g);
                            out.features.push(Incoming { place, layer, feature: f });
                        }
                    },
                    crate::model::GeomKind::MultiPolygon => {
                        f.geometry = Some(geom);
                        out.features.push(Incoming { place, layer, feature: f });
                    }
                }
            }
        }
        Ok(())
    }
}

/// The root object: reads `type` and `crs`, streams `features`, keeps a lone Feature or geometry.
struct Root<'m, 'a>(&'m mut Mapper<'a>);

impl<'de> serde::de::DeserializeSeed<'de> for Root<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Root<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a GeoJSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        use serde::de::Error as _;
        let m = self.0;
        let mut rest = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "features" => {
                    m.seen_features = true;
                    map.next_value_seed(Features(m))?;
                    if m.error.is_some() {
                        return Err(A::Error::custom("import stopped"));
                    }
                }
                "crs" => {
                    let v: Value = map.next_value()?;
                    if let Err(e) = m.set_crs(&v) {
                        m.error = Some(e);
                        return Err(A::Error::custom("import stopped"));
                    }
                }
                "type" => {
                    let t: Value = map.next_value()?;
                    m.root_type = t.as_str().map(String::from);
                    rest.insert(key, t);
                }
                _ => {
                    let v: Value = map.next_value()?;
                    rest.insert(key, v);
                }
            }
        }
        if m.root_type.as_deref() != Some("FeatureCollection") {
            m.root_geometry = Some(Value::Object(rest));
        }
        Ok(())
    }
}

/// The `features` array, one element at a time.
struct Features<'m, 'a>(&'m mut Mapper<'a>);

impl<'de> serde::de::DeserializeSeed<'de> for Features<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Features<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of GeoJSON features")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let m = self.0;
        let mut i = 0;
        while let Some(fv) = seq.next_element::<Value>()? {
            if let Err(e) = m.one(i, &fv) {
                m.error = Some(e);
                return Ok(());
            }
            i += 1;
        }
        Ok(())
    }
}

/// DAGI delivers a municipality as several polygons (islands): join the
/// parts that share a source id into one multipolygon.
fn merge_same_source_id(out: &mut Parsed) {
    let mut merged: Vec<Incoming> = Vec::with_capacity(out.features.len());
    let mut at: std::collections::HashMap<(Layer, String), usize> = std::collections::HashMap::new();
    for inc in std::mem::take(&mut out.features) {
        let is_area = matches!(inc.layer.def().geom, crate::model::GeomKind::MultiPolygon);
        let key = match inc.feature.str("source_id") {
            Some(sid) if is_area => (inc.layer, sid.to_string()),
            _ => {
                merged.push(inc);
                continue;
            }
        };
        match at.get(&key) {
            Some(&i) => {
                let polys = |g: Option<Geometry<f64>>| match g {
                    Some(Geometry::Polygon(p)) => vec![p],
                    Some(Geometry::MultiPolygon(mp)) => mp.0,
                    _ => vec![],
                };
                let mut all = polys(merged[i].feature.geometry.take());
                all.extend(polys(inc.feature.geometry));
                merged[i].feature.geometry = Some(Geometry::MultiPolygon(MultiPolygon(all)));
            }
            None => {
                at.insert(key, merged.len());
                merged.push(inc);
            }
        }
    }
    out.features = merged;
}

fn suffix_source_id(f: &mut Feature, k: usize) {
    if let Some(Value::String(s)) = f.attrs.get_mut("source_id") {
        s.push_str(&format!("#{k}"));
    }
}

/// Line layers hold single line strings: a multi-line becomes one feature per part.
fn push_lines(out: &mut Parsed, place: String, layer: Layer, geom: Geometry<f64>, mut f: Feature) {
    match geom {
        Geometry::MultiLineString(ml) if ml.0.len() > 1 => {
            for (k, l) in ml.0.into_iter().enumerate() {
                let mut part = f.clone();
                part.geometry = Some(l.into());
                suffix_source_id(&mut part, k);
                out.features.push(Incoming { place: format!("{place} del {k}"), layer, feature: part });
            }
        }
        g => {
            f.geometry = Some(g);
            out.features.push(Incoming { place, layer, feature: f });
        }
    }
}
