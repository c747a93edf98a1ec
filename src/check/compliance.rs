//! Compliance: every teacher × rule × period, measured from the records that count, judged
//! against the teacher's bounds (`pass` / `fail` / `in-progress` / `exempt`).
//!
//! A period not yet over is judged against the pace so far: a minimum already met passes; one
//! not met is `in-progress`, with a `behind-pace` warning when the teacher is behind the share
//! of the minimum that the elapsed part of the period calls for.

use super::records::Attribution;
use super::Person;
use crate::finding::{Code, Finding, Severity};
use crate::parse::mark::Mark;
use crate::parse::records::{label_matches, Parsed, Record};
use crate::recognize::Kind;
use crate::rules::calendar::SchoolYear;
use crate::rules::{Measure, PeriodKind, Rule, Rules};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Exempt,
    Pass,
    InProgress,
    Fail,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Exempt => "exempt",
            Status::Pass => "pass",
            Status::InProgress => "in-progress",
            Status::Fail => "fail",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleResult {
    pub rule: String,
    pub period: String,
    pub measure: Measure,
    pub actual: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub status: Status,
    /// For a period still running: the share of the minimum due by `as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_by_now: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeacherResult {
    pub name: String,
    pub department: Option<String>,
    pub roles: Vec<String>,
    pub status: Status,
    pub results: Vec<RuleResult>,
}

/// A period a rule is judged over.
struct Period<'a> {
    id: &'a str,
    start: NaiveDate,
    end: NaiveDate,
}

/// The register kinds a measure reads.
pub(crate) fn sources(measure: Measure) -> &'static [Kind] {
    match measure {
        Measure::Hours => &[Kind::Attendance, Kind::Hours],
        Measure::Sessions | Measure::Absences | Measure::Lates => &[Kind::Attendance],
        Measure::Observations => &[Kind::Observations],
        Measure::Reflections | Measure::Words => &[Kind::Reflections],
    }
}

/// What one record adds to a rule's measure.
pub(crate) fn contribution(rule: &Rule, record: &Record, a: &Attribution) -> f64 {
    if !sources(rule.measure).contains(&record.kind) {
        return 0.0;
    }
    let form_ok = rule.forms.is_empty()
        || record
            .form
            .as_deref()
            .or(record.topic.as_deref())
            .is_some_and(|f| rule.forms.iter().any(|w| f.contains(w.as_str())));
    let kind_ok = rule.kinds.is_empty()
        || record.label.as_deref().is_some_and(|l| rule.kinds.iter().any(|k| label_matches(l, k)));
    if !form_ok || !kind_ok {
        return 0.0;
    }
    if record.tally.is_some() {
        return count_contribution(rule, record);
    }
    let attended = record.mark.is_none_or(Mark::attended);
    let count = |yes: bool| if yes { 1.0 } else { 0.0 };
    match rule.measure {
        Measure::Hours if a.not_counted => 0.0,
        Measure::Hours => {
            if attended {
                record.hours.unwrap_or(0.0)
            } else {
                0.0
            }
        }
        Measure::Sessions => count(attended && !a.not_counted),
        Measure::Absences => count(record.mark == Some(Mark::Absent)),
        Measure::Lates => count(record.mark == Some(Mark::Late)),
        Measure::Observations => record.lessons.unwrap_or(1.0),
        Measure::Reflections => 1.0,
        Measure::Words => record.words.unwrap_or(0.0),
    }
}

