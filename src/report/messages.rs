//! Messages for people, in Chinese and English, rendered from a finding's code and parameters.
//! Each says what is wrong and what to do about it.

use crate::finding::{Code, Finding};
use crate::Run;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Chinese when the registers' headers are Chinese, English otherwise.
    pub fn detect(header_text: &str) -> Lang {
        if header_text.chars().any(crate::parse::name::is_cjk) {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The text in this language: `zh` or `en`.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// A canonical field's name for people.
pub fn field_label(field: &str, lang: Lang) -> String {
    let (zh, en) = match field {
        "name" => ("姓名", "name"),
        "date" => ("日期", "date"),
        "mark" => ("签到/考勤情况", "attendance mark"),
        "hours" => ("学时", "hours"),
        "lessons" => ("听课节数", "lessons"),
        "words" => ("字数", "word count"),
        "credits" => ("学分", "credits"),
        "topic" => ("主题", "topic"),
        "form" => ("形式", "form"),
        "kind" => ("类型", "kind"),
        "department" => ("教研组", "department"),
        "position" => ("职务", "position"),
        "id_number" => ("身份证号", "ID number"),
        "staff_id" => ("工号", "staff number"),
        "gender" => ("性别", "gender"),
        "birth_date" => ("出生日期", "birth date"),
        "subject" => ("学科", "subject"),
        "title" => ("职称/题目", "title"),
        "start_date" => ("参加工作时间", "start of service"),
        "category" => ("类别", "category"),
        "status" => ("状态", "status"),
        "time" => ("时间", "time"),
        "place" => ("地点", "place"),
        "presenter" => ("主讲人", "presenter"),
        "signature" => ("签名", "signature"),
        "note" => ("备注", "note"),
        "observed" => ("授课教师", "teacher observed"),
        "class" => ("班级", "class"),
        "period" => ("节次", "period"),
        "rating" => ("评价等级", "rating"),
        "comment" => ("评语", "comment"),
        "course" => ("项目/课程", "course"),
        "level" => ("级别", "level"),
        "certificate" => ("证书编号", "certificate"),
        "count" => ("统计数", "count"),
        other => (other, other),
    };
    lang.pick(zh, en).to_string()
}

/// A measure's unit for people.
pub fn measure_unit(measure: &str, lang: Lang) -> &'static str {
    match (measure, lang) {
        ("hours", Lang::Zh) => "学时",
        ("hours", Lang::En) => "hours",
        ("sessions", Lang::Zh) => "次",
        ("sessions", Lang::En) => "sessions",
        ("absences", Lang::Zh) => "次无故缺勤",
        ("absences", Lang::En) => "unexcused absences",
        ("lates", Lang::Zh) => "次迟到",
        ("lates", Lang::En) => "lates",
        ("observations", Lang::Zh) => "节",
        ("observations", Lang::En) => "lessons",
        ("reflections", Lang::Zh) => "篇",
        ("reflections", Lang::En) => "pieces",
        ("words", Lang::Zh) => "字",
        ("words", Lang::En) => "words",
        ("credits", Lang::Zh) => "学分",
        ("credits", Lang::En) => "credits",
        ("leaves", Lang::Zh) => "次请假",
        ("leaves", Lang::En) => "leaves",
        ("attendance_rate" | "share", _) => "%",
        _ => "",
    }
}

/// An attendance mark's kind for people.
pub fn mark_label(mark: crate::parse::mark::Mark, lang: Lang) -> &'static str {
    use crate::parse::mark::Mark::*;
    match mark {
        Present => lang.pick("出勤", "presence"),
        Late => lang.pick("迟到", "late arrival"),
        LeftEarly => lang.pick("早退", "early leaving"),
        Leave => lang.pick("请假", "leave"),
        SickLeave => lang.pick("病假", "sick leave"),
        PersonalLeave => lang.pick("事假", "personal leave"),
        OfficialLeave => lang.pick("公假", "official leave"),
        Absent => lang.pick("无故缺勤", "unexcused absence"),
    }
}

