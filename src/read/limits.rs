//! Limits on what reading one file may cost, so that a hostile or absurd file (a zip bomb, a
//! sheet claiming cell XFD1048576, a billion repeated ODS cells) becomes a finding instead of
//! exhausting memory.
//!
//! - Zip packages (.xlsx .xlsm .xlsb .ods) are decompressed once, counting bytes and keeping
//!   none, before calamine opens them: the total may not exceed `max_unzipped_mb`, and a part
//!   larger than [`RATIO_FLOOR`] may not expand more than `max_compression_ratio` times. The
//!   sizes the zip declares are not trusted; the bytes are counted.
//! - A file's sheets may not span more than `max_cells` cells in all, counting each sheet's
//!   rectangle from A1 to its last used row and column (regcheck and calamine keep sheets as
//!   rectangles, so that is what memory follows).
//!
//! The limits come from the rules file's `[limits]` (`max_unzipped_mb`, `max_compression_ratio`,
//! `max_cells`); [`Limits::default`] is what applies without them.

use super::ReadError;
use std::io::Read;
use std::path::Path;

/// Parts smaller than this are never judged by their compression ratio (tiny XML compresses well).
pub const RATIO_FLOOR: u64 = 10 << 20;

/// The limits on reading one file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Total bytes a zip package may decompress to.
    pub max_unzipped: u64,
    /// Most a part larger than [`RATIO_FLOOR`] may expand (uncompressed / compressed).
    pub max_ratio: f64,
    /// Most cells (rows × columns from A1, summed over sheets) a file may span.
    pub max_cells: u64,
}

pub const DEFAULT_MAX_UNZIPPED_MB: f64 = 256.0;
pub const DEFAULT_MAX_RATIO: f64 = 200.0;
pub const DEFAULT_MAX_CELLS: u64 = 12_000_000;

impl Default for Limits {
    fn default() -> Self {
        Limits::new(DEFAULT_MAX_UNZIPPED_MB, DEFAULT_MAX_RATIO, DEFAULT_MAX_CELLS)
    }
}

impl Limits {
    pub fn new(max_unzipped_mb: f64, max_ratio: f64, max_cells: u64) -> Limits {
        let bytes = (max_unzipped_mb.max(0.0) * 1024.0 * 1024.0).min(u64::MAX as f64) as u64;
        Limits { max_unzipped: bytes, max_ratio: max_ratio.max(1.0), max_cells }
    }
}

/// A file too large to read within the limits: the reason in English and in Chinese.
pub fn too_large(en: String, zh: String) -> ReadError {
    ReadError::TooLarge { en, zh }
}

/// Decompresses every part of a zip package into nothing, counting, and refuses the package
/// when it expands past the limits. A damaged package is left for the reader to report.
pub fn check_zip(path: &Path, limits: &Limits) -> Result<(), ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(()); // not a readable zip: calamine says why
    };
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else { continue };
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let compressed = part.compressed_size().max(1);
        let mut size: u64 = 0;
        loop {
            let n = match part.read(&mut buf) {
                Ok(0) | Err(_) => break, // a damaged part is the reader's to report
                Ok(n) => n as u64,
            };
            size += n;
            total += n;
            if total > limits.max_unzipped {
                let mb = limits.max_unzipped >> 20;
                return Err(too_large(
                    format!("it unpacks to more than {mb} MB; the limit is max_unzipped_mb in [limits]"),
                    format!("解压后超过 {mb} MB（上限见规则文件 [limits] 的 max_unzipped_mb）"),
                ));
            }
            if size > RATIO_FLOOR && size as f64 > compressed as f64 * limits.max_ratio {
                let ratio = limits.max_ratio;
                return Err(too_large(
                    format!("its part {name} expands more than {ratio} times (a zip bomb?); the limit is max_compression_ratio in [limits]"),
                    format!("其中 {name} 解压后膨胀超过 {ratio} 倍（疑似压缩炸弹；上限见规则文件 [limits] 的 max_compression_ratio）"),
                ));
            }
        }
    }
    Ok(())
}

/// Counts the cells a file's sheets span, refusing the file once they pass `max_cells`.
#[derive(Debug)]
pub struct CellBudget {
    max: u64,
    /// Cells of the sheets already read.
    spent: u64,
}

impl CellBudget {
    pub fn new(limits: &Limits) -> CellBudget {
        CellBudget { max: limits.max_cells, spent: 0 }
    }

    /// Whether a sheet spanning `rows` × `cols` from A1 still fits, besides the sheets before it.
    pub fn fits(&self, rows: u64, cols: u64) -> bool {
        self.spent.saturating_add(rows.saturating_mul(cols)) <= self.max
    }

