//! Attendance grids: teachers down the side, one column per session across the top.
//!
//! A session column is one whose header cells give a date: a date cell, date text (9/3, 9月3日,
//! 9.3), or a day number under a month (a month cell above, merged or spread over the days, or
//! the month in the sheet name or title). Further header rows labelled 主题/形式/学时 … give each
//! session's topic, form or hours. Totals columns (出勤次数, 合计, 学时合计 …) are not sessions;
//! the parse stage compares them with what the marks add up to.

use super::fields::{normalize_header, Aliases, Field};
use crate::parse::date::{parse_date, parse_date_text, DateError, DateValue};
use crate::read::{Sheet, Value};
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// One session column of a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub col: u32,
    /// The session's date as its header gives it (an impossible date stays an error for the
    /// parse stage to report on `date_cell`).
    pub date: Result<DateValue, DateError>,
    /// The header cell holding the date (or the day number).
    pub date_cell: (u32, u32),
    /// The header cell holding the month, when the day number alone did not say it.
    pub month_cell: Option<(u32, u32)>,
    /// Cells of the session's other header rows: topic, form, hours, presenter …
    pub attributes: BTreeMap<Field, (u32, u32)>,
}

impl Session {
    /// The date as ISO text (`--09-03` when the header gives no year; empty when impossible).
    pub fn date_text(&self) -> String {
        self.date.map(|d| d.to_string()).unwrap_or_default()
    }
}

/// What a totals column at the side of a grid counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Total {
    /// Sessions attended (present, late or left early): 出勤次数, 实到次数.
    Attended,
    Absences,
    Lates,
    Leaves,
    /// Hours earned: 学时合计, 总学时.
    Hours,
    /// A rate (出勤率): recognized so that it is not a session, but not compared.
    Rate,
}

impl Total {
    pub fn as_str(self) -> &'static str {
        match self {
            Total::Attended => "attended",
            Total::Absences => "absences",
            Total::Lates => "lates",
            Total::Leaves => "leaves",
            Total::Hours => "hours",
            Total::Rate => "rate",
        }
    }

    /// Reads a totals header (合计, 出勤次数, 学时合计 …); `None` when it is not one.
    pub fn from_header(text: &str) -> Option<Total> {
        const TOTAL: &[&str] = &[
            "合计",
            "总计",
            "小计",
            "累计",
            "次数",
            "总学时",
            "出勤率",
            "统计",
            "total",
            "sum",
            "count",
            "rate",
            "实到",
        ];
        let h = normalize_header(text);
        if !TOTAL.iter().any(|w| h.contains(w)) {
            return None;
        }
        let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
        Some(if has(&["率", "%", "rate"]) {
            Total::Rate
        } else if has(&["学时", "小时", "hour"]) {
            Total::Hours
        } else if has(&["迟到", "late"]) {
            Total::Lates
        } else if has(&["缺勤", "旷", "absen", "缺席"]) {
            Total::Absences
        } else if has(&["请假", "假", "leave"]) {
            Total::Leaves
        } else {
            Total::Attended
        })
    }
}

/// What one header cell of a possible session column says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Date(Result<DateValue, DateError>),
    Month(Option<i32>, u32),
    Day(u32),
    Other,
}

static MONTH_ZH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月份?$").expect("constant regex"));
static MONTH_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$").expect("constant regex"));
static MONTH_EN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^([a-z]{3,9})\.?(?:\s+(\d{4}))?$").expect("constant regex"));
static DAY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*[日号]?$").expect("constant regex"));
/// A month named inside a longer text (a sheet name 9月考勤, a title 2025年9月考勤表).
static MONTH_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:份)?(?:[^\d日号]|$)").expect("constant regex"));

const MONTH_NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month(year: Option<i32>, m: u32) -> Option<Part> {
    (1..=12).contains(&m).then_some(Part::Month(year, m))
}

/// Classifies a header cell of a possible session column.
fn part(value: &Value) -> Part {
    match value {
        Value::Empty => Part::Other,
        Value::Date(_) => Part::Date(parse_date(value)),
        Value::Number(n) if n.fract() == 0.0 && (1.0..=31.0).contains(n) => Part::Day(*n as u32),
        // 9.3 typed into a cell becomes the number 9.3.
        Value::Number(n) if *n > 1.0 && *n < 13.0 => match parse_date_text(&crate::read::format_number(*n)) {
            Ok(d) => Part::Date(Ok(d)),
            Err(_) => Part::Other,
        },
        Value::Number(_) => match parse_date(value) {
            Ok(d) => Part::Date(Ok(d)),
            Err(_) => Part::Other,
        },
        Value::Text(t) => text_part(t),
        _ => Part::Other,
    }
}

