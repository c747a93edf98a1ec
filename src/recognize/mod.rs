//! Recognize: where a sheet's register is and what it is, without any configuration.
//!
//! For each sheet: find the header row among the first rows (title rows, blank rows and merged
//! titles above it are skipped), map its columns to canonical [`Field`]s, decide the register's
//! [`Kind`] from the fields found (with sheet and file names as hints), and find the data rows
//! (blank rows, repeated headers and totals rows skipped, stopping at the footer). This stage
//! never parses values; it only says where they are.

pub mod fields;
pub mod grid;
pub mod header;
mod rows;
pub mod tally;

use crate::finding::{column_index, Code, Finding, Severity, Source};
use crate::read::Sheet;
use crate::rules::SourceOverride;
use fields::{Aliases, Field};
pub use grid::{Session, Total};
pub use header::HEADER_SEARCH_ROWS;
use header::{Header, HeaderColumn};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use tally::CountColumn;

/// What a register records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Roster,
    Attendance,
    Observations,
    Reflections,
    Hours,
    Unknown,
}

impl Kind {
    pub const REGISTERS: [Kind; 5] =
        [Kind::Roster, Kind::Attendance, Kind::Observations, Kind::Reflections, Kind::Hours];

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::REGISTERS.into_iter().find(|k| k.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Roster => "roster",
            Kind::Attendance => "attendance",
            Kind::Observations => "observations",
            Kind::Reflections => "reflections",
            Kind::Hours => "hours",
            Kind::Unknown => "unknown",
        }
    }

    /// Fields a register of this kind must have.
    pub fn required(self) -> &'static [Field] {
        match self {
            Kind::Roster | Kind::Hours => &[Field::Name],
            Kind::Attendance | Kind::Observations | Kind::Reflections => &[Field::Name, Field::Date],
            Kind::Unknown => &[],
        }
    }

    /// Fields that point to this kind, and words in sheet or file names that hint at it.
    fn evidence(self) -> (&'static [Field], &'static [&'static str]) {
        use Field as F;
        match self {
            Kind::Roster => (
                &[
                    F::StaffId,
                    F::IdNumber,
                    F::Gender,
                    F::BirthDate,
                    F::Department,
                    F::Position,
                    F::Title,
                    F::StartDate,
                    F::JoinDate,
                    F::LeaveDate,
                    F::Category,
                    F::Status,
                    F::Subject,
                ],
                &["名册", "花名册", "名单", "教师信息", "基本信息", "roster", "staff"],
            ),
            Kind::Attendance => (
                &[F::Mark, F::Topic, F::Form, F::Hours, F::Time, F::Place, F::Presenter, F::Signature],
                &["签到", "考勤", "出勤", "培训记录", "研修记录", "attendance", "sign"],
            ),
            Kind::Observations => {
                (&[F::Observed, F::Class, F::Period, F::Lessons, F::Comment], &["听课", "observation"])
            }
            Kind::Reflections => {
                (&[F::Kind, F::Words, F::Title, F::Rating], &["反思", "总结", "笔记", "随笔", "reflection"])
            }
            Kind::Hours => (
                &[F::Course, F::Level, F::Credits, F::Certificate, F::Hours, F::Form],
                &["学时登记", "学分", "继续教育", "ledger", "credit"],
            ),
            Kind::Unknown => (&[], &[]),
        }
    }
}

/// How the register is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// One record per row.
    Long,
    /// Teachers down, sessions across, a mark per cell.
    Grid,
    /// Teachers down, counts across: per month, per term, or per measure.
    Tally,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Long => "long",
            Layout::Grid => "grid",
            Layout::Tally => "tally",
        }
    }
}

