//! Personal data: ID and phone numbers are masked in report.json, summary.xlsx and on the
//! terminal unless --show-personal-data is given; the annotated copies keep the cells as they were.

mod common;

use common::{check, root};

/// Every 15- or 18-character ID number in the roster fixture, as typed.
fn roster_ids() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/roster-bom.csv")).unwrap();
    text.lines()
        .flat_map(|l| l.split(','))
        .map(|f| f.trim().to_string())
        .filter(|f| (f.len() == 18 || f.len() == 15) && f.chars().take(15).all(|c| c.is_ascii_digit()))
        .collect()
}

/// The text of every part of a written workbook.
fn workbook_text(path: &std::path::Path) -> String {
    common::xlsx_parts(path, "xl/")
}

fn with_a_phone_in_a_name_cell(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("签到表.csv");
    std::fs::write(&p, "日期,姓名,学时\n2025-09-10,13912345678,2\n2025-09-10,张伟,2\n").unwrap();
    p
}

#[test]
fn ids_and_phones_are_masked_in_reports_but_kept_in_the_copies() {
    let ids = roster_ids();
    assert!(ids.len() >= 5, "{ids:?}");
    let dir = tempfile::tempdir().unwrap();
    let signin = with_a_phone_in_a_name_cell(dir.path());
    let r = check(&["tests/fixtures/roster-bom.csv", signin.to_str().unwrap(), "--as-of", "2026-01-20"]);
    let report = std::fs::read_to_string(r.out.path().join("report.json")).unwrap();
    let summary = workbook_text(&r.out.path().join("summary.xlsx"));
    // The findings about IDs are there, with their cell, but the number is masked.
    let f = r.findings().into_iter().find(|f| f["code"] == "id-invalid" && f["cell"] == "B5").unwrap();
    let masked = f["value"].as_str().unwrap();
    assert!(masked.contains("********") && masked.len() == 18, "{masked}");
    for id in &ids {
        assert!(!report.contains(id.as_str()), "report.json shows {id}");
        assert!(!summary.contains(id.as_str()), "summary.xlsx shows {id}");
        assert!(!r.stdout.contains(id.as_str()), "the terminal shows {id}");
    }
    for place in [&report, &summary, &r.stdout] {
        assert!(!place.contains("13912345678"), "a phone number is shown");
    }
    assert!(report.contains("139****5678"), "the masked phone is in the unknown-teacher finding");
    // The school's own cells are as they were in the copy.
    let copy = workbook_text(&r.out.path().join("roster-bom.checked.xlsx"));
    assert!(ids.iter().all(|id| copy.contains(id.as_str())), "the copy keeps the IDs");
}

#[test]
fn show_personal_data_shows_them() {
    let r = check(&["tests/fixtures/roster-bom.csv", "--as-of", "2026-01-20", "--show-personal-data"]);
    let f = r.findings().into_iter().find(|f| f["code"] == "id-invalid" && f["cell"] == "B5").unwrap();
    let value = f["value"].as_str().unwrap();
    assert!(roster_ids().iter().any(|id| id == value), "{value}");
}

#[test]
fn inspect_masks_ids_of_the_first_records() {
    let run = |extra: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_regcheck"))
            .current_dir(root())
            .args(["inspect", "tests/fixtures/roster-bom.csv"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let ids = roster_ids();
    let masked = run(&[]);
    assert!(masked.contains("id_number") && masked.contains("********"), "{masked}");
    assert!(ids.iter().all(|id| !masked.contains(id.as_str())), "{masked}");
    let shown = run(&["--show-personal-data"]);
    assert!(ids.iter().any(|id| shown.contains(id.as_str())), "{shown}");
}
