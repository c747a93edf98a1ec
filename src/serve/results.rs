//! Results kept for download: after a check its outputs (annotated copies, summary.xlsx,
//! report.json, and all of them as one zip) are held in memory under a random id, and the
//! request's temporary folder is removed. The newest results are kept while the server runs, up
//! to a count and a total size; the oldest go first. Nothing of a result is ever written to disk
//! again.

use crate::report::Written;
use serde::Serialize;
use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use zip::write::SimpleFileOptions;

/// The zip with every output.
pub const ZIP_NAME: &str = "regcheck-results.zip";

/// One file to download.
#[derive(Debug, Serialize)]
pub struct Download {
    pub name: String,
    /// `annotated`, `summary`, `report` or `zip`.
    pub kind: &'static str,
    /// For an annotated copy: the input it is a copy of, as named in report.json.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub size: usize,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// The outputs of one check.
#[derive(Debug)]
pub struct Outputs {
    pub downloads: Vec<Download>,
}

impl Outputs {
    /// Reads what `write_all` wrote (in its order: annotated copies, summary.xlsx, report.json)
    /// and adds the zip of them all. `inputs` names the annotated copies' inputs.
    pub fn collect(written: &Written, inputs: &[String]) -> std::io::Result<Outputs> {
        let mut downloads = Vec::new();
        let mut add = |path: &Path, kind: &'static str, file: Option<String>| -> std::io::Result<()> {
            let bytes = std::fs::read(path)?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            downloads.push(Download { name, kind, file, size: bytes.len(), bytes });
            Ok(())
        };
        for (path, input) in written.annotated.iter().zip(inputs) {
            if let Some(path) = path {
                add(path, "annotated", Some(input.clone()))?;
            }
        }
        add(&written.summary, "summary", None)?;
        if let Some(json) = &written.json {
            add(json, "report", None)?;
        }
        let zip = zip_of(&downloads)?;
        downloads.push(Download { name: ZIP_NAME.to_string(), kind: "zip", file: None, size: zip.len(), bytes: zip });
        Ok(Outputs { downloads })
    }

    pub fn get(&self, name: &str) -> Option<&Download> {
        self.downloads.iter().find(|d| d.name == name)
    }

    fn size(&self) -> usize {
        self.downloads.iter().map(|d| d.size).sum()
    }
}

/// The files as one zip, in the given order, with a fixed timestamp so that the same outputs give
/// the same zip.
fn zip_of(downloads: &[Download]) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for d in downloads {
        zip.start_file(d.name.as_str(), options).map_err(std::io::Error::other)?;
        zip.write_all(&d.bytes)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

/// The results of the server's lifetime, newest last.
pub struct Results {
    kept: Mutex<VecDeque<(String, Arc<Outputs>)>>,
    max_results: usize,
    max_bytes: usize,
}

impl Results {
    pub fn new(max_results: usize, max_bytes: usize) -> Results {
        Results { kept: Mutex::new(VecDeque::new()), max_results: max_results.max(1), max_bytes }
    }

    /// Keeps `outputs` and returns its id; the oldest results go when there are too many.
    pub fn insert(&self, outputs: Outputs) -> String {
        let id = new_id();
        let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.push_back((id.clone(), Arc::new(outputs)));
        while kept.len() > 1
            && (kept.len() > self.max_results || kept.iter().map(|(_, o)| o.size()).sum::<usize>() > self.max_bytes)
        {
            kept.pop_front();
        }
        id
    }

    pub fn get(&self, id: &str) -> Option<Arc<Outputs>> {
        let kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.iter().find(|(k, _)| k == id).map(|(_, o)| Arc::clone(o))
    }
}

/// 128 random bits as hex: a result cannot be fetched without having been given its id.
fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness: still unique within this process.
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        bytes[..8].copy_from_slice(&n.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
