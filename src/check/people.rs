//! The people compliance is judged for, with their roles: from the roster's columns (position,
//! category, status …) and years of service, or (without a roster) everyone named in the
//! registers. Also when each teacher was at the school, for pro-rating.

use crate::finding::{cell_name, Code, Finding, Severity, Source};
use crate::parse::records::Parsed;
use crate::recognize::fields::Field;
use crate::rules::calendar::SchoolYear;
use crate::rules::{Role, Rules};
use chrono::NaiveDate;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A teacher as the compliance check sees them.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub department: Option<String>,
    /// Role ids: always "teacher", then the `[[roles]]` that match, in their order.
    pub roles: Vec<String>,
    pub exempt: bool,
    /// Minimums are multiplied by this (a part-time role's `scale`), 1 otherwise.
    pub scale: f64,
    /// When the teacher arrived (joined the school, or first employment) and left, if known.
    pub arrived: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    /// The roster's name cell, where the teacher's compliance findings land.
    pub at: Option<Source>,
}

impl Person {
    fn from_name(name: &str) -> Person {
        Person {
            name: name.to_string(),
            department: None,
            roles: vec!["teacher".into()],
            exempt: false,
            scale: 1.0,
            arrived: None,
            left: None,
            at: None,
        }
    }

    /// The share of a period (first and last day) the teacher was at the school: 1 when
    /// present throughout or unknown, 0 when not there at all.
    pub fn presence(&self, start: NaiveDate, end: NaiveDate) -> f64 {
        let from = self.arrived.map_or(start, |a| a.max(start));
        let to = self.left.map_or(end, |l| l.min(end));
        if to < from {
            return 0.0;
        }
        let days = |a: NaiveDate, b: NaiveDate| (b - a).num_days() as f64 + 1.0;
        (days(from, to) / days(start, end)).min(1.0)
    }
}

/// The people compliance is judged for: the roster's teachers (a name twice is
/// `duplicate-teacher`), or, without a roster, everyone named in the registers.
pub fn people(parsed: &Parsed, rules: &Rules, year: &SchoolYear, findings: &mut Vec<Finding>) -> Vec<Person> {
    if parsed.teachers.is_empty() {
        let mut names: Vec<&str> =
            parsed.records.iter().filter(|r| !r.name.is_empty()).map(|r| r.name.as_str()).collect();
        names.sort();
        names.dedup();
        return names.into_iter().map(Person::from_name).collect();
    }
    // A name twice on one roster is two teachers (or a repeat); the same name on two rosters
    // (a roster in two files) is one teacher.
    let mut seen: HashMap<&str, &Source> = HashMap::new();
    let mut people: Vec<Person> = Vec::new();
    for t in &parsed.teachers {
        if let Some(first) = seen.get(t.name.as_str()) {
            if (first.file, first.sheet) != (t.at.file, t.at.sheet) {
                continue;
            }
            findings.push(
                Finding::at(Code::DuplicateTeacher, Severity::Warning, &t.at)
                    .teacher(&t.name)
                    .param("other", cell_name(first.row, first.col)),
            );
        } else {
            seen.insert(&t.name, &t.at);
        }
        let date = |f: Field| t.attribute(f).and_then(roster_date);
        let first_employed = date(Field::StartDate);
        let service_years = first_employed.map(|d| (year.start - d).num_days() as f64 / 365.25);
        let mut person = Person {
            department: t.attribute(Field::Department).map(str::to_string),
            arrived: [first_employed, date(Field::JoinDate)].into_iter().flatten().max(),
            left: date(Field::LeaveDate),
            at: Some(t.at.clone()),
            ..Person::from_name(&t.name)
        };
        for role in &rules.roles {
            let column = role.column.as_deref().and_then(Field::from_name).and_then(|f| t.attribute(f));
            if holds(role, column, service_years) {
                if !person.roles.contains(&role.id) {
                    person.roles.push(role.id.clone());
                }
                person.exempt |= role.exempt;
                person.scale = person.scale.min(role.scale.unwrap_or(1.0));
            }
        }
        people.push(person);
    }
    people
}

/// Whether a teacher holds a role: every condition the role sets is met.
fn holds(role: &Role, column: Option<&str>, service_years: Option<f64>) -> bool {
    let by_column = role.column.is_none()
        || column.is_some_and(|text| role.contains.iter().any(|w| !w.is_empty() && text.contains(w.as_str())));
    let below = role.service_years_below.is_none_or(|n| service_years.is_some_and(|y| y < n));
    let at_least = role.service_years_at_least.is_none_or(|n| service_years.is_some_and(|y| y >= n));
    by_column && below && at_least
}

/// A roster date as offices write it: a date, or a year and month (2019.09, 2019年9月, 201909).
pub fn roster_date(text: &str) -> Option<NaiveDate> {
    static YEAR_MONTH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{4})\s*(?:[-./年]\s*)?(\d{1,2})\s*月?$").expect("constant regex"));
    if let Some(d) = crate::parse::date::parse_date_text(text).ok().and_then(|d| d.full()) {
        return Some(d);
    }
    let text = crate::parse::nfkc(text.trim());
    let caps = YEAR_MONTH.captures(&text)?;
    let year = caps[1].parse().ok()?;
    let month = caps[2].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_dates_in_the_forms_offices_use() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(roster_date("2019.09"), d(2019, 9, 1));
        assert_eq!(roster_date("2019年9月"), d(2019, 9, 1));
        assert_eq!(roster_date("201909"), d(2019, 9, 1));
        assert_eq!(roster_date("2019-09-15"), d(2019, 9, 15));
        assert_eq!(roster_date("2019.13"), None);
        assert_eq!(roster_date("不详"), None);
    }

    #[test]
    fn presence_is_the_share_of_the_period_at_school() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let mut p = Person::from_name("张伟");
        assert_eq!(p.presence(d(2025, 9, 1), d(2025, 9, 30)), 1.0);
        p.arrived = Some(d(2025, 9, 16));
        assert_eq!(p.presence(d(2025, 9, 1), d(2025, 9, 30)), 0.5);
        p.left = Some(d(2025, 9, 10));
        assert_eq!(p.presence(d(2025, 9, 1), d(2025, 9, 30)), 0.0);
    }
}
