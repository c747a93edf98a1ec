//! Dates as offices type them: Excel date cells, 2025-09-01, 2025/9/1, 2025.9.1, 2025年9月1日,
//! 20250901, 9月1日 or 9/1 without a year, Sep 1 2025, and Excel serial numbers in date columns.

use crate::read::Value;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use regex::Regex;
use std::sync::LazyLock;

/// A parsed date, or a month and day still waiting for the school year to give it a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateValue {
    Full(NaiveDate),
    MonthDay(u32, u32),
}

impl DateValue {
    /// Gives a year-less date its year: September–December belong to the school year's first
    /// calendar year, January–August to the second.
    pub fn resolve(self, school_year_start: i32) -> Option<NaiveDate> {
        match self {
            DateValue::Full(d) => Some(d),
            DateValue::MonthDay(m, d) => {
                let year = if m >= 9 { school_year_start } else { school_year_start + 1 };
                NaiveDate::from_ymd_opt(year, m, d)
            }
        }
    }

    pub fn full(self) -> Option<NaiveDate> {
        match self {
            DateValue::Full(d) => Some(d),
            DateValue::MonthDay(..) => None,
        }
    }
}

/// ISO 8601: `2025-09-03`, or `--09-03` for a month and day without a year.
impl std::fmt::Display for DateValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateValue::Full(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            DateValue::MonthDay(m, d) => write!(f, "--{m:02}-{d:02}"),
        }
    }
}

/// Why a value is not a date; the message names what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not recognizable as a date at all.
    NotADate,
    /// A month outside 1–12 (e.g. 2025年13月1日).
    NoSuchMonth(u32),
    /// A day the month does not have (e.g. 9月31日).
    NoSuchDay { month: u32, day: u32 },
}

/// Day 0 of Excel's 1900 date system (for serials from 61 on, i.e. after 28 February 1900).
fn excel_epoch() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default()
}

/// An Excel serial (1900 system) as a date-time; `None` outside Excel's range.
pub fn serial_to_datetime(serial: f64) -> Option<NaiveDateTime> {
    if !(0.0..=2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel counts a 29 February 1900 that never was: serials before 61 are one day late.
    let adjusted = if serial < 61.0 { serial + 1.0 } else { serial };
    let ms = (adjusted * 86_400_000.0).round() as i64;
    excel_epoch().checked_add_signed(chrono::Duration::milliseconds(ms))
}

/// A date-time as an Excel serial (1900 system).
pub fn datetime_to_serial(dt: NaiveDateTime) -> f64 {
    let delta = dt - excel_epoch();
    let serial = delta.num_milliseconds() as f64 / 86_400_000.0;
    if serial < 61.0 {
        serial - 1.0
    } else {
        serial
    }
}

/// An ISO 8601 date or date-time (as ODS stores them) as an Excel serial.
pub fn iso_to_serial(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(datetime_to_serial(dt));
    }
    let d = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(datetime_to_serial(d.and_hms_opt(0, 0, 0)?))
}

/// Serial numbers accepted in a date column: 1954-10-03 (20000) to 2119-01-10 (80000).
const PLAUSIBLE_SERIALS: std::ops::RangeInclusive<f64> = 20_000.0..=80_000.0;

/// Parses a cell of a column known to hold dates.
pub fn parse_date(value: &Value) -> Result<DateValue, DateError> {
    match value {
        Value::Date(d) if !d.duration => {
            serial_to_datetime(d.serial).map(|dt| DateValue::Full(dt.date())).ok_or(DateError::NotADate)
        }
        Value::Number(n) if PLAUSIBLE_SERIALS.contains(n) => {
            serial_to_datetime(n.floor()).map(|dt| DateValue::Full(dt.date())).ok_or(DateError::NotADate)
        }
        Value::Number(n) if n.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(n) => {
            parse_date_text(&format!("{}", *n as i64))
        }
        Value::Text(s) => parse_date_text(s),
        _ => Err(DateError::NotADate),
    }
}

static YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[\sT(（].*)?$")
        .expect("constant regex")
});
static YMD_COMPACT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})$").expect("constant regex"));
static MD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[\s(（].*)?$").expect("constant regex"));
static MDY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})/(\d{1,2})/(\d{4})$").expect("constant regex"));
static NAMED_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(\d{1,2})[\s-]+([a-z]{3,9})\.?|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?)[\s,-]+(\d{4})$")
        .expect("constant regex")
});

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Parses date text in the forms offices type.
///
/// ```
/// use regcheck::parse::date::{parse_date_text, DateError, DateValue};
/// let sep1 = chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
/// assert_eq!(parse_date_text("2025年9月1日"), Ok(DateValue::Full(sep1)));
/// assert_eq!(parse_date_text("9/1"), Ok(DateValue::MonthDay(9, 1)));
/// assert_eq!(parse_date_text("2025-13-01"), Err(DateError::NoSuchMonth(13)));
/// ```
pub fn parse_date_text(text: &str) -> Result<DateValue, DateError> {
    let s = super::nfkc(text);
    let num = |m: &regex::Captures, i: usize| m.get(i).and_then(|x| x.as_str().parse::<u32>().ok());
    if let Some(c) = YMD.captures(&s).or_else(|| YMD_COMPACT.captures(&s)) {
        if let (Some(y), Some(m), Some(d)) = (num(&c, 1), num(&c, 2), num(&c, 3)) {
            return ymd(y as i32, m, d);
        }
    }
    if let Some(c) = MDY.captures(&s) {
        if let (Some(a), Some(b), Some(y)) = (num(&c, 1), num(&c, 2), num(&c, 3)) {
            // Month first (as Excel writes 9/1/2025), unless the first number cannot be a month.
            return if a > 12 { ymd(y as i32, b, a) } else { ymd(y as i32, a, b) };
        }
    }
    if let Some(c) = MD.captures(&s) {
        if let (Some(m), Some(d)) = (num(&c, 1), num(&c, 2)) {
            return month_day(m, d);
        }
    }
    if let Some(c) = NAMED_MONTH.captures(&s) {
        let (day, month) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
            (Some(d), Some(m), _, _) | (_, _, Some(m), Some(d)) => (d.as_str(), m.as_str()),
            _ => return Err(DateError::NotADate),
        };
        let month = month.to_lowercase();
        let m = MONTHS.iter().position(|p| month.starts_with(p)).ok_or(DateError::NotADate)? as u32 + 1;
        let d = day.parse().map_err(|_| DateError::NotADate)?;
        let y = num(&c, 5).ok_or(DateError::NotADate)?;
        return ymd(y as i32, m, d);
    }
    Err(DateError::NotADate)
}

