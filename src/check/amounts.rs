//! What each counted record earns towards each measure, with the school's policies applied:
//! hours less the deductions for lateness and absence, credits (a ledger's own, fixed per
//! activity, or converted from hours by form), presenters credited a multiple of participants,
//! and caps (per day, month, term, year or cycle) past which nothing more counts (`cap-reached`).

use super::people::Person;
use super::records::Attribution;
use crate::finding::{Code, Finding, Severity, Source};
use crate::parse::mark::Mark;
use crate::parse::name::normalize_name;
use crate::parse::records::{Parsed, Record};
use crate::recognize::fields::Field;
use crate::recognize::Kind;
use crate::rules::calendar::SchoolYear;
use crate::rules::{Cap, Measure, PeriodKind, Rules};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap};

/// What one record earns, per measure. Rules sum these over a period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Amounts {
    pub hours: f64,
    pub credits: f64,
    /// Sessions attended, and sessions the teacher was expected at (for the attendance rate).
    pub sessions: f64,
    pub expected: f64,
    pub absences: f64,
    pub lates: f64,
    pub leaves: f64,
    pub observations: f64,
    pub reflections: f64,
    pub words: f64,
}

impl Amounts {
    pub fn add(&mut self, o: &Amounts) {
        self.hours += o.hours;
        self.credits += o.credits;
        self.sessions += o.sessions;
        self.expected += o.expected;
        self.absences += o.absences;
        self.lates += o.lates;
        self.leaves += o.leaves;
        self.observations += o.observations;
        self.reflections += o.reflections;
        self.words += o.words;
    }

    fn scaled(&self, k: f64) -> Amounts {
        Amounts { hours: self.hours * k, credits: self.credits * k, ..*self }
    }

    /// The amount of a measure that is summed as such (not a rate, a share or a mark count).
    pub fn get_mut(&mut self, measure: Measure) -> Option<&mut f64> {
        Some(match measure {
            Measure::Hours => &mut self.hours,
            Measure::Credits => &mut self.credits,
            Measure::Sessions => &mut self.sessions,
            Measure::Observations => &mut self.observations,
            Measure::Reflections => &mut self.reflections,
            Measure::Words => &mut self.words,
            _ => return None,
        })
    }
}

/// One person's share of one record (a presenter's share is an entry of its own).
#[derive(Debug, Clone)]
pub struct Entry {
    pub person: usize,
    /// Index into `Parsed::records`: the record whose filters (form, kind, level) apply.
    pub record: usize,
    pub date: Option<NaiveDate>,
    pub amounts: Amounts,
}

/// Every counted record's entry, with presenters' entries, after caps.
pub fn entries(
    parsed: &Parsed,
    attribution: &[Attribution],
    people: &[Person],
    rules: &Rules,
    year: &SchoolYear,
    findings: &mut Vec<Finding>,
) -> Vec<Entry> {
    let mut entries: Vec<Entry> = parsed
        .records
        .iter()
        .zip(attribution)
        .enumerate()
        .filter_map(|(i, (record, a))| {
            let person = a.person.filter(|_| a.counts)?;
            Some(Entry { person, record: i, date: record.resolved_date, amounts: earned(record, a, rules) })
        })
        .collect();
    if let Some(multiple) = rules.credits.presenter_multiple {
        add_presenters(&mut entries, parsed, people, multiple);
    }
    apply_caps(&mut entries, parsed, rules, year, findings);
    entries
}

/// What a record earns on its own.
pub fn earned(record: &Record, a: &Attribution, rules: &Rules) -> Amounts {
    let mut x = Amounts::default();
    // A tally's count is already the amount of its measure.
    if let Some(t) = &record.tally {
        if let Some(amount) = t.measure.measure().and_then(|m| x.get_mut(m)) {
            *amount = record.count.unwrap_or(0.0);
        }
        return x;
    }
    let mut earned_hours = 0.0;
    match record.kind {
        Kind::Attendance => {
            let mark = record.mark.unwrap_or(Mark::Present);
            let policy = &rules.attendance;
            if !a.not_counted {
                if mark.attended() {
                    earned_hours = record.hours.unwrap_or(0.0);
                    x.sessions = 1.0;
                }
                if !policy.neutral_leave.contains(&mark) {
                    x.expected = 1.0;
                }
                x.hours = earned_hours - policy.deduct_hours.get(&mark).copied().unwrap_or(0.0);
            }
            x.absences = f64::from(u8::from(mark == Mark::Absent));
            x.lates = f64::from(u8::from(mark == Mark::Late));
            x.leaves = f64::from(u8::from(policy.counted_leave(mark)));
        }
        Kind::Hours => {
            earned_hours = record.hours.unwrap_or(0.0);
            x.hours = earned_hours;
        }
        Kind::Observations => x.observations = record.lessons.unwrap_or(1.0),
        Kind::Reflections => {
            x.reflections = 1.0;
            x.words = record.words.unwrap_or(0.0);
        }
        Kind::Roster | Kind::Unknown => {}
    }
    if !a.not_counted {
        x.credits = credits(record, earned_hours, rules);
    }
    x
}

/// A record's credits: the ledger's own, else a fixed activity's, else its hours converted.
fn credits(record: &Record, earned_hours: f64, rules: &Rules) -> f64 {
    if let Some(c) = record.credits {
        return c;
    }
    if let Some(activity) = rules.credits.activities.iter().find(|a| a.matches(record)) {
        return activity.credits_for(record);
    }
    match rules.credits.hours_per_credit(record) {
        Some(per) if earned_hours > 0.0 => (earned_hours / per * 100.0).round() / 100.0,
        _ => 0.0,
    }
}