/// A register kind for people.
pub fn register_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "roster" => lang.pick("教师名册", "roster"),
        "attendance" => lang.pick("签到/考勤表", "attendance register"),
        "observations" => lang.pick("听课记录", "observation log"),
        "reflections" => lang.pick("反思/总结登记", "reflection log"),
        "hours" => lang.pick("学时/学分登记", "hours ledger"),
        _ => lang.pick("未识别", "unrecognized"),
    }
}

/// Renders a finding's message in `lang`, ID and phone numbers masked unless the run shows
/// personal data (see [`super::privacy`]).
pub fn render(f: &Finding, lang: Lang, run: &Run) -> String {
    let text = render_unmasked(f, lang, run);
    if run.show_personal_data {
        text
    } else {
        super::privacy::mask(&text)
    }
}

fn render_unmasked(f: &Finding, lang: Lang, run: &Run) -> String {
    let p = |k: &str| f.params.get(k).cloned().unwrap_or_default();
    // A message quotes a value, not a page of it: long cell texts are cut.
    let value = shorten(f.value.as_deref().unwrap_or_default());
    // A school rule's finding is about the school as a whole.
    let who = match f.teacher.as_deref() {
        Some(t) => shorten(t),
        None => lang.pick("全校", "The school").to_string(),
    };
    let zh = lang == Lang::Zh;
    let field = field_label(&p("field"), lang);
    let rule_title = f
        .rule
        .as_deref()
        .and_then(|id| run.rules.rules.iter().find(|r| r.id == id))
        .map(|r| r.title(lang).to_string())
        .unwrap_or_else(|| f.rule.clone().unwrap_or_default());
    let unit = measure_unit(&p("measure"), lang);
    let other = || {
        let cell = p("other");
        match (f.params.get("other_file"), f.params.get("other_sheet")) {
            (Some(file), Some(sheet)) => {
                let file = file.parse::<usize>().ok().and_then(|i| run.files.get(i));
                let sheet_name = file
                    .and_then(|fl| sheet.parse::<usize>().ok().and_then(|s| fl.sheets.get(s)))
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                let file_name = file.map(|f| f.display()).unwrap_or_default();
                format!("{file_name} / {sheet_name}!{cell}")
            }
            _ => cell,
        }
    };
    match f.code {
        Code::UnreadableFile if f.params.contains_key("limit") => {
            if zh {
                format!("文件太大，未读取：{}。请删去不用的行、列和工作表，或把文件拆开后再放入；确需读取时可在规则文件 [limits] 中调高上限。", p("reason_zh"))
            } else {
                format!(
                    "The file is too large and was not read: {}. Delete unused rows, columns and sheets or split the file, then try again; if it must be read as it is, raise the limit under [limits] in the rules file.",
                    p("reason")
                )
            }
        }
        Code::UnreadableFile => {
            if zh {
                format!("无法读取此文件（{}）。请用 Excel 或 WPS 打开检查，另存为 .xlsx 后再放入。", p("reason"))
            } else {
                format!(
                    "This file cannot be read ({}). Open it in Excel or WPS, save it as .xlsx and try again.",
                    p("reason")
                )
            }
        }
        Code::EncryptedFile => {
            if zh {
                "文件设置了打开密码或已加密，无法读取。请在 Excel/WPS 中取消密码（文件 → 信息 → 保护工作簿）后另存一份再放入。".into()
            } else {
                "The file is password-protected or encrypted. Remove the password in Excel/WPS (File → Info → Protect Workbook), save a copy and try again.".into()
            }
        }
        Code::UnsupportedFile => {
            if zh {
                format!("不是可识别的表格文件（{}）。请放入 .xlsx、.xls、.ods 或 .csv 文件。", p("reason"))
            } else {
                format!("Not a spreadsheet regcheck reads ({}). Use .xlsx, .xls, .ods or .csv files.", p("reason"))
            }
        }
        Code::NoRegisterFound => {
            if zh {
                "此工作表没有找到登记表（前30行内没有含“姓名”等列名的表头）。如果它是登记表，请检查表头文字，或在规则文件 [aliases] 中补充列名。".into()
            } else {
                "No register found on this sheet (no header with a name column in the first 30 rows). If it is a register, check the header texts or add them under [aliases] in the rules file.".into()
            }
        }
        Code::MissingColumn => {
            let kind = register_label(&p("kind"), lang);
            // Without hours a sign-in sheet still counts attendance; without a name or date nothing counts.
            let (effect_zh, effect_en) = if p("field") == "hours" {
                ("参加的活动无法计入学时", "attendance cannot earn hours")
            } else {
                ("其中的记录无法计入", "its records cannot count")
            };
            if p("layout") == "grid" {
                // A grid has no hours column: each session's hours go in a header row under its date.
                if zh {
                    format!("这张考勤表没有写每次活动的学时，{effect_zh}。请在日期下加一行“学时”，填上每次活动的学时。")
                } else {
                    format!("This attendance grid gives no hours for its sessions, so {effect_en}. Add a row headed 学时 (hours) under the dates with each session's hours.")
                }
            } else if zh {
                format!(
                    "这张{kind}缺少“{field}”列，{effect_zh}。请补上该列，或在规则文件 [aliases] 中说明本校用的列名。"
                )
            } else {
                format!("This {kind} has no {field} column, so {effect_en}. Add the column, or name your header under [aliases] in the rules file.")
            }
        }
        Code::AmbiguousColumn => {
            if zh {
                format!("又一列“{value}”也像是“{field}”，已使用 {} 列。请改掉多余列的列名，以免混淆。", p("used"))
            } else {
                format!("Another column \"{value}\" also looks like the {field}; column {} is used. Rename the extra column to avoid confusion.", p("used"))
            }
        }
        Code::MissingValue => {
            if zh {
                format!("“{field}”为空。请补填；空着的这一项不计入。")
            } else {
                format!("The {field} is empty. Fill it in; until then it does not count.")
            }
        }
        Code::InvalidDate => {
            let reason = p("reason");
            let why_zh = match reason.split(':').collect::<Vec<_>>().as_slice() {
                ["month", m] => format!("没有{m}月"),
                ["day", m, d] => format!("{m}月没有{d}日"),
                _ => "无法识别为日期".to_string(),
            };
            let why_en = match reason.split(':').collect::<Vec<_>>().as_slice() {
                ["month", m] => format!("there is no month {m}"),
                ["day", m, d] => format!("month {m} has no day {d}"),
                _ => "it is not recognizable as a date".to_string(),
            };
            if zh {
                format!("日期“{value}”有误：{why_zh}。请改成正确日期，如 2025-09-01；改正前此条不计入。")
            } else {
                format!("The date \"{value}\" is wrong: {why_en}. Correct it (e.g. 2025-09-01); until then this record does not count.")
            }
        }
        Code::DateOutsideYear => {
            if zh {
                format!("日期 {value} 不在 {} 学年内，此条不计入。请核对年份是否写错。", p("year"))
            } else {
                format!(
                    "The date {value} is outside the {} school year, so this record does not count. Check the year.",
                    p("year")
                )
            }
        }
        Code::InvalidNumber => {
            if zh {
                format!("“{value}”不是数字，{field}无法计入。请只填数字，如 1200。")
            } else {
                format!("\"{value}\" is not a number, so the {field} cannot count. Enter a plain number such as 1200.")
            }
        }
        Code::ValueOutOfRange => {
            if zh {
                format!("{field} “{value}”不合理（应大于0且不超过{}），未计入。请核对是否录入错误。", p("max"))
            } else {
                format!("The {field} \"{value}\" is implausible (should be above 0 and at most {}); it was not counted. Check for a typing error.", p("max"))
            }
        }
        Code::UnknownMark => {
            if zh {
                format!("不认识的考勤符号“{value}”，此条不计入。请改用 √ 迟到 病假 事假 公假 旷课 等，或把它加进规则文件 [marks]。")
            } else {
                format!("Unknown attendance mark \"{value}\"; this record does not count. Use √, 迟到, 病假, 事假, 公假, 旷课 …, or add it under [marks] in the rules file.")
            }
        }
        Code::UnknownTeacher => {
            let s = p("suggestion");
            match (zh, s.is_empty()) {
                (true, false) => format!("名册中没有“{value}”，是不是“{s}”？请改正姓名；改正前此条不计入任何人。"),
                (true, true) => format!("名册中没有“{value}”。请核对姓名，或把此人加入名册；改正前此条不计入。"),
                (false, false) => format!("\"{value}\" is not on the roster. Did you mean \"{s}\"? Correct the name; until then this record counts for no one."),
                (false, true) => format!("\"{value}\" is not on the roster. Check the name or add the teacher to the roster; until then this record does not count."),
            }
        }
        Code::AmbiguousTeacher => {
            if zh {
                format!("名册中有不止一位“{who}”，无法确定是谁，此条暂不计入。请在名册和登记表中加以区分（如 张伟(语文)），或加工号列。")
            } else {
                format!("The roster has more than one \"{who}\", so this record cannot be attributed and does not count. Tell them apart (e.g. 张伟(语文)) or add a staff number column.")
            }
        }
        Code::DuplicateTeacher => {
            if zh {
                format!(
                    "名册中“{who}”出现了两次（另见 {}）。如是同名的两位教师，请加以区分；如是重复录入，请删去一行。",
                    other()
                )
            } else {
                format!("\"{who}\" appears twice on the roster (also at {}). If they are two teachers, tell them apart; if it is a repeat, delete one row.", other())
            }
        }
        Code::DuplicateRecord => {
            if zh {
                format!("与 {} 完全相同的重复记录，只计一次。请删去多余的一行。", other())
            } else {
                format!("An exact repeat of the record at {}; it is counted once. Delete the extra row.", other())
            }
        }
        Code::ConflictingRecord => {
            if zh {
                format!("与 {} 是同一次活动的记录，但内容不同，只计先出现的一条。请核对哪条正确并删去另一条。", other())
            } else {
                format!("The same event as the record at {}, with different values; only the first is counted. Check which is right and delete the other.", other())
            }
        }
        Code::NotCounted => {
            if zh {
                format!("“{value}”不属于培训活动，不计学时（共 {} 条记录）。无需修改；如本校计入，请修改规则文件 [counting]。", p("records"))
            } else {
                format!("\"{value}\" is not training and earns no hours ({} records). Nothing to fix; if your school counts it, change [counting] in the rules file.", p("records"))
            }
        }
        Code::TotalMismatch if p("total") == "tally-row" => {
            if zh {
                format!(
                    "合计写的是 {value}，这一行各列的统计数加起来是 {}。请核对各列或改正合计；regcheck 按各列计算。",
                    p("computed")
                )
            } else {
                format!("The total says {value}, but the counts in this row add up to {}. Check the counts or correct the total; regcheck adds up the counts.", p("computed"))
            }
        }
        Code::TotalMismatch if p("total") == "tally-detail" => {
            let from = detail_from(f, run);
            if zh {
                format!("{who}：统计表记的是 {value} {unit}，但明细（{from}）中同一期间共 {} {unit}。按明细计入，此统计数不计入。请核对两处哪处有误。", p("computed"))
            } else {
                format!("{who}: the tally says {value} {unit}, but the detailed records ({from}) for the same period add up to {}. The detail is counted, not this tally. Check which of the two is wrong.", p("computed"))
            }
        }
        Code::TotalMismatch => {
            let (what_zh, what_en) = match p("total").as_str() {
                "hours" => ("学时合计", "total hours"),
                "absences" => ("缺勤次数", "number of absences"),
                "lates" => ("迟到次数", "number of lates"),
                "leaves" => ("请假次数", "number of leaves"),
                _ => ("出勤次数", "number of sessions attended"),
            };
            if zh {
                format!("{what_zh}写的是 {value}，按这一行的考勤记号算是 {}。请核对记号，或改正这个合计；regcheck 按记号计算。", p("computed"))
            } else {
                format!("The {what_en} says {value}, but the marks in this row add up to {}. Check the marks or correct the total; regcheck counts the marks.", p("computed"))
            }
        }
        Code::IdInvalid => {
            let reason = p("reason");
            let (why_zh, why_en) = if let Some(c) = reason.strip_prefix("check-digit:") {
                (
                    format!("校验位不对，按前17位应为 {c}"),
                    format!("the check digit is wrong; from the first 17 digits it should be {c}"),
                )
            } else if reason == "birth-date" {
                ("其中的出生日期不存在".to_string(), "the birth date inside it does not exist".to_string())
            } else {
                (
                    "位数或字符不对（应为18位，最后一位可为X）".to_string(),
                    "wrong length or characters (18 characters, the last may be X)".to_string(),
                )
            };
            if zh {
                format!("身份证号“{value}”有误：{why_zh}。请对照证件改正。")
            } else {
                format!("The ID number \"{value}\" is wrong: {why_en}. Correct it from the ID card.")
            }
        }
        Code::IdPrecisionLost => {
            if zh {
                "身份证号被存成了数字，Excel 只保留15位有效数字，后几位已丢失。请把该列设为“文本”格式后重新录入完整号码。".into()
            } else {
                "The ID number was stored as a number; Excel keeps only 15 significant digits, so the last digits are lost. Format the column as Text and re-enter the full number.".into()
            }
        }
        Code::BelowMinimum => {
            if zh {
                format!(
                    "{who}：{rule_title}（{}）为 {} {unit}，要求至少 {} {unit}，还差 {} {unit}。请补足并补登记。",
                    period_label(f),
                    p("actual"),
                    p("min"),
                    shortfall(&p("min"), &p("actual"))
                )
            } else {
                format!("{who}: {rule_title} ({}) is {} {unit}; at least {} are required, {} short. Make up the difference and record it.", period_label(f), p("actual"), p("min"), shortfall(&p("min"), &p("actual")))
            }
        }
        Code::AboveMaximum => {
            if zh {
                format!(
                    "{who}：{rule_title}（{}）为 {} {unit}，超过上限 {} {unit}。请核实并按学校规定处理。",
                    period_label(f),
                    p("actual"),
                    p("max")
                )
            } else {
                format!("{who}: {rule_title} ({}) is {} {unit}, above the limit of {}. Check it and follow the school's procedure.", period_label(f), p("actual"), p("max"))
            }
        }
        Code::BehindPace => {
            if zh {
                format!("{who}：{rule_title}（{}）目前 {} {unit}，按进度此时应有约 {} {unit}（全期要求 {}）。请提醒本人抓紧。", period_label(f), p("actual"), p("expected"), p("min"))
            } else {
                format!("{who}: {rule_title} ({}) is {} {unit} so far; about {} would be on pace (of {} required). Remind the teacher.", period_label(f), p("actual"), p("expected"), p("min"))
            }
        }
        Code::NoRecords if p("reason") == "tally-period" => {
            let (per_zh, per_en) = match p("tally_period").as_str() {
                "year" => ("学年", "school year"),
                "term" => ("学期", "term"),
                _ => ("月", "month"),
            };
            if zh {
                format!("“{rule_title}”要按 {} 检查，但只有按{per_zh}统计的数，统计数无法拆分到更短的期间，此期间未检查。如需检查，请按更短的期间统计，或放入明细登记表。", period_label(f))
            } else {
                format!("\"{rule_title}\" is judged for {}, but there are only counts per {per_en}, which cannot be split into a shorter period; it was not checked there. Count per shorter period, or add the detailed register, to check it.", period_label(f))
            }
        }
        Code::NoRecords if p("reason") == "tally-measure" => {
            if zh {
                format!("统计表中没有“{rule_title}”所需的数，此规则在 {} 未检查。如需检查，请在统计表中加上这一列，或放入明细登记表。", period_label(f))
            } else {
                format!("The tallies do not count what \"{rule_title}\" needs, so it was not checked for {}. Add that column to the tally, or add the detailed register, to check it.", period_label(f))
            }
        }
        Code::NoRecords => {
            if zh {
                format!("没有找到可用于“{rule_title}”的登记表，此规则未检查。如需检查，请放入相应的登记表。")
            } else {
                format!("No register that \"{rule_title}\" needs was found, so the rule was not checked. Add that register to check it.")
            }
        }
        Code::CapReached => {
            let cap = p("cap");
            let name = run
                .rules
                .caps
                .iter()
                .find(|c| c.id == cap)
                .map(|c| crate::rules::policy::Named::label(c, lang).to_string())
                .unwrap_or_else(|| lang.pick("每日学时", "hours per day").to_string());
            if zh {
                format!("{who}：“{name}”在 {} 的上限是 {} {unit}，已达到，这条记录只计 {} {unit}，之后的同类记录不再计入。无需修改；如本校不设此上限，请修改规则文件 [[caps]] 或 [counting]。", p("period"), p("max"), p("counted"))
            } else {
                format!("{who}: the cap on \"{name}\" for {} is {} {unit} and has been reached; this record counts {} and later ones of the kind nothing. Nothing to fix; if your school has no such cap, change [[caps]] or [counting] in the rules file.", p("period"), p("max"), p("counted"))
            }
        }
        Code::UnusedOverride => {
            let sheet = f.params.get("sheet").map(|s| format!(" / sheet = \"{s}\"")).unwrap_or_default();
            if zh {
                format!("规则文件第 {} 个 [[sources]]（file = \"{value}\"{sheet}）没有对上任何文件或工作表，未起作用。请核对文件名（可用 * 代表任意字符）。", p("index"))
            } else {
                format!("[[sources]] entry {} (file = \"{value}\"{sheet}) matched no file or sheet and was not used. Check the file name (* stands for any characters).", p("index"))
            }
        }
        Code::TextTooLong => {
            if zh {
                format!("此单元格有 {} 个字符，超过 Excel 单元格能容纳的 32767 个；检查时按全文读取，批注副本中只能保留前 32767 个字符。请缩短内容或拆到几个单元格。", p("chars"))
            } else {
                format!("This cell holds {} characters, more than the 32,767 an Excel cell can; it was checked in full, but the annotated copy keeps only the first 32,767. Shorten it or split it over several cells.", p("chars"))
            }
        }
    }
}