fn text_part(text: &str) -> Part {
    let s = crate::parse::nfkc(text).trim().to_string();
    let num = |c: &regex::Captures, i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(c) = DAY.captures(&s) {
        return match num(&c, 1) {
            Some(d) if (1..=31).contains(&d) => Part::Day(d),
            _ => Part::Other,
        };
    }
    if let Some(c) = MONTH_ZH.captures(&s) {
        return num(&c, 2).and_then(|m| month(num(&c, 1).map(|y| y as i32), m)).unwrap_or(Part::Other);
    }
    if let Some(c) = MONTH_NUMERIC.captures(&s) {
        return num(&c, 2).and_then(|m| month(num(&c, 1).map(|y| y as i32), m)).unwrap_or(Part::Other);
    }
    if let Some(c) = MONTH_EN.captures(&s) {
        let name = c.get(1).map(|m| m.as_str().to_lowercase()).unwrap_or_default();
        if let Some(i) = MONTH_NAMES.iter().position(|p| name.starts_with(p)) {
            return Part::Month(num(&c, 2).map(|y| y as i32), i as u32 + 1);
        }
    }
    match parse_date_text(&s) {
        Ok(d) => Part::Date(Ok(d)),
        // Looks like a date but cannot be one (9月31日): still a session, reported when parsed.
        Err(e @ (DateError::NoSuchDay { .. } | DateError::NoSuchMonth(_))) => Part::Date(Err(e)),
        Err(DateError::NotADate) => Part::Other,
    }
}

/// The month a sheet's name or title names, for grids whose headers give only day numbers.
pub fn month_of_sheet(sheet: &Sheet, above: u32) -> Option<(Option<i32>, u32)> {
    let texts = std::iter::once(sheet.name.clone()).chain(
        (0..above).flat_map(|r| (0..sheet.width()).map(move |c| (r, c))).map(|(r, c)| sheet.get(r, c).display()),
    );
    for text in texts {
        let text = crate::parse::nfkc(&text);
        if let Some(c) = MONTH_IN_TEXT.captures(&text) {
            let y = c.get(1).and_then(|m| m.as_str().parse::<i32>().ok());
            if let Some(m) = c.get(2).and_then(|m| m.as_str().parse::<u32>().ok()).filter(|m| (1..=12).contains(m)) {
                return Some((y, m));
            }
        }
    }
    None
}

fn with_month(year: Option<i32>, m: u32, d: u32) -> Result<DateValue, DateError> {
    match year {
        Some(y) => parse_date_text(&format!("{y}-{m}-{d}")),
        None => parse_date_text(&format!("{m}/{d}")),
    }
}

/// Fields a grid's extra header rows can give each session.
const SESSION_FIELDS: &[Field] =
    &[Field::Topic, Field::Form, Field::Hours, Field::Presenter, Field::Place, Field::Time, Field::Date];

