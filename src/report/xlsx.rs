//! What every workbook regcheck writes shares: fixed metadata (byte-identical reruns), cell
//! values written back with their type (text always as text), fills by severity, safe sheet names.

use crate::finding::Severity;
use crate::read::Value;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

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

/// The most characters an Excel cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Text as an Excel cell can hold it: the first [`MAX_CELL_CHARS`] characters (regcheck reports
/// a longer cell as `text-too-long`).
pub fn cell_text(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &s[..end],
        None => s,
    }
}

/// Writes a value back with its type (text, number, boolean, date as a formatted serial), with
/// `format`, or without one for the default format (so that nothing is looked up per cell).
/// Text is always written as a string, never as a formula, whatever it starts with.
pub fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let text = |ws: &mut Worksheet, s: &str| match format {
        Some(f) => ws.write_string_with_format(row, col, s, f).map(|_| ()),
        None => ws.write_string(row, col, s).map(|_| ()),
    };
    let number = |ws: &mut Worksheet, n: f64| match format {
        Some(f) => ws.write_number_with_format(row, col, n, f).map(|_| ()),
        None => ws.write_number(row, col, n).map(|_| ()),
    };
    match value {
        Value::Empty => match format {
            Some(f) => ws.write_blank(row, col, f).map(|_| ()),
            None => Ok(()),
        },
        Value::Text(s) => text(ws, cell_text(s)),
        // An xlsx cannot store NaN or infinity; a damaged file's such number is kept as its text.
        Value::Number(n) if !n.is_finite() => text(ws, &n.to_string()),
        Value::Number(n) => number(ws, *n),
        Value::Bool(b) => match format {
            Some(f) => ws.write_boolean_with_format(row, col, *b, f).map(|_| ()),
            None => ws.write_boolean(row, col, *b).map(|_| ()),
        },
        Value::Date(d) if !d.serial.is_finite() => text(ws, &d.serial.to_string()),
        Value::Date(d) => number(ws, d.serial),
        Value::Error(e) => text(ws, cell_text(e)),
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
    // Excel reserves "History" (case-insensitively) for its change tracking.
    let cleaned = if cleaned.eq_ignore_ascii_case("history") { format!("{cleaned}_") } else { cleaned };
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

/// The width to give rust_xlsxwriter so that it stores `stored`, a width as found in an .xlsx
/// (which includes the cell padding of a 7-pixel default font): the inverse of its conversion.
pub fn width_from_stored(stored: f64) -> f64 {
    let pixels = (stored * 7.0).round();
    if pixels >= 12.0 {
        (pixels - 5.0) / 7.0
    } else {
        pixels / 12.0
    }
}

/// Sets each column's width to fit its widest cell (between 6 and 60).
pub fn fit_columns(ws: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, (w + 2.0).clamp(6.0, 60.0))?;
    }
    Ok(())
}

/// The rust_xlsxwriter format that reproduces a cell format calamine read from the original.
pub fn format_from_style(style: &calamine::Style) -> Format {
    use calamine::{BorderStyle, FillPattern, HorizontalAlignment as H, VerticalAlignment as V};
    use rust_xlsxwriter::{FormatAlign, FormatBorder, FormatUnderline};
    let rgb = |c: &calamine::Color| Color::RGB(c.to_argb() & 0x00FF_FFFF);
    let mut f = Format::new();
    if let Some(font) = &style.font {
        if let Some(name) = &font.name {
            f = f.set_font_name(name);
        }
        if let Some(size) = font.size {
            f = f.set_font_size(size);
        }
        if font.is_bold() {
            f = f.set_bold();
        }
        if font.is_italic() {
            f = f.set_italic();
        }
        if font.has_underline() {
            f = f.set_underline(FormatUnderline::Single);
        }
        if font.has_strikethrough() {
            f = f.set_font_strikethrough();
        }
        if let Some(c) = font.color.as_ref().filter(|c| !c.is_black()) {
            f = f.set_font_color(rgb(c));
        }
    }
    if let Some(fill) = style.fill.as_ref().filter(|fill| fill.pattern == FillPattern::Solid) {
        if let Some(c) = fill.get_color() {
            f = f.set_background_color(rgb(&c));
        }
    }
    if let Some(b) = &style.borders {
        let kind = |s: BorderStyle| match s {
            BorderStyle::Thin => Some(FormatBorder::Thin),
            BorderStyle::Medium => Some(FormatBorder::Medium),
            BorderStyle::Thick => Some(FormatBorder::Thick),
            BorderStyle::Double => Some(FormatBorder::Double),
            BorderStyle::Hair => Some(FormatBorder::Hair),
            BorderStyle::Dashed => Some(FormatBorder::Dashed),
            BorderStyle::Dotted => Some(FormatBorder::Dotted),
            BorderStyle::MediumDashed => Some(FormatBorder::MediumDashed),
            BorderStyle::DashDot => Some(FormatBorder::DashDot),
            BorderStyle::MediumDashDot => Some(FormatBorder::MediumDashDot),
            BorderStyle::DashDotDot => Some(FormatBorder::DashDotDot),
            BorderStyle::MediumDashDotDot => Some(FormatBorder::MediumDashDotDot),
            BorderStyle::SlantDashDot => Some(FormatBorder::SlantDashDot),
            _ => None,
        };
        if let Some(k) = kind(b.left.style) {
            f = f.set_border_left(k);
        }
        if let Some(k) = kind(b.right.style) {
            f = f.set_border_right(k);
        }
        if let Some(k) = kind(b.top.style) {
            f = f.set_border_top(k);
        }
        if let Some(k) = kind(b.bottom.style) {
            f = f.set_border_bottom(k);
        }
    }
    if let Some(a) = &style.alignment {
        let horizontal = match a.horizontal {
            H::Left => Some(FormatAlign::Left),
            H::Center => Some(FormatAlign::Center),
            H::CenterContinuous => Some(FormatAlign::CenterAcross),
            H::Right => Some(FormatAlign::Right),
            H::Justify => Some(FormatAlign::Justify),
            H::Distributed => Some(FormatAlign::Distributed),
            H::Fill => Some(FormatAlign::Fill),
            _ => None,
        };
        let vertical = match a.vertical {
            V::Top => Some(FormatAlign::Top),
            V::Center => Some(FormatAlign::VerticalCenter),
            V::Justify => Some(FormatAlign::VerticalJustify),
            V::Distributed => Some(FormatAlign::VerticalDistributed),
            _ => None,
        };
        for align in horizontal.into_iter().chain(vertical) {
            f = f.set_align(align);
        }
        if a.wrap_text {
            f = f.set_text_wrap();
        }
        if let Some(i) = a.indent.filter(|i| *i > 0) {
            f = f.set_indent(i);
        }
    }
    if let Some(n) = style.number_format.as_ref().filter(|n| !n.format_code.is_empty() && n.format_code != "General") {
        f = f.set_num_format(&n.format_code);
    }
    f
}

/// Writes a table's header row (bold, filled, bordered) and sets each column's width.
pub fn write_table_header(ws: &mut Worksheet, row: u32, columns: &[(&str, f64)]) -> Result<(), XlsxError> {
    let format = header_format();
    for (c, (label, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *label, &format)?;
        ws.set_column_width(c as u16, *width)?;
    }
    Ok(())
}

/// The fill a finding's severity is shown with, as a cell format.
pub fn severity_format(s: Severity) -> Format {
    Format::new().set_background_color(severity_color(s))
}

/// A bold header format with a light grey fill and border.
pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_text_wrap()
}
