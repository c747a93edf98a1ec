//! The .xlsx as a zip package: parts read by name, and the filled package written with every
//! part that was not changed copied as its original compressed bytes (same order, same
//! headers), so that untouched parts stay byte-identical.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub struct Package {
    zip: ZipArchive<Cursor<Vec<u8>>>,
}

impl Package {
    pub fn open(bytes: Vec<u8>) -> Result<Package, String> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not an .xlsx (zip) file: {e}"))?;
        Ok(Package { zip })
    }

    /// The part's bytes, or `None` if there is no such part.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let mut file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(format!("{name}: {e}")),
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| format!("{name}: {e}"))?;
        Ok(Some(bytes))
    }

    /// Writes the package with `changed` parts replaced and `removed` parts left out.
    pub fn write(
        &mut self,
        changed: &BTreeMap<String, Vec<u8>>,
        removed: &BTreeSet<String>,
    ) -> Result<Vec<u8>, String> {
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        let err = |e: &dyn std::fmt::Display| format!("writing the package: {e}");
        for i in 0..self.zip.len() {
            let file = self.zip.by_index_raw(i).map_err(|e| err(&e))?;
            let name = file.name().map_err(|e| err(&e))?.into_owned();
            if removed.contains(&name) {
                continue;
            }
            match changed.get(&name) {
                Some(bytes) => {
                    let modified = file.last_modified().unwrap_or_default();
                    drop(file);
                    let options = SimpleFileOptions::default()
                        .compression_method(CompressionMethod::Deflated)
                        .last_modified_time(modified);
                    out.start_file(name.as_str(), options).map_err(|e| err(&e))?;
                    out.write_all(bytes).map_err(|e| err(&e))?;
                }
                None => out.raw_copy_file(file).map_err(|e| err(&e))?,
            }
        }
        Ok(out.finish().map_err(|e| err(&e))?.into_inner())
    }
}

/// A relationship target as a part name: relative to the folder of the part that names it
/// (`xl/worksheets/` for `../drawings/drawing1.xml`), or absolute (`/xl/…`).
pub fn resolve(base_dir: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The `.rels` part of a part: `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`.
pub fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The folder of a part (`xl/worksheets`).
pub fn dir_of(part: &str) -> &str {
    part.rsplit_once('/').map_or("", |(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_like_paths() {
        assert_eq!(resolve("xl/worksheets", "../drawings/drawing1.xml"), "xl/drawings/drawing1.xml");
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(rels_of("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }
}
