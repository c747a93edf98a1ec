//! Hostile and broken inputs, generated small (tests/common/bad.rs): each gives its precise
//! finding, the rest of the batch is still read and checked, nothing panics and memory stays
//! bounded (the files claim gigabytes of cells; the test would not finish if they were laid out).

mod common;

use common::{bad, check, root};
use std::path::{Path, PathBuf};

/// The generated corpus in a folder, with one good register beside it.
fn corpus(dir: &Path) -> Vec<(&'static str, &'static str, &'static str)> {
    use bad::*;
    // (file, expected code, a word of the reason)
    let mut expect = Vec::new();
    zip_bomb(&dir.join("zip-bomb.xlsx"), 24);
    expect.push(("zip-bomb.xlsx", "unreadable-file", "expands more than"));
    xlsx(
        &dir.join("far-corner.xlsx"),
        &format!("<row r=\"1\">{}</row><row r=\"1048576\">{}</row>", text("A1", "姓名"), num("XFD1048576", 1.0)),
        &[],
    );
    expect.push(("far-corner.xlsx", "unreadable-file", "XFD1048576"));
    xlsx(
        &dir.join("rows-1048576x12.xlsx"),
        &format!("<row r=\"1\">{}</row><row r=\"1048576\">{}</row>", text("A1", "姓名"), num("L1048576", 1.0)),
        &[],
    );
    expect.push(("rows-1048576x12.xlsx", "unreadable-file", "L1048576"));
    xlsx_with(
        &dir.join("merged-everything.xlsx"),
        &format!("<row r=\"1\">{}</row>", text("A1", "姓名")),
        "<mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>",
        &[],
    );
    expect.push(("merged-everything.xlsx", "unreadable-file", "merged cells"));
    xlsx(&dir.join("invalid-xml.xlsx"), "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><row><c r=\"B1\"", &["姓名"]);
    expect.push(("invalid-xml.xlsx", "unreadable-file", ""));
    let mut invalid_utf8 = "姓名,日期\n张伟,2025-09-10\n".as_bytes().to_vec();
    invalid_utf8.extend(b"\xff\xfe\xfa,\x80\x81\n");
    std::fs::write(dir.join("invalid-utf8.csv"), invalid_utf8).unwrap();
    expect.push(("invalid-utf8.csv", "unreadable-file", "not valid"));
    docx(&dir.join("word-renamed.xlsx"));
    expect.push(("word-renamed.xlsx", "unsupported-file", "Word document"));
    xls(&dir.join("password.xls"), &[bof(false), (0x002F, vec![1, 0, 0, 0]), (0x000A, vec![])]);
    expect.push(("password.xls", "encrypted-file", ""));
    xls(
        &dir.join("xls-far-corner.xls"),
        &[bof(false), (0x000A, vec![]), bof(true), biff_number(65535, 255, 1.0), (0x000A, vec![])],
    );
    expect.push(("xls-far-corner.xls", "unreadable-file", "IV65536"));
    ods_repeated(&dir.join("repeated.ods"), 1_048_576, 16_384);
    expect.push(("repeated.ods", "unreadable-file", "max_cells"));
    std::fs::copy(root().join("tests/fixtures/bad/encrypted.xlsx"), dir.join("encrypted.xlsx")).unwrap();
    expect.push(("encrypted.xlsx", "encrypted-file", ""));
    std::fs::write(
        dir.join("truncated.xls"),
        &std::fs::read(root().join("tests/fixtures/signin-legacy.xls")).unwrap()[..3000],
    )
    .unwrap();
    expect.push(("truncated.xls", "unreadable-file", ""));
    expect
}

#[test]
fn every_bad_file_gets_its_finding_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let expect = corpus(dir.path());
    std::fs::copy(root().join("tests/fixtures/signin-legacy.xls"), dir.path().join("签到表.xls")).unwrap();
    let r = check(&[dir.path().to_str().unwrap(), "--as-of", "2026-01-20"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "a panic message leaked: {}", r.stderr);
    for (file, code, reason) in &expect {
        let f = r
            .findings()
            .into_iter()
            .find(|f| f["file"].as_str().is_some_and(|p| p.ends_with(file)) && f["cell"].is_null())
            .unwrap_or_else(|| panic!("no finding for {file}: {:?}", r.finding_cells()));
        assert_eq!(f["code"], *code, "{file}: {f}");
        let text = format!("{} {}", f["params"]["reason"], f["message"]);
        assert!(text.contains(reason), "{file}: the reason should say {reason:?}: {text}");
    }
    // The good register in the same folder was read, checked and copied.
    assert_eq!(r.sheet("签到表.xls", "签到表")["records"], 16);
    assert!(r.out.path().join("签到表.checked.xlsx").exists());
    assert_eq!(r.report["summary"]["files"], expect.len() + 1);
    if std::env::var_os("SHOW").is_some() {
        print!("{}", r.stdout);
    }
}

