//! Outputs that are safe: inputs never written, outputs only under --out and replaced only
//! when regcheck wrote them, the same inputs giving the same bytes, every input value kept in
//! the annotated copy, and text never turned into a formula.

mod common;

use common::{assert_values_kept, check, root};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn regcheck(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_regcheck")).current_dir(root()).args(args).output().expect("run regcheck")
}

/// Every file in a folder: name → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

/// Every input the tests use that regcheck reads: the samples and the fixtures.
fn all_inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["samples", "tests/fixtures"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let ext = regcheck::read::inputs::extension(&p);
            if p.is_file() && regcheck::read::inputs::EXTENSIONS.contains(&ext.as_str()) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_same_inputs_give_byte_identical_outputs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for out in [&a, &b] {
        let o = out.path().join("check");
        regcheck(&["check", "samples", "tests/fixtures", "--as-of", "2026-01-20", "--out", o.to_str().unwrap()]);
        for format in ["csv", "xlsx", "json"] {
            let dir = out.path().join(format!("export-{format}"));
            regcheck(&[
                "export",
                "samples",
                "--as-of",
                "2026-01-20",
                "--format",
                format,
                "--out",
                dir.to_str().unwrap(),
            ]);
        }
    }
    let mut compared = 0;
    for dir in ["check", "export-csv", "export-xlsx", "export-json"] {
        let (fa, fb) = (files(&a.path().join(dir)), files(&b.path().join(dir)));
        assert!(!fa.is_empty(), "{dir} is empty");
        assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
        for (name, bytes) in &fa {
            assert!(bytes == &fb[name], "{dir}/{name} differs between two runs");
            compared += 1;
        }
    }
    assert!(compared >= 20, "{compared} files compared");
}

#[test]
fn every_value_of_every_input_is_in_its_annotated_copy() {
    let r = check(&["samples", "tests/fixtures", "--as-of", "2026-01-20"]);
    let mut compared = 0;
    for input in all_inputs() {
        let stem = regcheck::report::safe_file_stem(&input.file_stem().unwrap().to_string_lossy());
        let copy = r.out.path().join(format!("{stem}.checked.xlsx"));
        assert!(copy.exists(), "no copy of {}", input.display());
        compared += assert_values_kept(&input, &copy);
    }
    assert!(compared > 5000, "only {compared} cells compared");
}

#[test]
fn inputs_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("登记表");
    std::fs::create_dir(&inputs).unwrap();
    for p in all_inputs() {
        std::fs::copy(&p, inputs.join(p.file_name().unwrap())).unwrap();
    }
    let before: Vec<_> = std::fs::read_dir(&inputs)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.clone(), std::fs::read(&p).unwrap(), std::fs::metadata(&p).unwrap().modified().unwrap())
        })
        .collect();
    let out = dir.path().join("out");
    let output =
        regcheck(&["check", inputs.to_str().unwrap(), "--out", out.to_str().unwrap(), "--as-of", "2026-01-20"]);
    assert_eq!(output.status.code(), Some(1));
    for (p, bytes, modified) in before {
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{} changed", p.display());
        assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), modified, "{} touched", p.display());
    }
    let count = all_inputs().len();
    assert_eq!(std::fs::read_dir(&inputs).unwrap().count(), count, "nothing added to the input folder");
}

#[test]
fn a_file_regcheck_did_not_write_is_never_replaced() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    // The school's own summary.xlsx happens to be in the output folder.
    let theirs = out.path().join("summary.xlsx");
    rust_xlsxwriter::Workbook::new().save(&theirs).unwrap();
    let before = std::fs::read(&theirs).unwrap();
    let output = regcheck(&["check", "tests/fixtures/signin-legacy.xls", "--out", o, "--as-of", "2026-01-20"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("summary.xlsx") && stderr.contains("not written by regcheck"), "{stderr}");
    assert_eq!(std::fs::read(&theirs).unwrap(), before, "their file is as it was");
    // regcheck's own outputs are replaced on the next run.
    std::fs::remove_file(&theirs).unwrap();
    for _ in 0..2 {
        let output = regcheck(&["check", "tests/fixtures/signin-legacy.xls", "--out", o, "--as-of", "2026-01-20"]);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    }
    // A report.json from elsewhere, given as --json, is refused too.
    let notes = out.path().join("notes.json");
    std::fs::write(&notes, "{\"mine\": true}").unwrap();
    let output =
        regcheck(&["check", "tests/fixtures/signin-legacy.xls", "--out", o, "--json", notes.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "{\"mine\": true}");
    let names: Vec<String> = files(out.path()).into_keys().collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "no temporary file left: {names:?}");
}

