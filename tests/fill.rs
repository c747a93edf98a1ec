//! `regcheck fill` on the shipped district forms and on small forms written here: the filled
//! cells read back with calamine, every other zip part byte-identical to the form, the footer,
//! merges, formulas and names under a grown block intact, problems reported before writing.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::root;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value as Json;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-01-20";

struct Filled {
    code: i32,
    stdout: String,
    stderr: String,
}

fn regcheck(args: &[&str]) -> Filled {
    let output = Command::new(env!("CARGO_BIN_EXE_regcheck")).current_dir(root()).args(args).output().expect("run");
    Filled {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn form(name: &str) -> PathBuf {
    root().join("templates/forms").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Fills a shipped form from `samples/`; returns the output path (in `dir`).
fn fill_sample(name: &str, dir: &Path) -> PathBuf {
    let out = dir.join(name);
    let r = regcheck(&["fill", s(&form(name)), "samples/", "--as-of", AS_OF, "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    out
}

/// Every part of an .xlsx, in order, uncompressed.
fn parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// The names of the parts that differ; fails if the part lists differ.
fn changed_parts(template: &Path, filled: &Path) -> Vec<String> {
    let (a, b) = (parts(template), parts(filled));
    let names = |p: &[(String, Vec<u8>)]| p.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same parts in the same order");
    a.iter().zip(&b).filter(|(x, y)| x.1 != y.1).map(|(x, _)| x.0.clone()).collect()
}

fn part_text(path: &Path, name: &str) -> String {
    let (_, bytes) = parts(path).into_iter().find(|(n, _)| n == name).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn sheet(path: &Path, name: &str) -> (calamine::Range<Data>, calamine::Range<String>) {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    (wb.worksheet_range(name).unwrap(), wb.worksheet_formula(name).unwrap())
}

/// A cell by 1-based row and 0-based column, as Excel shows it.
fn at(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row - 1, col)).cloned().unwrap_or(Data::Empty)
}

fn formula(range: &calamine::Range<String>, row: u32, col: u32) -> String {
    range.get_value((row - 1, col)).cloned().unwrap_or_default()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The report.json of `check samples/` as of the same day.
fn sample_report() -> Json {
    let out = tempfile::tempdir().unwrap();
    let r = regcheck(&["check", "samples/", "--as-of", AS_OF, "--out", s(out.path())]);
    assert!(r.code <= 1, "{}", r.stderr);
    serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap()).unwrap()
}

fn year_hours(teacher: &Json) -> f64 {
    teacher["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "hours-year")
        .and_then(|r| r["actual"].as_f64())
        .unwrap()
}

#[test]
fn hours_summary_grows_and_only_its_sheet_and_print_area_change() {
    let dir = tempfile::tempdir().unwrap();
    let out = fill_sample("学时汇总表.xlsx", dir.path());
    assert_eq!(
        changed_parts(&form("学时汇总表.xlsx"), &out),
        ["xl/workbook.xml", "xl/worksheets/sheet1.xml"],
        "styles, shared strings, content types, properties and theme are untouched"
    );

    let report = sample_report();
    let teachers = report["teachers"].as_array().unwrap();
    assert_eq!(teachers.len(), 25);
    let (values, formulas) = sheet(&out, "学时汇总");
    for (i, t) in teachers.iter().enumerate() {
        let row = 4 + i as u32;
        assert_eq!(number(&at(&values, row, 0)), (i + 1) as f64, "序号 typed as a number");
        assert_eq!(text(&at(&values, row, 1)), t["name"].as_str().unwrap());
        assert_eq!(text(&at(&values, row, 2)), t["department"].as_str().unwrap());
        assert_eq!(number(&at(&values, row, 3)), year_hours(t), "{}", t["name"]);
        let status = match t["status"].as_str().unwrap() {
            "pass" => "达标",
            "fail" => "未达标",
            "in-progress" => "进行中",
            _ => "免考核",
        };
        assert_eq!(text(&at(&values, row, 4)), status);
    }
    assert_eq!(text(&at(&values, 2, 0)), "学年学期：2025-2026学年第一学期");
    assert_eq!(text(&at(&values, 2, 3)), "统计截至：2026年1月20日");

    // The footer moved down 24 rows, with its formulas stretched over all teachers.
    assert_eq!(text(&at(&values, 29, 0)), "合计");
    assert_eq!(formula(&formulas, 29, 3), "SUM(D4:D28)");
    assert_eq!(formula(&formulas, 29, 4), "COUNTIF(E4:E28,\"达标\")");
    assert_eq!(formula(&formulas, 30, 3), "IF(COUNT(D4:D28)=0,\"\",ROUND(AVERAGE(D4:D28),1))");
    assert_eq!(text(&at(&values, 32, 0)), "填表人：");
    assert_eq!(text(&at(&values, 33, 0)), "（单位盖章）");
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let merges: Vec<String> = wb
        .merge_cells_by_sheet_name("学时汇总")
        .unwrap()
        .iter()
        .map(|d| format!("{:?}-{:?}", d.start, d.end))
        .collect();
    for m in
        ["(28, 0)-(28, 2)", "(29, 0)-(29, 2)", "(31, 0)-(31, 1)", "(31, 4)-(31, 5)", "(32, 0)-(32, 5)", "(0, 0)-(0, 5)"]
    {
        assert!(merges.contains(&m.to_string()), "merge {m} in {merges:?}");
    }

    let xml = part_text(&out, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"<conditionalFormatting sqref="D4:D28">"#), "the red-hours format covers every teacher");
    assert!(xml.contains(r#"<dimension ref="A1:F33"/>"#));
    let wb_xml = part_text(&out, "xl/workbook.xml");
    assert!(wb_xml.contains(">学时汇总!$A$1:$F$33</definedName>"), "print area: {wb_xml}");
    assert!(wb_xml.contains(">学时汇总!$1:$3</definedName>"), "print titles stay");
    assert!(wb_xml.contains("fullCalcOnLoad=\"1\""));
}

#[test]
fn band_table_uses_its_blank_rows_and_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = fill_sample("学时分段统计表.xlsx", dir.path());
    assert_eq!(changed_parts(&form("学时分段统计表.xlsx"), &out), ["xl/worksheets/sheet1.xml"]);
    let (values, formulas) = sheet(&out, "分段统计");
    let report = sample_report();
    let teachers = report["teachers"].as_array().unwrap();
    let departments = ["语文组", "数学组", "英语组", "综合组", "艺体组"];
    let mut bands_total = [0.0; 4];
    for (i, d) in departments.iter().enumerate() {
        let row = 5 + i as u32;
        let members: Vec<&Json> = teachers.iter().filter(|t| t["department"] == *d).collect();
        assert_eq!(text(&at(&values, row, 0)), *d);
        assert_eq!(number(&at(&values, row, 1)), members.len() as f64);
        for (b, (lo, hi)) in [(0.0, 36.0), (36.0, 72.0), (72.0, 108.0), (108.0, f64::MAX)].iter().enumerate() {
            let n = members.iter().filter(|t| year_hours(t) > *lo && year_hours(t) <= *hi).count() as f64;
            assert_eq!(number(&at(&values, row, 2 + b as u32)), n, "{d} band {b}");
            bands_total[b] += n;
        }
        assert_eq!(formula(&formulas, row, 7), format!("IF(B{row}=0,\"\",G{row}/B{row})"), "copied per row");
    }
    assert_eq!(at(&values, 10, 0), Data::Empty, "the sixth prepared row stays blank");
    assert_eq!(text(&at(&values, 11, 0)), "合计", "the totals row did not move");
    assert_eq!(formula(&formulas, 11, 1), "SUM(B5:B10)");
    for (b, n) in bands_total.iter().enumerate() {
        assert_eq!(number(&at(&values, 13, 2 + b as u32)), *n, "whole-school band {b}");
    }
    assert_eq!(number(&at(&values, 13, 1)), 25.0);
    assert_eq!(text(&at(&values, 2, 5)), "统计年度：2025-2026学年");
    match at(&values, 16, 6) {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 46042.0, "as_of as a real date in a date cell"),
        other => panic!("expected a date, got {other:?}"),
    }
}

#[test]
fn assessment_rows_copy_the_score_formulas_and_the_named_range_grows() {
    let dir = tempfile::tempdir().unwrap();
    let out = fill_sample("研修考核表.xlsx", dir.path());
    assert_eq!(changed_parts(&form("研修考核表.xlsx"), &out), ["xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
    let (values, formulas) = sheet(&out, "考核表");
    assert_eq!(text(&at(&values, 5, 1)), "张伟");
    assert_eq!(number(&at(&values, 5, 4)), 21.0, "张伟 observed 21 lessons in term 1 (an admin)");
    assert_eq!(number(&at(&values, 7, 5)), 2.0, "李娜 wrote 2 reflections in term 1");
    assert_eq!(formula(&formulas, 29, 6), "ROUND(MIN(D29/90,1)*$D$4+MIN(E29/10,1)*$E$4+MIN(F29/3,1)*$F$4,0)");
    assert_eq!(formula(&formulas, 30, 3), "IF(COUNT(D5:D29)=0,\"\",AVERAGE(D5:D29))");
    let wb_xml = part_text(&out, "xl/workbook.xml");
    assert!(wb_xml.contains("考核表!$G$5:$G$29</definedName>"), "{wb_xml}");
}

#[test]
fn a_form_filled_from_report_json_is_the_same_as_from_the_registers() {
    let dir = tempfile::tempdir().unwrap();
    let from_registers = fill_sample("学时汇总表.xlsx", dir.path());
    let report = dir.path().join("report.json");
    std::fs::write(&report, serde_json::to_string(&sample_report()).unwrap()).unwrap();
    let out = dir.path().join("from-report.xlsx");
    let r = regcheck(&["fill", s(&form("学时汇总表.xlsx")), "--report", s(&report), "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&from_registers).unwrap(), "byte-identical");
}

#[test]
fn filling_twice_gives_identical_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for name in ["学时汇总表.xlsx", "学时分段统计表.xlsx", "研修考核表.xlsx"] {
        assert_eq!(
            std::fs::read(fill_sample(name, a.path())).unwrap(),
            std::fs::read(fill_sample(name, b.path())).unwrap()
        );
    }
}

/// A report with `n` teachers in two departments, for forms written by the tests.
fn small_report(dir: &Path, n: usize) -> PathBuf {
    let teachers: Vec<Json> = (0..n)
        .map(|i| {
            serde_json::json!({"name": format!("教师{}", i + 1), "department": if i % 2 == 0 { "语文组" } else { "数学组" },
                "roles": ["teacher"], "status": "pass",
                "results": [{"rule": "hours-year", "period": "2025-2026", "measure": "hours",
                             "actual": 30.0 + 10.0 * i as f64, "min": 90.0, "max": null, "status": "pass"}]})
        })
        .collect();
    let report = serde_json::json!({"version": 1, "as_of": "2026-07-10", "lang": "zh", "school": "城南实验学校",
        "school_year": {"name": "2025-2026", "start": "2025-09-01", "end": "2026-08-31"},
        "terms": [{"id": "2025-2026-2", "name": "第二学期", "start": "2026-02-01", "end": "2026-08-31"}],
        "teachers": teachers});
    let path = dir.join("report.json");
    std::fs::write(&path, report.to_string()).unwrap();
    path
}

#[test]
fn two_blocks_on_one_sheet_grow_and_formulas_elsewhere_follow() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("form.xlsx");
    let mut wb = Workbook::new();
    let border = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let ws = wb.add_worksheet().set_name("表").unwrap();
    ws.write_string(0, 0, "{{school.name}}").unwrap();
    ws.write_string(1, 0, "教研组").unwrap();
    ws.write_string_with_format(2, 0, "{{d.name}}", &border).unwrap();
    ws.write_string_with_format(2, 1, "{{d.hours}}", &border).unwrap();
    ws.write_formula(3, 1, "=SUM(B3:B3)").unwrap();
    ws.write_string(5, 0, "姓名").unwrap();
    ws.write_string_with_format(6, 0, "{{t.name}}", &border).unwrap();
    ws.write_string_with_format(6, 1, "{{t.hours}}", &border).unwrap();
    ws.merge_range(6, 2, 6, 3, "", &border).unwrap();
    ws.write_formula(7, 1, "=SUM(B7:B7)").unwrap();
    ws.merge_range(9, 0, 9, 3, "填表人：", &Format::new()).unwrap();
    ws.set_page_breaks(&[9]).unwrap();
    ws.set_print_area(0, 0, 9, 3).unwrap();
    let other = wb.add_worksheet().set_name("核对").unwrap();
    other.write_formula(0, 0, "=表!B8-表!B4").unwrap();
    wb.save(&template).unwrap();

    let out = dir.path().join("filled.xlsx");
    let report = small_report(dir.path(), 5);
    let r = regcheck(&["fill", s(&template), "--report", s(&report), "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (values, formulas) = sheet(&out, "表");
    assert_eq!(text(&at(&values, 1, 0)), "城南实验学校");
    assert_eq!(text(&at(&values, 3, 0)), "语文组");
    assert_eq!(text(&at(&values, 4, 0)), "数学组");
    assert_eq!(formula(&formulas, 5, 1), "SUM(B3:B4)", "department total");
    assert_eq!(text(&at(&values, 7, 0)), "姓名");
    assert_eq!(
        (8..13).map(|r| text(&at(&values, r, 0))).collect::<Vec<_>>(),
        ["教师1", "教师2", "教师3", "教师4", "教师5"]
    );
    assert_eq!(number(&at(&values, 12, 1)), 70.0);
    assert_eq!(formula(&formulas, 13, 1), "SUM(B8:B12)", "teacher total");
    assert_eq!(text(&at(&values, 15, 0)), "填表人：");
    let (_, check) = sheet(&out, "核对");
    assert_eq!(formula(&check, 1, 0), "表!B13-表!B5", "the other sheet's formula follows both growths");
    let xml = part_text(&out, "xl/worksheets/sheet1.xml");
    for merge in ["C8:D8", "C9:D9", "C12:D12", "A15:D15"] {
        assert!(xml.contains(&format!("<mergeCell ref=\"{merge}\"/>")), "{merge}: {xml}");
    }
    assert!(xml.contains("<mergeCells count=\"6\">"), "{xml}");
    assert!(xml.contains("<brk id=\"14\""), "the page break moved with the footer: {xml}");
    assert!(part_text(&out, "xl/workbook.xml").contains(">表!$A$1:$D$15<"));
}

#[test]
fn problems_in_the_form_are_reported_with_their_cells_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("form.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("汇总").unwrap();
    ws.write_string(0, 0, "{{school.nmae}}").unwrap();
    ws.write_string(2, 0, "{{t.name}}").unwrap();
    ws.write_string(2, 1, "{{t.department}}").unwrap();
    ws.write_string(2, 2, "{{d.name}}").unwrap();
    ws.write_formula(3, 1, "=SUM(B3:B3)").unwrap();
    wb.save(&template).unwrap();
    let out = dir.path().join("filled.xlsx");
    let report = small_report(dir.path(), 3);
    let r = regcheck(&["fill", s(&template), "--report", s(&report), "--out", s(&out), "--lang", "en"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!out.exists(), "nothing is written");
    assert!(
        r.stderr.contains("汇总!A1: Unknown placeholder {{school.nmae}}; did you mean {{school.name}}?"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("汇总!B3: {{t.department}} gives text, but the formula in B4"), "{}", r.stderr);
    assert!(r.stderr.contains("汇总!3:3:"), "teacher and department placeholders in one row: {}", r.stderr);
}

#[test]
fn a_mapping_file_fills_a_form_nobody_may_edit() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("区表.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("学时").unwrap();
    ws.write_string(0, 0, "单位：").unwrap();
    ws.write_string(2, 0, "姓名").unwrap();
    ws.write_string(2, 1, "学时").unwrap();
    ws.write_blank(3, 0, &Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin)).unwrap();
    ws.write_formula(4, 1, "=SUM(B4:B4)").unwrap();
    wb.save(&template).unwrap();
    let map = "[[cell]]\nsheet = \"学时\"\ncell = \"B1\"\nvalue = \"school.name\"\n\n\
               [[table]]\nsheet = \"学时\"\nrow = 4\ncolumns = { A = \"t.name\", B = \"t.hours\" }\n";
    std::fs::write(dir.path().join("区表.map.toml"), map).unwrap();
    let out = dir.path().join("filled.xlsx");
    let report = small_report(dir.path(), 3);
    let r = regcheck(&["fill", s(&template), "--report", s(&report), "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (values, formulas) = sheet(&out, "学时");
    assert_eq!(text(&at(&values, 1, 1)), "城南实验学校");
    assert_eq!(text(&at(&values, 6, 0)), "教师3");
    assert_eq!(number(&at(&values, 5, 1)), 40.0);
    assert_eq!(formula(&formulas, 7, 1), "SUM(B4:B6)");

    std::fs::write(dir.path().join("区表.map.toml"), map.replace("sheet = \"学时\"\ncell", "sheet = \"汇总\"\ncell"))
        .unwrap();
    let r = regcheck(&["fill", s(&template), "--report", s(&report), "--out", s(&out)]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("汇总: 对照文件指向的工作表不存在。表中的工作表有：学时。"), "{}", r.stderr);
}

#[test]
fn usage_mistakes_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    let template = form("学时汇总表.xlsx");
    let r = regcheck(&["fill", s(&template), "--out", s(&dir.path().join("x.xlsx"))]);
    assert_eq!(r.code, 2, "no registers and no report");
    let r = regcheck(&["fill", s(&template), "samples/", "--out", s(&template)]);
    assert_eq!(r.code, 2, "never over the form itself");
    let r = regcheck(&["fill", "samples/README.md", "samples/", "--out", s(&dir.path().join("x.xlsx"))]);
    assert_eq!(r.code, 2, "not an xlsx: {}", r.stderr);
    let r = regcheck(&["fill", "samples/教师名册.xlsx", "samples/", "--out", s(&dir.path().join("x.xlsx"))]);
    assert_eq!(r.code, 1, "a workbook without placeholders is a problem of the form");
    assert!(r.stderr.contains("报表中没有占位符"), "{}", r.stderr);
    let r = regcheck(&["fill", s(&template), "samples/", "--term", "2030-1", "--out", s(&dir.path().join("x.xlsx"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("2025-2026-1"), "names the terms there are: {}", r.stderr);
}

#[test]
fn filled_forms_convert_to_pdf_if_libreoffice_is_installed() {
    let Ok(status) = Command::new("soffice").arg("--version").output() else {
        println!("soffice not found: PDF conversion not tested");
        return;
    };
    assert!(status.status.success());
    let dir = tempfile::tempdir().unwrap();
    for name in ["学时汇总表.xlsx", "学时分段统计表.xlsx", "研修考核表.xlsx"] {
        let out = fill_sample(name, dir.path());
        let profile = format!("-env:UserInstallation=file://{}", dir.path().join("lo-profile").display());
        let r = Command::new("soffice")
            .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir", s(dir.path()), s(&out)])
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let pdf = dir.path().join(name.replace(".xlsx", ".pdf"));
        let bytes = std::fs::read(&pdf).unwrap_or_default();
        assert!(bytes.starts_with(b"%PDF") && bytes.len() > 5000, "{name}: {} bytes", bytes.len());
    }
}
