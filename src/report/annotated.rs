//! The annotated copy of an input workbook: a first sheet listing what regcheck understood and
//! every finding with a link to its cell, then every original sheet with every value in the same
//! cell (merged ranges kept, hidden sheets still hidden, dates still dates), problem cells
//! filled by severity with a note saying what is wrong and what to do.

use super::messages::{self, render, severity_label};
use super::xlsx::{self, NumberStyle};
use crate::finding::{cell_name, Finding, Severity};
use crate::read::layout::Layout;
use crate::read::styles::CellStyles;
use crate::read::{Rect, Sheet, Value, Visibility};
use crate::Run;
use rust_xlsxwriter::{Color, Format, Formula, Note, Url, Workbook, Worksheet, XlsxError};
use std::collections::{BTreeMap, HashMap};

/// Builds the annotated copy of input `file`.
pub fn workbook(run: &Run, file: usize) -> Result<Workbook, XlsxError> {
    let lang = run.lang;
    let mut wb = xlsx::new_workbook(run.as_of);
    let Some(input) = run.files.get(file) else {
        return Ok(wb);
    };
    let Some(source) = &input.workbook else {
        return Ok(wb);
    };
    let findings: Vec<&Finding> = run.findings.iter().filter(|f| f.file == Some(file)).collect();

    let (sheet_names, findings_name) = sheet_names(source, lang);

    write_findings_sheet(wb.add_worksheet(), run, file, &findings, &findings_name, &sheet_names)?;
    for (index, (sheet, name)) in source.sheets.iter().zip(&sheet_names).enumerate() {
        let on_sheet: Vec<&Finding> =
            findings.iter().copied().filter(|f| f.sheet == Some(index) && f.cell.is_some()).collect();
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        write_sheet(ws, sheet, &on_sheet, run)?;
    }
    Ok(wb)
}

/// The names of the copy's sheets: each original sheet's (made valid for Excel, e.g. a long CSV
/// file name), and the findings sheet's, which yields if an original sheet already has it.
pub fn sheet_names(source: &crate::read::Workbook, lang: messages::Lang) -> (Vec<String>, String) {
    let mut taken: Vec<String> = Vec::new();
    let originals = source.sheets.iter().map(|s| xlsx::safe_sheet_name(&s.name, &mut taken)).collect();
    let findings = xlsx::safe_sheet_name(lang.pick("检查结果", "Findings"), &mut taken);
    (originals, findings)
}

