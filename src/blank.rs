//! Blank registers for next term (the `template` command): the roster's teachers, the term's
//! dates, and cells that only take what `check` understands — so fewer problems arise at all.
//!
//! - `attendance`: an attendance grid (考勤表): 序号, 姓名, 教研组, one column per training day
//!   (one a week, on `weekday`, over the term; real dates shown as m/d), then 出勤次数;
//! - `signin`: a long sign-in sheet (签到表): date, topic, form, presenter, hours, name, mark;
//! - `observations`: a lesson-observation log (听课记录);
//! - `reflections`: a reflection log (反思/总结登记).
//!
//! Each has a title and a note above the header, dropdown lists for marks, forms, kinds and
//! ratings, date validation over the term, a frozen header, borders on prepared rows, a
//! 制表人/审核人 footer and print setup (A4 landscape, one page wide, titles repeated).
//! Workbook metadata depends only on the term, so the same roster and term give the same bytes.

use crate::report::xlsx::new_workbook;
use crate::rules::calendar::{SchoolYear, Term};
use crate::rules::Rules;
use chrono::{Datelike, Days, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Attendance,
    Signin,
    Observations,
    Reflections,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s.to_lowercase().as_str() {
            "attendance" | "grid" | "考勤" | "考勤表" => Some(Kind::Attendance),
            "signin" | "sign-in" | "签到" | "签到表" => Some(Kind::Signin),
            "observations" | "observation" | "听课" | "听课记录" => Some(Kind::Observations),
            "reflections" | "reflection" | "反思" | "反思登记" => Some(Kind::Reflections),
            _ => None,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Kind::Attendance => "校本研修考勤表",
            Kind::Signin => "校本研修签到表",
            Kind::Observations => "听课记录",
            Kind::Reflections => "教学反思登记",
        }
    }
}

/// A teacher on the register: name and department (教研组).
#[derive(Debug, Clone)]
pub struct Teacher {
    pub name: String,
    pub department: Option<String>,
}

/// The term `wanted` (an id such as `2026-2027-1`), or by default the first term that starts
/// after `today` — in this school year, or else the first term of the next one.
pub fn choose_term(year: &SchoolYear, today: NaiveDate, wanted: Option<&str>) -> Result<Term, String> {
    let next_year = SchoolYear::conventional(year.start.year() + 1);
    let prev_year = SchoolYear::conventional(year.start.year() - 1);
    let all = || year.terms.iter().chain(&next_year.terms).chain(&prev_year.terms);
    match wanted {
        Some(id) => all().find(|t| t.id == id).cloned().or_else(|| conventional_term(id)).ok_or_else(|| {
            format!(
                "no term \"{id}\": write it like {} / 没有这个学期",
                year.terms.first().map_or("2025-2026-1", |t| &t.id)
            )
        }),
        None => Ok(year
            .terms
            .iter()
            .find(|t| t.start > today)
            .or_else(|| next_year.terms.first())
            .cloned()
            .unwrap_or_else(|| year.terms.first().cloned().unwrap_or_else(|| next_year.terms[0].clone()))),
    }
}

/// A term id of a conventional school year: `2026-2027-1`.
fn conventional_term(id: &str) -> Option<Term> {
    let (year, n) = id.rsplit_once('-')?;
    let start: i32 = year.split('-').next()?.parse().ok()?;
    let n: usize = n.parse().ok()?;
    let year = SchoolYear::conventional(start);
    (year.name == id.rsplit_once('-')?.0).then_some(())?;
    year.terms.get(n.checked_sub(1)?).cloned()
}

/// The training days of a term: one a week on `weekday` (1 = Monday … 7 = Sunday).
pub fn training_days(term: &Term, weekday: u32) -> Vec<NaiveDate> {
    let wanted = weekday.clamp(1, 7) - 1;
    let mut day = term.start;
    while day.weekday().num_days_from_monday() != wanted {
        day = day + Days::new(1);
    }
    let mut days = Vec::new();
    while day <= term.end {
        days.push(day);
        day = day + Days::new(7);
    }
    days
}

