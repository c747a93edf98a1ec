//! Helpers shared by the integration tests: run the real binary, read report.json and the
//! written workbooks back.
#![allow(dead_code)]

pub mod bad;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The outcome of one `regcheck check` run.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub out: tempfile::TempDir,
    pub report: Json,
}

/// Runs `regcheck check ARGS --out <temp>` from the crate root and reads report.json.
pub fn check(args: &[&str]) -> Outcome {
    let out = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_regcheck"))
        .current_dir(root())
        .arg("check")
        .args(args)
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("run regcheck");
    let report = std::fs::read_to_string(out.path().join("report.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Json::Null);
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        out,
        report,
    }
}

impl Outcome {
    pub fn findings(&self) -> Vec<&Json> {
        self.report["findings"].as_array().map(|a| a.iter().collect()).unwrap_or_default()
    }

    /// (code, file name, sheet, cell) of every finding.
    pub fn finding_cells(&self) -> Vec<(String, String, String, String)> {
        self.findings()
            .iter()
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
                let file =
                    Path::new(&s("file")).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                (s("code"), file, s("sheet"), s("cell"))
            })
            .collect()
    }

    pub fn has(&self, code: &str, file: &str, sheet: &str, cell: &str) -> bool {
        self.finding_cells().iter().any(|(c, f, s, x)| c == code && f == file && s == sheet && x == cell)
    }

    pub fn teacher(&self, name: &str) -> &Json {
        self.report["teachers"]
            .as_array()
            .and_then(|ts| ts.iter().find(|t| t["name"] == name))
            .unwrap_or_else(|| panic!("teacher {name} not in report"))
    }

    /// A teacher's result for a rule and period: (actual, status).
    pub fn result(&self, name: &str, rule: &str, period: &str) -> (f64, String) {
        let r = self.teacher(name)["results"]
            .as_array()
            .and_then(|rs| rs.iter().find(|r| r["rule"] == rule && r["period"] == period))
            .unwrap_or_else(|| panic!("no result {rule} {period} for {name}"));
        (r["actual"].as_f64().unwrap_or(f64::NAN), r["status"].as_str().unwrap_or("").to_string())
    }

    pub fn sheet(&self, file: &str, sheet: &str) -> &Json {
        self.report["inputs"]
            .as_array()
            .and_then(|i| i.iter().find(|i| i["file"].as_str().is_some_and(|f| f.ends_with(file))))
            .and_then(|i| i["sheets"].as_array())
            .and_then(|s| s.iter().find(|s| s["name"] == sheet))
            .unwrap_or_else(|| panic!("sheet {file} / {sheet} not in report"))
    }
}

/// Every non-empty cell of every sheet: (sheet, row, col) → value, dates as serial numbers.
pub fn cells(path: &Path) -> Vec<(String, u32, u32, Data)> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        for (r, c, v) in range.used_cells() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let v = match v {
                Data::DateTime(d) => Data::Float(d.as_f64()),
                Data::Int(i) => Data::Float(*i as f64),
                Data::String(s) if s.is_empty() => continue,
                other => other.clone(),
            };
            out.push((name.clone(), r as u32 + r0, c as u32 + c0, v));
        }
    }
    out
}

/// The text of every part of an .xlsx whose name starts with `prefix` (e.g. "xl/comments").
pub fn xlsx_parts(path: &Path, prefix: &str) -> String {
    let file = std::fs::File::open(path).expect("open xlsx");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("part");
        if part.name().is_ok_and(|n| n.starts_with(prefix)) {
            std::io::Read::read_to_string(&mut part, &mut text).expect("utf-8 part");
        }
    }
    text
}

/// A merged range for [`book_with_merges`]: first row, first column, last row, last column (0-based).
pub type Merge = (u32, u16, u32, u16);

/// A sheet for [`book_with_merges`]: its name, rows and merged ranges.
pub type SheetSpec<'a> = (&'a str, &'a [&'a [&'a str]], &'a [Merge]);

/// Writes a workbook: cells that look like numbers become numbers, `d:2025-09-10` a date cell,
/// anything else text.
pub fn book(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let sheets: Vec<_> = sheets.iter().map(|(n, rows)| (*n, *rows, &[][..])).collect();
    book_with_merges(path, &sheets);
}

/// [`book`], with merged ranges on each sheet (the merged range shows its first cell's value).
pub fn book_with_merges(path: &Path, sheets: &[SheetSpec]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows, merges) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for &(r1, c1, r2, c2) in merges.iter() {
            ws.merge_range(r1, c1, r2, c2, "", &Format::new()).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if cell.is_empty() {
                    continue;
                } else if let Some(d) = cell.strip_prefix("d:") {
                    let dt = ExcelDateTime::parse_from_str(d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                } else if let Ok(n) = cell.parse::<f64>() {
                    ws.write_number(r, c, n).unwrap();
                } else {
                    ws.write_string(r, c, *cell).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// Asserts that every non-empty cell of `input` holds the same value in the same sheet and
/// cell of its annotated `copy` (values never lost). Spreadsheets are read by calamine; text
/// files, which calamine does not read, by the csv reader regcheck uses. Returns how many cells
/// were compared.
pub fn assert_values_kept(input: &Path, copy: &Path) -> usize {
    use std::collections::HashMap;
    let read = regcheck::read::read_file(input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
    let (names, _) = regcheck::report::annotated::sheet_names(&read, regcheck::report::messages::Lang::Zh);
    let copy_name: HashMap<&str, &str> =
        read.sheets.iter().zip(&names).map(|(s, n)| (s.name.as_str(), n.as_str())).collect();
    let text = matches!(regcheck::read::inputs::extension(input).as_str(), "csv" | "txt" | "tsv");
    let source: Vec<(String, u32, u32, Data)> = if text {
        let mut out = Vec::new();
        for sheet in &read.sheets {
            for (r, row) in sheet.rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    if let regcheck::read::Value::Text(s) = v {
                        out.push((sheet.name.clone(), r as u32, c as u32, Data::String(s.clone())));
                    }
                }
            }
        }
        out
    } else {
        cells(input)
    };
    let copied: HashMap<(String, u32, u32), Data> =
        cells(copy).into_iter().map(|(s, r, c, v)| ((s, r, c), v)).collect();
    for (sheet, r, c, value) in &source {
        let expected = match value {
            Data::Error(e) => Data::String(e.to_string()),
            other => other.clone(),
        };
        let name = copy_name.get(sheet.as_str()).copied().unwrap_or(sheet.as_str()).to_string();
        let got = copied.get(&(name.clone(), *r, *c));
        assert_eq!(
            got,
            Some(&expected),
            "{} / {sheet}!{}: the copy {} has {got:?}",
            input.display(),
            regcheck::finding::cell_name(*r, *c),
            copy.display()
        );
    }
    source.len()
}
