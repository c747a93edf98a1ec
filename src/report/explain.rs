//! `regcheck rules`: the effective rules in plain sentences, in Chinese or English, so the
//! office can hold them against the paper policy ("每位教师每学年培训学时不少于90学时；行政…").

use super::messages::{measure_unit, Lang};
use crate::read::format_number as num;
use crate::rules::policy::Named;
use crate::rules::{Measure, PeriodKind, RoleBound, Rule, Rules, Scope};

/// The whole explanation: calendar, roles, rules, then how things are counted.
pub fn explain(rules: &Rules, source: &str, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(if zh { format!("规则文件：{source}") } else { format!("Rules file: {source}") });
    if !rules.school.name.is_empty() {
        line(if zh { format!("学校：{}", rules.school.name) } else { format!("School: {}", rules.school.name) });
    }
    line(calendar(rules, lang));
    if let Some(c) = &rules.cycle {
        line(if zh {
            format!("培训周期：{}（{} 至 {}）", c.id(), c.start, c.last_day())
        } else {
            format!("Cycle: {} ({} to {})", c.id(), c.start, c.last_day())
        });
    }

    line(String::new());
    line(lang.pick("角色（按名册）：", "Roles (from the roster):").to_string());
    line(format!("  {}", lang.pick("教师（teacher）：每位教师都有", "Teachers (teacher): everyone")));
    for id in rules.role_order() {
        let entries: Vec<_> = rules.roles.iter().filter(|r| r.id == id).collect();
        let name = entries[0].label(lang);
        let conditions: Vec<String> = entries.iter().map(|r| role_condition(r, lang)).collect();
        let mut text = match lang {
            Lang::Zh => format!("  {name}（{id}）：{}", conditions.join("；或")),
            Lang::En => format!("  {name} ({id}): {}", conditions.join("; or ")),
        };
        if entries.iter().any(|r| r.exempt) {
            text.push_str(lang.pick("；免于考核", "; exempt from every rule"));
        }
        if let Some(scale) = entries.iter().find_map(|r| r.scale) {
            text.push_str(&if zh {
                format!("；下限按 {} 折算", num(scale))
            } else {
                format!("; minimums scaled by {}", num(scale))
            });
        }
        line(text);
    }

    line(String::new());
    line(lang.pick("考核规则：", "Rules:").to_string());
    if rules.rules.is_empty() {
        line(format!("  {}", lang.pick("（没有规则）", "(none)")));
    }
    for (i, rule) in rules.rules.iter().enumerate() {
        let colon = lang.pick("：", ": ");
        line(format!("  {}. {} [{}]{colon}{}", i + 1, rule.title(lang), rule.id, sentence(rule, rules, lang)));
    }

    line(String::new());
    line(lang.pick("计算方法：", "How things are counted:").to_string());
    for s in counting(rules, lang) {
        line(format!("  · {s}"));
    }
    out
}

fn calendar(rules: &Rules, lang: Lang) -> String {
    match &rules.school_year {
        Some(y) => {
            let year = crate::rules::calendar::SchoolYear::from_config(y);
            let terms: Vec<String> =
                year.terms.iter().map(|t| format!("{} {}–{}", t.name, t.start, t.end)).collect();
            match lang {
                Lang::Zh => format!("学年：{}（{} 至 {}）；{}", year.name, year.start, year.end, terms.join("；")),
                Lang::En => format!("School year: {} ({} to {}); {}", year.name, year.start, year.end, terms.join("; ")),
            }
        }
        None => lang
            .pick(
                "学年：由登记表中的日期推断，9月1日至次年8月31日，第一学期到1月底。",
                "School year: inferred from the dates in the registers, 1 September to 31 August, the first term to the end of January.",
            )
            .to_string(),
    }
}

fn role_condition(role: &crate::rules::Role, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(column) = role.column.as_deref() {
        let field = super::messages::field_label(column, lang);
        parts.push(match lang {
            Lang::Zh => format!("名册“{field}”含 {}", role.contains.join("、")),
            Lang::En => format!("the roster's {field} contains {}", role.contains.join(", ")),
        });
    }
    if let Some(n) = role.service_years_below {
        parts.push(match lang {
            Lang::Zh => format!("工龄（自参加工作年月，到学年开始）不满 {} 年", num(n)),
            Lang::En => {
                format!("under {} years of service (from first employment to the start of the school year)", num(n))
            }
        });
    }
    if let Some(n) = role.service_years_at_least {
        parts.push(match lang {
            Lang::Zh => format!("工龄满 {} 年", num(n)),
            Lang::En => format!("at least {} years of service", num(n)),
        });
    }
    parts.join(lang.pick("且", " and "))
}

