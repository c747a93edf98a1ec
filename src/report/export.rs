//! `regcheck export`: the records regcheck recognized, as tidy tables other systems can import —
//! one table per kind of register (roster, attendance, observations, reflections, hours), one
//! row per record, values normalized (ISO dates, numbers, canonical marks, normalized names) and
//! each row naming the file, sheet, row and cell it came from.
//!
//! Nothing is dropped: a record whose date or mark cannot be read is exported with `usable`
//! false, the cell's text in the `*_text` column and the finding codes of its cells in
//! `findings`. Every kind is always written, an empty one as its header only, so that an export
//! folder never keeps a stale table from an earlier run.
//!
//! Formats: CSV (`roster.csv`, `attendance.csv`, …; UTF-8 with a byte-order mark so that Excel
//! opens Chinese text correctly, CRLF line ends, text that would start a formula prefixed
//! with `'`), XLSX (`records.xlsx`, a sheet per kind, dates
//! as date cells) and JSON (`records.json`, an array of objects per kind, keys in column order).

use super::xlsx;
use crate::finding::{cell_name, Code};
use crate::parse::records::{Record, Teacher};
use crate::read::{format_number, Sheet, Value};
use crate::recognize::fields::Field;
use crate::recognize::Kind;
use crate::{InputFile, Run, SheetSummary};
use chrono::NaiveDate;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }
}

/// One value of a tidy table, typed so that XLSX and JSON keep the type and CSV writes it plainly.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// The value as written in CSV: numbers without a trailing `.0`, dates as yyyy-mm-dd.
    pub fn to_csv(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Empty => s.serialize_none(),
            Cell::Text(t) => s.serialize_str(t),
            // Whole numbers (rows, hours) as integers: 6, not 6.0.
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => s.serialize_i64(*n as i64),
            Cell::Number(n) => s.serialize_f64(*n),
            Cell::Date(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            Cell::Bool(b) => s.serialize_bool(*b),
        }
    }
}

/// One tidy table: a kind of register, its columns and its rows (ordered by file, sheet, row).
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: Kind,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Rows whose record cannot count at all (`usable` false).
    pub fn unusable(&self) -> usize {
        let Some(i) = self.columns.iter().position(|c| *c == "usable") else {
            return 0;
        };
        self.rows.iter().filter(|r| r.get(i) == Some(&Cell::Bool(false))).count()
    }
}

/// The columns of a kind's table. First where the record came from: `file`, `sheet`, `row`
/// (1-based), `cell` (the name cell, A1). Then `usable` (name, date and mark
/// readable), `counted` (counts towards the rules: a known teacher, inside the school year, not
/// a repeat), `findings` (codes of the findings on the record's cells), then the canonical
/// fields of design.md; `*_text` is a typed value's cell as shown, `*_cell` the cell a value
/// came from when it may lie on another row (a merged session date or hours, a grid header).
/// A tally's count ends the row: `count`, `count_cell`, and the period it covers (`covers`,
/// `covers_start`, `covers_end`).
pub fn columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Roster => &[
            "file",
            "sheet",
            "row",
            "cell",
            "findings",
            "name",
            "name_text",
            "staff_id",
            "id_number",
            "gender",
            "birth_date",
            "department",
            "subject",
            "position",
            "title",
            "start_date",
            "join_date",
            "leave_date",
            "category",
            "status",
        ],
        Kind::Attendance => &[
            "file",
            "sheet",
            "row",
            "cell",
            "usable",
            "counted",
            "findings",
            "name",
            "name_text",
            "date",
            "date_text",
            "date_cell",
            "mark",
            "mark_text",
            "mark_cell",
            "topic",
            "form",
            "hours",
            "hours_text",
            "hours_cell",
            "time",
            "place",
            "presenter",
            "signature",
            "note",
        ],
        Kind::Observations => &[
            "file",
            "sheet",
            "row",
            "cell",
            "usable",
            "counted",
            "findings",
            "name",
            "name_text",
            "date",
            "date_text",
            "date_cell",
            "observed",
            "class",
            "subject",
            "topic",
            "period",
            "lessons",
            "lessons_text",
            "rating",
            "comment",
            "count",
            "count_cell",
            "covers",
            "covers_start",
            "covers_end",
        ],
        Kind::Reflections => &[
            "file",
            "sheet",
            "row",
            "cell",
            "usable",
            "counted",
            "findings",
            "name",
            "name_text",
            "date",
            "date_text",
            "date_cell",
            "kind",
            "title",
            "words",
            "words_text",
            "rating",
            "note",
            "count",
            "count_cell",
            "covers",
            "covers_start",
            "covers_end",
        ],
        Kind::Hours => &[
            "file",
            "sheet",
            "row",
            "cell",
            "usable",
            "counted",
            "findings",
            "name",
            "name_text",
            "course",
            "date",
            "date_text",
            "date_cell",
            "form",
            "level",
            "hours",
            "hours_text",
            "hours_cell",
            "credits",
            "credits_text",
            "certificate",
            "count",
            "count_cell",
            "covers",
            "covers_start",
            "covers_end",
        ],
        Kind::Unknown => &[],
    }
}

