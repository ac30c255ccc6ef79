//! OpenStreetMap XML and PBF: `highway=*` ways → roads (name, highway class,
//! first/last node ids, `way/<id>`, direction for cars from `oneway`,
//! `junction=roundabout` and `highway=motorway`), tagged nodes → partners, visiting
//! places and rural places through [`super::osm_poi`]. PBF is read with the
//! `osmpbf` crate, XML with `quick-xml`. OSM is always WGS84.

use super::{ImportOptions, Incoming, Parsed, osm_poi};
use crate::error::{Error, Result};
use crate::model::{Feature, Layer};
use geo_types::{Coord, LineString, Point};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Highway values that are not streets one can walk, cycle or drive along.
const NOT_STREETS: &[&str] = &["proposed", "construction", "abandoned", "platform", "raceway", "bus_stop", "elevator"];

#[derive(Default)]
struct OsmData {
    nodes: HashMap<i64, Coord<f64>>,
    tagged_nodes: Vec<(i64, Coord<f64>, Map<String, Value>)>,
    ways: Vec<(i64, Vec<i64>, Map<String, Value>)>,
}

fn finish(file: &str, format: &str, data: OsmData, opts: &ImportOptions) -> Result<Parsed> {
    let mut out = Parsed { format: format.into(), epsg: 4326, ..Default::default() };
    for (id, c, tags) in data.tagged_nodes {
        out.read += 1;
        let mut props = tags;
        props.insert("@id".into(), format!("node/{id}").into());
        match osm_poi::map(&props, opts.as_layer) {
            Ok((layer, mut f)) => {
                f.geometry = Some(Point(c).into());
                out.features.push(Incoming { place: format!("node {id}"), layer, feature: f });
            }
            Err(reason) => out.skip(reason),
        }
    }
    if opts.as_layer.is_some_and(|l| l != Layer::Roads) {
        return Ok(out);
    }
    for (id, refs, tags) in data.ways {
        out.read += 1;
        let Some(hw) = tags.get("highway").and_then(Value::as_str) else {
            out.skip("vej uden highway-mærke");
            continue;
        };
        if NOT_STREETS.contains(&hw) {
            out.skip(format!("highway={hw} er ikke en gade"));
            continue;
        }
        let mut pts = Vec::with_capacity(refs.len());
        for r in &refs {
            match data.nodes.get(r) {
                Some(c) => pts.push(*c),
                None => {
                    return Err(Error::input(
                        file,
                        Some(format!("way {id}")),
                        format!("node {r} mangler i filen (udsnittet er skåret for snævert)"),
                    ));
                }
            }
        }
        let mut f = Feature::new(LineString(pts))
            .with("road_class", hw)
            .with("source", "OpenStreetMap")
            .with("source_id", format!("way/{id}"));
        if let (Some(a), Some(b)) = (refs.first(), refs.last()) {
            f = f.with("start_node", a.to_string()).with("end_node", b.to_string());
        }
        if let Some(n) = tags.get("name").and_then(Value::as_str) {
            f = f.with("name", n);
        }
        let tag = |k: &str| tags.get(k).and_then(Value::as_str);
        if let Some(dir) = oneway_from_osm(tag("oneway"), tag("junction"), hw) {
            f = f.with("oneway", dir);
        }
        out.features.push(Incoming { place: format!("way {id}"), layer: Layer::Roads, feature: f });
    }
    Ok(out)
}

fn coord(file: &str, id: i64, lon: f64, lat: f64) -> Result<Coord<f64>> {
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) || !lon.is_finite() || !lat.is_finite() {
        return Err(Error::input(
            file,
            Some(format!("node {id}")),
            format!("position ({lon}, {lat}) er uden for WGS84"),
        ));
    }
    Ok(Coord { x: lon, y: lat })
}