/// "每位教师每学期听课节数不少于 10 节；行政不少于 20 节。"
pub fn sentence(rule: &Rule, rules: &Rules, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let unit = measure_unit(rule.measure.as_str(), lang);
    let who = match (rule.scope, zh) {
        (Scope::School, true) => "全校",
        (Scope::School, false) => "The school",
        (Scope::Teacher, true) => "每位教师",
        (Scope::Teacher, false) => "Every teacher",
    };
    let period = period_words(rule, rules, lang);
    let noun = noun(rule, rules, lang);
    let bound = bound_words(rule.min, rule.max, unit, lang);
    // A rule with bounds only for some roles applies to those roles only.
    let mut text = match (rule.min.is_some() || rule.max.is_some(), zh) {
        (true, true) => format!("{who}{period}{noun}{bound}"),
        (true, false) => format!("{who}: {noun} {period}, {bound}"),
        (false, true) => format!("{period}{noun}"),
        (false, false) => format!("{noun} {period}"),
    };
    let pick = rules.role_pick(rule);
    for (role, b) in &rule.by_role {
        let name = rules.roles.iter().find(|r| &r.id == role).map_or(role.as_str(), |r| r.label(lang));
        let (min, max) = match *b {
            RoleBound::Value(v) if rule.min.is_some() || rule.max.is_none() => (Some(v), None),
            RoleBound::Value(v) => (None, Some(v)),
            RoleBound::Bounds { min, max } => (min, max),
        };
        let words = bound_words(min, max, unit, lang);
        text.push_str(&if zh { format!("；{name}{words}") } else { format!("; {name}: {words}") });
    }
    if rule.by_role.len() > 1 {
        text.push_str(match (pick, zh) {
            (crate::rules::RolePick::Strictest, true) => "（一人有多个角色时取最严格的要求）",
            (crate::rules::RolePick::Strictest, false) => " (a teacher with several roles meets the strictest)",
            (crate::rules::RolePick::MostLenient, true) => "（一人有多个角色时取最宽松的要求）",
            (crate::rules::RolePick::MostLenient, false) => " (a teacher with several roles meets the most lenient)",
            (crate::rules::RolePick::First, true) => "（一人有多个角色时按角色列出的先后取第一个）",
            (crate::rules::RolePick::First, false) => " (a teacher with several roles meets the first role listed)",
        });
    }
    let mut filters = Vec::new();
    if !rule.forms.is_empty() {
        filters.push(if zh {
            format!("只计形式或主题含 {} 的活动", rule.forms.join("、"))
        } else {
            format!("only sessions whose form or topic says {}", rule.forms.join(", "))
        });
    }
    if !rule.levels.is_empty() {
        filters.push(if zh {
            format!("只计 {} 级", rule.levels.join("、"))
        } else {
            format!("only at level {}", rule.levels.join(", "))
        });
    }
    if let Some(w) = rule.min_words_each {
        filters.push(if zh {
            format!("每篇不少于 {} 字才计", num(w))
        } else {
            format!("a piece counts only with at least {} words", num(w))
        });
    }
    if !filters.is_empty() {
        text.push_str(&if zh {
            format!("（{}）", filters.join("；"))
        } else {
            format!(" ({})", filters.join("; "))
        });
    }
    if rule.severity != crate::finding::Severity::Error {
        let level = super::messages::severity_label(rule.severity, lang);
        text.push_str(&if zh {
            format!("；不符合时记为{level}")
        } else {
            format!("; reported as {} when not met", level.to_lowercase())
        });
    }
    text.push_str(lang.pick("。", "."));
    text
}

fn period_words(rule: &Rule, rules: &Rules, lang: Lang) -> String {
    let months = || rule.months.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(lang.pick("、", ", "));
    match (rule.period, lang) {
        (PeriodKind::Day, Lang::Zh) => "每天".into(),
        (PeriodKind::Day, Lang::En) => "per day".into(),
        (PeriodKind::Month, Lang::Zh) if rule.months.is_empty() => "每月".into(),
        (PeriodKind::Month, Lang::Zh) => format!("每月（{}月）", months()),
        (PeriodKind::Month, Lang::En) if rule.months.is_empty() => "per month".into(),
        (PeriodKind::Month, Lang::En) => format!("per month (months {})", months()),
        (PeriodKind::Term, Lang::Zh) => "每学期".into(),
        (PeriodKind::Term, Lang::En) => "per term".into(),
        (PeriodKind::Year, Lang::Zh) => "每学年".into(),
        (PeriodKind::Year, Lang::En) => "per school year".into(),
        (PeriodKind::Cycle, Lang::Zh) => {
            format!("在培训周期（{}）内", rules.cycle.as_ref().map(|c| c.id()).unwrap_or_default())
        }
        (PeriodKind::Cycle, Lang::En) => {
            format!("over the cycle ({})", rules.cycle.as_ref().map(|c| c.id()).unwrap_or_default())
        }
    }
}