/// The export's file names for a format: one CSV per kind, or one workbook / JSON file.
pub fn file_names(format: ExportFormat) -> Vec<String> {
    match format {
        ExportFormat::Csv => Kind::REGISTERS.iter().map(|k| format!("{}.csv", k.as_str())).collect(),
        ExportFormat::Xlsx => vec!["records.xlsx".to_string()],
        ExportFormat::Json => vec!["records.json".to_string()],
    }
}

/// The five tables of a run, in the order roster, attendance, observations, reflections, hours.
pub fn tables(run: &Run) -> Vec<Table> {
    let findings = cell_findings(run);
    Kind::REGISTERS
        .iter()
        .map(|&kind| {
            let columns = columns(kind);
            let mut rows: Vec<(SortKey, Named)> = if kind == Kind::Roster {
                run.roster.iter().filter_map(|t| Some((key(&t.at), roster_row(run, t, &findings)?))).collect()
            } else {
                run.records
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.kind == kind)
                    .filter_map(|(i, r)| Some((key(&r.at), record_row(run, i, r, &findings)?)))
                    .collect()
            };
            rows.sort_by_key(|r| r.0);
            let rows = rows.into_iter().map(|(_, named)| project(columns, named)).collect();
            Table { kind, columns, rows }
        })
        .collect()
}

