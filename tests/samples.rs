//! The sample school (samples/, described cell by cell in samples/README.md), run through the
//! real binary with the embedded default rules: the planted problems, the per-teacher results,
//! and the written workbooks read back.

mod common;

use common::{cells, check, root, xlsx_parts, Outcome};
use std::sync::OnceLock;

/// One run over samples/, shared by the tests (the school year 2025-2026 is over by then).
fn run() -> &'static Outcome {
    static RUN: OnceLock<Outcome> = OnceLock::new();
    RUN.get_or_init(|| check(&["samples", "--as-of", "2026-11-22"]))
}

#[test]
fn exit_code_is_1_because_there_are_errors() {
    assert_eq!(run().code, 1, "{}", run().stderr);
}

#[test]
fn every_planted_problem_is_found_on_its_cell() {
    let r = run();
    for (code, file, sheet, cell) in [
        ("id-invalid", "教师名册.xlsx", "教师名册", "J7"),
        ("unknown-teacher", "校本研修签到表.xlsx", "签到表", "G129"),
        ("invalid-date", "校本研修签到表.xlsx", "签到表", "B295"),
        ("duplicate-record", "校本研修签到表.xlsx", "签到表", "G372"),
        ("value-out-of-range", "校本研修签到表.xlsx", "签到表", "F427"),
        ("not-counted", "校本研修签到表.xlsx", "签到表", "D54"),
        ("invalid-date", "听课记录.xlsx", "上学期", "C60"),
        ("date-outside-year", "听课记录.xlsx", "下学期", "C184"),
        ("invalid-number", "教学反思登记.xlsx", "反思登记", "F87"),
        ("missing-value", "教学反思登记.xlsx", "反思登记", "F215"),
    ] {
        assert!(
            r.has(code, file, sheet, cell),
            "expected {code} at {file} / {sheet}!{cell}; got {:#?}",
            r.finding_cells()
        );
    }
}

#[test]
fn nothing_is_reported_that_was_not_planted() {
    let codes: Vec<String> = run().finding_cells().into_iter().map(|(c, ..)| c).collect();
    // 10 planted cell problems, 8 compliance shortfalls, 1 hidden non-register sheet.
    assert_eq!(codes.len(), 19, "{:#?}", run().finding_cells());
    assert_eq!(codes.iter().filter(|c| *c == "below-minimum").count(), 5);
    assert_eq!(codes.iter().filter(|c| *c == "above-maximum").count(), 3);
    assert!(!run().has("unknown-teacher", "校本研修签到表.xlsx", "签到表", "G30"), "王 芳 is 王芳");
}

#[test]
fn the_misspelt_name_suggests_the_right_teacher() {
    let f = run().findings().into_iter().find(|f| f["code"] == "unknown-teacher").expect("unknown-teacher");
    assert_eq!(f["value"], "张玮");
    assert_eq!(f["params"]["suggestion"], "张伟");
    assert!(f["message"].as_str().unwrap().contains("张伟"));
    assert!(f["message_alt"].as_str().unwrap().contains("Did you mean"));
}

