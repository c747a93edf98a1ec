//! `regcheck inspect`: how each sheet was understood — kind, layout, header rows, data rows,
//! each column's header and the field it was taken as (or the closest one it was not), a grid's
//! sessions and totals, merged cells and filled-down blanks used, the first records as parsed,
//! and recognition's own findings. It is how a person understands and fixes recognition.

use super::messages::{field_label, register_label, render, Lang};
use crate::finding::{cell_name, column_name, Code, Finding};
use crate::recognize::fields::{closest, Field};
use crate::recognize::{Kind, Layout, Table};
use crate::{InputFile, Run, SheetSummary};
use serde::Serialize;
use std::fmt::Write;

/// How many parsed records of each sheet are shown.
const SAMPLE: usize = 5;

#[derive(Serialize)]
struct FileJson {
    file: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
    sheets: Vec<SheetJson>,
}

#[derive(Serialize)]
struct SheetJson {
    name: String,
    kind: &'static str,
    layout: Option<&'static str>,
    header_rows: Vec<u32>,
    data_rows: Option<[u32; 2]>,
    records: usize,
    columns: Vec<ColumnJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sessions: Vec<SessionJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    merged: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    filled_down: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skipped_rows: Vec<SkippedJson>,
    sample: Vec<serde_json::Value>,
    findings: Vec<FindingJson>,
}

