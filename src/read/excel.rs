//! Spreadsheet files (.xlsx .xlsm .xlsb .xls .ods) through calamine, into the format-free model.

use super::limits::{CellBudget, Limits};
use super::styles::CellStyles;
use super::{ExcelDate, Format, ReadError, Rect, Sheet, Value, Visibility};
use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetVisible, Xls, Xlsb, Xlsx};
use std::io::BufReader;
use std::path::Path;

/// Reads every sheet, hidden ones included, with merged ranges where the format records them.
///
/// .xlsx and .xlsb sheets are read cell by cell and refused as soon as they reach past the
/// file's cell budget; .xls and .ods were measured before (see [`super::ole`] and
/// [`super::limits`]), since calamine lays their sheets out whole as it opens them.
pub fn read(path: &Path, format: Format, limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let open = || std::fs::File::open(path).map(BufReader::new).map_err(|e| ReadError::Unreadable(e.to_string()));
    let mut budget = CellBudget::new(limits);
    match format {
        Format::Xlsx => {
            let mut wb = Xlsx::new(open()?).map_err(xlsx_error)?;
            // Two passes over each sheet: calamine's for the values and formats, and one for
            // what its cell reader does not give (merges, layout, whether formulas exist).
            let mut parts = super::layout::read_xlsx(path);
            let mut sheets = Vec::new();
            let mut palette = None;
            for (name, visibility) in worksheets(&wb) {
                let (rows, styles) = xlsx_cells(&mut wb, &name, &mut budget, &mut palette)?;
                let mut sheet = sheet(name, visibility, rows);
                let part = parts.remove(&sheet.name).unwrap_or_default();
                budget.check_merges(&sheet.name, &part.merged)?;
                sheet.set_merged(part.merged);
                sheet.styles = styles;
                sheet.layout = Some(part.layout);
                if part.has_formulas {
                    sheet.formulas = wb.worksheet_formula(&sheet.name).map(|r| formulas(&r)).unwrap_or_default();
                }
                sheets.push(sheet);
            }
            Ok(sheets)
        }
        Format::Xls => {
            let mut wb = Xls::new(open()?).map_err(xls_error)?;
            let mut sheets = read_sheets(&mut wb, xls_error)?;
            for sheet in sheets.iter_mut() {
                let merged = wb.merge_cells_by_sheet_name(&sheet.name).map(rects).unwrap_or_default();
                budget.check_merges(&sheet.name, &merged)?;
                sheet.set_merged(merged);
            }
            Ok(sheets)
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(open()?).map_err(other_error)?;
            let mut sheets = Vec::new();
            for (name, visibility) in worksheets(&wb) {
                let mut reader = wb.worksheet_cells_reader(&name).map_err(other_error)?;
                let mut grid = Grid::default();
                while let Some(cell) = reader.next_cell().map_err(other_error)? {
                    grid.put(&name, cell.get_position(), cell.get_value(), &budget)?;
                }
                drop(reader);
                sheets.push(sheet(name, visibility, grid.finish(&mut budget)));
            }
            Ok(sheets)
        }
        Format::Ods => read_sheets(&mut Ods::new(open()?).map_err(other_error)?, other_error),
        Format::Text => Err(ReadError::Unsupported("text file given to the spreadsheet reader".into())),
    }
}

/// The worksheets of a workbook (not chart sheets), with their visibility, in workbook order.
fn worksheets<R, RS>(wb: &R) -> Vec<(String, Visibility)>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
{
    wb.sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|m| {
            let visibility = match m.visible {
                SheetVisible::Visible => Visibility::Visible,
                SheetVisible::Hidden => Visibility::Hidden,
                SheetVisible::VeryHidden => Visibility::VeryHidden,
            };
            (m.name.clone(), visibility)
        })
        .collect()
}

fn sheet(name: String, visibility: Visibility, rows: Vec<Vec<Value>>) -> Sheet {
    let mut sheet = Sheet::new(name, rows);
    sheet.visibility = visibility;
    sheet
}

/// An .xlsx sheet's cells and their formats, streamed in one pass. `palette` is the workbook's
/// palette of formats, taken from the first sheet's reader and shared by the others.
fn xlsx_cells<RS: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<RS>,
    name: &str,
    budget: &mut CellBudget,
    palette: &mut Option<std::sync::Arc<[calamine::Style]>>,
) -> Result<(Vec<Vec<Value>>, CellStyles), ReadError> {
    let mut reader = match wb.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok((Vec::new(), CellStyles::default())),
        Err(e) => return Err(xlsx_error(e)),
    };
    let palette = palette.get_or_insert_with(|| reader.styles().into()).clone();
    let mut styles = CellStyles::new(palette);
    let mut grid = Grid::default();
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(xlsx_error)? {
        let (r, c) = cell.get_position();
        grid.put(name, (r, c), cell.get_value(), budget)?;
        styles.push(r, c, style);
    }
    Ok((grid.finish(budget), styles.finish()))
}

/// A sheet being filled cell by cell, checked against the budget as it grows.
#[derive(Default)]
struct Grid {
    rows: Vec<Vec<Value>>,
    /// The last row and column any cell (even an empty one) was seen at.
    extent: Option<(u32, u32)>,
}

impl Grid {
    fn put(&mut self, sheet: &str, (r, c): (u32, u32), value: &DataRef, budget: &CellBudget) -> Result<(), ReadError> {
        let (r0, c0) = self.extent.unwrap_or((0, 0));
        if self.extent.is_none() || r > r0 || c > c0 {
            let now = (r0.max(r), c0.max(c));
            budget.check(sheet, now.0, now.1)?;
            self.extent = Some(now);
        }
        let value = convert(Data::from(value.clone()));
        if matches!(value, Value::Empty) {
            return Ok(());
        }
        let (r, c) = (r as usize, c as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            row.resize(c + 1, Value::Empty);
        }
        row[c] = value;
        Ok(())
    }

    fn finish(mut self, budget: &mut CellBudget) -> Vec<Vec<Value>> {
        if let Some((r, c)) = self.extent {
            budget.spend(r as u64 + 1, c as u64 + 1);
        }
        super::trim_trailing_empty(&mut self.rows);
        self.rows
    }
}

fn read_sheets<R, RS, E>(wb: &mut R, to_error: fn(E) -> ReadError) -> Result<Vec<Sheet>, ReadError>
where
    R: Reader<RS, Error = E>,
    RS: std::io::Read + std::io::Seek,
{
    let mut sheets = Vec::new();
    for (name, visibility) in worksheets(wb) {
        let range = wb.worksheet_range(&name).map_err(to_error)?;
        sheets.push(sheet(name, visibility, to_rows(&range)));
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
        row.extend(r.iter().cloned().map(convert));
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

fn convert(data: Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s),
        Data::Int(i) => Value::Number(i as f64),
        Data::Float(f) => Value::Number(f),
        Data::Bool(b) => Value::Bool(b),
        Data::DateTime(d) => {
            // Through chrono so that 1904-system workbooks land on the same serials as 1900 ones.
            let serial = match d.as_datetime() {
                Some(dt) if d.is_datetime() => crate::parse::date::datetime_to_serial(dt),
                _ => d.as_f64(),
            };
            Value::Date(ExcelDate { serial, duration: !d.is_datetime() })
        }
        Data::DateTimeIso(s) => match crate::parse::date::iso_to_serial(&s) {
            Some(serial) => Value::Date(ExcelDate { serial, duration: false }),
            None => Value::Text(s),
        },
        Data::DurationIso(s) => Value::Text(s),
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