type SortKey = (usize, usize, u32, u32);
type CellKey = (usize, usize, u32, u32);
/// A row as (column, value) pairs, before it is put in column order.
type Named = Vec<(&'static str, Cell)>;

fn key(at: &crate::finding::Source) -> SortKey {
    (at.file, at.sheet, at.row, at.col)
}

/// Puts named values into the table's column order; a column without a value is empty.
fn project(columns: &[&str], mut named: Vec<(&'static str, Cell)>) -> Vec<Cell> {
    debug_assert!(named.iter().all(|(n, _)| columns.contains(n)), "{:?} not all in {columns:?}", named);
    columns
        .iter()
        .map(|c| named.iter().position(|(n, _)| n == c).map_or(Cell::Empty, |i| named.swap_remove(i).1))
        .collect()
}

/// The codes of cell findings (not compliance findings) by cell.
fn cell_findings(run: &Run) -> HashMap<CellKey, Vec<Code>> {
    let mut map: HashMap<CellKey, Vec<Code>> = HashMap::new();
    for f in run.findings.iter().filter(|f| f.rule.is_none()) {
        if let (Some(file), Some(sheet), Some((row, col))) = (f.file, f.sheet, f.cell) {
            map.entry((file, sheet, row, col)).or_default().push(f.code);
        }
    }
    map
}

/// The sheet a record is on, with what recognition said about it.
struct Place<'a> {
    file: &'a InputFile,
    summary: &'a SheetSummary,
    sheet: &'a Sheet,
    file_index: usize,
    sheet_index: usize,
}

impl<'a> Place<'a> {
    fn of(run: &'a Run, at: &crate::finding::Source) -> Option<Place<'a>> {
        let file = run.files.get(at.file)?;
        let summary = file.sheets.get(at.sheet)?;
        let sheet = file.workbook.as_ref()?.sheets.get(at.sheet)?;
        Some(Place { file, summary, sheet, file_index: at.file, sheet_index: at.sheet })
    }

    fn value(&self, (row, col): (u32, u32)) -> &Value {
        self.sheet.get(row, col)
    }

    /// A cell's text as shown, trimmed.
    fn text_at(&self, cell: (u32, u32)) -> String {
        self.value(cell).display().trim().to_string()
    }

    fn source(&self, row: u32, col: u32) -> Vec<(&'static str, Cell)> {
        vec![
            ("file", Cell::text(self.file.display())),
            ("sheet", Cell::text(self.summary.name.clone())),
            ("row", Cell::Number(f64::from(row) + 1.0)),
            ("cell", Cell::text(cell_name(row, col))),
        ]
    }

    /// The finding codes on the given cells, sorted and without repeats, space-separated.
    fn findings(&self, cells: &[(u32, u32)], map: &HashMap<CellKey, Vec<Code>>, extra: Option<Code>) -> Cell {
        let codes: BTreeSet<&str> = cells
            .iter()
            .filter_map(|(r, c)| map.get(&(self.file_index, self.sheet_index, *r, *c)))
            .flatten()
            .copied()
            .chain(extra)
            .map(Code::as_str)
            .collect();
        Cell::text(codes.into_iter().collect::<Vec<_>>().join(" "))
    }

    /// Every cell a roster row's recognized fields are read from (the first cell of a merged
    /// range covering one).
    fn row_cells(&self, row: u32) -> Vec<(u32, u32)> {
        let columns = self.summary.table.iter().flat_map(|t| t.columns.values());
        columns.map(|c| self.sheet.origin(row, *c)).collect()
    }
}

fn roster_row(run: &Run, t: &Teacher, map: &HashMap<CellKey, Vec<Code>>) -> Option<Vec<(&'static str, Cell)>> {
    let place = Place::of(run, &t.at)?;
    let mut row = place.source(t.at.row, t.at.col);
    row.push(("findings", place.findings(&place.row_cells(t.at.row), map, None)));
    row.push(("name", Cell::text(t.name.clone())));
    row.push(("name_text", Cell::text(place.text_at((t.at.row, t.at.col)))));
    // The roster's own columns: every column of its table after the name.
    for &field in columns(Kind::Roster).iter().skip_while(|c| **c != "name_text").skip(1) {
        let text = t.attributes.iter().find(|(f, _)| f.name() == field).map(|(_, v)| v.clone()).unwrap_or_default();
        let cell = match field {
            // A full date becomes ISO; a year and month (2010.09) stays as written.
            "birth_date" | "start_date" | "join_date" | "leave_date" => crate::parse::date::parse_date_text(&text)
                .ok()
                .and_then(|d| d.full())
                .map_or_else(|| Cell::text(text), Cell::Date),
            _ => Cell::text(text),
        };
        row.push((field, cell));
    }
    Some(row)
}

/// Text fields exported as the cell shows them, per kind (typed fields are handled apart).
fn text_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Attendance => &["topic", "form", "time", "place", "presenter", "signature", "note"],
        Kind::Observations => &["class", "subject", "topic", "period", "rating", "comment"],
        Kind::Reflections => &["title", "rating", "note"],
        Kind::Hours => &["course", "form", "level", "certificate"],
        Kind::Roster | Kind::Unknown => &[],
    }
}

