//! The rules file (TOML): school, school year and terms, mark vocabulary, roles, header aliases,
//! limits and the compliance rules. The embedded default is `templates/rules.toml`; a school's
//! own file is merged over it, so it only needs to say what differs.

pub mod calendar;

use crate::finding::Severity;
use crate::parse::mark::{Mark, Vocabulary};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::Path;

/// The default rules, also the commented example users copy.
pub const DEFAULT_RULES: &str = include_str!("../../templates/rules.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default)]
    pub school: School,
    pub school_year: Option<SchoolYearConfig>,
    pub marks: Marks,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub counting: Counting,
    pub limits: Limits,
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Recognition overrides for files recognition gets wrong.
    #[serde(default)]
    pub sources: Vec<SourceOverride>,
}

/// A `[[sources]]` entry: for files whose name matches `file` (a glob such as `*考勤*.xlsx`,
/// matched against the file name and the path as given), and sheets named `sheet` if given,
/// what recognition would otherwise have to guess.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceOverride {
    pub file: String,
    pub sheet: Option<String>,
    /// roster, attendance, observations, reflections or hours.
    pub kind: Option<String>,
    /// long or grid.
    pub layout: Option<String>,
    /// The header rows, 1-based as Excel shows them.
    pub header_rows: Option<Vec<u32>>,
    /// Canonical field name → column letter.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

impl SourceOverride {
    /// Whether this entry applies to a sheet of a file.
    pub fn matches(&self, path: &Path, sheet: &str) -> bool {
        let Ok(pattern) = glob::Pattern::new(&self.file) else { return false };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let file_matches = pattern.matches(name) || pattern.matches_path(path);
        file_matches && self.sheet.as_deref().is_none_or(|s| s == sheet)
    }

