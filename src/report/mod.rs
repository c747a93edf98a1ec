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
pub mod output;
pub mod privacy;
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
    /// Outputs that could not be written, with the reason (the others were).
    pub failed: Vec<String>,
}

/// The annotated copy's file name for each input: `<stem>.checked.xlsx`, made unique in order.
pub fn annotated_names(run: &Run) -> Vec<Option<String>> {
    let mut taken = HashSet::new();
    run.files
        .iter()
        .map(|f| {
            f.workbook.as_ref()?;
            let stem = safe_file_stem(&f.path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default());
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

/// A file name stem made from an input's that is safe on every system: no path separators or
/// characters Windows forbids, no control characters, no leading dots (hidden files, `..`) or
/// trailing dots and spaces, not a reserved device name (CON, NUL, COM1 …), at most 100
/// characters; `input` when nothing is left.
pub fn safe_file_stem(stem: &str) -> String {
    let cleaned: String =
        stem.chars().map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).take(100).collect();
    let cleaned = cleaned.trim_start_matches(['.', ' ']).trim_end_matches(['.', ' ']);
    let device = cleaned.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (device.len() == 4
            && (device.starts_with("COM") || device.starts_with("LPT"))
            && device.ends_with(|c: char| c.is_ascii_digit()));
    match cleaned {
        "" => "input".to_string(),
        c if reserved => format!("_{c}"),
        c => c.to_string(),
    }
}

/// Writes every output into `out`: annotated copies, `summary.xlsx` and (unless `json` says
/// otherwise) `report.json`. Refuses to write over an input or over a file regcheck did not write.
pub fn write_all(run: &Run, out: &Path, json: Option<&Path>) -> Result<Written, String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("{}: cannot create the output folder / 无法创建输出文件夹: {e}", out.display()))?;
    let inputs = Inputs::of(run);
    let guard = |path: &Path| inputs.guard(path);

    let names = annotated_names(run);
    let paths: Vec<Option<PathBuf>> = names.iter().map(|n| n.as_ref().map(|n| out.join(n))).collect();
    for path in paths.iter().flatten() {
        guard(path)?;
    }
    let summary_path = out.join("summary.xlsx");
    guard(&summary_path)?;
    let json_path = match json {
        Some(p) if p == Path::new("-") => None,
        Some(p) => Some(p.to_path_buf()),
        None => Some(out.join("report.json")),
    };
    if let Some(p) = &json_path {
        guard(p)?;
    }
    // The copies are independent: built and saved in parallel, each atomically, while
    // summary.xlsx is written and report.json made beside them. The first failure to save, in
    // file order, is the one reported. A copy that cannot be built (a workbook holding something
    // an .xlsx cannot) is said, and the other outputs still written. report.json is saved last,
    // so that a program watching for it finds every file it names.
    let (saved, reports) = rayon::join(
        || write_copies(run, &paths),
        || -> Result<String, String> {
            let mut wb = summary::workbook(run, &names).map_err(|e| format!("{}: {e}", summary_path.display()))?;
            output::save(&mut wb, &summary_path)?;
            Ok(json::render(run))
        },
    );
    let mut written = Written::default();
    for (path, result) in paths.into_iter().zip(saved) {
        match result? {
            Ok(()) => written.annotated.push(path),
            Err(message) => {
                written.failed.push(message);
                written.annotated.push(None);
            }
        }
    }
    let text = reports?;
    written.summary = summary_path;
    match json_path {
        Some(p) => {
            output::replace(&p, text.as_bytes())?;
            written.json = Some(p);
        }
        None => println!("{text}"),
    }
    Ok(written)
}

/// Builds and saves the annotated copies in parallel: for each input, whether its copy was saved
/// (the outer error stops the run) or could not be built (the inner one is said).
fn write_copies(run: &Run, paths: &[Option<PathBuf>]) -> Vec<Result<Result<(), String>, String>> {
    let progress = crate::progress::bar(paths.iter().flatten().count() as u64, "写入 / writing");
    let saved = paths
        .par_iter()
        .enumerate()
        .map(|(index, path)| {
            let Some(path) = path else { return Ok(Ok(())) };
            let built = match annotated::workbook(run, index) {
                Ok(mut wb) => {
                    output::save(&mut wb, path)?;
                    Ok(())
                }
                Err(e) => {
                    Err(format!("{}: the annotated copy could not be written / 无法写出批注副本: {e}", path.display()))
                }
            };
            progress.inc(1);
            Ok(built)
        })
        .collect();
    progress.finish_and_clear();
    saved
}

/// The run's inputs, resolved once (a district has a thousand), that no output may be written over.
pub(crate) struct Inputs(HashSet<PathBuf>);

impl Inputs {
    pub(crate) fn of(run: &Run) -> Inputs {
        Inputs(run.files.iter().filter_map(|f| f.path.canonicalize().ok()).collect())
    }

    /// Refuses a path that is one of the run's inputs: regcheck never writes over its inputs.
    pub(crate) fn guard(&self, path: &Path) -> Result<(), String> {
        let resolved =
            path.parent().and_then(|p| p.canonicalize().ok()).map(|p| p.join(path.file_name().unwrap_or_default()));
        if resolved.is_some_and(|r| self.0.contains(&r)) {
            return Err(format!(
                "{}: is an input; regcheck never writes over its inputs / 这是输入文件，不会覆盖",
                path.display()
            ));
        }
        Ok(())
    }
}

pub(crate) fn cannot_write(path: &Path, e: std::io::Error) -> String {
    format!("{}: cannot write / 无法写入: {e}", path.display())
}

#[cfg(test)]
mod tests {
    use super::safe_file_stem;

    #[test]
    fn stems_from_inputs_are_safe_file_names() {
        assert_eq!(safe_file_stem("签到表"), "签到表");
        assert_eq!(safe_file_stem(".."), "input");
        assert_eq!(safe_file_stem("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_stem("a\\b:c*?\"<>|"), "a_b_c______");
        assert_eq!(safe_file_stem("CON"), "_CON");
        assert_eq!(safe_file_stem("com1.bak"), "_com1.bak");
        assert_eq!(safe_file_stem("教研 . "), "教研");
        assert_eq!(safe_file_stem("x\ny"), "x_y");
        assert_eq!(safe_file_stem(&"长".repeat(300)).chars().count(), 100);
    }
}
