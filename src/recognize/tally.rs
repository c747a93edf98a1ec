//! Tallies (count registers): one row per teacher, a count per column — per month (听课节数
//! 9月 10月 … 合计), per term (上学期 下学期), or per measure (听课节数, 反思篇数, 读书笔记字数,
//! 培训学时, 学分).
//!
//! A count column's header says what it counts (its [`TallyMeasure`]), the period it covers
//! ([`TallyPeriod`]), or both (第一学期听课节数). What the header leaves out comes from the
//! header row above it, the title rows, the sheet name and the file name (听课节数统计表 over
//! 9月 … 1月; a sheet named 第一学期 of 反思篇数 …); a count with no period at all covers the
//! school year. A totals column (合计, 总计, or 全年 beside shorter periods) is not a count:
//! the parse stage checks it against the counts of its row.

use super::header::HeaderColumn;
use crate::rules::calendar::SchoolYear;
use crate::rules::Measure;
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// What a count column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TallyMeasure {
    /// Lessons observed (听课节数).
    Lessons,
    /// Pieces of writing (反思篇数).
    Pieces,
    /// Words written (字数).
    Words,
    /// Training hours (学时).
    Hours,
    /// Credits (学分).
    Credits,
}

impl TallyMeasure {
    /// The measure's name, as the rules file names measures.
    pub fn as_str(self) -> &'static str {
        match self {
            TallyMeasure::Lessons => "observations",
            TallyMeasure::Pieces => "reflections",
            TallyMeasure::Words => "words",
            TallyMeasure::Hours => "hours",
            TallyMeasure::Credits => "credits",
        }
    }

    /// The register a count of this stands for.
    pub fn kind(self) -> super::Kind {
        match self {
            TallyMeasure::Lessons => super::Kind::Observations,
            TallyMeasure::Pieces | TallyMeasure::Words => super::Kind::Reflections,
            TallyMeasure::Hours | TallyMeasure::Credits => super::Kind::Hours,
        }
    }

    /// The rules' measure a count of this feeds (credits: none yet).
    pub fn measure(self) -> Option<Measure> {
        // Every count feeds a measure; `Option` keeps room for counts that feed none.
        match self {
            TallyMeasure::Lessons => Some(Measure::Observations),
            TallyMeasure::Pieces => Some(Measure::Reflections),
            TallyMeasure::Words => Some(Measure::Words),
            TallyMeasure::Hours => Some(Measure::Hours),
            TallyMeasure::Credits => Some(Measure::Credits),
        }
    }

    /// The record field a count of this is shown as (export, inspect); pieces have none.
    pub fn field(self) -> Option<super::fields::Field> {
        use super::fields::Field;
        match self {
            TallyMeasure::Lessons => Some(Field::Lessons),
            TallyMeasure::Pieces => None,
            TallyMeasure::Words => Some(Field::Words),
            TallyMeasure::Hours => Some(Field::Hours),
            TallyMeasure::Credits => Some(Field::Credits),
        }
    }
}

/// The period a count column covers, as its header (or the sheet's title) says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TallyPeriod {
    /// A calendar month; the year when the header gives it.
    Month { year: Option<i32>, month: u32 },
    /// The first or second term (1, 2); the school year's first calendar year when given.
    Term { year: Option<i32>, term: u8 },
    /// The school year; its first calendar year when given (2025-2026学年).
    Year { year: Option<i32> },
}

