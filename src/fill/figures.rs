//! The figures a form can ask for, by placeholder name, made from the report.json contract —
//! the same computation as `check`: a [`Run`](crate::Run) is rendered to its report.json value
//! first, so a form filled from registers and one filled from a saved `report.json` agree.
//!
//! - whole-form values: `school.name`, `school_year.name`, `term.id`, `term.name`, `term.start`,
//!   `term.end`, `as_of`, `totals.*`, `bands.*`;
//! - one row per teacher, `t.*`; one row per department (教研组), `d.*`.
//!
//! The hours bands are those of the national statistics table, over each teacher's hours for
//! the school year: `le36` (≤ 36), `h37_72` (over 36 up to 72), `h73_108` (over 72 up to 108),
//! `ge109` (over 108). A teacher whose year hours are unknown (no hours rule) is in no band.

use crate::check::Status;
use crate::report::messages::{status_label, Lang};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A figure's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

/// What a placeholder gives: text, a number or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Text,
    Number,
    Date,
}

/// Which rows a placeholder repeats over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Form,
    Teacher,
    Department,
}

impl Scope {
    pub fn of(key: &str) -> Scope {
        if key.starts_with("t.") {
            Scope::Teacher
        } else if key.starts_with("d.") {
            Scope::Department
        } else {
            Scope::Form
        }
    }
}

#[derive(Debug, Clone)]
pub struct Figures {
    pub lang: Lang,
    /// Every known placeholder and the type it gives.
    pub types: BTreeMap<String, Type>,
    pub form: BTreeMap<String, Value>,
    pub teachers: Vec<BTreeMap<String, Value>>,
    pub departments: Vec<BTreeMap<String, Value>>,
}

#[derive(Deserialize)]
struct Report {
    as_of: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    school: Option<String>,
    school_year: Year,
    #[serde(default)]
    terms: Vec<Term>,
    #[serde(default)]
    teachers: Vec<Teacher>,
}

#[derive(Deserialize)]
struct Year {
    name: String,
}

#[derive(Deserialize)]
struct Term {
    id: String,
    name: String,
    start: String,
    end: String,
}

#[derive(Deserialize)]
struct Teacher {
    name: String,
    department: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    status: String,
    #[serde(default)]
    results: Vec<RuleResult>,
    #[serde(default)]
    missing: Vec<String>,
}

#[derive(Deserialize)]
struct RuleResult {
    rule: String,
    period: String,
    measure: String,
    actual: f64,
    min: Option<f64>,
    status: String,
}

const BANDS: [(&str, &str); 4] = [("le36", "≤36"), ("h37_72", "37–72"), ("h73_108", "73–108"), ("ge109", "≥109")];

/// The band key of a number of hours.
pub fn band(hours: f64) -> &'static str {
    if hours <= 36.0 {
        "le36"
    } else if hours <= 72.0 {
        "h37_72"
    } else if hours <= 108.0 {
        "h73_108"
    } else {
        "ge109"
    }
}

fn parse_status(s: &str) -> Option<Status> {
    match s {
        "pass" => Some(Status::Pass),
        "fail" => Some(Status::Fail),
        "in-progress" => Some(Status::InProgress),
        "exempt" => Some(Status::Exempt),
        _ => None,
    }
}

