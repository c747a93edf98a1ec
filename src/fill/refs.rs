//! Cell references inside formulas, defined names and `sqref` lists, and how they move when a
//! form's repeating block grows.
//!
//! A [`Growth`] says: on sheet `sheet`, rows `first..=last` are the repeating block and `delta`
//! rows were inserted after it. References below the block move down; a range that ends at the
//! block's last row and starts at or above it (the `SUM(D5:D5)` of a totals row, a print area,
//! a conditional format over the block) stretches over the new rows; everything above stays.
//! Rows are 1-based as in the XML; columns are never touched.
//!
//! The scanner skips string literals, structured references (`Table[…]`) and function names
//! (`LOG10(`), and understands sheet prefixes (`'教师 名单'!A1`, `汇总!A1`), absolute markers,
//! ranges `A1:B2` and row ranges `1:3`.

use crate::finding::column_name;

/// Rows inserted after a repeating block on one sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Growth {
    pub sheet: String,
    /// First row of the repeating block (the placeholder row), 1-based.
    pub first: u32,
    /// Last row of the block (the placeholder row or the last pre-formatted blank row under it).
    pub last: u32,
    /// Rows inserted after `last`.
    pub delta: u32,
}

impl Growth {
    /// Where a single row ends up.
    pub fn row(&self, r: u32) -> u32 {
        if r > self.last {
            r + self.delta
        } else {
            r
        }
    }

    /// Where a range of rows `start..=end` ends up: moved when below, stretched when it ends at
    /// the block's last row.
    pub fn range(&self, start: u32, end: u32) -> (u32, u32) {
        let end = if end == self.last && start <= self.last { end + self.delta } else { self.row(end) };
        (self.row(start), end)
    }
}

/// A cell reference: 0-based column, 1-based row, and which parts are absolute (`$`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef {
    pub col: u32,
    pub row: u32,
    pub col_abs: bool,
    pub row_abs: bool,
}

impl CellRef {
    pub fn new(col: u32, row: u32) -> CellRef {
        CellRef { col, row, col_abs: false, row_abs: false }
    }

    /// Parses `B5`, `$B$5`, `b5`.
    pub fn parse(s: &str) -> Option<CellRef> {
        let b = s.as_bytes();
        let mut i = 0;
        let col_abs = b.first() == Some(&b'$');
        if col_abs {
            i += 1;
        }
        let letters = b[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if !(1..=3).contains(&letters) {
            return None;
        }
        let mut col: u32 = 0;
        for c in &b[i..i + letters] {
            col = col * 26 + u32::from(c.to_ascii_uppercase() - b'A') + 1;
        }
        i += letters;
        let row_abs = b.get(i) == Some(&b'$');
        if row_abs {
            i += 1;
        }
        let digits = &s[i..];
        if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) || digits.starts_with('0') {
            return None;
        }
        let row: u32 = digits.parse().ok()?;
        if col > 16_384 || row > 1_048_576 {
            return None;
        }
        Some(CellRef { col: col - 1, row, col_abs, row_abs })
    }

    pub fn a1(&self) -> String {
        format!(
            "{}{}{}{}",
            if self.col_abs { "$" } else { "" },
            column_name(self.col),
            if self.row_abs { "$" } else { "" },
            self.row
        )
    }
}

/// A rectangle of cells, 0-based columns and 1-based rows, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub first: CellRef,
    pub last: CellRef,
}

impl Rect {
    /// Parses `A1` or `A1:C3`.
    pub fn parse(s: &str) -> Option<Rect> {
        match s.split_once(':') {
            Some((a, b)) => Some(Rect { first: CellRef::parse(a)?, last: CellRef::parse(b)? }),
            None => CellRef::parse(s).map(|c| Rect { first: c, last: c }),
        }
    }

    pub fn contains(&self, col: u32, row: u32) -> bool {
        self.first.col <= col && col <= self.last.col && self.first.row <= row && row <= self.last.row
    }

    pub fn a1(&self) -> String {
        if self.first == self.last {
            self.first.a1()
        } else {
            format!("{}:{}", self.first.a1(), self.last.a1())
        }
    }

    /// The rectangle after a growth: moved or stretched (see [`Growth::range`]).
    pub fn grown(&self, g: &Growth) -> Rect {
        let (a, b) = g.range(self.first.row, self.last.row);
        Rect { first: CellRef { row: a, ..self.first }, last: CellRef { row: b, ..self.last } }
    }
}

/// A reference found in a formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    Cell(CellRef),
    Range(CellRef, CellRef),
    /// Whole rows `3:5` (`$3:$5`): (row, absolute) of each end.
    Rows((u32, bool), (u32, bool)),
}

