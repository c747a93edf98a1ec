//! Fill: the district's own forms filled in from the figures `check` computes, the forms
//! otherwise untouched.
//!
//! A form says what goes where with placeholders typed into its cells (`{{school.name}}`,
//! `{{t.hours}}` …, see [`figures`]) or with a mapping file beside it ([`mapping`]). A row with
//! teacher (`t.`) or department (`d.`) placeholders repeats once per teacher or department: it
//! uses the pre-formatted blank rows under it first, then inserts rows, moving what is below
//! (totals, signatures) down with its merges, formulas, conditional formats, defined names,
//! print area, page breaks and pictures.
//!
//! The .xlsx is patched, not rewritten ([`package`]): the filled sheets, `workbook.xml` (full
//! recalculation on load, moved names) and, when needed, the calculation chain, other sheets
//! whose formulas point at moved rows and drawings are changed; every other part is copied as
//! its original bytes. Cells keep their styles; new text is written as inline strings, so the
//! shared-string table stays as it was. Problems ([`problem`]) are all found before anything
//! is written.
//!
//! - [`refs`]: references in formulas and how they move;
//! - [`xml`], [`sheet`], [`book`]: the OOXML parts;
//! - [`placeholder`]: `{{…}}` in cell text.

pub mod book;
pub mod figures;
pub mod mapping;
pub mod package;
pub mod placeholder;
pub mod problem;
pub mod refs;
pub mod sheet;
pub mod xml;

use book::Chain;
use figures::{Figures, Scope, Type, Value};
use mapping::Mapping;
use package::Package;
use placeholder::Part;
use problem::Problem;
use refs::{numeric_refs_to, CellRef, Growth, Rect};
use sheet::{Cell, Sheet};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Why a form could not be filled.
#[derive(Debug)]
pub enum Error {
    /// Not an .xlsx regcheck can patch; the text says why.
    Unreadable(String),
    /// Problems in the form or its mapping, each with its cell; nothing was written.
    Problems(Vec<Problem>),
}

/// A cell to fill: 1-based row, 0-based column, and its text with placeholders.
#[derive(Debug, Clone)]
struct Slot {
    row: u32,
    col: u32,
    parts: Vec<Part>,
}

struct FormSheet {
    name: String,
    sheet_id: String,
    part: String,
    sheet: Sheet,
    slots: Vec<Slot>,
    touched: bool,
}

