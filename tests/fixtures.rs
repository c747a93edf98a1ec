//! Real files in the formats and encodings offices produce (tests/fixtures/, copied from
//! shared/fixtures), and broken files: what regcheck understood and found in each.

mod common;

use common::{cells, check};

#[test]
fn gbk_csv_observation_log_is_read_with_its_problems() {
    let r = check(&["tests/fixtures/observations-gbk.csv", "--as-of", "2026-01-20"]);
    let s = r.sheet("observations-gbk.csv", "observations-gbk");
    assert_eq!(s["kind"], "observations");
    assert_eq!(s["records"], 9);
    assert!(r.has("invalid-date", "observations-gbk.csv", "observations-gbk", "B10"), "{:?}", r.finding_cells());
    let f = r.findings().into_iter().find(|f| f["code"] == "invalid-date").unwrap();
    assert_eq!(f["value"], "2025年9月31日");
    assert_eq!(f["teacher"], "张伟", "张 伟 is normalized to 张伟");
    // Without a roster the teachers are those named in the registers.
    assert!(r.report["teachers"].as_array().unwrap().iter().any(|t| t["name"] == "张伟"));
}

#[test]
fn utf16_unicode_text_reflection_log_is_read() {
    let r = check(&["tests/fixtures/reflections-utf16.txt", "--as-of", "2026-01-20"]);
    let s = r.sheet("reflections-utf16.txt", "reflections-utf16");
    assert_eq!(s["kind"], "reflections");
    assert_eq!(s["columns"]["words"], "E");
    assert_eq!(s["records"], 8);
}

#[test]
fn roster_ids_are_checked() {
    let r =
        check(&["tests/fixtures/roster-bom.csv", "tests/fixtures/roster-ids-as-numbers.xls", "--as-of", "2026-01-20"]);
    assert!(r.has("id-invalid", "roster-bom.csv", "roster-bom", "B5"), "刘洋's check digit");
    let lost: Vec<_> = r
        .finding_cells()
        .into_iter()
        .filter(|(c, f, ..)| c == "id-precision-lost" && f == "roster-ids-as-numbers.xls")
        .collect();
    assert_eq!(lost.len(), 8, "every ID typed as a number: {lost:?}");
    let roster = r.sheet("roster-bom.csv", "roster-bom");
    assert_eq!(roster["kind"], "roster");
    assert_eq!(r.teacher("张伟")["roles"], serde_json::json!(["teacher", "admin"]), "校长 is an admin");
    assert_eq!(r.report["teachers"].as_array().unwrap().len(), 8, "the same teachers on two rosters are not doubled");
}

#[test]
fn legacy_xls_sign_in_sheet_with_title_and_totals_row() {
    let r = check(&["tests/fixtures/signin-legacy.xls", "--as-of", "2026-01-20"]);
    let s = r.sheet("signin-legacy.xls", "签到表");
    assert_eq!(s["kind"], "attendance");
    assert_eq!(s["header_rows"], serde_json::json!([3]));
    assert_eq!(s["records"], 16, "the 合计 row is not a record");
    assert!(
        r.findings().iter().all(|f| f["code"] != "invalid-date" && f["code"] != "unknown-mark"),
        "{:?}",
        r.finding_cells()
    );
}

#[test]
fn merged_session_cells_apply_to_every_row_they_cover() {
    let r = check(&["tests/fixtures/signin-merged.xls", "--as-of", "2026-08-31"]);
    let s = r.sheet("signin-merged.xls", "签到");
    assert_eq!(s["records"], 10);
    assert!(
        r.findings().iter().all(|f| f["code"] != "missing-value"),
        "merged date and hours fill down: {:?}",
        r.finding_cells()
    );
    let hours: f64 =
        r.report["teachers"].as_array().unwrap().iter().map(|t| t["results"][0]["actual"].as_f64().unwrap()).sum();
    assert!(hours > 0.0, "merged hours were counted");
}

