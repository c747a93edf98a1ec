//! The mapping file beside a form the office may not edit (`FORM.map.toml`): which figure goes
//! into which cell, and where the teacher or department table starts. It says the same as
//! placeholders typed into the cells would.
//!
//! ```toml
//! [[cell]]
//! sheet = "汇总表"
//! cell = "B2"
//! value = "school.name"                  # a placeholder name …
//!
//! [[cell]]
//! sheet = "汇总表"
//! cell = "E2"
//! value = "截至 {{as_of}}"               # … or text with placeholders
//!
//! [[table]]
//! sheet = "汇总表"
//! row = 5                                # the first data row, as Excel numbers it
//! columns = { A = "t.seq", B = "t.name", D = "t.hours" }
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub cell: Vec<CellMap>,
    #[serde(default)]
    pub table: Vec<TableMap>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellMap {
    pub sheet: String,
    pub cell: String,
    pub value: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableMap {
    pub sheet: String,
    pub row: u32,
    /// Column letter → placeholder name (or text with placeholders).
    pub columns: BTreeMap<String, String>,
}

/// A placeholder name as cell text: `t.name` → `{{t.name}}`; text with `{{…}}` is kept.
pub fn as_text(value: &str) -> String {
    if value.contains("{{") {
        value.to_string()
    } else {
        format!("{{{{{}}}}}", value.trim())
    }
}

/// The mapping file that goes with a form: `FORM.map.toml` beside `FORM.xlsx`.
pub fn beside(form: &Path) -> PathBuf {
    let stem = form.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    form.with_file_name(format!("{stem}.map.toml"))
}

/// Reads a mapping file; the message names the file.
pub fn load(path: &Path) -> Result<Mapping, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the mapping file / 无法读取对照文件: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {} / 对照文件有误", path.display(), e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_files_read() {
        let m: Mapping = toml::from_str(
            "[[cell]]\nsheet = \"S\"\ncell = \"B2\"\nvalue = \"school.name\"\n[[table]]\nsheet = \"S\"\nrow = 5\ncolumns = { A = \"t.seq\" }\n",
        )
        .unwrap();
        assert_eq!(as_text(&m.cell[0].value), "{{school.name}}");
        assert_eq!(m.table[0].columns["A"], "t.seq");
        assert_eq!(beside(Path::new("a/汇总.xlsx")), Path::new("a/汇总.map.toml"));
    }
}