/// Fills the form `template` (the bytes of an .xlsx) with `figures`, placeholders typed into
/// its cells and, if given, the `mapping`. Returns the filled .xlsx.
pub fn fill(template: Vec<u8>, figures: &Figures, mapping: Option<&Mapping>) -> Result<Vec<u8>, Error> {
    let unreadable = Error::Unreadable;
    let mut pkg = Package::open(template).map_err(unreadable)?;
    let entries = book::sheets(&mut pkg).map_err(Error::Unreadable)?;
    let sst = book::shared_strings(&mut pkg).map_err(Error::Unreadable)?;
    let date_styles = book::date_styles(&mut pkg).map_err(Error::Unreadable)?;

    let mut sheets = Vec::new();
    for e in &entries {
        let bytes = pkg
            .read(&e.part)
            .map_err(Error::Unreadable)?
            .ok_or_else(|| Error::Unreadable(format!("{}: the sheet's part {} is missing", e.name, e.part)))?;
        let sheet = Sheet::parse(bytes).map_err(|m| Error::Unreadable(format!("{}: {m}", e.name)))?;
        let slots = sheet
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().map(move |c| (r.r, c)))
            .filter_map(|(row, c)| {
                let text = c.text(&sst)?;
                text.contains("{{").then(|| Slot { row, col: c.col, parts: placeholder::parse(&text) })
            })
            .collect();
        sheets.push(FormSheet {
            name: e.name.clone(),
            sheet_id: e.sheet_id.clone(),
            part: e.part.clone(),
            sheet,
            slots,
            touched: false,
        });
    }

    let mut problems = Vec::new();
    if let Some(m) = mapping {
        add_mapped(&mut sheets, m, &mut problems);
    }
    if problems.is_empty() && sheets.iter().all(|s| s.slots.is_empty()) {
        problems.push(Problem::NoPlaceholders);
    }
    check(&sheets, figures, &date_styles, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }

    // Fill, sheet by sheet; record every growth and every formula cell written over.
    let mut growths: Vec<Growth> = Vec::new();
    let mut overwritten = BTreeSet::new();
    for s in 0..sheets.len() {
        if sheets[s].slots.is_empty() {
            continue;
        }
        let sheet_growths = fill_sheet(&mut sheets[s], figures, &date_styles, &mut overwritten);
        for g in &sheet_growths {
            for (o, other) in sheets.iter_mut().enumerate() {
                if o != s && other.sheet.grow_other(g, &other.name.clone()) {
                    other.touched = true;
                }
            }
        }
        growths.extend(sheet_growths);
    }

    // The parts that change.
    let mut changed: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut removed = BTreeSet::new();
    for s in sheets.iter_mut().filter(|s| s.touched) {
        s.sheet.drop_cached_results();
        changed.insert(s.part.clone(), s.sheet.to_xml());
    }
    let read = |pkg: &mut Package, part: &str| pkg.read(part).map_err(Error::Unreadable);
    if let Some(wb) = read(&mut pkg, book::WORKBOOK)? {
        if let Some(new) = book::patch_workbook(&wb, &growths).map_err(Error::Unreadable)? {
            changed.insert(book::WORKBOOK.to_string(), new);
        }
    }
    for g in &growths {
        let Some(s) = sheets.iter().find(|s| s.name == g.sheet) else { continue };
        let rels = book::rels(&mut pkg, &s.part).map_err(Error::Unreadable)?;
        let mut drawings: Vec<&String> =
            rels.values().filter(|(_, kind)| kind.ends_with("/drawing")).map(|(p, _)| p).collect();
        drawings.sort();
        for part in drawings {
            let current = match changed.get(part) {
                Some(b) => Some(b.clone()),
                None => read(&mut pkg, part)?,
            };
            if let Some(bytes) = current {
                if let Some(new) = book::grow_drawing(&bytes, g).map_err(Error::Unreadable)? {
                    changed.insert(part.clone(), new);
                }
            }
        }
    }
    let wb_rels = book::rels(&mut pkg, book::WORKBOOK).map_err(Error::Unreadable)?;
    if let Some((chain_part, _)) = wb_rels.values().find(|(_, k)| k.ends_with("/calcChain")) {
        if let Some(bytes) = read(&mut pkg, chain_part)? {
            let ids: HashMap<String, String> = sheets.iter().map(|s| (s.sheet_id.clone(), s.name.clone())).collect();
            match book::patch_calc_chain(&bytes, &ids, &growths, &overwritten).map_err(Error::Unreadable)? {
                Chain::Unchanged => {}
                Chain::Replaced(new) => {
                    changed.insert(chain_part.clone(), new);
                }
                Chain::Removed => {
                    removed.insert(chain_part.clone());
                    let rels_part = package::rels_of(book::WORKBOOK);
                    if let Some(r) = read(&mut pkg, &rels_part)? {
                        let new = book::without(&r, |t| t.attr("Type").is_some_and(|k| k.ends_with("/calcChain")))
                            .map_err(Error::Unreadable)?;
                        changed.insert(rels_part, new);
                    }
                    if let Some(ct) = read(&mut pkg, "[Content_Types].xml")? {
                        let name = format!("/{chain_part}");
                        let new = book::without(&ct, |t| t.attr("PartName") == Some(name.as_str()))
                            .map_err(Error::Unreadable)?;
                        changed.insert("[Content_Types].xml".into(), new);
                    }
                }
            }
        }
    }
    pkg.write(&changed, &removed).map_err(Error::Unreadable)
}

/// Adds the mapping file's cells and tables as slots (replacing typed placeholders in the same
/// cell).
fn add_mapped(sheets: &mut [FormSheet], m: &Mapping, problems: &mut Vec<Problem>) {
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let mut add = |sheet: &str, cell: &str, text: &str, problems: &mut Vec<Problem>| {
        let Some(s) = sheets.iter_mut().find(|s| s.name == sheet) else {
            let p = Problem::MissingSheet { sheet: sheet.to_string(), sheets: names.clone() };
            if !problems.contains(&p) {
                problems.push(p);
            }
            return;
        };
        let Some(at) = CellRef::parse(cell.trim()) else {
            problems.push(Problem::BadCell { sheet: sheet.to_string(), cell: cell.to_string() });
            return;
        };
        s.slots.retain(|x| (x.row, x.col) != (at.row, at.col));
        s.slots.push(Slot { row: at.row, col: at.col, parts: placeholder::parse(&mapping::as_text(text)) });
    };
    for c in &m.cell {
        add(&c.sheet, &c.cell, &c.value, problems);
    }
    for t in &m.table {
        for (col, value) in &t.columns {
            add(&t.sheet, &format!("{}{}", col.trim(), t.row), value, problems);
        }
    }
    for s in sheets.iter_mut() {
        s.slots.sort_by_key(|x| (x.row, x.col));
    }
}