#[test]
fn a_too_large_file_is_explained_in_the_language_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    bad::xlsx(&dir.path().join("far.xlsx"), &bad::num("XFD1048576", 1.0), &[]);
    let r = check(&[dir.path().join("far.xlsx").to_str().unwrap(), "--lang", "zh"]);
    let f = &r.findings()[0];
    assert_eq!(f["code"], "unreadable-file");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("XFD1048576") && message.contains("[limits]") && message.contains("拆开"), "{message}");
}

#[test]
fn limits_come_from_the_rules_file() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String =
        (1..=50).map(|r| format!("<row r=\"{r}\">{}</row>", bad::num(&format!("A{r}"), r as f64))).collect();
    bad::xlsx(&dir.path().join("fifty.xlsx"), &rows, &[]);
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "[limits]\nmax_cells = 40\n").unwrap();
    let input = dir.path().join("fifty.xlsx");
    let strict = check(&[input.to_str().unwrap(), "--rules", rules.to_str().unwrap()]);
    assert_eq!(strict.findings()[0]["code"], "unreadable-file");
    assert!(
        strict.findings()[0]["params"]["reason"].as_str().unwrap().contains("A41"),
        "refused at the first cell past the limit"
    );
    let default = check(&[input.to_str().unwrap()]);
    assert_eq!(default.report["inputs"][0]["status"], "ok");

    // Huge shared strings: over a megabyte of distinct strings, past a 1 MB max_unzipped_mb.
    let strings: Vec<String> = (0..40_000u64).map(|i| format!("{:x}", i.wrapping_mul(0x9E37_79B9_7F4A_7C15))).collect();
    let refs: Vec<&str> = strings.iter().map(String::as_str).collect();
    bad::xlsx(&dir.path().join("strings.xlsx"), "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", &refs);
    std::fs::write(&rules, "[limits]\nmax_unzipped_mb = 1\n").unwrap();
    let strict = check(&[dir.path().join("strings.xlsx").to_str().unwrap(), "--rules", rules.to_str().unwrap()]);
    let reason = strict.findings()[0]["params"]["reason"].as_str().unwrap_or_default().to_string();
    assert!(reason.contains("more than 1 MB"), "{reason}");
    let default = check(&[dir.path().join("strings.xlsx").to_str().unwrap()]);
    assert_eq!(default.report["inputs"][0]["status"], "ok");
}

#[test]
fn wide_tall_and_long_cells_within_the_limits_are_read_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    // 16,384 columns in one row; a value on row 1,048,576; a cell of two megabytes.
    let wide: String =
        (0..16_384).map(|c| bad::num(&format!("{}1", regcheck::finding::column_name(c)), c as f64)).collect();
    bad::xlsx(&dir.path().join("wide.xlsx"), &format!("<row r=\"1\">{wide}</row>"), &[]);
    bad::xlsx(
        &dir.path().join("tall.xlsx"),
        &format!(
            "<row r=\"1\">{}</row><row r=\"1048576\">{}</row>",
            bad::text("A1", "备注"),
            bad::text("A1048576", "最后一行")
        ),
        &[],
    );
    let big = "研".repeat(2 << 20);
    bad::xlsx(&dir.path().join("big-cell.xlsx"), "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", &[&big]);
    let r = check(&[dir.path().to_str().unwrap(), "--as-of", "2026-01-20"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    for f in ["wide.xlsx", "tall.xlsx", "big-cell.xlsx"] {
        let input =
            r.report["inputs"].as_array().unwrap().iter().find(|i| i["file"].as_str().unwrap().ends_with(f)).unwrap();
        assert_eq!(input["status"], "ok", "{f}");
    }
    let wide = common::cells(&r.out.path().join("wide.checked.xlsx"));
    assert!(wide
        .iter()
        .any(|(s, r, c, v)| s == "Sheet1" && *r == 0 && *c == 16_383 && *v == calamine::Data::Float(16_383.0)));
    let tall = common::cells(&r.out.path().join("tall.checked.xlsx"));
    assert!(tall.iter().any(|(s, r, c, _)| s == "Sheet1" && *r == 1_048_575 && *c == 0));
    assert!(r.has("text-too-long", "big-cell.xlsx", "Sheet1", "A1"), "{:?}", r.finding_cells());
    let f = r.findings().into_iter().find(|f| f["code"] == "text-too-long").unwrap();
    assert_eq!(f["params"]["chars"], (2 << 20).to_string());
    let big_copy = common::cells(&r.out.path().join("big-cell.checked.xlsx"));
    let kept = big_copy.iter().find(|(s, ..)| s == "Sheet1").map(|(.., v)| v.to_string()).unwrap();
    assert_eq!(kept.chars().count(), 32_767, "the copy keeps what a cell can hold");
}

#[test]
fn a_file_removed_before_it_is_read_is_reported_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("已删除.xlsx");
    std::fs::copy(root().join("samples/教师名册.xlsx"), &gone).unwrap();
    let good = dir.path().join("签到表.xls");
    std::fs::copy(root().join("tests/fixtures/signin-legacy.xls"), &good).unwrap();
    let files: Vec<PathBuf> = regcheck::read::inputs::collect(&[dir.path().to_path_buf()], None).unwrap();
    std::fs::remove_file(&gone).unwrap(); // removed between listing and reading
    let rules = regcheck::rules::load(None).unwrap();
    let run = regcheck::analyze(&files, rules, chrono::NaiveDate::from_ymd_opt(2026, 1, 20).unwrap(), None);
    let i = run.files.iter().position(|f| f.path == gone).unwrap();
    let f = run.findings.iter().find(|f| f.file == Some(i)).unwrap();
    assert_eq!(f.code.as_str(), "unreadable-file");
    assert!(f.params["reason"].contains("No such file"), "{:?}", f.params);
    let j = run.files.iter().position(|f| f.path == good).unwrap();
    assert_eq!(run.files[j].sheets[0].records, 16);
}