const ROW_TITLE: u32 = 0;
const ROW_NOTE: u32 = 1;
const ROW_HEADER: u32 = 2;
const ROW_FIRST: u32 = 3;
const FOOTER: &str = "制表人：                审核人：                日期：      年    月    日";
const FORMS: [&str; 6] = ["集中培训", "专家讲座", "教研活动", "网络研修", "校本研修", "观摩学习"];
const KINDS: [&str; 5] = ["教学反思", "教学总结", "读书笔记", "教学随笔", "课标摘抄"];
const RATINGS: [&str; 4] = ["优", "良", "中", "差"];
const LEVELS: [&str; 4] = ["优秀", "良好", "合格", "不合格"];
const PERIODS: [&str; 8] = ["第1节", "第2节", "第3节", "第4节", "第5节", "第6节", "第7节", "第8节"];

struct Styles {
    title: Format,
    note: Format,
    header: Format,
    cell: Format,
    date: Format,
    footer: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_font_name("宋体").set_font_size(11).set_align(FormatAlign::VerticalCenter);
        let cell = base.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::Center);
        Styles {
            title: base.clone().set_bold().set_font_size(16).set_align(FormatAlign::Center),
            note: base.clone().set_align(FormatAlign::Left),
            header: cell.clone().set_bold().set_text_wrap().set_background_color(rust_xlsxwriter::Color::RGB(0xD9D9D9)),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            cell,
            footer: base,
        }
    }
}

fn date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// The first word of each mark list: what the dropdown offers.
fn mark_words(rules: &Rules) -> Vec<String> {
    let m = &rules.marks;
    [&m.present, &m.late, &m.left_early, &m.sick_leave, &m.personal_leave, &m.official_leave, &m.absent]
        .iter()
        .filter_map(|list| list.first().cloned())
        .collect()
}

fn list(words: &[impl AsRef<str>], what: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(words)?
        .set_error_title("请从下拉列表中选择")?
        .set_error_message(format!("{what}只能填下拉列表中的一项。"))
}

/// Hours of one session: 0.5 up to the rules file's limit.
fn hours_rule(rules: &Rules) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.5, rules.limits.max_hours_per_record))
        .set_error_message(format!("学时填 0.5 至 {} 之间的数。", rules.limits.max_hours_per_record))
}

fn date_rule(term: &Term) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_date(DataValidationRule::Between(date(term.start)?, date(term.end)?))
        .set_error_title("日期不在本学期内")?
        .set_error_message(format!(
            "请填写 {} 至 {} 之间的日期，如 {}。",
            term.start.format("%Y-%m-%d"),
            term.end.format("%Y-%m-%d"),
            term.start.format("%Y-%m-%d")
        ))
}

