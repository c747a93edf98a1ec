//! Small registers written by the test itself, each showing one behaviour: English headers,
//! dates without a year, unknown marks, missing columns, conflicting rows, exemptions, two
//! teachers with one name, an hours ledger, rules without a register.

mod common;

use common::{book, check};
use rust_xlsxwriter::Workbook;
use std::path::Path;

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn english_register_with_p_a_l_marks() {
    let d = dir();
    let f = d.path().join("attendance.xlsx");
    book(
        &f,
        &[(
            "Sign-in",
            &[
                &["Training attendance, autumn term"],
                &[],
                &["No.", "Date", "Topic", "Hours", "Teacher Name", "Attendance"],
                &["1", "d:2025-09-10", "Curriculum", "3", "Li Na", "P"],
                &["2", "d:2025-09-10", "Curriculum", "3", "Wang Fang", "A"],
                &["3", "d:2025-09-17", "Assessment", "3", "Li Na", "L"],
                &["4", "d:2025-09-17", "Assessment", "3", "Wang Fang", "E"],
            ],
        )],
    );
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    assert_eq!(r.report["lang"], "en", "English headers give English messages");
    assert_eq!(r.sheet("attendance.xlsx", "Sign-in")["header_rows"], serde_json::json!([3]));
    assert_eq!(r.result("Li Na", "absences-term", "2025-2026-1"), (0.0, "pass".into()));
    assert_eq!(r.result("Wang Fang", "absences-term", "2025-2026-1"), (1.0, "fail".into()));
    assert_eq!(r.result("Li Na", "hours-year", "2025-2026").0, 6.0, "late still earns the hours");
    assert_eq!(r.result("Wang Fang", "hours-year", "2025-2026").0, 0.0);
    assert!(r.stdout.contains("Teachers: 2 in all"), "{}", r.stdout);
}

#[test]
fn dates_without_a_year_take_the_school_years() {
    let d = dir();
    let f = d.path().join("签到表.xlsx");
    book(
        &f,
        &[(
            "签到",
            &[
                &["姓名", "日期", "主题", "学时", "签到"],
                &["张伟", "9/10", "新课标", "3", "√"],
                &["张伟", "1月8日", "期末复习", "3", "√"],
                &["张伟", "d:2025-10-15", "作业设计", "3", "√"],
            ],
        )],
    );
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    assert!(
        r.findings().iter().all(|x| x["code"] != "invalid-date" && x["code"] != "date-outside-year"),
        "{:?}",
        r.finding_cells()
    );
    assert_eq!(r.result("张伟", "hours-year", "2025-2026").0, 9.0, "9/10 → 2025-09-10, 1月8日 → 2026-01-08");
}

#[test]
fn unknown_marks_and_conflicting_rows_are_found() {
    let d = dir();
    let f = d.path().join("签到表.xlsx");
    book(
        &f,
        &[(
            "签到",
            &[
                &["姓名", "日期", "培训主题", "学时", "签到情况"],
                &["张伟", "d:2025-09-10", "新课标", "3", "☆"],
                &["王芳", "d:2025-09-10", "新课标", "3", "√"],
                &["王芳", "d:2025-09-10", "新课标", "3", "旷课"],
                &["王芳", "d:2025-09-10", "新课标", "3", "√"],
            ],
        )],
    );
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    assert!(r.has("unknown-mark", "签到表.xlsx", "签到", "E2"), "{:?}", r.finding_cells());
    assert!(r.has("conflicting-record", "签到表.xlsx", "签到", "A4"), "{:?}", r.finding_cells());
    assert!(r.has("duplicate-record", "签到表.xlsx", "签到", "A5"), "{:?}", r.finding_cells());
    assert_eq!(r.result("王芳", "hours-year", "2025-2026").0, 3.0, "counted once");
    assert_eq!(r.result("王芳", "absences-term", "2025-2026-1").0, 0.0, "the conflicting row does not count");
}

#[test]
fn a_register_without_its_date_column_says_so() {
    let d = dir();
    let f = d.path().join("签到表.xlsx");
    book(&f, &[("签到", &[&["姓名", "培训主题", "学时", "签到情况"], &["张伟", "新课标", "3", "√"]])]);
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    assert_eq!(r.sheet("签到表.xlsx", "签到")["kind"], "attendance");
    assert!(r.has("missing-column", "签到表.xlsx", "签到", "A1"), "{:?}", r.finding_cells());
    let f = r.findings().into_iter().find(|f| f["code"] == "missing-column").unwrap();
    assert_eq!(f["params"]["field"], "date");
    assert_eq!(r.code, 1);
}

