//! Tallies in the check stage: the dates each count covers, and no double counting.
//!
//! A count covers a span resolved with the school year's calendar (a month, a term, the
//! year); a span outside the school year is `date-outside-year` on the column's header. When
//! finer records — a detailed log's dated records, or a tally of shorter periods — of the same
//! measure fall inside a count's span, they are the data: the count does not count, and where
//! it differs from what they add up to for its teacher it is `total-mismatch` on the count's
//! cell, with both figures and the sheets the detail came from.

use super::compliance::sources;
use super::records::Attribution;
use crate::finding::{Code, Finding, Severity, Source};
use crate::parse::records::{label_matches, Parsed, Record, TallyCount};
use crate::recognize::tally::TallyMeasure;
use crate::recognize::Kind;
use crate::rules::calendar::SchoolYear;
use crate::rules::Rules;
use std::collections::BTreeSet;

/// Sets each tally count's span; a period outside the school year is reported once per column.
pub fn resolve_spans(parsed: &mut Parsed, year: &SchoolYear, findings: &mut Vec<Finding>) {
    let mut reported = BTreeSet::new();
    for record in parsed.records.iter_mut() {
        let Some(t) = &record.tally else { continue };
        record.span = t.period.span(year);
        let inside = record.span.is_some_and(|(s, e)| year.contains(s) && year.contains(e));
        let (row, col) = t.header_cell;
        if !inside && reported.insert((record.at.file, record.at.sheet, row, col)) {
            let at = Source { row, col, ..record.at.clone() };
            let shown = record.span.map(|(s, e)| format!("{s}–{e}")).unwrap_or_else(|| t.period.unit().to_string());
            findings.push(
                Finding::at(Code::DateOutsideYear, Severity::Warning, &at).value(shown).param("year", &year.name),
            );
        }
    }
}

/// Where finer records cover a count's span — a detailed log with records of any teacher in it,
/// or the same teacher's counts of shorter periods — they count and the count does not; a
/// count that differs from them is `total-mismatch`. Counts are taken shortest span first, so
/// a month's count superseded by a detailed log does not also stand in for the log in the
/// term's.
pub fn reconcile(
    parsed: &Parsed,
    rules: &Rules,
    year: &SchoolYear,
    attribution: &mut [Attribution],
    findings: &mut Vec<Finding>,
) {
    let records = &parsed.records;
    let mut counts: Vec<usize> = (0..records.len())
        .filter(|&i| records[i].tally.is_some() && records[i].span.is_some() && attribution[i].counts)
        .collect();
    counts.sort_by_key(|&i| (records[i].span.map(|(s, e)| e - s), i));
    for i in counts {
        let (record, Some(tally), Some((start, end))) = (&records[i], &records[i].tally, records[i].span) else {
            continue;
        };
        let person = attribution[i].person;
        let finer: Vec<usize> = (0..records.len())
            .filter(|&j| j != i && attribution[j].counts && same_measure(tally, &records[j]))
            .filter(|&j| match (&records[j].tally, records[j].span, records[j].resolved_date) {
                // A count of a shorter period, for the same teacher.
                (Some(_), Some((s, e)), _) => {
                    start <= s && e <= end && (s, e) != (start, end) && attribution[j].person == person
                }
                // A detailed log covers the period for every teacher (none in it: nothing done).
                (None, _, Some(d)) => start <= d && d <= end,
                // An undated ledger entry counts for the school year as a whole.
                (None, None, None) => (start, end) == (year.start, year.end),
                _ => false,
            })
            .collect();
        if finer.is_empty() {
            continue;
        }
        attribution[i].counts = false;
        let Some(count) = record.count else { continue };
        let own: Vec<usize> = finer.iter().copied().filter(|&j| attribution[j].person == person).collect();
        let detail: f64 = own.iter().map(|&j| value(tally, &records[j], &attribution[j], rules)).sum();
        if (detail - count).abs() <= 1e-6 {
            continue;
        }
        // Where the detail came from: the teacher's own records, else every sheet covering the span.
        let from = if own.is_empty() { &finer } else { &own };
        let mut sheets: Vec<(usize, usize)> = Vec::new();
        for &j in from {
            let at = (records[j].at.file, records[j].at.sheet);
            if !sheets.contains(&at) {
                sheets.push(at);
            }
        }
        let at = Source { row: tally.cell.0, col: tally.cell.1, ..record.at.clone() };
        let mut f = Finding::at(Code::TotalMismatch, Severity::Warning, &at)
            .value(crate::read::format_number(count))
            .teacher(&record.name)
            .param("computed", crate::read::format_number((detail * 100.0).round() / 100.0))
            .param("total", "tally-detail")
            .param("measure", tally.measure.as_str())
            .param("detail_from", sheets.iter().map(|(f, s)| format!("{f}:{s}")).collect::<Vec<_>>().join(";"));
        f.period = Some(tally.period.id(year));
        findings.push(f);
    }
}

/// Whether a record is of what a tally counts: a count of the same measure and kind of
/// writing, or a detailed record of a register that measure reads.
fn same_measure(tally: &TallyCount, record: &Record) -> bool {
    let label_ok = || match (&tally.label, &record.label) {
        (Some(a), Some(b)) => label_matches(b, a) || label_matches(a, b),
        (None, _) => true,
        (Some(_), None) => false,
    };
    if let Some(other) = &record.tally {
        return other.measure == tally.measure && label_ok();
    }
    match (tally.measure, tally.measure.measure()) {
        (TallyMeasure::Credits, _) => record.kind == Kind::Hours && record.credits.is_some(),
        (_, Some(m)) => sources(m).contains(&record.kind) && label_ok(),
        (_, None) => false,
    }
}

/// What a finer record adds to a tally's measure: a count, or what the record earns towards
/// that measure in the compliance check.
fn value(tally: &TallyCount, record: &Record, a: &Attribution, rules: &Rules) -> f64 {
    if record.tally.is_some() {
        return record.count.unwrap_or(0.0);
    }
    let mut earned = super::amounts::earned(record, a, rules);
    tally.measure.measure().and_then(|m| earned.get_mut(m).map(|v| *v)).unwrap_or(0.0)
}
