//! Spreadsheet files (.xlsx .xlsm .xlsb .xls .ods) through calamine, into the format-free model.

use super::{ExcelDate, Format, ReadError, Rect, Sheet, Value, Visibility};
use calamine::{Data, Dimensions, Ods, Reader, SheetVisible, Xls, Xlsb, Xlsx};
use std::io::BufReader;
use std::path::Path;

/// Reads every sheet, hidden ones included, with merged ranges where the format records them.
///
/// calamine is run behind `catch_unwind`: a malformed file must become a finding, never end the run.
pub fn read(path: &Path, format: Format) -> Result<Vec<Sheet>, ReadError> {
    let path = path.to_path_buf();
    std::panic::catch_unwind(move || read_inner(&path, format))
        .unwrap_or_else(|_| Err(ReadError::Unreadable("the file is damaged (the reader gave up)".into())))
}

fn read_inner(path: &Path, format: Format) -> Result<Vec<Sheet>, ReadError> {
    let open = || std::fs::File::open(path).map(BufReader::new).map_err(|e| ReadError::Unreadable(e.to_string()));
    match format {
        Format::Xlsx => {
            let mut wb = Xlsx::new(open()?).map_err(xlsx_error)?;
            let mut sheets = read_sheets(&mut wb, xlsx_error)?;
            let mut layouts = super::layout::read_xlsx(path);
            for sheet in sheets.iter_mut() {
                sheet.layout = Some(layouts.remove(&sheet.name).unwrap_or_default());
                let name = sheet.name.clone();
                let name = name.as_str();
                sheet.set_merged(wb.merge_cells_by_sheet_name(name).map(rects).unwrap_or_default());
                // Formats only dress the annotated copy: a sheet whose styles cannot be read is
                // copied plain rather than not at all.
                sheet.styles = wb.worksheet_style(name).unwrap_or_default();
                sheet.formulas = wb.worksheet_formula(name).map(|r| formulas(&r)).unwrap_or_default();
            }
            Ok(sheets)
        }
        Format::Xls => {
            let mut wb = Xls::new(open()?).map_err(xls_error)?;
            let mut sheets = read_sheets(&mut wb, xls_error)?;
            for sheet in sheets.iter_mut() {
                let merged = wb.merge_cells_by_sheet_name(&sheet.name).map(rects).unwrap_or_default();
                sheet.set_merged(merged);
            }
            Ok(sheets)
        }
        Format::Xlsb => read_sheets(&mut Xlsb::new(open()?).map_err(other_error)?, other_error),
        Format::Ods => read_sheets(&mut Ods::new(open()?).map_err(other_error)?, other_error),
        Format::Text => Err(ReadError::Unsupported("text file given to the spreadsheet reader".into())),
    }
}

fn read_sheets<R, RS, E>(wb: &mut R, to_error: fn(E) -> ReadError) -> Result<Vec<Sheet>, ReadError>
where
    R: Reader<RS, Error = E>,
    RS: std::io::Read + std::io::Seek,
{
    let meta: Vec<_> =
        wb.sheets_metadata().iter().filter(|s| s.typ == calamine::SheetType::WorkSheet).cloned().collect();
    let mut sheets = Vec::with_capacity(meta.len());
    for m in meta {
        let range = wb.worksheet_range(&m.name).map_err(to_error)?;
        let mut sheet = Sheet::new(m.name.clone(), to_rows(&range));
        sheet.visibility = match m.visible {
            SheetVisible::Visible => Visibility::Visible,
            SheetVisible::Hidden => Visibility::Hidden,
            SheetVisible::VeryHidden => Visibility::VeryHidden,
        };
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Lays a calamine range out at absolute positions from A1.
fn to_rows(range: &calamine::Range<Data>) -> Vec<Vec<Value>> {
    let Some((row0, col0)) = range.start() else {
        return Vec::new();
    };
    let mut rows: Vec<Vec<Value>> = vec![Vec::new(); row0 as usize];
    for r in range.rows() {
        let mut row = vec![Value::Empty; col0 as usize];
        row.extend(r.iter().map(convert));
        rows.push(row);
    }
    super::trim_trailing_empty(&mut rows);
    rows
}

/// The non-empty formulas of a sheet at absolute positions.
fn formulas(range: &calamine::Range<String>) -> Vec<(u32, u32, String)> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, f)| (row0 + r as u32, col0 + c as u32, f.clone()))
        .collect()
}

fn convert(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => {
            // Through chrono so that 1904-system workbooks land on the same serials as 1900 ones.
            let serial = match d.as_datetime() {
                Some(dt) if d.is_datetime() => crate::parse::date::datetime_to_serial(dt),
                _ => d.as_f64(),
            };
            Value::Date(ExcelDate { serial, duration: !d.is_datetime() })
        }
        Data::DateTimeIso(s) => match crate::parse::date::iso_to_serial(s) {
            Some(serial) => Value::Date(ExcelDate { serial, duration: false }),
            None => Value::Text(s.clone()),
        },
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

fn rects(dims: Vec<Dimensions>) -> Vec<Rect> {
    dims.into_iter()
        .map(|d| Rect { first_row: d.start.0, first_col: d.start.1, last_row: d.end.0, last_col: d.end.1 })
        .collect()
}

fn xlsx_error(e: calamine::XlsxError) -> ReadError {
    match e {
        calamine::XlsxError::Password => ReadError::Encrypted,
        other => ReadError::Unreadable(other.to_string()),
    }
}

fn xls_error(e: calamine::XlsError) -> ReadError {
    match e {
        calamine::XlsError::Password => ReadError::Encrypted,
        other => {
            let text = other.to_string();
            // An encrypted .xlsx is an OLE container too; the xls reader finds no workbook stream in it.
            if text.contains("EncryptedPackage") || text.to_lowercase().contains("password") {
                ReadError::Encrypted
            } else {
                ReadError::Unreadable(text)
            }
        }
    }
}

fn other_error<E: std::fmt::Display>(e: E) -> ReadError {
    ReadError::Unreadable(e.to_string())
}