/// Found by the read_bytes fuzzer: a sign-in sheet whose damaged record puts a cell at column
/// 65,535. Recognition once scanned every column left of every column (hours for this file);
/// it is read, recognized and copied in full.
#[test]
fn fuzz_regression_a_sheet_reaching_column_65535_is_checked() {
    let r = check(&["tests/fixtures/fuzz/fuzz-wide-columns.xls", "--as-of", "2026-01-20"]);
    assert_eq!(r.sheet("fuzz-wide-columns.xls", "签到表")["records"], 16);
    let copy = r.out.path().join("fuzz-wide-columns.checked.xlsx");
    assert!(common::assert_values_kept(&root().join("tests/fixtures/fuzz/fuzz-wide-columns.xls"), &copy) > 100);
}

/// A register as wide as Excel allows (16,384 columns) is recognized and copied in full; the
/// header search and the copy's column widths once took time growing with the square of the width.
#[test]
fn a_register_as_wide_as_excel_allows_is_checked_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("宽表.csv");
    let mut text = String::from("姓名,日期,签到");
    for i in 3..16_384 {
        text.push_str(&format!(",栏目{i}"));
    }
    for _ in 0..10 {
        text.push_str("\n张伟,2025-09-10,√");
        text.push_str(&",1".repeat(16_381));
    }
    std::fs::write(&path, text).unwrap();
    let r = check(&[path.to_str().unwrap(), "--as-of", "2026-01-20"]);
    let sheet = r.sheet("宽表.csv", "宽表");
    assert_eq!(sheet["records"], 10);
    assert_eq!(sheet["unknown_columns"].as_object().unwrap().len(), 16_381);
    assert_eq!(common::assert_values_kept(&path, &r.out.path().join("宽表.checked.xlsx")), 11 * 16_384);
}

/// Found by the read_bytes fuzzer: a damaged .xls record naming column 54,787, past the 16,384
/// columns a sheet can have. Its annotated copy could not be built and the whole run ended with
/// exit 2 and no outputs; now the file is reported and the batch goes on.
#[test]
fn fuzz_regression_a_cell_outside_the_grid_is_a_damaged_file() {
    let r = check(&[
        "tests/fixtures/fuzz/fuzz-column-outside-grid.xls",
        "tests/fixtures/signin-legacy.xls",
        "--as-of",
        "2026-01-20",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = r.findings().into_iter().find(|f| f["file"].as_str().unwrap().contains("outside-grid")).unwrap();
    assert_eq!(f["code"], "unreadable-file");
    assert!(f["params"]["reason"].as_str().unwrap().contains("column 54787"), "{f}");
    assert_eq!(r.sheet("signin-legacy.xls", "签到表")["records"], 16);
    assert!(r.out.path().join("signin-legacy.checked.xlsx").exists() && r.out.path().join("summary.xlsx").exists());
}
