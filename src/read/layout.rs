//! What calamine's cell reader does not give, from one pass over each sheet of an .xlsx: the
//! merged ranges, whether any cell holds a formula, and the layout (column widths, hidden columns
//! and rows, row heights and frozen panes). A part that cannot be read gives nothing, never an
//! error: calamine reports a damaged sheet when it reads the values.

use super::Rect;
use quick_xml::events::BytesStart;
use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

/// A run of columns with one width (in Excel's character units) or hidden.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub first: u16,
    pub last: u16,
    pub width: Option<f64>,
    pub hidden: bool,
}

/// A row with its own height (points) or hidden.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub row: u32,
    pub height: Option<f64>,
    pub hidden: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub columns: Vec<Columns>,
    pub rows: Vec<Row>,
    /// Rows and columns frozen at the top and left.
    pub freeze: Option<(u32, u16)>,
}

/// What one pass over a sheet's XML found besides the values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetXml {
    pub layout: Layout,
    pub merged: Vec<Rect>,
    /// Whether any cell holds a formula (only then are the formulas read, in a second pass).
    pub has_formulas: bool,
}

/// The merged ranges, formulas flag and layout of every sheet of an .xlsx, by sheet name.
pub fn read_xlsx(path: &Path) -> HashMap<String, SheetXml> {
    std::fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(BufReader::new(f)).ok())
        .map(|mut zip| read_zip(&mut zip))
        .unwrap_or_default()
}

fn read_zip<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> HashMap<String, SheetXml> {
    // workbook.xml names the sheets and their relationship ids; the .rels file maps ids to parts.
    let mut sheets = Vec::new();
    each_element(zip, "xl/workbook.xml", |e| {
        if e.local_name().as_ref() == "sheet" {
            if let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "id")) {
                sheets.push((name, id));
            }
        }
    });
    let mut targets = HashMap::new();
    each_element(zip, "xl/_rels/workbook.xml.rels", |e| {
        if let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target")) {
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, part);
        }
    });
    sheets
        .into_iter()
        .filter_map(|(name, id)| {
            let part = targets.get(&id)?;
            Some((name, sheet_xml(zip, part)))
        })
        .collect()
}

fn sheet_xml<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, part: &str) -> SheetXml {
    let mut found = SheetXml::default();
    let SheetXml { layout, merged, has_formulas } = &mut found;
    each_element(zip, part, |e| match e.local_name().as_ref() {
        "f" => *has_formulas = true,
        "mergeCell" => {
            let range = attr(e, "ref").and_then(|r| crate::fill::refs::Rect::parse(&r));
            if let Some(r) = range {
                let (first, last) = (r.first, r.last);
                merged.push(Rect {
                    first_row: first.row - 1,
                    first_col: first.col,
                    last_row: last.row - 1,
                    last_col: last.col,
                });
            }
        }
        "col" => {
            let num = |k: &str| attr(e, k).and_then(|v| v.parse::<u32>().ok());
            if let (Some(first), Some(last)) = (num("min"), num("max")) {
                let (first, last) = (first.clamp(1, 16_384) as u16 - 1, last.clamp(1, 16_384) as u16 - 1);
                let width = attr(e, "width").and_then(|v| v.parse().ok()).filter(|w: &f64| w.is_finite() && *w >= 0.0);
                layout.columns.push(Columns { first, last, width, hidden: flag(e, "hidden") });
            }
        }
        "row" => {
            let custom = flag(e, "customHeight");
            let hidden = flag(e, "hidden");
            // Rows past Excel's last (1,048,576) do not exist; a hostile part listing more is cut.
            let r = attr(e, "r").and_then(|v| v.parse::<u32>().ok()).filter(|r| (1..=1_048_576).contains(r));
            if let (true, Some(r), true) = (custom || hidden, r, layout.rows.len() < 1_048_576) {
                let height =
                    attr(e, "ht").and_then(|v| v.parse().ok()).filter(|h: &f64| custom && h.is_finite() && *h >= 0.0);
                layout.rows.push(Row { row: r.saturating_sub(1), height, hidden });
            }
        }
        "pane" if attr(e, "state").as_deref() == Some("frozen") => {
            let split = |k: &str| attr(e, k).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0) as u32;
            layout.freeze = Some((split("ySplit"), split("xSplit").min(16_383) as u16));
        }
        _ => {}
    });
    found
}

/// Calls `f` on every start or empty element of a part (see [`super::tags`]).
fn each_element<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, part: &str, f: impl FnMut(&BytesStart)) {
    if let Ok(file) = zip.by_name(part) {
        super::tags::each_start_tag(file, f);
    }
}

/// An attribute's value by local name (`r:id` is `id`).
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn flag(e: &BytesStart, name: &str) -> bool {
    matches!(attr(e, name).as_deref(), Some("1" | "true"))
}