/// The findings sheet: what each sheet was understood as, then one row per finding.
fn write_findings_sheet(
    ws: &mut Worksheet,
    run: &Run,
    file: usize,
    findings: &[&Finding],
    name: &str,
    sheet_names: &[String],
) -> Result<(), XlsxError> {
    let lang = run.lang;
    ws.set_name(name)?;
    ws.set_active(true);
    let bold = Format::new().set_bold();
    let input = &run.files[file];
    ws.write_string_with_format(
        0,
        0,
        format!("{} {}", lang.pick("检查文件：", "File checked:"), input.display()),
        &bold.clone().set_font_size(13),
    )?;
    ws.write_string(
        1,
        0,
        xlsx::cell_text(&format!("{} {} · {}", crate::GENERATOR, lang.pick("检查日期", "as of"), run.as_of)),
    )?;
    let mut row = 3;
    ws.write_string_with_format(row, 0, lang.pick("识别结果", "What regcheck understood"), &bold)?;
    row += 1;
    for (i, s) in input.sheets.iter().enumerate() {
        let what = match s.data_rows() {
            Some((a, b)) => match lang {
                messages::Lang::Zh => format!(
                    "{}：表头第 {} 行，数据第 {}–{} 行，{} 条记录",
                    messages::register_label(s.kind().as_str(), lang),
                    join(&s.header_rows()),
                    a,
                    b,
                    s.records
                ),
                messages::Lang::En => format!(
                    "{}: header on row {}, data on rows {}–{}, {} records",
                    messages::register_label(s.kind().as_str(), lang),
                    join(&s.header_rows()),
                    a,
                    b,
                    s.records
                ),
            },
            None => lang.pick("未找到登记表", "no register found").to_string(),
        };
        let target = sheet_names.get(i).cloned().unwrap_or_default();
        ws.write_url_with_text(row, 0, Url::new(xlsx::internal_link(&target, "A1")), &s.name)?;
        ws.write_string(row, 1, xlsx::cell_text(&what))?;
        row += 1;
        if !s.unknown_columns().is_empty() {
            let cols: Vec<String> = s.unknown_columns().iter().map(|(c, t)| format!("{t} ({c})")).collect();
            ws.write_string(
                row,
                1,
                xlsx::cell_text(&format!(
                    "{} {}",
                    lang.pick("未识别的列（已保留，未使用）：", "Columns kept but not used:"),
                    cols.join(", ")
                )),
            )?;
            row += 1;
        }
    }
    row += 1;

    let header_row = row;
    xlsx::write_table_header(
        ws,
        row,
        &[
            (lang.pick("严重程度", "Severity"), 12.0),
            (lang.pick("工作表", "Sheet"), 16.0),
            (lang.pick("单元格", "Cell"), 8.0),
            (lang.pick("教师", "Teacher"), 10.0),
            (lang.pick("问题代码", "Code"), 20.0),
            (lang.pick("说明", "Message"), 80.0),
            (lang.pick("说明（英文）", "Message (Chinese)"), 80.0),
        ],
    )?;
    if findings.is_empty() {
        ws.write_string(row + 1, 0, lang.pick("未发现问题。", "No problems found."))?;
    }
    for f in findings {
        row += 1;
        ws.write_string_with_format(row, 0, severity_label(f.severity, lang), &xlsx::severity_format(f.severity))?;
        let sheet = f.sheet.and_then(|s| sheet_names.get(s));
        if let Some(sheet) = sheet {
            ws.write_string(row, 1, xlsx::cell_text(sheet))?;
        }
        if let (Some(sheet), Some((r, c))) = (sheet, f.cell) {
            let cell = cell_name(r, c);
            ws.write_url_with_text(row, 2, Url::new(xlsx::internal_link(sheet, &cell)), &cell)?;
        }
        if let Some(t) = &f.teacher {
            ws.write_string(row, 3, xlsx::cell_text(t))?;
        }
        ws.write_string(row, 4, f.code.as_str())?;
        ws.write_string(row, 5, xlsx::cell_text(&render(f, lang, run)))?;
        ws.write_string(row, 6, xlsx::cell_text(&render(f, lang.other(), run)))?;
    }
    if !findings.is_empty() {
        ws.autofilter(header_row, 0, row, 6)?;
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    if findings.iter().any(|f| f.severity == Severity::Error) {
        ws.set_tab_color(Color::RGB(0xC00000));
    }
    Ok(())
}

fn join(rows: &[u32]) -> String {
    rows.iter().map(u32::to_string).collect::<Vec<_>>().join("、")
}

/// Formats for the original cells: the original's format where it is known, else a plain one,
/// with dates formatted as dates and problem cells filled by severity. Made once per combination
/// of palette entry, number style and fill; `None` is the default format.
struct Formats<'a> {
    styles: &'a CellStyles,
    cache: HashMap<(u32, NumberStyle, Option<Severity>), Option<Format>>,
}

impl<'a> Formats<'a> {
    fn new(styles: &'a CellStyles) -> Self {
        Formats { styles, cache: HashMap::new() }
    }

    /// The format for a value whose original format is palette entry `index` (if any).
    fn get(&mut self, index: Option<u32>, value: &Value, fill: Option<Severity>) -> Option<&Format> {
        let style = index.and_then(|i| self.styles.style(i)).filter(|s| !s.is_empty());
        let number = NumberStyle::of(value);
        let key = (style.and(index).unwrap_or(0), number, fill);
        self.cache
            .entry(key)
            .or_insert_with(|| {
                let mut f = style.map(xlsx::format_from_style).unwrap_or_default();
                if style.and_then(|s| s.number_format.as_ref()).is_none_or(|n| n.format_code == "General") {
                    f = number.apply(f);
                }
                if let Some(s) = fill {
                    f = f
                        .set_background_color(xlsx::severity_color(s))
                        .set_pattern(rust_xlsxwriter::FormatPattern::Solid);
                }
                (f != Format::default()).then_some(f)
            })
            .as_ref()
    }
}

