//! The formats of a sheet's cells where the file records them (.xlsx), read in the same pass as
//! the values, so that the annotated copy looks like the original. They only dress the copy.

use calamine::Style;
use std::sync::Arc;

/// A sheet's formatted cells: the workbook's palette of formats, shared by its sheets, and the
/// palette index of every cell whose format is not the default, in row-major order.
#[derive(Debug, Clone, Default)]
pub struct CellStyles {
    palette: Arc<[Style]>,
    /// `(row, column, palette index)`, sorted by position; index 0 (the default) is not kept.
    cells: Vec<(u32, u32, u32)>,
}

impl CellStyles {
    pub fn new(palette: Arc<[Style]>) -> CellStyles {
        CellStyles { palette, cells: Vec::new() }
    }

    /// Records a cell's format, as read in stream order; the default format and indices outside
    /// the palette (a damaged file) are not kept.
    pub fn push(&mut self, row: u32, col: u32, index: usize) {
        if index > 0 && index < self.palette.len() {
            self.cells.push((row, col, index as u32));
        }
    }

    /// Sorts the cells into row-major order (a file's cells normally come in that order already)
    /// and keeps the first format given to a position.
    pub fn finish(mut self) -> CellStyles {
        if !self.cells.is_sorted_by_key(|&(r, c, _)| (r, c)) {
            self.cells.sort_by_key(|&(r, c, _)| (r, c));
        }
        self.cells.dedup_by_key(|&mut (r, c, _)| (r, c));
        self.cells.shrink_to_fit();
        self
    }

    /// A palette entry.
    pub fn style(&self, index: u32) -> Option<&Style> {
        self.palette.get(index as usize)
    }

    /// The formatted cells of one row, in column order: `(column, palette index)`.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let start = self.cells.partition_point(|&(r, _, _)| r < row);
        self.cells[start..].iter().take_while(move |&&(r, _, _)| r == row).map(|&(_, c, i)| (c, i))
    }

    /// The last row with a format, if any.
    pub fn last_row(&self) -> Option<u32> {
        self.cells.last().map(|&(r, _, _)| r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_kept_by_row_in_column_order() {
        let palette: Arc<[Style]> = vec![Style::default(); 4].into();
        let mut s = CellStyles::new(palette);
        s.push(2, 1, 3);
        s.push(0, 5, 1);
        s.push(0, 2, 2);
        s.push(1, 0, 0); // the default: not kept
        s.push(1, 1, 9); // outside the palette: not kept
        s.push(0, 2, 3); // a second format for a position: the first wins
        let s = s.finish();
        assert_eq!(s.row(0).collect::<Vec<_>>(), vec![(2, 2), (5, 1)]);
        assert_eq!(s.row(1).count(), 0, "neither the default nor an index outside the palette is kept");
        assert_eq!(s.row(2).collect::<Vec<_>>(), vec![(1, 3)]);
        assert_eq!(s.last_row(), Some(2));
        assert!(s.style(3).is_some() && s.style(9).is_none());
    }
}
