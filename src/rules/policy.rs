//! School policies beyond the rules themselves: roles from the roster, what counts and how
//! (`[counting]`), attendance penalties (`[attendance]`), credits (`[credits]`), caps
//! (`[[caps]]`) and the multi-year cycle (`[cycle]`).

use super::rule::{Measure, PeriodKind, RolePick};
use crate::parse::mark::Mark;
use crate::parse::records::Record;
use crate::recognize::Kind;
use crate::report::messages::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A role given to teachers whose roster `column` contains one of the words and (when set)
/// whose years of service fall in range. A role listed twice is given when either entry matches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: Option<String>,
    pub name_en: Option<String>,
    /// The roster column read: position, category, status, title, department, subject …
    pub column: Option<String>,
    #[serde(default)]
    pub contains: Vec<String>,
    /// Years since first employment (参加工作年月) at the start of the school year.
    pub service_years_below: Option<f64>,
    pub service_years_at_least: Option<f64>,
    /// Exempt from every rule.
    #[serde(default)]
    pub exempt: bool,
    /// Minimums are multiplied by this (part-time 0.5).
    pub scale: Option<f64>,
}

/// Something the rules file names in Chinese and English: a role, an activity, a cap.
pub trait Named {
    fn id(&self) -> &str;
    fn names(&self) -> (Option<&str>, Option<&str>);

    /// The name in a language, else in the other, else the id.
    fn label(&self, lang: Lang) -> &str {
        let (zh, en) = self.names();
        match lang {
            Lang::Zh => zh.or(en),
            Lang::En => en.or(zh),
        }
        .unwrap_or(self.id())
    }
}

macro_rules! named {
    ($($t:ty),*) => {$(
        impl Named for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn names(&self) -> (Option<&str>, Option<&str>) {
                (self.name.as_deref(), self.name_en.as_deref())
            }
        }
    )*};
}

named!(Role, Activity, Cap);

/// What counts, and how.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counting {
    /// Forms (or topics) of sessions that earn no training hours or credits.
    #[serde(default)]
    pub not_counted_forms: Vec<String>,
    /// Minutes in one hour of training (学时): 45 or 60. Used when a session gives a time
    /// range (14:00-15:30) but no hours.
    #[serde(default = "default_minutes")]
    pub minutes_per_hour: f64,
    /// The most hours a teacher can earn on one day; the excess does not count.
    pub max_hours_per_day: Option<f64>,
    /// Which bound applies to a teacher holding several roles a rule names.
    #[serde(default)]
    pub several_roles: RolePick,
    /// Scale minimums for teachers who joined or left during a period (roster columns
    /// join_date / leave_date, or a first employment date inside the period).
    #[serde(default = "yes")]
    pub prorate: bool,
    /// What a blank cell of a tally (count register) means.
    #[serde(default)]
    pub blank_count: BlankCount,
}

/// What a blank cell of a tally means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlankCount {
    /// Nothing done that month or term: 0.
    #[default]
    Zero,
    /// Not filled in yet: counts nothing, `missing-value`.
    Unknown,
}

impl Default for Counting {
    fn default() -> Self {
        Counting {
            not_counted_forms: Vec::new(),
            minutes_per_hour: default_minutes(),
            max_hours_per_day: None,
            several_roles: RolePick::default(),
            prorate: true,
            blank_count: BlankCount::default(),
        }
    }
}

fn default_minutes() -> f64 {
    45.0
}

fn yes() -> bool {
    true
}

/// Attendance penalties.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// This many lates count as one more absence.
    pub lates_per_absence: Option<u32>,
    /// Hours deducted per mark: { absent = 1, late = 0.5, left_early = 0.5 }.
    #[serde(default)]
    pub deduct_hours: BTreeMap<Mark, f64>,
    /// Leave kinds that are never penalised: not counted as leave, not expected for the
    /// attendance rate.
    #[serde(default = "neutral_default")]
    pub neutral_leave: Vec<Mark>,
}

impl Default for Attendance {
    fn default() -> Self {
        Attendance { lates_per_absence: None, deduct_hours: BTreeMap::new(), neutral_leave: neutral_default() }
    }
}

fn neutral_default() -> Vec<Mark> {
    vec![Mark::OfficialLeave]
}

impl Attendance {
    /// Whether a mark is leave the school counts (not neutral).
    pub fn counted_leave(&self, mark: Mark) -> bool {
        mark.is_leave() && !self.neutral_leave.contains(&mark)
    }
}

