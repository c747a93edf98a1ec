//! Real-world layouts, each recognized with no configuration: attendance grids (month over day
//! numbers, date headers with topic and hours rows), multi-row headers with and without merged
//! cells, headers and titles repeated for printing, sessions typed once and left blank below,
//! several months on separate sheets with the roster in the same workbook, and text files in
//! every encoding and separator Excel and WPS write.

mod common;

use common::{book, book_with_merges, check, xlsx_parts};
use serde_json::json;
use std::path::Path;

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

const AS_OF: [&str; 2] = ["--as-of", "2026-01-20"];
const TERM: &str = "2025-2026-1";

#[test]
fn attendance_grid_with_a_month_merged_over_day_numbers() {
    let r = check(&["tests/fixtures/attendance-grid.xls", AS_OF[0], AS_OF[1]]);
    let s = r.sheet("attendance-grid.xls", "9月考勤");
    assert_eq!(s["kind"], "attendance");
    assert_eq!(s["layout"], "grid");
    assert_eq!(s["header_rows"], json!([2, 3]));
    assert_eq!(s["data_rows"], json!([4, 11]));
    assert_eq!(s["columns"], json!({"name": "B"}));
    assert_eq!(s["sessions"], json!({"C": "2025-09-03", "D": "2025-09-10", "E": "2025-09-17", "F": "2025-09-24"}));
    assert_eq!(s["totals"], json!({"G": "attended"}));
    // Eight teachers × four sessions, less 赵敏's blank cell (not expected by default).
    assert_eq!(s["records"], 31);
    // 李娜's 出勤次数 says 4; her marks √ √ √ × add up to 3.
    assert!(r.has("total-mismatch", "attendance-grid.xls", "9月考勤", "G6"), "{:?}", r.finding_cells());
    let mismatches: Vec<_> = r.findings().into_iter().filter(|f| f["code"] == "total-mismatch").collect();
    assert_eq!(mismatches.len(), 1, "every other total agrees with its marks");
    assert_eq!(mismatches[0]["value"], "4");
    // 旷 and × are unexcused absences; 假 and 病 are leave.
    assert_eq!(r.result("杨磊", "absences-term", TERM), (1.0, "fail".into()));
    assert_eq!(r.result("李娜", "absences-term", TERM), (1.0, "fail".into()));
    assert_eq!(r.result("王芳", "absences-term", TERM).0, 0.0);
    assert_eq!(r.result("刘洋", "absences-term", TERM).0, 0.0);
}

#[test]
fn the_same_grid_from_libreoffice_without_merged_cells_reads_the_same() {
    let xls = check(&["tests/fixtures/attendance-grid.xls", AS_OF[0], AS_OF[1]]);
    let ods = check(&["tests/fixtures/attendance-grid.ods", AS_OF[0], AS_OF[1]]);
    // In the .ods the month is typed once in C2 and spreads over the day numbers to its right.
    assert_eq!(xls.sheet("attendance-grid.xls", "9月考勤"), ods.sheet("attendance-grid.ods", "9月考勤"));
    assert!(ods.has("total-mismatch", "attendance-grid.ods", "9月考勤", "G6"));
}

#[test]
fn the_annotated_grid_puts_each_finding_on_its_cell() {
    let r = check(&["tests/fixtures/attendance-grid.xls", AS_OF[0], AS_OF[1]]);
    let copy = r.out.path().join("attendance-grid.checked.xlsx");
    let comments = xlsx_parts(&copy, "xl/comments");
    assert!(comments.contains("ref=\"G6\""), "the note sits on 李娜's total: {comments}");
    // Every value of the original is in the copy, in the same place.
    let original = common::cells(Path::new("tests/fixtures/attendance-grid.xls"));
    let copied = common::cells(&copy);
    for (sheet, row, col, value) in original {
        assert!(copied.contains(&(sheet.clone(), row, col, value.clone())), "{sheet}!{row},{col} {value:?}");
    }
}