#[test]
fn roster_roles_and_exemptions_come_from_its_columns() {
    let d = dir();
    let roster = d.path().join("名册.xlsx");
    book(
        &roster,
        &[(
            "名册",
            &[
                &["序号", "姓名", "教研组", "职务", "状态"],
                &["1", "张伟", "语文组", "副校长", "在岗"],
                &["2", "王芳", "语文组", "", "病休"],
                &["3", "李娜", "数学组", "", "在岗"],
            ],
        )],
    );
    let obs = d.path().join("听课记录.xlsx");
    let mut rows: Vec<[String; 4]> = vec![["听课人".into(), "听课日期".into(), "授课教师".into(), "班级".into()]];
    for i in 0..12 {
        rows.push(["张伟".into(), format!("d:2025-10-{:02}", i + 1), "李娜".into(), "七(1)班".into()]);
        rows.push(["李娜".into(), format!("d:2025-11-{:02}", i + 1), "张伟".into(), "七(2)班".into()]);
    }
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    book(&obs, &[("听课", &rows)]);
    let r = check(&[arg(&roster), arg(&obs), "--as-of", "2026-02-01"]);
    assert_eq!(r.result("张伟", "observations-term", "2025-2026-1"), (12.0, "fail".into()), "admins need 20");
    assert_eq!(r.result("李娜", "observations-term", "2025-2026-1"), (12.0, "pass".into()));
    assert_eq!(r.result("王芳", "observations-term", "2025-2026-1").1, "exempt");
    assert_eq!(r.teacher("王芳")["status"], "exempt");
    assert_eq!(r.teacher("张伟")["department"], "语文组");
    // No sign-in sheet and no reflection log: those rules are not checked, and say so once each.
    let no_records: Vec<_> =
        r.findings().into_iter().filter(|f| f["code"] == "no-records").map(|f| f["rule"].clone()).collect();
    assert_eq!(no_records.len(), 4, "{no_records:?}");
}

#[test]
fn two_teachers_with_one_name() {
    let d = dir();
    let roster = d.path().join("名册.xlsx");
    book(&roster, &[("名册", &[&["姓名", "教研组"], &["张伟", "语文组"], &["张伟", "数学组"]])]);
    let log = d.path().join("反思.xlsx");
    book(&log, &[("反思", &[&["姓名", "提交日期", "类型", "字数"], &["张伟", "d:2025-10-10", "教学反思", "900"]])]);
    let r = check(&[arg(&roster), arg(&log), "--as-of", "2026-02-01"]);
    assert!(r.has("duplicate-teacher", "名册.xlsx", "名册", "A3"), "{:?}", r.finding_cells());
    assert!(r.has("ambiguous-teacher", "反思.xlsx", "反思", "A2"), "{:?}", r.finding_cells());
}

#[test]
fn hours_ledger_counts_towards_yearly_hours() {
    let d = dir();
    let ledger = d.path().join("学时登记.xlsx");
    book(
        &ledger,
        &[(
            "学时",
            &[
                &["姓名", "项目名称", "培训形式", "级别", "日期", "学时", "学分"],
                &["张伟", "国培计划", "集中培训", "国家", "d:2025-08-20", "40", "4"],
                &["张伟", "市级骨干研修", "网络研修", "市", "d:2025-11-02", "30", "3"],
                &["张伟", "区级教研", "教研活动", "区", "", "24", "2"],
            ],
        )],
    );
    let r = check(&[arg(&ledger), "--as-of", "2026-09-01"]);
    assert_eq!(r.sheet("学时登记.xlsx", "学时")["kind"], "hours");
    assert!(r.has("date-outside-year", "学时登记.xlsx", "学时", "E2"), "{:?}", r.finding_cells());
    assert_eq!(
        r.result("张伟", "hours-year", "2025-2026"),
        (54.0, "fail".into()),
        "an undated entry counts for the year"
    );
}

#[test]
fn loose_headers_and_serial_numbers_in_date_columns() {
    let d = dir();
    let f = d.path().join("记录.xlsx");
    book(
        &f,
        &[(
            "Sheet1",
            &[&["教 师 姓 名", "培训日期：", "学时\n（小时）", "签到"], &["张　伟", "45910", "２学时", "到"]],
        )],
    );
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    let s = r.sheet("记录.xlsx", "Sheet1");
    assert_eq!(s["columns"], serde_json::json!({"name": "A", "date": "B", "hours": "C", "mark": "D"}));
    assert_eq!(r.result("张伟", "hours-year", "2025-2026").0, 2.0, "45910 is 2025-09-10");
}

#[test]
fn a_sign_in_sheet_without_hours_warns_that_hours_cannot_be_counted() {
    let d = dir();
    let f = d.path().join("签到表.xlsx");
    book(
        &f,
        &[("签到", &[&["标题"], &["姓名", "日期", "培训主题", "签名"], &["张伟", "d:2025-09-10", "新课标", "张伟"]])],
    );
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    let f = r.findings().into_iter().find(|f| f["code"] == "missing-column").expect("missing-column");
    assert_eq!(
        (f["severity"].as_str(), f["cell"].as_str(), f["params"]["field"].as_str()),
        (Some("warning"), Some("A2"), Some("hours"))
    );
    assert_eq!(r.result("张伟", "hours-year", "2025-2026").0, 0.0);
    assert!(f["message"].as_str().unwrap().contains("无法计入学时"), "{f}");
    assert_eq!(r.code, 0, "warnings alone exit 0");
}

