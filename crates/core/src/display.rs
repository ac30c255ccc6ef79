//! Values as a Danish reader expects them (UI.md): dates as 24.11.2026,
//! numbers as 1.234,5, vocabulary codes by their labels. Used by the
//! inspector and reports; the store keeps ISO dates and codes.

use crate::model::{FieldDef, FieldType};
use crate::vocab;
use serde_json::Value;

/// `2026-11-24` → `24.11.2026`; anything else unchanged.
pub fn date_da(iso: &str) -> String {
    let b = iso.as_bytes();
    if iso.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..10].iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        format!("{}.{}.{}{}", &iso[8..10], &iso[5..7], &iso[..4], &iso[10..])
    } else {
        iso.to_string()
    }
}

/// A number with `decimals` decimals, a decimal comma and dots between thousands.
pub fn number_da(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{frac}") }
}

/// A distance as the app shows it: "340 m" below a kilometre, else "1,2 km"
/// (whole kilometres from 100 km).
pub fn distance_da(m: f64) -> String {
    if m.abs() < 1000.0 {
        format!("{} m", number_da(m, 0))
    } else {
        let km = m / 1000.0;
        format!("{} km", number_da(km, if km.abs() < 100.0 { 1 } else { 0 }))
    }
}

/// A stored value of `field` as a person reads it.
pub fn value_da(field: &FieldDef, v: &Value) -> String {
    match (field.ty, v) {
        (_, Value::Null) => String::new(),
        (FieldType::Code(voc), Value::String(c)) => vocab::label_da(voc, c).unwrap_or(c).to_string(),
        (FieldType::Codes(voc), Value::String(cs)) => cs
            .split(',')
            .map(|c| vocab::label_da(voc, c.trim()).unwrap_or(c.trim()).to_string())
            .collect::<Vec<_>>()
            .join(", "),
        (FieldType::Date, Value::String(d)) => date_da(d),
        (FieldType::Real { .. }, Value::Number(n)) => {
            let x = n.as_f64().unwrap_or(0.0);
            number_da(x, if x.fract() == 0.0 { 0 } else { 1 })
        }
        (FieldType::Bool, Value::Bool(b)) => (if *b { "ja" } else { "nej" }).to_string(),
        (FieldType::Bool, Value::Number(n)) => (if n.as_i64() == Some(1) { "ja" } else { "nej" }).to_string(),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_formats() {
        assert_eq!(date_da("2026-11-24"), "24.11.2026");
        assert_eq!(date_da("2026-11-24T10:12:00Z"), "24.11.2026T10:12:00Z");
        assert_eq!(date_da("ikke en dato"), "ikke en dato");
        assert_eq!(number_da(1234.5, 1), "1.234,5");
        assert_eq!(number_da(1_234_567.0, 0), "1.234.567");
        assert_eq!(number_da(-12.3, 1), "-12,3");
        assert_eq!(number_da(999.0, 0), "999");
        let f = crate::Layer::Partners.field("contact_status").unwrap();
        assert_eq!(value_da(f, &Value::String("in_progress".into())), "i gang");
        let f = crate::Layer::HousingAreas.field("housing_types").unwrap();
        assert_eq!(value_da(f, &Value::String("dormitory,farm".into())), "kollegium, landejendom, nedlagt landbrug");
    }
}