/// The type a slot writes: a lone placeholder's own (a date only as a date in a date-formatted
/// cell), text otherwise.
fn written_type(slot: &Slot, figures: &Figures, date_cell: bool) -> Type {
    match placeholder::alone(&slot.parts).and_then(|k| figures.types.get(k)) {
        Some(Type::Date) if !date_cell => Type::Text,
        Some(t) => *t,
        None => Type::Text,
    }
}

fn is_date_cell(sheet: &Sheet, row: u32, col: u32, date_styles: &[bool]) -> bool {
    let style = sheet.row(row).and_then(|r| r.cell(col)).map_or(0, Cell::style);
    date_styles.get(style as usize).copied().unwrap_or(false)
}

/// Every problem of the form, before anything is written.
fn check(sheets: &[FormSheet], figures: &Figures, date_styles: &[bool], problems: &mut Vec<Problem>) {
    let known: Vec<&str> = figures.types.keys().map(String::as_str).collect();
    for s in sheets {
        // Cells formulas compute with (on any sheet), and the formula cell that does.
        let mut numeric: Vec<(refs::Ref, String)> = Vec::new();
        for other in sheets {
            for (r, c, f) in other.sheet.formulas() {
                for found in numeric_refs_to(f, &other.name, &s.name) {
                    let at = CellRef::new(c, r).a1();
                    let place = if other.name == s.name { at } else { format!("{}!{at}", other.name) };
                    numeric.push((found, place));
                }
            }
        }
        let mut scopes: BTreeMap<u32, BTreeSet<Scope>> = BTreeMap::new();
        for slot in &s.slots {
            let cell = CellRef::new(slot.col, slot.row).a1();
            for key in placeholder::keys(&slot.parts) {
                if !figures.types.contains_key(key) {
                    let suggestion = known
                        .iter()
                        .map(|k| (strsim::levenshtein(k, key), *k))
                        .filter(|(d, _)| *d <= 2)
                        .min()
                        .map(|(_, k)| k.to_string());
                    problems.push(Problem::UnknownPlaceholder {
                        sheet: s.name.clone(),
                        cell: cell.clone(),
                        key: key.to_string(),
                        suggestion,
                    });
                }
            }
            let scope = placeholder::scope(&slot.parts);
            if scope != Scope::Form {
                scopes.entry(slot.row).or_default().insert(scope);
            }
            let date_cell = is_date_cell(&s.sheet, slot.row, slot.col, date_styles);
            if written_type(slot, figures, date_cell) == Type::Text {
                if let Some((_, formula)) = numeric.iter().find(|(r, _)| r.covers(slot.col, slot.row)) {
                    let key = placeholder::keys(&slot.parts).next().unwrap_or("").to_string();
                    problems.push(Problem::NotANumber {
                        sheet: s.name.clone(),
                        cell: cell.clone(),
                        key,
                        formula: formula.clone(),
                    });
                }
            }
        }
        for (row, set) in scopes {
            if set.len() > 1 {
                problems.push(Problem::MixedRow { sheet: s.name.clone(), row });
            }
        }
    }
}

/// Writes one slot's value for row `index` of its scope into `cell`.
fn write(cell: &mut Cell, slot: &Slot, figures: &Figures, index: usize, date_cell: bool) {
    match placeholder::alone(&slot.parts) {
        Some(key) => match figures.value(key, index).unwrap_or(&Value::Empty) {
            Value::Number(n) => cell.set_number(*n),
            Value::Date(d) if date_cell => {
                cell.set_number(crate::parse::date::datetime_to_serial(d.and_time(chrono::NaiveTime::MIN)))
            }
            Value::Empty => cell.clear(),
            Value::Text(t) if t.is_empty() => cell.clear(),
            v => cell.set_text(&figures.as_text(v)),
        },
        None => {
            let text: String = slot
                .parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) => t.clone(),
                    Part::Key(k) => figures.value(k, index).map(|v| figures.as_text(v)).unwrap_or_default(),
                })
                .collect();
            cell.set_text(&text);
        }
    }
}