#[test]
fn per_teacher_results_match_the_planted_data() {
    let r = run();
    let y = "2025-2026";
    let (t1, t2) = ("2025-2026-1", "2025-2026-2");
    assert_eq!(r.result("赵磊", "hours-year", y), (72.0, "fail".into()));
    assert_eq!(r.result("赵磊", "absences-term", t1), (2.0, "fail".into()));
    assert_eq!(r.result("赵磊", "absences-term", t2), (1.0, "fail".into()));
    // The misspelt row does not count for 张伟; the 13th month not for 何勇; the 60 not for 宋佳.
    for name in ["张伟", "吴敏", "孙悦", "何勇", "林峰", "宋佳"] {
        assert_eq!(r.result(name, "hours-year", y), (90.0, "pass".into()), "{name}");
    }
    assert_eq!(r.result("高洁", "hours-year", y), (96.0, "pass".into()), "the duplicated row counts once");
    assert_eq!(r.result("孙悦", "observations-term", t1), (7.0, "fail".into()));
    assert_eq!(r.result("杨帆", "observations-term", t2), (16.0, "fail".into()));
    assert_eq!(r.result("徐强", "observations-term", t2), (21.0, "pass".into()));
    assert_eq!(r.result("陈静", "observations-term", t1), (10.0, "pass".into()));
    assert_eq!(r.result("胡斌", "observations-term", t2), (10.0, "pass".into()));
    assert_eq!(r.result("李娜", "reflections-term", t1), (2.0, "fail".into()));
    assert_eq!(r.result("唐亮", "summaries-term", t2), (0.0, "fail".into()));
    assert_eq!(
        r.result("郑浩", "reflections-term", t1).1,
        "pass",
        "a piece with an unreadable word count still counts"
    );

    let failing: Vec<&str> = r.report["teachers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "fail")
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(failing, vec!["李娜", "杨帆", "赵磊", "孙悦", "唐亮"]);
    assert_eq!(r.teacher("杨帆")["roles"], serde_json::json!(["teacher", "admin"]));
}

#[test]
fn compliance_findings_land_on_the_roster_row_and_say_what_is_missing() {
    let r = run();
    assert!(r.has("below-minimum", "教师名册.xlsx", "教师名册", "B10"), "赵磊 is on row 10");
    let missing = r.teacher("赵磊")["missing"].as_array().unwrap();
    assert!(missing.iter().any(|m| m.as_str().unwrap().contains("还差 18 学时")), "{missing:?}");
}

#[test]
fn report_says_what_each_sheet_was_understood_as() {
    let r = run();
    let s = r.sheet("校本研修签到表.xlsx", "签到表");
    assert_eq!(s["kind"], "attendance");
    assert_eq!(s["layout"], "long");
    assert_eq!(s["header_rows"], serde_json::json!([3]));
    assert_eq!(s["data_rows"], serde_json::json!([4, 429]));
    assert_eq!(s["records"], 426);
    assert_eq!(s["columns"]["date"], "B");
    assert_eq!(s["columns"]["name"], "G");
    assert_eq!(r.sheet("听课记录.xlsx", "下学期")["kind"], "observations");
    assert_eq!(r.sheet("教学反思登记.xlsx", "反思登记")["kind"], "reflections");
    assert_eq!(r.sheet("教师名册.xlsx", "教师名册")["kind"], "roster");
    assert_eq!(r.sheet("教师名册.xlsx", "说明")["kind"], "unknown");
    assert_eq!(r.report["school_year"]["name"], "2025-2026");
    assert_eq!(r.report["terms"][0]["end"], "2026-01-31");
}

#[test]
fn annotated_copies_keep_every_value_in_the_same_cell() {
    let r = run();
    for name in ["教师名册", "校本研修签到表", "听课记录", "教学反思登记"] {
        let original = cells(&root().join("samples").join(format!("{name}.xlsx")));
        let copy: Vec<_> = cells(&r.out.path().join(format!("{name}.checked.xlsx")));
        let findings_sheet = "检查结果";
        let copy: Vec<_> = copy.into_iter().filter(|(s, ..)| s != findings_sheet).collect();
        assert_eq!(original.len(), copy.len(), "{name}: same number of values");
        for (o, c) in original.iter().zip(&copy) {
            assert_eq!(o, c, "{name}: value moved or changed");
        }
    }
}

#[test]
fn annotated_copies_keep_merges_hidden_sheets_and_put_the_findings_sheet_first() {
    use calamine::{Reader, SheetVisible, Xlsx};
    let r = run();
    let mut wb: Xlsx<_> = calamine::open_workbook(r.out.path().join("教师名册.checked.xlsx")).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names, vec!["检查结果", "教师名册", "说明"]);
    let hidden = wb.sheets_metadata().iter().find(|s| s.name == "说明").unwrap().visible;
    assert_eq!(hidden, SheetVisible::Hidden);
    let merges = wb.merge_cells_by_sheet_name("教师名册").unwrap();
    assert!(merges.iter().any(|m| m.start == (0, 0) && m.end == (0, 9)), "{merges:?}");
}