    /// Checks a sheet's extent (last used row and column, 0-based) against what is left.
    pub fn check(&self, sheet: &str, last_row: u32, last_col: u32) -> Result<(), ReadError> {
        let (rows, cols) = (last_row as u64 + 1, last_col as u64 + 1);
        if self.fits(rows, cols) {
            return Ok(());
        }
        let cell = crate::finding::cell_name(last_row, last_col);
        let max = self.max;
        Err(too_large(
            format!("sheet \"{sheet}\" reaches cell {cell}, more than the {max} cells allowed for one file; the limit is max_cells in [limits]"),
            format!("工作表“{sheet}”用到了 {cell}，超过一个文件允许的 {max} 个单元格（上限见规则文件 [limits] 的 max_cells）"),
        ))
    }

    /// Checks a sheet's merged ranges: the annotated copy writes every cell a merge covers, so
    /// together they may cover no more cells than a file may span.
    pub fn check_merges(&self, sheet: &str, merged: &[super::Rect]) -> Result<(), ReadError> {
        let area = |m: &super::Rect| {
            (m.last_row.saturating_sub(m.first_row) as u64 + 1) * (m.last_col.saturating_sub(m.first_col) as u64 + 1)
        };
        let total = merged.iter().map(area).fold(0u64, u64::saturating_add);
        if total <= self.max {
            return Ok(());
        }
        let max = self.max;
        Err(too_large(
            format!("the merged cells of sheet \"{sheet}\" cover {total} cells, more than the {max} allowed; the limit is max_cells in [limits]"),
            format!("工作表“{sheet}”的合并单元格共覆盖 {total} 个单元格，超过允许的 {max} 个（上限见规则文件 [limits] 的 max_cells）"),
        ))
    }

    /// Books a sheet that was read.
    pub fn spend(&mut self, rows: u64, cols: u64) {
        self.spent = self.spent.saturating_add(rows.saturating_mul(cols));
    }
}

/// Scans an .ods package's content.xml for the rectangle each table spans once its repeated
/// rows and columns are expanded (calamine expands them), and refuses it past `max_cells`.
pub fn check_ods(path: &Path, limits: &Limits) -> Result<(), ReadError> {
    use quick_xml::events::Event;
    let file = std::fs::File::open(path).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else { return Ok(()) };
    let Ok(content) = zip.by_name("content.xml") else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let mut budget = CellBudget::new(limits);
    let repeat = |e: &quick_xml::events::BytesStart, key: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    // The current table: its name, rows so far, and the rectangle up to its last valued cell.
    let mut table = String::new();
    let (mut rows, mut row_repeat, mut row_width, mut row_used) = (0u64, 1u64, 0u64, 0u64);
    let (mut used_rows, mut used_width) = (0u64, 0u64);
    let last = |n: u64| n.saturating_sub(1).min(u32::MAX as u64) as u32;
    loop {
        let (start, e) = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break, // damaged XML is calamine's to report
            Ok(Event::Start(e)) => (true, e.into_owned()),
            Ok(Event::Empty(e)) => (false, e.into_owned()),
            Ok(Event::End(e)) => {
                match e.name().as_ref() {
                    "table:table-row" => {
                        rows = rows.saturating_add(row_repeat);
                        if row_used > 0 {
                            used_rows = rows;
                            used_width = used_width.max(row_used);
                            if !budget.fits(used_rows, used_width) {
                                return budget.check(&table, last(used_rows), last(used_width));
                            }
                        }
                    }
                    "table:table" => budget.spend(used_rows, used_width),
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Ok(_) => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => {
                table = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "table:name")
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
                (rows, used_rows, used_width) = (0, 0, 0);
            }
            "table:table-row" if start => {
                row_repeat = repeat(&e, "table:number-rows-repeated");
                (row_width, row_used) = (0, 0);
            }
            "table:table-row" => rows = rows.saturating_add(repeat(&e, "table:number-rows-repeated")),
            "table:table-cell" | "table:covered-table-cell" => {
                row_width = row_width.saturating_add(repeat(&e, "table:number-columns-repeated"));
                // A cell with content or a value type holds a value; empty repeated cells do not.
                if start || e.attributes().flatten().any(|a| a.key.as_ref() == "office:value-type") {
                    row_used = row_width;
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_counts_sheets_together() {
        let limits = Limits::new(1.0, 100.0, 1000);
        let mut b = CellBudget::new(&limits);
        assert!(b.check("a", 9, 49).is_ok()); // 10 × 50 = 500
        b.spend(10, 50);
        assert!(b.check("b", 9, 49).is_ok());
        b.spend(10, 50);
        assert!(matches!(b.check("c", 0, 0), Err(ReadError::TooLarge { .. })));
        assert!(matches!(b.check("d", 1_048_575, 16_383), Err(ReadError::TooLarge { .. })));
        let whole = super::super::Rect { first_row: 0, first_col: 0, last_row: 1_048_575, last_col: 16_383 };
        assert!(b.check_merges("e", &[whole]).is_err());
        let title = super::super::Rect { first_row: 0, first_col: 0, last_row: 0, last_col: 9 };
        assert!(b.check_merges("f", &[title; 3]).is_ok());
    }
}