/// A recognized register on one sheet.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: Kind,
    pub layout: Layout,
    /// 0-based header row(s).
    pub header_rows: Vec<u32>,
    /// Field → 0-based column.
    pub columns: BTreeMap<Field, u32>,
    /// Columns the header names but regcheck does not know: (column, header text).
    pub unknown_columns: Vec<(u32, String)>,
    /// Every non-empty header column's text (header rows joined), in column order.
    pub headers: Vec<(u32, String)>,
    /// 0-based rows holding records, in order.
    pub rows: Vec<u32>,
    /// 0-based rows skipped inside the table, with why (`totals`, `header`).
    pub skipped: Vec<(u32, &'static str)>,
    /// A grid's session columns.
    pub sessions: Vec<Session>,
    /// A grid's totals columns.
    pub totals: Vec<(u32, Total)>,
    /// Blank cells read as the value above them, in files that record no merged cells: blank
    /// cell → the cell whose value applies (see [`rows::fill_down`]).
    pub filled: HashMap<(u32, u32), (u32, u32)>,
    /// Fields whose blanks were filled down.
    pub filled_fields: Vec<Field>,
    /// A tally's count and totals columns.
    pub counts: Vec<CountColumn>,
}

impl Table {
    pub fn col(&self, field: Field) -> Option<u32> {
        self.columns.get(&field).copied()
    }

    /// The cell whose value a person reads at (`row`, `col`): a merged range's first cell, or
    /// the cell a blank was filled down from, or the cell itself.
    pub fn origin(&self, sheet: &Sheet, row: u32, col: u32) -> (u32, u32) {
        let at = sheet.origin(row, col);
        self.filled.get(&at).copied().unwrap_or(at)
    }
}

/// What recognition made of one sheet.
#[derive(Debug, Clone)]
pub struct Recognized {
    pub table: Option<Table>,
    pub findings: Vec<Finding>,
}

/// Recognizes the register on a sheet. `hint` is the file name, used like the sheet name;
/// `over` is the rules file's `[[sources]]` entry for the sheet, if one matches.
pub fn recognize(
    sheet: &Sheet,
    at: (usize, usize),
    hint: &str,
    aliases: &Aliases,
    over: Option<&SourceOverride>,
) -> Recognized {
    let (file, sheet_index) = at;
    let forced: BTreeMap<Field, u32> = over
        .map(|o| o.columns.iter().filter_map(|(f, l)| Some((Field::from_name(f)?, column_index(l)?))).collect())
        .unwrap_or_default();
    let grid = over.and_then(|o| o.layout.as_deref()) != Some("long");
    let header = match over.and_then(|o| o.header_rows.as_ref()) {
        Some(rows) => {
            let rows: Vec<u32> = rows.iter().map(|r| r.saturating_sub(1)).collect();
            Some(header::at_rows(sheet, &rows, forced.get(&Field::Name).copied(), aliases, grid))
        }
        None => header::find(sheet, aliases).map(|h| match h.is_grid() && !grid {
            true => header::read(sheet, &h.rows, h.name_row, h.name_col, aliases, false),
            false => h,
        }),
    };
    let Some(header) = header else {
        // An empty sheet (Excel's default Sheet2, Sheet3) has nothing to report.
        let empty = sheet.rows.iter().all(|r| r.iter().all(|v| v.is_empty()));
        let f = Finding::about(Code::NoRegisterFound, Severity::Info, file, Some(sheet_index));
        return Recognized { table: None, findings: if empty { Vec::new() } else { vec![f] } };
    };
    let names = format!("{} {}", sheet.name, hint).to_lowercase();
    let counts = match header.is_grid() || over.and_then(|o| o.layout.as_deref()) == Some("long") {
        true => Vec::new(),
        false => tally::count_columns(&header.columns, header.name_col, &tally::context(sheet, &header.rows, hint)),
    };
    let kind = match over.and_then(|o| o.kind.as_deref()).and_then(Kind::from_name) {
        Some(kind) => kind,
        None if header.is_grid() => Kind::Attendance,
        None => match counts.iter().find(|c| !c.total) {
            Some(count) => count.measure.kind(),
            None => decide_kind(&header.columns, &names),
        },
    };
    build(sheet, at, header, kind, &forced, counts)
}

