//! The rules file (TOML): school, school year and terms, mark vocabulary, roles, what counts,
//! attendance penalties, credits, caps, the multi-year cycle, header aliases, limits and the
//! compliance rules. The embedded default is `templates/rules.toml`; a school's own file is
//! merged over it, so it only needs to say what differs. A mistake stops the run before any
//! register is read, naming the line and column ([`locate`]).

pub mod calendar;
pub mod locate;
pub mod policy;
pub mod rule;

use crate::parse::mark::{Mark, Vocabulary};
use locate::Step;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::Path;

pub use policy::{Activity, Attendance, BlankCount, Cap, Conversion, Counting, Credits, Cycle, Role};
pub use rule::{Measure, PeriodKind, RoleBound, RolePick, Rule, Scope};

/// The default rules, also the commented example users copy.
pub const DEFAULT_RULES: &str = include_str!("../../templates/rules.toml");
const DEFAULT_NAME: &str = "templates/rules.toml";

/// The rules file `regcheck init` writes: the defaults, under a header saying how to use it.
pub fn starter_text(file: &str, roster: &str) -> String {
    // The default file's own opening paragraph is about being the default; replace it.
    let body = DEFAULT_RULES.find("\n# ──").map_or(DEFAULT_RULES, |i| &DEFAULT_RULES[i + 1..]);
    format!(
        "# {file}：本校的 regcheck 规则 / this school's regcheck rules\n\
         #\n\
         # 由 regcheck init 生成。请对照学校的制度修改下面的数字（制度里“不少于____”的地方），不需要的规则整段删去。\n\
         # 修改后运行 regcheck rules --rules {file} 用文字列出规则，与纸质制度核对；教师的职务、类别、\n\
         # 参加工作年月等写在 {roster} 里。检查：regcheck check 登记表文件夹/ --rules {file}\n\
         #\n\
         # Written by regcheck init. Change the numbers below to your school's policy and delete the rules you\n\
         # do not use; then run regcheck rules --rules {file} to read them back in sentences. Teachers'\n\
         # positions, categories and start dates go in {roster}.\n\n{body}"
    )
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default)]
    pub school: School,
    pub school_year: Option<SchoolYearConfig>,
    /// A multi-year cycle for `period = "cycle"` rules.
    pub cycle: Option<Cycle>,
    pub marks: Marks,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub counting: Counting,
    #[serde(default)]
    pub attendance: Attendance,
    #[serde(default)]
    pub credits: Credits,
    #[serde(default)]
    pub caps: Vec<Cap>,
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

/// A rules file that cannot be used: the file, where in it (when known) and what is wrong.
#[derive(Debug)]
pub struct RulesError {
    pub file: String,
    /// 1-based line and column.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl std::fmt::Display for RulesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for RulesError {}

/// A rules text and the name it is shown by.
struct Source<'a> {
    file: String,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, at: Option<(usize, usize)>, message: String) -> RulesError {
        RulesError { file: self.file.clone(), at, message }
    }
}

/// Loads the rules: the embedded default, with the school's file (if any) merged over it.
pub fn load(path: Option<&Path>) -> Result<Rules, RulesError> {
    let text = match path {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| RulesError {
            file: path.display().to_string(),
            at: None,
            message: format!("cannot read the rules file / 无法读取规则文件: {e}"),
        })?),
        None => None,
    };
    let default = Source { file: DEFAULT_NAME.into(), text: DEFAULT_RULES };
    let own = text.as_deref().zip(path).map(|(text, p)| Source { file: p.display().to_string(), text });
    from_sources(&default, own.as_ref())
}

/// Parses a rules text on its own (with the defaults under it), as `load` does a file.
pub fn from_text(text: &str, file: &str) -> Result<Rules, RulesError> {
    let default = Source { file: DEFAULT_NAME.into(), text: DEFAULT_RULES };
    from_sources(&default, Some(&Source { file: file.into(), text }))
}

