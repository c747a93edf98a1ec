//! `summary.xlsx`, the term compliance summary: an overview (files, findings by severity,
//! compliance by department with a chart), one row per teacher with each rule's actual against
//! required, the teachers who fall short and why, and every finding with a link to its cell in
//! the annotated copy.

use super::json::location;
use super::messages::{measure_unit, render, severity_label, status_label};
use super::xlsx;
use crate::check::{Status, TeacherResult};
use crate::finding::Severity;
use crate::read::format_number;
use crate::rules::policy::Named;
use crate::Run;
use rust_xlsxwriter::{Chart, ChartType, Color, Format, Url, Workbook, Worksheet, XlsxError};
use std::collections::{BTreeMap, HashMap};

fn status_color(s: Status) -> Color {
    match s {
        Status::Pass => Color::RGB(0xC6EFCE),
        Status::Fail => Color::RGB(0xFFC7CE),
        Status::InProgress => Color::RGB(0xFFEB9C),
        Status::Exempt => Color::RGB(0xEDEDED),
    }
}

/// Builds the summary workbook. `annotated` are the annotated copies' file names, per input.
pub fn workbook(run: &Run, annotated: &[Option<String>]) -> Result<Workbook, XlsxError> {
    let mut wb = xlsx::new_workbook(run.as_of);
    let lang = run.lang;
    let overview = lang.pick("概览", "Overview");
    let by_dept = department_rows(run);
    write_overview(wb.add_worksheet().set_name(overview)?, run, &by_dept)?;
    if !by_dept.is_empty() {
        let mut chart = Chart::new(ChartType::Column);
        let first = OVERVIEW_DEPT_ROW + 1;
        let last = first + by_dept.len() as u32 - 1;
        chart
            .add_series()
            .set_categories((overview, first, 0, last, 0))
            .set_values((overview, first, 5, last, 5))
            .set_name(lang.pick("达标率", "Compliance rate"));
        chart.title().set_name(lang.pick("各教研组达标率", "Compliance rate by department"));
        chart.legend().set_hidden();
        chart.y_axis().set_num_format("0%").set_max(1.0).set_min(0.0);
        if let Some(ws) = wb.worksheets_mut().first_mut() {
            ws.insert_chart(last + 2, 0, &chart)?;
        }
    }
    write_teachers(wb.add_worksheet().set_name(lang.pick("教师", "Teachers"))?, run)?;
    write_shortfalls(wb.add_worksheet().set_name(lang.pick("未达标", "Shortfalls"))?, run)?;
    if !run.school_results.is_empty() {
        write_school(wb.add_worksheet().set_name(lang.pick("学校规则", "School rules"))?, run)?;
    }
    write_findings(wb.add_worksheet().set_name(lang.pick("问题清单", "Findings"))?, run, annotated)?;
    for (i, ws) in wb.worksheets_mut().iter_mut().enumerate() {
        // Printed on A4: the overview upright, the wide tables across, each one page wide.
        if i > 0 {
            ws.set_landscape();
            ws.set_repeat_rows(0, 0)?;
        }
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
    }
    Ok(wb)
}

const OVERVIEW_DEPT_ROW: u32 = 14;

/// (department, teachers, pass, fail, in progress) per department, in name order.
fn department_rows(run: &Run) -> Vec<(String, usize, usize, usize, usize)> {
    let mut by: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    for t in &run.teachers {
        let dept = t.department.clone().unwrap_or_else(|| run.lang.pick("（未分组）", "(no department)").into());
        let e = by.entry(dept).or_default();
        e.0 += 1;
        match t.status {
            Status::Pass | Status::Exempt => e.1 += 1,
            Status::Fail => e.2 += 1,
            Status::InProgress => e.3 += 1,
        }
    }
    by.into_iter().map(|(d, (n, p, f, i))| (d, n, p, f, i)).collect()
}

