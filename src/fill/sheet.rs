//! A worksheet part (`xl/worksheets/sheetN.xml`) as the filling needs it: the rows and cells of
//! `<sheetData>` as a small model, and around them the rest of the part kept as its original
//! bytes, except the few elements that name cells (dimension, merges, conditional formats,
//! data validations, hyperlinks, page breaks, selections) which can be moved when rows are
//! inserted.

use super::refs::{grow_formula, grow_sqref, CellRef, Growth, Rect};
use super::xml::{self, Kind, Token};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub attrs: Vec<(String, String)>,
    pub text: String,
}

/// One `<c>`: its column (0-based), attributes other than `r` (style `s`, type `t` …), formula,
/// value text and any other children (`<is>`, `<extLst>`) as raw XML.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub col: u32,
    pub attrs: Vec<(String, String)>,
    pub formula: Option<Formula>,
    pub value: Option<String>,
    pub rest: String,
}

impl Cell {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The style index (`s`), 0 when absent.
    pub fn style(&self) -> u32 {
        self.attr("s").and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    /// Whether the cell holds nothing (it may still have a style).
    pub fn is_blank(&self) -> bool {
        self.formula.is_none() && self.value.as_deref().is_none_or(str::is_empty) && !self.rest.contains("<is")
    }

    /// The cell's text if it is a string: shared (`t="s"`, looked up in `sst`) or inline.
    pub fn text(&self, sst: &[String]) -> Option<String> {
        match self.attr("t") {
            Some("s") => {
                self.value.as_deref().and_then(|v| v.trim().parse::<usize>().ok()).and_then(|i| sst.get(i)).cloned()
            }
            Some("inlineStr") => {
                let toks = xml::tokens(self.rest.as_bytes()).ok()?;
                let open = toks.iter().position(|t| t.kind == Kind::Start && t.local() == "is")?;
                Some(xml::t_text(self.rest.as_bytes(), &toks, open))
            }
            _ => None,
        }
    }

    /// Makes the cell an inline string, keeping its style.
    pub fn set_text(&mut self, text: &str) {
        self.clear();
        xml::set_attr(&mut self.attrs, "t", "inlineStr");
        let space = if text.trim() != text { " xml:space=\"preserve\"" } else { "" };
        self.rest = format!("<is><t{space}>{}</t></is>", xml::escape_text(text));
    }

    pub fn set_number(&mut self, n: f64) {
        self.clear();
        self.value = Some(format!("{n}"));
    }

    /// Removes value and formula, keeping the style.
    pub fn clear(&mut self) {
        xml::remove_attr(&mut self.attrs, "t");
        self.formula = None;
        self.value = None;
        self.rest.clear();
    }

    fn write(&self, row: u32, out: &mut String) {
        let mut attrs = vec![("r".to_string(), format!("{}{row}", crate::finding::column_name(self.col)))];
        attrs.extend(self.attrs.iter().cloned());
        if self.formula.is_none() && self.value.is_none() && self.rest.is_empty() {
            out.push_str(&xml::start_tag("c", &attrs, true));
            return;
        }
        out.push_str(&xml::start_tag("c", &attrs, false));
        if let Some(f) = &self.formula {
            if f.text.is_empty() {
                out.push_str(&xml::start_tag("f", &f.attrs, true));
            } else {
                out.push_str(&xml::start_tag("f", &f.attrs, false));
                out.push_str(&xml::escape_text(&f.text));
                out.push_str("</f>");
            }
        }
        if let Some(v) = &self.value {
            out.push_str(&format!("<v>{}</v>", xml::escape_text(v)));
        }
        out.push_str(&self.rest);
        out.push_str("</c>");
    }
}

/// One `<row>`: 1-based number, attributes other than `r` (height, style …), cells by column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub r: u32,
    pub attrs: Vec<(String, String)>,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, col: u32) -> Option<&Cell> {
        self.cells.iter().find(|c| c.col == col)
    }

    /// The cell at `col`, created (unstyled) if missing, cells kept in column order.
    pub fn cell_mut(&mut self, col: u32) -> &mut Cell {
        let at = match self.cells.binary_search_by_key(&col, |c| c.col) {
            Ok(i) => i,
            Err(i) => {
                let cell = Cell { col, attrs: Vec::new(), formula: None, value: None, rest: String::new() };
                self.cells.insert(i, cell);
                i
            }
        };
        &mut self.cells[at]
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// A piece of the part outside `<sheetData>`.
#[derive(Debug, Clone)]
enum Piece {
    /// Original bytes, copied as they are.
    Raw(Range<usize>),
    /// Bytes the original did not have.
    Bytes(String),
    /// An element that names cells; written back from `attrs` when changed.
    Tag { name: String, attrs: Vec<(String, String)>, empty: bool, parent: String, raw: Option<Range<usize>> },
    /// The text of a formula or sqref element; `raw` while unchanged.
    Text { owner: String, text: String, raw: Option<Range<usize>> },
    /// Where the rows go.
    Rows,
}

/// Elements whose attributes name cells.
const CELL_TAGS: &[&str] = &[
    "dimension",
    "pane",
    "selection",
    "mergeCells",
    "mergeCell",
    "conditionalFormatting",
    "dataValidation",
    "hyperlink",
    "autoFilter",
    "brk",
    "ignoredError",
    "protectedRange",
];
/// Elements whose text is a formula or a list of cells (`xm:f`, `xm:sqref` in extensions).
const TEXT_TAGS: &[&str] = &["formula", "formula1", "formula2", "f", "sqref"];

#[derive(Debug, Clone)]
pub struct Sheet {
    src: Vec<u8>,
    pieces: Vec<Piece>,
    pub rows: Vec<Row>,
}

impl Sheet {
    pub fn parse(src: Vec<u8>) -> Result<Sheet, String> {
        let toks = xml::tokens(&src)?;
        let data = toks
            .iter()
            .position(|t| matches!(t.kind, Kind::Start | Kind::Empty) && t.local() == "sheetData")
            .ok_or("no <sheetData>")?;
        let data_end = xml::matching_end(&toks, data);
        let mut pieces = Vec::new();
        around(&src, &toks, 0..data, &mut pieces);
        if toks[data].kind == Kind::Empty {
            let name = &toks[data].name;
            pieces.push(Piece::Bytes(format!("<{name}>")));
            pieces.push(Piece::Rows);
            pieces.push(Piece::Bytes(format!("</{name}>")));
            around(&src, &toks, data + 1..toks.len(), &mut pieces);
            return Ok(Sheet { src, pieces, rows: Vec::new() });
        }
        pieces.push(Piece::Raw(toks[data].span.clone()));
        pieces.push(Piece::Rows);
        pieces.push(Piece::Raw(toks[data_end].span.clone()));
        around(&src, &toks, data_end + 1..toks.len(), &mut pieces);
        let rows = rows(&src, &toks[data + 1..data_end])?;
        Ok(Sheet { src, pieces, rows })
    }

    /// The part's bytes.
    pub fn to_xml(&self) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::with_capacity(self.src.len() + 1024);
        let merges = self.merges().len();
        for piece in &self.pieces {
            match piece {
                Piece::Raw(r) => out.extend_from_slice(&self.src[r.clone()]),
                Piece::Bytes(b) => out.extend_from_slice(b.as_bytes()),
                Piece::Tag { name, attrs, empty, raw, .. } => {
                    let is_merges = local(name) == "mergeCells";
                    match raw {
                        Some(r) if !(is_merges && count_changed(attrs, merges)) => {
                            out.extend_from_slice(&self.src[r.clone()])
                        }
                        _ => {
                            let mut attrs = attrs.clone();
                            if is_merges && attrs.iter().any(|(k, _)| k == "count") {
                                xml::set_attr(&mut attrs, "count", merges.to_string());
                            }
                            out.extend_from_slice(xml::start_tag(name, &attrs, *empty).as_bytes());
                        }
                    }
                }
                Piece::Text { raw: Some(r), .. } => out.extend_from_slice(&self.src[r.clone()]),
                Piece::Text { text, .. } => out.extend_from_slice(xml::escape_text(text).as_bytes()),
                Piece::Rows => {
                    let mut s = String::new();
                    for row in &self.rows {
                        let mut attrs = vec![("r".to_string(), row.r.to_string())];
                        attrs.extend(row.attrs.iter().cloned());
                        if row.cells.is_empty() {
                            s.push_str(&xml::start_tag("row", &attrs, true));
                            continue;
                        }
                        s.push_str(&xml::start_tag("row", &attrs, false));
                        for c in &row.cells {
                            c.write(row.r, &mut s);
                        }
                        s.push_str("</row>");
                    }
                    out.extend_from_slice(s.as_bytes());
                }
            }
        }
        out
    }

    pub fn row(&self, r: u32) -> Option<&Row> {
        self.rows.binary_search_by_key(&r, |row| row.r).ok().map(|i| &self.rows[i])
    }

    /// The row `r`, created with `attrs` if missing, rows kept in order.
    pub fn row_mut(&mut self, r: u32, attrs: &[(String, String)]) -> &mut Row {
        let at = match self.rows.binary_search_by_key(&r, |row| row.r) {
            Ok(i) => i,
            Err(i) => {
                self.rows.insert(i, Row { r, attrs: attrs.to_vec(), cells: Vec::new() });
                i
            }
        };
        &mut self.rows[at]
    }

    /// Every cell with a formula: (row, col, formula text).
    pub fn formulas(&self) -> impl Iterator<Item = (u32, u32, &str)> {
        self.rows
            .iter()
            .flat_map(|r| r.cells.iter().filter_map(move |c| Some((r.r, c.col, c.formula.as_ref()?.text.as_str()))))
    }

    /// The merged ranges.
    pub fn merges(&self) -> Vec<Rect> {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Tag { name, attrs, .. } if local(name) == "mergeCell" => {
                    attrs.iter().find(|(k, _)| k == "ref").and_then(|(_, v)| Rect::parse(v))
                }
                _ => None,
            })
            .collect()
    }

    /// Adds merged ranges after the last existing one (there is one: copies are only made of
    /// merges found on the sheet).
    pub fn add_merges(&mut self, rects: &[Rect]) {
        let Some(last) =
            self.pieces.iter().rposition(|p| matches!(p, Piece::Tag { name, .. } if local(name) == "mergeCell"))
        else {
            return;
        };
        let (name, parent) = match &self.pieces[last] {
            Piece::Tag { name, parent, .. } => (name.clone(), parent.clone()),
            _ => return,
        };
        for (i, r) in rects.iter().enumerate() {
            let tag = Piece::Tag {
                name: name.clone(),
                attrs: vec![("ref".to_string(), r.a1())],
                empty: true,
                parent: parent.clone(),
                raw: None,
            };
            self.pieces.insert(last + 1 + i, tag);
        }
    }

    /// Moves and stretches everything on this sheet (named `name`) for a growth of its own rows.
    pub fn grow(&mut self, g: &Growth, name: &str) {
        for row in &mut self.rows {
            row.r = g.row(row.r);
            for cell in &mut row.cells {
                if let Some(f) = &mut cell.formula {
                    f.text = grow_formula(&f.text, name, g);
                    if let Some((_, v)) = f.attrs.iter_mut().find(|(k, _)| k == "ref") {
                        if let Some(r) = Rect::parse(v) {
                            *v = r.grown(g).a1();
                        }
                    }
                }
            }
        }
        for piece in &mut self.pieces {
            match piece {
                Piece::Tag { name: tag, attrs, parent, raw, .. } => {
                    let before = attrs.clone();
                    grow_tag(local(tag), parent, attrs, g);
                    if *attrs != before {
                        *raw = None;
                    }
                }
                Piece::Text { owner, text, raw } => {
                    let new = if owner == "sqref" { grow_sqref(text, g) } else { grow_formula(text, name, g) };
                    if new != *text {
                        *text = new;
                        *raw = None;
                    }
                }
                _ => {}
            }
        }
    }

    /// Moves references to another sheet's grown rows in this sheet's formulas; says whether
    /// anything changed.
    pub fn grow_other(&mut self, g: &Growth, name: &str) -> bool {
        let mut changed = false;
        for cell in self.rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
            if let Some(f) = &mut cell.formula {
                let new = grow_formula(&f.text, name, g);
                if new != f.text {
                    f.text = new;
                    changed = true;
                }
            }
        }
        for piece in &mut self.pieces {
            if let Piece::Text { owner, text, raw } = piece {
                if owner != "sqref" {
                    let new = grow_formula(text, name, g);
                    if new != *text {
                        *text = new;
                        *raw = None;
                        changed = true;
                    }
                }
            }
        }
        changed
    }

    /// Drops the cached results of formulas, so that a program that does not recalculate on
    /// load computes them rather than showing the template's stale totals.
    pub fn drop_cached_results(&mut self) {
        for cell in self.rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
            if cell.formula.is_some() {
                cell.value = None;
                xml::remove_attr(&mut cell.attrs, "t");
            }
        }
    }
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn count_changed(attrs: &[(String, String)], merges: usize) -> bool {
    attrs.iter().any(|(k, v)| k == "count" && v.parse::<usize>().ok() != Some(merges))
}