/// A grid with date cells across the top, a topic row and an hours row under them, and two
/// totals columns; marks from every family (○ △ 公 P A, hours as numbers).
fn dated_grid(path: &Path) {
    book_with_merges(
        path,
        &[(
            "十月",
            &[
                &["2025年10月校本研修考勤"],
                &[
                    "序号",
                    "姓名",
                    "教研组",
                    "d:2025-10-08",
                    "d:2025-10-15",
                    "d:2025-10-22",
                    "9月31日",
                    "出勤次数",
                    "学时合计",
                ],
                &["", "主题", "", "新课标解读", "作业设计", "工作例会", "补课", "", ""],
                &["", "学时", "", "2", "3", "1", "2", "", ""],
                &["1", "张伟", "语文组", "√", "△", "公", "", "2", "5"],
                &["2", "王芳", "语文组", "P", "A", "○", "", "1", "2"],
                &["3", "李娜", "数学组", "1.5", "√", "?", "", "2", "4.5"],
                &["4", "刘洋", "数学组", "", "√", "√", "", "2", "4"],
            ],
            &[(0, 0, 0, 8)],
        )],
    );
}

#[test]
fn a_grid_of_date_cells_with_topic_and_hours_rows() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("十月考勤.xlsx");
    dated_grid(&f);
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    let s = r.sheet("十月考勤.xlsx", "十月");
    assert_eq!(s["layout"], "grid");
    assert_eq!(s["header_rows"], json!([2, 3, 4]));
    assert_eq!(s["columns"], json!({"name": "B", "department": "C"}));
    assert_eq!(s["sessions"]["D"], "2025-10-08");
    assert_eq!(s["sessions"]["G"], "", "an impossible date is still a session column");
    assert_eq!(s["totals"], json!({"H": "attended", "I": "hours"}));
    // 9月31日 does not exist: one finding on the header cell, not one per teacher.
    let invalid: Vec<_> = r.finding_cells().into_iter().filter(|f| f.0 == "invalid-date").collect();
    assert_eq!(invalid, vec![("invalid-date".into(), "十月考勤.xlsx".into(), "十月".into(), "G2".into())]);
    assert!(r.has("unknown-mark", "十月考勤.xlsx", "十月", "F7"), "{:?}", r.finding_cells());
    // 工作例会 earns nothing (default [counting]); the note is on its topic cell, once.
    assert!(r.has("not-counted", "十月考勤.xlsx", "十月", "F3"));
    // Hours: 张伟 2 + 3 (late still earns) = 5; 王芳 2; 李娜 1.5 typed + 3 = 4.5.
    assert_eq!(r.result("张伟", "hours-year", "2025-2026").0, 5.0);
    assert_eq!(r.result("王芳", "hours-year", "2025-2026").0, 2.0);
    assert_eq!(r.result("李娜", "hours-year", "2025-2026").0, 4.5);
    assert_eq!(r.result("王芳", "absences-term", TERM).0, 1.0, "A is absent");
    assert_eq!(r.result("张伟", "absences-term", TERM).0, 0.0, "公 is official leave");
    // Totals that agree raise nothing; 刘洋's blank 10/8 is not expected, so 2 sessions is right.
    assert!(r.findings().iter().all(|f| f["code"] != "total-mismatch"), "{:?}", r.finding_cells());
}

#[test]
fn a_school_can_say_a_blank_grid_cell_is_an_absence() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("考勤.xlsx");
    dated_grid(&f);
    let rules = d.path().join("rules.toml");
    std::fs::write(&rules, "[marks]\nblank = \"absent\"\n").unwrap();
    let r = check(&[arg(&f), "--rules", arg(&rules), AS_OF[0], AS_OF[1]]);
    assert_eq!(r.result("刘洋", "absences-term", TERM).0, 1.0);
    assert_eq!(r.sheet("考勤.xlsx", "十月")["records"], 16);
}

#[test]
fn a_text_grid_with_dates_typed_every_way() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("考勤.csv");
    std::fs::write(&f, "姓名,9/3,9月10日,9.17,2025-09-24,出勤次数\n张伟,√,√,迟,√,4\n王芳,√,假,√,×,3\n").unwrap();
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    let s = r.sheet("考勤.csv", "考勤");
    assert_eq!(s["sessions"], json!({"B": "--09-03", "C": "--09-10", "D": "--09-17", "E": "2025-09-24"}));
    assert!(r.has("total-mismatch", "考勤.csv", "考勤", "F3"), "王芳 came twice: {:?}", r.finding_cells());
    assert!(!r.has("total-mismatch", "考勤.csv", "考勤", "F2"));
}