    /// What is wrong with the entry, if anything.
    fn problem(&self) -> Option<String> {
        let what = format!("[[sources]] file = \"{}\"", self.file);
        if let Err(e) = glob::Pattern::new(&self.file) {
            return Some(format!("{what}: the pattern is not valid ({e}) / 文件名模式有误"));
        }
        if let Some(kind) = self.kind.as_deref().filter(|k| crate::recognize::Kind::from_name(k).is_none()) {
            return Some(format!(
                "{what}: kind \"{kind}\" is not one of roster, attendance, observations, reflections, hours / kind 取值有误"
            ));
        }
        if let Some(layout) = self.layout.as_deref().filter(|l| !matches!(*l, "long" | "grid")) {
            return Some(format!("{what}: layout \"{layout}\" must be long or grid / layout 只能是 long 或 grid"));
        }
        if self.header_rows.as_ref().is_some_and(|r| r.is_empty() || r.contains(&0)) {
            return Some(format!(
                "{what}: header_rows are row numbers from 1, as Excel shows them / 表头行号从 1 开始"
            ));
        }
        for (field, letter) in &self.columns {
            if crate::recognize::fields::Field::from_name(field).is_none() {
                return Some(format!("{what}: \"{field}\" is not a field name (see the README) / 字段名有误"));
            }
            if crate::finding::column_index(letter).is_none() {
                return Some(format!("{what}: \"{letter}\" is not a column letter such as B / 列号有误"));
            }
        }
        None
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct School {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolYearConfig {
    pub name: Option<String>,
    #[serde(deserialize_with = "date")]
    pub start: chrono::NaiveDate,
    #[serde(deserialize_with = "date")]
    pub end: chrono::NaiveDate,
    #[serde(default)]
    pub terms: Vec<TermConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermConfig {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(deserialize_with = "date")]
    pub start: chrono::NaiveDate,
    #[serde(deserialize_with = "date")]
    pub end: chrono::NaiveDate,
}

/// The mark vocabulary, one list of words per kind of mark.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marks {
    #[serde(default)]
    pub present: Vec<String>,
    #[serde(default)]
    pub late: Vec<String>,
    #[serde(default)]
    pub left_early: Vec<String>,
    #[serde(default)]
    pub leave: Vec<String>,
    #[serde(default)]
    pub sick_leave: Vec<String>,
    #[serde(default)]
    pub personal_leave: Vec<String>,
    #[serde(default)]
    pub official_leave: Vec<String>,
    #[serde(default)]
    pub absent: Vec<String>,
    /// What a blank cell of an attendance grid means.
    #[serde(default)]
    pub blank: BlankMark,
}

/// What a blank cell of an attendance grid means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlankMark {
    /// The teacher was not expected at the session (part-time groups, not yet joined): no record.
    #[default]
    NotExpected,
    /// The teacher did not come: an unexcused absence.
    Absent,
}

impl Marks {
    pub fn vocabulary(&self) -> Vocabulary {
        let lists = [
            (&self.present, Mark::Present),
            (&self.late, Mark::Late),
            (&self.left_early, Mark::LeftEarly),
            (&self.leave, Mark::Leave),
            (&self.sick_leave, Mark::SickLeave),
            (&self.personal_leave, Mark::PersonalLeave),
            (&self.official_leave, Mark::OfficialLeave),
            (&self.absent, Mark::Absent),
        ];
        Vocabulary::new(lists.into_iter().flat_map(|(words, m)| words.iter().map(move |w| (w.as_str(), m))))
    }
}

/// A role given to teachers whose roster `column` contains one of the words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: Option<String>,
    pub column: String,
    pub contains: Vec<String>,
    #[serde(default)]
    pub exempt: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counting {
    /// Forms (or topics) of sessions that earn no training hours.
    #[serde(default)]
    pub not_counted_forms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub max_hours_per_record: f64,
    pub max_hours_per_course: f64,
    pub max_lessons_per_record: f64,
    pub max_words: f64,
    /// Reading limits for hostile files (see `read::limits`); the defaults apply when absent.
    #[serde(default = "default_max_unzipped_mb")]
    pub max_unzipped_mb: f64,
    #[serde(default = "default_max_compression_ratio")]
    pub max_compression_ratio: f64,
    #[serde(default = "default_max_cells")]
    pub max_cells: u64,
}

impl Limits {
    /// What reading one file may cost.
    pub fn read_limits(&self) -> crate::read::limits::Limits {
        crate::read::limits::Limits::new(self.max_unzipped_mb, self.max_compression_ratio, self.max_cells)
    }
}

fn default_max_unzipped_mb() -> f64 {
    crate::read::limits::DEFAULT_MAX_UNZIPPED_MB
}

fn default_max_compression_ratio() -> f64 {
    crate::read::limits::DEFAULT_MAX_RATIO
}

fn default_max_cells() -> u64 {
    crate::read::limits::DEFAULT_MAX_CELLS
}

/// What a rule counts or sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Hours,
    Sessions,
    Absences,
    Lates,
    Observations,
    Reflections,
    Words,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Hours => "hours",
            Measure::Sessions => "sessions",
            Measure::Absences => "absences",
            Measure::Lates => "lates",
            Measure::Observations => "observations",
            Measure::Reflections => "reflections",
            Measure::Words => "words",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Term,
    Year,
}

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
    pub min: Option<f64>,
    pub max: Option<f64>,
    #[serde(default)]
    pub by_role: BTreeMap<String, RoleBound>,
    /// Only records of these kinds (教学反思, 教学总结 …) count.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Only sessions of these forms (专家讲座, 教研活动 …) count.
    #[serde(default)]
    pub forms: Vec<String>,
    #[serde(default = "error_severity")]
    pub severity: Severity,
}

fn error_severity() -> Severity {
    Severity::Error
}

