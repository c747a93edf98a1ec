//! Personal data in what regcheck writes about the registers: national ID numbers (18 digits,
//! the last may be X, or the old 15) and phone numbers (mobile 1xx xxxx xxxx, landline
//! 0xx-xxxxxxxx) are masked in report.json, summary.xlsx, notes and on the terminal unless
//! `--show-personal-data` is given. The annotated copies keep the school's own cells as they
//! were; only regcheck's words about them are masked.
//!
//! Masking keeps enough to find the cell again: an ID keeps its region (first 6) and last 4
//! (`110101********1234`), a mobile number its first 3 and last 4 (`138****5678`), a landline
//! its area code and last 2.

use regex::Regex;
use std::sync::LazyLock;

/// Runs of digits, possibly split by single spaces or hyphens (138-0013-8000), possibly ending
/// in the X of an ID number.
static NUMBER_RUN: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"[0-9](?:[0-9]|[ \-][0-9])*[Xx]?").ok());

/// `text` with every ID and phone number in it masked.
pub fn mask(text: &str) -> String {
    let Some(re) = NUMBER_RUN.as_ref() else { return text.to_string() };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in re.find_iter(text) {
        // A run glued to more letters or digits (a code like AB1234567890123456C) is left alone.
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if glued(before) || glued(after) {
            continue;
        }
        let masked = mask_number(m.as_str()).or_else(|| {
            // Not one number: maybe several side by side (2025-09-01 13800138000).
            let pieces: Vec<String> =
                m.as_str().split(' ').map(|p| mask_number(p).unwrap_or_else(|| p.to_string())).collect();
            Some(pieces.join(" ")).filter(|joined| joined != m.as_str())
        });
        if let Some(masked) = masked {
            out.push_str(&text[last..m.start()]);
            out.push_str(&masked);
            last = m.end();
        }
    }
    out.push_str(std::str::from_utf8(&bytes[last..]).unwrap_or_default());
    out
}

/// The masked form of one run of digits, if it is an ID or phone number.
fn mask_number(run: &str) -> Option<String> {
    let separated = run.contains([' ', '-']);
    let chars: Vec<char> = run.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let keep = |first: usize, last: usize| -> String {
        let n = chars.len();
        chars[..first].iter().collect::<String>()
            + &"*".repeat(n - first - last)
            + &chars[n - last..].iter().collect::<String>()
    };
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    let x_at_end = chars.last().is_some_and(|c| matches!(c, 'X' | 'x'));
    match chars.len() {
        // An 18-digit ID (the last may be X) or a 15-digit old one.
        18 if !separated && (digits == 18 || (digits == 17 && x_at_end)) => Some(keep(6, 4)),
        15 if !separated && digits == 15 => Some(keep(6, 3)),
        // A mobile number.
        11 if digits == 11 && chars[0] == '1' && matches!(chars[1], '3'..='9') => Some(keep(3, 4)),
        // A landline with its area code: 0xx-xxxxxxxx.
        10..=12 if separated && digits == chars.len() && chars[0] == '0' => {
            let area = run.find(['-', ' ']).unwrap_or(3).min(4);
            Some(keep(area, 2))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn ids_and_phones_are_masked_in_any_text() {
        assert_eq!(mask("身份证号“11010119900307123X”的校验位有误"), "身份证号“110101********123X”的校验位有误");
        assert_eq!(mask("110101199003071234"), "110101********1234");
        assert_eq!(mask("老号码 110101900307123，"), "老号码 110101******123，");
        assert_eq!(mask("电话13800138000或138-0013-8000"), "电话138****8000或138****8000");
        assert_eq!(mask("座机 010-62345678"), "座机 010******78");
        assert_eq!(mask("1.10101199003071E+17"), "1.10101199003071E+17");
        assert_eq!(mask("2025-09-01 13800138000"), "2025-09-01 138****8000");
    }

    #[test]
    fn dates_hours_and_other_numbers_are_left_alone() {
        for text in
            ["2025-09-01", "20250901", "学时 1.5", "工号 2019001", "共 25 人", "第 12 行", "AB110101199003071234"]
        {
            assert_eq!(mask(text), text);
        }
    }
}
