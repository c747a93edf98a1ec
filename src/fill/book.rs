//! The workbook-level parts the filling reads or must touch: the sheet list (`workbook.xml` and
//! its relationships), shared strings, which cell styles show dates (`styles.xml`), defined
//! names and the print area, `calcPr` (full recalculation on load), the calculation chain, and
//! drawing anchors (pictures such as stamps) under grown rows.

use super::package::{dir_of, rels_of, resolve, Package};
use super::refs::{grow_formula, CellRef, Growth};
use super::xml::{self, Kind};
use std::collections::{BTreeSet, HashMap};

/// A worksheet of the workbook: its name, `sheetId` and part.
#[derive(Debug, Clone)]
pub struct SheetEntry {
    pub name: String,
    pub sheet_id: String,
    pub part: String,
}

pub const WORKBOOK: &str = "xl/workbook.xml";

/// The workbook's worksheets in order (chart sheets and others are not listed).
pub fn sheets(pkg: &mut Package) -> Result<Vec<SheetEntry>, String> {
    let wb = pkg.read(WORKBOOK)?.ok_or("no xl/workbook.xml: not an Excel workbook")?;
    let rels = rels(pkg, WORKBOOK)?;
    let toks = xml::tokens(&wb)?;
    Ok(toks
        .iter()
        .filter(|t| matches!(t.kind, Kind::Start | Kind::Empty) && t.local() == "sheet")
        .filter_map(|t| {
            let rid = t.attrs.iter().find(|(k, _)| k.ends_with(":id") || k == "id").map(|(_, v)| v.clone())?;
            let (target, kind) = rels.get(&rid)?;
            if !kind.ends_with("/worksheet") {
                return None;
            }
            Some(SheetEntry {
                name: t.attr("name")?.to_string(),
                sheet_id: t.attr("sheetId")?.to_string(),
                part: target.clone(),
            })
        })
        .collect())
}

/// A part's relationships: id → (target part, type).
pub fn rels(pkg: &mut Package, part: &str) -> Result<HashMap<String, (String, String)>, String> {
    let Some(bytes) = pkg.read(&rels_of(part))? else {
        return Ok(HashMap::new());
    };
    let base = dir_of(part);
    Ok(xml::tokens(&bytes)?
        .iter()
        .filter(|t| t.local() == "Relationship" && t.attr("TargetMode") != Some("External"))
        .filter_map(|t| {
            Some((
                t.attr("Id")?.to_string(),
                (resolve(base, t.attr("Target")?), t.attr("Type").unwrap_or("").to_string()),
            ))
        })
        .collect())
}

/// The shared strings, rich text runs joined.
pub fn shared_strings(pkg: &mut Package) -> Result<Vec<String>, String> {
    let rels = rels(pkg, WORKBOOK)?;
    let Some((part, _)) = rels.values().find(|(_, kind)| kind.ends_with("/sharedStrings")) else {
        return Ok(Vec::new());
    };
    let Some(bytes) = pkg.read(part)? else { return Ok(Vec::new()) };
    let toks = xml::tokens(&bytes)?;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.local() == "si" && matches!(t.kind, Kind::Start | Kind::Empty) {
            out.push(xml::t_text(&bytes, &toks, i));
            i = xml::matching_end(&toks, i);
        }
        i += 1;
    }
    Ok(out)
}

/// For each cell style (`cellXfs` index), whether its number format shows a date or time.
pub fn date_styles(pkg: &mut Package) -> Result<Vec<bool>, String> {
    let Some(bytes) = pkg.read("xl/styles.xml")? else { return Ok(Vec::new()) };
    let toks = xml::tokens(&bytes)?;
    let custom: HashMap<u32, String> = toks
        .iter()
        .filter(|t| t.local() == "numFmt")
        .filter_map(|t| Some((t.attr("numFmtId")?.parse().ok()?, t.attr("formatCode")?.to_string())))
        .collect();
    let Some(xfs) = toks.iter().position(|t| t.kind == Kind::Start && t.local() == "cellXfs") else {
        return Ok(Vec::new());
    };
    let end = xml::matching_end(&toks, xfs);
    Ok(toks[xfs..end]
        .iter()
        .filter(|t| matches!(t.kind, Kind::Start | Kind::Empty) && t.local() == "xf")
        .map(|t| {
            let id: u32 = t.attr("numFmtId").and_then(|v| v.parse().ok()).unwrap_or(0);
            match custom.get(&id) {
                Some(code) => is_date_format(code),
                None => matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58),
            }
        })
        .collect())
}

/// Whether a number format code shows a date or time (`yyyy-mm-dd`, `m"月"d"日"`, `h:mm`).
pub fn is_date_format(code: &str) -> bool {
    let mut plain = String::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            c => plain.push(c.to_ascii_lowercase()),
        }
    }
    plain != "general" && plain.chars().any(|c| matches!(c, 'y' | 'm' | 'd' | 'h' | 's'))
}