/// Builds the table of a header whose kind is decided: assigns fields, reports what is missing
/// or ambiguous, finds the data rows.
fn build(
    sheet: &Sheet,
    (file, sheet_index): (usize, usize),
    header: Header,
    kind: Kind,
    forced: &BTreeMap<Field, u32>,
    counts: Vec<CountColumn>,
) -> Recognized {
    let source = |row: u32, col: u32| Source { file, sheet: sheet_index, row, col };
    let mut findings = Vec::new();
    if kind == Kind::Unknown {
        // A header, but not one of a register regcheck knows.
        findings.push(Finding::about(Code::NoRegisterFound, Severity::Info, file, Some(sheet_index)));
    }
    let first_row = header.rows.first().copied().unwrap_or(0);
    // A tally's count columns are not fields (two of them may both say 听课节数).
    let named: Vec<HeaderColumn> =
        header.columns.iter().filter(|c| !counts.iter().any(|n| n.col == c.col)).cloned().collect();
    let (mut columns, mut unknown_columns, ambiguous) = assign(&named, kind);
    // Columns a [[sources]] entry names are taken as it says.
    for (&field, &col) in forced {
        columns.retain(|_, c| *c != col);
        columns.insert(field, col);
        unknown_columns.retain(|(c, _)| *c != col);
    }
    let ambiguous = ambiguous.into_iter().filter(|(c, f)| !forced.contains_key(f) && !forced.values().any(|x| x == c));
    for (col, field) in ambiguous {
        findings.push(
            Finding::at(Code::AmbiguousColumn, Severity::Warning, &source(header.name_row, col))
                .value(sheet.get_merged(header.name_row, col).display())
                .param("field", field.name())
                .param("used", crate::finding::column_name(columns.get(&field).copied().unwrap_or(0))),
        );
    }
    let required: &[Field] = if header.is_grid() || !counts.is_empty() { &[Field::Name] } else { kind.required() };
    for field in required {
        if !columns.contains_key(field) {
            findings.push(
                Finding::at(Code::MissingColumn, Severity::Error, &source(first_row, 0))
                    .param("field", field.name())
                    .param("kind", kind.as_str()),
            );
        }
    }
    let mut data_cols: Vec<u32> = columns.values().copied().collect();
    data_cols.extend(header.sessions.iter().map(|s| s.col));
    data_cols.extend(counts.iter().map(|c| c.col));
    let (rows, skipped) = rows::data_rows(sheet, &header, columns.get(&Field::Name).copied(), &data_cols);
    let (filled, filled_fields) =
        if header.is_grid() { Default::default() } else { rows::fill_down(sheet, kind, &columns, &rows) };
    let mut headers: Vec<(u32, String)> = header.columns.iter().map(|c| (c.col, c.text.clone())).collect();
    headers.extend(header.totals.iter().map(|(c, _)| (*c, header::column_text(sheet, &header.rows, *c))));
    headers.extend(header.sessions.iter().map(|s| (s.col, header::column_text(sheet, &header.rows, s.col))));
    headers.sort();
    let table = Table {
        kind,
        headers,
        layout: match (header.is_grid(), counts.is_empty()) {
            (true, _) => Layout::Grid,
            (false, false) => Layout::Tally,
            (false, true) => Layout::Long,
        },
        header_rows: header.rows.clone(),
        columns,
        unknown_columns,
        rows,
        skipped,
        sessions: header.sessions,
        totals: header.totals,
        filled,
        filled_fields,
        counts,
    };
    Recognized { table: Some(table), findings }
}

/// The kind whose evidence fields and name hints score highest.
fn decide_kind(columns: &[HeaderColumn], names: &str) -> Kind {
    let found: Vec<Field> = columns.iter().flat_map(|c| c.candidates.iter().copied()).collect();
    let has_date = found.contains(&Field::Date);
    let mut best = (0i32, Kind::Unknown);
    for kind in Kind::REGISTERS {
        let (evidence, hints) = kind.evidence();
        let mut score: i32 = evidence.iter().filter(|f| found.contains(f)).count() as i32 * 2;
        if hints.iter().any(|h| names.contains(h)) {
            score += 3;
        }
        // Dated registers need a date; a roster has none.
        match kind {
            Kind::Roster if has_date => score -= 4,
            Kind::Attendance | Kind::Observations | Kind::Reflections if !has_date => score -= 3,
            _ => {}
        }
        if score > best.0 {
            best = (score, kind);
        }
    }
    best.1
}

type Assigned = (BTreeMap<Field, u32>, Vec<(u32, String)>, Vec<(u32, Field)>);

