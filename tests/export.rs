//! `regcheck export`: the real binary on samples/ and tests/fixtures/, the tables read back as
//! CSV, XLSX and JSON, and specific records checked by cell: normalized name, ISO date,
//! canonical mark, hours, the cells they came from, and why a record does not count.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

struct Export {
    code: i32,
    stdout: String,
    stderr: String,
    out: tempfile::TempDir,
}

/// Runs `regcheck export ARGS --out <temp>` from the crate root.
fn export(args: &[&str]) -> Export {
    let out = tempfile::tempdir().expect("temp dir");
    export_into(args, out)
}

fn export_into(args: &[&str], out: tempfile::TempDir) -> Export {
    let output = Command::new(env!("CARGO_BIN_EXE_regcheck"))
        .current_dir(common::root())
        .arg("export")
        .args(args)
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("run regcheck");
    Export {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        out,
    }
}

type Row = HashMap<String, String>;

/// A CSV table read back: it must start with a UTF-8 byte-order mark.
fn csv_rows(path: &Path) -> (Vec<String>, Vec<Row>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').unwrap_or_else(|| panic!("{} has no BOM", path.display()));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_string).collect();
    let rows = reader
        .records()
        .map(|r| header.iter().cloned().zip(r.expect("record").iter().map(str::to_string)).collect())
        .collect();
    (header, rows)
}

/// The one row of a table whose name cell is `cell` on `sheet`.
fn at<'a>(rows: &'a [Row], sheet: &str, cell: &str) -> &'a Row {
    let found: Vec<&Row> = rows.iter().filter(|r| r["sheet"] == sheet && r["cell"] == cell).collect();
    assert_eq!(found.len(), 1, "one row at {sheet}!{cell}");
    found[0]
}

fn findings(row: &Row) -> Vec<&str> {
    row["findings"].split_whitespace().collect()
}

