//! Report: renders a [`Run`] for people and programs. Messages are rendered here, in the chosen
//! language, from finding codes and parameters.
//!
//! - [`annotated`]: a copy of each input workbook with problem cells filled and noted;
//! - [`summary`]: `summary.xlsx`, the term compliance summary;
//! - [`json`]: `report.json`, the contract other programs read;
//! - [`terminal`]: the short plain-language summary on the terminal;
//! - [`export`]: the records as tidy tables (CSV, XLSX or JSON) for other systems.

pub mod annotated;
pub mod explain;
pub mod export;
pub mod inspect;
pub mod json;
pub mod messages;
pub mod summary;
pub mod terminal;
pub mod xlsx;

use crate::Run;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Where each output went.
#[derive(Debug, Default)]
pub struct Written {
    /// Annotated copy per input file (same order as `Run::files`; `None` for unreadable files).
    pub annotated: Vec<Option<PathBuf>>,
    pub summary: PathBuf,
    pub json: Option<PathBuf>,
}

/// The annotated copy's file name for each input: `<stem>.checked.xlsx`, made unique in order.
pub fn annotated_names(run: &Run) -> Vec<Option<String>> {
    let mut taken = HashSet::new();
    run.files
        .iter()
        .map(|f| {
            f.workbook.as_ref()?;
            let stem = f.path.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
            let stem: String = stem.chars().map(|c| if "\\/:*?\"<>|".contains(c) { '_' } else { c }).collect();
            let mut name = format!("{stem}.checked.xlsx");
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{stem}({n}).checked.xlsx");
                n += 1;
            }
            Some(name)
        })
        .collect()
}

/// Writes every output into `out`: annotated copies, `summary.xlsx` and (unless `json` says
/// otherwise) `report.json`. Refuses to write over an input.
pub fn write_all(run: &Run, out: &Path, json: Option<&Path>) -> Result<Written, String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("{}: cannot create the output folder / 无法创建输出文件夹: {e}", out.display()))?;
    let guard = |path: &Path| guard_input(run, path);

    let names = annotated_names(run);
    let paths: Vec<Option<PathBuf>> = names.iter().map(|n| n.as_ref().map(|n| out.join(n))).collect();
    for path in paths.iter().flatten() {
        guard(path)?;
    }
    // The copies are independent: built and saved in parallel, each atomically; the first
    // failure in file order is the one reported.
    let progress = crate::progress::bar(paths.iter().flatten().count() as u64, "写入 / writing");
    let saved: Vec<Result<(), String>> = paths
        .par_iter()
        .enumerate()
        .map(|(index, path)| {
            let Some(path) = path else { return Ok(()) };
            let mut wb = annotated::workbook(run, index).map_err(|e| format!("{}: {e}", path.display()))?;
            xlsx::save_atomic(&mut wb, path).map_err(|e| cannot_write(path, e))?;
            progress.inc(1);
            Ok(())
        })
        .collect();
    progress.finish_and_clear();
    saved.into_iter().collect::<Result<Vec<()>, String>>()?;
    let mut written = Written { annotated: paths, ..Written::default() };
    let summary_path = out.join("summary.xlsx");
    guard(&summary_path)?;
    let mut wb = summary::workbook(run, &names).map_err(|e| format!("{}: {e}", summary_path.display()))?;
    xlsx::save_atomic(&mut wb, &summary_path).map_err(|e| cannot_write(&summary_path, e))?;
    written.summary = summary_path;

    let text = json::render(run);
    match json {
        Some(p) if p == Path::new("-") => println!("{text}"),
        Some(p) => {
            guard(p)?;
            xlsx::write_atomic(p, text.as_bytes()).map_err(|e| cannot_write(p, e))?;
            written.json = Some(p.to_path_buf());
        }
        None => {
            let p = out.join("report.json");
            guard(&p)?;
            xlsx::write_atomic(&p, text.as_bytes()).map_err(|e| cannot_write(&p, e))?;
            written.json = Some(p);
        }
    }
    Ok(written)
}

/// Refuses a path that is one of the run's inputs: regcheck never writes over its inputs.
pub(crate) fn guard_input(run: &Run, path: &Path) -> Result<(), String> {
    let resolved =
        path.parent().and_then(|p| p.canonicalize().ok()).map(|p| p.join(path.file_name().unwrap_or_default()));
    let is_input = resolved.is_some_and(|r| run.files.iter().any(|f| f.path.canonicalize().ok().as_ref() == Some(&r)));
    if is_input {
        return Err(format!(
            "{}: is an input; regcheck never writes over its inputs / 这是输入文件，不会覆盖",
            path.display()
        ));
    }
    Ok(())
}

pub(crate) fn cannot_write(path: &Path, e: std::io::Error) -> String {
    format!("{}: cannot write / 无法写入: {e}", path.display())
}
