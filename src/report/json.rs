//! `report.json`: the contract other programs read (see design.md). Names and meanings here are
//! stable; fields may be added, never renamed or dropped.

use super::messages::{self, Lang};
use crate::check::{RuleResult, Status};
use crate::finding::{cell_name, Finding};
use crate::rules::calendar::SchoolYear;
use crate::Run;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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
    /// Results of the school rules (`scope = "school"`), per rule and period.
    school_results: &'a [RuleResult],
    /// The multi-year cycle, when the rules judge one.
    #[serde(skip_serializing_if = "Option::is_none")]
    cycle: Option<Cycle>,
}

#[derive(Serialize)]
struct Cycle {
    name: String,
    start: String,
    end: String,
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
    /// A tally's count columns: column letter → what it counts and the period it covers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    counts: BTreeMap<String, CountJson>,
    records: usize,
}

/// One count column of a tally, as report.json and `inspect --json` show it.
#[derive(Serialize, Clone)]
pub(crate) struct CountJson {
    /// The measure it feeds, as the rules file names measures (`observations`, `reflections`,
    /// `words`, `hours`, `credits`).
    pub measure: &'static str,
    /// The register it stands for (`observations`, `reflections`, `hours`).
    pub kind: &'static str,
    /// For pieces and words of writing: the kind of writing (教学反思, 读书笔记 …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `month`, `term` or `year`.
    pub period: &'static str,
    /// The period's id: `2025-09`, a term's id, the school year's name.
    pub covers: String,
    pub start: Option<String>,
    pub end: Option<String>,
    /// A totals column (合计): checked against its row, never counted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub total: bool,
}

/// A tally's count columns, their periods resolved with the school year's calendar.
pub(crate) fn counts(table: Option<&crate::recognize::Table>, year: &SchoolYear) -> BTreeMap<String, CountJson> {
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    table
        .iter()
        .flat_map(|t| &t.counts)
        .map(|c| {
            let span = c.period.span(year);
            let json = CountJson {
                measure: c.measure.as_str(),
                kind: c.measure.kind().as_str(),
                label: c.label.clone(),
                period: c.period.unit(),
                covers: c.period.id(year),
                start: span.map(|(s, _)| date(s)),
                end: span.map(|(_, e)| date(e)),
                total: c.total,
            };
            (crate::finding::column_name(c.col), json)
        })
        .collect()
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
    let missing = missing(run, run.lang);
    let teachers = run
        .teachers
        .iter()
        .map(|t| Teacher {
            name: &t.name,
            department: t.department.as_deref(),
            roles: &t.roles,
            status: t.status,
            results: &t.results,
            missing: missing.get(t.name.as_str()).cloned().unwrap_or_default(),
        })
        .collect();
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
                        counts: counts(s.table.as_ref(), &run.school_year),
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
            pass: run.teachers_with(Status::Pass),
            fail: run.teachers_with(Status::Fail),
            in_progress: run.teachers_with(Status::InProgress),
            exempt: run.teachers_with(Status::Exempt),
        },
        findings,
        teachers,
        school_results: &run.school_results,
        cycle: run.rules.cycle.as_ref().map(|c| Cycle { name: c.id(), start: date(c.start), end: date(c.last_day()) }),
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

/// Each teacher's compliance findings, as messages: what they are missing (one pass over the
/// findings, not one per teacher).
pub fn missing(run: &Run, lang: Lang) -> HashMap<&str, Vec<String>> {
    let mut by_teacher: HashMap<&str, Vec<String>> = HashMap::new();
    for f in run.findings.iter().filter(|f| f.rule.is_some()) {
        if let Some(teacher) = f.teacher.as_deref() {
            by_teacher.entry(teacher).or_default().push(messages::render(f, lang, run));
        }
    }
    by_teacher
}