#[test]
fn problem_cells_are_filled_and_carry_a_note_in_both_languages() {
    use calamine::Xlsx;
    let r = run();
    let path = r.out.path().join("校本研修签到表.checked.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let styles = wb.worksheet_style("签到表").unwrap();
    let fill = |row, col| {
        styles.get((row, col)).and_then(|s| s.fill.as_ref()).and_then(|f| f.get_color()).map(|c| c.to_argb() & 0xFFFFFF)
    };
    assert_eq!(fill(128, 6), Some(0xFFC7CE), "G129 (error) is red");
    assert_eq!(fill(371, 6), Some(0xFFEB9C), "G372 (warning) is yellow");
    assert_eq!(fill(129, 6), None, "a clean cell is not filled");
    let notes = xlsx_parts(&path, "xl/comments");
    assert!(notes.contains("名册中没有“张玮”，是不是“张伟”"), "Chinese note");
    assert!(notes.contains("Did you mean \"张伟\"") || notes.contains("Did you mean &quot;张伟&quot;"), "English note");
    let links = xlsx_parts(&path, "xl/worksheets/sheet1.xml");
    assert!(links.contains("G129"), "the findings sheet links to the cell");
}

#[test]
fn summary_workbook_has_overview_teachers_shortfalls_and_findings() {
    use calamine::{Data, Reader, Xlsx};
    let r = run();
    let path = r.out.path().join("summary.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), vec!["概览", "教师", "未达标", "问题清单"]);
    let teachers = wb.worksheet_range("教师").unwrap();
    assert_eq!(teachers.height(), 26, "a header and 25 teachers");
    let row_of = |name: &str| teachers.rows().position(|r| r[0] == Data::String(name.into())).unwrap();
    let zhao = &teachers.rows().nth(row_of("赵磊")).unwrap();
    assert_eq!(zhao[3], Data::String("未达标".into()));
    assert!(zhao.iter().any(|c| c == &Data::String("72 / ≥90 学时".into())), "{zhao:?}");
    let shortfalls = wb.worksheet_range("未达标").unwrap();
    assert_eq!(shortfalls.height(), 9, "a header and 8 shortfalls");
    let findings = wb.worksheet_range("问题清单").unwrap();
    assert_eq!(findings.height(), 20);
    assert!(xlsx_parts(&path, "xl/charts/chart1.xml").contains("barChart"), "compliance chart");
}

#[test]
fn the_terminal_summary_names_who_falls_short() {
    let out = &run().stdout;
    assert!(out.contains("签到表 → 签到/考勤表，表头第 3 行，426 条记录"), "{out}");
    assert!(out.contains("赵磊  每学年培训学时 2025-2026 72/≥90"), "{out}");
}

#[test]
fn the_same_inputs_give_byte_identical_outputs() {
    let again = check(&["samples", "--as-of", "2026-11-22"]);
    for name in ["summary.xlsx", "report.json", "校本研修签到表.checked.xlsx", "教师名册.checked.xlsx"] {
        let a = std::fs::read(run().out.path().join(name)).unwrap();
        let b = std::fs::read(again.out.path().join(name)).unwrap();
        assert!(a == b, "{name} differs between runs");
    }
}

#[test]
fn english_messages_on_request() {
    let r = check(&["samples/教师名册.xlsx", "samples/听课记录.xlsx", "--as-of", "2026-11-22", "--lang", "en"]);
    let f = r.findings().into_iter().find(|f| f["code"] == "invalid-date").unwrap();
    assert!(f["message"].as_str().unwrap().contains("month 9 has no day 31"), "{f}");
    assert!(r.stdout.contains("Teachers: 25 in all"), "{}", r.stdout);
}

#[test]
fn a_year_not_over_is_judged_against_the_pace() {
    let r = check(&["samples", "--as-of", "2026-01-10"]);
    let (actual, status) = r.result("赵磊", "hours-year", "2025-2026");
    assert_eq!((actual, status.as_str()), (36.0, "in-progress"));
    assert!(r.findings().iter().any(|f| f["code"] == "behind-pace" && f["teacher"] == "赵磊"));
    assert!(
        r.report["teachers"][0]["results"].as_array().unwrap().iter().all(|x| x["period"] != "2025-2026-2"),
        "a term that has not begun is not judged"
    );
}

#[test]
fn annotated_copies_keep_the_original_formatting() {
    use calamine::Xlsx;
    let r = run();
    let mut wb: Xlsx<_> = calamine::open_workbook(r.out.path().join("校本研修签到表.checked.xlsx")).unwrap();
    let styles = wb.worksheet_style("签到表").unwrap();
    let title = styles.get((0, 0)).and_then(|s| s.font.as_ref()).expect("title font");
    assert!(title.is_bold(), "the merged title stays bold");
    let header = styles.get((2, 0)).and_then(|s| s.borders.as_ref()).expect("header borders");
    assert!(header.has_visible_borders(), "the header keeps its borders");
    let date = styles.get((3, 1)).and_then(|s| s.number_format.as_ref()).expect("date format");
    assert!(date.format_code.contains('y'), "dates are still formatted as dates: {}", date.format_code);
}

#[test]
fn annotated_copies_keep_column_widths_and_row_heights() {
    use regcheck::read::layout::read_xlsx;
    let r = run();
    for name in ["教师名册", "校本研修签到表"] {
        let original = read_xlsx(&root().join("samples").join(format!("{name}.xlsx")));
        let copy = read_xlsx(&r.out.path().join(format!("{name}.checked.xlsx")));
        assert!(original.values().any(|s| !s.layout.columns.is_empty()), "{name} sets column widths");
        for (sheet, found) in &original {
            let (layout, copied) = (&found.layout, &copy[sheet].layout);
            let widths = |l: &regcheck::read::layout::Layout| {
                l.columns
                    .iter()
                    .flat_map(|c| (c.first..=c.last).map(move |i| (i, c.width, c.hidden)))
                    .collect::<Vec<_>>()
            };
            assert_eq!(widths(layout), widths(copied), "{name}/{sheet} column widths");
            assert_eq!(layout.rows, copied.rows, "{name}/{sheet} row heights");
            assert_eq!(found.merged, copy[sheet].merged, "{name}/{sheet} merged cells");
        }
    }
}