#[test]
fn out_may_not_be_an_input_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("签到.xls");
    std::fs::copy(root().join("tests/fixtures/signin-legacy.xls"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let output = regcheck(&["check", input.to_str().unwrap(), "--out", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("input file"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn names_from_inputs_become_safe_file_and_sheet_names() {
    let dir = tempfile::tempdir().unwrap();
    let long = "教".repeat(40);
    let write = |name: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, "姓名,日期\n张伟,2025-09-10\n").unwrap();
        p.to_str().unwrap().to_string()
    };
    let inputs =
        [write(&format!("{long}.csv")), write("CON.csv"), write(" .csv"), write("a[1]:b.csv"), write("History.csv")];
    let mut args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    args.extend(["--as-of", "2026-01-20"]);
    let r = check(&args);
    let names: Vec<String> = files(r.out.path()).into_keys().collect();
    for expected in ["_CON.checked.xlsx", "input.checked.xlsx", "a[1]_b.checked.xlsx", "History.checked.xlsx"] {
        assert!(names.contains(&expected.to_string()), "{expected}: {names:?}");
    }
    let expected_long = format!("{long}.checked.xlsx");
    assert!(names.contains(&expected_long), "{names:?}");
    let sheet_names = |file: &str| -> Vec<String> {
        let mut s: Vec<String> = common::cells(&r.out.path().join(file)).into_iter().map(|c| c.0).collect();
        s.dedup();
        s
    };
    assert!(sheet_names(&expected_long).iter().all(|s| s.chars().count() <= 31));
    assert!(sheet_names("a[1]_b.checked.xlsx").contains(&"a_1__b".to_string()));
    assert!(sheet_names("History.checked.xlsx").contains(&"History_".to_string()));
}

#[test]
fn text_that_looks_like_a_formula_stays_text_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("签到表.csv");
    std::fs::write(
        &register,
        "日期,姓名,培训主题,学时\n\
         2025-09-10,张伟,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",2\n\
         2025-09-10,王芳,+cmd|' /C calc'!A0,-3\n\
         2025-09-10,@SUM(1),-2+3+cmd|' /C calc'!A0,1\n",
    )
    .unwrap();
    let r = check(&[register.to_str().unwrap(), "--as-of", "2026-01-20"]);
    // The annotated copy and summary.xlsx hold the text as strings, no formula anywhere.
    for book in ["签到表.checked.xlsx", "summary.xlsx"] {
        let path = r.out.path().join(book);
        let xml = common::xlsx_parts(&path, "xl/worksheets/");
        assert!(!xml.contains("<f>"), "{book} has a formula");
    }
    let copy = common::cells(&r.out.path().join("签到表.checked.xlsx"));
    let at = |row: u32, col: u32| {
        copy.iter().find(|(s, r, c, _)| s == "签到表" && *r == row && *c == col).map(|x| x.3.clone())
    };
    assert_eq!(at(1, 2), Some(calamine::Data::String("=HYPERLINK(\"http://evil.example\",\"点我\")".into())));
    assert_eq!(at(3, 1), Some(calamine::Data::String("@SUM(1)".into())));
    // The export's CSV neutralizes them; the export's workbook keeps them as text.
    let out = tempfile::tempdir().unwrap();
    for format in ["csv", "xlsx"] {
        let o = out.path().join(format);
        let output = regcheck(&[
            "export",
            register.to_str().unwrap(),
            "--format",
            format,
            "--as-of",
            "2026-01-20",
            "--out",
            o.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0));
    }
    let csv = std::fs::read_to_string(out.path().join("csv/attendance.csv")).unwrap();
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(csv.contains("'+cmd|") && csv.contains("'-2+3+cmd") && csv.contains("'@SUM(1)"), "{csv}");
    assert!(csv.contains(",-3,"), "a negative number stays a number: {csv}");
    assert!(!common::xlsx_parts(&out.path().join("xlsx/records.xlsx"), "xl/worksheets/").contains("<f>"));
}
