//! Header detection: which rows of a sheet are its header, and what each column's header says.
//!
//! A header is one to three rows among the first [`HEADER_SEARCH_ROWS`], one of them naming the
//! teacher's name. The rows of a header are read together: a cell merged over several columns or
//! rows applies to each, and the texts of one column are joined top to bottom (培训 over 日期
//! reads 培训日期; when the joined text names nothing, the lower text, then the upper, is tried).
//! The block naming the most fields wins; a grid's session columns count as well. Rows above it
//! (titles) are not part of it.

use super::fields::{Aliases, Field};
use super::grid::{self, Session, Total};
use super::tally;
use crate::read::Sheet;

/// How many rows from the top the header may be found in.
pub const HEADER_SEARCH_ROWS: u32 = 30;
/// How many rows one header may span.
const MAX_HEADER_ROWS: u32 = 3;

/// One non-empty header column.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderColumn {
    pub col: u32,
    /// The header rows' texts of the column, joined top to bottom.
    pub text: String,
    /// The fields the text may name, best first (empty: none).
    pub candidates: Vec<Field>,
}

/// A sheet's header as found.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based rows, top to bottom.
    pub rows: Vec<u32>,
    /// The row holding the name header (repeated headers are recognized by it).
    pub name_row: u32,
    pub name_col: u32,
    /// Columns that are neither sessions nor totals.
    pub columns: Vec<HeaderColumn>,
    /// A grid's session columns (fewer than two: not a grid, and empty).
    pub sessions: Vec<Session>,
    /// A grid's totals columns.
    pub totals: Vec<(u32, Total)>,
}

impl Header {
    pub fn is_grid(&self) -> bool {
        !self.sessions.is_empty()
    }

    /// Distinct fields named (besides 序号), plus the sessions of a grid and what its header
    /// rows say of them.
    fn score(&self) -> usize {
        let mut fields: Vec<Field> =
            self.columns.iter().filter_map(|c| c.candidates.first().copied()).filter(|f| *f != Field::Seq).collect();
        fields.extend(self.sessions.iter().flat_map(|s| s.attributes.keys().copied()));
        fields.sort();
        fields.dedup();
        fields.len() + self.sessions.len() + self.count_columns()
    }

    /// A tally's count columns that name no field (9月, 反思篇数), each distinct text once; none
    /// in a grid or beside a date (a tally has no date column).
    fn count_columns(&self) -> usize {
        if self.is_grid() || self.columns.iter().any(|c| c.candidates.contains(&Field::Date)) {
            return 0;
        }
        let mut texts: Vec<&str> = self
            .columns
            .iter()
            .filter(|c| c.candidates.is_empty())
            .filter(|c| tally::classify(&c.text).is_some_and(|h| h.measure.is_some() || h.period.is_some()))
            .map(|c| c.text.as_str())
            .collect();
        texts.sort();
        texts.dedup();
        texts.len()
    }

    fn is_header(&self) -> bool {
        let has_name = self.columns.iter().any(|c| c.candidates.contains(&Field::Name));
        has_name && self.score() >= 2
    }
}

/// Finds the header: the block of rows naming the most fields (ties: fewer rows, then higher up).
pub fn find(sheet: &Sheet, aliases: &Aliases) -> Option<Header> {
    let mut best: Option<(usize, Header)> = None;
    for name_row in 0..sheet.height().min(HEADER_SEARCH_ROWS) {
        let Some(name_col) = (0..sheet.width())
            .find(|c| names_the_teacher(&candidates_of(&sheet.get_merged(name_row, *c).display(), aliases)))
        else {
            continue;
        };
        // A merged 姓名 cell spanning several rows is read from its top row.
        if sheet.origin(name_row, name_col).0 != name_row {
            continue;
        }
        let last_of_name = sheet.merge_at(name_row, name_col).map_or(name_row, |m| m.last_row);
        for top in name_row.saturating_sub(MAX_HEADER_ROWS - 1)..=name_row {
            for bottom in last_of_name.max(name_row)..top + MAX_HEADER_ROWS {
                let rows: Vec<u32> = (top..=bottom).collect();
                if !rows.iter().all(|r| *r == name_row || joins(sheet, *r, name_row, name_col, aliases)) {
                    continue;
                }
                let header = read(sheet, &rows, name_row, name_col, aliases, true);
                if !header.is_header() {
                    continue;
                }
                let score = header.score();
                let better = best.as_ref().is_none_or(|(s, b)| score > *s || score == *s && rows.len() < b.rows.len());
                if better {
                    best = Some((score, header));
                }
            }
        }
    }
    best.map(|(_, h)| h)
}