#[derive(Serialize)]
struct ColumnJson {
    column: String,
    header: String,
    /// The field the column was taken as; `session` / `total:<what>` in a grid; `null` if unused.
    field: Option<String>,
    /// For an unused column, the closest header regcheck knows and its field.
    #[serde(skip_serializing_if = "Option::is_none")]
    closest: Option<[&'static str; 2]>,
    /// A tally's count (`field` is `count`) or totals (`count-total`) column: what it counts
    /// and the period it covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<super::json::CountJson>,
}

#[derive(Serialize)]
struct SessionJson {
    column: String,
    date: String,
    date_cell: String,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    attributes: std::collections::BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct SkippedJson {
    row: u32,
    why: &'static str,
}

#[derive(Serialize)]
struct FindingJson {
    code: Code,
    cell: Option<String>,
    message: String,
}

/// What `inspect` says, as data.
pub fn json(run: &Run) -> serde_json::Value {
    let files: Vec<FileJson> = run.files.iter().enumerate().map(|(i, f)| file_json(run, i, f)).collect();
    serde_json::to_value(files).unwrap_or_default()
}

fn file_json(run: &Run, index: usize, file: &InputFile) -> FileJson {
    let problem =
        run.findings.iter().find(|f| f.file == Some(index) && f.sheet.is_none()).map(|f| render(f, run.lang, run));
    let sheets = file.sheets.iter().enumerate().map(|(s, summary)| sheet_json(run, index, s, summary)).collect();
    FileJson { file: file.display(), status: file.status.as_str(), problem, sheets }
}

fn sheet_json(run: &Run, file: usize, sheet: usize, summary: &SheetSummary) -> SheetJson {
    let findings = run
        .findings
        .iter()
        .filter(|f| f.file == Some(file) && f.sheet == Some(sheet) && is_recognition(f))
        .map(|f| FindingJson {
            code: f.code,
            cell: f.cell.map(|(r, c)| cell_name(r, c)),
            message: render(f, run.lang, run),
        })
        .collect();
    let source = run.files.get(file).and_then(|f| f.workbook.as_ref()).and_then(|w| w.sheets.get(sheet));
    let Some(table) = &summary.table else {
        return SheetJson {
            name: summary.name.clone(),
            kind: Kind::Unknown.as_str(),
            layout: None,
            header_rows: Vec::new(),
            data_rows: None,
            records: 0,
            columns: source.map(likely_header).unwrap_or_default(),
            sessions: Vec::new(),
            merged: Vec::new(),
            filled_down: Vec::new(),
            skipped_rows: Vec::new(),
            sample: Vec::new(),
            findings,
        };
    };
    SheetJson {
        name: summary.name.clone(),
        kind: table.kind.as_str(),
        layout: Some(table.layout.as_str()),
        header_rows: summary.header_rows(),
        data_rows: summary.data_rows().map(|(a, b)| [a, b]),
        records: summary.records,
        columns: columns(table, &run.school_year),
        sessions: table
            .sessions
            .iter()
            .map(|s| SessionJson {
                column: column_name(s.col),
                date: s.date_text(),
                date_cell: cell_name(s.date_cell.0, s.date_cell.1),
                attributes: s.attributes.iter().map(|(f, (r, c))| (f.name(), cell_name(*r, *c))).collect(),
            })
            .collect(),
        merged: source.map(|s| merged_used(s, table)).unwrap_or_default(),
        filled_down: summary.filled_down(),
        skipped_rows: table.skipped.iter().map(|(r, why)| SkippedJson { row: r + 1, why }).collect(),
        sample: sample(run, file, sheet, table.layout),
        findings,
    }
}

/// Findings about recognition itself (what `inspect` is for), not about values or teachers.
fn is_recognition(f: &Finding) -> bool {
    matches!(f.code, Code::NoRegisterFound | Code::MissingColumn | Code::AmbiguousColumn)
}

fn columns(table: &Table, year: &crate::rules::calendar::SchoolYear) -> Vec<ColumnJson> {
    let counts = super::json::counts(Some(table), year);
    table
        .headers
        .iter()
        .map(|(col, header)| {
            let count = counts.get(&column_name(*col)).cloned();
            let field = if let Some((f, _)) = table.columns.iter().find(|(_, c)| *c == col) {
                Some(f.name().to_string())
            } else if table.sessions.iter().any(|s| s.col == *col) {
                Some("session".to_string())
            } else if let Some((_, t)) = table.totals.iter().find(|(c, _)| c == col) {
                Some(format!("total:{}", t.as_str()))
            } else if let Some(count) = &count {
                Some(if count.total { "count-total" } else { "count" }.to_string())
            } else if table.unknown_columns.iter().any(|(c, _)| c == col) {
                None
            } else {
                Some(Field::Seq.name().to_string())
            };
            let closest = field.is_none().then(|| closest(header)).flatten().map(|(alias, f)| [alias, f.name()]);
            ColumnJson { column: column_name(*col), header: header.clone(), field, closest, count }
        })
        .collect()
}

/// For a sheet with no register found: the row among the first that has the most texts (most
/// likely the header), each column with the closest header regcheck knows — what to rename.
fn likely_header(sheet: &crate::read::Sheet) -> Vec<ColumnJson> {
    let texts = |row: u32| {
        (0..sheet.width()).filter(move |c| sheet.get(row, *c).as_text().is_some_and(|t| !t.trim().is_empty()))
    };
    let Some(row) = (0..sheet.height().min(crate::recognize::HEADER_SEARCH_ROWS))
        .filter(|r| texts(*r).count() >= 2)
        .max_by_key(|r| (texts(*r).count(), std::cmp::Reverse(*r)))
    else {
        return Vec::new();
    };
    texts(row)
        .map(|col| {
            let header = sheet.get(row, col).display();
            let closest = closest(&header).map(|(alias, f)| [alias, f.name()]);
            ColumnJson {
                column: column_name(col),
                header: format!("{}: {header}", cell_name(row, col)),
                field: None,
                closest,
                count: None,
            }
        })
        .collect()
}

/// The merged ranges that touch the table: its header rows, or its data rows.
fn merged_used(sheet: &crate::read::Sheet, table: &Table) -> Vec<String> {
    let first = table.header_rows.first().copied().unwrap_or(0);
    let last = table.rows.last().copied().unwrap_or(first).max(table.header_rows.last().copied().unwrap_or(first));
    sheet
        .merged()
        .iter()
        .filter(|m| m.last_row >= first && m.first_row <= last)
        .map(|m| format!("{}:{}", cell_name(m.first_row, m.first_col), cell_name(m.last_row, m.last_col)))
        .collect()
}

/// The first records of a sheet as parsed: where they are and what was read.
fn sample(run: &Run, file: usize, sheet: usize, layout: Layout) -> Vec<serde_json::Value> {
    let on_sheet = |at: &crate::finding::Source| at.file == file && at.sheet == sheet;
    let teachers = run.roster.iter().filter(|t| on_sheet(&t.at)).take(SAMPLE).map(|t| {
        let mut v = serde_json::json!({"cell": cell_name(t.at.row, t.at.col), "name": t.name});
        for (f, text) in &t.attributes {
            if *f != Field::Name {
                v[f.name()] = super::json::personal(run, text).into();
            }
        }
        v
    });
    let records = run.records.iter().filter(|r| on_sheet(&r.at)).take(SAMPLE).map(|r| {
        // In a grid, a record is a mark cell; in a long table, a row (shown by its name cell).
        let (row, col) = match layout {
            Layout::Grid => r.cells.get(&Field::Mark).copied().unwrap_or((r.at.row, r.at.col)),
            Layout::Long => (r.at.row, r.at.col),
            Layout::Tally => r.tally.as_ref().map_or((r.at.row, r.at.col), |t| t.cell),
        };
        let mut v = serde_json::json!({"cell": cell_name(row, col), "name": r.name});
        let date = r.resolved_date.map(|d| d.to_string()).or_else(|| r.date.map(|d| d.to_string()));
        let covers = r.tally.as_ref().map(|t| t.period.id(&run.school_year));
        let fields: [(&str, Option<serde_json::Value>); 11] = [
            ("count", r.count.filter(|_| r.tally.is_some()).map(Into::into)),
            ("covers", covers.map(Into::into)),
            ("date", date.map(Into::into)),
            ("mark", r.mark.and_then(|m| serde_json::to_value(m).ok())),
            ("hours", r.hours.map(Into::into)),
            ("lessons", r.lessons.map(Into::into)),
            ("words", r.words.map(Into::into)),
            ("credits", r.credits.map(Into::into)),
            ("topic", r.topic.clone().map(Into::into)),
            ("form", r.form.clone().map(Into::into)),
            ("kind", r.label.clone().map(Into::into)),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                v[key] = value;
            }
        }
        if !r.usable {
            v["usable"] = false.into();
        }
        v
    });
    teachers.chain(records).collect()
}

/// What `inspect` says, for a person.
pub fn text(run: &Run) -> String {
    let lang = run.lang;
    let zh = lang == Lang::Zh;
    let mut s = String::new();
    let files = json(run);
    for file in files.as_array().into_iter().flatten() {
        let _ = writeln!(s, "{}", file["file"].as_str().unwrap_or(""));
        if let Some(problem) = file["problem"].as_str() {
            let _ = writeln!(s, "  ✗ {problem}");
        }
        for sheet in file["sheets"].as_array().into_iter().flatten() {
            sheet_text(&mut s, sheet, lang, zh);
        }
        let _ = writeln!(s);
    }
    s
}

fn sheet_text(s: &mut String, sheet: &serde_json::Value, lang: Lang, zh: bool) {
    let str_of = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let rows = |v: &serde_json::Value| {
        v.as_array().into_iter().flatten().filter_map(|r| r.as_u64()).map(|r| r.to_string()).collect::<Vec<_>>()
    };
    let name = str_of(&sheet["name"]);
    let kind = str_of(&sheet["kind"]);
    if sheet["layout"].is_null() {
        let _ = writeln!(s, "  {name}: {}", lang.pick("未找到登记表", "no register found"));
    } else {
        let layout = match (sheet["layout"].as_str(), zh) {
            (Some("grid"), true) => "一人一行、一次活动一列",
            (Some("grid"), false) => "grid: teachers down, sessions across",
            (Some("tally"), true) => "一人一行、每列一个统计数",
            (Some("tally"), false) => "tally: teachers down, counts across",
            (_, true) => "一行一条记录",
            (_, false) => "long: one record per row",
        };
        let data = rows(&sheet["data_rows"]).join("–");
        let (open, close) = if zh { ("（", "）") } else { (" (", ")") };
        let _ = writeln!(s, "  {name}: {}{open}{layout}{close}", register_label(&kind, lang));
        let _ = writeln!(
            s,
            "    {} {} · {} {} · {} {}",
            lang.pick("表头行", "header rows"),
            rows(&sheet["header_rows"]).join(", "),
            lang.pick("数据行", "data rows"),
            if data.is_empty() { "-".into() } else { data },
            lang.pick("记录", "records"),
            sheet["records"]
        );
    }
    let columns = sheet["columns"].as_array().cloned().unwrap_or_default();
    if !columns.is_empty() {
        let _ = writeln!(s, "    {}", lang.pick("列：", "columns:"));
    }
    for c in columns {
        let meaning = match c["field"].as_str() {
            Some("seq") => lang.pick("序号", "row number").to_string(),
            Some("session") => lang.pick("一次活动", "a session").to_string(),
            Some(what @ ("count" | "count-total")) => {
                let count = &c["count"];
                let measure = str_of(&count["measure"]);
                let label = count["label"].as_str().map(|l| format!(" {l}")).unwrap_or_default();
                let span = format!("{}–{}", str_of(&count["start"]), str_of(&count["end"]));
                match what {
                    "count" => format!(
                        "{} ({measure}{label}) · {} {} ({span})",
                        lang.pick("统计数", "count"),
                        lang.pick("期间", "covers"),
                        str_of(&count["covers"])
                    ),
                    _ => format!(
                        "{} ({measure}{label})",
                        lang.pick("合计列，会与这一行的统计数核对", "totals, checked against the counts of the row")
                    ),
                }
            }
            Some(total) if total.starts_with("total:") => {
                format!("{} ({})", lang.pick("合计列，会与记号核对", "totals, checked against the marks"), &total[6..])
            }
            Some(field) => format!("{} ({field})", field_label(field, lang)),
            None => match c["closest"].as_array() {
                Some(near) => format!(
                    "{} “{}” → {}",
                    lang.pick("未使用；最接近的表头是", "not used; the closest known header is"),
                    near.first().and_then(|v| v.as_str()).unwrap_or(""),
                    near.get(1).and_then(|v| v.as_str()).unwrap_or("")
                ),
                None => lang.pick("未使用", "not used").to_string(),
            },
        };
        let _ = writeln!(s, "      {:>3}  {:<16} → {meaning}", str_of(&c["column"]), str_of(&c["header"]));
    }
    let sessions = sheet["sessions"].as_array().cloned().unwrap_or_default();
    if !sessions.is_empty() {
        let list: Vec<String> = sessions
            .iter()
            .map(|x| {
                let date = str_of(&x["date"]);
                let date = if date.is_empty() { lang.pick("日期有误", "bad date").to_string() } else { date };
                format!("{} {date}", str_of(&x["column"]))
            })
            .collect();
        let _ = writeln!(s, "    {} {}", lang.pick("活动：", "sessions:"), list.join(" · "));
    }
    let merged = rows_of_strings(&sheet["merged"]);
    if !merged.is_empty() {
        let _ = writeln!(s, "    {} {}", lang.pick("使用的合并单元格：", "merged cells used:"), merged.join(" "));
    }
    let filled = rows_of_strings(&sheet["filled_down"]);
    if !filled.is_empty() {
        let fields: Vec<String> = filled.iter().map(|f| field_label(f, lang)).collect();
        let _ = writeln!(
            s,
            "    {} {}",
            lang.pick(
                "空格按上一行的值读取（文件没有合并单元格）：",
                "blanks read as the value above (the file has no merged cells):"
            ),
            fields.join(", ")
        );
    }
    let skipped: Vec<String> = sheet["skipped_rows"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| format!("{} ({})", x["row"], str_of(&x["why"])))
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(s, "    {} {}", lang.pick("跳过的行：", "rows skipped:"), skipped.join(", "));
    }
    let sample = sheet["sample"].as_array().cloned().unwrap_or_default();
    if !sample.is_empty() {
        let _ = writeln!(s, "    {}", lang.pick("前几条记录：", "first records:"));
        for record in sample {
            let fields: Vec<String> = record
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, _)| *k != "cell")
                .map(|(k, v)| format!("{k}={}", shown(v)))
                .collect();
            let _ = writeln!(s, "      {:>5}  {}", str_of(&record["cell"]), fields.join(" "));
        }
    }
    for f in sheet["findings"].as_array().into_iter().flatten() {
        let _ = writeln!(s, "    ! {}", str_of(&f["message"]));
    }
}

/// A JSON value as a person reads it: text unquoted, 2.0 as 2.
fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.as_f64().map(crate::read::format_number).unwrap_or_else(|| n.to_string()),
        other => other.to_string(),
    }
}

fn rows_of_strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(str::to_string)).collect()
}