/// The session columns of a header block (rows `rows`, name in `name_col`).
pub fn sessions(sheet: &Sheet, rows: &[u32], name_col: u32, aliases: &Aliases) -> Vec<Session> {
    let top = rows.first().copied().unwrap_or(0);
    let sheet_month = std::cell::OnceCell::new();
    // A row's label: the nearest cell left of a column naming a session field (主题, 学时 …).
    // Found in one pass per header row: a scan per cell would be quadratic in the sheet's width.
    let labels: BTreeMap<u32, Vec<Option<Field>>> = rows
        .iter()
        .map(|&row| {
            let mut last = None;
            let per_col = (0..sheet.width())
                .map(|c| {
                    let left = last;
                    let text = sheet.get_merged(row, c).display();
                    if let Some(f) = aliases.candidates(&text).into_iter().find(|f| SESSION_FIELDS.contains(f)) {
                        last = Some(f);
                    }
                    left
                })
                .collect();
            (row, per_col)
        })
        .collect();
    let label = |row: u32, col: u32| -> Option<Field> { labels.get(&row)?.get(col as usize).copied().flatten() };
    let mut out = Vec::new();
    for col in (0..sheet.width()).filter(|c| *c != name_col) {
        let mut date = None;
        let mut day = None;
        let mut month_at = None;
        let mut attributes = BTreeMap::new();
        let mut named_field = false;
        for &row in rows {
            let (r, c) = sheet.origin(row, col);
            let value = sheet.get(r, c);
            let labelled = label(row, col).filter(|f| *f != Field::Date);
            if let (Some(field), true) = (labelled, value.is_empty()) {
                // A labelled row left blank (学时 not yet filled in): the cell is where it goes.
                attributes.insert(field, (r, c));
                continue;
            }
            if value.is_empty() {
                // A month typed once and left to spread over the day columns to its right.
                if month_at.is_none() && sheet.merge_at(row, col).is_none() {
                    month_at = spread_month(sheet, row, col, name_col);
                }
                continue;
            }
            if let Some(field) = labelled {
                attributes.insert(field, (r, c));
                continue;
            }
            match part(value) {
                Part::Date(d) => date = date.or(Some((d, (r, c)))),
                Part::Month(y, m) => month_at = Some((y, m, (r, c))),
                Part::Day(d) => day = Some((d, (r, c))),
                Part::Other => {
                    if !aliases.candidates(&value.display()).is_empty() {
                        named_field = true;
                    }
                    attributes.entry(Field::Topic).or_insert((r, c));
                }
            }
        }
        if named_field {
            continue;
        }
        // A date cell above day numbers is the month (a yyyy年m月 formatted date).
        if let (Some((Ok(DateValue::Full(d)), cell)), Some(_)) = (date, day) {
            use chrono::Datelike;
            month_at = Some((Some(d.year()), d.month(), cell));
            date = None;
        }
        let session = match (date, day, month_at) {
            (Some((d, cell)), _, _) => Some((d, cell, None)),
            (None, Some((d, cell)), Some((y, m, month_cell))) => Some((with_month(y, m, d), cell, Some(month_cell))),
            (None, Some((d, cell)), None) => {
                let month = sheet_month.get_or_init(|| month_of_sheet(sheet, top));
                month.map(|(y, m)| (with_month(y, m, d), cell, None))
            }
            _ => None,
        };
        if let Some((date, date_cell, month_cell)) = session {
            out.push(Session { col, date, date_cell, month_cell, attributes });
        }
    }
    out
}

/// The month cell to the left of an empty header cell, when only empty cells lie between.
fn spread_month(sheet: &Sheet, row: u32, col: u32, name_col: u32) -> Option<(Option<i32>, u32, (u32, u32))> {
    (name_col + 1..col).rev().map(|c| (c, sheet.get_merged(row, c))).find(|(_, v)| !v.is_empty()).and_then(|(c, v)| {
        match part(v) {
            Part::Month(y, m) => Some((y, m, sheet.origin(row, c))),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells_are_read_as_dates_months_and_days() {
        assert_eq!(text_part("9/3"), Part::Date(Ok(DateValue::MonthDay(9, 3))));
        assert_eq!(text_part("9月3日"), Part::Date(Ok(DateValue::MonthDay(9, 3))));
        assert_eq!(text_part("9.3"), Part::Date(Ok(DateValue::MonthDay(9, 3))));
        assert_eq!(text_part("2025年9月"), Part::Month(Some(2025), 9));
        assert_eq!(text_part("9月"), Part::Month(None, 9));
        assert_eq!(text_part("Sep 2025"), Part::Month(Some(2025), 9));
        assert_eq!(text_part("17"), Part::Day(17));
        assert_eq!(text_part("3日"), Part::Day(3));
        assert_eq!(text_part("9月31日"), Part::Date(Err(DateError::NoSuchDay { month: 9, day: 31 })));
        assert_eq!(text_part("备注"), Part::Other);
        assert_eq!(part(&Value::Number(9.3)), Part::Date(Ok(DateValue::MonthDay(9, 3))));
    }

    #[test]
    fn totals_headers_say_what_they_count() {
        assert_eq!(Total::from_header("出勤次数"), Some(Total::Attended));
        assert_eq!(Total::from_header("合计"), Some(Total::Attended));
        assert_eq!(Total::from_header("学时合计"), Some(Total::Hours));
        assert_eq!(Total::from_header("迟到次数"), Some(Total::Lates));
        assert_eq!(Total::from_header("出勤率"), Some(Total::Rate));
        assert_eq!(Total::from_header("姓名"), None);
    }

    #[test]
    fn the_month_of_a_sheet_comes_from_its_name_or_title() {
        let sheet = Sheet::new("9月考勤", vec![]);
        assert_eq!(month_of_sheet(&sheet, 0), Some((None, 9)));
        let sheet = Sheet::new("Sheet1", vec![vec![Value::Text("2025年10月校本培训考勤表".into())]]);
        assert_eq!(month_of_sheet(&sheet, 1), Some((Some(2025), 10)));
    }
}