#[test]
fn day_numbers_take_their_month_from_the_sheet_name() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("考勤.xlsx");
    book(&f, &[("11月", &[&["姓名", "5", "12", "19"], &["张伟", "√", "√", "√"]])]);
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    assert_eq!(r.sheet("考勤.xlsx", "11月")["sessions"], json!({"B": "--11-05", "C": "--11-12", "D": "--11-19"}));
}

#[test]
fn two_header_rows_with_merged_cells() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("签到.xlsx");
    book_with_merges(
        &f,
        &[(
            "签到",
            &[
                &["校本研修签到表"],
                &["序号", "姓名", "培训", "", "签到情况"],
                &["", "", "日期", "学时", ""],
                &["1", "张伟", "d:2025-09-10", "2", "√"],
                &["2", "王芳", "d:2025-09-10", "2", "迟到"],
            ],
            &[(0, 0, 0, 4), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3), (1, 4, 2, 4)],
        )],
    );
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    let s = r.sheet("签到.xlsx", "签到");
    assert_eq!(s["layout"], "long");
    assert_eq!(s["header_rows"], json!([2, 3]));
    assert_eq!(s["columns"], json!({"name": "B", "date": "C", "hours": "D", "mark": "E"}));
    assert_eq!(s["records"], 2);
    assert_eq!(r.result("王芳", "hours-year", "2025-2026").0, 2.0);
}

#[test]
fn two_header_rows_in_a_csv_are_joined_column_by_column() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("签到.csv");
    std::fs::write(&f, "序号,姓名,培训,,签到\n,,日期,学时,\n1,张伟,2025-09-10,2,√\n").unwrap();
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    let s = r.sheet("签到.csv", "签到");
    assert_eq!(s["header_rows"], json!([1, 2]));
    assert_eq!(s["columns"], json!({"name": "B", "date": "C", "hours": "D", "mark": "E"}));
    assert_eq!(r.result("张伟", "hours-year", "2025-2026").0, 2.0);
}

#[test]
fn headers_and_titles_repeated_for_printing_and_blank_rows_are_skipped() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("听课记录.xlsx");
    let title: &[&str] = &["城南实验学校听课记录"];
    let header: &[&str] = &["序号", "听课人", "听课日期", "授课教师", "节数"];
    book(
        &f,
        &[(
            "听课",
            &[
                title,
                header,
                &["1", "张伟", "d:2025-09-10", "王芳", "1"],
                &[],
                &["2", "张伟", "d:2025-09-12", "李娜", "1"],
                title,
                header,
                &["3", "王芳", "d:2025-09-15", "张伟", "2"],
                &["合计", "", "", "", "4"],
            ],
        )],
    );
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    let s = r.sheet("听课记录.xlsx", "听课");
    assert_eq!(s["kind"], "observations");
    assert_eq!(s["records"], 3);
    assert!(r.findings().iter().all(|f| f["code"] != "unknown-teacher"), "{:?}", r.finding_cells());
    assert_eq!(r.result("张伟", "observations-term", TERM).0, 2.0);
    assert_eq!(r.result("王芳", "observations-term", TERM).0, 2.0);
}

#[test]
fn a_session_typed_once_in_a_csv_applies_to_the_rows_under_it() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("签到.csv");
    let text = "日期,主题,学时,姓名,签到\n\
                2025-09-10,新课标,2,张伟,√\n,,,王芳,√\n,,,李娜,假\n\
                2025-09-17,作业设计,3,张伟,√\n,,,王芳,√\n\n,,,李娜,√\n";
    std::fs::write(&f, text).unwrap();
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    let s = r.sheet("签到.csv", "签到");
    assert_eq!(s["filled_down"], json!(["date", "topic", "hours"]));
    assert_eq!(r.result("王芳", "hours-year", "2025-2026").0, 5.0);
    // After a blank line the run is broken: 李娜's last row has no date, and says so.
    assert!(r.has("missing-value", "签到.csv", "签到", "A8"), "{:?}", r.finding_cells());
    assert_eq!(r.result("李娜", "hours-year", "2025-2026").0, 0.0);
}

