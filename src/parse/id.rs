//! Chinese resident ID numbers (身份证号): 18 characters with a MOD 11-2 check digit, or the old
//! 15-digit form; and the damage Excel does to IDs typed as numbers (15 significant digits).

use crate::read::Value;
use chrono::NaiveDate;

/// What is wrong with an ID number cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// Typed as a number: Excel kept 15 significant digits and the rest became zeros.
    PrecisionLost,
    /// Wrong length or characters.
    Malformed,
    /// The birth date inside the number is not a date.
    BadBirthDate,
    /// The last character does not match the check digit computed from the first 17.
    BadCheckDigit { expected: char },
}

/// Checks an ID cell; `None` when it is a valid ID number (or empty).
pub fn check_id(value: &Value) -> Option<IdProblem> {
    match value {
        Value::Empty => None,
        Value::Number(n) if *n >= 1e14 => Some(IdProblem::PrecisionLost),
        Value::Number(_) => Some(IdProblem::Malformed),
        Value::Text(s) => check_id_text(s),
        _ => Some(IdProblem::Malformed),
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits of an 18-character ID.
pub fn check_digit(first17: &str) -> Option<char> {
    let digits: Option<Vec<u32>> = first17.chars().map(|c| c.to_digit(10)).collect();
    let digits = digits.filter(|d| d.len() == 17)?;
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    CHECK.get((sum % 11) as usize).copied()
}

fn check_id_text(raw: &str) -> Option<IdProblem> {
    let s = super::nfkc(raw).replace(' ', "").to_uppercase();
    if s.is_empty() {
        return None;
    }
    if s.contains('E') && s.contains('+') {
        return Some(IdProblem::PrecisionLost); // 1.10101E+17 pasted as text
    }
    if !s.is_ascii() {
        return Some(IdProblem::Malformed); // also keeps the byte slicing below on char boundaries
    }
    let ascii_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let (birth, full_year) = match s.len() {
        18 if ascii_digits(&s[..17]) && (s.as_bytes()[17].is_ascii_digit() || s.ends_with('X')) => (&s[6..14], true),
        15 if ascii_digits(&s) => (&s[6..12], false),
        _ => return Some(IdProblem::Malformed),
    };
    let birth = if full_year { birth.to_string() } else { format!("19{birth}") };
    if NaiveDate::parse_from_str(&birth, "%Y%m%d").is_err() {
        return Some(IdProblem::BadBirthDate);
    }
    if full_year {
        let expected = check_digit(&s[..17])?;
        if !s.ends_with(expected) {
            return Some(IdProblem::BadCheckDigit { expected });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_and_invalid_ids() {
        assert_eq!(check_id(&Value::Text("11010519491231002X".into())), None);
        assert_eq!(
            check_id(&Value::Text("110105194912310021".into())),
            Some(IdProblem::BadCheckDigit { expected: 'X' })
        );
        assert_eq!(check_id(&Value::Text("110105194913310021".into())), Some(IdProblem::BadBirthDate));
        assert_eq!(check_id(&Value::Text("12345".into())), Some(IdProblem::Malformed));
        assert_eq!(
            check_id(&Value::Text("张伟1234567890123".into())),
            Some(IdProblem::Malformed),
            "18 bytes, not 18 digits"
        );
        assert_eq!(check_id(&Value::Number(110105194912310000.0)), Some(IdProblem::PrecisionLost));
    }
}
