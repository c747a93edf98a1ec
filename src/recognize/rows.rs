//! Data rows: which rows below a header hold records, and which blanks mean "same as above".
//!
//! Blank separator rows, headers and titles repeated for printing, and totals rows are skipped;
//! a footer line (制表人, 审核人, 备注：…) ends the table.

use super::fields::{normalize_header, Field};
use super::header::Header;
use super::Kind;
use crate::read::Sheet;
use std::collections::{BTreeMap, HashMap, HashSet};

const TOTAL_WORDS: &[&str] = &["合计", "小计", "总计", "总数", "共计", "total", "sum"];
const FOOTER_WORDS: &[&str] = &[
    "制表人",
    "制表",
    "审核人",
    "审核",
    "填表人",
    "填表",
    "负责人",
    "统计人",
    "备注:",
    "备注：",
    "说明:",
    "说明：",
    "注:",
    "注：",
    "签章",
    "盖章",
    "校长签字",
    "校长签名",
];

/// A row's cells as compared for repetition: normalized texts joined.
fn signature(sheet: &Sheet, row: u32) -> String {
    (0..sheet.width()).map(|c| normalize_header(&sheet.get_merged(row, c).display())).collect::<Vec<_>>().join("|")
}

/// The data rows below `header` (rows with something in `data_cols`), and the rows skipped
/// inside the table with why (`totals`, `header`, `title`).
pub fn data_rows(
    sheet: &Sheet,
    header: &Header,
    name_col: Option<u32>,
    data_cols: &[u32],
) -> (Vec<u32>, Vec<(u32, &'static str)>) {
    let name_row = header.name_row;
    let last = header.rows.last().copied().unwrap_or(name_row);
    let name_text: Vec<String> =
        (0..sheet.width()).map(|c| normalize_header(&sheet.get_merged(name_row, c).display())).collect();
    let header_rows: HashSet<String> = header.rows.iter().map(|r| signature(sheet, *r)).collect();
    // Title lines above the header come back at the top of each printed page.
    let titles_above: Vec<u32> = (0..header.rows.first().copied().unwrap_or(0)).collect();
    let titles: HashSet<String> =
        titles_above.iter().map(|r| signature(sheet, *r)).filter(|s| s.chars().any(|c| c != '|')).collect();
    // Only a row starting like a header or title row can repeat one: the cheap test first.
    let first_text = |row: u32| {
        let cells = sheet.rows.get(row as usize).map(Vec::as_slice).unwrap_or_default();
        cells.iter().find(|v| !v.is_empty()).map(|v| normalize_header(&v.display()))
    };
    let firsts: HashSet<String> = header.rows.iter().chain(&titles_above).filter_map(|r| first_text(*r)).collect();
    let normalized = |row: u32, col: u32| normalize_header(&sheet.get_merged(row, col).display());
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for row in last + 1..sheet.height() {
        let Some(first) = first_text(row) else { continue };
        if FOOTER_WORDS.iter().any(|w| first.starts_with(w)) {
            break;
        }
        if TOTAL_WORDS.iter().any(|w| first.starts_with(w)) {
            skipped.push((row, "totals"));
            continue;
        }
        // A header repeated for printing repeats the name column's header, then others.
        // (A [[sources]] entry may name a column past the sheet's last one: `get`, not index.)
        let repeats_name_row = name_col.is_some_and(|c| name_text.get(c as usize) == Some(&normalized(row, c)))
            && (0..sheet.width())
                .filter(|c| !name_text[*c as usize].is_empty() && normalized(row, *c) == name_text[*c as usize])
                .count()
                >= 2;
        let repeated = match firsts.contains(&first).then(|| signature(sheet, row)) {
            _ if repeats_name_row => Some("header"),
            Some(sig) if header_rows.contains(&sig) => Some("header"),
            Some(sig) if titles.contains(&sig) => Some("title"),
            _ => None,
        };
        if let Some(why) = repeated {
            skipped.push((row, why));
            continue;
        }
        // A row with nothing in the register's own columns (only a 序号) is blank.
        if data_cols.iter().any(|c| !sheet.get(row, *c).is_empty()) {
            rows.push(row);
        }
    }
    (rows, skipped)
}

/// Blank cell → the cell whose value is read there.
pub type Filled = HashMap<(u32, u32), (u32, u32)>;

/// Fields of a sign-in sheet that belong to the session rather than the person.
const SESSION_FIELDS: &[Field] =
    &[Field::Date, Field::Topic, Field::Form, Field::Hours, Field::Time, Field::Place, Field::Presenter];

/// In a sign-in sheet from a file that records no merged cells (csv, ods), a session's date,
/// topic and hours are often typed once, on its first row, and left blank below. Those blanks
/// are read as the value above when that is unambiguous: the date column itself has such
/// blanks, each one lies in an unbroken run of rows under a dated row, and the other session
/// columns are blank only on those rows. Returns blank cell → the cell read, and the fields filled.
pub fn fill_down(sheet: &Sheet, kind: Kind, columns: &BTreeMap<Field, u32>, rows: &[u32]) -> (Filled, Vec<Field>) {
    let mut filled = HashMap::new();
    let mut fields = Vec::new();
    let Some(date_col) = columns.get(&Field::Date).copied() else { return (filled, fields) };
    if kind != Kind::Attendance || !sheet.merged().is_empty() {
        return (filled, fields);
    }
    // Each data row's session start: the nearest dated row above in the same unbroken run.
    let mut starts: Vec<(u32, u32)> = Vec::new();
    let mut current: Option<u32> = None;
    let mut previous: Option<u32> = None;
    for &row in rows {
        if previous.is_none_or(|p| p + 1 != row) {
            current = None;
        }
        if !sheet.get(row, date_col).is_empty() {
            current = Some(row);
        } else if let Some(start) = current {
            starts.push((row, start));
        }
        previous = Some(row);
    }
    if starts.is_empty() {
        return (filled, fields);
    }
    let blank_rows: HashSet<u32> = rows.iter().copied().filter(|r| sheet.get(*r, date_col).is_empty()).collect();
    for (&field, &col) in columns.iter().filter(|(f, _)| SESSION_FIELDS.contains(f)) {
        let blanks_only_there = rows
            .iter()
            .filter(|r| sheet.get(**r, col).is_empty())
            .all(|r| blank_rows.contains(r) || field == Field::Date);
        if !blanks_only_there {
            continue;
        }
        let mut any = false;
        for &(row, start) in &starts {
            if sheet.get(row, col).is_empty() && !sheet.get(start, col).is_empty() {
                filled.insert((row, col), (start, col));
                any = true;
            }
        }
        if any {
            fields.push(field);
        }
    }
    (filled, fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_typed_once_applies_to_the_rows_below_it() {
        let s = Sheet::from_texts(&[
            &["日期", "主题", "姓名"],
            &["2025-09-10", "新课标", "张伟"],
            &["", "", "王芳"],
            &["", "", ""],
            &["", "", "李娜"],
            &["2025-09-17", "作业", "张伟"],
            &["", "", "王芳"],
        ]);
        let columns = BTreeMap::from([(Field::Date, 0), (Field::Topic, 1), (Field::Name, 2)]);
        let (filled, fields) = fill_down(&s, Kind::Attendance, &columns, &[1, 2, 4, 5, 6]);
        assert_eq!(fields, vec![Field::Date, Field::Topic]);
        assert_eq!(filled.get(&(2, 0)), Some(&(1, 0)));
        assert_eq!(filled.get(&(6, 1)), Some(&(5, 1)));
        // A blank row breaks the run: 李娜's date is missing, not 9/10.
        assert_eq!(filled.get(&(4, 0)), None);
    }
}