impl Rule {
    /// The bounds that apply to a teacher with these roles: the strictest role-specific bound
    /// (highest minimum, lowest maximum), else the rule's own.
    pub fn bounds_for(&self, roles: &[String]) -> (Option<f64>, Option<f64>) {
        let (mut min, mut max) = (None::<f64>, None::<f64>);
        for role in roles {
            let Some(bound) = self.by_role.get(role) else {
                continue;
            };
            let (rmin, rmax) = match *bound {
                RoleBound::Value(v) if self.min.is_some() || self.max.is_none() => (Some(v), None),
                RoleBound::Value(v) => (None, Some(v)),
                RoleBound::Bounds { min, max } => (min, max),
            };
            min = max_opt(min, rmin);
            max = match (max, rmax) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        (min.or(self.min), max.or(self.max))
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
}

fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// A rules file that cannot be used; the message names the file and the line.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct RulesError {
    pub file: String,
    pub message: String,
}

/// Loads the rules: the embedded default, with the school's file (if any) merged over it.
pub fn load(path: Option<&Path>) -> Result<Rules, RulesError> {
    let mut merged = parse_table(DEFAULT_RULES, "templates/rules.toml")?;
    let file = path.map_or("templates/rules.toml".to_string(), |p| p.display().to_string());
    if let Some(path) = path {
        let text = std::fs::read_to_string(path).map_err(|e| RulesError {
            file: file.clone(),
            message: format!("cannot read the rules file / 无法读取规则文件: {e}"),
        })?;
        merge(&mut merged, parse_table(&text, &file)?);
    }
    let rules: Rules = toml::Value::Table(merged)
        .try_into()
        .map_err(|e: toml::de::Error| RulesError { file: file.clone(), message: e.message().to_string() })?;
    rules.validate().map_err(|message| RulesError { file, message })?;
    Ok(rules)
}

fn parse_table(text: &str, file: &str) -> Result<toml::Table, RulesError> {
    text.parse::<toml::Table>().map_err(|e| RulesError { file: file.to_string(), message: e.to_string() })
}

/// Merges `over` into `base`: tables merge key by key, everything else is replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

impl Rules {
    fn validate(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for rule in &self.rules {
            if !seen.insert(&rule.id) {
                return Err(format!("rule id \"{}\" is used twice / 规则编号重复", rule.id));
            }
            if rule.min.is_none() && rule.max.is_none() && rule.by_role.is_empty() {
                return Err(format!(
                    "rule \"{}\" has neither min nor max: fill in the number / 规则缺少 min 或 max，请填写数值",
                    rule.id
                ));
            }
            if let (Some(min), Some(max)) = (rule.min, rule.max) {
                if min > max {
                    return Err(format!("rule \"{}\": min {min} is above max {max} / 下限大于上限", rule.id));
                }
            }
            for role in rule.by_role.keys() {
                if role != "teacher" && !self.roles.iter().any(|r| &r.id == role) {
                    return Err(format!(
                        "rule \"{}\" names role \"{role}\", which no [[roles]] entry defines / 规则引用了未定义的角色",
                        rule.id
                    ));
                }
            }
        }
        if let Some(problem) = self.sources.iter().find_map(SourceOverride::problem) {
            return Err(problem);
        }
        if let Some(year) = &self.school_year {
            if year.end <= year.start {
                return Err("school_year: end must be after start / 学年结束日期应晚于开始日期".into());
            }
        }
        for field in self.aliases.keys() {
            if crate::recognize::fields::Field::from_name(field).is_none() {
                return Err(format!("aliases: \"{field}\" is not a field name (see README) / 不是字段名"));
            }
        }
        Ok(())
    }

    pub fn is_not_counted(&self, form_or_topic: &str) -> bool {
        let text = crate::parse::nfkc(form_or_topic);
        self.counting.not_counted_forms.iter().any(|f| !f.is_empty() && text.contains(f.as_str()))
    }
}

/// Accepts a TOML date (2025-09-01) or a string ("2025-09-01", "2025年9月1日").
fn date<'de, D: Deserializer<'de>>(d: D) -> Result<chrono::NaiveDate, D::Error> {
    let value = toml::Value::deserialize(d)?;
    let text = match &value {
        toml::Value::Datetime(dt) => dt.to_string(),
        toml::Value::String(s) => s.clone(),
        other => return Err(serde::de::Error::custom(format!("expected a date, found {other}"))),
    };
    crate::parse::date::parse_date_text(&text)
        .ok()
        .and_then(|d| d.full())
        .ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" is not a date (write 2025-09-01)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_load() {
        let rules = load(None).unwrap();
        assert_eq!(rules.rules.len(), 5);
        let obs = rules.rules.iter().find(|r| r.id == "observations-term").unwrap();
        assert_eq!(obs.bounds_for(&["teacher".into()]), (Some(10.0), None));
        assert_eq!(obs.bounds_for(&["teacher".into(), "admin".into()]), (Some(20.0), None));
        assert!(rules.is_not_counted("工作例会"));
    }

    #[test]
    fn a_school_file_overrides_only_what_it_says() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        std::fs::write(&path, "[school]\nname = \"一中\"\n[marks]\nlate = [\"迟\"]\n").unwrap();
        let rules = load(Some(&path)).unwrap();
        assert_eq!(rules.school.name, "一中");
        assert_eq!(rules.marks.late, vec!["迟"]);
        assert!(rules.marks.present.contains(&"√".to_string()));
        assert_eq!(rules.rules.len(), 5);
    }

    #[test]
    fn mistakes_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        std::fs::write(&path, "[[rules]]\nid = \"x\"\nmeasure = \"hourz\"\nperiod = \"term\"\nmin = 1\n").unwrap();
        let err = load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("r.toml") && err.contains("hourz"), "{err}");
    }
}