impl TallyPeriod {
    /// `month`, `term` or `year`.
    pub fn unit(self) -> &'static str {
        match self {
            TallyPeriod::Month { .. } => "month",
            TallyPeriod::Term { .. } => "term",
            TallyPeriod::Year { .. } => "year",
        }
    }

    /// The first and last day the period covers, with the school year's calendar: a month
    /// without a year falls in the school year; a term is the calendar's term; a school year
    /// other than `school_year` (2024-2025学年) is taken as a conventional one.
    pub fn span(self, school_year: &SchoolYear) -> Option<(NaiveDate, NaiveDate)> {
        let start = school_year.start;
        let year_of = |y: Option<i32>| match y {
            Some(y) if y != start.year() => SchoolYear::conventional(y),
            _ => school_year.clone(),
        };
        match self {
            TallyPeriod::Month { year, month } => {
                let y = year.unwrap_or(if month >= start.month() { start.year() } else { start.year() + 1 });
                let first = NaiveDate::from_ymd_opt(y, month, 1)?;
                let next = if month == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { first.with_month(month + 1) };
                Some((first, next?.pred_opt()?))
            }
            TallyPeriod::Term { year, term } => {
                let t = year_of(year).terms.get(usize::from(term).checked_sub(1)?).cloned()?;
                Some((t.start, t.end))
            }
            TallyPeriod::Year { year } => {
                let y = year_of(year);
                Some((y.start, y.end))
            }
        }
    }

    /// How a person names the period: `2025-09`, the term's id, the school year's name.
    pub fn id(self, school_year: &SchoolYear) -> String {
        let Some((start, end)) = self.span(school_year) else { return String::new() };
        match self {
            TallyPeriod::Month { .. } => start.format("%Y-%m").to_string(),
            TallyPeriod::Term { year, .. } => {
                let y = if year.is_none_or(|y| y == school_year.start.year()) {
                    school_year.clone()
                } else {
                    SchoolYear::conventional(year.unwrap_or_default())
                };
                y.terms.iter().find(|t| t.start == start && t.end == end).map(|t| t.id.clone()).unwrap_or_default()
            }
            TallyPeriod::Year { year } => match year {
                Some(y) if y != school_year.start.year() => format!("{}-{}", y, y + 1),
                _ => school_year.name.clone(),
            },
        }
    }

    /// A day inside the period when the header gives its year (for inferring the school year).
    pub fn anchor(self) -> Option<NaiveDate> {
        match self {
            TallyPeriod::Month { year: Some(y), month } => NaiveDate::from_ymd_opt(y, month, 1),
            TallyPeriod::Term { year: Some(y), .. } | TallyPeriod::Year { year: Some(y) } => {
                NaiveDate::from_ymd_opt(y, 9, 1)
            }
            _ => None,
        }
    }
}

/// What a header text says about a count: any of a measure (with the kind of writing, for
/// pieces and words), a period, and whether it is a total.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountHeader {
    pub measure: Option<TallyMeasure>,
    pub label: Option<String>,
    pub period: Option<TallyPeriod>,
    pub total: bool,
}

/// One count (or totals) column of a tally, with everything resolved but the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct CountColumn {
    pub col: u32,
    pub measure: TallyMeasure,
    /// For pieces and words: the kind of writing (教学反思, 读书笔记 …).
    pub label: Option<String>,
    pub period: TallyPeriod,
    /// A totals column (合计): checked against the row, never counted.
    pub total: bool,
}

static MONTH_ZH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(\d{4})年)?(\d{1,2}|十[一二]?|[一二三四五六七八九])月份?(?:$|[^\d日号])").expect("constant regex")
});
static MONTH_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/.](\d{1,2})$").expect("constant regex"));
static MONTH_EN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^a-z])([a-z]{3,9})\.?(\d{4})?(?:$|[^a-z])").expect("constant regex"));
static SCHOOL_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})[-—–~至到/](\d{4})(?:学年|年度|年|school|$)").expect("constant regex"));

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计", "累计", "共计", "总数", "total", "sum"];
const FIRST_TERM: &[&str] = &[
    "上学期",
    "第一学期",
    "第1学期",
    "秋季学期",
    "秋学期",
    "一学期",
    "term1",
    "semester1",
    "firstterm",
    "autumnterm",
    "fallterm",
];
const SECOND_TERM: &[&str] = &[
    "下学期",
    "第二学期",
    "第2学期",
    "春季学期",
    "春学期",
    "二学期",
    "term2",
    "semester2",
    "secondterm",
    "springterm",
];
const YEAR_WORDS: &[&str] = &["全年", "全学年", "本学年", "学年", "年度", "全年度", "schoolyear", "year", "annual"];
/// Words naming a measure, most specific first.
const MEASURE_WORDS: &[(&str, TallyMeasure)] = &[
    ("字数", TallyMeasure::Words),
    ("words", TallyMeasure::Words),
    ("学分", TallyMeasure::Credits),
    ("credit", TallyMeasure::Credits),
    ("听课", TallyMeasure::Lessons),
    ("观课", TallyMeasure::Lessons),
    ("节数", TallyMeasure::Lessons),
    ("observation", TallyMeasure::Lessons),
    ("lessons", TallyMeasure::Lessons),
    ("篇数", TallyMeasure::Pieces),
    ("反思", TallyMeasure::Pieces),
    ("总结", TallyMeasure::Pieces),
    ("笔记", TallyMeasure::Pieces),
    ("随笔", TallyMeasure::Pieces),
    ("摘抄", TallyMeasure::Pieces),
    ("reflection", TallyMeasure::Pieces),
    ("essay", TallyMeasure::Pieces),
    ("学时", TallyMeasure::Hours),
    ("小时", TallyMeasure::Hours),
    ("hour", TallyMeasure::Hours),
];

