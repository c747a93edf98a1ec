//! A compliance rule (`[[rules]]`): what it measures, over which period, for whom (each teacher
//! or the school as a whole), the bounds per role, and which records it counts.

use crate::finding::Severity;
use crate::parse::records::{label_matches, Record};
use serde::Deserialize;
use std::collections::BTreeMap;

/// What a rule counts or sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Training hours earned (after deductions for lateness and absence).
    Hours,
    /// Credits: a ledger's own, fixed per activity, or converted from hours.
    Credits,
    /// Sessions attended (for the school as a whole: distinct sessions held).
    Sessions,
    /// Sessions attended out of sessions expected, in percent (neutral leave is not expected).
    AttendanceRate,
    /// Unexcused absences (plus one for every `lates_per_absence` lates).
    Absences,
    Lates,
    /// Leave taken, of the kinds that are not neutral.
    Leaves,
    /// Lessons observed.
    Observations,
    /// Pieces of writing (reflections, summaries, reading notes …).
    Reflections,
    Words,
    /// The share of teachers holding a role, in percent (school rules only).
    Share,
}

impl Measure {
    pub const ALL: [Measure; 11] = [
        Measure::Hours,
        Measure::Credits,
        Measure::Sessions,
        Measure::AttendanceRate,
        Measure::Absences,
        Measure::Lates,
        Measure::Leaves,
        Measure::Observations,
        Measure::Reflections,
        Measure::Words,
        Measure::Share,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Hours => "hours",
            Measure::Credits => "credits",
            Measure::Sessions => "sessions",
            Measure::AttendanceRate => "attendance_rate",
            Measure::Absences => "absences",
            Measure::Lates => "lates",
            Measure::Leaves => "leaves",
            Measure::Observations => "observations",
            Measure::Reflections => "reflections",
            Measure::Words => "words",
            Measure::Share => "share",
        }
    }

    /// Whether the measure accumulates over a period (so a running period is judged by pace);
    /// a rate or a share is a state, judged as it stands.
    pub fn is_cumulative(self) -> bool {
        !matches!(self, Measure::AttendanceRate | Measure::Share)
    }

    /// Whether the measure counts things (whole numbers), as opposed to summing amounts.
    pub fn is_count(self) -> bool {
        !matches!(self, Measure::Hours | Measure::Credits | Measure::Words | Measure::AttendanceRate | Measure::Share)
    }
}

/// A period rules are judged over (and caps apply to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// One day (caps only, e.g. at most 8 hours a day).
    Day,
    Month,
    Term,
    Year,
    /// The multi-year cycle of `[cycle]` (e.g. 360 hours over five years).
    Cycle,
}

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Month => "month",
            PeriodKind::Term => "term",
            PeriodKind::Year => "year",
            PeriodKind::Cycle => "cycle",
        }
    }
}

/// Whom a rule is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every teacher on their own (the default).
    #[default]
    Teacher,
    /// The school as a whole: e.g. at least two expert lectures a term.
    School,
}

/// Which bound applies to a teacher holding several roles a rule names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RolePick {
    /// The highest minimum and the lowest maximum (the default).
    #[default]
    Strictest,
    /// The lowest minimum and the highest maximum.
    MostLenient,
    /// The role listed first under `[[roles]]`.
    First,
}

/// A minimum and a maximum, either of which may be absent.
pub type Bounds = (Option<f64>, Option<f64>);

/// A role's own threshold: a number replaces the rule's bound, a table can set both.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
pub enum RoleBound {
    Value(f64),
    Bounds { min: Option<f64>, max: Option<f64> },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub title: Option<String>,
    pub title_en: Option<String>,
    pub measure: Measure,
    pub period: PeriodKind,
    #[serde(default)]
    pub scope: Scope,
    pub min: Option<f64>,
    pub max: Option<f64>,
    #[serde(default)]
    pub by_role: BTreeMap<String, RoleBound>,
    /// Overrides `[counting] several_roles` for this rule.
    pub several_roles: Option<RolePick>,
    /// Only records of these kinds (教学反思, 教学总结 …) count.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Only sessions of these forms (专家讲座, 教研活动 …) count.
    #[serde(default)]
    pub forms: Vec<String>,
    /// Only activity at these levels (国家, 省, 市, 区, 校) counts.
    #[serde(default)]
    pub levels: Vec<String>,
    /// A piece of writing shorter than this does not count.
    pub min_words_each: Option<f64>,
    /// For monthly rules: the months judged (9 = September); default every month of a term.
    #[serde(default)]
    pub months: Vec<u32>,
    /// For `share`: the role whose share of the teachers is measured.
    pub role: Option<String>,
    #[serde(default = "error_severity")]
    pub severity: Severity,
}