fn from_sources(default: &Source, own: Option<&Source>) -> Result<Rules, RulesError> {
    let mut merged = parse_table(default)?;
    if let Some(own) = own {
        merge(&mut merged, parse_table(own)?);
    }
    // Report a mistake where the school wrote it, else in the defaults.
    let blame = |path: &[Step], message: String| {
        let located = own.and_then(|o| Some((o, locate::locate(o.text, path)?)));
        match located {
            Some((o, at)) => o.error(Some(at), message),
            None => {
                let src = own.filter(|_| locate::locate(default.text, path).is_none()).unwrap_or(default);
                src.error(locate::locate(src.text, path), message)
            }
        }
    };
    let rules: Rules = serde_path_to_error::deserialize(toml::Value::Table(merged)).map_err(|e| {
        let mut path = locate::from_serde(e.path());
        let message = e.inner().message().to_string();
        let message = match locate::unknown_name(&message) {
            Some(("field", wrong, valid)) => {
                if path.last() != Some(&Step::Key(wrong.clone())) {
                    path.push(Step::Key(wrong.clone()));
                }
                unknown_message("key", &wrong, &valid, &path)
            }
            Some((_, wrong, valid)) => unknown_message("value", &wrong, &valid, &path),
            None if path.is_empty() => message,
            None => format!("{}: {message}", locate::show(&path)),
        };
        blame(&path, message)
    })?;
    rules.validate().map_err(|(path, message)| blame(&path, format!("{}: {message}", locate::show(&path))))?;
    Ok(rules)
}

/// "unknown key \"mesure\" in rules[0]; did you mean \"measure\"?", in both languages.
fn unknown_message(what: &str, wrong: &str, valid: &[String], path: &[Step]) -> String {
    let place = locate::show(&path[..path.len().saturating_sub(1)]);
    let place = if place.is_empty() { String::new() } else { format!(" in {place}") };
    let (en, zh) = if what == "key" { ("unknown key", "未知的键") } else { ("not a valid value", "取值有误") };
    let mut text = format!("{en} \"{wrong}\"{place}");
    match locate::closest(wrong, valid.iter().map(String::as_str)) {
        Some(best) => text.push_str(&format!("; did you mean \"{best}\"? / {zh}“{wrong}”，是不是“{best}”？")),
        None if valid.is_empty() => text.push_str(&format!(" / {zh}“{wrong}”")),
        None => text.push_str(&format!("; valid: {} / {zh}“{wrong}”", valid.join(", "))),
    }
    text
}