#[test]
fn months_on_separate_sheets_with_the_roster_in_the_same_workbook() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("2025秋考勤.xlsx");
    book(
        &f,
        &[
            ("名册", &[&["姓名", "性别", "教研组"], &["张伟", "男", "语文组"], &["王芳", "女", "数学组"]]),
            ("9月", &[&["姓名", "3日", "10日", "学时"], &["张伟", "√", "√", ""], &["王芳", "√", "×", ""]]),
            ("10月", &[&["姓名", "10/8", "10/15"], &["学时", "2", "2"], &["张伟", "√", "√"], &["王玮", "√", "√"]]),
        ],
    );
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    assert_eq!(r.sheet("2025秋考勤.xlsx", "名册")["kind"], "roster");
    assert_eq!(r.sheet("2025秋考勤.xlsx", "9月")["layout"], "grid");
    assert_eq!(r.sheet("2025秋考勤.xlsx", "10月")["header_rows"], json!([1, 2]));
    assert_eq!(r.report["teachers"].as_array().unwrap().len(), 2);
    assert_eq!(r.result("张伟", "hours-year", "2025-2026").0, 4.0);
    assert_eq!(r.result("王芳", "absences-term", TERM).0, 1.0);
    assert!(r.has("unknown-teacher", "2025秋考勤.xlsx", "10月", "A4"), "{:?}", r.finding_cells());
}

#[test]
fn text_files_in_every_encoding_and_separator() {
    let d = tempfile::tempdir().unwrap();
    let text = "姓名\t日期\t主题\t学时\t签到\n张伟\t2025-09-10\t新课标\t2\t√\n王芳\t2025-09-10\t新课标\t2\t迟到\n";
    let utf16 = |big_endian: bool| {
        let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        bytes
    };
    let semicolons = text.replace('\t', ";");
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("utf8.csv", text.replace('\t', ",").into_bytes()),
        ("bom.csv", [b"\xEF\xBB\xBF".as_slice(), text.replace('\t', ",").as_bytes()].concat()),
        ("gb18030.csv", encoding_rs::GB18030.encode(&semicolons).0.into_owned()),
        ("unicode-le.txt", utf16(false)),
        ("unicode-be.txt", utf16(true)),
    ];
    for (name, bytes) in files {
        let f = d.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
        let stem = name.split('.').next().unwrap();
        let s = r.sheet(name, stem);
        assert_eq!(s["kind"], "attendance", "{name}");
        assert_eq!(s["columns"]["mark"], "E", "{name}");
        assert_eq!(s["records"], 2, "{name}");
        assert_eq!(r.result("王芳", "hours-year", "2025-2026").0, 2.0, "{name}");
    }
}

#[test]
fn a_sheet_still_not_understood_says_what_was_looked_for() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("杂项.xlsx");
    book(&f, &[("说明", &[&["本表说明"], &["请各组于月底前上交"]]), ("签到", &[&["姓名", "签到"], &["张伟", "√"]])]);
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    assert!(r.has("no-register-found", "杂项.xlsx", "说明", ""), "{:?}", r.finding_cells());
    // A sign-in sheet without dates: missing-column naming the date.
    let missing: Vec<_> = r.findings().into_iter().filter(|f| f["code"] == "missing-column").collect();
    assert!(
        missing.iter().any(|f| f["sheet"] == "签到" && f["message"].as_str().unwrap().contains("日期")),
        "{missing:?}"
    );
}

