//! Compliance: every teacher × rule × period (month, term, school year or multi-year cycle),
//! measured from what their records earned ([`super::amounts`]), judged against the bounds
//! of their roles, pro-rated for the part of the period they were at the school (`pass` /
//! `fail` / `in-progress` / `exempt`). School rules (`scope = "school"`) are judged once per
//! period for the school as a whole.
//!
//! A period not yet over is judged against the pace so far: a minimum already met passes; one
//! not met is `in-progress`, with a `behind-pace` warning when the teacher is behind the share
//! of the minimum that the elapsed part of the period calls for.

use super::amounts::{session_key, Amounts, Entry};
use super::people::Person;
use super::records::Attribution;
use crate::finding::{Code, Finding, Severity};
use crate::parse::records::{Parsed, Record};
use crate::recognize::Kind;
use crate::rules::calendar::SchoolYear;
use crate::rules::rule::Bounds;
use crate::rules::{Measure, PeriodKind, Rule, Rules, Scope};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeSet;

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
    /// When the minimum was scaled (joined or left during the period, a part-time role): the
    /// factor applied to the rule's minimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prorated: Option<f64>,
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
#[derive(Debug, Clone)]
pub struct Period {
    pub id: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// Whether something dated `date`, or covering `span` (a tally's count), belongs to the
    /// period judged on `as_of`: a date in the period and not in the future; a span wholly inside
    /// it (a count cannot be split into a shorter period) that has begun; an undated ledger
    /// entry in the school year (and the cycle).
    fn holds(
        &self,
        kind: PeriodKind,
        date: Option<NaiveDate>,
        span: Option<(NaiveDate, NaiveDate)>,
        as_of: NaiveDate,
    ) -> bool {
        match (date, span) {
            (Some(d), _) => self.start <= d && d <= self.end && d <= as_of,
            (None, Some((s, e))) => self.start <= s && e <= self.end && s <= as_of,
            (None, None) => matches!(kind, PeriodKind::Year | PeriodKind::Cycle),
        }
    }
}

/// The periods of a kind that have begun by `as_of`.
pub fn periods(
    kind: PeriodKind,
    rule: Option<&Rule>,
    year: &SchoolYear,
    rules: &Rules,
    as_of: NaiveDate,
) -> Vec<Period> {
    let all = match kind {
        PeriodKind::Day => Vec::new(),
        PeriodKind::Year => vec![Period { id: year.name.clone(), start: year.start, end: year.end }],
        PeriodKind::Term => {
            year.terms.iter().map(|t| Period { id: t.id.clone(), start: t.start, end: t.end }).collect()
        }
        PeriodKind::Cycle => {
            rules.cycle.iter().map(|c| Period { id: c.id(), start: c.start, end: c.last_day() }).collect()
        }
        PeriodKind::Month => {
            let months = rule.map(|r| r.months.as_slice()).unwrap_or_default();
            let mut out = Vec::new();
            let mut first = NaiveDate::from_ymd_opt(year.start.year(), year.start.month(), 1);
            while let Some(start) = first.filter(|d| *d <= year.end) {
                let next = start.checked_add_months(chrono::Months::new(1));
                let end = next.and_then(|n| n.pred_opt()).unwrap_or(year.end).min(year.end);
                let start = start.max(year.start);
                // By default, the months that fall (at least partly) in a term.
                let wanted = if months.is_empty() {
                    year.terms.iter().any(|t| t.start <= end && start <= t.end)
                } else {
                    months.contains(&start.month())
                };
                if wanted {
                    out.push(Period { id: format!("{}-{:02}", start.year(), start.month()), start, end });
                }
                first = next;
            }
            out
        }
    };
    all.into_iter().filter(|p| p.start <= as_of).collect()
}

/// The register kinds a measure reads.
pub(crate) fn sources(measure: Measure) -> &'static [Kind] {
    match measure {
        Measure::Hours => &[Kind::Attendance, Kind::Hours],
        Measure::Credits => &[Kind::Attendance, Kind::Hours, Kind::Observations, Kind::Reflections],
        Measure::Sessions | Measure::AttendanceRate | Measure::Absences | Measure::Lates | Measure::Leaves => {
            &[Kind::Attendance]
        }
        Measure::Observations => &[Kind::Observations],
        Measure::Reflections | Measure::Words => &[Kind::Reflections],
        Measure::Share => &[Kind::Roster],
    }
}

