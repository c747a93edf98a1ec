//! District scale, as far as a quick test can go (speed itself is measured by `bench/run.sh`,
//! not here): the generator is deterministic for a seed, and a check reading and writing files
//! in parallel gives byte-identical outputs run after run and the same bytes as one thread.

#[allow(dead_code)]
#[path = "../examples/make_district.rs"]
mod make_district;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.path().strip_prefix(dir).unwrap().display().to_string();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn generator_is_deterministic_for_a_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    let rows = make_district::generate(1, 7, &a, 0).unwrap();
    assert_eq!(make_district::generate(1, 7, &b, 0).unwrap(), rows);
    make_district::generate(1, 8, &c, 0).unwrap();
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    let names: Vec<&str> = fa.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "rows.txt",
            "school-001/听课记录.xlsx",
            "school-001/教学反思登记.xlsx",
            "school-001/教师名册.xlsx",
            "school-001/教研活动考勤表.xlsx",
            "school-001/校本研修签到表.xlsx",
        ]
    );
    assert_eq!(fa, fb, "same seed, same bytes");
    assert_ne!(fa["school-001/校本研修签到表.xlsx"], fc["school-001/校本研修签到表.xlsx"], "the seed matters");
    // 120 teachers; 50 sessions × 120 sign-ins plus the duplicated rows; 20 observations and 8
    // reflections each, a row per teacher in the grid.
    assert!((120 + 6000 + 120 + 2400 + 960..120 + 6000 + 120 + 2400 + 960 + 200).contains(&rows), "{rows}");
}

fn check(inputs: &Path, out: &Path, threads: Option<&str>) -> BTreeMap<String, Vec<u8>> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regcheck"));
    cmd.args(["check", "--as-of", "2026-08-31", "--out"]).arg(out).arg(inputs);
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    files(out)
}

#[test]
fn parallel_outputs_are_byte_identical_and_equal_to_one_thread() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("district");
    make_district::generate(1, 3, &data, 0).unwrap();
    let data = data.join("school-001");
    let first = check(&data, &tmp.path().join("out1"), Some("4"));
    let second = check(&data, &tmp.path().join("out2"), Some("4"));
    let single = check(&data, &tmp.path().join("out3"), Some("1"));
    assert_eq!(first.len(), 7, "{:?}", first.keys().collect::<Vec<_>>());
    assert!(first == second, "two parallel runs differ");
    assert!(first == single, "the parallel run differs from the single-threaded one");

    // The run checked what was planted: unknown teachers, impossible dates, unknown marks and
    // repeated rows, each on its cell.
    let report: serde_json::Value = serde_json::from_slice(&first["report.json"]).unwrap();
    let findings = report["findings"].as_array().unwrap();
    for code in ["unknown-teacher", "invalid-date", "unknown-mark", "duplicate-record"] {
        assert!(
            findings.iter().any(|f| f["code"] == code && f["cell"].is_string()),
            "no {code} with a cell in {}",
            findings.len()
        );
    }
    assert_eq!(report["teachers"].as_array().unwrap().len(), 120);
}