fn normalize(text: &str) -> String {
    crate::parse::nfkc(text).to_lowercase().chars().filter(|c| !c.is_whitespace()).collect()
}

/// A month's number from digits or Chinese numerals (9, 十, 十二).
fn chinese_month(s: &str) -> Option<u32> {
    const DIGITS: &str = "一二三四五六七八九";
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    match s.chars().collect::<Vec<_>>().as_slice() {
        ['十'] => Some(10),
        ['十', d] => DIGITS.chars().position(|c| c == *d).map(|i| 11 + i as u32).filter(|m| *m <= 12),
        [d] => DIGITS.chars().position(|c| c == *d).map(|i| i as u32 + 1),
        _ => None,
    }
}

/// The period a text names, if any (a term before a year: 2025-2026学年第一学期 is a term).
pub fn period_in(text: &str) -> Option<TallyPeriod> {
    let s = normalize(text);
    let school_year = SCHOOL_YEAR.captures(&s).and_then(|c| {
        let (a, b) = (c.get(1)?.as_str().parse::<i32>().ok()?, c.get(2)?.as_str().parse::<i32>().ok()?);
        (b == a + 1).then_some(a)
    });
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(FIRST_TERM) {
        return Some(TallyPeriod::Term { year: school_year, term: 1 });
    }
    if has(SECOND_TERM) {
        return Some(TallyPeriod::Term { year: school_year, term: 2 });
    }
    if let Some(c) = MONTH_NUMERIC.captures(&s) {
        let y = c.get(1).and_then(|m| m.as_str().parse().ok());
        if let Some(m) = c.get(2).and_then(|m| m.as_str().parse::<u32>().ok()).filter(|m| (1..=12).contains(m)) {
            return Some(TallyPeriod::Month { year: y, month: m });
        }
    }
    // One month names the period; two (9月-1月) are a range, not a month.
    let months: Vec<TallyPeriod> = MONTH_ZH
        .captures_iter(&s)
        .filter_map(|c| {
            let y = c.get(1).and_then(|m| m.as_str().parse().ok());
            let m = c.get(2).and_then(|m| chinese_month(m.as_str())).filter(|m| (1..=12).contains(m))?;
            Some(TallyPeriod::Month { year: y, month: m })
        })
        .chain(MONTH_EN.captures_iter(&s).filter_map(|c| {
            let word = c.get(1)?.as_str();
            let i = MONTH_NAMES.iter().position(|n| n.starts_with(word))?;
            let y = c.get(2).and_then(|m| m.as_str().parse().ok());
            Some(TallyPeriod::Month { year: y, month: i as u32 + 1 })
        }))
        .collect();
    if let [month] = months[..] {
        return Some(month);
    }
    if school_year.is_some() || has(YEAR_WORDS) {
        return Some(TallyPeriod::Year { year: school_year });
    }
    None
}

