//! The benchmark's floor: read every cell of every workbook with calamine and write every cell
//! back with rust_xlsxwriter — nothing else (no recognizing, parsing, checking, styles or
//! notes). `regcheck check` on the same files is compared with this in `bench/run.sh`.
//!
//! Files are done in parallel (rayon), as `regcheck check` does them, so both use the same cores.
//!
//! ```sh
//! cargo run --release --example floor -- --out /tmp/floor-out bench-data/district
//! ```

use calamine::{open_workbook_auto, Data, Reader};
use rayon::prelude::*;
use rust_xlsxwriter::Workbook;
use std::error::Error;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let mut out = PathBuf::from("floor-out");
    let mut inputs = Vec::new();
    while let Some(a) = args.next() {
        if a == "--out" {
            out = PathBuf::from(args.next().ok_or("--out needs a folder")?);
        } else {
            inputs.push(PathBuf::from(a));
        }
    }
    let mut files = Vec::new();
    for input in &inputs {
        for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
            let entry = entry?;
            if entry.path().extension().is_some_and(|e| e == "xlsx") {
                files.push(entry.path().to_path_buf());
            }
        }
    }
    std::fs::create_dir_all(&out)?;
    let cells: Result<Vec<usize>, String> =
        files.par_iter().enumerate().map(|(i, f)| copy(f, &out.join(format!("{i}.xlsx")))).collect();
    let cells: usize = cells?.iter().sum();
    println!("floor: {} files, {cells} cells", files.len());
    Ok(())
}

/// Reads every sheet of `path` and writes every non-empty cell to `to`.
fn copy(path: &Path, to: &Path) -> Result<usize, String> {
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut wb = open_workbook_auto(path).map_err(|e| err(&e))?;
    let mut out = Workbook::new();
    let mut cells = 0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| err(&e))?;
        let ws = out.add_worksheet();
        ws.set_name(&name).map_err(|e| err(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
            let written = match v {
                Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                Data::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                Data::DateTime(d) => ws.write_number(r, c, d.as_f64()).map(|_| ()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => ws.write_string(r, c, s).map(|_| ()),
                Data::Error(e) => ws.write_string(r, c, e.to_string()).map(|_| ()),
                Data::Empty => Ok(()),
            };
            written.map_err(|e| err(&e))?;
            cells += 1;
        }
    }
    out.save(to).map_err(|e| err(&e))?;
    Ok(cells)
}
