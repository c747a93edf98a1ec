//! Record checks: which school year, which teacher each record belongs to, which records count.
//!
//! Findings: `invalid-date` (a year-less date that does not exist in that year),
//! `date-outside-year`, `unknown-teacher` (with a "did you mean"), `ambiguous-teacher`,
//! `duplicate-teacher`, `duplicate-record`, `conflicting-record`, `not-counted`.

use super::people::Person;
use crate::finding::{cell_name, Code, Finding, Severity, Source};
use crate::parse::name::Suggester;
use crate::parse::records::{Parsed, Record};
use crate::recognize::Kind;
use crate::rules::calendar::SchoolYear;
use crate::rules::Rules;
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};

/// What became of each record: whose it is and whether it counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Attribution {
    pub person: Option<usize>,
    /// Counts towards the measures (usable, attributed, in the school year, not a repeat).
    pub counts: bool,
    /// A session of a form that earns no training hours.
    pub not_counted: bool,
}

/// The school year: from the rules file, else the one most dated records fall in, else the one
/// containing `as_of`.
pub fn school_year(parsed: &Parsed, rules: &Rules, as_of: NaiveDate) -> SchoolYear {
    if let Some(cfg) = &rules.school_year {
        return SchoolYear::from_config(cfg);
    }
    // Dated records, and tallies whose headers give a year (2025年9月, 2025-2026学年).
    let dates = parsed
        .records
        .iter()
        .filter(|r| r.usable)
        .filter_map(|r| r.date.and_then(|d| d.full()).or_else(|| r.tally.as_ref().and_then(|t| t.period.anchor())));
    SchoolYear::infer(dates).unwrap_or_else(|| {
        let start = if as_of.month() >= 9 { as_of.year() } else { as_of.year() - 1 };
        SchoolYear::conventional(start)
    })
}

/// Resolves dates, attributes records to people and decides which count.
pub fn check_records(
    parsed: &mut Parsed,
    rules: &Rules,
    year: &SchoolYear,
    people: &[Person],
    findings: &mut Vec<Finding>,
) -> Vec<Attribution> {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_default().push(i);
    }
    let mut suggester = Suggester::new(people.iter().map(|p| p.name.as_str()));
    // Keyed by whole records' text, over every row of a district: hashed fast (not SipHash).
    let capacity = parsed.records.len();
    let mut first_content: FxHashMap<(Kind, &str), &Record> =
        FxHashMap::with_capacity_and_hasher(capacity, Default::default());
    let mut first_identity: FxHashMap<(Kind, &str), &Record> =
        FxHashMap::with_capacity_and_hasher(capacity, Default::default());
    let mut not_counted_sessions = BTreeMap::new();
    let mut out = Vec::with_capacity(parsed.records.len());

    for record in parsed.records.iter_mut() {
        resolve_date(record, rules, year, findings);
    }
    for record in &parsed.records {
        let mut a = Attribution::default();
        if !record.usable || record.name.is_empty() {
            out.push(a);
            continue;
        }
        match by_name.get(record.name.as_str()).map(Vec::as_slice) {
            Some([one]) => a.person = Some(*one),
            Some(_) => {
                findings.push(Finding::at(Code::AmbiguousTeacher, Severity::Warning, &record.at).teacher(&record.name))
            }
            None => {
                let mut f = Finding::at(Code::UnknownTeacher, Severity::Error, &record.at).value(&record.name);
                if let Some(s) = suggester.suggest(&record.name) {
                    f = f.param("suggestion", s);
                }
                findings.push(f);
            }
        }
        let in_year = match (record.resolved_date, record.date) {
            (Some(d), _) => year.contains(d) || in_cycle(rules, d),
            // A tally's count, when the span it covers lies in the school year.
            (None, None) if record.tally.is_some() => {
                record.span.is_some_and(|(s, e)| year.contains(s) && year.contains(e))
            }
            (None, None) => record.kind == Kind::Hours, // an undated ledger entry counts for the year
            (None, Some(_)) => false,
        };
        a.counts = a.person.is_some() && in_year;

        if a.counts {
            if let Some(first) = first_content.get(&(record.kind, record.content.as_str())) {
                findings.push(related(
                    Finding::at(Code::DuplicateRecord, Severity::Warning, &record.at),
                    record,
                    first,
                ));
                a.counts = false;
            } else if let Some(first) =
                first_identity.get(&(record.kind, record.identity.as_str())).filter(|_| has_identity(record))
            {
                findings.push(related(
                    Finding::at(Code::ConflictingRecord, Severity::Warning, &record.at),
                    record,
                    first,
                ));
                a.counts = false;
            } else {
                first_content.insert((record.kind, record.content.as_str()), record);
                first_identity.insert((record.kind, record.identity.as_str()), record);
            }
        }

        if record.kind == Kind::Attendance {
            let what = record.form.as_deref().or(record.topic.as_deref()).unwrap_or("");
            if rules.is_not_counted(what) {
                a.not_counted = true;
                // One finding per session, on the cell that names its form.
                let cell = record.form_cell.unwrap_or((record.at.row, record.at.col));
                let key = (record.at.file, record.at.sheet, record.resolved_date, what.to_string());
                let entry = not_counted_sessions.entry(key).or_insert((cell, 0usize, what.to_string()));
                entry.1 += 1;
            }
        }
        out.push(a);
    }
    for ((file, sheet, _, _), ((row, col), count, what)) in not_counted_sessions {
        let at = Source { file, sheet, row, col };
        findings.push(Finding::at(Code::NotCounted, Severity::Info, &at).value(what).param("records", count));
    }
    out
}

/// Gives year-less dates their year and reports dates outside the school year.
fn resolve_date(record: &mut Record, rules: &Rules, year: &SchoolYear, findings: &mut Vec<Finding>) {
    let Some(date) = record.date else { return };
    let Some((row, col)) = record.date_cell else {
        return;
    };
    let at = Source { row, col, ..record.at.clone() };
    match date.resolve(year.start.year()) {
        Some(d) => {
            record.resolved_date = Some(d);
            // A ledger of earlier years is expected when the rules judge a multi-year cycle.
            if !year.contains(d) && !in_cycle(rules, d) {
                findings.push(
                    Finding::at(Code::DateOutsideYear, Severity::Warning, &at)
                        .teacher(&record.name)
                        .value(d.to_string())
                        .param("year", &year.name),
                );
            }
        }
        None => {
            findings.push(
                Finding::at(Code::InvalidDate, Severity::Error, &at)
                    .teacher(&record.name)
                    .param("reason", "not-a-date"),
            );
            record.usable = false;
        }
    }
}

/// Whether a date falls in the rules' multi-year cycle, if there is one.
fn in_cycle(rules: &Rules, d: NaiveDate) -> bool {
    rules.cycle.as_ref().is_some_and(|c| c.start <= d && d <= c.last_day())
}

/// Whether the record's identity says more than teacher and date (else two sessions on one
/// day would look like one).
fn has_identity(record: &Record) -> bool {
    record.identity.split('\u{1f}').skip(2).any(|s| !s.is_empty())
}

/// Names the earlier record a repeat or conflict is about: its cell, and its sheet and file when
/// they differ (`other_file` / `other_sheet` are indices the report turns into names).
fn related(f: Finding, record: &Record, other: &Record) -> Finding {
    let mut f = f.teacher(&record.name).param("other", cell_name(other.at.row, other.at.col));
    if (other.at.file, other.at.sheet) != (record.at.file, record.at.sheet) {
        f = f.param("other_file", other.at.file).param("other_sheet", other.at.sheet);
    }
    f
}