fn date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("\"{s}\" is not a date (YYYY-MM-DD)"))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Figures {
    /// The figures of a run, for the term `term` (an id; default: see [`Figures::from_report`]).
    pub fn from_run(run: &crate::Run, term: Option<&str>, lang: Option<Lang>) -> Result<Figures, String> {
        Figures::from_report(&crate::report::json::render_json(run), term, lang)
    }

    /// The figures of a report.json value. `term` picks the term by id; by default the term
    /// that contains `as_of`, else the last one begun by then, else the first.
    pub fn from_report(json: &serde_json::Value, term: Option<&str>, lang: Option<Lang>) -> Result<Figures, String> {
        let report: Report = serde_json::from_value(json.clone()).map_err(|e| format!("report.json: {e}"))?;
        let as_of = date(&report.as_of)?;
        let lang = lang.or_else(|| report.lang.as_deref().and_then(Lang::parse)).unwrap_or(Lang::Zh);
        let mut terms = Vec::new();
        for t in &report.terms {
            terms.push((t, date(&t.start)?, date(&t.end)?));
        }
        let chosen = match term {
            Some(id) => Some(terms.iter().find(|(t, ..)| t.id == id).ok_or_else(|| {
                let ids: Vec<&str> = terms.iter().map(|(t, ..)| t.id.as_str()).collect();
                format!("no term \"{id}\"; the terms are {} / 没有这个学期", ids.join(", "))
            })?),
            None => terms
                .iter()
                .find(|(_, s, e)| *s <= as_of && as_of <= *e)
                .or_else(|| terms.iter().rev().find(|(_, s, _)| *s <= as_of))
                .or(terms.first()),
        };
        let year = report.school_year.name.as_str();
        let term_id = chosen.map(|(t, ..)| t.id.as_str()).unwrap_or("");

        let mut f = Figures {
            lang,
            types: BTreeMap::new(),
            form: BTreeMap::new(),
            teachers: Vec::new(),
            departments: Vec::new(),
        };
        let text = |s: &str| Value::Text(s.to_string());
        let mut form = vec![
            ("school.name", text(report.school.as_deref().unwrap_or(""))),
            ("school_year.name", text(year)),
            ("term.id", text(term_id)),
            ("term.name", chosen.map_or(Value::Empty, |(t, ..)| text(&t.name))),
            ("term.start", chosen.map_or(Value::Empty, |(_, s, _)| Value::Date(*s))),
            ("term.end", chosen.map_or(Value::Empty, |(_, _, e)| Value::Date(*e))),
            ("as_of", Value::Date(as_of)),
        ];

        // Teachers, in report order.
        let mut rule_keys: Vec<String> = Vec::new();
        let mut hours_of = Vec::new();
        for (i, t) in report.teachers.iter().enumerate() {
            // The results that describe the chosen term or the school year.
            let here: Vec<&RuleResult> = t.results.iter().filter(|r| r.period == term_id || r.period == year).collect();
            let year_hours = t.results.iter().find(|r| r.measure == "hours" && r.period == year).map(|r| r.actual);
            hours_of.push(year_hours);
            let status = parse_status(&t.status).map_or(t.status.clone(), |s| status_label(s, lang).to_string());
            let mut row: BTreeMap<String, Value> = BTreeMap::new();
            row.insert("t.seq".into(), Value::Number((i + 1) as f64));
            row.insert("t.name".into(), text(&t.name));
            row.insert("t.department".into(), t.department.as_deref().map_or(Value::Empty, text));
            row.insert("t.roles".into(), text(&t.roles.join("、")));
            row.insert("t.status".into(), text(&status));
            row.insert("t.missing".into(), text(&t.missing.join(lang.pick("；", "; "))));
            row.insert("t.hours".into(), year_hours.map_or(Value::Empty, Value::Number));
            row.insert("t.band".into(), year_hours.map_or(Value::Empty, |h| text(band_label(band(h)))));
            for r in &here {
                let key = format!("t.{}", r.rule);
                if !rule_keys.contains(&key) {
                    rule_keys.push(key.clone());
                }
                let label = parse_status(&r.status).map_or(r.status.clone(), |s| status_label(s, lang).to_string());
                row.insert(key.clone(), Value::Number(r.actual));
                row.insert(format!("{key}.min"), r.min.map_or(Value::Empty, Value::Number));
                row.insert(format!("{key}.status"), text(&label));
                let measure = format!("t.{}", r.measure);
                if measure != "t.hours" && !row.contains_key(&measure) {
                    row.insert(measure, Value::Number(r.actual));
                }
            }
            f.teachers.push(row);
        }

        // Totals and bands over all teachers, then per department in order of appearance.
        let statuses: Vec<&str> = report.teachers.iter().map(|t| t.status.as_str()).collect();
        let summary = |members: &[usize], prefix: &str, out: &mut Vec<(String, Value)>| {
            let n = |x: usize| Value::Number(x as f64);
            let count = |s: &str| members.iter().filter(|&&i| statuses[i] == s).count();
            let hours: Vec<f64> = members.iter().filter_map(|&i| hours_of[i]).collect();
            let total = round2(hours.iter().sum());
            let (totals, bands) = if prefix.is_empty() {
                ("totals.".to_string(), "bands.".to_string())
            } else {
                (prefix.to_string(), format!("{prefix}bands."))
            };
            out.push((format!("{totals}teachers"), n(members.len())));
            out.push((format!("{totals}pass"), n(count("pass"))));
            out.push((format!("{totals}fail"), n(count("fail"))));
            out.push((format!("{totals}in_progress"), n(count("in-progress"))));
            out.push((format!("{totals}exempt"), n(count("exempt"))));
            out.push((format!("{totals}hours"), Value::Number(total)));
            let avg = if hours.is_empty() { Value::Empty } else { Value::Number(round2(total / hours.len() as f64)) };
            out.push((format!("{totals}hours_avg"), avg));
            for (key, _) in BANDS {
                out.push((format!("{bands}{key}"), n(hours.iter().filter(|h| band(**h) == key).count())));
            }
        };
        let all: Vec<usize> = (0..report.teachers.len()).collect();
        let mut totals = Vec::new();
        summary(&all, "", &mut totals);
        let mut departments: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, t) in report.teachers.iter().enumerate() {
            let name = t.department.clone().unwrap_or_else(|| lang.pick("（未分组）", "(none)").to_string());
            match departments.iter_mut().find(|(d, _)| *d == name) {
                Some((_, members)) => members.push(i),
                None => departments.push((name, vec![i])),
            }
        }
        for (i, (name, members)) in departments.iter().enumerate() {
            let mut row =
                vec![("d.seq".to_string(), Value::Number((i + 1) as f64)), ("d.name".to_string(), text(name))];
            summary(members, "d.", &mut row);
            f.departments.push(row.into_iter().collect());
        }
        form.extend(totals.iter().map(|(k, v)| (k.as_str(), v.clone())));
        f.form = form.into_iter().map(|(k, v)| (k.to_string(), v)).collect();

        // Types: from the values, with the fixed ones known even without teachers.
        for (k, v) in f.form.iter() {
            f.types.insert(k.clone(), type_of(k, v));
        }
        let mut fixed: Vec<(String, Type)> = ["t.name", "t.department", "t.roles", "t.status", "t.missing", "t.band"]
            .iter()
            .map(|k| (k.to_string(), Type::Text))
            .chain(["t.seq", "t.hours"].iter().map(|k| (k.to_string(), Type::Number)))
            .collect();
        let mut dept = Vec::new();
        summary(&[], "d.", &mut dept);
        fixed.push(("d.seq".into(), Type::Number));
        fixed.push(("d.name".into(), Type::Text));
        fixed.extend(dept.into_iter().map(|(k, _)| (k, Type::Number)));
        for (k, t) in fixed {
            f.types.insert(k, t);
        }
        for row in &f.teachers {
            for (k, v) in row {
                f.types.entry(k.clone()).or_insert_with(|| type_of(k, v));
            }
        }
        Ok(f)
    }

    /// A placeholder's value in row `index` of its scope (ignored for whole-form values).
    pub fn value(&self, key: &str, index: usize) -> Option<&Value> {
        match Scope::of(key) {
            Scope::Form => self.form.get(key),
            Scope::Teacher => self.teachers.get(index).map(|row| row.get(key).unwrap_or(&Value::Empty)),
            Scope::Department => self.departments.get(index).map(|row| row.get(key).unwrap_or(&Value::Empty)),
        }
    }

    /// How many rows a repeating row of this scope becomes.
    pub fn rows(&self, scope: Scope) -> usize {
        match scope {
            Scope::Form => 1,
            Scope::Teacher => self.teachers.len(),
            Scope::Department => self.departments.len(),
        }
    }

    /// A value as text inside other text: numbers without trailing zeros, dates as 2026年1月20日
    /// (Chinese) or 2026-01-20.
    pub fn as_text(&self, v: &Value) -> String {
        match v {
            Value::Text(s) => s.clone(),
            Value::Number(n) => crate::read::format_number(*n),
            Value::Date(d) => match self.lang {
                Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
                Lang::En => d.format("%Y-%m-%d").to_string(),
            },
            Value::Empty => String::new(),
        }
    }
}