/// A sheet 签到 with its header and 张伟's one session (3 hours on 2025-09-10) on row 2.
fn signin_with_one_session(wb: &mut Workbook) -> &mut rust_xlsxwriter::Worksheet {
    let ws = wb.add_worksheet().set_name("签到").unwrap();
    for (c, h) in ["姓名", "日期", "学时"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "张伟").unwrap();
    ws.write_string(1, 1, "2025-09-10").unwrap();
    ws.write_number(1, 2, 3).unwrap();
    ws
}

#[test]
fn formulas_stay_formulas_in_the_annotated_copy() {
    let d = dir();
    let f = d.path().join("签到表.xlsx");
    let mut wb = Workbook::new();
    let ws = signin_with_one_session(&mut wb);
    ws.write_string(2, 0, "合计").unwrap();
    ws.write_formula(2, 2, rust_xlsxwriter::Formula::new("=SUM(C2:C2)").set_result("3")).unwrap();
    wb.save(&f).unwrap();
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    assert_eq!(r.sheet("签到表.xlsx", "签到")["records"], 1, "the totals row is not a record");
    use calamine::Reader;
    let mut copy: calamine::Xlsx<_> = calamine::open_workbook(r.out.path().join("签到表.checked.xlsx")).unwrap();
    let formulas = copy.worksheet_formula("签到").unwrap();
    assert_eq!(formulas.get_value((2, 2)).map(String::as_str), Some("SUM(C2:C2)"));
    assert_eq!(copy.worksheet_range("签到").unwrap().get_value((2, 2)), Some(&calamine::Data::Float(3.0)));
}

#[test]
fn empty_sheets_are_quiet_and_an_empty_folder_is_a_usage_error() {
    let d = dir();
    let f = d.path().join("签到表.xlsx");
    book(
        &f,
        &[
            ("签到", &[&["姓名", "日期", "学时"], &["张伟", "d:2025-09-10", "3"]]),
            ("Sheet2", &[]),
            ("备忘", &[&["下周开会"]]),
        ],
    );
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    let quiet: Vec<_> = r.finding_cells().into_iter().filter(|(c, ..)| c == "no-register-found").collect();
    assert_eq!(
        quiet,
        vec![("no-register-found".to_string(), "签到表.xlsx".to_string(), "备忘".to_string(), String::new())]
    );
    assert_eq!(r.sheet("签到表.xlsx", "Sheet2")["kind"], "unknown", "the empty sheet is still listed");

    let empty = dir();
    let r = check(&[arg(empty.path())]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no spreadsheet files"), "{}", r.stderr);
}

#[test]
fn hidden_rows_and_columns_and_frozen_panes_survive_in_the_copy() {
    let d = dir();
    let f = d.path().join("签到表.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("签到").unwrap();
    for (c, h) in ["姓名", "日期", "学时", "联系电话"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_string(0, 0, "签到表").unwrap();
    ws.write_string(2, 0, "张伟").unwrap();
    ws.write_string(2, 1, "2025-09-10").unwrap();
    ws.write_number(2, 2, 3).unwrap();
    ws.write_string(2, 3, "13800000000").unwrap();
    ws.set_column_hidden(3).unwrap();
    ws.set_row_height(0, 30).unwrap();
    ws.set_row_hidden(2).unwrap();
    ws.set_freeze_panes(2, 1).unwrap();
    wb.save(&f).unwrap();
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    let original = regcheck::read::layout::read_xlsx(&f);
    let copy = regcheck::read::layout::read_xlsx(&r.out.path().join("签到表.checked.xlsx"));
    assert_eq!(original["签到"].layout.freeze, Some((2, 1)));
    assert_eq!(original["签到"], copy["签到"]);
    assert_eq!(r.sheet("签到表.xlsx", "签到")["unknown_columns"]["D"], "联系电话");
}

/// WPS gives every row a height, past the data too; the copy is written row by row and must still
/// list each row once, with its height, and keep a merged range that reaches past the data.
#[test]
fn row_heights_past_the_data_and_a_merge_at_the_end_are_copied_once() {
    let d = dir();
    let f = d.path().join("签到表.xlsx");
    let mut wb = Workbook::new();
    let ws = signin_with_one_session(&mut wb);
    ws.merge_range(2, 0, 4, 2, "备注：以上为本周签到", &rust_xlsxwriter::Format::new()).unwrap();
    for row in 0..12 {
        ws.set_row_height(row, 20).unwrap();
    }
    wb.save(&f).unwrap();
    let r = check(&[arg(&f), "--as-of", "2026-02-01"]);
    let original = regcheck::read::layout::read_xlsx(&f);
    let copy = regcheck::read::layout::read_xlsx(&r.out.path().join("签到表.checked.xlsx"));
    assert_eq!(original["签到"].layout.rows.len(), 12);
    assert_eq!(original["签到"], copy["签到"]);
}
