//! One check job — load the rules, collect the inputs, read and check them, write the outputs —
//! exactly as `regcheck check` runs it. `serve` and `watch` run the same job, so the page and the
//! watched inbox give the same annotated copies, `summary.xlsx` and `report.json` as `check`.

use crate::report::messages::Lang;
use crate::report::Written;
use crate::Run;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// What to check and how: the inputs (files or folders) and the options of `regcheck check`.
#[derive(Debug, Clone, Default)]
pub struct Job {
    pub inputs: Vec<PathBuf>,
    /// The school's rules file; the built-in rules when `None`.
    pub rules: Option<PathBuf>,
    /// The language of messages; from the registers' headers when `None`.
    pub lang: Option<Lang>,
    /// The day of the check; today when `None`.
    pub as_of: Option<NaiveDate>,
    /// Name the inputs relative to this folder in every output (`serve`: the upload folder, so a
    /// dropped `samples/` reads `samples/教师名册.xlsx` as `check samples/` would).
    pub relative_to: Option<PathBuf>,
    /// Show ID and phone numbers unmasked in the reports (`--show-personal-data`).
    pub show_personal_data: bool,
}

impl Job {
    pub fn new(inputs: Vec<PathBuf>) -> Job {
        Job { inputs, ..Job::default() }
    }

    /// Loads the rules and reads and checks the inputs. `out`, when given, is the output folder:
    /// it may not be an input folder and is skipped when folders are walked.
    pub fn analyze(&self, out: Option<&Path>) -> Result<Run, String> {
        let rules = crate::rules::load(self.rules.as_deref()).map_err(|e| e.to_string())?;
        if let Some(input) = self.inputs.iter().find(|i| i.is_dir() && out.is_some_and(|o| same_dir(i, o))) {
            return Err(format!(
                "{}: the output folder cannot be an input folder; choose another --out / 输出文件夹不能是输入文件夹",
                input.display()
            ));
        }
        if let Some(input) = self.inputs.iter().find(|i| i.is_file() && out.is_some_and(|o| same_dir(i, o))) {
            return Err(format!(
                "{}: --out is an input file; choose an output folder / 输出位置不能是输入文件",
                input.display()
            ));
        }
        let files = crate::read::inputs::collect(&self.inputs, out)?;
        if files.is_empty() {
            return Err(format!(
                "no spreadsheet files (.xlsx .xlsm .xlsb .xls .ods .csv) found in {} / 没有找到表格文件",
                self.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            ));
        }
        let as_of = self.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
        let mut run = crate::analyze(&files, rules, as_of, self.lang);
        run.show_personal_data = self.show_personal_data;
        if let Some(base) = &self.relative_to {
            for file in &mut run.files {
                if let Ok(relative) = file.path.strip_prefix(base) {
                    file.path = relative.to_path_buf();
                }
            }
        }
        Ok(run)
    }

    /// Checks the inputs and writes every output into `out` (report.json to `json` when given,
    /// `-` for standard output), as `regcheck check` does.
    pub fn check_into(&self, out: &Path, json: Option<&Path>) -> Result<(Run, Written), String> {
        let run = self.analyze(Some(out))?;
        let written = crate::report::write_all(&run, out, json)?;
        Ok((run, written))
    }
}

/// Whether two paths name the same existing folder.
pub fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
