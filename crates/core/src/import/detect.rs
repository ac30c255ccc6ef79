//! Format detection from content, not file name (users rename files).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    /// A JSON array of BBR "Bygning" records.
    BbrJson,
    GeoPackage,
    Kml,
    Kmz,
    Gpx,
    OsmXml,
    OsmPbf,
    Csv,
}

impl Format {
    /// The format's name as people know it (shown before a reader has had a
    /// closer look, which may name the source, e.g. "GeoDanmark Vejmidte").
    pub fn label(self) -> &'static str {
        match self {
            Format::GeoJson => "GeoJSON",
            Format::BbrJson => "BBR-JSON",
            Format::GeoPackage => "GeoPackage",
            Format::Kml => "KML",
            Format::Kmz => "KMZ",
            Format::Gpx => "GPX",
            Format::OsmXml => "OSM XML",
            Format::OsmPbf => "OSM PBF",
            Format::Csv => "CSV",
        }
    }
}

/// Judges the format from the first few KB of a file.
pub fn detect(head: &[u8]) -> Option<Format> {
    let head = &head[..head.len().min(8192)];
    if head.starts_with(b"SQLite format 3\0") {
        return Some(Format::GeoPackage);
    }
    if head.starts_with(b"PK\x03\x04") {
        return Some(Format::Kmz);
    }
    // PBF: a 4-byte big-endian header length, then a BlobHeader whose type is "OSMHeader".
    if head.len() > 16 && head[4..head.len().min(32)].windows(9).any(|w| w == b"OSMHeader") {
        return Some(Format::OsmPbf);
    }
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        let lower = t.to_ascii_lowercase();
        return if lower.contains("<gpx") {
            Some(Format::Gpx)
        } else if lower.contains("<kml") {
            Some(Format::Kml)
        } else if lower.contains("<osm") {
            Some(Format::OsmXml)
        } else {
            None
        };
    }
    if t.starts_with('[') {
        return Some(Format::BbrJson);
    }
    if t.starts_with('{') {
        return Some(Format::GeoJson);
    }
    // CSV: a printable first line with a separator and no control bytes in the head.
    let first = t.lines().next().unwrap_or("");
    let printable = !head.iter().any(|&b| b < 0x09 || (b > 0x0d && b < 0x20));
    if printable && !first.is_empty() && (first.contains(',') || first.contains(';')) {
        return Some(Format::Csv);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        assert_eq!(detect(b"{\"type\":\"FeatureCollection\"}"), Some(Format::GeoJson));
        assert_eq!(detect(b"[\n{\n\"id_lokalId\": \"x\"}]"), Some(Format::BbrJson));
        assert_eq!(detect(b"<?xml version=\"1.0\"?><gpx version=\"1.1\">"), Some(Format::Gpx));
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">"),
            Some(Format::Kml)
        );
        assert_eq!(detect(b"<?xml version='1.0'?><osm version=\"0.6\">"), Some(Format::OsmXml));
        assert_eq!(detect(b"navn;lat;lon\nKiosk;55,4;10,4\n"), Some(Format::Csv));
        assert_eq!(detect(b"SQLite format 3\0......"), Some(Format::GeoPackage));
        assert_eq!(detect(b"\x00\x00\x00\x0d\x0a\x09OSMHeader\x18\x7c"), Some(Format::OsmPbf));
        assert_eq!(detect(&[0u8, 159, 146, 150, 1, 2, 3]), None);
        assert_eq!(detect(b""), None);
    }
}
