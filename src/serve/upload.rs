//! Receiving one check request's uploads: every file into the request's own temporary folder,
//! under a sanitized relative path (no `..`, no absolute paths, nothing outside the folder),
//! within the file-count and size limits.
//!
//! The form sends, for each file, a text part `path` (the file's path relative to what was
//! dropped: `samples/教师名册.xlsx` for a dropped folder) followed by the file part `file`; an
//! optional `rules` part is the school's rules file.

use super::text::Text;
use axum::extract::multipart::{Field, Multipart, MultipartError};
use std::path::{Component, Path, PathBuf};
use tempfile::TempDir;
use tokio::io::AsyncWriteExt;

/// How much one request may upload.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_files: usize,
    pub max_bytes: u64,
}

impl Limits {
    /// The request body axum accepts at most: the uploads plus room for the form's framing and,
    /// past the limit, for reading the rest of the request so that the browser gets the message.
    pub fn body_limit(&self) -> usize {
        usize::try_from(self.max_bytes.saturating_mul(2).saturating_add(1 << 20)).unwrap_or(usize::MAX)
    }
}

/// One request's uploads, in a temporary folder removed when this is dropped.
pub struct Upload {
    pub dir: TempDir,
    /// Where the registers are: `dir/in`.
    pub root: PathBuf,
    /// What was dropped, as `check` would be given it: each top-level file or folder under `root`.
    pub inputs: Vec<PathBuf>,
    /// The uploaded rules file, if any.
    pub rules: Option<PathBuf>,
}

impl Upload {
    /// `message` with this request's folders left out of the paths it names, so that files are
    /// named as the user gave them.
    pub fn unplace(&self, message: &str) -> String {
        let within = |dir: &Path| format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
        message.replace(&within(&self.root), "").replace(&within(&self.dir.path().join("rules")), "")
    }
}

/// Why an upload was refused.
#[derive(Debug)]
pub enum Refused {
    TooManyFiles(usize),
    TooLarge(u64),
    NoFiles,
    /// The request could not be read (a broken form, a dropped connection).
    Broken(String),
    /// The server could not write the upload to its temporary folder.
    Storage(String),
}

impl Refused {
    pub fn text(&self) -> Text {
        match self {
            Refused::TooManyFiles(n) => Text::new(
                format!("文件太多：一次最多检查 {n} 个文件。请分批检查，或让管理员用 --max-files 调高上限。"),
                format!("Too many files: at most {n} files can be checked at once. Check them in batches, or start regcheck serve with a higher --max-files."),
            ),
            Refused::TooLarge(bytes) => {
                let mb = bytes.div_ceil(1 << 20);
                Text::new(
                    format!("文件太大：一次最多上传 {mb} MB。请分批检查，或让管理员用 --max-upload-mb 调高上限。"),
                    format!("Too much to upload: at most {mb} MB at once. Check the files in batches, or start regcheck serve with a higher --max-upload-mb."),
                )
            }
            Refused::NoFiles => Text::new(
                "没有收到文件：请先拖入或选择登记表文件（.xlsx .xls .ods .csv 等）。".to_string(),
                "No files were received: drop or choose the register files (.xlsx .xls .ods .csv …) first.".to_string(),
            ),
            Refused::Broken(e) => Text::new(
                format!("上传没有完成（{e}）。请重新检查。"),
                format!("The upload did not complete ({e}). Please check again."),
            ),
            Refused::Storage(e) => Text::new(
                format!("无法保存上传的文件（{e}）。请检查临时文件夹的空间和权限。"),
                format!("The uploaded files could not be saved ({e}). Check the space and permissions of the temporary folder."),
            ),
        }
    }
}

/// A path inside the request folder for an uploaded name: separators of either kind, `.`, `..`,
/// drive letters and characters Windows does not allow are dropped. `None` when nothing is left.
pub fn safe_relative(name: &str) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for part in name.split(['/', '\\']) {
        let part: String = part.chars().filter(|c| !c.is_control() && !":*?\"<>|".contains(*c)).collect();
        let part = part.trim_end_matches(['.', ' ']).trim_start();
        if part.is_empty() || part == "." || part == ".." {
            continue;
        }
        // One normal component each, or nothing: a part that still means something else is dropped.
        let mut components = Path::new(part).components();
        if let (Some(Component::Normal(c)), None) = (components.next(), components.next()) {
            path.push(c);
        }
    }
    (path.components().count() > 0).then_some(path)
}

/// `path`, or `path (2)`, `path (3)` … — the first that is not taken yet.
fn unique(root: &Path, relative: PathBuf) -> PathBuf {
    if !root.join(&relative).exists() {
        return relative;
    }
    let stem = relative.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = relative.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    (2..)
        .map(|n| relative.with_file_name(format!("{stem} ({n}){ext}")))
        .find(|candidate| !root.join(candidate).exists())
        .unwrap_or(relative)
}