#[test]
fn samples_export_one_csv_per_kind_with_bom_and_source_cells() {
    let e = export(&["samples", "--as-of", "2026-01-20"]);
    assert_eq!(e.code, 0, "{}{}", e.stdout, e.stderr);
    assert!(e.stdout.contains("attendance.csv") && e.stdout.contains("426"), "{}", e.stdout);

    let counts: Vec<usize> = ["roster", "attendance", "observations", "reflections", "hours"]
        .iter()
        .map(|k| csv_rows(&e.out.path().join(format!("{k}.csv"))).1.len())
        .collect();
    assert_eq!(counts, [25, 426, 601, 216, 0], "every recognized record, none dropped");

    let (header, att) = csv_rows(&e.out.path().join("attendance.csv"));
    assert_eq!(&header[..7], ["file", "sheet", "row", "cell", "usable", "counted", "findings"]);

    // 王 芳 with an inner space: normalized, the cell's text kept.
    let r = at(&att, "签到表", "G30");
    assert_eq!(r["file"], "samples/校本研修签到表.xlsx");
    assert_eq!((r["row"].as_str(), r["name"].as_str(), r["name_text"].as_str()), ("30", "王芳", "王 芳"));
    assert_eq!((r["date"].as_str(), r["date_cell"].as_str()), ("2025-09-24", "B30"));
    assert_eq!((r["mark"].as_str(), r["mark_text"].as_str()), ("present", "√"));
    assert_eq!((r["hours"].as_str(), r["hours_cell"].as_str()), ("6", "F30"));
    assert_eq!((r["usable"].as_str(), r["counted"].as_str(), r["findings"].as_str()), ("true", "true", ""));

    // A date typed as text becomes ISO.
    let r = at(&att, "签到表", "G104");
    assert_eq!((r["date"].as_str(), r["date_text"].as_str()), ("2025-10-29", "2025年10月29日"));

    // Marks as `Mark` serializes them.
    for (cell, mark, text) in [
        ("G37", "late", "迟到"),
        ("G85", "absent", "旷课"),
        ("G188", "sick-leave", "病假"),
        ("G272", "official-leave", "公假"),
        ("G335", "personal-leave", "事假"),
    ] {
        let r = at(&att, "签到表", cell);
        assert_eq!((r["mark"].as_str(), r["mark_text"].as_str()), (mark, text), "{cell}");
    }

    // Records that do not count are exported, with why.
    let r = at(&att, "签到表", "G295");
    assert_eq!((r["date"].as_str(), r["date_text"].as_str()), ("", "2026-13-08"), "unreadable date kept as text");
    assert_eq!((r["usable"].as_str(), r["counted"].as_str()), ("false", "false"));
    assert_eq!(findings(r), ["invalid-date"]);
    let r = at(&att, "签到表", "G129");
    assert_eq!((r["name"].as_str(), r["counted"].as_str()), ("张玮", "false"));
    assert_eq!(findings(r), ["unknown-teacher"]);
    let r = at(&att, "签到表", "G372");
    assert_eq!((r["name"].as_str(), r["usable"].as_str(), r["counted"].as_str()), ("高洁", "true", "false"));
    assert_eq!(findings(r), ["duplicate-record"]);
    let r = at(&att, "签到表", "G427");
    assert_eq!((r["hours"].as_str(), r["hours_text"].as_str(), r["hours_cell"].as_str()), ("", "60", "F427"));
    assert_eq!(findings(r), ["value-out-of-range"]);
    // Every row of the staff meeting says it earns no hours, not only the first.
    for cell in ["G54", "G78"] {
        let r = at(&att, "签到表", cell);
        assert_eq!((r["form"].as_str(), r["counted"].as_str()), ("工作例会", "true"));
        assert_eq!(findings(r), ["not-counted"], "{cell}");
    }

    let (_, obs) = csv_rows(&e.out.path().join("observations.csv"));
    let r = at(&obs, "上学期", "B60");
    assert_eq!((r["name"].as_str(), r["date"].as_str(), r["date_text"].as_str()), ("陈静", "", "2025年9月31日"));
    assert_eq!((r["date_cell"].as_str(), r["usable"].as_str()), ("C60", "false"));
    let r = at(&obs, "下学期", "B184");
    assert_eq!((r["date"].as_str(), r["usable"].as_str(), r["counted"].as_str()), ("2024-03-12", "true", "false"));
    assert_eq!(findings(r), ["date-outside-year"]);
    // Sheets in workbook order (上学期 before 下学期), rows in order within each.
    let order: Vec<(String, u32)> = obs.iter().map(|r| (r["sheet"].clone(), r["row"].parse().unwrap())).collect();
    assert_eq!(order.first(), Some(&("上学期".to_string(), 4)));
    assert_eq!(order.last(), Some(&("下学期".to_string(), 303)));
    assert!(order.windows(2).all(|w| w[0].0 != w[1].0 || w[0].1 < w[1].1), "rows ascending within a sheet");

    let (_, refl) = csv_rows(&e.out.path().join("reflections.csv"));
    let r = at(&refl, "反思登记", "B87");
    assert_eq!((r["words"].as_str(), r["words_text"].as_str(), r["usable"].as_str()), ("", "约1200字", "true"));
    assert_eq!(findings(r), ["invalid-number"]);
    assert!(refl.iter().any(|r| r["kind"] == "教学总结") && refl.iter().any(|r| r["kind"] == "读书笔记"));

    let (_, roster) = csv_rows(&e.out.path().join("roster.csv"));
    let r = roster.iter().find(|r| r["name"] == "刘洋").expect("刘洋 on the roster");
    assert_eq!(r["id_number"], "110101199504170417");
    assert_eq!(findings(r), ["id-invalid"], "the ID's finding lands on its row (J7)");
    assert_eq!(r["row"], "7");
}