/// Title, note, header with widths, print setup, frozen panes and footer.
#[allow(clippy::too_many_arguments)]
fn frame(
    ws: &mut Worksheet,
    s: &Styles,
    title: &str,
    note: &str,
    header: &[(&str, f64)],
    first: u32,
    data_rows: u32,
    freeze_cols: u16,
) -> Result<u32, XlsxError> {
    let last_col = header.len() as u16 - 1;
    ws.set_row_height(ROW_TITLE, 30)?;
    ws.merge_range(ROW_TITLE, 0, ROW_TITLE, last_col, title, &s.title)?;
    ws.merge_range(ROW_NOTE, 0, ROW_NOTE, last_col, note, &s.note)?;
    ws.set_row_height(ROW_HEADER, 30)?;
    for (c, (h, w)) in header.iter().enumerate() {
        ws.write_string_with_format(ROW_HEADER, c as u16, *h, &s.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let footer_row = first + data_rows + 1;
    ws.merge_range(footer_row, 0, footer_row, last_col, FOOTER, &s.footer)?;
    ws.set_freeze_panes(first, freeze_cols)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_print_area(0, 0, footer_row, last_col)?;
    ws.set_repeat_rows(ROW_TITLE, first - 1)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(footer_row)
}

/// Borders on the prepared rows, dates formatted as dates.
fn prepare(
    ws: &mut Worksheet,
    s: &Styles,
    first: u32,
    rows: u32,
    cols: u16,
    date_cols: &[u16],
) -> Result<(), XlsxError> {
    for r in first..first + rows {
        for c in 0..cols {
            ws.write_blank(r, c, if date_cols.contains(&c) { &s.date } else { &s.cell })?;
        }
    }
    Ok(())
}

/// An empty roster (教师名册) for `regcheck init`, with the columns the rules file's roles read:
/// position, category, years of service (first employment), the date joined and left, status.
pub fn roster(lang: crate::report::messages::Lang) -> Result<Workbook, XlsxError> {
    let zh = lang == crate::report::messages::Lang::Zh;
    let mut wb = new_workbook(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default());
    let s = Styles::new();
    let header: Vec<(&str, f64)> = if zh {
        vec![
            ("序号", 5.0),
            ("姓名", 9.0),
            ("工号", 8.0),
            ("性别", 5.0),
            ("教研组", 9.0),
            ("任教学科", 9.0),
            ("职务", 10.0),
            ("职称", 10.0),
            ("类别", 10.0),
            ("参加工作年月", 12.0),
            ("进本校年月", 11.0),
            ("状态", 8.0),
            ("离校时间", 11.0),
        ]
    } else {
        vec![
            ("No.", 5.0),
            ("Name", 14.0),
            ("Staff ID", 9.0),
            ("Gender", 7.0),
            ("Department", 12.0),
            ("Subject", 10.0),
            ("Position", 12.0),
            ("Title", 10.0),
            ("Category", 12.0),
            ("Start date", 11.0),
            ("Date joined", 11.0),
            ("Status", 9.0),
            ("Date left", 11.0),
        ]
    };
    let (sheet, title, note) = if zh {
        ("教师名册", "教师名册", "每位教师一行。职务、类别、参加工作年月、进本校年月、状态、离校时间决定规则文件中的角色和折算，请如实填写；日期可写 2019-09 或 2019年9月。")
    } else {
        ("Roster", "Teacher roster", "One row per teacher. Position, category, start date, date joined, status and date left decide the roles and pro-rating of the rules file; dates may be written 2019-09.")
    };
    let ws = wb.add_worksheet().set_name(sheet)?;
    let rows = 40;
    frame(ws, &s, title, note, &header, ROW_FIRST, rows, 2)?;
    prepare(ws, &s, ROW_FIRST, rows, header.len() as u16, &[])?;
    let last = ROW_FIRST + rows - 1;
    let categories: &[&str] = if zh {
        &["骨干教师", "学科带头人", "新教师"]
    } else {
        &["Backbone", "Subject leader", "New teacher"]
    };
    let statuses: &[&str] = if zh {
        &["在岗", "产假", "病休", "借调", "兼职", "退休"]
    } else {
        &["Active", "Maternity leave", "Sick leave", "Seconded", "Part-time", "Retired"]
    };
    ws.add_data_validation(ROW_FIRST, 3, last, 3, &list(if zh { &["男", "女"] } else { &["M", "F"] }, "性别")?)?;
    let mut category = list(categories, "类别")?;
    category = category.ignore_blank(true).set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Information);
    ws.add_data_validation(ROW_FIRST, 8, last, 8, &category)?;
    let mut status = list(statuses, "状态")?;
    status = status.set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Information);
    ws.add_data_validation(ROW_FIRST, 11, last, 11, &status)?;
    Ok(wb)
}

