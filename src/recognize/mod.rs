//! Recognize: where a sheet's register is and what it is, without any configuration.
//!
//! For each sheet: find the header row among the first rows (title rows, blank rows and merged
//! titles above it are skipped), map its columns to canonical [`Field`]s, decide the register's
//! [`Kind`] from the fields found (with sheet and file names as hints), and find the data rows
//! (blank rows, repeated headers and totals rows skipped, stopping at the footer). This stage
//! never parses values; it only says where they are.

pub mod fields;

use crate::finding::{Code, Finding, Severity, Source};
use crate::read::Sheet;
use fields::{Aliases, Field};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many rows from the top the header may be found in.
pub const HEADER_SEARCH_ROWS: u32 = 30;

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
    Long,
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
    /// 0-based rows holding records, in order.
    pub rows: Vec<u32>,
    /// 0-based rows skipped inside the table, with why (`totals`, `header`).
    pub skipped: Vec<(u32, &'static str)>,
}

impl Table {
    pub fn col(&self, field: Field) -> Option<u32> {
        self.columns.get(&field).copied()
    }
}

/// What recognition made of one sheet.
#[derive(Debug, Clone)]
pub struct Recognized {
    pub table: Option<Table>,
    pub findings: Vec<Finding>,
}

/// Recognizes the register on a sheet. `hint` is the file name, used like the sheet name.
pub fn recognize(sheet: &Sheet, at: (usize, usize), hint: &str, aliases: &Aliases) -> Recognized {
    let (file, sheet_index) = at;
    let source = |row: u32, col: u32| Source { file, sheet: sheet_index, row, col };
    let mut findings = Vec::new();
    let Some((header_row, mapped)) = find_header(sheet, aliases) else {
        // An empty sheet (Excel's default Sheet2, Sheet3) has nothing to report.
        let empty = sheet.rows.iter().all(|r| r.iter().all(|v| v.is_empty()));
        let f = Finding::about(Code::NoRegisterFound, Severity::Info, file, Some(sheet_index));
        return Recognized { table: None, findings: if empty { Vec::new() } else { vec![f] } };
    };
    let names = format!("{} {}", sheet.name, hint).to_lowercase();
    let kind = decide_kind(&mapped, &names);
    if kind == Kind::Unknown {
        // A header, but not one of a register regcheck knows.
        findings.push(Finding::about(Code::NoRegisterFound, Severity::Info, file, Some(sheet_index)));
    }
    let (columns, unknown_columns, ambiguous) = assign(sheet, header_row, &mapped, kind);
    for (col, field) in ambiguous {
        findings.push(
            Finding::at(Code::AmbiguousColumn, Severity::Warning, &source(header_row, col))
                .value(sheet.get(header_row, col).display())
                .param("field", field.name())
                .param("used", crate::finding::column_name(columns.get(&field).copied().unwrap_or(0))),
        );
    }
    for field in kind.required() {
        if !columns.contains_key(field) {
            findings.push(
                Finding::at(Code::MissingColumn, Severity::Error, &source(header_row, 0))
                    .param("field", field.name())
                    .param("kind", kind.as_str()),
            );
        }
    }
    let (rows, skipped) = data_rows(sheet, header_row, &columns);
    let table =
        Table { kind, layout: Layout::Long, header_rows: vec![header_row], columns, unknown_columns, rows, skipped };
    Recognized { table: Some(table), findings }
}

/// The header row: the row among the first [`HEADER_SEARCH_ROWS`] that names the most distinct
/// fields, one of them the name. Returns it with each column's candidate fields.
/// Each non-empty header cell's column with the fields its text may name.
type HeaderColumns = Vec<(u32, Vec<Field>)>;

fn find_header(sheet: &Sheet, aliases: &Aliases) -> Option<(u32, HeaderColumns)> {
    let mut best: Option<(usize, u32, HeaderColumns)> = None;
    for row in 0..sheet.height().min(HEADER_SEARCH_ROWS) {
        let mapped = header_candidates(sheet, row, aliases);
        let mut distinct: Vec<Field> =
            mapped.iter().filter_map(|(_, c)| c.first().copied()).filter(|f| *f != Field::Seq).collect();
        distinct.sort();
        distinct.dedup();
        let has_name = mapped.iter().any(|(_, c)| c.contains(&Field::Name));
        let score = distinct.len();
        if has_name && score >= 2 && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, row, mapped));
        }
    }
    best.map(|(_, row, mapped)| (row, mapped))
}

/// The candidate fields of each non-empty header cell of a row (a merged header spreads over
/// its columns).
fn header_candidates(sheet: &Sheet, row: u32, aliases: &Aliases) -> HeaderColumns {
    (0..sheet.width())
        .filter_map(|col| {
            let text = sheet.get_merged(row, col).display();
            let candidates = aliases.candidates(&text);
            (!text.trim().is_empty()).then_some((col, candidates))
        })
        .collect()
}