#[test]
fn exported_hours_add_up_to_what_check_counted() {
    let e = export(&["samples", "--as-of", "2026-09-01"]);
    let (_, att) = csv_rows(&e.out.path().join("attendance.csv"));
    let mut hours: HashMap<&str, f64> = HashMap::new();
    for r in &att {
        let attended = ["present", "late", "left-early"].contains(&r["mark"].as_str());
        if r["counted"] == "true" && attended && !findings(r).contains(&"not-counted") {
            *hours.entry(r["name"].as_str()).or_default() += r["hours"].parse::<f64>().unwrap_or(0.0);
        }
    }
    let report = common::check(&["samples", "--as-of", "2026-09-01"]);
    for name in ["赵磊", "张伟", "王芳", "吴敏", "何勇", "宋佳", "高洁"] {
        let (actual, _) = report.result(name, "hours-year", "2025-2026");
        assert_eq!(hours.get(name).copied().unwrap_or(0.0), actual, "{name}");
    }
    assert_eq!(hours["赵磊"], 72.0);
}

#[test]
fn xlsx_export_has_a_sheet_per_kind_with_typed_cells() {
    let e = export(&["samples", "--format", "xlsx", "--as-of", "2026-01-20"]);
    assert_eq!(e.code, 0, "{}", e.stderr);
    let names: Vec<String> =
        std::fs::read_dir(e.out.path()).unwrap().map(|d| d.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names, ["records.xlsx"], "one workbook, no temporary files left");
    let mut wb: Xlsx<_> = open_workbook(e.out.path().join("records.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["roster", "attendance", "observations", "reflections", "hours"]);
    let range = wb.worksheet_range("attendance").unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = range.rows().find(|r| r[col("cell")] == Data::String("G30".into())).expect("G30");
    assert_eq!(row[col("name")], Data::String("王芳".into()));
    match &row[col("date")] {
        Data::DateTime(d) => assert_eq!(d.as_datetime().map(|d| d.date().to_string()), Some("2025-09-24".into())),
        other => panic!("date is a date cell, not {other:?}"),
    }
    assert_eq!(row[col("hours")], Data::Float(6.0));
    assert_eq!(row[col("row")], Data::Float(30.0));
    assert_eq!(row[col("usable")], Data::Bool(true));
    assert_eq!(range.height(), 427, "header and 426 records");
    assert_eq!(wb.worksheet_range("hours").unwrap().height(), 1, "an empty kind is its header");
}

#[test]
fn json_export_has_typed_values_and_the_school_year() {
    let e = export(&["samples", "--format", "json", "--as-of", "2026-01-20"]);
    assert_eq!(e.code, 0, "{}", e.stderr);
    let doc: Json = serde_json::from_str(&std::fs::read_to_string(e.out.path().join("records.json")).unwrap()).unwrap();
    assert_eq!(doc["school_year"]["start"], "2025-09-01");
    assert_eq!(doc["observations"].as_array().unwrap().len(), 601);
    assert_eq!(doc["hours"], serde_json::json!([]));
    let att = doc["attendance"].as_array().unwrap();
    let r = att.iter().find(|r| r["cell"] == "G427").unwrap();
    assert_eq!(r["row"], 427);
    assert_eq!(r["hours"], Json::Null);
    assert_eq!(r["hours_text"], "60");
    assert_eq!(r["name"], "宋佳");
    let r = att.iter().find(|r| r["cell"] == "G188").unwrap();
    assert_eq!(
        (r["mark"].as_str(), r["date"].as_str(), r["hours"].as_i64()),
        (Some("sick-leave"), Some("2025-12-10"), Some(6))
    );
    assert_eq!(r["usable"], true);
}

#[test]
fn merged_session_cells_name_the_cell_the_value_came_from() {
    let e = export(&["tests/fixtures/signin-merged.xls", "--as-of", "2026-08-31"]);
    let (_, att) = csv_rows(&e.out.path().join("attendance.csv"));
    assert_eq!(att.len(), 10);
    let first = &att[0];
    let second = &att[1];
    assert_eq!(first["date_cell"], second["date_cell"], "one merged date for the session");
    assert_ne!(second["row"], second["date_cell"][1..], "the date came from another row");
    assert_eq!(first["date"], second["date"]);
    assert!(!second["date"].is_empty() && !second["hours"].is_empty(), "{second:?}");
    assert_eq!(second["hours_cell"], first["hours_cell"]);
}

#[test]
fn gbk_csv_and_roster_fixtures_export_normalized_values() {
    let e = export(&[
        "tests/fixtures/observations-gbk.csv",
        "tests/fixtures/roster-bom.csv",
        "tests/fixtures/roster-ids-as-numbers.xls",
        "--as-of",
        "2026-01-20",
    ]);
    let (_, obs) = csv_rows(&e.out.path().join("observations.csv"));
    let r = at(&obs, "observations-gbk", "A10");
    assert_eq!((r["name"].as_str(), r["name_text"].as_str()), ("张伟", "张 伟"));
    assert_eq!((r["date_text"].as_str(), r["usable"].as_str()), ("2025年9月31日", "false"));
    let r = at(&obs, "observations-gbk", "A2");
    assert_eq!((r["date"].as_str(), r["date_text"].as_str()), ("2025-09-10", "2025/9/10"));

    let (_, roster) = csv_rows(&e.out.path().join("roster.csv"));
    assert_eq!(roster.len(), 16, "both rosters, in file order");
    assert!(roster[..8].iter().all(|r| r["file"] == "tests/fixtures/roster-bom.csv"));
    let lost: Vec<&Row> = roster.iter().filter(|r| findings(r).contains(&"id-precision-lost")).collect();
    assert_eq!(lost.len(), 8, "every ID typed as a number says so");
    assert!(lost.iter().all(|r| r["file"].ends_with("roster-ids-as-numbers.xls")));
}

#[test]
fn dates_without_a_year_take_the_school_year_check_resolved() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("签到表.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("签到").unwrap();
    let rows: &[&[&str]] = &[
        &["日期", "培训主题", "学时", "姓名", "签到情况"],
        &["9月3日", "新课标", "3", "李娜", "√"],
        &["1/15", "作业设计", "3", "李娜", "迟到"],
        &["2月29日", "命题", "3", "李娜", "√"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&f).unwrap();
    let e = export(&[f.to_str().unwrap(), "--as-of", "2026-01-20"]);
    let (_, att) = csv_rows(&e.out.path().join("attendance.csv"));
    let dates: Vec<(&str, &str, &str)> =
        att.iter().map(|r| (r["date"].as_str(), r["date_text"].as_str(), r["usable"].as_str())).collect();
    assert_eq!(
        dates,
        [("2025-09-03", "9月3日", "true"), ("2026-01-15", "1/15", "true"), ("", "2月29日", "false")],
        "2026 has no 29 February"
    );
    assert_eq!(att[1]["mark"], "late");
}

#[test]
fn the_same_inputs_give_the_same_bytes_and_stale_tables_are_replaced() {
    let a = export(&["samples", "--as-of", "2026-01-20"]);
    let out = tempfile::tempdir().unwrap();
    // A table an earlier export wrote (regcheck's header) is replaced; another file would not be.
    std::fs::write(out.path().join("hours.csv"), "\u{feff}file,sheet,row,cell,old\r\n1,2,3,4,5\r\n").unwrap();
    let b = export_into(&["samples", "--as-of", "2026-01-20"], out);
    for kind in ["roster", "attendance", "observations", "reflections", "hours"] {
        let name = format!("{kind}.csv");
        assert_eq!(
            std::fs::read(a.out.path().join(&name)).unwrap(),
            std::fs::read(b.out.path().join(&name)).unwrap(),
            "{name}"
        );
    }
    let hours = std::fs::read_to_string(b.out.path().join("hours.csv")).unwrap();
    assert_eq!(hours.lines().count(), 1, "an empty kind is written as its header: {hours}");
    assert!(hours.starts_with("\u{feff}file,sheet,row,cell,usable,counted,findings,name,"));
}

#[test]
fn usage_errors_exit_2_and_inputs_are_never_written_over() {
    assert_eq!(export(&["samples", "--format", "pdf"]).code, 2);
    assert_eq!(export(&["no-such-folder"]).code, 2);
    let e = export(&["tests/fixtures/bad/empty.csv", "--rules", "no-such-rules.toml"]);
    assert_eq!(e.code, 2);
    assert!(e.stderr.contains("no-such-rules.toml"), "{}", e.stderr);

    // An input named like an export table in the output folder is not overwritten.
    let out = tempfile::tempdir().unwrap();
    let input = out.path().join("roster.csv");
    std::fs::copy(common::root().join("tests/fixtures/roster-bom.csv"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let e = export_into(&[input.to_str().unwrap()], out);
    assert_eq!(e.code, 2, "{}", e.stdout);
    assert!(e.stderr.contains("roster.csv"), "{}", e.stderr);
    assert_eq!(std::fs::read(e.out.path().join("roster.csv")).unwrap(), before);
}

#[test]
fn hours_ledger_exports_course_hours_credits_and_undated_entries() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("学时登记.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("学时").unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let rows: &[&[&str]] = &[
        &["姓名", "项目名称", "培训形式", "级别", "日期", "学时", "学分"],
        &["张伟", "国培计划", "集中培训", "国家", "d:2025-08-20", "40", "4"],
        &["张伟", "市级骨干研修", "网络研修", "市", "d:2025-11-02", "1.5h", "3"],
        &["张 伟", "区级教研", "教研活动", "区", "", "24", "2"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if let Some(day) = v.strip_prefix("d:") {
                let dt = rust_xlsxwriter::ExcelDateTime::parse_from_str(day).unwrap();
                ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
            } else if let Ok(n) = v.parse::<f64>() {
                ws.write_number(r, c, n).unwrap();
            } else if !v.is_empty() {
                ws.write_string(r, c, *v).unwrap();
            }
        }
    }
    wb.save(&f).unwrap();
    let e = export(&[f.to_str().unwrap(), "--as-of", "2026-09-01"]);
    let (_, hours) = csv_rows(&e.out.path().join("hours.csv"));
    let cols = |r: &Row, names: &[&str]| names.iter().map(|n| r[*n].clone()).collect::<Vec<_>>();
    let fields = ["name", "course", "form", "level", "date", "hours", "hours_text", "credits", "counted"];
    assert_eq!(
        hours.iter().map(|r| cols(r, &fields)).collect::<Vec<_>>(),
        [
            ["张伟", "国培计划", "集中培训", "国家", "2025-08-20", "40", "40", "4", "false"],
            ["张伟", "市级骨干研修", "网络研修", "市", "2025-11-02", "1.5", "1.5h", "3", "true"],
            ["张伟", "区级教研", "教研活动", "区", "", "24", "24", "2", "true"],
        ],
        "the August course is outside the school year; an undated ledger entry counts"
    );
    assert_eq!(findings(&hours[0]), ["date-outside-year"]);
    assert_eq!((hours[0]["hours_cell"].as_str(), hours[0]["date_cell"].as_str()), ("F2", "E2"));
}

#[test]
fn a_grid_exports_one_row_per_teacher_and_session_with_its_mark_cell() {
    let e = export(&["tests/fixtures/attendance-grid.xls", "--as-of", "2026-01-20"]);
    let (_, att) = csv_rows(&e.out.path().join("attendance.csv"));
    assert_eq!(att.len(), 31, "8 teachers × 4 sessions, less one blank cell");
    let li_na: Vec<&Row> = att.iter().filter(|r| r["name"] == "李娜").collect();
    assert_eq!(li_na.len(), 4);
    let last = li_na.iter().find(|r| r["date"] == "2025-09-24").expect("李娜 on 9/24");
    assert_eq!(
        (last["mark"].as_str(), last["mark_text"].as_str(), last["mark_cell"].as_str(), last["date_cell"].as_str()),
        ("absent", "×", "F6", "F3")
    );
    assert_eq!(last["cell"], "B6", "the record's name cell");
}
