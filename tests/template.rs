//! `regcheck template`: blank registers for next term that `check` reads back with no findings,
//! with the roster's names, the term's dates, dropdown lists, a frozen header and print setup.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{check, root, xlsx_parts};
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use std::process::Command;

const TEACHERS: [(&str, &str, &str); 4] =
    [("张伟", "语文组", "校长"), ("王芳", "语文组", ""), ("赵磊", "数学组", ""), ("黄丽", "数学组", "")];

fn roster(dir: &Path) -> PathBuf {
    let path = dir.join("教师名册.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("名册").unwrap();
    for (c, h) in ["序号", "姓名", "教研组", "职务"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (name, dept, position)) in TEACHERS.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, r as f64).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_string(r, 2, *dept).unwrap();
        ws.write_string(r, 3, *position).unwrap();
    }
    wb.save(&path).unwrap();
    path
}

fn template(kind: &str, roster: &Path, out: &Path) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_regcheck"))
        .current_dir(root())
        .args(["template", kind, "--roster", roster.to_str().unwrap(), "--term", "2025-2026-1", "--out"])
        .arg(out)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
    )
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn blank_logs_read_back_with_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let roster = roster(dir.path());
    let mut files = Vec::new();
    for kind in ["signin", "observations", "reflections"] {
        let out = dir.path().join(format!("{kind}.xlsx"));
        let (code, text) = template(kind, &roster, &out);
        assert_eq!(code, 0, "{text}");
        files.push(out);
    }
    // On the first day of the term nothing is due yet, and every register a rule needs is there.
    let mut args: Vec<&str> = files.iter().map(|f| arg(f)).collect();
    args.extend([arg(&roster), "--as-of", "2025-09-01"]);
    let r = check(&args);
    assert_eq!(r.finding_cells(), Vec::<(String, String, String, String)>::new(), "{}", r.stdout);
    assert_eq!(r.code, 0);
    assert_eq!(r.sheet("signin.xlsx", "校本研修签到表")["kind"], "attendance");
    assert_eq!(r.sheet("observations.xlsx", "听课记录")["kind"], "observations");
    assert_eq!(r.sheet("reflections.xlsx", "教学反思登记")["kind"], "reflections");
    assert_eq!(r.sheet("reflections.xlsx", "教学反思登记")["header_rows"], serde_json::json!([3]));
}

#[test]
fn blank_logs_have_dropdowns_date_checks_a_frozen_header_and_print_setup() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reflections.xlsx");
    assert_eq!(template("reflections", &roster(dir.path()), &out).0, 0);
    let sheet = xlsx_parts(&out, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"<dataValidation type="list""#) && sheet.contains("教学反思,教学总结,读书笔记"),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<dataValidation type="date""#), "date validation");
    assert!(sheet.contains("<formula1>45901</formula1><formula2>46053</formula2>"), "2025-09-01 to 2026-01-31");
    assert!(sheet.contains(r#"state="frozen""#), "frozen header");
    assert!(sheet.contains(r#"orientation="landscape""#));
    let wb = xlsx_parts(&out, "xl/workbook.xml");
    assert!(wb.contains("_xlnm.Print_Area") && wb.contains("_xlnm.Print_Titles"), "{wb}");
    let obs = dir.path().join("obs.xlsx");
    assert_eq!(template("observations", &roster(dir.path()), &obs).0, 0);
    assert!(xlsx_parts(&obs, "xl/worksheets/sheet1.xml").contains("\"优,良,中,差\""));
}

#[test]
fn attendance_grid_lists_the_roster_and_the_terms_wednesdays() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("考勤表.xlsx");
    let (code, text) = template("attendance", &roster(dir.path()), &out);
    assert_eq!(code, 0, "{text}");
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let range = wb.worksheet_range("校本研修考勤表").unwrap();
    let formulas = wb.worksheet_formula("校本研修考勤表").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(2, 1), Data::String("姓名".into()));
    // Under the dates, a row for each session's topic and one for its hours.
    assert_eq!((cell(3, 1), cell(4, 1)), (Data::String("主题".into()), Data::String("学时".into())));
    assert_eq!(cell(5, 1), Data::String("张伟".into()));
    assert_eq!(cell(8, 2), Data::String("数学组".into()));
    match cell(2, 3) {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 45903.0, "2025-09-03, the term's first Wednesday"),
        other => panic!("a date header, got {other:?}"),
    }
    assert_eq!(cell(2, 3 + 22), Data::String("出勤次数".into()), "22 Wednesdays, then the total");
    let total = formulas.get_value((5, 25)).cloned().unwrap_or_default();
    assert!(total.starts_with("COUNTIF(D6:Y6,\"√\")"), "{total}");
    let sheet = xlsx_parts(&out, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"sqref="D6:Y9""#), "marks dropdown over the grid: {sheet}");
    assert!(sheet.contains(r#"sqref="D5:Y5""#), "hours validation on the hours row: {sheet}");
}

#[test]
fn attendance_grid_reads_back_as_a_grid_with_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let roster = roster(dir.path());
    let out = dir.path().join("考勤表.xlsx");
    assert_eq!(template("attendance", &roster, &out).0, 0);
    let r = check(&[arg(&out), arg(&roster), "--as-of", "2025-09-01"]);
    let sheet = r.sheet("考勤表.xlsx", "校本研修考勤表");
    assert_eq!(sheet["kind"], "attendance");
    assert_eq!(sheet["layout"], "grid");
    let on_grid: Vec<_> = r.finding_cells().into_iter().filter(|(_, f, _, _)| f == "考勤表.xlsx").collect();
    assert!(on_grid.is_empty(), "{on_grid:?}");
}

#[test]
fn the_same_roster_and_term_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let roster = roster(dir.path());
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    assert_eq!(template("attendance", &roster, &a).0, 0);
    assert_eq!(template("attendance", &roster, &b).0, 0);
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

#[test]
fn a_file_without_a_roster_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = template("observations", &root().join("samples/听课记录.xlsx"), &dir.path().join("x.xlsx"));
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("没有找到教师名册"), "{text}");
    let (code, _) = template("lessons", &root().join("samples/教师名册.xlsx"), &dir.path().join("x.xlsx"));
    assert_eq!(code, 2);
}