/// The blank register of `kind` for `term`, listing `teachers`.
pub fn workbook(
    kind: Kind,
    teachers: &[Teacher],
    term: &Term,
    school: &str,
    rules: &Rules,
    weekday: u32,
) -> Result<Workbook, XlsxError> {
    let mut wb = new_workbook(term.start);
    let s = Styles::new();
    let title = format!("{school}{}{}", term.name, kind.title());
    let marks = mark_words(rules);
    let n = teachers.len() as u32;
    let ws = wb.add_worksheet().set_name(kind.title())?;
    match kind {
        Kind::Attendance => {
            let days = training_days(term, weekday);
            let day_labels: Vec<String> = days.iter().map(|d| format!("{}/{}", d.month(), d.day())).collect();
            let mut header: Vec<(&str, f64)> = vec![("序号", 5.0), ("姓名", 9.0), ("教研组", 9.0)];
            header.extend(day_labels.iter().map(|l| (l.as_str(), 5.5)));
            header.push(("出勤次数", 7.0));
            let note = format!("考勤符号：{}；每格填一项，空格表示未登记。", marks.join(" "));
            // Two more header rows under the dates: each session's topic and hours, for the
            // office to fill in as sessions are held.
            let first = ROW_FIRST + 2;
            let last = first + n.max(1) - 1;
            frame(ws, &s, &title, &note, &header, first, n, 3)?;
            let header_date = s.header.clone().set_num_format("m/d");
            let first_day = 3u16;
            let total_col = first_day + days.len() as u16;
            for (offset, label) in [(1, "主题"), (2, "学时")] {
                for c in 0..=total_col {
                    ws.write_blank(ROW_HEADER + offset, c, &s.header)?;
                }
                ws.write_string_with_format(ROW_HEADER + offset, 1, label, &s.header)?;
            }
            for (i, d) in days.iter().enumerate() {
                ws.write_datetime_with_format(ROW_HEADER, first_day + i as u16, date(*d)?, &header_date)?;
            }
            if !days.is_empty() {
                let hours = hours_rule(rules)?;
                ws.add_data_validation(ROW_HEADER + 2, first_day, ROW_HEADER + 2, total_col - 1, &hours)?;
            }
            prepare(ws, &s, first, n, total_col + 1, &[])?;
            let attended: Vec<&String> = [&rules.marks.present, &rules.marks.late, &rules.marks.left_early]
                .iter()
                .filter_map(|l| l.first())
                .collect();
            for (i, t) in teachers.iter().enumerate() {
                let r = first + i as u32;
                ws.write_number_with_format(r, 0, (i + 1) as f64, &s.cell)?;
                ws.write_string_with_format(r, 1, &t.name, &s.cell)?;
                ws.write_string_with_format(r, 2, t.department.as_deref().unwrap_or(""), &s.cell)?;
                if !days.is_empty() {
                    let range = format!(
                        "{}{}:{}{}",
                        crate::finding::column_name(first_day as u32),
                        r + 1,
                        crate::finding::column_name(total_col as u32 - 1),
                        r + 1
                    );
                    let sum: Vec<String> = attended.iter().map(|w| format!("COUNTIF({range},\"{w}\")")).collect();
                    ws.write_formula_with_format(r, total_col, format!("={}", sum.join("+")).as_str(), &s.cell)?;
                }
            }
            if !days.is_empty() && n > 0 {
                ws.add_data_validation(first, first_day, last, total_col - 1, &list(&marks, "考勤符号")?)?;
            }
        }
        Kind::Signin => {
            let header = [
                ("序号", 5.0),
                ("培训日期", 12.0),
                ("培训主题", 22.0),
                ("培训形式", 10.0),
                ("主讲人", 10.0),
                ("学时", 6.0),
                ("姓名", 9.0),
                ("签到情况", 9.0),
                ("备注", 12.0),
            ];
            let sessions = training_days(term, weekday).len().max(1) as u32;
            let rows = (sessions * n.max(1)).min(5000);
            let note = format!("每次培训每位教师一行；签到情况填：{}。", marks.join(" "));
            frame(ws, &s, &title, &note, &header, ROW_FIRST, rows, 0)?;
            prepare(ws, &s, ROW_FIRST, rows, header.len() as u16, &[1])?;
            let end = ROW_FIRST + rows - 1;
            ws.add_data_validation(ROW_FIRST, 1, end, 1, &date_rule(term)?)?;
            ws.add_data_validation(ROW_FIRST, 3, end, 3, &list(&FORMS, "培训形式")?)?;
            ws.add_data_validation(ROW_FIRST, 5, end, 5, &hours_rule(rules)?)?;
            ws.add_data_validation(ROW_FIRST, 7, end, 7, &list(&marks, "签到情况")?)?;
        }
        Kind::Observations => {
            let header = [
                ("序号", 5.0),
                ("听课人", 9.0),
                ("听课日期", 12.0),
                ("节次", 7.0),
                ("授课教师", 9.0),
                ("班级", 9.0),
                ("学科", 7.0),
                ("课题", 24.0),
                ("听课节数", 7.0),
                ("评价", 6.0),
                ("评语", 30.0),
            ];
            let rows = (n.max(1) * 12).min(5000);
            frame(ws, &s, &title, "每听一节课填一行；听课日期填本学期内的日期。", &header, ROW_FIRST, rows, 0)?;
            prepare(ws, &s, ROW_FIRST, rows, header.len() as u16, &[2])?;
            let end = ROW_FIRST + rows - 1;
            ws.add_data_validation(ROW_FIRST, 2, end, 2, &date_rule(term)?)?;
            ws.add_data_validation(ROW_FIRST, 3, end, 3, &list(&PERIODS, "节次")?)?;
            let lessons = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(1, rules.limits.max_lessons_per_record as i32))
                .set_error_message("听课节数填 1 以上的整数。")?;
            ws.add_data_validation(ROW_FIRST, 8, end, 8, &lessons)?;
            ws.add_data_validation(ROW_FIRST, 9, end, 9, &list(&RATINGS, "评价")?)?;
        }
        Kind::Reflections => {
            let header = [
                ("序号", 5.0),
                ("姓名", 9.0),
                ("提交日期", 12.0),
                ("类型", 10.0),
                ("题目", 36.0),
                ("字数", 8.0),
                ("等级", 8.0),
            ];
            let rows = (n.max(1) * 6).min(5000);
            frame(ws, &s, &title, "每篇一行；类型从下拉列表中选。", &header, ROW_FIRST, rows, 0)?;
            prepare(ws, &s, ROW_FIRST, rows, header.len() as u16, &[2])?;
            let end = ROW_FIRST + rows - 1;
            ws.add_data_validation(ROW_FIRST, 2, end, 2, &date_rule(term)?)?;
            ws.add_data_validation(ROW_FIRST, 3, end, 3, &list(&KINDS, "类型")?)?;
            let words = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(1, rules.limits.max_words as i32))
                .set_error_message("字数填整数，如 1200。")?;
            ws.add_data_validation(ROW_FIRST, 5, end, 5, &words)?;
            ws.add_data_validation(ROW_FIRST, 6, end, 6, &list(&LEVELS, "等级")?)?;
        }
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_term_is_chosen_by_default() {
        let year = SchoolYear::conventional(2025);
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(choose_term(&year, d(2026, 1, 10), None).unwrap().id, "2025-2026-2");
        assert_eq!(choose_term(&year, d(2026, 6, 10), None).unwrap().id, "2026-2027-1");
        assert_eq!(choose_term(&year, d(2026, 6, 10), Some("2027-2028-2")).unwrap().start, d(2028, 2, 1));
        assert!(choose_term(&year, d(2026, 6, 10), Some("next")).is_err());
    }

    #[test]
    fn one_training_day_a_week() {
        let year = SchoolYear::conventional(2025);
        let days = training_days(&year.terms[0], 3);
        assert_eq!(days[0], NaiveDate::from_ymd_opt(2025, 9, 3).unwrap(), "the first Wednesday");
        assert_eq!(days.len(), 22);
    }
}
