//! The CPR road register's street names (`vejnavne.csv`:
//! `kommunekode;vejkode;navn;adresseringsnavn;virkning`), recognised by its
//! header. GeoDanmark centre lines carry only a municipality and road code;
//! this list gives them the names people know. The names are kept in the
//! project (table `street_names`), so roads imported later get theirs too.
//!
//! A code can have had several names over time: the one whose validity
//! (`virkning`, a range such as `["1900-01-01 12:00:00+01",)`) is still open
//! wins; among closed ones, the latest start.

use super::normalise_code4;
use crate::error::{Error, Result};

/// The header that marks the file (compared case-insensitively, BOM and spaces ignored).
const HEADER: [&str; 3] = ["kommunekode", "vejkode", "navn"];

/// One street name in force: four-digit municipality and road codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreetName {
    pub municipality: String,
    pub street_code: String,
    pub name: String,
}

/// Does this text start like the street-name register?
pub fn is_street_names(head: &str) -> bool {
    let first = head.trim_start_matches('\u{feff}').lines().next().unwrap_or("");
    let cols: Vec<String> = first.split(';').map(|c| c.trim().to_lowercase()).collect();
    cols.len() >= 3 && cols[..3] == HEADER
}

/// Reads the register; errors name the line.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Vec<StreetName>> {
    let super::csv_in::Opened { mut rdr, headers, .. } = super::csv_in::reader(file, bytes, true)?;
    let virkning = headers.iter().position(|h| h == "virkning");
    // (municipality, code) → (open-ended?, start of validity, name)
    let mut best: std::collections::BTreeMap<(String, String), (bool, String, String)> = Default::default();
    for (i, rec) in rdr.records().enumerate() {
        let line = format!("linje {}", i + 2);
        let rec = rec.map_err(|e| Error::input(file, Some(line.clone()), e.to_string()))?;
        let field = |k: usize| rec.get(k).map(str::trim).unwrap_or("");
        let municipality = normalise_code4(field(0))
            .ok_or_else(|| Error::input(file, Some(line.clone()), format!("'{}' er ikke en kommunekode", field(0))))?;
        let code = normalise_code4(field(1))
            .ok_or_else(|| Error::input(file, Some(line.clone()), format!("'{}' er ikke en vejkode", field(1))))?;
        let name = field(2);
        if name.is_empty() {
            return Err(Error::input(file, Some(line), "vejnavnet mangler"));
        }
        crate::privacy::check_text("name", name).map_err(|e| Error::input(file, Some(line.clone()), e.to_string()))?;
        let (open, start) = virkning.map(|k| validity(field(k))).unwrap_or((true, String::new()));
        let candidate = (open, start, name.to_string());
        let slot = best.entry((municipality, code)).or_insert_with(|| candidate.clone());
        if (candidate.0, &candidate.1) > (slot.0, &slot.1) {
            *slot = candidate;
        }
    }
    if best.is_empty() {
        return Err(Error::input(file, None, "filen har ingen vejnavne"));
    }
    Ok(best
        .into_iter()
        .map(|((municipality, street_code), (_, _, name))| StreetName { municipality, street_code, name })
        .collect())
}

/// A validity range `["start",end)`: is it open-ended, and when did it start?
fn validity(range: &str) -> (bool, String) {
    let inner = range.trim().trim_start_matches(['[', '(']).trim_end_matches([']', ')']);
    let (start, end) = inner.split_once(',').unwrap_or((inner, ""));
    let clean = |s: &str| s.trim().trim_matches('"').trim_matches('\\').trim_matches('"').to_string();
    (clean(end).is_empty(), clean(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "kommunekode;vejkode;navn;adresseringsnavn;virkning\n\
        461;4194;Rødegårdsvej;Rødegårdsvej;\"[\\\"1900-01-01 12:00:00+01\\\",)\"\n\
        461;225;Gammel Navn;Gl Navn;\"[\\\"1900-01-01 12:00:00+01\\\",\\\"2010-01-01 00:00:00+01\\\")\"\n\
        461;225;Ny Vej;Ny Vej;\"[\\\"2010-01-01 00:00:00+01\\\",)\"\n";

    #[test]
    fn reads_names_with_four_digit_codes_and_the_name_in_force() {
        assert!(is_street_names(SAMPLE));
        assert!(!is_street_names("navn;lat;lon\n"));
        let v = parse("vejnavne.csv", SAMPLE.as_bytes()).unwrap();
        assert_eq!(
            v,
            vec![
                StreetName { municipality: "0461".into(), street_code: "0225".into(), name: "Ny Vej".into() },
                StreetName { municipality: "0461".into(), street_code: "4194".into(), name: "Rødegårdsvej".into() },
            ]
        );
    }

    #[test]
    fn bad_lines_are_named() {
        let e = parse("v.csv", b"kommunekode;vejkode;navn\n461;x;Vej\n").unwrap_err().to_string();
        assert!(e.contains("linje 2") && e.contains("vejkode"), "{e}");
        let e = parse("v.csv", b"kommunekode;vejkode;navn\n461;12;\n").unwrap_err().to_string();
        assert!(e.contains("linje 2") && e.contains("mangler"), "{e}");
        let e = parse("v.csv", b"kommunekode;vejkode;navn\n461;12;Note 010190-1234\n").unwrap_err().to_string();
        assert!(e.contains("linje 2"), "{e}");
    }
}