impl Ref {
    fn text(&self) -> String {
        match self {
            Ref::Cell(c) => c.a1(),
            Ref::Range(a, b) => format!("{}:{}", a.a1(), b.a1()),
            Ref::Rows((a, aa), (b, ba)) => {
                format!("{}{a}:{}{b}", if *aa { "$" } else { "" }, if *ba { "$" } else { "" })
            }
        }
    }

    /// The rows this reference covers.
    pub fn rows(&self) -> (u32, u32) {
        match self {
            Ref::Cell(c) => (c.row, c.row),
            Ref::Range(a, b) => (a.row.min(b.row), a.row.max(b.row)),
            Ref::Rows((a, _), (b, _)) => (*a.min(b), *a.max(b)),
        }
    }

    /// Whether the reference covers a cell.
    pub fn covers(&self, col: u32, row: u32) -> bool {
        let (r0, r1) = self.rows();
        let cols = match self {
            Ref::Cell(c) => (c.col, c.col),
            Ref::Range(a, b) => (a.col.min(b.col), a.col.max(b.col)),
            Ref::Rows(..) => (0, u32::MAX),
        };
        r0 <= row && row <= r1 && cols.0 <= col && col <= cols.1
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '\\' | '?')
}

/// Where a reference stands in its formula.
#[derive(Debug)]
pub struct Context<'a> {
    /// The sheet prefix as written, unquoted.
    pub sheet: Option<&'a str>,
    /// The innermost function the reference is an argument of, upper case, without `_xlfn.`.
    pub function: Option<&'a str>,
    /// Whether an arithmetic operator stands right before or after it.
    pub arithmetic: bool,
}

/// Calls `f(sheet, reference)` on every reference in `formula` (the sheet prefix as written,
/// unquoted, or `None`) and returns the formula with each reference replaced by what `f`
/// returns. Everything else is kept as it was.
pub fn map_refs(formula: &str, mut f: impl FnMut(Option<&str>, &Ref) -> Ref) -> String {
    scan(formula, |ctx, r| f(ctx.sheet, r))
}