/// The header at rows a `[[sources]]` entry gives, with the name in `name_col` when it says so.
pub fn at_rows(sheet: &Sheet, rows: &[u32], name_col: Option<u32>, aliases: &Aliases, grid: bool) -> Header {
    let named = |row: u32, col: u32| names_the_teacher(&candidates_of(&sheet.get_merged(row, col).display(), aliases));
    let found = rows.iter().find_map(|&r| (0..sheet.width()).find(|&c| named(r, c)).map(|c| (r, c)));
    let name_col = name_col.or(found.map(|(_, c)| c)).unwrap_or(0);
    let name_row = rows.iter().copied().find(|&r| named(r, name_col)).or(rows.first().copied()).unwrap_or(0);
    read(sheet, rows, name_row, name_col, aliases, grid)
}

/// Reads a header block: each column's joined text and fields, and (when `grid`) a grid's
/// sessions and totals.
pub fn read(sheet: &Sheet, rows: &[u32], name_row: u32, name_col: u32, aliases: &Aliases, grid: bool) -> Header {
    let sessions = if grid { grid::sessions(sheet, rows, name_col, aliases) } else { Vec::new() };
    let sessions = if sessions.len() >= 2 { sessions } else { Vec::new() };
    let mut columns = Vec::new();
    let mut totals = Vec::new();
    for col in 0..sheet.width() {
        if sessions.iter().any(|s| s.col == col) {
            continue;
        }
        let parts = texts(sheet, rows, col);
        if parts.is_empty() {
            continue;
        }
        let text = parts.concat();
        if !sessions.is_empty() && col != name_col {
            if let Some(total) = grid::Total::from_header(&text) {
                totals.push((col, total));
                continue;
            }
        }
        let mut candidates = candidates_of(&text, aliases);
        for part in parts.iter().rev().chain(parts.first()) {
            if candidates.is_empty() && parts.len() > 1 {
                candidates = candidates_of(part, aliases);
            }
        }
        columns.push(HeaderColumn { col, text, candidates });
    }
    Header { rows: rows.to_vec(), name_row, name_col, columns, sessions, totals }
}

/// A column's header rows' texts joined, as a person reads them (`2025年9月 3`).
pub fn column_text(sheet: &Sheet, rows: &[u32], col: u32) -> String {
    texts(sheet, rows, col).join(" ")
}

/// The distinct non-empty texts of a column over the header rows, top to bottom.
fn texts(sheet: &Sheet, rows: &[u32], col: u32) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for &row in rows {
        let text = sheet.get_merged(row, col).display().trim().to_string();
        if !text.is_empty() && parts.last() != Some(&text) {
            parts.push(text);
        }
    }
    parts
}

/// The fields a header text may name. A diagonal header (日期\姓名, 姓名/日期) names the teacher.
fn candidates_of(text: &str, aliases: &Aliases) -> Vec<Field> {
    let split: Vec<&str> = text.split(['\\', '/', '／', '＼', '\n']).filter(|p| !p.trim().is_empty()).collect();
    if split.len() > 1 && split.iter().any(|p| names_the_teacher(&aliases.candidates(p))) {
        return vec![Field::Name];
    }
    aliases.candidates(text)
}

fn names_the_teacher(candidates: &[Field]) -> bool {
    candidates.first() == Some(&Field::Name)
}