/// The kind whose evidence fields and name hints score highest.
fn decide_kind(mapped: &[(u32, Vec<Field>)], names: &str) -> Kind {
    let found: Vec<Field> = mapped.iter().flat_map(|(_, c)| c.iter().copied()).collect();
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
fn assign(sheet: &Sheet, header_row: u32, mapped: &[(u32, Vec<Field>)], kind: Kind) -> Assigned {
    let (evidence, _) = kind.evidence();
    let fits = |f: &Field| {
        *f == Field::Name || *f == Field::Date || *f == Field::Seq || evidence.contains(f) || !is_kind_specific(*f)
    };
    let mut columns = BTreeMap::new();
    let mut unknown = Vec::new();
    let mut ambiguous = Vec::new();
    for (col, candidates) in mapped {
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
            None => unknown.push((*col, sheet.get_merged(header_row, *col).display())),
        }
    }
    (columns, unknown, ambiguous)
}

/// Fields that only make sense in some kinds (so that 状态 is a mark in a sign-in sheet and a
/// status in a roster).
fn is_kind_specific(f: Field) -> bool {
    matches!(f, Field::Mark | Field::Status | Field::Kind | Field::Form | Field::Category | Field::Time)
}

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

/// The data rows below the header: blank rows, repeated headers and totals rows are skipped;
/// a footer line (制表人, 审核人, 备注：…) ends the table.
fn data_rows(sheet: &Sheet, header_row: u32, columns: &BTreeMap<Field, u32>) -> (Vec<u32>, Vec<(u32, &'static str)>) {
    let header: Vec<String> =
        (0..sheet.width()).map(|c| fields::normalize_header(&sheet.get(header_row, c).display())).collect();
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    let name_col = columns.get(&Field::Name).copied();
    let normalized = |row: u32, col: u32| fields::normalize_header(&sheet.get(row, col).display());
    for row in header_row + 1..sheet.height() {
        let Some(first) = sheet.rows[row as usize].iter().find(|v| !v.is_empty()) else { continue };
        let first = fields::normalize_header(&first.display());
        if FOOTER_WORDS.iter().any(|w| first.starts_with(w)) {
            break;
        }
        if TOTAL_WORDS.iter().any(|w| first.starts_with(w)) {
            skipped.push((row, "totals"));
            continue;
        }
        // A header repeated for printing repeats the name column's header, then others.
        let repeats_header = name_col.is_some_and(|c| normalized(row, c) == header[c as usize])
            && (0..sheet.width())
                .filter(|c| !header[*c as usize].is_empty() && normalized(row, *c) == header[*c as usize])
                .count()
                >= 2;
        if repeats_header {
            skipped.push((row, "header"));
            continue;
        }
        // A row with nothing in the register's own columns (only a 序号) is blank.
        let has_data = columns.values().any(|c| !sheet.get(row, *c).is_empty());
        if has_data {
            rows.push(row);
        }
    }
    (rows, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Value;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|s| if s.is_empty() { Value::Empty } else { Value::Text(s.to_string()) }).collect())
            .collect();
        Sheet::new("Sheet1", rows)
    }

    #[test]
    fn header_under_a_title_and_table_end_are_found() {
        let s = sheet(&[
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
        let r = recognize(&s, (0, 0), "签到表.xlsx", &Aliases::default());
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
        let kind = |h: &[&str]| recognize(&sheet(&[h]), (0, 0), "", &Aliases::default()).table.map(|t| t.kind);
        assert_eq!(kind(&["姓名", "性别", "教研组", "职务"]), Some(Kind::Roster));
        assert_eq!(kind(&["听课人", "听课日期", "节次", "授课教师", "班级"]), Some(Kind::Observations));
        assert_eq!(kind(&["姓名", "提交日期", "类型", "题目", "字数"]), Some(Kind::Reflections));
        assert_eq!(kind(&["姓名", "项目名称", "级别", "学时", "学分"]), Some(Kind::Hours));
        assert_eq!(kind(&["说明"]), None);
    }

    #[test]
    fn status_means_the_mark_in_a_sign_in_sheet_and_staff_status_in_a_roster() {
        let t = recognize(&sheet(&[&["姓名", "日期", "主题", "状态"]]), (0, 0), "", &Aliases::default()).table.unwrap();
        assert_eq!((t.kind, t.col(Field::Mark)), (Kind::Attendance, Some(3)));
        let t = recognize(&sheet(&[&["姓名", "性别", "职务", "状态"]]), (0, 0), "", &Aliases::default()).table.unwrap();
        assert_eq!((t.kind, t.col(Field::Status)), (Kind::Roster, Some(3)));
    }

    #[test]
    fn unknown_columns_are_kept() {
        let t =
            recognize(&sheet(&[&["姓名", "日期", "主题", "联系电话"]]), (0, 0), "", &Aliases::default()).table.unwrap();
        assert_eq!(t.unknown_columns, vec![(3, "联系电话".to_string())]);
    }
}