/// Moves the cell-naming attributes of one element.
fn grow_tag(tag: &str, parent: &str, attrs: &mut [(String, String)], g: &Growth) {
    for (k, v) in attrs.iter_mut() {
        let new = match (tag, k.as_str()) {
            ("dimension" | "autoFilter", "ref") => Rect::parse(v).map(|r| r.grown(g).a1()),
            ("mergeCell", "ref") => Rect::parse(v).map(|r| {
                // Merges inside the block belong to its rows; others move or stretch.
                if r.first.row >= g.first && r.last.row <= g.last { r } else { r.grown(g) }.a1()
            }),
            ("hyperlink", "ref") => Rect::parse(v).map(|r| {
                let (a, b) = (g.row(r.first.row), g.row(r.last.row));
                Rect { first: CellRef { row: a, ..r.first }, last: CellRef { row: b, ..r.last } }.a1()
            }),
            ("pane", "topLeftCell") | ("selection", "activeCell") => {
                CellRef::parse(v).map(|c| CellRef { row: g.row(c.row), ..c }.a1())
            }
            ("selection" | "conditionalFormatting" | "dataValidation" | "ignoredError" | "protectedRange", "sqref") => {
                Some(grow_sqref(v, g))
            }
            ("brk", "id") if parent == "rowBreaks" => {
                v.parse::<u32>().ok().map(|id| if id >= g.last { id + g.delta } else { id }.to_string())
            }
            _ => None,
        };
        if let Some(new) = new {
            *v = new;
        }
    }
}