fn noun(rule: &Rule, rules: &Rules, lang: Lang) -> String {
    let kinds = rule.kinds.join(lang.pick("、", ", "));
    let school = rule.scope == Scope::School;
    let (zh, en): (String, String) = match rule.measure {
        Measure::Hours => ("培训学时".into(), "training hours".into()),
        Measure::Credits => ("学分".into(), "credits".into()),
        Measure::Sessions if school => ("举办的培训活动次数".into(), "sessions held".into()),
        Measure::Sessions => ("参加培训次数".into(), "sessions attended".into()),
        Measure::AttendanceRate => ("出勤率".into(), "attendance rate".into()),
        Measure::Absences => match rules.attendance.lates_per_absence {
            Some(n) => {
                (format!("无故缺勤次数（迟到 {n} 次算 1 次）"), format!("unexcused absences ({n} lates count as one)"))
            }
            None => ("无故缺勤次数".into(), "unexcused absences".into()),
        },
        Measure::Lates => ("迟到次数".into(), "lates".into()),
        Measure::Leaves => ("请假次数".into(), "leaves taken".into()),
        Measure::Observations => ("听课节数".into(), "lessons observed".into()),
        Measure::Reflections if kinds.is_empty() => ("反思/总结篇数".into(), "pieces of writing".into()),
        Measure::Reflections => (format!("{kinds}篇数"), format!("pieces of {kinds}")),
        Measure::Words if kinds.is_empty() => ("字数".into(), "words written".into()),
        Measure::Words => (format!("{kinds}字数"), format!("words of {kinds}")),
        Measure::Share => {
            let role = rule.role.as_deref().unwrap_or("");
            let name = rules.roles.iter().find(|r| r.id == role).map_or(role, |r| r.label(lang));
            (format!("{name}占教师的比例"), format!("share of teachers who are {name}"))
        }
    };
    lang.pick(&zh, &en).to_string()
}

fn bound_words(min: Option<f64>, max: Option<f64>, unit: &str, lang: Lang) -> String {
    let u = |v: f64| {
        if unit == "%" {
            format!("{}%", num(v))
        } else if lang == Lang::Zh {
            format!("{}{unit}", num(v))
        } else {
            format!("{} {unit}", num(v))
        }
    };
    match (min, max, lang) {
        (Some(a), Some(b), Lang::Zh) => format!("在 {} 到 {} 之间", u(a), u(b)),
        (Some(a), Some(b), Lang::En) => format!("between {} and {}", u(a), u(b)),
        (Some(a), None, Lang::Zh) => format!("不少于{}", u(a)),
        (Some(a), None, Lang::En) => format!("at least {}", u(a)),
        (None, Some(0.0), Lang::Zh) => "为 0".to_string(),
        (None, Some(0.0), Lang::En) => "none allowed".to_string(),
        (None, Some(b), Lang::Zh) => format!("不超过{}", u(b)),
        (None, Some(b), Lang::En) => format!("at most {}", u(b)),
        (None, None, _) => String::new(),
    }
}

