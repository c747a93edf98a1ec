//! Writing an output file safely: to a temporary file in the same folder, flushed to disk and
//! renamed into place (a crash never leaves a half-written file), and over an existing file
//! only when regcheck wrote it and nobody changed it since — a workbook whose creator and last
//! editor are regcheck, a JSON whose `generator` is regcheck, an export CSV with regcheck's
//! header. Anything else is refused with the reason, so a school's own file is never lost.

use std::io::{Read, Write};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file beside it, replacing any file there.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".regcheck-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile makes private files; an output is as readable as any file the user makes.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

/// Writes an output, refusing to replace a file regcheck did not write (see [`ownership`]).
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Err(why) = ownership(path) {
        return Err(format!("{}: {why}", path.display()));
    }
    write_atomic(path, bytes).map_err(|e| super::cannot_write(path, e))
}

/// Saves a workbook with [`replace`].
pub fn save(wb: &mut rust_xlsxwriter::Workbook, path: &Path) -> Result<(), String> {
    let bytes = wb.save_to_buffer().map_err(|e| format!("{}: {e}", path.display()))?;
    replace(path, &bytes)
}

/// Whether `path` may be written: nothing is there, or an earlier output of regcheck's that
/// nobody has changed. Otherwise why not, in English and Chinese.
pub fn ownership(path: &Path) -> Result<(), String> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.is_file() {
        return Err("is not a file regcheck wrote (a folder or a link); regcheck does not replace it. Move it away or choose another --out / 这不是 regcheck 生成的文件，不会覆盖；请移走或换一个输出位置".into());
    }
    let ext = crate::read::inputs::extension(path);
    let head = |n: u64| -> Vec<u8> {
        let mut buf = Vec::new();
        let _ = std::fs::File::open(path).and_then(|f| f.take(n).read_to_end(&mut buf));
        buf
    };
    let ours = match ext.as_str() {
        "xlsx" => match core_properties(path) {
            Some(core) if !core.contains("<dc:creator>regcheck</dc:creator>") => false,
            Some(core) if core.contains("lastModifiedBy") && !core.contains(">regcheck</cp:lastModifiedBy>") => {
                return Err("was changed after regcheck wrote it (saved by another program); regcheck does not replace it. Move it away or choose another --out / 该文件在 regcheck 生成后被修改过，不会覆盖；请移走或换一个输出位置".into());
            }
            Some(_) => true,
            None => false,
        },
        "json" => json_generator(path).is_some_and(|g| g.starts_with("regcheck")),
        "csv" => head(32).starts_with("\u{feff}file,sheet,row,cell".as_bytes()),
        _ => false,
    };
    if ours {
        Ok(())
    } else {
        Err("exists and was not written by regcheck; regcheck replaces only its own outputs. Move it away or choose another --out / 该文件已存在且不是 regcheck 生成的，不会覆盖；请移走或换一个输出位置".into())
    }
}

/// The top-level `generator` of a JSON file (keys are sorted, so it may come after the findings).
fn json_generator(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let json: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(file)).ok()?;
    json.get("generator")?.as_str().map(str::to_string)
}

/// An .xlsx's docProps/core.xml (who made and last saved it), read no further than 64 KB.
fn core_properties(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let part = zip.by_name("docProps/core.xml").ok()?;
    let mut text = String::new();
    part.take(64 * 1024).read_to_string(&mut text).ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regcheck_outputs_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let mine = dir.path().join("a.xlsx");
        super::save(&mut crate::report::xlsx::new_workbook(chrono::NaiveDate::MIN), &mine).unwrap();
        assert!(ownership(&mine).is_ok(), "a workbook regcheck wrote");
        let theirs = dir.path().join("b.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.save(&theirs).unwrap();
        assert!(ownership(&theirs).is_err(), "a workbook someone else wrote");
        assert!(replace(&theirs, b"x").is_err());
        let json = dir.path().join("report.json");
        std::fs::write(&json, "{\n  \"version\": 1,\n  \"generator\": \"regcheck 0.1.0\"\n}").unwrap();
        assert!(ownership(&json).is_ok());
        std::fs::write(&json, "{\"notes\": 1}").unwrap();
        assert!(ownership(&json).is_err());
        assert!(ownership(&dir.path().join("new.json")).is_ok(), "nothing there yet");
        assert!(ownership(dir.path()).is_err(), "a folder");
    }

    #[test]
    fn a_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomic(&path, b"1").unwrap();
        write_atomic(&path, b"2").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"2");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