/// The minutes of a time range written in a cell: "14:00-15:30", "14：00—16：00", "8:30～11:30",
/// "14点-16点". `None` when the text is not a range or ends before it starts.
pub fn minutes_between(text: &str) -> Option<f64> {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(\d{1,2})\s*[:：点时]\s*(\d{2})?\s*分?\s*[-–—~～至到]+\s*(\d{1,2})\s*[:：点时]\s*(\d{2})?")
            .expect("constant regex")
    });
    let text = crate::parse::nfkc(text);
    let caps = RANGE.captures(&text)?;
    let number = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok()).unwrap_or(0);
    let (h1, m1, h2, m2) = (number(1), number(2), number(3), number(4));
    if h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 {
        return None;
    }
    let (start, end) = (h1 * 60 + m1, h2 * 60 + m2);
    (end > start).then(|| f64::from(end - start))
}

fn ymd(y: i32, m: u32, d: u32) -> Result<DateValue, DateError> {
    check_month_day(m, d)?;
    NaiveDate::from_ymd_opt(y, m, d).map(DateValue::Full).ok_or(DateError::NoSuchDay { month: m, day: d })
}

fn month_day(m: u32, d: u32) -> Result<DateValue, DateError> {
    check_month_day(m, d)?;
    Ok(DateValue::MonthDay(m, d))
}

/// Month 1–12 and a day the month can have (29 February is checked once the year is known).
fn check_month_day(m: u32, d: u32) -> Result<(), DateError> {
    if !(1..=12).contains(&m) {
        return Err(DateError::NoSuchMonth(m));
    }
    let longest = NaiveDate::from_ymd_opt(2024, m, 1)
        .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
        .map(|next| next.pred_opt().map_or(31, |last| last.day()))
        .unwrap_or(31);
    if d == 0 || d > longest {
        return Err(DateError::NoSuchDay { month: m, day: d });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn time_ranges_give_minutes() {
        assert_eq!(minutes_between("14:00-15:30"), Some(90.0));
        assert_eq!(minutes_between("14：00—16：00"), Some(120.0));
        assert_eq!(minutes_between("8:30～11:30"), Some(180.0));
        assert_eq!(minutes_between("14点-16点"), Some(120.0));
        assert_eq!(minutes_between("下午"), None);
        assert_eq!(minutes_between("16:00-14:00"), None);
    }

    use super::*;

    fn full(y: i32, m: u32, d: u32) -> Result<DateValue, DateError> {
        Ok(DateValue::Full(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    #[test]
    fn office_text_dates_parse() {
        for s in [
            "2025-09-01",
            "2025/9/1",
            "2025.9.1",
            "2025年9月1日",
            "2025年9月1号",
            "20250901",
            "２０２５／９／１",
            " 2025-9-1 14:30",
            "2025年9月1日(周一)",
            "9/1/2025",
            "Sep 1, 2025",
            "1 September 2025",
        ] {
            assert_eq!(parse_date_text(s), full(2025, 9, 1), "{s}");
        }
    }

    #[test]
    fn dates_without_a_year_wait_for_the_school_year() {
        assert_eq!(parse_date_text("9月3日"), Ok(DateValue::MonthDay(9, 3)));
        assert_eq!(parse_date_text("9/3"), Ok(DateValue::MonthDay(9, 3)));
        assert_eq!(parse_date_text("1.15"), Ok(DateValue::MonthDay(1, 15)));
        assert_eq!(DateValue::MonthDay(9, 3).resolve(2025), NaiveDate::from_ymd_opt(2025, 9, 3));
        assert_eq!(DateValue::MonthDay(1, 15).resolve(2025), NaiveDate::from_ymd_opt(2026, 1, 15));
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(parse_date_text("2025年13月1日"), Err(DateError::NoSuchMonth(13)));
        assert_eq!(parse_date_text("2025-13-08"), Err(DateError::NoSuchMonth(13)));
        assert_eq!(parse_date_text("2025年9月31日"), Err(DateError::NoSuchDay { month: 9, day: 31 }));
        assert_eq!(parse_date_text("2025-02-29"), Err(DateError::NoSuchDay { month: 2, day: 29 }));
        assert_eq!(parse_date_text("下周三"), Err(DateError::NotADate));
    }

    #[test]
    fn serials_parse_only_as_dates_in_plausible_range() {
        assert_eq!(parse_date(&Value::Number(45901.0)), full(2025, 9, 1));
        assert_eq!(parse_date(&Value::Number(12.0)), Err(DateError::NotADate));
        assert_eq!(parse_date(&Value::Number(20250901.0)), full(2025, 9, 1));
    }

    #[test]
    fn serial_round_trip() {
        let dt = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(datetime_to_serial(dt), 45901.0);
        assert_eq!(serial_to_datetime(45901.0), Some(dt));
    }
}