/// How credits are earned.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credits {
    /// Hours for one credit when no conversion below matches; without it, hours earn no credits.
    pub hours_per_credit: Option<f64>,
    /// Conversions by form, the first that matches wins: { forms = ["集中培训"], hours_per_credit = 6 }.
    #[serde(default)]
    pub conversions: Vec<Conversion>,
    /// A teacher who presents a session earns this multiple of a participant's hours and credits.
    pub presenter_multiple: Option<f64>,
    /// Fixed credits per activity.
    #[serde(default)]
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    #[serde(default)]
    pub forms: Vec<String>,
    pub hours_per_credit: f64,
}

/// An activity that earns fixed credits: matched by words in its course, topic, form or kind,
/// or by the register it is in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: String,
    pub name: Option<String>,
    pub name_en: Option<String>,
    #[serde(default, rename = "match")]
    pub words: Vec<String>,
    /// Every record of this register (observations, reflections …) is the activity.
    pub register: Option<String>,
    /// Credits when no level below matches.
    pub credits: Option<f64>,
    /// Credits by level: { 校级 = 1, 区级 = 2, 市级 = 3 }.
    #[serde(default)]
    pub by_level: BTreeMap<String, f64>,
    /// A piece of writing shorter than this earns nothing.
    pub min_words: Option<f64>,
}

impl Activity {
    pub fn matches(&self, record: &Record) -> bool {
        let long_enough = self.min_words.is_none_or(|m| record.words.is_some_and(|w| w >= m));
        selects(&self.words, self.register.as_deref(), record) && long_enough
    }

    /// The credits a matching record earns: by its level, else the activity's own.
    pub fn credits_for(&self, record: &Record) -> f64 {
        let level = record.level.as_deref().unwrap_or("");
        self.by_level
            .iter()
            .filter(|(k, _)| !k.is_empty() && level.contains(k.as_str()))
            .max_by_key(|(k, _)| k.chars().count())
            .map(|(_, v)| *v)
            .or(self.credits)
            .unwrap_or(0.0)
    }
}

impl Credits {
    /// Hours per credit for a record's form, if hours earn credits at all.
    pub fn hours_per_credit(&self, record: &Record) -> Option<f64> {
        self.conversions
            .iter()
            .find(|c| c.forms.is_empty() || describes(record, &c.forms))
            .map(|c| c.hours_per_credit)
            .or(self.hours_per_credit)
            .filter(|h| *h > 0.0)
    }
}

/// Whether a record is in the `register` (when given) and says one of the `words` (when given).
fn selects(words: &[String], register: Option<&str>, record: &Record) -> bool {
    register.is_none_or(|r| Kind::from_name(r) == Some(record.kind)) && (words.is_empty() || describes(record, words))
}

/// Whether the record's form, topic (course) or kind contains one of the words.
pub fn describes(record: &Record, words: &[String]) -> bool {
    [record.form.as_deref(), record.topic.as_deref(), record.label.as_deref()]
        .into_iter()
        .flatten()
        .any(|text| words.iter().any(|w| !w.is_empty() && text.contains(w.as_str())))
}

/// At most `max` of a measure from matching activity per period; the excess does not count.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    pub id: String,
    pub name: Option<String>,
    pub name_en: Option<String>,
    #[serde(default, rename = "match")]
    pub words: Vec<String>,
    pub register: Option<String>,
    pub measure: Measure,
    pub per: PeriodKind,
    pub max: f64,
}

impl Cap {
    pub fn matches(&self, record: &Record) -> bool {
        selects(&self.words, self.register.as_deref(), record)
    }
}

/// A multi-year cycle (继续教育周期): from `start` to `end`, or for `years` years.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    pub name: Option<String>,
    #[serde(deserialize_with = "super::date")]
    pub start: chrono::NaiveDate,
    #[serde(default, deserialize_with = "super::optional_date")]
    pub end: Option<chrono::NaiveDate>,
    pub years: Option<u32>,
}

impl Cycle {
    /// The last day of the cycle.
    pub fn last_day(&self) -> chrono::NaiveDate {
        self.end.unwrap_or_else(|| {
            let years = self.years.unwrap_or(5);
            self.start
                .checked_add_months(chrono::Months::new(12 * years))
                .and_then(|d| d.pred_opt())
                .unwrap_or(self.start)
        })
    }

    /// The cycle's name: given, else "2021-09-01–2026-08-31".
    pub fn id(&self) -> String {
        self.name.clone().unwrap_or_else(|| format!("{}–{}", self.start, self.last_day()))
    }
}