/// The policies that decide what counts, one sentence each.
fn counting(rules: &Rules, lang: Lang) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let list = |v: &[String]| v.join(lang.pick("、", ", "));
    let mark = |m: &crate::parse::mark::Mark| super::messages::mark_label(*m, lang);
    let mut out = Vec::new();
    let c = &rules.counting;
    if !c.not_counted_forms.is_empty() {
        out.push(if zh {
            format!("{} 不属于培训，不计学时和学分。", list(&c.not_counted_forms))
        } else {
            format!("{} are not training and earn no hours or credits.", list(&c.not_counted_forms))
        });
    }
    out.push(if zh {
        format!("1 学时 = {} 分钟（只写起止时间、没写学时的活动按此折算）。", num(c.minutes_per_hour))
    } else {
        format!(
            "One hour of training is {} minutes (used when a session gives a time range but no hours).",
            num(c.minutes_per_hour)
        )
    });
    if let Some(m) = c.max_hours_per_day {
        out.push(if zh {
            format!("每人每天最多计 {} 学时。", num(m))
        } else {
            format!("At most {} hours count per teacher per day.", num(m))
        });
    }
    let a = &rules.attendance;
    if let Some(n) = a.lates_per_absence {
        out.push(if zh {
            format!("迟到 {n} 次算 1 次无故缺勤。")
        } else {
            format!("{n} lates count as one unexcused absence.")
        });
    }
    for (m, h) in &a.deduct_hours {
        out.push(if zh {
            format!("每次{}扣 {} 学时（每期最低为 0）。", mark(m), num(*h))
        } else {
            format!("Each {} deducts {} hours (a period never goes below 0).", mark(m), num(*h))
        });
    }
    let neutral: Vec<&str> = a.neutral_leave.iter().map(mark).collect();
    if !neutral.is_empty() {
        out.push(if zh {
            format!("{} 不算请假，也不计入应出勤次数。", neutral.join("、"))
        } else {
            format!("{} is not counted as leave nor as a session expected.", neutral.join(", "))
        });
    }
    let cr = &rules.credits;
    let mut conversions: Vec<String> = cr
        .conversions
        .iter()
        .map(|k| {
            let forms = if k.forms.is_empty() { lang.pick("其他", "other").to_string() } else { list(&k.forms) };
            if zh {
                format!("{forms} {} 学时折 1 学分", num(k.hours_per_credit))
            } else {
                format!("{forms}: {} hours make 1 credit", num(k.hours_per_credit))
            }
        })
        .collect();
    if let Some(h) = cr.hours_per_credit {
        conversions.push(if zh {
            format!("其余 {} 学时折 1 学分", num(h))
        } else {
            format!("otherwise {} hours make 1 credit", num(h))
        });
    }
    if !conversions.is_empty() {
        out.push(if zh {
            format!("学分：登记表写明学分的按所写；{}。", conversions.join("；"))
        } else {
            format!("Credits: as a ledger gives them; {}.", conversions.join("; "))
        });
    }
    for act in &cr.activities {
        let name = act.label(lang);
        let mut levels: Vec<(&String, &f64)> = act.by_level.iter().collect();
        levels.sort_by(|a, b| a.1.total_cmp(b.1));
        let mut parts: Vec<String> = levels
            .into_iter()
            .map(
                |(level, v)| {
                    if zh {
                        format!("{level} {} 学分", num(*v))
                    } else {
                        format!("{level} {} credits", num(*v))
                    }
                },
            )
            .collect();
        if let Some(v) = act.credits {
            parts.push(if zh { format!("每项 {} 学分", num(v)) } else { format!("{} credits each", num(v)) });
        }
        let long = act
            .min_words
            .map(|w| if zh { format!("（不少于 {} 字）", num(w)) } else { format!(" (at least {} words)", num(w)) })
            .unwrap_or_default();
        out.push(if zh {
            format!("{name}{long}：{}。", parts.join("，"))
        } else {
            format!("{name}{long}: {}.", parts.join(", "))
        });
    }
    if let Some(m) = cr.presenter_multiple {
        out.push(if zh {
            format!("本校教师主讲的活动，主讲人按参训者的 {} 倍计学时和学分。", num(m))
        } else {
            format!("A teacher who presents a session earns {} times a participant's hours and credits.", num(m))
        });
    }
    for cap in &rules.caps {
        let name = cap.label(lang);
        let unit = measure_unit(cap.measure.as_str(), lang);
        let per = match (cap.per, zh) {
            (PeriodKind::Day, true) => "每天",
            (PeriodKind::Month, true) => "每月",
            (PeriodKind::Term, true) => "每学期",
            (PeriodKind::Year, true) => "每学年",
            (PeriodKind::Cycle, true) => "每个周期",
            (PeriodKind::Day, false) => "a day",
            (PeriodKind::Month, false) => "a month",
            (PeriodKind::Term, false) => "a term",
            (PeriodKind::Year, false) => "a school year",
            (PeriodKind::Cycle, false) => "a cycle",
        };
        out.push(if zh {
            format!("上限：{name}{per}最多计 {}{unit}，超出部分不计。", num(cap.max))
        } else {
            format!("Cap: {name} counts at most {} {unit} {per}; the excess does not count.", num(cap.max))
        });
    }
    out.push(match (c.prorate, zh) {
        (true, true) => "学期或学年中途入职、调入或离开的教师，下限按在校天数折算。".into(),
        (true, false) => {
            "Teachers who joined or left during a period have its minimums scaled to the days they were at the school."
                .into()
        }
        (false, true) => "中途入职或离开的教师不折算。".into(),
        (false, false) => "Minimums are not scaled for teachers who joined or left during a period.".into(),
    });
    out.push(
        match rules.marks.blank {
            crate::rules::BlankMark::NotExpected => lang.pick(
                "考勤表中的空格表示本次不要求参加。",
                "A blank cell in an attendance grid means the teacher was not expected.",
            ),
            crate::rules::BlankMark::Absent => {
                lang.pick("考勤表中的空格按无故缺勤计。", "A blank cell in an attendance grid is an unexcused absence.")
            }
        }
        .to_string(),
    );
    out
}