/// A roster teacher who presented a session earns `multiple` times a participant's hours and
/// credits for it, in place of their own sign-in (if any).
fn add_presenters(entries: &mut Vec<Entry>, parsed: &Parsed, people: &[Person], multiple: f64) {
    let by_name: HashMap<&str, usize> = people.iter().enumerate().map(|(i, p)| (p.name.as_str(), i)).collect();
    // Each session once: its first attended entry stands for what a participant earned.
    let mut sessions: BTreeMap<(usize, usize, Option<NaiveDate>, String), usize> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        let r = &parsed.records[e.record];
        if r.kind == Kind::Attendance && r.presenter.is_some() && e.amounts.sessions > 0.0 {
            sessions.entry(session_key(r, e.date)).or_insert(i);
        }
    }
    let mut extra = Vec::new();
    for (key, &i) in &sessions {
        let r = &parsed.records[entries[i].record];
        let names = r.presenter.as_deref().unwrap_or("");
        for name in names.split(['、', ',', '，', '/', ';', '；', ' ']).map(normalize_name) {
            let Some(&person) = by_name.get(name.as_str()) else { continue };
            // Their own sign-in for the session is replaced, not added to.
            for e in entries.iter_mut().filter(|e| e.person == person) {
                if session_key(&parsed.records[e.record], e.date) == *key {
                    e.amounts = Amounts::default();
                }
            }
            let base = Amounts {
                hours: entries[i].amounts.hours,
                credits: entries[i].amounts.credits,
                sessions: 1.0,
                expected: 1.0,
                ..Amounts::default()
            };
            extra.push(Entry {
                person,
                record: entries[i].record,
                date: entries[i].date,
                amounts: base.scaled(multiple),
            });
        }
    }
    entries.extend(extra);
}

/// What identifies a session across its rows: where it is, its date and its topic.
pub fn session_key(r: &Record, date: Option<NaiveDate>) -> (usize, usize, Option<NaiveDate>, String) {
    let what = r.topic.as_deref().or(r.form.as_deref()).unwrap_or("").to_string();
    (r.at.file, r.at.sheet, date, what)
}

/// The period of a kind a date falls in, as a key (`None`: outside every such period).
pub fn period_key(per: PeriodKind, date: Option<NaiveDate>, year: &SchoolYear, rules: &Rules) -> Option<String> {
    let Some(d) = date else {
        // An undated ledger entry belongs to the school year (and so to the cycle).
        return matches!(per, PeriodKind::Year | PeriodKind::Cycle).then(|| year.name.clone());
    };
    match per {
        PeriodKind::Day => Some(d.to_string()),
        PeriodKind::Month => Some(format!("{}-{:02}", d.year(), d.month())),
        PeriodKind::Term => year.term_of(d).map(|t| t.id.clone()),
        PeriodKind::Year => year.contains(d).then(|| year.name.clone()),
        PeriodKind::Cycle => rules.cycle.as_ref().filter(|c| c.start <= d && d <= c.last_day()).map(|c| c.id()),
    }
}

/// Applies `[counting] max_hours_per_day` and `[[caps]]`, in date order per teacher: once a cap
/// is reached, later records add nothing to its measure, and the record that reached it gets
/// `cap-reached` (once per teacher, cap and period).
fn apply_caps(entries: &mut [Entry], parsed: &Parsed, rules: &Rules, year: &SchoolYear, findings: &mut Vec<Finding>) {
    let daily = rules.counting.max_hours_per_day.map(|max| Cap {
        id: "max_hours_per_day".into(),
        name: Some("每日学时上限".into()),
        name_en: Some("hours per day".into()),
        words: Vec::new(),
        // A day's sessions; a ledger's course spans many days.
        register: Some("attendance".into()),
        measure: Measure::Hours,
        per: PeriodKind::Day,
        max,
    });
    let caps: Vec<&Cap> = daily.iter().chain(&rules.caps).collect();
    if caps.is_empty() {
        return;
    }
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| (entries[i].person, entries[i].date, entries[i].record));
    for cap in caps {
        let mut used: HashMap<(usize, String), f64> = HashMap::new();
        let mut reported = std::collections::HashSet::new();
        for &i in &order {
            let record = &parsed.records[entries[i].record];
            if !cap.matches(record) {
                continue;
            }
            let Some(key) = period_key(cap.per, entries[i].date, year, rules) else { continue };
            let Some(amount) = entries[i].amounts.get_mut(cap.measure) else { continue };
            if *amount <= 0.0 {
                continue;
            }
            let so_far = used.entry((entries[i].person, key.clone())).or_insert(0.0);
            let room = (cap.max - *so_far).max(0.0);
            if *amount > room {
                if reported.insert((entries[i].person, key.clone())) {
                    let cell =
                        record.cells.get(&cap_field(cap.measure)).copied().unwrap_or((record.at.row, record.at.col));
                    let at = Source { row: cell.0, col: cell.1, ..record.at.clone() };
                    findings.push(
                        Finding::at(Code::CapReached, Severity::Info, &at)
                            .teacher(&record.name)
                            .param("cap", &cap.id)
                            .param("measure", cap.measure.as_str())
                            .param("max", crate::read::format_number(cap.max))
                            .param("period", &key)
                            .param("counted", crate::read::format_number(room)),
                    );
                }
                *amount = room;
            }
            *so_far += *amount;
        }
    }
}

/// The field whose cell shows the amount a cap limits.
fn cap_field(measure: Measure) -> Field {
    match measure {
        Measure::Hours => Field::Hours,
        Measure::Credits => Field::Credits,
        Measure::Observations => Field::Lessons,
        Measure::Words => Field::Words,
        _ => Field::Name,
    }
}