fn parse_table(src: &Source) -> Result<toml::Table, RulesError> {
    src.text.parse::<toml::Table>().map_err(|e| {
        let at = e.span().map(|span| {
            let before = src.text.get(..span.start).unwrap_or("");
            (before.matches('\n').count() + 1, before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
        });
        src.error(at, format!("{} / 规则文件格式有误（TOML 语法）", e.message()))
    })
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

type Invalid = (Vec<Step>, String);

fn at(steps: &[Step], message: impl Into<String>) -> Invalid {
    (steps.to_vec(), message.into())
}

fn key(k: &str) -> Step {
    Step::Key(k.to_string())
}

impl Rules {
    /// Checks what serde cannot: references between sections and numbers in range. The error
    /// carries the path of the mistake.
    fn validate(&self) -> Result<(), Invalid> {
        let role_ids: Vec<&str> = self.roles.iter().map(|r| r.id.as_str()).collect();
        for (i, role) in self.roles.iter().enumerate() {
            let here = [key("roles"), Step::Index(i)];
            if let Some(column) = role.column.as_deref() {
                if crate::recognize::fields::Field::from_name(column).is_none() {
                    return Err(at(&[&here[..], &[key("column")]].concat(), format!(
                        "\"{column}\" is not a roster field (position, category, status, title, department, subject …) / 不是名册的列"
                    )));
                }
            }
            let by_column = role.column.is_some() && !role.contains.is_empty();
            let by_service = role.service_years_below.is_some() || role.service_years_at_least.is_some();
            if !by_column && !by_service {
                return Err(at(&here, "a role needs column and contains, or service_years_below / service_years_at_least / 角色需要 column 与 contains，或工龄条件"));
            }
            if role.scale.is_some_and(|s| !(s > 0.0 && s <= 1.0)) {
                return Err(at(
                    &[&here[..], &[key("scale")]].concat(),
                    "scale is a fraction above 0 and at most 1, such as 0.5 / scale 应在 0 到 1 之间",
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let here = [key("rules"), Step::Index(i)];
            let field = |k: &str| [&here[..], &[key(k)]].concat();
            if !seen.insert(&rule.id) {
                return Err(at(&field("id"), format!("rule id \"{}\" is used twice / 规则编号重复", rule.id)));
            }
            if rule.min.is_none() && rule.max.is_none() && rule.by_role.is_empty() {
                return Err(at(
                    &here,
                    format!(
                        "rule \"{}\" has neither min nor max: fill in the number / 规则缺少 min 或 max，请填写数值",
                        rule.id
                    ),
                ));
            }
            if let (Some(min), Some(max)) = (rule.min, rule.max) {
                if min > max {
                    return Err(at(&field("min"), format!("min {min} is above max {max} / 下限大于上限")));
                }
            }
            for role in rule.by_role.keys() {
                if role != "teacher" && !role_ids.contains(&role.as_str()) {
                    return Err(at(
                        &[&field("by_role")[..], &[key(role)]].concat(),
                        format!(
                            "role \"{role}\" is not defined by any [[roles]] entry{} / 规则引用了未定义的角色",
                            did_you_mean(role, &role_ids)
                        ),
                    ));
                }
            }
            match rule.period {
                PeriodKind::Day => return Err(at(&field("period"), "a rule is judged per month, term, year or cycle; a daily limit is [counting] max_hours_per_day / 规则的周期只能是 month、term、year 或 cycle")),
                PeriodKind::Cycle if self.cycle.is_none() => return Err(at(&field("period"), "period = \"cycle\" needs a [cycle] section with its start / 使用 cycle 周期需要填写 [cycle]")),
                _ => {}
            }
            if let Some(m) = rule.months.iter().find(|m| !(1..=12).contains(*m)) {
                return Err(at(&field("months"), format!("{m} is not a month (1–12) / 月份应为 1–12")));
            }
            if rule.measure == Measure::Share {
                if rule.scope != Scope::School {
                    return Err(at(
                        &field("measure"),
                        "share is a school rule: add scope = \"school\" / share 只能用于学校层面的规则",
                    ));
                }
                match rule.role.as_deref() {
                    Some(r) if role_ids.contains(&r) => {}
                    Some(r) => {
                        return Err(at(
                            &field("role"),
                            format!(
                                "role \"{r}\" is not defined by any [[roles]] entry{} / 未定义的角色",
                                did_you_mean(r, &role_ids)
                            ),
                        ))
                    }
                    None => {
                        return Err(at(
                            &here,
                            "share needs role = \"…\", the role whose share is measured / share 需要写明 role",
                        ))
                    }
                }
            }
            if matches!(rule.measure, Measure::AttendanceRate | Measure::Share)
                && [rule.min, rule.max].into_iter().flatten().any(|v| !(0.0..=100.0).contains(&v))
            {
                return Err(at(
                    &here,
                    "attendance_rate and share are percentages from 0 to 100 / 出勤率与比例是 0–100 的百分数",
                ));
            }
        }
        for (i, cap) in self.caps.iter().enumerate() {
            let here = [key("caps"), Step::Index(i)];
            if let Some(r) = cap.register.as_deref().filter(|r| crate::recognize::Kind::from_name(r).is_none()) {
                return Err(at(
                    &[&here[..], &[key("register")]].concat(),
                    format!(
                        "register \"{r}\" is not one of attendance, observations, reflections, hours / 登记表类型有误"
                    ),
                ));
            }
            if matches!(
                cap.measure,
                Measure::AttendanceRate | Measure::Share | Measure::Absences | Measure::Lates | Measure::Leaves
            ) {
                return Err(at(&[&here[..], &[key("measure")]].concat(), "a cap limits hours, credits, sessions, observations, reflections or words / 上限只能用于学时、学分、次数、节数、篇数或字数"));
            }
            if cap.per == PeriodKind::Cycle && self.cycle.is_none() {
                return Err(at(
                    &[&here[..], &[key("per")]].concat(),
                    "per = \"cycle\" needs a [cycle] section / 需要填写 [cycle]",
                ));
            }
        }
        for (i, activity) in self.credits.activities.iter().enumerate() {
            let here = [key("credits"), key("activities"), Step::Index(i)];
            if let Some(r) = activity.register.as_deref().filter(|r| crate::recognize::Kind::from_name(r).is_none()) {
                return Err(at(
                    &[&here[..], &[key("register")]].concat(),
                    format!(
                        "register \"{r}\" is not one of attendance, observations, reflections, hours / 登记表类型有误"
                    ),
                ));
            }
            if activity.register.is_none() && activity.words.is_empty() {
                return Err(at(
                    &here,
                    "an activity needs match = [words] or register = \"…\" / 活动需要 match 或 register",
                ));
            }
        }
        if let Some((i, _)) = self.credits.conversions.iter().enumerate().find(|(_, c)| c.hours_per_credit <= 0.0) {
            return Err(at(
                &[key("credits"), key("conversions"), Step::Index(i), key("hours_per_credit")],
                "hours_per_credit must be above 0 / 折算学时数应大于 0",
            ));
        }
        if !(1.0..=120.0).contains(&self.counting.minutes_per_hour) {
            return Err(at(&[key("counting"), key("minutes_per_hour")], "minutes_per_hour is the minutes in one hour of training, such as 45 or 60 / 每学时分钟数应为 45 或 60 之类"));
        }
        if self.attendance.lates_per_absence == Some(0) {
            return Err(at(
                &[key("attendance"), key("lates_per_absence")],
                "lates_per_absence is a number from 1, such as 3 / 应为 1 以上的整数，如 3",
            ));
        }
        if let Some(m) = self.attendance.neutral_leave.iter().find(|m| !m.is_leave()) {
            return Err(at(
                &[key("attendance"), key("neutral_leave")],
                format!(
                    "{m:?} is not a kind of leave (leave, sick_leave, personal_leave, official_leave) / 不是请假类别"
                ),
            ));
        }
        if let Some(problem) = self.sources.iter().enumerate().find_map(|(i, s)| Some((i, s.problem()?))) {
            return Err(at(&[key("sources"), Step::Index(problem.0)], problem.1));
        }
        if let Some(year) = &self.school_year {
            if year.end <= year.start {
                return Err(at(
                    &[key("school_year"), key("end")],
                    "end must be after start / 学年结束日期应晚于开始日期",
                ));
            }
        }
        if let Some(cycle) = &self.cycle {
            if cycle.last_day() <= cycle.start {
                return Err(at(&[key("cycle")], "the cycle must end after it starts / 周期结束日期应晚于开始日期"));
            }
        }
        for field in self.aliases.keys() {
            if crate::recognize::fields::Field::from_name(field).is_none() {
                return Err(at(
                    &[key("aliases"), key(field)],
                    format!("\"{field}\" is not a field name (see README) / 不是字段名"),
                ));
            }
        }
        Ok(())
    }

    pub fn is_not_counted(&self, form_or_topic: &str) -> bool {
        let text = crate::parse::nfkc(form_or_topic);
        self.counting.not_counted_forms.iter().any(|f| !f.is_empty() && text.contains(f.as_str()))
    }

    /// The ids of `[[roles]]` in order (a role listed twice appears once).
    pub fn role_order(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for r in &self.roles {
            if !ids.contains(&r.id.as_str()) {
                ids.push(&r.id);
            }
        }
        ids
    }

    /// How rules pick among a teacher's roles.
    pub fn role_pick(&self, rule: &Rule) -> RolePick {
        rule.several_roles.unwrap_or(self.counting.several_roles)
    }
}

/// "; did you mean \"admin\"?" when a close name exists.
fn did_you_mean(wrong: &str, valid: &[&str]) -> String {
    locate::closest(wrong, valid.iter().copied()).map(|b| format!("; did you mean \"{b}\"?")).unwrap_or_default()
}

/// An optional date, as [`date`].
fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
    date(d).map(Some)
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
        let order = rules.role_order();
        assert_eq!(obs.bounds_for(&["teacher".into()], RolePick::Strictest, &order), (Some(10.0), None));
        let both = ["teacher".to_string(), "admin".to_string()];
        assert_eq!(obs.bounds_for(&both, RolePick::Strictest, &order), (Some(20.0), None));
        assert!(rules.is_not_counted("工作例会"));
    }

    #[test]
    fn several_roles_pick_the_strictest_unless_told_otherwise() {
        let rules = from_text(
            "[[roles]]\nid = \"head\"\ncolumn = \"position\"\ncontains = [\"组长\"]\n\
             [[roles]]\nid = \"admin\"\ncolumn = \"position\"\ncontains = [\"主任\"]\n\
             [[rules]]\nid = \"obs\"\nmeasure = \"observations\"\nperiod = \"term\"\nmin = 10\nby_role = { admin = 20, head = 15 }\n",
            "r.toml",
        )
        .unwrap();
        let rule = &rules.rules[0];
        let order = rules.role_order();
        let roles = ["teacher".to_string(), "admin".to_string(), "head".to_string()];
        assert_eq!(rule.bounds_for(&roles, RolePick::Strictest, &order).0, Some(20.0));
        assert_eq!(rule.bounds_for(&roles, RolePick::MostLenient, &order).0, Some(15.0));
        assert_eq!(rule.bounds_for(&roles, RolePick::First, &order).0, Some(15.0), "head is listed first");
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
    fn a_wrong_value_names_the_line_column_and_closest_value() {
        let err = from_text("[[rules]]\nid = \"x\"\nmeasure = \"hourz\"\nperiod = \"term\"\nmin = 1\n", "r.toml")
            .unwrap_err();
        assert_eq!(err.at, Some((3, 1)), "{err}");
        let text = err.to_string();
        assert!(text.starts_with("r.toml:3:1:") && text.contains("\"hours\"") && text.contains("hourz"), "{text}");
    }

    #[test]
    fn an_unknown_key_names_the_closest_key() {
        let err = from_text("[school]\nname = \"一中\"\n\n[[rules]]\nid = \"x\"\nmesure = \"hours\"\n", "r.toml")
            .unwrap_err();
        assert_eq!(err.at, Some((6, 1)), "{err}");
        assert!(err.message.contains("mesure") && err.message.contains("\"measure\""), "{err}");
        let err = from_text("[countng]\nprorate = false\n", "r.toml").unwrap_err();
        assert_eq!(err.at, Some((1, 2)), "{err}");
        assert!(err.message.contains("\"counting\""), "{err}");
    }

    #[test]
    fn a_rule_naming_an_undefined_role_points_at_it() {
        let err = from_text(
            "[[rules]]\nid = \"x\"\nmeasure = \"hours\"\nperiod = \"year\"\nmin = 1\nby_role = { admn = 2 }\n",
            "r.toml",
        )
        .unwrap_err();
        assert_eq!(err.at, Some((6, 13)), "{err}");
        assert!(err.message.contains("did you mean \"admin\""), "{err}");
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let err = from_text("[school]\nname = \n", "r.toml").unwrap_err();
        assert_eq!(err.at.map(|a| a.0), Some(2), "{err}");
    }
}