#[test]
fn a_sources_entry_tells_regcheck_what_a_file_is() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("活动登记-2025.xlsx");
    book(
        &f,
        &[(
            "Sheet1",
            &[
                &["教研组活动"],
                &["人员", "时间", "活动", "到否"],
                &["张伟", "d:2025-09-10", "集体备课", "√"],
                &["王芳", "d:2025-09-10", "集体备课", "×"],
            ],
        )],
    );
    let without = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    assert!(without.has("no-register-found", "活动登记-2025.xlsx", "Sheet1", ""), "{:?}", without.finding_cells());

    let rules = d.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[[sources]]\nfile = \"活动登记-*.xlsx\"\nkind = \"attendance\"\nheader_rows = [2]\n\
         columns = { name = \"A\", date = \"B\", topic = \"C\", mark = \"D\" }\n\n\
         [[sources]]\nfile = \"听课*.xlsx\"\nkind = \"observations\"\n",
    )
    .unwrap();
    let with = check(&[arg(&f), "--rules", arg(&rules), AS_OF[0], AS_OF[1]]);
    let s = with.sheet("活动登记-2025.xlsx", "Sheet1");
    assert_eq!(s["kind"], "attendance");
    assert_eq!(s["header_rows"], json!([2]));
    assert_eq!(s["columns"], json!({"name": "A", "date": "B", "topic": "C", "mark": "D"}));
    assert_eq!(s["records"], 2);
    assert_eq!(with.result("王芳", "absences-term", TERM).0, 1.0);
    // The second entry matches no file: said, not ignored.
    let unused: Vec<_> = with.findings().into_iter().filter(|f| f["code"] == "unused-override").collect();
    // A column past the sheet's last one is only an empty column, never a crash.
    std::fs::write(&rules, "[[sources]]\nfile = \"*.xlsx\"\nheader_rows = [2]\ncolumns = { name = \"ZZ\" }\n").unwrap();
    let far = check(&[arg(&f), "--rules", arg(&rules), AS_OF[0], AS_OF[1]]);
    assert!(far.code == 0 || far.code == 1, "{}", far.stderr);
    assert_eq!(far.sheet("活动登记-2025.xlsx", "Sheet1")["columns"]["name"], "ZZ");
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0]["value"], "听课*.xlsx");
}

#[test]
fn a_wrong_sources_entry_stops_before_reading() {
    let d = tempfile::tempdir().unwrap();
    let rules = d.path().join("rules.toml");
    std::fs::write(&rules, "[[sources]]\nfile = \"*.xlsx\"\ncolumns = { nmae = \"B\" }\n").unwrap();
    let r = check(&["samples", "--rules", arg(&rules)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("rules.toml") && r.stderr.contains("nmae"), "{}", r.stderr);
}

/// A minimal .xlsx as WPS and other non-Excel writers make them: inline strings instead of a
/// shared-string table, no styles part, no dimension, an extra namespace.
fn bare_xlsx(path: &Path, rows: &[&[&str]]) {
    use std::io::Write;
    let cell = |r: usize, c: usize, v: &str| {
        let at = format!("{}{}", (b'A' + c as u8) as char, r + 1);
        if v.parse::<f64>().is_ok() {
            format!(r#"<c r="{at}"><v>{v}</v></c>"#)
        } else {
            format!(r#"<c r="{at}" t="inlineStr"><is><t>{v}</t></is></c>"#)
        }
    };
    let data: String = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells: String = row.iter().enumerate().map(|(c, v)| cell(r, c, v)).collect();
            format!(r#"<row r="{}">{cells}</row>"#, r + 1)
        })
        .collect();
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="签到" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"><sheetData>{data}</sheetData></worksheet>"#)),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn an_xlsx_with_inline_strings_and_no_styles_as_wps_writes_them() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("签到.xlsx");
    bare_xlsx(
        &f,
        &[&["姓名", "日期", "学时", "签到"], &["张伟", "2025年9月10日", "2", "√"], &["王芳", "45910", "2", "迟到"]],
    );
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    let s = r.sheet("签到.xlsx", "签到");
    assert_eq!((s["kind"].as_str(), s["records"].as_u64()), (Some("attendance"), Some(2)));
    // A date left as its serial number (no date style) is still read in a date column.
    assert_eq!(r.result("王芳", "hours-year", "2025-2026").0, 2.0);
    assert!(r.out.path().join("签到.checked.xlsx").exists());
}

#[test]
fn a_grid_hours_row_left_blank_is_reported_on_its_cell() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("考勤.xlsx");
    book(&f, &[("考勤", &[&["姓名", "9/3", "9/10"], &["学时", "", "2"], &["张伟", "√", "√"], &["王芳", "√", ""]])]);
    let r = check(&[arg(&f), AS_OF[0], AS_OF[1]]);
    assert!(r.has("missing-value", "考勤.xlsx", "考勤", "B2"), "{:?}", r.finding_cells());
    assert!(!r.finding_cells().iter().any(|f| f.0 == "missing-column"), "the hours row is there");
    assert_eq!(r.result("张伟", "hours-year", "2025-2026").0, 2.0);
}