fn record_row(
    run: &Run,
    index: usize,
    r: &Record,
    map: &HashMap<CellKey, Vec<Code>>,
) -> Option<Vec<(&'static str, Cell)>> {
    let place = Place::of(run, &r.at)?;
    let row_no = r.at.row;
    let attribution = run.attribution.get(index).copied().unwrap_or_default();
    let mut row = place.source(row_no, r.at.col);

    let cell = |field: &str| Field::from_name(field).and_then(|f| r.cells.get(&f).copied());
    let text = |field: &str| cell(field).map(|c| place.text_at(c)).unwrap_or_default();
    let mut cells: Vec<(u32, u32)> = r.cells.values().copied().collect();
    cells.push((r.at.row, r.at.col));
    cells.extend(r.date_cell);
    cells.extend(r.form_cell);
    cells.extend(r.tally.as_ref().map(|t| t.cell));
    // A session of a form that earns no hours is reported once, on its first row; every row of
    // it says so here.
    let not_counted = attribution.not_counted.then_some(Code::NotCounted);
    row.push(("usable", Cell::Bool(r.usable)));
    row.push(("counted", Cell::Bool(attribution.counts)));
    row.push(("findings", place.findings(&cells, map, not_counted)));

    row.push(("name", Cell::text(r.name.clone())));
    row.push(("name_text", Cell::text(place.text_at((r.at.row, r.at.col)))));
    if let Some(date_cell) = r.date_cell {
        let date = r.resolved_date.or_else(|| r.date.and_then(|d| d.full()));
        row.push(("date", date.map_or(Cell::Empty, Cell::Date)));
        row.push(("date_text", Cell::text(place.text_at(date_cell))));
        row.push(("date_cell", Cell::text(cell_name(date_cell.0, date_cell.1))));
    }

    for &field in text_fields(r.kind) {
        row.push((field, Cell::text(text(field))));
    }
    match r.kind {
        Kind::Attendance => {
            let mark_cell = cell("mark");
            let mark = r.mark.and_then(|m| serde_json::to_value(m).ok()).and_then(|v| v.as_str().map(str::to_string));
            row.push(("mark", mark.map_or(Cell::Empty, Cell::text)));
            row.push(("mark_text", Cell::text(mark_cell.map(|c| place.text_at(c)).unwrap_or_default())));
            if let Some((mr, mc)) = mark_cell {
                row.push(("mark_cell", Cell::text(cell_name(mr, mc))));
            }
            // A number in the mark cell is the hours attended: the parser says so in `cells`.
            let hours_cell = cell("hours");
            push_number(&mut row, &place, "hours", r.hours, hours_cell);
            if let Some((hr, hc)) = hours_cell {
                row.push(("hours_cell", Cell::text(cell_name(hr, hc))));
            }
        }
        Kind::Observations => {
            let observed = crate::parse::name::normalize_name(&text("observed"));
            row.push(("observed", Cell::text(observed)));
            push_number(&mut row, &place, "lessons", r.lessons, cell("lessons"));
        }
        Kind::Reflections => {
            row.push(("kind", r.label.clone().map_or(Cell::Empty, Cell::text)));
            push_number(&mut row, &place, "words", r.words, cell("words"));
        }
        Kind::Hours => {
            let hours_cell = cell("hours");
            push_number(&mut row, &place, "hours", r.hours, hours_cell);
            if let Some((hr, hc)) = hours_cell {
                row.push(("hours_cell", Cell::text(cell_name(hr, hc))));
            }
            push_number(&mut row, &place, "credits", r.credits, cell("credits"));
        }
        Kind::Roster | Kind::Unknown => {}
    }
    // A tally's count: the number, its cell, and the period it covers.
    if let Some(t) = &r.tally {
        let (start, end) = r.span.unzip();
        row.push(("count", r.count.map_or(Cell::Empty, Cell::Number)));
        row.push(("count_cell", Cell::text(cell_name(t.cell.0, t.cell.1))));
        row.push(("covers", Cell::text(t.period.id(&run.school_year))));
        row.push(("covers_start", start.map_or(Cell::Empty, Cell::Date)));
        row.push(("covers_end", end.map_or(Cell::Empty, Cell::Date)));
    }
    Some(row)
}

/// A typed number and its cell's text (`<field>_text`).
fn push_number(
    row: &mut Vec<(&'static str, Cell)>,
    place: &Place,
    field: &'static str,
    value: Option<f64>,
    cell: Option<(u32, u32)>,
) {
    let text_column = match field {
        "hours" => "hours_text",
        "lessons" => "lessons_text",
        "words" => "words_text",
        _ => "credits_text",
    };
    row.push((field, value.map_or(Cell::Empty, Cell::Number)));
    row.push((text_column, Cell::text(cell.map(|c| place.text_at(c)).unwrap_or_default())));
}

/// A table as CSV: UTF-8 with a byte-order mark (Excel then opens Chinese text correctly), a
/// header row of the column names, CRLF line ends.
pub fn render_csv(table: &Table) -> Result<Vec<u8>, String> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(table.columns).map_err(|e| e.to_string())?;
        for row in &table.rows {
            let cells = row.iter().map(|c| match c {
                Cell::Text(t) => neutralize_formula(t),
                other => other.to_csv(),
            });
            w.write_record(cells).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Text as a CSV cell that no spreadsheet program runs as a formula (OWASP's advice for CSV
/// injection): text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
/// `'`, unless it is a plain number such as `-3` or `+1.5`, which stays as it is. Numbers
/// written from number cells are never touched.
pub fn neutralize_formula(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let plain_number = {
        let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
            && digits.chars().filter(|c| *c == '.').count() <= 1
            && digits.chars().any(|c| c.is_ascii_digit())
    };
    if risky && !plain_number {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The tables as one workbook, a sheet per kind named after it: a bold header row that stays
/// in view and filters, numbers as numbers, dates as date cells.
pub fn workbook(run: &Run, tables: &[Table]) -> Result<rust_xlsxwriter::Workbook, rust_xlsxwriter::XlsxError> {
    let mut wb = xlsx::new_workbook(run.as_of);
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for table in tables {
        let ws = wb.add_worksheet();
        ws.set_name(table.kind.as_str())?;
        let mut widths: Vec<f64> = table.columns.iter().map(|c| xlsx::text_width(c)).collect();
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        ws.write_string(r, col, xlsx::cell_text(s))?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, col, *n)?;
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean(r, col, *b)?;
                    }
                    Cell::Date(d) => {
                        let serial = d.and_hms_opt(0, 0, 0).map(crate::parse::date::datetime_to_serial);
                        match serial {
                            Some(serial) => ws.write_number_with_format(r, col, serial, &date)?,
                            None => ws.write_string(r, col, cell.to_csv())?,
                        };
                    }
                }
                if let Some(w) = widths.get_mut(c) {
                    *w = w.max(if matches!(cell, Cell::Date(_)) { 10.0 } else { xlsx::text_width(&cell.to_csv()) });
                }
            }
        }
        let header: Vec<(&str, f64)> =
            table.columns.iter().zip(&widths).map(|(c, w)| (*c, (w + 2.0).clamp(6.0, 50.0))).collect();
        xlsx::write_table_header(ws, 0, &header)?;
        ws.set_freeze_panes(1, 0)?;
        let last_col = table.columns.len().saturating_sub(1) as u16;
        ws.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    }
    Ok(wb)
}

