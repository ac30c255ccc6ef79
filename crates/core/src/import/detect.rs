//! Format detection from content, not file name (users rename files).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    /// A JSON array of BBR "Bygning" records.
    BbrJson,
}

pub fn detect(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('[')
        && (t.contains("byg021") || t.contains("id_lokalId") || t.contains("byg404"))
    {
        return Some(Format::BbrJson);
    }
    if t.starts_with('{') && t.contains("\"type\"") {
        return Some(Format::GeoJson);
    }
    if t.starts_with('[') {
        return Some(Format::BbrJson);
    }
    None
}