fn write_overview(
    ws: &mut Worksheet,
    run: &Run,
    by_dept: &[(String, usize, usize, usize, usize)],
) -> Result<(), XlsxError> {
    let lang = run.lang;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(15);
    let school = if run.rules.school.name.is_empty() { String::new() } else { format!("{} ", run.rules.school.name) };
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{school}{} {}",
            run.school_year.name,
            lang.pick("学年教师研修检查汇总", "teacher training compliance summary")
        ),
        &title,
    )?;
    ws.write_string(
        1,
        0,
        xlsx::cell_text(&format!("{} {} · {}", lang.pick("检查日期", "As of"), run.as_of, crate::GENERATOR)),
    )?;
    let unreadable = run.files.iter().filter(|f| f.workbook.is_none()).count();
    let registers = run.files.iter().flat_map(|f| &f.sheets).filter(|s| s.layout().is_some()).count();
    let records: usize = run.files.iter().flat_map(|f| &f.sheets).map(|s| s.records).sum();
    let lines: [(&str, String); 10] = [
        (lang.pick("读取文件", "Files read"), run.files.len().to_string()),
        (lang.pick("无法读取", "Files unreadable"), unreadable.to_string()),
        (lang.pick("识别出的登记表", "Registers recognized"), registers.to_string()),
        (lang.pick("记录条数", "Records"), records.to_string()),
        (lang.pick("教师人数", "Teachers"), run.teachers.len().to_string()),
        (lang.pick("达标", "Pass"), run.teachers_with(Status::Pass).to_string()),
        (lang.pick("未达标", "Fail"), run.teachers_with(Status::Fail).to_string()),
        (lang.pick("进行中", "In progress"), run.teachers_with(Status::InProgress).to_string()),
        (
            lang.pick("错误 / 警告 / 提示", "Errors / warnings / info"),
            format!(
                "{} / {} / {}",
                run.count(Severity::Error),
                run.count(Severity::Warning),
                run.count(Severity::Info)
            ),
        ),
        (lang.pick("免考核", "Exempt"), run.teachers_with(Status::Exempt).to_string()),
    ];
    for (i, (label, value)) in lines.iter().enumerate() {
        ws.write_string_with_format(3 + i as u32, 0, *label, &bold)?;
        ws.write_string(3 + i as u32, 1, xlsx::cell_text(value))?;
    }
    xlsx::write_table_header(
        ws,
        OVERVIEW_DEPT_ROW,
        &[
            (lang.pick("教研组", "Department"), 24.0),
            (lang.pick("教师数", "Teachers"), 14.0),
            (lang.pick("达标", "Pass"), 9.0),
            (lang.pick("未达标", "Fail"), 9.0),
            (lang.pick("进行中", "In progress"), 11.0),
            (lang.pick("达标率", "Rate"), 9.0),
        ],
    )?;
    let pct = Format::new().set_num_format("0%");
    for (i, (dept, n, pass, fail, progress)) in by_dept.iter().enumerate() {
        let r = OVERVIEW_DEPT_ROW + 1 + i as u32;
        ws.write_string(r, 0, xlsx::cell_text(dept))?;
        ws.write_number(r, 1, *n as f64)?;
        ws.write_number(r, 2, *pass as f64)?;
        ws.write_number(r, 3, *fail as f64)?;
        ws.write_number(r, 4, *progress as f64)?;
        ws.write_number_with_format(r, 5, if *n == 0 { 0.0 } else { *pass as f64 / *n as f64 }, &pct)?;
    }
    Ok(())
}