/// Fills one sheet; returns the growths of its repeating rows in the order they were made
/// (lowest block first), which is the order to apply them to anything else.
fn fill_sheet(
    s: &mut FormSheet,
    figures: &Figures,
    date_styles: &[bool],
    overwritten: &mut BTreeSet<(String, u32, u32)>,
) -> Vec<Growth> {
    s.touched = true;
    let mut by_row: BTreeMap<u32, Vec<Slot>> = BTreeMap::new();
    for slot in &s.slots {
        by_row.entry(slot.row).or_default().push(slot.clone());
    }
    for slot in &s.slots {
        if s.sheet.row(slot.row).and_then(|r| r.cell(slot.col)).is_some_and(|c| c.formula.is_some()) {
            overwritten.insert((s.name.clone(), slot.row, slot.col));
        }
    }
    let scope_of = |slots: &[Slot]| {
        slots.iter().map(|x| placeholder::scope(&x.parts)).find(|sc| *sc != Scope::Form).unwrap_or(Scope::Form)
    };
    // Whole-form rows first (they do not move what is below), then repeating rows bottom-up, so
    // a lower block's growth never shifts an upper block still to be filled.
    for (row, slots) in by_row.iter().filter(|(_, sl)| scope_of(sl) == Scope::Form) {
        for slot in slots {
            let date_cell = is_date_cell(&s.sheet, *row, slot.col, date_styles);
            let cell = s.sheet.row_mut(*row, &[]).cell_mut(slot.col);
            write(cell, slot, figures, 0, date_cell);
        }
    }
    let blocks: Vec<(u32, Vec<Slot>)> =
        by_row.into_iter().filter(|(_, sl)| scope_of(sl) != Scope::Form).rev().collect();
    let block_rows: BTreeSet<u32> = blocks.iter().map(|(r, _)| *r).collect();
    let mut growths = Vec::new();
    for (r, slots) in blocks {
        let n = figures.rows(scope_of(&slots));
        // Pre-formatted blank rows right under the placeholder row.
        let mut blanks = 0;
        while let Some(row) = s.sheet.row(r + blanks + 1) {
            if !row.is_blank() || block_rows.contains(&row.r) {
                break;
            }
            blanks += 1;
        }
        let capacity = blanks as usize + 1;
        if n > capacity {
            let g = Growth { sheet: s.name.clone(), first: r, last: r + blanks, delta: (n - capacity) as u32 };
            s.sheet.grow(&g, &s.name);
            growths.push(g);
        }
        // Mapped cells may not exist in the form yet.
        for slot in &slots {
            s.sheet.row_mut(r, &[]).cell_mut(slot.col);
        }
        let template = s.sheet.row(r).cloned().unwrap_or(sheet::Row { r, attrs: Vec::new(), cells: Vec::new() });
        let row_merges: Vec<Rect> =
            s.sheet.merges().into_iter().filter(|m| m.first.row == r && m.last.row == r).collect();
        let mut new_merges = Vec::new();
        for i in 0..n.max(1) {
            let target = r + i as u32;
            let inserted = i >= capacity;
            for t in &template.cells {
                let slot = slots.iter().find(|x| x.col == t.col);
                if i > 0 && slot.is_none() && t.is_blank() && !inserted {
                    continue;
                }
                let date_cell = date_styles.get(t.style() as usize).copied().unwrap_or(false);
                let row = s.sheet.row_mut(target, &template.attrs);
                let existed = row.cell(t.col).is_some();
                let cell = row.cell_mut(t.col);
                if !existed || inserted {
                    cell.attrs = t.attrs.clone();
                }
                match slot {
                    Some(slot) if n == 0 => {
                        let _ = slot;
                        cell.clear();
                    }
                    Some(slot) => write(cell, slot, figures, i, date_cell),
                    None if i > 0 => {
                        let style = cell.attr("s").map(str::to_string);
                        *cell = t.clone();
                        if let Some(st) = style {
                            xml::set_attr(&mut cell.attrs, "s", st);
                        }
                        if let Some(f) = &mut cell.formula {
                            f.attrs.retain(|(k, _)| !matches!(k.as_str(), "t" | "ref" | "si"));
                            f.text = refs::offset_formula(&f.text, i as u32);
                        }
                        // A shared formula's dependent cell has no text of its own to copy.
                        if cell.formula.as_ref().is_some_and(|f| f.text.is_empty()) {
                            cell.formula = None;
                        }
                    }
                    None => {}
                }
            }
            if inserted {
                for m in &row_merges {
                    let mv = |c: CellRef| CellRef { row: target, ..c };
                    new_merges.push(Rect { first: mv(m.first), last: mv(m.last) });
                }
            }
        }
        s.sheet.add_merges(&new_merges);
    }
    growths
}
