//! Numbers as offices type them: full-width digits, thousands separators and units
//! (２学时, 1.5h, 3节, 1,200字).

use crate::read::Value;
use regex::Regex;
use std::sync::LazyLock;

static NUMBER_WITH_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^([+-]?\d+(?:\.\d+)?|[+-]?\.\d+)\s*(学时|课时|小时|个学时|h|hr|hrs|hour|hours|节|节课|篇|次|字|学分|分|个|lessons?|words?|credits?)?$",
    )
    .expect("constant regex")
});

/// Parses a number cell. Text is NFKC-normalized, thousands separators removed and a unit
/// suffix accepted; anything else (约1200字, 两节, a date) is not a number.
///
/// ```
/// use regcheck::{parse::number::parse_number, read::Value};
/// assert_eq!(parse_number(&Value::Text("２学时".into())), Some(2.0));
/// assert_eq!(parse_number(&Value::Text("约1200字".into())), None);
/// ```
pub fn parse_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) if n.is_finite() => Some(*n),
        Value::Text(s) if plain(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        Value::Text(s) => {
            let s = super::nfkc(s).replace([',', '，'], "");
            let caps = NUMBER_WITH_UNIT.captures(&s)?;
            caps.get(1)?.as_str().parse::<f64>().ok().filter(|n| n.is_finite())
        }
        _ => None,
    }
}

/// Whether text is a plain ASCII number (`12`, `-1.5`, `.5`), which needs no normalizing and
/// reads the same as through [`NUMBER_WITH_UNIT`] — the common case, taken without allocating.
fn plain(s: &str) -> bool {
    let t = s.trim();
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(|f| !f.is_empty() && digits(f)) && (!whole.is_empty() || fraction.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn plain_numbers_read_as_through_the_pattern() {
        for s in
            ["12", " 7 ", "-1.5", "+3", ".5", "-.25", "0", "", "+", ".", "5.", "1.2.3", "1e5", "12a", "--1", "1,200"]
        {
            let fast = plain(s).then(|| s.trim().parse::<f64>().ok()).flatten();
            let slow = NUMBER_WITH_UNIT
                .captures(&crate::parse::nfkc(s).replace([',', '，'], ""))
                .and_then(|c| c.get(1)?.as_str().parse::<f64>().ok());
            if plain(s) {
                assert_eq!(fast, slow, "{s:?}");
            }
        }
        assert!(plain("12") && plain(".5") && !plain("5.") && !plain("") && !plain("1e5") && !plain("1,200"));
    }

    #[test]
    fn numbers_with_units_and_full_width_digits() {
        assert_eq!(parse_number(&text("２学时")), Some(2.0));
        assert_eq!(parse_number(&text("1.5h")), Some(1.5));
        assert_eq!(parse_number(&text("3 节")), Some(3.0));
        assert_eq!(parse_number(&text("1,200字")), Some(1200.0));
        assert_eq!(parse_number(&text("６")), Some(6.0));
        assert_eq!(parse_number(&Value::Number(4.0)), Some(4.0));
    }

    #[test]
    fn words_are_not_numbers() {
        assert_eq!(parse_number(&text("约1200字")), None);
        assert_eq!(parse_number(&text("两节")), None);
        assert_eq!(parse_number(&text("")), None);
        assert_eq!(parse_number(&Value::Bool(true)), None);
    }
}