/// The first 100 characters of a text, with … when there were more.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(100) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_string(),
    }
}

/// The sheets a `total-mismatch` on a tally says its detail came from: `file / sheet`, …
fn detail_from(f: &Finding, run: &Run) -> String {
    let names: Vec<String> = f
        .params
        .get("detail_from")
        .map(String::as_str)
        .unwrap_or_default()
        .split(';')
        .filter_map(|pair| {
            let (file, sheet) = pair.split_once(':')?;
            let file = run.files.get(file.parse::<usize>().ok()?)?;
            let sheet = file.sheets.get(sheet.parse::<usize>().ok()?)?;
            Some(format!("{} / {}", file.display(), sheet.name))
        })
        .collect();
    names.join(", ")
}

fn period_label(f: &Finding) -> String {
    f.period.clone().unwrap_or_default()
}

fn shortfall(min: &str, actual: &str) -> String {
    match (min.parse::<f64>(), actual.parse::<f64>()) {
        (Ok(m), Ok(a)) => crate::read::format_number(((m - a) * 100.0).round() / 100.0),
        _ => String::new(),
    }
}

/// The severity as a word in `lang`.
pub fn severity_label(s: crate::finding::Severity, lang: Lang) -> &'static str {
    use crate::finding::Severity::*;
    match s {
        Error => lang.pick("错误", "Error"),
        Warning => lang.pick("警告", "Warning"),
        Info => lang.pick("提示", "Info"),
    }
}

/// A status as a word in `lang`.
pub fn status_label(s: crate::check::Status, lang: Lang) -> &'static str {
    use crate::check::Status::*;
    match s {
        Pass => lang.pick("达标", "pass"),
        Fail => lang.pick("未达标", "fail"),
        InProgress => lang.pick("进行中", "in progress"),
        Exempt => lang.pick("免考核", "exempt"),
    }
}
