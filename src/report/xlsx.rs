//! What every workbook regcheck writes shares: fixed metadata (byte-identical reruns), atomic
//! saving, cell values written back with their type, fills by severity, safe sheet names.

use crate::finding::Severity;
use crate::read::Value;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// A workbook whose metadata depends only on `as_of`, so the same inputs give the same bytes.
pub fn new_workbook(as_of: chrono::NaiveDate) -> Workbook {
    use chrono::Datelike;
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(as_of.year() as u16, as_of.month() as u8, as_of.day() as u8)
        .or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1));
    let mut props = DocProperties::new().set_author("regcheck");
    if let Ok(created) = created {
        props = props.set_creation_datetime(&created);
    }
    wb.set_properties(&props);
    wb
}

/// Saves to a temporary name beside `path`, then renames it into place: a crash never leaves a
/// half-written workbook.
pub fn save_atomic(wb: &mut Workbook, path: &Path) -> std::io::Result<()> {
    let bytes = wb.save_to_buffer().map_err(std::io::Error::other)?;
    write_atomic(path, &bytes)
}

/// Writes bytes to a temporary file beside `path` and renames it into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// The light fill a severity is shown with (Excel's "bad", "neutral" and a pale blue).
pub fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Error => Color::RGB(0xFFC7CE),
        Severity::Warning => Color::RGB(0xFFEB9C),
        Severity::Info => Color::RGB(0xDDEBF7),
    }
}

/// How a value needs to be formatted to look as it did: dates as dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    General,
    Date,
    DateTime,
    Time,
}

impl NumberStyle {
    pub fn of(value: &Value) -> NumberStyle {
        match value {
            Value::Date(d) if d.duration || d.serial < 1.0 => NumberStyle::Time,
            Value::Date(d) if d.serial.fract() != 0.0 => NumberStyle::DateTime,
            Value::Date(_) => NumberStyle::Date,
            _ => NumberStyle::General,
        }
    }

    pub fn apply(self, format: Format) -> Format {
        match self {
            NumberStyle::General => format,
            NumberStyle::Date => format.set_num_format("yyyy-mm-dd"),
            NumberStyle::DateTime => format.set_num_format("yyyy-mm-dd hh:mm"),
            NumberStyle::Time => format.set_num_format("[h]:mm"),
        }
    }
}

/// Writes a value back with its type (text, number, boolean, date as a formatted serial).
pub fn write_value(ws: &mut Worksheet, row: u32, col: u16, value: &Value, format: &Format) -> Result<(), XlsxError> {
    match value {
        Value::Empty => ws.write_blank(row, col, format).map(|_| ()),
        Value::Text(s) => ws.write_string_with_format(row, col, s, format).map(|_| ()),
        Value::Number(n) => ws.write_number_with_format(row, col, *n, format).map(|_| ()),
        Value::Bool(b) => ws.write_boolean_with_format(row, col, *b, format).map(|_| ()),
        Value::Date(d) => ws.write_number_with_format(row, col, d.serial, format).map(|_| ()),
        Value::Error(e) => ws.write_string_with_format(row, col, e, format).map(|_| ()),
    }
}

/// A sheet name Excel accepts (no `[]:*?/\`, at most 31 characters, not blank) and not yet taken
/// (compared case-insensitively, as Excel does).
pub fn safe_sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect::<String>()
        .trim_matches('\'')
        .to_string();
    let base: String = if cleaned.trim().is_empty() { "Sheet".into() } else { cleaned.chars().take(31).collect() };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
        let suffix = format!("({n})");
        name = base.chars().take(31 - suffix.chars().count()).collect::<String>() + &suffix;
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// An internal link target to a cell: `internal:'sheet'!A1`.
pub fn internal_link(sheet: &str, cell: &str) -> String {
    format!("internal:'{}'!{}", sheet.replace('\'', "''"), cell)
}

/// Display width of text in Excel column units (CJK characters are two wide).
pub fn text_width(s: &str) -> f64 {
    s.lines()
        .map(|l| l.chars().map(|c| if crate::parse::name::is_cjk(c) || !c.is_ascii() { 2.0 } else { 1.1 }).sum::<f64>())
        .fold(0.0, f64::max)
}

/// Sets each column's width to fit its widest cell (between 6 and 60).
pub fn fit_columns(ws: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, (w + 2.0).clamp(6.0, 60.0))?;
    }
    Ok(())
}

/// A bold header format with a light grey fill and border.
pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_text_wrap()
}