/// Whether `row` can belong to the header whose name cell is at (`name_row`, `name_col`): it has
/// something in it, and its name column is empty, part of the same merged 姓名 cell, or a label
/// of a grid's header rows (主题, 学时 …) — never a teacher's name.
fn joins(sheet: &Sheet, row: u32, name_row: u32, name_col: u32, aliases: &Aliases) -> bool {
    if row >= sheet.height() || sheet.rows[row as usize].iter().all(|v| v.is_empty()) {
        return false;
    }
    let origin = sheet.origin(row, name_col);
    if origin == sheet.origin(name_row, name_col) && origin != (row, name_col) {
        return true;
    }
    let value = sheet.get_merged(row, name_col);
    let candidates = aliases.candidates(&value.display());
    if !value.is_empty() {
        // A label (主题, 学时 …) where the names go heads a grid's header row; a name is data.
        return !candidates.is_empty() && !candidates.contains(&Field::Name);
    }
    // A title (one text, at the left or merged over the width) is not a header row.
    let filled: Vec<u32> = (0..sheet.width()).filter(|c| !sheet.get(row, *c).is_empty()).collect();
    if let [only] = filled[..] {
        let span = sheet.merge_at(row, only).map_or(1, |m| m.last_col - m.first_col + 1);
        if only <= name_col || span * 2 >= sheet.width() {
            return false;
        }
    }
    sheet.merge_at(row, name_col).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Rect;

    #[test]
    fn two_header_rows_are_read_together() {
        let s = Sheet::from_texts(&[
            &["城南实验学校签到表"],
            &["序号", "姓名", "培训", "", "签到"],
            &["", "", "日期", "学时", ""],
            &["1", "张伟", "2025-09-10", "2", "√"],
        ]);
        let h = find(&s, &Aliases::default()).unwrap();
        assert_eq!(h.rows, vec![1, 2]);
        let field = |col| h.columns.iter().find(|c| c.col == col).and_then(|c| c.candidates.first().copied());
        assert_eq!(field(2), Some(Field::Date));
        assert_eq!(field(3), Some(Field::Hours));
        assert_eq!(field(4), Some(Field::Mark));
    }

    #[test]
    fn a_month_over_day_numbers_makes_a_grid() {
        let mut s = Sheet::from_texts(&[
            &["2025年9月考勤表"],
            &["序号", "姓名", "2025年9月", "", "", "出勤次数"],
            &["", "", "3", "10", "17", ""],
            &["1", "张伟", "√", "迟", "√", "3"],
        ]);
        s.set_merged(vec![Rect { first_row: 1, first_col: 1, last_row: 2, last_col: 1 }]);
        let h = find(&s, &Aliases::default()).unwrap();
        assert_eq!(h.rows, vec![1, 2]);
        let dates: Vec<_> = h.sessions.iter().map(|s| (s.col, s.date)).collect();
        let sep = |d| Ok(crate::parse::date::DateValue::Full(chrono::NaiveDate::from_ymd_opt(2025, 9, d).unwrap()));
        assert_eq!(dates, vec![(2, sep(3)), (3, sep(10)), (4, sep(17))]);
        assert_eq!(h.totals, vec![(5, Total::Attended)]);
    }

    #[test]
    fn labelled_header_rows_give_each_session_its_topic_and_hours() {
        let s = Sheet::from_texts(&[
            &["姓名", "9/3", "9/10", "合计"],
            &["主题", "新课标解读", "作业设计", ""],
            &["学时", "2", "3", ""],
            &["张伟", "√", "√", "5"],
        ]);
        let h = find(&s, &Aliases::default()).unwrap();
        assert_eq!(h.rows, vec![0, 1, 2]);
        assert_eq!(h.sessions.len(), 2);
        assert_eq!(h.sessions[1].attributes.get(&Field::Topic), Some(&(1, 2)));
        assert_eq!(h.sessions[1].attributes.get(&Field::Hours), Some(&(2, 2)));
    }

    #[test]
    fn a_title_row_is_not_part_of_the_header() {
        let s =
            Sheet::from_texts(&[&["", "签到表"], &["序号", "姓名", "日期", "签到"], &["1", "张伟", "2025-09-10", "√"]]);
        assert_eq!(find(&s, &Aliases::default()).unwrap().rows, vec![1]);
    }
}