/// Gives each header column one field, using the first candidate the kind uses and that is
/// still free. A second column for a taken field is ambiguous (the first is used).
fn assign(header: &[HeaderColumn], kind: Kind) -> Assigned {
    let (evidence, _) = kind.evidence();
    let fits = |f: &Field| {
        *f == Field::Name || *f == Field::Date || *f == Field::Seq || evidence.contains(f) || !is_kind_specific(*f)
    };
    let mut columns = BTreeMap::new();
    let mut unknown = Vec::new();
    let mut ambiguous = Vec::new();
    for HeaderColumn { col, text, candidates } in header {
        let pick = candidates
            .iter()
            .filter(|f| fits(f))
            .find(|f| !columns.contains_key(*f))
            .or_else(|| candidates.iter().find(|f| fits(f)));
        match pick {
            Some(Field::Seq) => {}
            Some(field) if columns.contains_key(field) => ambiguous.push((*col, *field)),
            Some(field) => {
                columns.insert(*field, *col);
            }
            None => unknown.push((*col, text.clone())),
        }
    }
    (columns, unknown, ambiguous)
}

/// Fields that only make sense in some kinds (so that 状态 is a mark in a sign-in sheet and a
/// status in a roster).
fn is_kind_specific(f: Field) -> bool {
    matches!(f, Field::Mark | Field::Status | Field::Kind | Field::Form | Field::Category | Field::Time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_under_a_title_and_table_end_are_found() {
        let s = Sheet::from_texts(&[
            &["城南实验学校校本研修签到表"],
            &["制表：教务处"],
            &["序号", "培训日期", "培训主题", "学时", "姓名", "签到情况"],
            &["1", "2025-09-10", "新课标", "6", "张伟", "√"],
            &["", "", "", "", "", ""],
            &["2", "2025-09-10", "新课标", "6", "王芳", "迟到"],
            &["序号", "培训日期", "培训主题", "学时", "姓名", "签到情况"],
            &["合计", "", "", "12", "", ""],
            &["制表人：李老师"],
            &["3", "2025-09-10", "x", "6", "不是数据", "√"],
        ]);
        let r = recognize(&s, (0, 0), "签到表.xlsx", &Aliases::default(), None);
        let t = r.table.unwrap();
        assert_eq!(t.kind, Kind::Attendance);
        assert_eq!(t.header_rows, vec![2]);
        assert_eq!(t.col(Field::Date), Some(1));
        assert_eq!(t.col(Field::Mark), Some(5));
        assert_eq!(t.rows, vec![3, 5]);
        assert_eq!(t.skipped, vec![(6, "header"), (7, "totals")]);
    }

    #[test]
    fn kinds_are_told_apart_by_their_fields() {
        let kind = |h: &[&str]| {
            recognize(&Sheet::from_texts(&[h]), (0, 0), "", &Aliases::default(), None).table.map(|t| t.kind)
        };
        assert_eq!(kind(&["姓名", "性别", "教研组", "职务"]), Some(Kind::Roster));
        assert_eq!(kind(&["听课人", "听课日期", "节次", "授课教师", "班级"]), Some(Kind::Observations));
        assert_eq!(kind(&["姓名", "提交日期", "类型", "题目", "字数"]), Some(Kind::Reflections));
        assert_eq!(kind(&["姓名", "项目名称", "级别", "学时", "学分"]), Some(Kind::Hours));
        assert_eq!(kind(&["说明"]), None);
    }

    #[test]
    fn status_means_the_mark_in_a_sign_in_sheet_and_staff_status_in_a_roster() {
        let t =
            recognize(&Sheet::from_texts(&[&["姓名", "日期", "主题", "状态"]]), (0, 0), "", &Aliases::default(), None)
                .table
                .unwrap();
        assert_eq!((t.kind, t.col(Field::Mark)), (Kind::Attendance, Some(3)));
        let t =
            recognize(&Sheet::from_texts(&[&["姓名", "性别", "职务", "状态"]]), (0, 0), "", &Aliases::default(), None)
                .table
                .unwrap();
        assert_eq!((t.kind, t.col(Field::Status)), (Kind::Roster, Some(3)));
    }

    #[test]
    fn unknown_columns_are_kept() {
        let t = recognize(
            &Sheet::from_texts(&[&["姓名", "日期", "主题", "联系电话"]]),
            (0, 0),
            "",
            &Aliases::default(),
            None,
        )
        .table
        .unwrap();
        assert_eq!(t.unknown_columns, vec![(3, "联系电话".to_string())]);
    }
}