/// One row per teacher; one column per rule × period showing actual / required.
fn write_teachers(ws: &mut Worksheet, run: &Run) -> Result<(), XlsxError> {
    let lang = run.lang;
    let missing = super::json::missing(run, lang);
    let mut columns: Vec<(String, String)> = Vec::new();
    for t in &run.teachers {
        for r in &t.results {
            let key = (r.rule.clone(), r.period.clone());
            if !columns.contains(&key) {
                columns.push(key);
            }
        }
    }
    let titles: Vec<String> = columns
        .iter()
        .map(|(rule, period)| {
            let rule = run.rules.rules.iter().find(|r| &r.id == rule).map_or(rule.as_str(), |r| r.title(lang));
            format!("{rule}\n{period}")
        })
        .collect();
    let mut header: Vec<(&str, f64)> = vec![
        (lang.pick("姓名", "Name"), 10.0),
        (lang.pick("教研组", "Department"), 12.0),
        (lang.pick("角色", "Roles"), 14.0),
        (lang.pick("结论", "Status"), 10.0),
    ];
    let fixed = header.len();
    header.extend(titles.iter().map(|t| (t.as_str(), 16.0)));
    header.push((lang.pick("缺什么", "What is missing"), 70.0));
    xlsx::write_table_header(ws, 0, &header)?;
    let reasons_col = (header.len() - 1) as u16;
    ws.set_row_height(0, 45)?;
    for (i, t) in run.teachers.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, xlsx::cell_text(&t.name))?;
        ws.write_string(row, 1, xlsx::cell_text(&t.department.clone().unwrap_or_default()))?;
        ws.write_string(row, 2, xlsx::cell_text(&role_labels(run, &t.roles)))?;
        ws.write_string_with_format(
            row,
            3,
            status_label(t.status, lang),
            &Format::new().set_background_color(status_color(t.status)),
        )?;
        for r in &t.results {
            let Some(c) = columns.iter().position(|k| k.0 == r.rule && k.1 == r.period) else {
                continue;
            };
            let unit = measure_unit(r.measure.as_str(), lang);
            let required = match (r.min, r.max) {
                (Some(min), _) => format!("≥{}", format_number(min)),
                (None, Some(max)) => format!("≤{}", format_number(max)),
                _ => String::new(),
            };
            let text = format!("{} / {required} {unit}", format_number(r.actual));
            ws.write_string_with_format(
                row,
                (fixed + c) as u16,
                text,
                &Format::new().set_background_color(status_color(r.status)),
            )?;
        }
        let missing = missing.get(t.name.as_str()).map(|m| m.join("\n")).unwrap_or_default();
        ws.write_string_with_format(row, reasons_col, xlsx::cell_text(&missing), &Format::new().set_text_wrap())?;
    }
    if !run.teachers.is_empty() {
        ws.autofilter(0, 0, run.teachers.len() as u32, reasons_col)?;
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

/// Role names for people: the rules file's `name` for a role, 教师 for everyone's base role.
fn role_labels(run: &Run, roles: &[String]) -> String {
    roles
        .iter()
        .map(|id| match run.rules.roles.iter().find(|r| &r.id == id) {
            _ if id == "teacher" => run.lang.pick("教师", "teacher").to_string(),
            Some(r) => r.label(run.lang).to_string(),
            None => id.clone(),
        })
        .collect::<Vec<_>>()
        .join(run.lang.pick("、", ", "))
}

/// The school rules (`scope = "school"`): one row per rule and period.
fn write_school(ws: &mut Worksheet, run: &Run) -> Result<(), XlsxError> {
    let lang = run.lang;
    xlsx::write_table_header(
        ws,
        0,
        &[
            (lang.pick("规则", "Rule"), 28.0),
            (lang.pick("期间", "Period"), 14.0),
            (lang.pick("实际", "Actual"), 10.0),
            (lang.pick("要求", "Required"), 12.0),
            (lang.pick("结论", "Status"), 10.0),
        ],
    )?;
    for (i, r) in run.school_results.iter().enumerate() {
        let row = 1 + i as u32;
        let title = run.rules.rules.iter().find(|x| x.id == r.rule).map_or(r.rule.as_str(), |x| x.title(lang));
        let unit = measure_unit(r.measure.as_str(), lang);
        let required = match (r.min, r.max) {
            (Some(min), _) => format!("≥{}{unit}", format_number(min)),
            (None, Some(max)) => format!("≤{}{unit}", format_number(max)),
            _ => String::new(),
        };
        ws.write_string(row, 0, title)?;
        ws.write_string(row, 1, &r.period)?;
        ws.write_number(row, 2, r.actual)?;
        ws.write_string(row, 3, required)?;
        ws.write_string_with_format(
            row,
            4,
            status_label(r.status, lang),
            &Format::new().set_background_color(status_color(r.status)),
        )?;
    }
    Ok(())
}

/// The teachers who fall short, one row per failing or lagging result.
fn write_shortfalls(ws: &mut Worksheet, run: &Run) -> Result<(), XlsxError> {
    let lang = run.lang;
    xlsx::write_table_header(
        ws,
        0,
        &[
            (lang.pick("姓名", "Name"), 10.0),
            (lang.pick("教研组", "Department"), 12.0),
            (lang.pick("规则", "Rule"), 22.0),
            (lang.pick("时段", "Period"), 14.0),
            (lang.pick("实际", "Actual"), 8.0),
            (lang.pick("要求", "Required"), 8.0),
            (lang.pick("结论", "Status"), 8.0),
            (lang.pick("说明", "What to do"), 90.0),
        ],
    )?;
    let mut row = 0;
    // A district has tens of thousands of teachers: found by name once, not searched per finding.
    let mut by_name: HashMap<&str, &TeacherResult> = HashMap::with_capacity(run.teachers.len());
    for t in &run.teachers {
        by_name.entry(t.name.as_str()).or_insert(t);
    }
    for f in run.findings.iter().filter(|f| f.rule.is_some() && f.teacher.is_some()) {
        row += 1;
        let teacher = f.teacher.as_deref().and_then(|name| by_name.get(name));
        let rule = run.rules.rules.iter().find(|r| Some(&r.id) == f.rule.as_ref());
        ws.write_string(row, 0, xlsx::cell_text(&f.teacher.clone().unwrap_or_default()))?;
        ws.write_string(row, 1, xlsx::cell_text(&teacher.and_then(|t| t.department.clone()).unwrap_or_default()))?;
        ws.write_string(row, 2, xlsx::cell_text(&rule.map(|r| r.title(lang).to_string()).unwrap_or_default()))?;
        ws.write_string(row, 3, xlsx::cell_text(&f.period.clone().unwrap_or_default()))?;
        if let Some(actual) = f.params.get("actual").and_then(|a| a.parse::<f64>().ok()) {
            ws.write_number(row, 4, actual)?;
        }
        let required =
            f.params.get("min").map(|m| format!("≥{m}")).or_else(|| f.params.get("max").map(|m| format!("≤{m}")));
        ws.write_string(row, 5, xlsx::cell_text(&required.unwrap_or_default()))?;
        ws.write_string_with_format(row, 6, severity_label(f.severity, lang), &xlsx::severity_format(f.severity))?;
        ws.write_string(row, 7, xlsx::cell_text(&render(f, lang, run)))?;
    }
    if row == 0 {
        ws.write_string(
            1,
            0,
            lang.pick("所有教师均已达标或仍在进行中。", "Every teacher passes or is still on track."),
        )?;
    }
    ws.autofilter(0, 0, row.max(1), 7)?;
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

/// Every finding, with a link to its cell in the annotated copy.
fn write_findings(ws: &mut Worksheet, run: &Run, annotated: &[Option<String>]) -> Result<(), XlsxError> {
    let lang = run.lang;
    // Each sheet's name in the annotated copy (valid for Excel), which the links must use.
    let copy_sheets: Vec<Vec<String>> = run
        .files
        .iter()
        .map(|f| f.workbook.as_ref().map(|wb| super::annotated::sheet_names(wb, lang).0).unwrap_or_default())
        .collect();
    xlsx::write_table_header(
        ws,
        0,
        &[
            (lang.pick("严重程度", "Severity"), 10.0),
            (lang.pick("文件", "File"), 28.0),
            (lang.pick("工作表", "Sheet"), 14.0),
            (lang.pick("单元格", "Cell"), 8.0),
            (lang.pick("教师", "Teacher"), 10.0),
            (lang.pick("问题代码", "Code"), 20.0),
            (lang.pick("说明", "Message"), 100.0),
        ],
    )?;
    for (i, f) in run.findings.iter().enumerate() {
        let row = 1 + i as u32;
        let (file, sheet, cell) = location(run, f);
        ws.write_string_with_format(row, 0, severity_label(f.severity, lang), &xlsx::severity_format(f.severity))?;
        ws.write_string(row, 1, xlsx::cell_text(&file.unwrap_or_default()))?;
        ws.write_string(row, 2, xlsx::cell_text(&sheet.clone().unwrap_or_default()))?;
        let target = f.file.and_then(|i| annotated.get(i)).and_then(|n| n.as_ref());
        let copy_sheet = f.file.and_then(|i| copy_sheets.get(i)).zip(f.sheet).and_then(|(names, s)| names.get(s));
        match (cell, copy_sheet, target) {
            (Some(cell), Some(sheet), Some(target)) => {
                let url = format!("file:///{target}#'{}'!{cell}", sheet.replace('\'', "''"));
                ws.write_url_with_text(row, 3, Url::new(url), &cell)?;
            }
            (Some(cell), _, _) => {
                ws.write_string(row, 3, xlsx::cell_text(&cell))?;
            }
            _ => {}
        }
        ws.write_string(row, 4, xlsx::cell_text(&f.teacher.clone().unwrap_or_default()))?;
        ws.write_string(row, 5, f.code.as_str())?;
        ws.write_string(row, 6, xlsx::cell_text(&render(f, lang, run)))?;
    }
    ws.autofilter(0, 0, run.findings.len().max(1) as u32, 6)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