/// The measure a text names, with the kind of writing for pieces and words.
pub fn measure_in(text: &str) -> Option<(TallyMeasure, Option<String>)> {
    let s = normalize(text);
    let measure = MEASURE_WORDS.iter().find(|(w, _)| s.contains(w)).map(|(_, m)| *m)?;
    let label = match measure {
        TallyMeasure::Pieces | TallyMeasure::Words => crate::parse::records::writing_kind(&s),
        _ => None,
    };
    Some((measure, label))
}

/// What a header text says about a count; `None` when it names no measure, period or total.
pub fn classify(text: &str) -> Option<CountHeader> {
    let s = normalize(text);
    if s.is_empty() {
        return None;
    }
    let total = TOTAL_WORDS.iter().any(|w| s.contains(w));
    let (measure, label) = measure_in(&s).map_or((None, None), |(m, l)| (Some(m), l));
    let period = period_in(&s);
    (total || measure.is_some() || period.is_some()).then_some(CountHeader { measure, label, period, total })
}

/// A period without a year takes the school year its context names (a title 2025-2026学年,
/// a sheet 2025年9月): months from September belong to its first calendar year.
fn with_year(period: TallyPeriod, context: TallyPeriod) -> TallyPeriod {
    let school_year = match context {
        TallyPeriod::Term { year, .. } | TallyPeriod::Year { year } => year,
        TallyPeriod::Month { year, month } => year.map(|y| if month >= 9 { y } else { y - 1 }),
    };
    let Some(y) = school_year else { return period };
    match period {
        TallyPeriod::Month { year: None, month } => {
            TallyPeriod::Month { year: Some(if month >= 9 { y } else { y + 1 }), month }
        }
        TallyPeriod::Term { year: None, term } => TallyPeriod::Term { year: Some(y), term },
        TallyPeriod::Year { year: None } => TallyPeriod::Year { year: Some(y) },
        other => other,
    }
}

/// The count columns a totals column adds up: those of its measure to its left, back to the
/// measure's previous totals column (上学期小计 after 9月 … 1月); a total of the school year, or
/// one standing left of its counts, adds up every count of its measure in the row.
pub fn total_parts(counts: &[CountColumn], total: &CountColumn) -> Vec<u32> {
    let same = |c: &&CountColumn| (c.measure, &c.label) == (total.measure, &total.label);
    let all: Vec<u32> = counts.iter().filter(same).filter(|c| !c.total).map(|c| c.col).collect();
    if matches!(total.period, TallyPeriod::Year { .. }) {
        return all;
    }
    let previous = counts.iter().filter(same).filter(|c| c.total && c.col < total.col).map(|c| c.col).max();
    let left: Vec<u32> = all.iter().copied().filter(|c| *c < total.col && previous.is_none_or(|p| *c > p)).collect();
    if left.is_empty() {
        all
    } else {
        left
    }
}

/// What a sheet says around its header: the title rows above it, the sheet name and the file
/// name (`hint`) — where a tally's measure or period is when its headers leave it out.
pub fn context(sheet: &crate::read::Sheet, header_rows: &[u32], hint: &str) -> String {
    let top = header_rows.first().copied().unwrap_or(0);
    let mut parts: Vec<String> = (0..top)
        .flat_map(|r| (0..sheet.width()).map(move |c| (r, c)))
        .map(|(r, c)| sheet.get(r, c).display())
        .filter(|t| !t.trim().is_empty())
        .collect();
    parts.push(sheet.name.clone());
    parts.push(hint.to_string());
    parts.join(" ")
}

