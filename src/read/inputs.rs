//! Which files to read: the paths the user gave, folders walked recursively, in a stable order.

use std::path::{Path, PathBuf};

/// File extensions regcheck reads (lower case).
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt", "tsv"];

/// The lower-cased extension of a path, or "" when there is none.
pub fn extension(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase()
}

/// Office lock files (`~$名册.xlsx`) and hidden files (`.name`) are never registers.
fn is_skipped_name(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("~$") || n.starts_with('.'))
}

/// Expands the inputs: files as given (whatever their extension, so that a wrong one is reported),
/// folders walked recursively for known extensions, skipping `exclude` (the output folder) and lock
/// and hidden files. The result is sorted and without repeats, so runs are deterministic.
pub fn collect(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Vec<PathBuf>, String> {
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let walker = walkdir::WalkDir::new(input).sort_by_file_name().into_iter();
            let entries = walker.filter_entry(|e| {
                e.depth() == 0
                    || !(is_skipped_name(e.path())
                        || exclude.as_ref().is_some_and(|x| e.path().canonicalize().ok().as_ref() == Some(x)))
            });
            for entry in entries {
                let entry = entry.map_err(|e| format!("{}: {e}", input.display()))?;
                let path = entry.path();
                if entry.file_type().is_file() && EXTENSIONS.contains(&extension(path).as_str()) {
                    files.push(path.to_path_buf());
                }
            }
        } else if input.is_file() {
            if !is_skipped_name(input) {
                files.push(input.clone());
            }
        } else {
            return Err(format!("{}: no such file or folder / 找不到该文件或文件夹", input.display()));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}
