//! `regcheck inspect`: what recognition understood of each sheet, as text and as JSON.

mod common;

use serde_json::{json, Value as Json};
use std::process::Command;

fn inspect(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_regcheck"))
        .current_dir(common::root())
        .arg("inspect")
        .args(args)
        .output()
        .expect("run regcheck");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned())
}

fn sheet<'a>(files: &'a Json, file: &str, sheet: &str) -> &'a Json {
    files
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["file"].as_str().is_some_and(|p| p.ends_with(file))))
        .and_then(|f| f["sheets"].as_array())
        .and_then(|s| s.iter().find(|s| s["name"] == sheet))
        .unwrap_or_else(|| panic!("{file} / {sheet} not inspected"))
}

#[test]
fn inspect_json_shows_a_grid_column_by_column_with_its_first_records() {
    let (code, out) = inspect(&["tests/fixtures/attendance-grid.xls", "--json"]);
    assert_eq!(code, 0);
    let files: Json = serde_json::from_str(&out).expect("JSON");
    let s = sheet(&files, "attendance-grid.xls", "9月考勤");
    assert_eq!((s["kind"].as_str(), s["layout"].as_str()), (Some("attendance"), Some("grid")));
    assert_eq!(s["header_rows"], json!([2, 3]));
    let fields: Vec<(&str, &str)> = s["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["column"].as_str().unwrap(), c["field"].as_str().unwrap_or("-")))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("A", "seq"),
            ("B", "name"),
            ("C", "session"),
            ("D", "session"),
            ("E", "session"),
            ("F", "session"),
            ("G", "total:attended")
        ]
    );
    assert_eq!(s["sessions"][0], json!({"column": "C", "date": "2025-09-03", "date_cell": "C3"}));
    assert_eq!(s["sessions"][1]["date_cell"], "D3");
    assert_eq!(s["merged"], json!(["A2:A3", "B2:B3", "C2:F2", "G2:G3"]));
    assert_eq!(s["sample"][2], json!({"cell": "E4", "name": "张伟", "date": "2025-09-17", "mark": "late"}));
}

#[test]
fn inspect_offers_the_closest_header_for_a_column_it_did_not_use() {
    let d = tempfile::tempdir().unwrap();
    let known = d.path().join("签到.csv");
    std::fs::write(&known, "日期,主题,姓名,签到,联系电话\n2025-09-10,新课标,张伟,√,123\n,,王芳,√,\n").unwrap();
    let (_, out) = inspect(&[known.to_str().unwrap(), "--json"]);
    let files: Json = serde_json::from_str(&out).unwrap();
    let s = sheet(&files, "签到.csv", "签到");
    let phone = s["columns"].as_array().unwrap().iter().find(|c| c["column"] == "E").unwrap();
    assert_eq!((phone["field"].clone(), phone.get("closest")), (Json::Null, None), "nothing is close to 联系电话");
    assert_eq!(s["filled_down"], json!(["date", "topic"]));

    // 教师名字 is no header regcheck knows, so no register is found; inspect says what to rename.
    let unknown = d.path().join("培训.csv");
    std::fs::write(&unknown, "教师名字,培训日期,内容\n张伟,2025-09-10,新课标\n").unwrap();
    let (_, out) = inspect(&[unknown.to_str().unwrap(), "--json"]);
    let files: Json = serde_json::from_str(&out).unwrap();
    let s = sheet(&files, "培训.csv", "培训");
    assert_eq!(s["layout"], Json::Null);
    assert_eq!(s["columns"][0]["header"], "A1: 教师名字");
    assert_eq!(s["columns"][0]["closest"][1], "name");
    assert_eq!(s["findings"][0]["code"], "no-register-found");
    let (_, text) = inspect(&[unknown.to_str().unwrap(), "--lang", "en"]);
    assert!(text.contains("A1: 教师名字") && text.contains("the closest known header is"), "{text}");
}

#[test]
fn inspect_text_says_what_each_column_was_taken_as() {
    let (code, text) = inspect(&["tests/fixtures/signin-merged.xls", "--lang", "en"]);
    assert_eq!(code, 0);
    assert!(text.contains("header rows 2 · data rows 3–12 · records 10"), "{text}");
    assert!(text.contains("活动日期") && text.contains("→ date (date)"), "{text}");
    assert!(text.contains("merged cells used: A3:A7 B3:B7 C3:C7"), "{text}");
    assert!(text.contains("D4  date=2025-09-17 hours=2 mark=present name=王芳 topic=作业设计研讨"), "{text}");
}