/// The count columns of a header whose other columns make no detailed register, with the
/// measure and period the header leaves out taken from `context` (the header rows' other texts
/// are already joined in each column; context is the title rows, sheet name and file name).
/// Empty when the sheet is not a tally.
pub fn count_columns(columns: &[HeaderColumn], name_col: u32, context: &str) -> Vec<CountColumn> {
    use super::fields::Field as F;
    // Columns that only a detailed register has (one event per row), or only a roster.
    const DETAIL: &[F] = &[
        F::Date,
        F::Mark,
        F::Topic,
        F::Form,
        F::Time,
        F::Place,
        F::Presenter,
        F::Signature,
        F::Observed,
        F::Class,
        F::Period,
        F::Rating,
        F::Comment,
        F::Kind,
        F::Course,
        F::Level,
        F::Certificate,
        // A roster's own columns: a roster with an hours column stays a roster.
        F::IdNumber,
        F::Gender,
        F::BirthDate,
        F::StartDate,
        F::Category,
        F::Status,
    ];
    let headers: Vec<(u32, CountHeader)> =
        columns.iter().filter(|c| c.col != name_col).filter_map(|c| Some((c.col, classify(&c.text)?))).collect();
    let is_count = |col: u32| headers.iter().any(|(c, _)| *c == col);
    let detailed = columns.iter().any(|c| !is_count(c.col) && c.candidates.first().is_some_and(|f| DETAIL.contains(f)));
    if detailed {
        return Vec::new();
    }
    let context_measure = measure_in(context);
    let context_period = period_in(context).unwrap_or(TallyPeriod::Year { year: None });
    let mut out: Vec<CountColumn> = headers
        .into_iter()
        .filter_map(|(col, h)| {
            let (measure, label) = match h.measure {
                Some(m) => (m, h.label),
                None => context_measure.clone()?,
            };
            let label = match measure {
                TallyMeasure::Pieces | TallyMeasure::Words => {
                    label.or_else(|| crate::parse::records::writing_kind(context)).or(Some("教学反思".into()))
                }
                _ => None,
            };
            let period = with_year(h.period.unwrap_or(context_period), context_period);
            Some(CountColumn { col, measure, label, period, total: h.total })
        })
        .collect();
    // 全年 beside shorter periods of the same measure is their total; a total with nothing
    // beside it to add up is the count itself.
    let snapshot = out.clone();
    for c in out.iter_mut() {
        let siblings = |shorter_only: bool| {
            snapshot.iter().any(|o| {
                o.col != c.col
                    && !o.total
                    && (o.measure, &o.label) == (c.measure, &c.label)
                    && !(shorter_only && matches!(o.period, TallyPeriod::Year { .. }))
            })
        };
        if matches!(c.period, TallyPeriod::Year { .. }) && siblings(true) {
            c.total = true;
        } else if c.total && !siblings(false) {
            c.total = false;
        }
    }
    // Two columns for one measure and period would count it twice: only a grid of distinct
    // periods, or distinct measures, is a tally.
    let mut keys: Vec<_> = out.iter().filter(|c| !c.total).map(|c| (c.measure, c.label.clone(), c.period)).collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    if keys.len() != n || n == 0 {
        return Vec::new();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(m: u32) -> Option<TallyPeriod> {
        Some(TallyPeriod::Month { year: None, month: m })
    }

    #[test]
    fn periods_are_read_from_headers() {
        assert_eq!(period_in("9月"), month(9));
        assert_eq!(period_in("十月"), month(10));
        assert_eq!(period_in("十二月份"), month(12));
        assert_eq!(period_in("Sep"), month(9));
        assert_eq!(period_in("October 2025"), Some(TallyPeriod::Month { year: Some(2025), month: 10 }));
        assert_eq!(period_in("2025年11月"), Some(TallyPeriod::Month { year: Some(2025), month: 11 }));
        assert_eq!(period_in("上学期"), Some(TallyPeriod::Term { year: None, term: 1 }));
        assert_eq!(period_in("第二学期听课节数"), Some(TallyPeriod::Term { year: None, term: 2 }));
        assert_eq!(
            period_in("2025-2026学年第一学期教师研修统计"),
            Some(TallyPeriod::Term { year: Some(2025), term: 1 })
        );
        assert_eq!(period_in("全年"), Some(TallyPeriod::Year { year: None }));
        assert_eq!(period_in("9月3日"), None, "a day is a session, not a month");
        assert_eq!(period_in("出生年月"), None);
        assert_eq!(period_in("听课节数"), None);
        assert_eq!(period_in("9月-1月"), None, "a range of months is not one month");
        assert_eq!(period_in("marks"), None);
    }

    #[test]
    fn a_roster_or_a_detailed_log_is_not_a_tally() {
        let col = |col: u32, text: &str, f: Vec<super::super::fields::Field>| HeaderColumn {
            col,
            text: text.into(),
            candidates: f,
        };
        use super::super::fields::Field;
        let roster = [col(0, "姓名", vec![Field::Name]), col(1, "性别", vec![Field::Gender]), col(2, "学时", vec![])];
        assert!(count_columns(&roster, 0, "").is_empty());
        let log = [col(0, "听课人", vec![Field::Name]), col(1, "日期", vec![Field::Date]), col(2, "听课节数", vec![])];
        assert!(count_columns(&log, 0, "").is_empty());
        let tally =
            [col(0, "姓名", vec![Field::Name]), col(1, "教研组", vec![Field::Department]), col(2, "学时", vec![])];
        assert_eq!(count_columns(&tally, 0, "").len(), 1);
    }

    #[test]
    fn measures_are_read_from_headers() {
        assert_eq!(measure_in("听课节数"), Some((TallyMeasure::Lessons, None)));
        assert_eq!(measure_in("反思篇数"), Some((TallyMeasure::Pieces, Some("反思".into()))));
        assert_eq!(measure_in("读书笔记字数"), Some((TallyMeasure::Words, Some("读书笔记".into()))));
        assert_eq!(measure_in("培训学时"), Some((TallyMeasure::Hours, None)));
        assert_eq!(measure_in("学分"), Some((TallyMeasure::Credits, None)));
        assert_eq!(measure_in("Observations"), Some((TallyMeasure::Lessons, None)));
        assert_eq!(measure_in("教研组"), None);
    }

    #[test]
    fn a_month_grid_takes_its_measure_from_the_title_and_its_total_is_a_total() {
        let col = |col: u32, text: &str| HeaderColumn { col, text: text.into(), candidates: Vec::new() };
        let name = HeaderColumn { col: 0, text: "姓名".into(), candidates: vec![super::super::fields::Field::Name] };
        let columns = vec![name, col(1, "9月"), col(2, "10月"), col(3, "合计")];
        let counts = count_columns(&columns, 0, "听课节数统计表");
        assert_eq!(counts.len(), 3);
        assert!(counts.iter().all(|c| c.measure == TallyMeasure::Lessons));
        assert_eq!(counts[0].period, TallyPeriod::Month { year: None, month: 9 });
        assert!(counts[2].total && !counts[0].total);
        // Without a measure anywhere, months are not counts.
        assert!(count_columns(&columns, 0, "Sheet1").is_empty());
    }

    #[test]
    fn a_subtotal_adds_up_the_counts_since_the_previous_one() {
        let count = |col: u32, period: Option<TallyPeriod>, total: bool| CountColumn {
            col,
            measure: TallyMeasure::Lessons,
            label: None,
            period: period.unwrap_or(TallyPeriod::Year { year: None }),
            total,
        };
        let term = |t| Some(TallyPeriod::Term { year: None, term: t });
        let counts = vec![
            count(1, month(9), false),
            count(2, month(10), false),
            count(3, term(1), true),
            count(4, month(2), false),
            count(5, term(2), true),
            count(6, None, true),
        ];
        assert_eq!(total_parts(&counts, &counts[2]), vec![1, 2]);
        assert_eq!(total_parts(&counts, &counts[4]), vec![4]);
        assert_eq!(total_parts(&counts, &counts[5]), vec![1, 2, 4]);
    }

    #[test]
    fn spans_follow_the_calendar() {
        let year = SchoolYear::conventional(2025);
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(TallyPeriod::Month { year: None, month: 1 }.span(&year), Some((d(2026, 1, 1), d(2026, 1, 31))));
        assert_eq!(TallyPeriod::Term { year: None, term: 2 }.span(&year), Some((d(2026, 2, 1), d(2026, 8, 31))));
        assert_eq!(TallyPeriod::Year { year: None }.id(&year), "2025-2026");
        assert_eq!(TallyPeriod::Term { year: None, term: 1 }.id(&year), "2025-2026-1");
        assert_eq!(TallyPeriod::Month { year: None, month: 9 }.id(&year), "2025-09");
    }
}
