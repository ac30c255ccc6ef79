//! The privacy guard: the product holds places, not people (DOMAIN.md).
//!
//! Every free-text value that enters the store, typed or imported, passes
//! [`check_text`]. A CPR number (ddmmyy-xxxx or ddmmyyxxxx whose first six
//! digits are a real date) is refused with a Danish message that says what
//! was found and why it may not be stored.
//!
//! ```
//! use afdaek_core::privacy::check_text;
//! assert!(check_text("note", "Opgang 3 har altid trukket gardiner for").is_ok());
//! assert!(check_text("note", "Beboer 010190-1234 bor her").is_err());
//! ```

use crate::error::{Error, Result};

/// A CPR-like match: where in the text, and the digits found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CprMatch {
    pub start: usize,
    pub text: String,
}

/// Finds the first CPR number in `s`: six digits that form a valid ddmmyy
/// date, an optional '-' (or space), then four digits, not part of a longer
/// run of digits. The modulus-11 check is deliberately *not* required: CPR
/// numbers issued since 2007 need not satisfy it.
pub fn find_cpr(s: &str) -> Option<CprMatch> {
    let b = s.as_bytes();
    let n = b.len();
    let digit = |i: usize| i < n && b[i].is_ascii_digit();
    let mut i = 0;
    while i + 10 <= n {
        let boundary_before = i == 0 || !b[i - 1].is_ascii_digit();
        if boundary_before && (0..6).all(|k| digit(i + k)) {
            let sep = matches!(b.get(i + 6), Some(b'-') | Some(b' ') | Some(b'/'));
            let tail = if sep { i + 7 } else { i + 6 };
            if (0..4).all(|k| digit(tail + k)) && !digit(tail + 4) && plausible_date(&b[i..i + 6]) {
                let end = tail + 4;
                return Some(CprMatch { start: i, text: s[i..end].to_string() });
            }
        }
        i += 1;
    }
    None
}

fn plausible_date(d: &[u8]) -> bool {
    let num = |a: u8, b: u8| ((a - b'0') as u32) * 10 + (b - b'0') as u32;
    let day = num(d[0], d[1]);
    let month = num(d[2], d[3]);
    let yy = num(d[4], d[5]);
    if !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    // The century is unknown from six digits: allow 29 Feb when yy could be a leap year.
    let max = match month {
        2 => {
            if yy % 4 == 0 {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= max
}

/// Refuses `value` for `field` if it carries a CPR number.
pub fn check_text(field: &str, value: &str) -> Result<()> {
    match find_cpr(value) {
        None => Ok(()),
        Some(m) => Err(Error::Privacy(format!(
            "Feltet '{field}' indeholder noget der ligner et CPR-nummer ({}). CPR-numre må ikke gemmes i Afdæk: projektet rummer steder, ikke personer. Skriv noter om området, ikke om borgere. (A CPR number may not be stored: notes are about places, not people.)",
            mask(&m.text)
        ))),
    }
}

/// The check for register identifiers: only the dashed CPR form is refused,
/// because ten-digit register ids (GeoDanmark's ID_LOKALID, for one) are
/// often valid ddmmyyxxxx patterns.
pub fn check_ident(field: &str, value: &str) -> Result<()> {
    match find_cpr(value) {
        Some(m) if m.text.contains('-') => check_text(field, &m.text),
        _ => Ok(()),
    }
}

/// Shows the date part and hides the serial digits so the message itself does not repeat the number.
fn mask(cpr: &str) -> String {
    let digits: String = cpr.chars().filter(|c| c.is_ascii_digit()).collect();
    format!("{}-xxxx", &digits[..6])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dashed_and_plain() {
        assert_eq!(find_cpr("010190-1234").unwrap().text, "010190-1234");
        assert_eq!(find_cpr("cpr 0101901234 x").unwrap().text, "0101901234");
        assert_eq!(find_cpr("cpr 010190 1234").unwrap().text, "010190 1234");
        assert_eq!(find_cpr("født 290200-4321").unwrap().start, 6); // byte offset: ø is two bytes
    }

    #[test]
    fn ignores_non_dates_and_longer_numbers() {
        assert!(find_cpr("320190-1234").is_none()); // day 32
        assert!(find_cpr("011390-1234").is_none()); // month 13
        assert!(find_cpr("300290-1234").is_none()); // 30 Feb
        assert!(find_cpr("290201-1234").is_none()); // 29 Feb in a non-leap year
        assert!(find_cpr("tlf 66 13 13 72").is_none());
        assert!(find_cpr("EAN 5701234567890").is_none());
        assert!(find_cpr("01019012345").is_none()); // 11 digits: not a CPR
        assert!(find_cpr("vejkode 0461 matr 12").is_none());
        assert!(find_cpr("").is_none());
        assert!(find_cpr("æøå010190-1234").is_some()); // multibyte before it
    }

    #[test]
    fn identifiers_refuse_only_the_dashed_form() {
        assert!(check_ident("source_id", "1108261234").is_ok());
        assert!(check_ident("source_id", "110826-1234").is_err());
    }

    #[test]
    fn message_names_cpr_and_hides_serial() {
        let e = check_text("noter", "010190-1234").unwrap_err().to_string();
        assert!(e.contains("CPR-nummer"), "{e}");
        assert!(e.contains("noter"), "{e}");
        assert!(!e.contains("1234"), "{e}");
    }
}