/// A measure's value from the amounts summed over a period.
fn value(measure: Measure, sum: &Amounts, rules: &Rules) -> f64 {
    match measure {
        // Deductions never take a period below nothing.
        Measure::Hours => sum.hours.max(0.0),
        Measure::Credits => sum.credits,
        Measure::Sessions => sum.sessions,
        Measure::AttendanceRate if sum.expected > 0.0 => 100.0 * sum.sessions / sum.expected,
        Measure::AttendanceRate => 100.0,
        Measure::Absences => {
            let from_lates = rules.attendance.lates_per_absence.map_or(0.0, |n| (sum.lates / f64::from(n)).floor());
            sum.absences + from_lates
        }
        Measure::Lates => sum.lates,
        Measure::Leaves => sum.leaves,
        Measure::Observations => sum.observations,
        Measure::Reflections => sum.reflections,
        Measure::Words => sum.words,
        Measure::Share => 0.0,
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
    if !parsed.records.iter().any(|r| r.tally.is_some()) {
        return None;
    }
    let mut reason = None;
    if !parsed.records.iter().filter(read).any(feeds) && parsed.records.iter().any(|r| read(&r)) {
        reason = Some(("tally-measure", ""));
    }
    for (r, _) in parsed.records.iter().zip(attribution).filter(|(r, a)| a.counts && read(r) && feeds(r)) {
        if period.holds(rule.period, r.resolved_date, r.span, as_of) {
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
    f.period = Some(period.id.clone());
    Some(f)
}

/// What compliance produced: per teacher, and for the school as a whole.
pub struct Judged {
    pub teachers: Vec<TeacherResult>,
    pub school: Vec<RuleResult>,
}

#[allow(clippy::too_many_arguments)]
pub fn evaluate(
    people: &[Person],
    parsed: &Parsed,
    attribution: &[Attribution],
    entries: &[Entry],
    rules: &Rules,
    year: &SchoolYear,
    as_of: NaiveDate,
    kinds_present: &[Kind],
    findings: &mut Vec<Finding>,
) -> Judged {
    let mut results: Vec<Vec<RuleResult>> = vec![Vec::new(); people.len()];
    let mut school = Vec::new();
    let order = rules.role_order();
    for rule in &rules.rules {
        if !sources(rule.measure).iter().any(|k| kinds_present.contains(k)) {
            let mut f = Finding::new(Code::NoRecords, Severity::Info).param("measure", rule.measure.as_str());
            f.rule = Some(rule.id.clone());
            findings.push(f);
            continue;
        }
        for period in periods(rule.period, Some(rule), year, rules, as_of) {
            if let Some(f) = tally_gap(rule, &period, parsed, attribution, as_of) {
                findings.push(f);
                continue;
            }
            let in_period = |e: &&Entry| {
                let record = &parsed.records[e.record];
                period.holds(rule.period, e.date, record.span, as_of) && rule.accepts(record)
            };
            if rule.scope == Scope::School {
                let actual = school_value(rule, people, parsed, entries.iter().filter(in_period), rules);
                let result = judge(rule, rules, None, &period, round(actual), as_of);
                findings.extend(finding_for(rule, None, &result));
                school.push(result);
                continue;
            }
            let mut sums = vec![Amounts::default(); people.len()];
            for e in entries.iter().filter(in_period) {
                sums[e.person].add(&e.amounts);
            }
            for (i, person) in people.iter().enumerate() {
                let bounds = rule.bounds_for(&person.roles, rules.role_pick(rule), &order);
                // A rule with bounds only for some roles does not apply to the others.
                if bounds == (None, None) {
                    continue;
                }
                let actual = round(value(rule.measure, &sums[i], rules));
                let result = judge(rule, rules, Some((person, bounds)), &period, actual, as_of);
                findings.extend(finding_for(rule, Some(person), &result));
                results[i].push(result);
            }
        }
    }
    let teachers = people
        .iter()
        .zip(results)
        .map(|(p, results)| TeacherResult {
            name: p.name.clone(),
            department: p.department.clone(),
            roles: p.roles.clone(),
            status: results.iter().map(|r| r.status).max().unwrap_or(Status::Pass),
            results,
        })
        .collect();
    Judged { teachers, school }
}

/// A school rule's measure: distinct sessions held, a role's share of the teachers (in
/// percent), or the sum over every teacher.
fn school_value<'a>(
    rule: &Rule,
    people: &[Person],
    parsed: &Parsed,
    entries: impl Iterator<Item = &'a Entry>,
    rules: &Rules,
) -> f64 {
    match rule.measure {
        Measure::Sessions => {
            let held: BTreeSet<_> = entries
                .filter(|e| parsed.records[e.record].kind == Kind::Attendance)
                .map(|e| session_key(&parsed.records[e.record], e.date))
                .collect();
            held.len() as f64
        }
        Measure::Share => {
            let counted: Vec<&Person> = people.iter().filter(|p| !p.exempt).collect();
            let role = rule.role.as_deref().unwrap_or("");
            let holding = counted.iter().filter(|p| p.roles.iter().any(|r| r == role)).count();
            if counted.is_empty() {
                0.0
            } else {
                100.0 * holding as f64 / counted.len() as f64
            }
        }
        measure => {
            let mut sum = Amounts::default();
            entries.for_each(|e| sum.add(&e.amounts));
            value(measure, &sum, rules)
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A minimum scaled by `factor`: counts round up to a whole number, amounts to one decimal.
fn scaled(min: f64, factor: f64, count: bool) -> f64 {
    let x = min * factor;
    if count {
        (x - 1e-9).ceil()
    } else {
        (x * 10.0).round() / 10.0
    }
}

/// Judges a result: for a teacher with the bounds of their roles, or (`None`) for the school.
fn judge(
    rule: &Rule,
    rules: &Rules,
    teacher: Option<(&Person, Bounds)>,
    period: &Period,
    actual: f64,
    as_of: NaiveDate,
) -> RuleResult {
    let person = teacher.map(|(p, _)| p);
    let (mut min, max) = teacher.map_or((rule.min, rule.max), |(_, bounds)| bounds);
    let presence = match person {
        Some(p) if rules.counting.prorate => p.presence(period.start, period.end),
        _ => 1.0,
    };
    let factor = presence * person.map_or(1.0, |p| p.scale);
    let mut prorated = None;
    if factor < 1.0 && factor > 0.0 {
        min = min.map(|m| scaled(m, factor, rule.measure.is_count()));
        prorated = Some(round(factor));
    }
    let over = as_of >= period.end;
    let mut expected_by_now = None;
    let status = if person.is_some_and(|p| p.exempt) || presence <= 0.0 {
        Status::Exempt
    } else if max.is_some_and(|m| actual > m) {
        Status::Fail
    } else if let Some(min) = min.filter(|m| actual < *m) {
        if over || rule.measure == Measure::Share {
            // A share of the teachers is a state, not something that accumulates.
            Status::Fail
        } else if !rule.measure.is_cumulative() {
            Status::InProgress
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
        period: period.id.clone(),
        measure: rule.measure,
        actual,
        min,
        max,
        status,
        expected_by_now,
        prorated,
    }
}

/// The finding a result gives, if any: on the teacher's roster row (a school rule's has no cell).
fn finding_for(rule: &Rule, person: Option<&Person>, r: &RuleResult) -> Option<Finding> {
    let (code, severity) = match r.status {
        Status::Fail if r.max.is_some_and(|m| r.actual > m) => (Code::AboveMaximum, rule.severity),
        Status::Fail => (Code::BelowMinimum, rule.severity),
        Status::InProgress if r.expected_by_now.is_some_and(|e| r.actual < e) => (Code::BehindPace, Severity::Warning),
        _ => return None,
    };
    let mut f = match person.and_then(|p| p.at.as_ref()) {
        Some(at) => Finding::at(code, severity, at),
        None => Finding::new(code, severity),
    };
    f.teacher = person.map(|p| p.name.clone());
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