/// What a tally count adds to a rule's measure: the count, when it counts what the rule
/// measures (the register kind and the kinds of writing are checked by `contribution`).
fn count_contribution(rule: &Rule, record: &Record) -> f64 {
    match &record.tally {
        Some(t) if t.measure.measure() == Some(rule.measure) => record.count.unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Whether a record belongs to the period from `start` to `end`, judged on `as_of`: a dated
/// record when its date lies in the period and not after `as_of`; a tally count when the whole
/// span it covers lies in the period (a count cannot be split into a shorter period) and has
/// begun by `as_of`; an undated ledger entry only in a period of a whole school year.
fn in_period(record: &Record, start: NaiveDate, end: NaiveDate, as_of: NaiveDate, whole_year: bool) -> bool {
    match (record.resolved_date, record.span) {
        (Some(d), _) => start <= d && d <= end && d <= as_of,
        (None, Some((s, e))) => start <= s && e <= end && s <= as_of,
        (None, None) => whole_year && record.tally.is_none(),
    }
}

/// `no-records` for a rule's period that tallies cannot feed: the only counts of its measure
/// cover longer periods (a term's rule and a count for the year: a count cannot be split), or
/// its registers are tallies that do not count its measure at all (a tally of words and a rule
/// on pieces, a tally of hours and a rule on hours of some forms). The period is not judged.
fn tally_gap(
    rule: &Rule,
    period: &Period,
    parsed: &Parsed,
    attribution: &[Attribution],
    as_of: NaiveDate,
) -> Option<Finding> {
    let read = |r: &&Record| sources(rule.measure).contains(&r.kind);
    // A count says nothing of the forms of sessions a rule may be limited to.
    let feeds = |r: &Record| {
        r.tally.as_ref().is_none_or(|t| t.measure.measure() == Some(rule.measure) && rule.forms.is_empty())
    };
    let whole_year = rule.period == PeriodKind::Year;
    let mut reason = None;
    if !parsed.records.iter().filter(read).any(feeds) && parsed.records.iter().any(|r| read(&r)) {
        reason = Some(("tally-measure", ""));
    }
    for (r, _) in parsed.records.iter().zip(attribution).filter(|(r, a)| a.counts && read(r) && feeds(r)) {
        if in_period(r, period.start, period.end, as_of, whole_year) {
            return None;
        }
        match (&r.tally, r.span) {
            (Some(t), Some((s, e))) if s <= period.end && period.start <= e => {
                reason = Some(("tally-period", t.period.unit()))
            }
            _ => {}
        }
    }
    let (reason, unit) = reason?;
    let mut f =
        Finding::new(Code::NoRecords, Severity::Info).param("measure", rule.measure.as_str()).param("reason", reason);
    if !unit.is_empty() {
        f = f.param("tally_period", unit);
    }
    f.rule = Some(rule.id.clone());
    f.period = Some(period.id.to_string());
    Some(f)
}

#[allow(clippy::too_many_arguments)]
pub fn evaluate(
    people: &[Person],
    parsed: &Parsed,
    attribution: &[Attribution],
    rules: &Rules,
    year: &SchoolYear,
    as_of: NaiveDate,
    kinds_present: &[Kind],
    findings: &mut Vec<Finding>,
) -> Vec<TeacherResult> {
    let mut results: Vec<Vec<RuleResult>> = vec![Vec::new(); people.len()];
    for rule in &rules.rules {
        if !sources(rule.measure).iter().any(|k| kinds_present.contains(k)) {
            let mut f = Finding::new(Code::NoRecords, Severity::Info).param("measure", rule.measure.as_str());
            f.rule = Some(rule.id.clone());
            findings.push(f);
            continue;
        }
        let periods: Vec<Period> = match rule.period {
            PeriodKind::Year => vec![Period { id: &year.name, start: year.start, end: year.end }],
            PeriodKind::Term => year.terms.iter().map(|t| Period { id: &t.id, start: t.start, end: t.end }).collect(),
        };
        for period in periods.iter().filter(|p| p.start <= as_of) {
            if let Some(f) = tally_gap(rule, period, parsed, attribution, as_of) {
                findings.push(f);
                continue;
            }
            let mut actual = vec![0.0; people.len()];
            for (record, a) in parsed.records.iter().zip(attribution) {
                let (Some(person), true) = (a.person, a.counts) else {
                    continue;
                };
                // Records dated after `as_of` (sessions entered ahead of time) do not count yet.
                if in_period(record, period.start, period.end, as_of, rule.period == PeriodKind::Year) {
                    actual[person] += contribution(rule, record, a);
                }
            }
            for (i, person) in people.iter().enumerate() {
                let result = judge(rule, person, period, round(actual[i]), as_of);
                if let Some(f) = finding_for(rule, person, &result) {
                    findings.push(f);
                }
                results[i].push(result);
            }
        }
    }
    people
        .iter()
        .zip(results)
        .map(|(p, results)| TeacherResult {
            name: p.name.clone(),
            department: p.department.clone(),
            roles: p.roles.clone(),
            status: results.iter().map(|r| r.status).max().unwrap_or(Status::Pass),
            results,
        })
        .collect()
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn judge(rule: &Rule, person: &Person, period: &Period, actual: f64, as_of: NaiveDate) -> RuleResult {
    let (min, max) = rule.bounds_for(&person.roles);
    let over = as_of >= period.end;
    let mut expected_by_now = None;
    let status = if person.exempt {
        Status::Exempt
    } else if max.is_some_and(|m| actual > m) {
        Status::Fail
    } else if let Some(min) = min.filter(|m| actual < *m) {
        if over {
            Status::Fail
        } else {
            let total = (period.end - period.start).num_days().max(1) as f64;
            let elapsed = (as_of - period.start).num_days().max(0) as f64;
            expected_by_now = Some(round(min * elapsed / total));
            Status::InProgress
        }
    } else if over || max.is_none() {
        Status::Pass
    } else {
        Status::InProgress
    };
    RuleResult {
        rule: rule.id.clone(),
        period: period.id.to_string(),
        measure: rule.measure,
        actual,
        min,
        max,
        status,
        expected_by_now,
    }
}

/// The finding a result gives, if any: on the teacher's roster row.
fn finding_for(rule: &Rule, person: &Person, r: &RuleResult) -> Option<Finding> {
    let (code, severity) = match r.status {
        Status::Fail if r.max.is_some_and(|m| r.actual > m) => (Code::AboveMaximum, rule.severity),
        Status::Fail => (Code::BelowMinimum, rule.severity),
        Status::InProgress if r.expected_by_now.is_some_and(|e| r.actual < e) => (Code::BehindPace, Severity::Warning),
        _ => return None,
    };
    let mut f = match &person.at {
        Some(at) => Finding::at(code, severity, at),
        None => Finding::new(code, severity),
    };
    f.teacher = Some(person.name.clone());
    f.rule = Some(r.rule.clone());
    f.period = Some(r.period.clone());
    f = f.param("measure", r.measure.as_str()).param("actual", crate::read::format_number(r.actual));
    if let Some(min) = r.min {
        f = f.param("min", crate::read::format_number(min));
    }
    if let Some(max) = r.max {
        f = f.param("max", crate::read::format_number(max));
    }
    if let Some(e) = r.expected_by_now {
        f = f.param("expected", crate::read::format_number(e));
    }
    Some(f)
}