/// One original sheet, every value in place, with fills and notes on problem cells. The sheet is
/// written strictly row by row (the copy's sheets are in constant-memory mode, so that a large
/// register's copy does not sit whole in memory): each row's merged ranges, then its values,
/// formatted blanks and problem cells.
fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, findings: &[&Finding], run: &Run) -> Result<(), XlsxError> {
    let mut by_cell: BTreeMap<(u32, u32), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        if let Some(cell) = f.cell {
            by_cell.entry(cell).or_default().push(f);
        }
    }
    let worst = |cell: (u32, u32)| by_cell.get(&cell).and_then(|fs| fs.iter().map(|f| f.severity).min());
    let mut merges: Vec<&Rect> = sheet.merged().iter().collect();
    merges.sort_by_key(|m| (m.first_row, m.first_col));
    let mut formats = Formats::new(&sheet.styles);
    let formulas: HashMap<(u32, u32), &str> = sheet.formulas.iter().map(|(r, c, f)| ((*r, *c), f.as_str())).collect();
    let mut widths: Vec<f64> = Vec::new();
    // Row heights and hidden rows go first: a row's are written with it.
    apply_layout(ws, sheet.layout.as_ref())?;

    let height = [
        sheet.height().checked_sub(1),
        sheet.styles.last_row(),
        merges.iter().map(|m| m.first_row).max(),
        by_cell.keys().map(|&(r, _)| r).max(),
    ]
    .into_iter()
    .flatten()
    .max()
    .map_or(0, |last| last + 1);
    let mut merge_at = 0;
    let mut columns: Vec<u32> = Vec::new();
    let mut styled: Vec<(u32, u32)> = Vec::new();
    // The last row a cell was written on (not counting merged blanks written ahead).
    let mut last_written = None;
    for r in 0..height {
        let cells = sheet.rows.get(r as usize).map(Vec::as_slice).unwrap_or(&[]);
        styled.clear();
        styled.extend(sheet.styles.row(r));
        let style_of = |c: u32| styled.binary_search_by_key(&c, |&(c, _)| c).ok().map(|i| styled[i].1);
        columns.clear();
        while let Some(m) = merges.get(merge_at).filter(|m| m.first_row == r) {
            merge_at += 1;
            columns.push(m.first_col);
            if m.first_row == m.last_row && m.first_col == m.last_col {
                continue;
            }
            let value = sheet.get(r, m.first_col);
            let format =
                formats.get(style_of(m.first_col), value, worst((r, m.first_col))).cloned().unwrap_or_default();
            // Merging writes an empty string; the value is written over it below. An overlapping
            // range Excel would reject keeps its cells and loses the merge.
            let _ = ws.merge_range(m.first_row, m.first_col as u16, m.last_row, m.last_col as u16, "", &format);
            last_written = Some(r);
        }
        columns.extend(cells.iter().enumerate().filter(|(_, v)| !matches!(v, Value::Empty)).map(|(c, _)| c as u32));
        columns.extend(styled.iter().map(|&(c, _)| c));
        columns.extend(by_cell.range((r, 0)..=(r, u32::MAX)).map(|(&(_, c), _)| c));
        columns.sort_unstable();
        columns.dedup();
        // A title or footer alone on its row spills over its neighbours; it sets no width.
        let alone = cells.iter().filter(|v| !v.is_empty()).count() == 1;
        for &c in &columns {
            let value = cells.get(c as usize).unwrap_or(&Value::Empty);
            let format = formats.get(style_of(c), value, worst((r, c)));
            if format.is_some() || !matches!(value, Value::Empty) {
                last_written = Some(r);
            }
            match formulas.get(&(r, c)) {
                // Formulas stay formulas (totals still add up), with the value Excel last showed.
                Some(f) => {
                    let formula = Formula::new(*f).set_result(value.display());
                    match format {
                        Some(format) => ws.write_formula_with_format(r, c as u16, formula, format)?,
                        None => ws.write_formula(r, c as u16, formula)?,
                    };
                }
                None => xlsx::write_value(ws, r, c as u16, value, format)?,
            }
            if r < 200 && sheet.layout.is_none() && !alone && !matches!(value, Value::Empty) {
                let in_merge = sheet.merge_at(r, c).is_some_and(|m| m.first_col != m.last_col);
                if !in_merge {
                    if widths.len() <= c as usize {
                        widths.resize(c as usize + 1, 0.0);
                    }
                    widths[c as usize] = widths[c as usize].max(xlsx::text_width(&value.display()));
                }
            }
        }
    }
    leave_rows_without_options(ws, sheet, last_written)?;
    for (&(r, c), fs) in &by_cell {
        let text = note_text(fs, run);
        let height = 40 + 18 * (text.chars().count() as u32 / 28 + text.lines().count() as u32);
        let note =
            Note::new(text).set_author("regcheck").add_author_prefix(false).set_width(360).set_height(height.min(600));
        ws.insert_note(r, c as u16, &note)?;
    }
    if sheet.layout.is_none() {
        xlsx::fit_columns(ws, &widths)?;
    }
    match sheet.visibility {
        Visibility::Visible => {}
        Visibility::Hidden => {
            ws.set_hidden(true);
        }
        Visibility::VeryHidden => {
            ws.set_very_hidden(true);
        }
    }
    Ok(())
}