/// Splits the tokens outside `<sheetData>` into raw bytes and the pieces that can move.
fn around(src: &[u8], toks: &[Token], range: Range<usize>, out: &mut Vec<Piece>) {
    let mut stack: Vec<String> = Vec::new();
    let mut raw_from: Option<usize> = None;
    let flush = |out: &mut Vec<Piece>, from: &mut Option<usize>, to: usize| {
        if let Some(f) = from.take() {
            if f < to {
                out.push(Piece::Raw(f..to));
            }
        }
    };
    let mut i = range.start;
    while i < range.end {
        let t = &toks[i];
        let parent = stack.last().cloned().unwrap_or_default();
        match t.kind {
            Kind::Start | Kind::Empty if CELL_TAGS.contains(&t.local()) => {
                flush(out, &mut raw_from, t.span.start);
                out.push(Piece::Tag {
                    name: t.name.clone(),
                    attrs: t.attrs.clone(),
                    empty: t.kind == Kind::Empty,
                    parent,
                    raw: Some(t.span.clone()),
                });
                if t.kind == Kind::Start {
                    stack.push(t.local().to_string());
                }
            }
            Kind::Start if TEXT_TAGS.contains(&t.local()) => {
                let close = xml::matching_end(toks, i).min(range.end.saturating_sub(1));
                flush(out, &mut raw_from, t.span.start);
                out.push(Piece::Raw(t.span.clone()));
                let inner = t.span.end..toks[close].span.start;
                out.push(Piece::Text {
                    owner: t.local().to_string(),
                    text: xml::inner_text(src, toks, i),
                    raw: Some(inner),
                });
                out.push(Piece::Raw(toks[close].span.clone()));
                i = close + 1;
                continue;
            }
            _ => {
                if raw_from.is_none() {
                    raw_from = Some(t.span.start);
                }
                match t.kind {
                    Kind::Start => stack.push(t.local().to_string()),
                    Kind::End => {
                        stack.pop();
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    let end = if range.end > range.start { toks[range.end - 1].span.end } else { 0 };
    flush(out, &mut raw_from, end);
}

/// The rows of `<sheetData>`.
fn rows(src: &[u8], toks: &[Token]) -> Result<Vec<Row>, String> {
    let mut rows: Vec<Row> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if !(matches!(t.kind, Kind::Start | Kind::Empty) && t.local() == "row") {
            i += 1;
            continue;
        }
        let r = match t.attr("r").and_then(|v| v.parse::<u32>().ok()) {
            Some(r) => r,
            None => rows.last().map_or(1, |p| p.r + 1),
        };
        let attrs = t.attrs.iter().filter(|(k, _)| k != "r").cloned().collect();
        let close = xml::matching_end(toks, i);
        let mut cells: Vec<Cell> = Vec::new();
        let mut j = i + 1;
        while j < close {
            let c = &toks[j];
            if !(matches!(c.kind, Kind::Start | Kind::Empty) && c.local() == "c") {
                j += 1;
                continue;
            }
            let col = match c.attr("r").and_then(CellRef::parse) {
                Some(at) => at.col,
                None => cells.last().map_or(0, |p| p.col + 1),
            };
            let mut cell = Cell {
                col,
                attrs: c.attrs.iter().filter(|(k, _)| k != "r").cloned().collect(),
                formula: None,
                value: None,
                rest: String::new(),
            };
            let c_close = xml::matching_end(toks, j);
            let mut k = j + 1;
            while k < c_close {
                let child = &toks[k];
                let child_close = xml::matching_end(toks, k);
                match (child.kind, child.local()) {
                    (Kind::Start | Kind::Empty, "f") => {
                        cell.formula = Some(Formula { attrs: child.attrs.clone(), text: xml::inner_text(src, toks, k) })
                    }
                    (Kind::Start | Kind::Empty, "v") => cell.value = Some(xml::inner_text(src, toks, k)),
                    (Kind::Start | Kind::Empty, _) => {
                        cell.rest.push_str(&String::from_utf8_lossy(&src[child.span.start..toks[child_close].span.end]))
                    }
                    _ => {}
                }
                k = child_close + 1;
            }
            cells.push(cell);
            j = c_close + 1;
        }
        cells.sort_by_key(|c| c.col);
        rows.push(Row { r, attrs, cells });
        i = close + 1;
    }
    rows.sort_by_key(|r| r.r);
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData><row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>0</v></c></row><row r="2"><c r="A2" s="2"><v>5</v></c><c r="B2" t="inlineStr"><is><t>x &amp; y</t></is></c></row><row r="3"><c r="A3"><f>SUM(A2:A2)</f><v>5</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A3:B3"/></mergeCells><conditionalFormatting sqref="A2"><cfRule type="cellIs" dxfId="0" priority="1" operator="lessThan"><formula>$A$3</formula></cfRule></conditionalFormatting><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#;

    #[test]
    fn an_unchanged_sheet_is_written_back_as_it_was() {
        let sheet = Sheet::parse(SHEET.as_bytes().to_vec()).unwrap();
        assert_eq!(String::from_utf8(sheet.to_xml()).unwrap(), SHEET);
        assert_eq!(sheet.row(2).unwrap().cell(1).unwrap().text(&[]), Some("x & y".into()));
        assert_eq!(sheet.row(1).unwrap().cell(0).unwrap().text(&["标题".into()]), Some("标题".into()));
    }

    #[test]
    fn growing_moves_rows_merges_formulas_and_formats() {
        let mut sheet = Sheet::parse(SHEET.as_bytes().to_vec()).unwrap();
        sheet.grow(&Growth { sheet: "S".into(), first: 2, last: 2, delta: 2 }, "S");
        let xml = String::from_utf8(sheet.to_xml()).unwrap();
        assert!(xml.contains(r#"<dimension ref="A1:C5"/>"#), "{xml}");
        assert!(xml.contains(r#"<c r="A5"><f>SUM(A2:A4)</f><v>5</v></c>"#), "{xml}");
        assert!(xml.contains(r#"<mergeCell ref="A5:B5"/>"#), "{xml}");
        assert!(xml.contains(r#"<conditionalFormatting sqref="A2:A4">"#), "{xml}");
        assert!(xml.contains("<formula>$A$5</formula>"), "{xml}");
    }
}