fn error_severity() -> Severity {
    Severity::Error
}

impl Rule {
    /// The bounds that apply to a teacher with these roles. Roles the rule names pick the
    /// bound (the strictest by default, see [`RolePick`]); otherwise the rule's own bounds.
    /// `order` is the `[[roles]]` order, for [`RolePick::First`].
    pub fn bounds_for(&self, roles: &[String], pick: RolePick, order: &[&str]) -> Bounds {
        let mut named: Vec<(usize, Bounds)> = roles
            .iter()
            .filter_map(|role| {
                let bound = self.by_role.get(role)?;
                let rank = order.iter().position(|r| r == role).unwrap_or(usize::MAX);
                Some((rank, self.role_bounds(*bound)))
            })
            .collect();
        if named.is_empty() {
            return (self.min, self.max);
        }
        named.sort_by_key(|(rank, _)| *rank);
        let (min, max) = match pick {
            RolePick::First => named[0].1,
            RolePick::Strictest => fold(&named, f64::max, f64::min),
            RolePick::MostLenient => fold(&named, f64::min, f64::max),
        };
        (min.or(self.min), max.or(self.max))
    }

    /// A role's bound as (min, max): a bare number replaces whichever bound the rule has.
    fn role_bounds(&self, bound: RoleBound) -> Bounds {
        match bound {
            RoleBound::Value(v) if self.min.is_some() || self.max.is_none() => (Some(v), None),
            RoleBound::Value(v) => (None, Some(v)),
            RoleBound::Bounds { min, max } => (min, max),
        }
    }

    /// The rule's title in the chosen language, falling back to its id.
    pub fn title(&self, lang: crate::report::messages::Lang) -> &str {
        let (zh, en) = (self.title.as_deref(), self.title_en.as_deref());
        match lang {
            crate::report::messages::Lang::Zh => zh.or(en),
            crate::report::messages::Lang::En => en.or(zh),
        }
        .unwrap_or(&self.id)
    }

    /// Whether a record passes the rule's filters (kinds, forms, levels, length).
    pub fn accepts(&self, record: &Record) -> bool {
        let form_ok = self.forms.is_empty()
            || [record.form.as_deref(), record.topic.as_deref()]
                .into_iter()
                .flatten()
                .any(|f| self.forms.iter().any(|w| f.contains(w.as_str())));
        let kind_ok = self.kinds.is_empty()
            || record.label.as_deref().is_some_and(|l| self.kinds.iter().any(|k| label_matches(l, k)));
        let level_ok = self.levels.is_empty()
            || record.level.as_deref().is_some_and(|l| self.levels.iter().any(|w| l.contains(w.as_str())));
        let long_enough = self.min_words_each.is_none_or(|m| record.words.is_some_and(|w| w >= m));
        form_ok && kind_ok && level_ok && long_enough
    }
}

/// Combines role bounds: `lower` picks among minimums, `upper` among maximums.
fn fold(bounds: &[(usize, Bounds)], lower: fn(f64, f64) -> f64, upper: fn(f64, f64) -> f64) -> Bounds {
    let pick = |a: Option<f64>, b: Option<f64>, f: fn(f64, f64) -> f64| match (a, b) {
        (Some(a), Some(b)) => Some(f(a, b)),
        (a, b) => a.or(b),
    };
    bounds.iter().fold((None, None), |(min, max), (_, (rmin, rmax))| (pick(min, *rmin, lower), pick(max, *rmax, upper)))
}