/// Works around rust_xlsxwriter 0.102 in constant-memory mode, which writes the row it is on when
/// saving twice if that row has a height or is hidden — a duplicate row Excel reports as damage.
/// When the last written row has such options, an unformatted blank (which writes no cell) moves
/// the writer past every row with options and every merged range.
fn leave_rows_without_options(ws: &mut Worksheet, sheet: &Sheet, last_written: Option<u32>) -> Result<(), XlsxError> {
    let (Some(last), Some(layout)) = (last_written, sheet.layout.as_ref()) else { return Ok(()) };
    if !layout.rows.iter().any(|o| o.row == last) {
        return Ok(());
    }
    let options = layout.rows.iter().map(|o| o.row);
    let merges = sheet.merged().iter().map(|m| m.last_row);
    let past = options.chain(merges).fold(last, u32::max) + 1;
    if past < crate::read::MAX_ROWS {
        ws.write_blank(past, 0, &Format::default())?;
    }
    Ok(())
}

/// Gives the copy the original's column widths, hidden rows and columns, row heights and frozen
/// panes where the format tells them (otherwise columns are sized to fit their values).
fn apply_layout(ws: &mut Worksheet, layout: Option<&Layout>) -> Result<(), XlsxError> {
    let Some(layout) = layout else { return Ok(()) };
    for c in &layout.columns {
        if let Some(width) = c.width {
            ws.set_column_range_width(c.first, c.last, xlsx::width_from_stored(width))?;
        }
        if c.hidden {
            ws.set_column_range_hidden(c.first, c.last)?;
        }
    }
    for r in &layout.rows {
        if let Some(height) = r.height {
            ws.set_row_height(r.row, height)?;
        }
        if r.hidden {
            ws.set_row_hidden(r.row)?;
        }
    }
    if let Some((rows, cols)) = layout.freeze.filter(|f| *f != (0, 0)) {
        ws.set_freeze_panes(rows, cols)?;
    }
    Ok(())
}

/// A note: each finding in the chosen language, then in the other.
fn note_text(findings: &[&Finding], run: &Run) -> String {
    let lang = run.lang;
    let mut lines = Vec::new();
    for f in findings {
        lines.push(format!("【{}】{}", severity_label(f.severity, lang), render(f, lang, run)));
    }
    for f in findings {
        lines.push(format!("[{}] {}", severity_label(f.severity, lang.other()), render(f, lang.other(), run)));
    }
    lines.join("\n")
}