/// The tables as `records.json`: the school year the dates were resolved against, then an
/// array of objects per kind, keys in column order, empty values `null`.
pub fn render_json(run: &Run, tables: &[Table]) -> String {
    struct Rows<'a>(&'a Table);
    impl Serialize for Rows<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0.rows.len()))?;
            for row in &self.0.rows {
                seq.serialize_element(&Row(self.0.columns, row))?;
            }
            seq.end()
        }
    }
    struct Row<'a>(&'a [&'static str], &'a [Cell]);
    impl Serialize for Row<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0.iter().zip(self.1) {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }
    /// Pairs written as an object in their order.
    struct Ordered(Vec<(&'static str, String)>);
    impl FromIterator<(&'static str, String)> for Ordered {
        fn from_iter<I: IntoIterator<Item = (&'static str, String)>>(iter: I) -> Self {
            Ordered(iter.into_iter().collect())
        }
    }
    impl Serialize for Ordered {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }
    struct Doc<'a>(&'a Run, &'a [Table]);
    impl Serialize for Doc<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let (run, tables) = (self.0, self.1);
            let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
            let year = &run.school_year;
            let mut map = s.serialize_map(None)?;
            map.serialize_entry("version", &1)?;
            map.serialize_entry("generator", crate::GENERATOR)?;
            map.serialize_entry("as_of", &date(run.as_of))?;
            map.serialize_entry(
                "school_year",
                &[("name", year.name.clone()), ("start", date(year.start)), ("end", date(year.end))]
                    .into_iter()
                    .collect::<Ordered>(),
            )?;
            for t in tables {
                map.serialize_entry(t.kind.as_str(), &Rows(t))?;
            }
            map.end()
        }
    }
    serde_json::to_string_pretty(&Doc(run, tables)).unwrap_or_default() + "\n"
}

/// One file an export wrote: its path and, per kind it holds, the rows and unusable rows.
#[derive(Debug)]
pub struct Exported {
    pub path: PathBuf,
    pub tables: Vec<(Kind, usize, usize)>,
}