/// `workbook.xml` with defined names (print areas, print titles, named ranges) moved for the
/// growths and full recalculation on load set. `None` when nothing changes.
pub fn patch_workbook(src: &[u8], growths: &[Growth]) -> Result<Option<Vec<u8>>, String> {
    let toks = xml::tokens(src)?;
    let mut out: Vec<u8> = Vec::with_capacity(src.len() + 64);
    let mut copied = 0;
    let mut calc_pr = false;
    let mut insert_after: Option<usize> = None;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        match (t.kind, t.local()) {
            (Kind::Start, "definedName") => {
                let close = xml::matching_end(&toks, i);
                let text = xml::inner_text(src, &toks, i);
                let scope = String::new();
                let grown = growths.iter().fold(text.clone(), |f, g| grow_formula(&f, &scope, g));
                if grown != text {
                    out.extend_from_slice(&src[copied..t.span.end]);
                    out.extend_from_slice(xml::escape_text(&grown).as_bytes());
                    copied = toks[close].span.start;
                }
                i = close;
            }
            (Kind::Start | Kind::Empty, "calcPr") => {
                calc_pr = true;
                if t.attr("fullCalcOnLoad") != Some("1") && t.attr("fullCalcOnLoad") != Some("true") {
                    let mut attrs = t.attrs.clone();
                    xml::set_attr(&mut attrs, "fullCalcOnLoad", "1");
                    out.extend_from_slice(&src[copied..t.span.start]);
                    out.extend_from_slice(xml::start_tag(&t.name, &attrs, t.kind == Kind::Empty).as_bytes());
                    copied = t.span.end;
                }
            }
            (Kind::End | Kind::Empty, "sheets" | "functionGroups" | "externalReferences" | "definedNames") => {
                insert_after = Some(t.span.end);
            }
            _ => {}
        }
        i += 1;
    }
    if !calc_pr {
        let at = insert_after.ok_or("workbook.xml has no <sheets>")?;
        if at < copied {
            return Err("workbook.xml: unexpected element order".into());
        }
        out.extend_from_slice(&src[copied..at]);
        out.extend_from_slice(b"<calcPr fullCalcOnLoad=\"1\"/>");
        copied = at;
    }
    if copied == 0 {
        return Ok(None);
    }
    out.extend_from_slice(&src[copied..]);
    Ok(Some(out))
}

/// What becomes of the calculation chain.
#[derive(Debug, PartialEq)]
pub enum Chain {
    Unchanged,
    Replaced(Vec<u8>),
    /// No entries left: the part goes, with its relationship and content type.
    Removed,
}

/// The calculation chain with entries of overwritten formula cells dropped and entries on grown
/// sheets moved. `sheet_ids` maps `sheetId` to sheet name; `overwritten` holds (sheet name,
/// row, col) as in the template.
pub fn patch_calc_chain(
    src: &[u8],
    sheet_ids: &HashMap<String, String>,
    growths: &[Growth],
    overwritten: &BTreeSet<(String, u32, u32)>,
) -> Result<Chain, String> {
    let toks = xml::tokens(src)?;
    let Some(root) = toks.iter().position(|t| t.local() == "calcChain" && t.kind == Kind::Start) else {
        return Ok(Chain::Unchanged);
    };
    let mut entries = Vec::new();
    let mut current = String::new();
    let mut changed = false;
    for t in toks.iter().filter(|t| matches!(t.kind, Kind::Start | Kind::Empty) && t.local() == "c") {
        if let Some(i) = t.attr("i") {
            current = i.to_string();
        }
        let Some(at) = t.attr("r").and_then(CellRef::parse) else { continue };
        let sheet = sheet_ids.get(&current).cloned().unwrap_or_default();
        if overwritten.contains(&(sheet.clone(), at.row, at.col)) {
            changed = true;
            continue;
        }
        let row = growths.iter().filter(|g| g.sheet == sheet).fold(at.row, |r, g| g.row(r));
        changed |= row != at.row || t.attr("i").is_none();
        let mut attrs = t.attrs.clone();
        xml::set_attr(&mut attrs, "r", CellRef::new(at.col, row).a1());
        xml::set_attr(&mut attrs, "i", current.clone());
        entries.push(xml::start_tag(&t.name, &attrs, true));
    }
    if !changed {
        return Ok(Chain::Unchanged);
    }
    if entries.is_empty() {
        return Ok(Chain::Removed);
    }
    let mut out = src[..toks[root].span.end].to_vec();
    out.extend_from_slice(entries.concat().as_bytes());
    out.extend_from_slice(format!("</{}>", toks[root].name).as_bytes());
    Ok(Chain::Replaced(out))
}