/// [`map_refs`] with the whole [`Context`] of each reference.
pub fn scan(formula: &str, mut f: impl FnMut(&Context, &Ref) -> Ref) -> String {
    let chars: Vec<char> = formula.chars().collect();
    let mut out = String::with_capacity(formula.len());
    let mut i = 0;
    let mut sheet: Option<String> = None;
    let mut calls: Vec<String> = Vec::new();
    let is_op = |c: Option<&char>| matches!(c, Some('+' | '-' | '*' | '/' | '^'));
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => {
                calls.push(String::new());
                out.push(c);
                i += 1;
                sheet = None;
            }
            ')' => {
                calls.pop();
                out.push(c);
                i += 1;
                sheet = None;
            }
            '"' => {
                // String literal; "" is an escaped quote.
                let start = i;
                i += 1;
                while i < chars.len() {
                    if chars[i] == '"' {
                        if chars.get(i + 1) == Some(&'"') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i = (i + 1).min(chars.len());
                out.extend(&chars[start..i]);
                sheet = None;
            }
            '\'' => {
                // Quoted sheet name, then `!`.
                let start = i;
                let mut name = String::new();
                i += 1;
                while i < chars.len() {
                    if chars[i] == '\'' {
                        if chars.get(i + 1) == Some(&'\'') {
                            name.push('\'');
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    name.push(chars[i]);
                    i += 1;
                }
                i = (i + 1).min(chars.len());
                out.extend(&chars[start..i]);
                if chars.get(i) == Some(&'!') {
                    out.push('!');
                    i += 1;
                    sheet = Some(name);
                    continue;
                }
                sheet = None;
            }
            '[' => {
                // Structured or external reference: copied as it is.
                let start = i;
                let mut depth = 0;
                while i < chars.len() {
                    match chars[i] {
                        '[' => depth += 1,
                        ']' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                out.extend(&chars[start..i]);
            }
            c if is_name_char(c) => {
                let start = i;
                while i < chars.len() && is_name_char(chars[i]) {
                    i += 1;
                }
                let token: String = chars[start..i].iter().collect();
                let next = chars.get(i).copied();
                if next == Some('!') {
                    out.push_str(&token);
                    out.push('!');
                    i += 1;
                    sheet = Some(token);
                    continue;
                }
                let second = |from: usize| -> (String, usize) {
                    let mut j = from;
                    while j < chars.len() && is_name_char(chars[j]) {
                        j += 1;
                    }
                    (chars[from..j].iter().collect(), j)
                };
                let found = if next == Some('(') {
                    let name = token.to_uppercase();
                    calls.push(name.strip_prefix("_XLFN.").unwrap_or(&name).to_string());
                    out.push_str(&token);
                    out.push('(');
                    i += 1;
                    sheet = None;
                    continue;
                } else if let Some(a) = CellRef::parse(&token) {
                    if next == Some(':') {
                        let (t2, j) = second(i + 1);
                        match CellRef::parse(&t2) {
                            Some(b) if chars.get(j) != Some(&'(') => Some((Ref::Range(a, b), j)),
                            _ => Some((Ref::Cell(a), i)),
                        }
                    } else {
                        Some((Ref::Cell(a), i))
                    }
                } else if let (Some(a), Some(':')) = (row_number(&token), next) {
                    let (t2, j) = second(i + 1);
                    row_number(&t2).map(|b| (Ref::Rows(a, b), j))
                } else {
                    None
                };
                match found {
                    Some((r, end)) => {
                        let before = out.chars().rev().find(|c| !c.is_whitespace());
                        let after = chars[end..].iter().find(|c| !c.is_whitespace());
                        let ctx = Context {
                            sheet: sheet.as_deref(),
                            function: calls.last().map(String::as_str).filter(|f| !f.is_empty()),
                            arithmetic: is_op(before.as_ref()) || is_op(after),
                        };
                        out.push_str(&f(&ctx, &r).text());
                        i = end;
                    }
                    None => out.push_str(&token),
                }
                sheet = None;
            }
            _ => {
                out.push(c);
                i += 1;
                sheet = None;
            }
        }
    }
    out
}

/// `5` or `$5` as (row, absolute).
fn row_number(s: &str) -> Option<(u32, bool)> {
    let (abs, digits) = match s.strip_prefix('$') {
        Some(d) => (true, d),
        None => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|r| (1..=1_048_576).contains(r)).map(|r| (r, abs))
}

/// Whether a reference written with `prefix` on sheet `current` points at sheet `target`.
fn on_sheet(prefix: Option<&str>, current: &str, target: &str) -> bool {
    match prefix {
        Some(p) => p.eq_ignore_ascii_case(target) || p == target,
        None => current == target,
    }
}

/// A formula on sheet `current` after `g`: references to the grown sheet move or stretch.
pub fn grow_formula(formula: &str, current: &str, g: &Growth) -> String {
    map_refs(formula, |sheet, r| {
        if !on_sheet(sheet, current, &g.sheet) {
            return r.clone();
        }
        match r {
            Ref::Cell(c) => Ref::Cell(CellRef { row: g.row(c.row), ..*c }),
            Ref::Range(a, b) => {
                let (s, e) = g.range(a.row.min(b.row), a.row.max(b.row));
                let (s, e) = if a.row <= b.row { (s, e) } else { (e, s) };
                Ref::Range(CellRef { row: s, ..*a }, CellRef { row: e, ..*b })
            }
            Ref::Rows((a, aa), (b, ba)) => {
                let (s, e) = g.range(*a, *b);
                Ref::Rows((s, *aa), (e, *ba))
            }
        }
    })
}

/// A formula copied `by` rows down, as Excel copies it: relative row references move, absolute
/// ones stay.
pub fn offset_formula(formula: &str, by: u32) -> String {
    let move_cell = |c: &CellRef| if c.row_abs { *c } else { CellRef { row: c.row + by, ..*c } };
    map_refs(formula, |_, r| match r {
        Ref::Cell(c) => Ref::Cell(move_cell(c)),
        Ref::Range(a, b) => Ref::Range(move_cell(a), move_cell(b)),
        Ref::Rows((a, aa), (b, ba)) => {
            Ref::Rows((if *aa { *a } else { a + by }, *aa), (if *ba { *b } else { b + by }, *ba))
        }
    })
}

/// Every reference in a formula on sheet `current` that points at sheet `target`.
pub fn refs_to(formula: &str, current: &str, target: &str) -> Vec<Ref> {
    let mut found = Vec::new();
    map_refs(formula, |sheet, r| {
        if on_sheet(sheet, current, target) {
            found.push(r.clone());
        }
        r.clone()
    });
    found
}

/// Functions whose arguments must be numbers to count.
const NUMERIC: &[&str] = &[
    "SUM",
    "AVERAGE",
    "MIN",
    "MAX",
    "PRODUCT",
    "SUMPRODUCT",
    "ROUND",
    "ROUNDUP",
    "ROUNDDOWN",
    "INT",
    "ABS",
    "MEDIAN",
    "STDEV",
    "STDEV.S",
    "STDEV.P",
    "VAR",
    "MOD",
    "CEILING",
    "FLOOR",
    "SUBTOTAL",
];

/// The references in a formula on sheet `current` to sheet `target` that need numbers: an
/// argument of SUM, AVERAGE and the like, or an operand of + - * / ^. (COUNTIF, IF and text
/// functions take text, so their references are left out.)
pub fn numeric_refs_to(formula: &str, current: &str, target: &str) -> Vec<Ref> {
    let mut found = Vec::new();
    scan(formula, |ctx, r| {
        let numeric = ctx.arithmetic || ctx.function.is_some_and(|f| NUMERIC.contains(&f));
        if numeric && on_sheet(ctx.sheet, current, target) {
            found.push(r.clone());
        }
        r.clone()
    });
    found
}

/// A space-separated list of cells and ranges (`sqref`) after a growth; a single cell is
/// treated as a one-cell range, so a format on the placeholder row stretches with it.
pub fn grow_sqref(sqref: &str, g: &Growth) -> String {
    sqref
        .split_whitespace()
        .map(|part| Rect::parse(part).map_or_else(|| part.to_string(), |r| r.grown(g).a1()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(first: u32, last: u32, delta: u32) -> Growth {
        Growth { sheet: "汇总".into(), first, last, delta }
    }

    #[test]
    fn totals_below_the_block_stretch_and_move() {
        let growth = g(5, 5, 3);
        assert_eq!(grow_formula("SUM(D5:D5)", "汇总", &growth), "SUM(D5:D8)");
        assert_eq!(grow_formula("D6*2+$D$7", "汇总", &growth), "D9*2+$D$10");
        assert_eq!(grow_formula("D4+D5", "汇总", &growth), "D4+D5");
        assert_eq!(grow_formula("COUNTIF(E5:E5,\"A5\")", "汇总", &growth), "COUNTIF(E5:E8,\"A5\")");
    }

    #[test]
    fn only_references_to_the_grown_sheet_move() {
        let growth = g(5, 5, 3);
        assert_eq!(grow_formula("'汇总'!$A$1:$F$9", "其他", &growth), "'汇总'!$A$1:$F$12");
        assert_eq!(grow_formula("汇总!B6+Sheet2!B6+B6", "其他", &growth), "汇总!B9+Sheet2!B6+B6");
        assert_eq!(grow_formula("'汇总'!$1:$4", "汇总", &growth), "'汇总'!$1:$4");
    }

    #[test]
    fn function_names_and_columns_are_left_alone() {
        let growth = g(5, 5, 3);
        assert_eq!(grow_formula("LOG10(A10)+ATAN2(1,2)", "汇总", &growth), "LOG10(A13)+ATAN2(1,2)");
        assert_eq!(grow_formula("SUM(A:A)+_xlfn.STDEV(B6:B7)", "汇总", &growth), "SUM(A:A)+_xlfn.STDEV(B9:B10)");
        assert_eq!(grow_formula("Table1[[#This Row],[A6]]", "汇总", &growth), "Table1[[#This Row],[A6]]");
    }

    #[test]
    fn copies_move_relative_rows_only() {
        assert_eq!(offset_formula("ROUND(D5/$D$2,1)+E5", 2), "ROUND(D7/$D$2,1)+E7");
        assert_eq!(offset_formula("SUM(D$5:D5)", 1), "SUM(D$5:D6)");
    }

    #[test]
    fn numeric_inputs_are_told_from_text_inputs() {
        let refs = numeric_refs_to("SUM(D5:D6)+COUNTIF(E5:E6,\"达标\")+LEN(F5)+G5*2", "S", "S");
        let rows: Vec<String> = refs.iter().map(|r| r.text()).collect();
        assert_eq!(rows, ["D5:D6", "G5"]);
    }

    #[test]
    fn sqref_single_cells_stretch() {
        assert_eq!(grow_sqref("D5 A1:F5 A7", &g(5, 5, 2)), "D5:D7 A1:F7 A9");
    }

    #[test]
    fn cell_refs_parse() {
        assert_eq!(CellRef::parse("$AB$12"), Some(CellRef { col: 27, row: 12, col_abs: true, row_abs: true }));
        assert_eq!(CellRef::parse("A0"), None);
        assert_eq!(CellRef::parse("ABCD1"), None);
        assert_eq!(Rect::parse("B2:C3").unwrap().a1(), "B2:C3");
    }
}