/// Receives the form into a new temporary folder under `temp_root`.
pub async fn receive(mut form: Multipart, limits: Limits, temp_root: &Path) -> Result<Upload, Refused> {
    let storage = |e: std::io::Error| Refused::Storage(e.to_string());
    let dir = tempfile::Builder::new().prefix("regcheck-serve-").tempdir_in(temp_root).map_err(storage)?;
    let root = dir.path().join("in");
    std::fs::create_dir(&root).map_err(storage)?;
    let mut upload = Upload { inputs: Vec::new(), rules: None, root, dir };
    let mut pending_path: Option<String> = None;
    let mut files = 0usize;
    let mut bytes = 0u64;
    let mut refused: Option<Refused> = None;

    while let Some(mut field) = form.next_field().await.map_err(|e| broken(&e, limits))? {
        if refused.is_some() {
            // Read the rest of the request so that the browser gets the answer, keep nothing.
            while field.chunk().await.map_err(|e| broken(&e, limits))?.is_some() {}
            continue;
        }
        match field.name().unwrap_or("") {
            "path" => pending_path = Some(field.text().await.map_err(|e| broken(&e, limits))?),
            "rules" => {
                // Kept under its own name, so that a message about it names the file the user chose.
                let name = field.file_name().and_then(safe_relative).and_then(|p| p.file_name().map(PathBuf::from));
                let folder = upload.dir.path().join("rules");
                tokio::fs::create_dir_all(&folder).await.map_err(storage)?;
                let target = folder.join(name.unwrap_or_else(|| PathBuf::from("rules.toml")));
                if let Err(r) = save(&mut field, &target, &mut bytes, limits).await {
                    refused = Some(r);
                    continue;
                }
                upload.rules = Some(target);
            }
            "file" => {
                files += 1;
                if files > limits.max_files {
                    refused = Some(Refused::TooManyFiles(limits.max_files));
                    continue;
                }
                let name = pending_path.take().or_else(|| field.file_name().map(str::to_string)).unwrap_or_default();
                let relative = safe_relative(&name).unwrap_or_else(|| PathBuf::from(format!("file{files}")));
                let relative = unique(&upload.root, relative);
                let target = upload.root.join(&relative);
                if let Some(parent) = target.parent() {
                    tokio::fs::create_dir_all(parent).await.map_err(storage)?;
                }
                if let Err(r) = save(&mut field, &target, &mut bytes, limits).await {
                    refused = Some(r);
                    continue;
                }
                if let Some(Component::Normal(top)) = relative.components().next() {
                    let top = upload.root.join(top);
                    if !upload.inputs.contains(&top) {
                        upload.inputs.push(top);
                    }
                }
            }
            _ => while field.chunk().await.map_err(|e| broken(&e, limits))?.is_some() {},
        }
    }
    if let Some(r) = refused {
        return Err(r);
    }
    if upload.inputs.is_empty() {
        return Err(Refused::NoFiles);
    }
    upload.inputs.sort();
    Ok(upload)
}

/// Streams one part to `target`, counting its bytes against the limit.
async fn save(field: &mut Field<'_>, target: &Path, bytes: &mut u64, limits: Limits) -> Result<(), Refused> {
    let storage = |e: std::io::Error| Refused::Storage(e.to_string());
    let mut file = tokio::fs::File::create(target).await.map_err(storage)?;
    while let Some(chunk) = field.chunk().await.map_err(|e| broken(&e, limits))? {
        *bytes += chunk.len() as u64;
        if *bytes > limits.max_bytes {
            drop(file);
            let _ = tokio::fs::remove_file(target).await;
            while field.chunk().await.map_err(|e| broken(&e, limits))?.is_some() {}
            return Err(Refused::TooLarge(limits.max_bytes));
        }
        file.write_all(&chunk).await.map_err(storage)?;
    }
    file.flush().await.map_err(storage)
}

fn broken(e: &MultipartError, limits: Limits) -> Refused {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        Refused::TooLarge(limits.max_bytes)
    } else {
        Refused::Broken(e.body_text())
    }
}

#[cfg(test)]
mod tests {
    use super::safe_relative;
    use std::path::Path;

    #[test]
    fn uploaded_names_stay_inside_the_request_folder() {
        let p = |s: &str| safe_relative(s).map(|p| p.to_string_lossy().replace('\\', "/"));
        assert_eq!(p("samples/教师名册.xlsx").as_deref(), Some("samples/教师名册.xlsx"));
        assert_eq!(p("../../etc/passwd").as_deref(), Some("etc/passwd"));
        assert_eq!(p("/abs/x.xlsx").as_deref(), Some("abs/x.xlsx"));
        assert_eq!(p("C:\\Users\\a\\..\\b.xlsx").as_deref(), Some("C/Users/a/b.xlsx"));
        assert_eq!(p("a/./b/../c.csv").as_deref(), Some("a/b/c.csv"));
        assert_eq!(p("..").as_deref(), None);
        assert_eq!(p("").as_deref(), None);
        assert_eq!(p("名册 .xlsx. ").as_deref(), Some("名册 .xlsx"));
        assert!(safe_relative("x/../../y").is_some_and(|p| p.is_relative() && p == Path::new("x/y")));
    }
}