#[test]
fn bad_files_are_reported_and_the_batch_goes_on() {
    let r = check(&["tests/fixtures/bad", "tests/fixtures/signin-legacy.xls", "--as-of", "2026-01-20"]);
    assert_eq!(r.code, 1);
    for (code, file) in [
        ("encrypted-file", "encrypted.xlsx"),
        ("unreadable-file", "truncated.xlsx"),
        ("unreadable-file", "not-a-spreadsheet.xlsx"),
        ("unreadable-file", "empty.csv"),
    ] {
        assert!(
            r.finding_cells().iter().any(|(c, f, ..)| c == code && f == file),
            "{code} for {file}: {:?}",
            r.finding_cells()
        );
    }
    assert_eq!(r.sheet("signin-legacy.xls", "签到表")["records"], 16, "the good file was still read");
    assert!(r.out.path().join("signin-legacy.checked.xlsx").exists());
    assert!(!r.out.path().join("truncated.checked.xlsx").exists());
}

#[test]
fn annotated_copy_of_xls_keeps_values_and_merges() {
    let r = check(&["tests/fixtures/signin-merged.xls", "--as-of", "2026-01-20"]);
    let original = cells(&common::root().join("tests/fixtures/signin-merged.xls"));
    let copy: Vec<_> =
        cells(&r.out.path().join("signin-merged.checked.xlsx")).into_iter().filter(|(s, ..)| s != "检查结果").collect();
    assert_eq!(original, copy);
    let xls: calamine::Xls<_> =
        calamine::open_workbook(common::root().join("tests/fixtures/signin-merged.xls")).unwrap();
    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(r.out.path().join("signin-merged.checked.xlsx")).unwrap();
    let mut before = xls.merge_cells_by_sheet_name("签到").unwrap();
    let mut after = xlsx.merge_cells_by_sheet_name("签到").unwrap();
    before.sort_by_key(|d| (d.start, d.end));
    after.sort_by_key(|d| (d.start, d.end));
    assert!(!before.is_empty());
    assert_eq!(before, after, "merged ranges kept");
}

#[test]
fn json_to_standard_output() {
    let out = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_regcheck"))
        .current_dir(common::root())
        .args(["check", "tests/fixtures/signin-legacy.xls", "--json", "-", "--as-of", "2026-01-20", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is the JSON report");
    assert_eq!(report["version"], 1);
    assert!(String::from_utf8_lossy(&output.stderr).contains("签到表"), "the summary goes to stderr");
}

#[test]
fn a_broken_rules_file_is_a_usage_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("本校规则.toml");
    std::fs::write(&rules, "[[rules]]\nid = \"hours\"\nmeasure = \"hourz\"\nperiod = \"year\"\nmin = 90\n").unwrap();
    let r = check(&["tests/fixtures/signin-legacy.xls", "--rules", rules.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("本校规则.toml") && r.stderr.contains("hourz"), "{}", r.stderr);
}

#[test]
fn a_school_rules_file_changes_the_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[school]\nname = \"城南实验学校\"\n[[rules]]\nid = \"hours-year\"\nmeasure = \"hours\"\nperiod = \"year\"\nmin = 70\n",
    )
    .unwrap();
    let r = check(&["samples", "--rules", rules.to_str().unwrap(), "--as-of", "2026-11-22"]);
    assert_eq!(r.result("赵磊", "hours-year", "2025-2026"), (72.0, "pass".into()));
    assert_eq!(r.report["school"], "城南实验学校");
    assert_eq!(r.teacher("赵磊")["results"].as_array().unwrap().len(), 1, "the file's rules replace the default list");
}

#[test]
fn the_output_folder_may_not_be_an_input_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::root().join("tests/fixtures/signin-legacy.xls"), dir.path().join("a.xls")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_regcheck"))
        .args(["check"])
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing written into the input folder");
}

#[test]
fn lock_files_and_hidden_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::root().join("tests/fixtures/signin-legacy.xls"), dir.path().join("签到.xls")).unwrap();
    std::fs::write(dir.path().join("~$签到.xls"), b"lock").unwrap();
    std::fs::write(dir.path().join(".hidden.csv"), b"x").unwrap();
    let r = check(&[dir.path().to_str().unwrap(), "--as-of", "2026-01-20"]);
    assert_eq!(r.report["inputs"].as_array().unwrap().len(), 1);
}