/// A part with the elements matching `drop` left out (a relationship or content-type entry).
pub fn without(src: &[u8], drop: impl Fn(&xml::Token) -> bool) -> Result<Vec<u8>, String> {
    let toks = xml::tokens(src)?;
    let mut out = Vec::with_capacity(src.len());
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if matches!(t.kind, Kind::Start | Kind::Empty) && drop(t) {
            i = xml::matching_end(&toks, i) + 1;
            continue;
        }
        out.extend_from_slice(&src[t.span.clone()]);
        i += 1;
    }
    Ok(out)
}

/// A drawing part with anchors below grown rows moved down (`xdr:row` is 0-based). `None` when
/// nothing moves.
pub fn grow_drawing(src: &[u8], g: &Growth) -> Result<Option<Vec<u8>>, String> {
    let toks = xml::tokens(src)?;
    let mut out = Vec::with_capacity(src.len());
    let mut copied = 0;
    let mut parents: Vec<String> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            Kind::Start => {
                let in_anchor = matches!(parents.last().map(String::as_str), Some("from" | "to"));
                if t.local() == "row" && in_anchor {
                    let text = xml::inner_text(src, &toks, i);
                    if let Ok(r0) = text.trim().parse::<u32>() {
                        let moved = g.row(r0 + 1) - 1;
                        if moved != r0 {
                            let close = xml::matching_end(&toks, i);
                            out.extend_from_slice(&src[copied..t.span.end]);
                            out.extend_from_slice(moved.to_string().as_bytes());
                            copied = toks[close].span.start;
                        }
                    }
                }
                parents.push(t.local().to_string());
            }
            Kind::End => {
                parents.pop();
            }
            _ => {}
        }
    }
    if copied == 0 {
        return Ok(None);
    }
    out.extend_from_slice(&src[copied..]);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> Growth {
        Growth { sheet: "汇总".into(), first: 5, last: 5, delta: 3 }
    }

    #[test]
    fn print_area_stretches_and_full_recalculation_is_set() {
        let wb = r#"<workbook><sheets><sheet name="汇总" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">'汇总'!$A$1:$F$9</definedName></definedNames><calcPr calcId="124519"/></workbook>"#;
        let out = String::from_utf8(patch_workbook(wb.as_bytes(), &[g()]).unwrap().unwrap()).unwrap();
        assert!(out.contains("'汇总'!$A$1:$F$12</definedName>"), "{out}");
        assert!(out.contains(r#"<calcPr calcId="124519" fullCalcOnLoad="1"/>"#), "{out}");
        let wb = r#"<workbook><sheets><sheet name="汇总" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let out = String::from_utf8(patch_workbook(wb.as_bytes(), &[]).unwrap().unwrap()).unwrap();
        assert!(out.contains(r#"</sheets><calcPr fullCalcOnLoad="1"/></workbook>"#), "{out}");
    }

    #[test]
    fn calc_chain_drops_overwritten_cells_and_moves_the_rest() {
        let chain = r#"<calcChain xmlns="x"><c r="D9" i="1"/><c r="E9"/><c r="B2" i="2"/></calcChain>"#;
        let ids = HashMap::from([("1".to_string(), "汇总".to_string()), ("2".to_string(), "其他".to_string())]);
        let over = BTreeSet::from([("汇总".to_string(), 9, 4)]);
        let Chain::Replaced(out) = patch_calc_chain(chain.as_bytes(), &ids, &[g()], &over).unwrap() else {
            panic!("expected a new chain")
        };
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<calcChain xmlns="x"><c r="D12" i="1"/><c r="B2" i="2"/></calcChain>"#
        );
        let over = BTreeSet::from([("汇总".to_string(), 9, 3), ("汇总".to_string(), 9, 4), ("其他".to_string(), 2, 1)]);
        assert_eq!(patch_calc_chain(chain.as_bytes(), &ids, &[], &over).unwrap(), Chain::Removed);
    }

    #[test]
    fn pictures_below_the_block_move_down() {
        let d = r#"<xdr:wsDr><xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:row>7</xdr:row></xdr:from><xdr:to><xdr:col>3</xdr:col><xdr:row>9</xdr:row></xdr:to></xdr:twoCellAnchor></xdr:wsDr>"#;
        let out = String::from_utf8(grow_drawing(d.as_bytes(), &g()).unwrap().unwrap()).unwrap();
        assert!(
            out.contains("<xdr:row>10</xdr:row></xdr:from>") && out.contains("<xdr:row>12</xdr:row></xdr:to>"),
            "{out}"
        );
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        assert!(is_date_format("yyyy\"年\"m\"月\"d\"日\""));
        assert!(is_date_format("[$-F800]dddd"));
        assert!(!is_date_format("0.0\"学时\""));
        assert!(!is_date_format("General"));
    }
}