/// Writes the export into `out` (created if needed), each file under a temporary name renamed
/// into place. Refuses to write over an input.
pub fn write(run: &Run, out: &Path, format: ExportFormat) -> Result<Vec<Exported>, String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("{}: cannot create the output folder / 无法创建输出文件夹: {e}", out.display()))?;
    let tables = tables(run);
    let counts = |t: &Table| (t.kind, t.rows.len(), t.unusable());
    let mut written = Vec::new();
    let inputs = super::Inputs::of(run);
    let mut save = |name: &str, bytes: Vec<u8>, tables: Vec<(Kind, usize, usize)>| -> Result<(), String> {
        let path = out.join(name);
        inputs.guard(&path)?;
        super::output::replace(&path, &bytes)?;
        written.push(Exported { path, tables });
        Ok(())
    };
    match format {
        ExportFormat::Csv => {
            for (table, name) in tables.iter().zip(file_names(format)) {
                let bytes = render_csv(table).map_err(|e| format!("{name}: {e}"))?;
                save(&name, bytes, vec![counts(table)])?;
            }
        }
        ExportFormat::Xlsx => {
            let name = "records.xlsx";
            let mut wb = workbook(run, &tables).map_err(|e| format!("{name}: {e}"))?;
            let bytes = wb.save_to_buffer().map_err(|e| format!("{name}: {e}"))?;
            save(name, bytes, tables.iter().map(counts).collect())?;
        }
        ExportFormat::Json => {
            let text = render_json(run, &tables);
            save("records.json", text.into_bytes(), tables.iter().map(counts).collect())?;
        }
    }
    Ok(written)
}

/// What the terminal shows after an export: the files read (and those that could not be), then
/// each file written with its rows per kind and how many of them are not usable.
pub fn summary(run: &Run, written: &[Exported]) -> String {
    use std::fmt::Write;
    let lang = run.lang;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        lang.pick(
            &format!("读取了 {} 个文件（{} 学年）：", run.files.len(), run.school_year.name),
            &format!("Read {} files (school year {}):", run.files.len(), run.school_year.name),
        )
    );
    for (i, f) in run.files.iter().enumerate() {
        let _ = writeln!(s, "  {}", f.display());
        if f.workbook.is_none() {
            if let Some(finding) = run.findings.iter().find(|x| x.file == Some(i) && x.sheet.is_none()) {
                let _ = writeln!(s, "    ✗ {}", super::messages::render(finding, lang, run));
            }
        }
    }
    let _ = writeln!(s, "{}", lang.pick("导出：", "Exported:"));
    for e in written {
        let _ = write!(s, "  {}", e.path.display());
        let one = e.tables.len() == 1;
        for &(kind, rows, unusable) in &e.tables {
            let mut line =
                if one { String::from(lang.pick("：", ": ")) } else { format!("\n    {}: ", kind.as_str()) };
            line += lang.pick(&format!("{rows} 行"), &format!("{rows} rows"));
            if unusable > 0 {
                line += lang.pick(
                    &format!("（{unusable} 行不可用，见 findings 列）"),
                    &format!(" ({unusable} not usable, see the findings column)"),
                );
            }
            s += &line;
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_starts_with_its_source_and_uses_canonical_names() {
        for kind in Kind::REGISTERS {
            let cols = columns(kind);
            assert_eq!(&cols[..4], &["file", "sheet", "row", "cell"]);
            assert!(cols.contains(&"name") && cols.contains(&"findings"));
            let mut sorted = cols.to_vec();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), cols.len(), "{kind:?} has a column twice");
            for c in cols {
                let base = c.trim_end_matches("_text").trim_end_matches("_cell");
                // A tally's count and the period it covers are not fields of a detailed record.
                let tally = ["count", "count_cell", "covers", "covers_start", "covers_end"];
                let known = crate::recognize::fields::Field::from_name(base).is_some()
                    || ["file", "sheet", "row", "cell", "usable", "counted", "findings"].contains(c)
                    || tally.contains(c);
                assert!(known, "{c} is not a canonical field");
            }
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_writes_values_plainly() {
        let table = Table {
            kind: Kind::Hours,
            columns: &["name", "date", "hours", "usable"],
            rows: vec![vec![
                Cell::text("张伟"),
                Cell::Date(NaiveDate::from_ymd_opt(2025, 9, 1).unwrap()),
                Cell::Number(1.5),
                Cell::Bool(true),
            ]],
        };
        let bytes = render_csv(&table).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "\u{feff}name,date,hours,usable\r\n张伟,2025-09-01,1.5,true\r\n");
    }

    #[test]
    fn csv_text_never_starts_a_formula_but_numbers_stay_numbers() {
        assert_eq!(neutralize_formula("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralize_formula("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(neutralize_formula("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(neutralize_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize_formula("\t=1"), "'\t=1");
        assert_eq!(neutralize_formula("-3"), "-3");
        assert_eq!(neutralize_formula("+1.5"), "+1.5");
        assert_eq!(neutralize_formula("张伟"), "张伟");
        assert_eq!(neutralize_formula("-"), "'-");
    }
}
