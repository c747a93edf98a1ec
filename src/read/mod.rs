//! Read: files in, format-free [`Workbook`]s out.
//!
//! This stage knows file formats and nothing about schools. Spreadsheets go through
//! calamine ([`excel`]), text files through the csv crate with encoding detection ([`text`]).
//! A file that cannot be read becomes a [`ReadError`] that the pipeline turns into a finding;
//! the run goes on with the other files.

pub mod excel;
pub mod guard;
pub mod inputs;
pub mod layout;
pub mod limits;
pub mod ole;
pub mod styles;
pub mod tags;
pub mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One cell value, independent of the file format it came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// An Excel date/time cell: serial days since 1899-12-30 (1900 date system).
    Date(ExcelDate),
    /// A formula error such as `#DIV/0!`, kept as Excel showed it.
    Error(String),
}

/// A date, time or date-time cell as Excel stores it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExcelDate {
    /// Days since 1899-12-30; the fraction is the time of day.
    pub serial: f64,
    /// A duration (`[h]:mm`) rather than a point in time.
    pub duration: bool,
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as a person would read it in the cell (dates as yyyy-mm-dd).
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => match crate::parse::date::serial_to_datetime(d.serial) {
                Some(dt) if d.serial.fract() == 0.0 => dt.format("%Y-%m-%d").to_string(),
                Some(dt) if d.serial < 1.0 => dt.format("%H:%M").to_string(),
                Some(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
                None => format_number(d.serial),
            },
            Value::Error(e) => e.clone(),
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Formats a number the way a spreadsheet shows it by default: no trailing `.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() >= 1e15 && n.abs() < 1e20 {
        // Excel keeps 15 significant digits; show the number as it holds it, not float noise.
        let digits = format!("{}", n.abs() as u128);
        let kept: String = digits.chars().enumerate().map(|(i, c)| if i < 15 { c } else { '0' }).collect();
        return if n < 0.0 { format!("-{kept}") } else { kept };
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{:.6}", n);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Drops empty cells at the end of each row and empty rows at the end of a sheet.
fn trim_trailing_empty(rows: &mut Vec<Vec<Value>>) {
    for row in rows.iter_mut() {
        while row.last().is_some_and(|v| matches!(v, Value::Empty)) {
            row.pop();
        }
    }
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
}

#[cfg(test)]
impl Sheet {
    /// A sheet of text cells, for unit tests (`""` is an empty cell).
    pub fn from_texts(rows: &[&[&str]]) -> Sheet {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|s| if s.is_empty() { Value::Empty } else { Value::Text(s.to_string()) }).collect())
            .collect();
        Sheet::new("Sheet1", rows)
    }
}

/// Whether a sheet is shown in the spreadsheet program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Visible,
    Hidden,
    VeryHidden,
}

/// A rectangle of cells, 0-based and inclusive, as used for merged ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Rect {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row) && (self.first_col..=self.last_col).contains(&col)
    }
}

/// One worksheet: its cells (absolute 0-based positions), merged ranges and visibility.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub visibility: Visibility,
    /// `rows[r][c]`, absolute positions from A1; rows may have different lengths.
    pub rows: Vec<Vec<Value>>,
    /// The length of the longest row, counted once.
    width: u32,
    merged: Vec<Rect>,
    /// For each row with data, the merged ranges that cover it (indices into `merged`), so that
    /// looking up a cell does not scan every range.
    merges_by_row: HashMap<u32, Vec<usize>>,
    /// Cell formats (fonts, fills, borders, alignment, number formats) where the format records
    /// them (xlsx), so that the annotated copy looks like the original. Empty otherwise.
    pub styles: styles::CellStyles,
    /// Formulas by cell (0-based row, column, text without `=`) where the format keeps them
    /// verbatim (xlsx); `rows` holds their cached values.
    pub formulas: Vec<(u32, u32, String)>,
    /// Column widths, hidden rows and columns, row heights and frozen panes, where the format
    /// tells them (xlsx); `None` otherwise.
    pub layout: Option<layout::Layout>,
}

static EMPTY: Value = Value::Empty;

impl Sheet {
    pub fn new(name: impl Into<String>, rows: Vec<Vec<Value>>) -> Sheet {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
        Sheet {
            name: name.into(),
            visibility: Visibility::Visible,
            width,
            rows,
            merged: Vec::new(),
            merges_by_row: HashMap::new(),
            styles: styles::CellStyles::default(),
            formulas: Vec::new(),
            layout: None,
        }
    }

    /// The value at a position; `Empty` outside the used area.
    pub fn get(&self, row: u32, col: u32) -> &Value {
        self.rows.get(row as usize).and_then(|r| r.get(col as usize)).unwrap_or(&EMPTY)
    }

    /// The value a person sees at a position: inside a merged range, the value of its top-left cell.
    pub fn get_merged(&self, row: u32, col: u32) -> &Value {
        let (r, c) = self.origin(row, col);
        self.get(r, c)
    }

    /// The cell that holds the value a person sees at a position: the top-left cell of a merged
    /// range when the position is an empty part of one, else the position itself.
    pub fn origin(&self, row: u32, col: u32) -> (u32, u32) {
        match self.merge_at(row, col) {
            Some(m) if self.get(row, col).is_empty() => (m.first_row, m.first_col),
            _ => (row, col),
        }
    }

    /// The merged range covering a cell, if any (rows past the data are not indexed).
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Rect> {
        let ranges = self.merges_by_row.get(&row)?;
        ranges.iter().filter_map(|i| self.merged.get(*i)).find(|m| m.contains(row, col))
    }

    pub fn merged(&self) -> &[Rect] {
        &self.merged
    }

    /// Sets the merged ranges and indexes them by the data rows they cover.
    pub fn set_merged(&mut self, merged: Vec<Rect>) {
        let mut by_row: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, m) in merged.iter().enumerate() {
            for row in m.first_row..=m.last_row.min(self.height()) {
                by_row.entry(row).or_default().push(i);
            }
        }
        self.merges_by_row = by_row;
        self.merged = merged;
    }

    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    pub fn width(&self) -> u32 {
        self.width
    }
}

/// The file formats regcheck reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Text,
}

/// A whole input file, format-free.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The path as the user gave it (or as found under a folder the user gave).
    pub path: PathBuf,
    pub format: Format,
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    /// The path as shown in findings and the report.
    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }
}

/// Why a file could not be read. Each maps to one file-level finding code.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ReadError {
    #[error("the file is password-protected or encrypted")]
    Encrypted,
    #[error("not a spreadsheet regcheck can read ({0})")]
    Unsupported(String),
    #[error("the file cannot be read: {0}")]
    Unreadable(String),
    /// Past one of the [`limits::Limits`]: why, in English and in Chinese.
    #[error("the file is too large to read: {en}")]
    TooLarge { en: String, zh: String },
}

impl ReadError {
    /// The reason alone, for messages that say "cannot be read" themselves.
    pub fn reason(&self) -> String {
        match self {
            ReadError::Encrypted => "encrypted".into(),
            ReadError::Unsupported(r) | ReadError::Unreadable(r) => r.clone(),
            ReadError::TooLarge { en, .. } => en.clone(),
        }
    }
}

/// Reads one file within the default [`limits::Limits`].
pub fn read_file(path: &Path) -> Result<Workbook, ReadError> {
    read_file_with(path, &limits::Limits::default())
}

/// Reads one file, choosing the reader by the file's content first and its extension second,
/// within `limits`. Never panics: a panic in a reader becomes [`ReadError::Unreadable`].
pub fn read_file_with(path: &Path, limits: &limits::Limits) -> Result<Workbook, ReadError> {
    guard::quietly(|| {
        let format = detect_format(path, limits)?;
        let sheets = match format {
            Format::Text => text::read(path, limits)?,
            _ => excel::read(path, format, limits)?,
        };
        inside_the_grid(&sheets)?;
        Ok(Workbook { path: path.to_path_buf(), format, sheets })
    })
    .unwrap_or_else(|_| Err(ReadError::Unreadable("the file is damaged (the reader gave up)".into())))
}

/// The most rows and columns a worksheet has (Excel 2007 and later).
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLUMNS: u32 = 16_384;

/// Refuses a workbook with a cell outside Excel's grid (a damaged .xls record can name column
/// 40,000): no spreadsheet program could show it, and its annotated copy could not hold it.
fn inside_the_grid(sheets: &[Sheet]) -> Result<(), ReadError> {
    for s in sheets {
        if s.height() > MAX_ROWS || s.width() > MAX_COLUMNS {
            return Err(ReadError::Unreadable(format!(
                "the file is damaged: sheet \"{}\" has a cell outside the {MAX_ROWS} rows × {MAX_COLUMNS} columns a sheet can have (row {}, column {})",
                s.name,
                s.height(),
                s.width()
            )));
        }
    }
    Ok(())
}

/// Decides the format from the content (a renamed file is read as what it is, a .docx renamed
/// .xlsx is said to be one), and checks the file against the limits before any reader opens it.
fn detect_format(path: &Path, limits: &limits::Limits) -> Result<Format, ReadError> {
    use std::io::Read;
    let mut head = [0u8; 8];
    let mut file = std::fs::File::open(path).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let n = file.read(&mut head).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    drop(file);
    let head = &head[..n];
    let ext = inputs::extension(path);
    if n == 0 {
        return Err(ReadError::Unreadable("the file is empty".into()));
    }
    if size > limits.max_unzipped {
        let mb = limits.max_unzipped >> 20;
        return Err(limits::too_large(
            format!("it is larger than {mb} MB; the limit is max_unzipped_mb in [limits]"),
            format!("文件大于 {mb} MB（上限见规则文件 [limits] 的 max_unzipped_mb）"),
        ));
    }
    if head.starts_with(b"PK\x03\x04") {
        let format = zip_format(path, &ext)?;
        limits::check_zip(path, limits)?;
        if format == Format::Ods {
            limits::check_ods(path, limits)?;
        }
        return Ok(format);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE container: a legacy .xls, or an encrypted OOXML workbook.
        ole::check(path, limits)?;
        return Ok(Format::Xls);
    }
    match ext.as_str() {
        "csv" | "txt" | "tsv" => Ok(Format::Text),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Err(ReadError::Unreadable(format!(
            "the file ends in .{ext} but its content is not a spreadsheet (damaged, or another kind of file renamed)"
        ))),
        _ => Err(ReadError::Unsupported(format!(".{ext} files are not registers"))),
    }
}

/// Which kind of zip package a file is, by the parts it holds; the extension only decides when
/// the parts do not (a damaged package).
fn zip_format(path: &Path, ext: &str) -> Result<Format, ReadError> {
    let by_ext = match ext {
        "ods" => Format::Ods,
        "xlsb" => Format::Xlsb,
        _ => Format::Xlsx,
    };
    let Ok(zip) = std::fs::File::open(path).map_err(|_| ()).and_then(|f| zip::ZipArchive::new(f).map_err(|_| ()))
    else {
        return Ok(by_ext);
    };
    let has = |name: &str| zip.file_names().any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)));
    if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("content.xml") && has("mimetype") {
        Ok(Format::Ods)
    } else if has("word/document.xml") {
        Err(ReadError::Unsupported("a Word document (.docx), not a spreadsheet".into()))
    } else if has("ppt/presentation.xml") {
        Err(ReadError::Unsupported("a PowerPoint presentation (.pptx), not a spreadsheet".into()))
    } else {
        Ok(by_ext)
    }
}