pub fn parse_pbf(file: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Parsed> {
    use osmpbf::{BlobDecode, BlobReader, Element};
    let mut data = OsmData::default();
    let reader = BlobReader::new(std::io::Cursor::new(bytes));
    let mut err: Option<Error> = None;
    for blob in reader {
        let blob = blob.map_err(|e| Error::input(file, None, format!("ugyldig PBF: {e}")))?;
        let decoded = blob.decode().map_err(|e| Error::input(file, None, format!("ugyldig PBF-blok: {e}")))?;
        let BlobDecode::OsmData(block) = decoded else {
            continue;
        };
        let tags_of = |it: &mut dyn Iterator<Item = (&str, &str)>| -> Map<String, Value> {
            it.map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect()
        };
        block.for_each_element(|el| {
            if err.is_some() {
                return;
            }
            match el {
                Element::Node(n) => match coord(file, n.id(), n.lon(), n.lat()) {
                    Ok(c) => {
                        data.nodes.insert(n.id(), c);
                        let tags = tags_of(&mut n.tags());
                        if !tags.is_empty() {
                            data.tagged_nodes.push((n.id(), c, tags));
                        }
                    }
                    Err(e) => err = Some(e),
                },
                Element::DenseNode(n) => match coord(file, n.id(), n.lon(), n.lat()) {
                    Ok(c) => {
                        data.nodes.insert(n.id(), c);
                        let tags = tags_of(&mut n.tags());
                        if !tags.is_empty() {
                            data.tagged_nodes.push((n.id(), c, tags));
                        }
                    }
                    Err(e) => err = Some(e),
                },
                Element::Way(w) => data.ways.push((w.id(), w.refs().collect(), tags_of(&mut w.tags()))),
                Element::Relation(_) => {}
            }
        });
    }
    if let Some(e) = err {
        return Err(e);
    }
    finish(file, "OpenStreetMap PBF", data, opts)
}

pub fn parse_xml(file: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Parsed> {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let mut reader = Reader::from_reader(bytes);
    let mut data = OsmData::default();
    let mut buf = Vec::new();
    // The element being read: a node (id, coord) or a way (id, refs), and its tags.
    let mut cur_node: Option<(i64, Coord<f64>)> = None;
    let mut cur_way: Option<(i64, Vec<i64>)> = None;
    let mut tags = Map::new();
    let line_at = |pos: u64| super::line_at(bytes, pos);
    let line_of = |r: &Reader<&[u8]>| line_at(r.buffer_position());
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            Error::input(file, Some(format!("linje {}", line_of(&reader))), format!("ugyldig XML: {e}"))
        })?;
        let (is_empty, e) = match &ev {
            Event::Start(e) => (false, Some(e.clone())),
            Event::Empty(e) => (true, Some(e.clone())),
            _ => (false, None),
        };
        if let Some(e) = e {
            let mut attrs: HashMap<String, String> = HashMap::new();
            for a in e.attributes().flatten() {
                let v =
                    a.normalized_value(quick_xml::XmlVersion::default()).map(|v| v.into_owned()).unwrap_or_default();
                attrs.insert(String::from_utf8_lossy(a.key.as_ref()).into_owned(), v);
            }
            let pos = reader.buffer_position();
            let bad = |what: &str| {
                Error::input(file, Some(format!("linje {}", line_at(pos))), format!("{what} mangler eller er ugyldig"))
            };
            let int = |k: &str| attrs.get(k).and_then(|v| v.parse::<i64>().ok()).ok_or_else(|| bad(k));
            let flt = |k: &str| attrs.get(k).and_then(|v| v.parse::<f64>().ok()).ok_or_else(|| bad(k));
            match e.name().as_ref() {
                b"node" => {
                    let id = int("id")?;
                    let c = coord(file, id, flt("lon")?, flt("lat")?).map_err(|_| {
                        Error::input(
                            file,
                            Some(format!("linje {}", line_at(pos))),
                            format!("node {id}: position uden for WGS84"),
                        )
                    })?;
                    data.nodes.insert(id, c);
                    tags.clear();
                    cur_node = Some((id, c));
                }
                b"way" => {
                    tags.clear();
                    cur_way = Some((int("id")?, Vec::new()));
                }
                b"nd" => {
                    if let Some((_, refs)) = cur_way.as_mut() {
                        refs.push(int("ref")?);
                    }
                }
                b"tag" => {
                    if let (Some(k), Some(v)) = (attrs.get("k"), attrs.get("v")) {
                        tags.insert(k.clone(), Value::String(v.clone()));
                    }
                }
                _ => {}
            }
            if is_empty && e.name().as_ref() == b"node" {
                cur_node = None; // a node with no tags
            }
            if is_empty
                && e.name().as_ref() == b"way"
                && let Some((id, refs)) = cur_way.take()
            {
                data.ways.push((id, refs, std::mem::take(&mut tags)));
            }
        }
        match ev {
            Event::End(e) if e.name().as_ref() == b"node" => {
                if let Some((id, c)) = cur_node.take()
                    && !tags.is_empty()
                {
                    data.tagged_nodes.push((id, c, std::mem::take(&mut tags)));
                }
            }
            Event::End(e) if e.name().as_ref() == b"way" => {
                if let Some((id, refs)) = cur_way.take() {
                    data.ways.push((id, refs, std::mem::take(&mut tags)));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    finish(file, "OpenStreetMap XML", data, opts)
}

/// OSM tags to the roads layer's `oneway` attribute (`None`: two-way or unknown).
fn oneway_from_osm(oneway: Option<&str>, junction: Option<&str>, highway: &str) -> Option<&'static str> {
    match oneway {
        Some("yes" | "true" | "1") => Some("forward"),
        Some("-1" | "reverse") => Some("backward"),
        Some(_) => None,
        None if junction == Some("roundabout") || highway == "motorway" => Some("forward"),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osm_tags() {
        assert_eq!(oneway_from_osm(Some("yes"), None, "primary"), Some("forward"));
        assert_eq!(oneway_from_osm(Some("-1"), None, "primary"), Some("backward"));
        assert_eq!(oneway_from_osm(Some("no"), None, "motorway"), None);
        assert_eq!(oneway_from_osm(None, Some("roundabout"), "tertiary"), Some("forward"));
        assert_eq!(oneway_from_osm(None, None, "residential"), None);
    }

    #[test]
    fn an_error_names_its_line_after_many_good_elements() {
        let mut xml = String::from("<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n");
        for i in 1..=5000 {
            xml.push_str(&format!("  <node id=\"{i}\" lat=\"55.4\" lon=\"10.38\"/>\n"));
        }
        // Line 5003: a node without lat.
        xml.push_str("  <node id=\"9\" lon=\"10.38\"/>\n</osm>\n");
        let Err(e) = parse_xml("stor.osm", xml.as_bytes(), &ImportOptions::default()) else { panic!("accepted") };
        let e = e.to_string();
        assert!(e.contains("stor.osm") && e.contains("linje 5003") && e.contains("lat"), "{e}");
    }
}