fn type_of(key: &str, v: &Value) -> Type {
    match v {
        Value::Number(_) => Type::Number,
        Value::Date(_) => Type::Date,
        Value::Text(_) => Type::Text,
        Value::Empty if key.starts_with("term.start") || key.starts_with("term.end") => Type::Date,
        Value::Empty if key.starts_with("term.") => Type::Text,
        Value::Empty => Type::Number,
    }
}

/// The band as the form heads it: ≤36, 37–72, 73–108, ≥109.
pub fn band_label(key: &str) -> &'static str {
    BANDS.iter().find(|(k, _)| *k == key).map_or("", |(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> serde_json::Value {
        let teacher = |name: &str, dept: &str, status: &str, hours: f64| {
            json!({"name": name, "department": dept, "roles": ["teacher"], "status": status,
                   "results": [{"rule": "hours-year", "period": "2025-2026", "measure": "hours",
                                "actual": hours, "min": 90.0, "max": null, "status": status},
                               {"rule": "observations-term", "period": "2025-2026-1", "measure": "observations",
                                "actual": 11.0, "min": 10.0, "max": null, "status": "pass"},
                               {"rule": "observations-term", "period": "2025-2026-2", "measure": "observations",
                                "actual": 3.0, "min": 10.0, "max": null, "status": "fail"}],
                   "missing": []})
        };
        json!({"version": 1, "as_of": "2026-01-20", "lang": "zh", "school": "城南实验学校",
               "school_year": {"name": "2025-2026", "start": "2025-09-01", "end": "2026-08-31"},
               "terms": [{"id": "2025-2026-1", "name": "第一学期", "start": "2025-09-01", "end": "2026-01-31"},
                         {"id": "2025-2026-2", "name": "第二学期", "start": "2026-02-01", "end": "2026-08-31"}],
               "teachers": [teacher("张伟", "语文组", "pass", 36.0), teacher("王芳", "语文组", "fail", 36.5),
                            teacher("赵磊", "数学组", "pass", 109.0)]})
    }

    #[test]
    fn bands_totals_and_departments() {
        let f = Figures::from_report(&report(), None, None).unwrap();
        assert_eq!(f.form["term.id"], Value::Text("2025-2026-1".into()));
        assert_eq!(f.form["bands.le36"], Value::Number(1.0));
        assert_eq!(f.form["bands.h37_72"], Value::Number(1.0));
        assert_eq!(f.form["bands.ge109"], Value::Number(1.0));
        assert_eq!(f.form["totals.hours"], Value::Number(181.5));
        assert_eq!(f.form["totals.pass"], Value::Number(2.0));
        assert_eq!(f.departments.len(), 2);
        assert_eq!(f.departments[0]["d.teachers"], Value::Number(2.0));
        assert_eq!(f.departments[1]["d.bands.ge109"], Value::Number(1.0));
        assert_eq!(f.teachers[1]["t.status"], Value::Text("未达标".into()));
        assert_eq!(f.teachers[0]["t.observations"], Value::Number(11.0), "the chosen term's result");
        assert_eq!(f.types["t.observations-term.min"], Type::Number);
    }

    #[test]
    fn a_term_can_be_chosen_and_an_unknown_one_is_refused() {
        let f = Figures::from_report(&report(), Some("2025-2026-2"), Some(Lang::En)).unwrap();
        assert_eq!(f.teachers[0]["t.observations"], Value::Number(3.0));
        assert_eq!(f.teachers[1]["t.status"], Value::Text("fail".into()));
        assert!(Figures::from_report(&report(), Some("2030-1"), None).unwrap_err().contains("2025-2026-1"));
    }
}
