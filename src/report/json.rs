//! `report.json`: the contract other programs read (see design.md). Names and meanings here are
//! stable; fields may be added, never renamed or dropped.

use super::messages::{self, Lang};
use crate::check::{RuleResult, Status};
use crate::finding::{cell_name, Finding};
use crate::Run;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    generator: &'static str,
    as_of: String,
    lang: &'static str,
    school: &'a str,
    school_year: Year<'a>,
    terms: Vec<Term<'a>>,
    inputs: Vec<Input>,
    summary: Summary,
    findings: Vec<JsonFinding>,
    teachers: Vec<Teacher<'a>>,
}

#[derive(Serialize)]
struct Year<'a> {
    name: &'a str,
    start: String,
    end: String,
    /// Whether the year was inferred from the data (no `[school_year]` in the rules file).
    inferred: bool,
}

#[derive(Serialize)]
struct Term<'a> {
    id: &'a str,
    name: &'a str,
    start: String,
    end: String,
}

#[derive(Serialize)]
struct Input {
    file: String,
    status: &'static str,
    sheets: Vec<SheetJson>,
}

#[derive(Serialize)]
struct SheetJson {
    name: String,
    kind: &'static str,
    layout: Option<&'static str>,
    header_rows: Vec<u32>,
    data_rows: Option<[u32; 2]>,
    columns: BTreeMap<String, String>,
    /// Columns regcheck does not know: letter → header text. Kept, not dropped.
    unknown_columns: BTreeMap<String, String>,
    /// A grid's session columns: column letter → the session's date (`--09-03` when the header
    /// gives no year).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    sessions: BTreeMap<String, String>,
    /// A grid's totals columns: column letter → what it counts.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    totals: BTreeMap<String, &'static str>,
    /// Fields whose blank cells were read as the value above (files without merged cells).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    filled_down: Vec<&'static str>,
    records: usize,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    files_unreadable: usize,
    records: usize,
    teachers: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    pass: usize,
    fail: usize,
    in_progress: usize,
    exempt: usize,
}

#[derive(Serialize)]
struct JsonFinding {
    code: &'static str,
    severity: &'static str,
    file: Option<String>,
    sheet: Option<String>,
    cell: Option<String>,
    teacher: Option<String>,
    rule: Option<String>,
    period: Option<String>,
    value: Option<String>,
    message: String,
    /// The message in the other language.
    message_alt: String,
    params: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct Teacher<'a> {
    name: &'a str,
    department: Option<&'a str>,
    roles: &'a [String],
    status: Status,
    results: &'a [RuleResult],
    /// What the teacher is missing, in plain words (one line per failing or lagging result).
    missing: Vec<String>,
}

/// Renders the whole report as pretty JSON.
pub fn render_json(run: &Run) -> serde_json::Value {
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let year = &run.school_year;
    let findings: Vec<JsonFinding> = run.findings.iter().map(|f| finding(run, f)).collect();
    let teachers = run
        .teachers
        .iter()
        .map(|t| Teacher {
            name: &t.name,
            department: t.department.as_deref(),
            roles: &t.roles,
            status: t.status,
            results: &t.results,
            missing: missing(run, &t.name, run.lang),
        })
        .collect();
    let count_status = |s: Status| run.teachers.iter().filter(|t| t.status == s).count();
    let report = Report {
        version: 1,
        generator: crate::GENERATOR,
        as_of: date(run.as_of),
        lang: run.lang.pick("zh", "en"),
        school: &run.rules.school.name,
        school_year: Year { name: &year.name, start: date(year.start), end: date(year.end), inferred: year.inferred },
        terms: year
            .terms
            .iter()
            .map(|t| Term { id: &t.id, name: &t.name, start: date(t.start), end: date(t.end) })
            .collect(),
        inputs: run
            .files
            .iter()
            .map(|f| Input {
                file: f.display(),
                status: f.status.as_str(),
                sheets: f
                    .sheets
                    .iter()
                    .map(|s| SheetJson {
                        name: s.name.clone(),
                        kind: s.kind().as_str(),
                        layout: s.layout().map(|l| l.as_str()),
                        header_rows: s.header_rows(),
                        data_rows: s.data_rows().map(|(a, b)| [a, b]),
                        columns: s.columns(),
                        unknown_columns: s.unknown_columns(),
                        sessions: s.sessions(),
                        totals: s.totals(),
                        filled_down: s.filled_down(),
                        records: s.records,
                    })
                    .collect(),
            })
            .collect(),
        summary: Summary {
            files: run.files.len(),
            files_unreadable: run.files.iter().filter(|f| f.workbook.is_none()).count(),
            records: run.files.iter().flat_map(|f| &f.sheets).map(|s| s.records).sum(),
            teachers: run.teachers.len(),
            errors: run.count(crate::finding::Severity::Error),
            warnings: run.count(crate::finding::Severity::Warning),
            infos: run.count(crate::finding::Severity::Info),
            pass: count_status(Status::Pass),
            fail: count_status(Status::Fail),
            in_progress: count_status(Status::InProgress),
            exempt: count_status(Status::Exempt),
        },
        findings,
        teachers,
    };
    serde_json::to_value(&report).unwrap_or_default()
}

/// The report as the text written to `report.json`.
pub fn render(run: &Run) -> String {
    serde_json::to_string_pretty(&render_json(run)).unwrap_or_default() + "\n"
}

/// Where a finding is, as names: (file, sheet, cell).
pub fn location(run: &Run, f: &Finding) -> (Option<String>, Option<String>, Option<String>) {
    let file = f.file.and_then(|i| run.files.get(i));
    let sheet = file.zip(f.sheet).and_then(|(fl, s)| fl.sheets.get(s)).map(|s| s.name.clone());
    (file.map(|f| f.display()), sheet, f.cell.map(|(r, c)| cell_name(r, c)))
}

fn finding(run: &Run, f: &Finding) -> JsonFinding {
    let (file, sheet, cell) = location(run, f);
    JsonFinding {
        code: f.code.as_str(),
        severity: f.severity.as_str(),
        file,
        sheet,
        cell,
        teacher: f.teacher.clone(),
        rule: f.rule.clone(),
        period: f.period.clone(),
        value: f.value.as_deref().map(|v| personal(run, v)),
        message: messages::render(f, run.lang, run),
        message_alt: messages::render(f, run.lang.other(), run),
        params: f.params.iter().map(|(k, v)| (*k, personal(run, v))).collect(),
    }
}

/// A value from the registers as the report may show it: ID and phone numbers masked unless
/// the run shows personal data.
pub fn personal(run: &Run, text: &str) -> String {
    if run.show_personal_data {
        text.to_string()
    } else {
        super::privacy::mask(text)
    }
}

/// The compliance findings of one teacher, as messages: what they are missing.
pub fn missing(run: &Run, teacher: &str, lang: Lang) -> Vec<String> {
    run.findings
        .iter()
        .filter(|f| f.rule.is_some() && f.teacher.as_deref() == Some(teacher))
        .map(|f| messages::render(f, lang, run))
        .collect()
}
