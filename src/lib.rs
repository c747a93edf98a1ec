//! regcheck checks the registers a school office keeps on teacher training (sign-in sheets,
//! observation logs, reflection logs, hours ledgers, the roster) against the school's rules.
//!
//! The pipeline runs one way, each stage adding findings:
//!
//! ```text
//! files ──read──▶ Workbook ──recognize──▶ Table ──parse──▶ Record ──check──▶ Findings + Compliance ──report──▶ outputs
//! ```
//!
//! [`analyze`] runs read → check and returns a [`Run`]; [`report::write_all`] writes the
//! annotated workbooks, `summary.xlsx` and `report.json` from it.

pub mod blank;
pub mod check;
pub mod fill;
pub mod finding;
pub mod job;
pub mod parse;
pub mod progress;
pub mod read;
pub mod recognize;
pub mod report;
pub mod rules;
pub mod serve;
pub mod watch;

use chrono::NaiveDate;
use finding::{column_name, Code, Finding, Severity};
use parse::records::{Parsed, TableParser};
use rayon::prelude::*;
use read::{ReadError, Workbook};
use recognize::{Kind, Layout};
use report::messages::Lang;
use rules::Rules;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The version string written into outputs.
pub const GENERATOR: &str = concat!("regcheck ", env!("CARGO_PKG_VERSION"));

/// How reading a file went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    Ok,
    Unreadable,
    Encrypted,
    Unsupported,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Ok => "ok",
            FileStatus::Unreadable => "unreadable",
            FileStatus::Encrypted => "encrypted",
            FileStatus::Unsupported => "unsupported",
        }
    }
}

/// What regcheck understood of one sheet: the recognized table, if any, and how many records
/// (or teachers) were read from it. The report's views of it are derived, 1-based, with
/// column letters.
#[derive(Debug, Clone)]
pub struct SheetSummary {
    pub name: String,
    pub records: usize,
    pub table: Option<recognize::Table>,
}

/// One input file and what became of it.
#[derive(Debug)]
pub struct InputFile {
    /// The path as the user gave it (or as found under a folder the user gave).
    pub path: PathBuf,
    pub status: FileStatus,
    pub workbook: Option<Workbook>,
    pub sheets: Vec<SheetSummary>,
}

impl InputFile {
    pub fn display(&self) -> String {
        self.path.display().to_string()
    }
}

/// Everything a run found, ready to be reported.
#[derive(Debug)]
pub struct Run {
    pub rules: Rules,
    pub as_of: NaiveDate,
    pub lang: Lang,
    pub school_year: rules::calendar::SchoolYear,
    pub files: Vec<InputFile>,
    /// Sorted by file, sheet, cell and code.
    pub findings: Vec<Finding>,
    pub teachers: Vec<check::TeacherResult>,
    /// Results of the school rules (`scope = "school"`), per rule and period.
    pub school_results: Vec<check::RuleResult>,
    /// The roster's teachers as parsed, in file, sheet and row order.
    pub roster: Vec<parse::records::Teacher>,
    /// The registers' records as parsed and checked (`resolved_date` set), in file, sheet and row order.
    pub records: Vec<parse::records::Record>,
    /// What became of each record (same order as `records`): whose it is and whether it counts.
    pub attribution: Vec<check::records::Attribution>,
    /// Whether report.json, summary.xlsx and the terminal may show ID and phone numbers as they
    /// are (`--show-personal-data`); masked otherwise. Off after [`analyze`].
    pub show_personal_data: bool,
}

impl Run {
    /// The most serious severity among the findings, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// How many teachers' overall status is `status`.
    pub fn teachers_with(&self, status: check::Status) -> usize {
        self.teachers.iter().filter(|t| t.status == status).count()
    }
}

/// Reads, recognizes, parses and checks `files` (already expanded from folders) against `rules`.
/// `lang` is chosen from the headers when not given.
pub fn analyze(files: &[PathBuf], rules: Rules, as_of: NaiveDate, lang: Option<Lang>) -> Run {
    let aliases = recognize::fields::Aliases::new(&rules.aliases);
    let vocabulary = rules.marks.vocabulary();
    let progress = progress::bar(files.len() as u64, "读取 / reading");
    // Files are read, recognized and parsed in parallel; their results are joined in file order,
    // so the run is the same as a sequential one (findings are sorted below in any case).
    let done: Vec<FileOutcome> = files
        .par_iter()
        .enumerate()
        .map(|(file_index, path)| {
            let outcome = read_and_parse(file_index, path, &rules, &aliases, &vocabulary);
            progress.inc(1);
            outcome
        })
        .collect();
    progress.finish_and_clear();
    let mut parsed = Parsed::default();
    let mut inputs = Vec::with_capacity(done.len());
    let mut header_texts = String::new();
    let mut used_overrides = std::collections::BTreeSet::new();
    for outcome in done {
        parsed.findings.extend(outcome.parsed.findings);
        parsed.records.extend(outcome.parsed.records);
        parsed.teachers.extend(outcome.parsed.teachers);
        header_texts.push_str(&outcome.header_texts);
        used_overrides.extend(outcome.used_overrides);
        inputs.push(outcome.input);
    }

    // A [[sources]] entry that matched no sheet is most likely a typo in its file name.
    for (i, o) in rules.sources.iter().enumerate().filter(|(i, _)| !used_overrides.contains(i)) {
        let f =
            Finding::new(Code::UnusedOverride, Severity::Warning).value(&o.file).param("index", (i + 1).to_string());
        parsed.findings.push(match &o.sheet {
            Some(sheet) => f.param("sheet", sheet.clone()),
            None => f,
        });
    }
    let kinds_present: Vec<Kind> = inputs.iter().flat_map(|f| f.sheets.iter().flat_map(|s| s.kinds())).collect();
    let checked = check::check(&mut parsed, &rules, as_of, &kinds_present);
    let mut findings = parsed.findings;
    findings.extend(checked.findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
    let lang = lang.unwrap_or_else(|| Lang::detect(&header_texts));
    Run {
        rules,
        as_of,
        lang,
        school_year: checked.school_year,
        files: inputs,
        findings,
        teachers: checked.teachers,
        school_results: checked.school,
        roster: parsed.teachers,
        records: parsed.records,
        attribution: checked.attribution,
        show_personal_data: false,
    }
}

/// What reading, recognizing and parsing one file gave.
struct FileOutcome {
    input: InputFile,
    parsed: Parsed,
    header_texts: String,
    used_overrides: Vec<usize>,
}

/// Reads one file, recognizes its sheets and parses their rows (one file's share of [`analyze`]).
fn read_and_parse(
    file_index: usize,
    path: &Path,
    rules: &Rules,
    aliases: &recognize::fields::Aliases,
    vocabulary: &parse::mark::Vocabulary,
) -> FileOutcome {
    let mut parsed = Parsed::default();
    let mut header_texts = String::new();
    let mut used_overrides = Vec::new();
    let workbook = match read::read_file_with(path, &rules.limits.read_limits()) {
        Ok(wb) => wb,
        Err(e) => {
            parsed.findings.push(file_finding(file_index, &e));
            let status = match e {
                ReadError::Encrypted => FileStatus::Encrypted,
                ReadError::Unsupported(_) => FileStatus::Unsupported,
                ReadError::Unreadable(_) | ReadError::TooLarge { .. } => FileStatus::Unreadable,
            };
            let input = InputFile { path: path.to_path_buf(), status, workbook: None, sheets: Vec::new() };
            return FileOutcome { input, parsed, header_texts, used_overrides };
        }
    };
    parsed.findings.extend(text_too_long(&workbook, file_index));
    let hint = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let mut sheets = Vec::new();
    for (sheet_index, sheet) in workbook.sheets.iter().enumerate() {
        let over = rules.sources.iter().position(|o| o.matches(path, &sheet.name));
        if let Some(i) = over {
            used_overrides.push(i);
        }
        let over = over.and_then(|i| rules.sources.get(i));
        let recognized = recognize::recognize(sheet, (file_index, sheet_index), hint, aliases, over);
        parsed.findings.extend(recognized.findings);
        let Some(table) = recognized.table else {
            sheets.push(SheetSummary::unrecognized(&sheet.name));
            continue;
        };
        for &h in &table.header_rows {
            for c in 0..sheet.width() {
                header_texts.push_str(&sheet.get(h, c).display());
            }
        }
        let before = parsed.records.len() + parsed.teachers.len();
        let parser = TableParser { sheet, table: &table, file: file_index, sheet_index, rules, vocabulary, hint };
        parser.parse_into(&mut parsed);
        let records = parsed.records.len() + parsed.teachers.len() - before;
        sheets.push(SheetSummary::of(&sheet.name, table, records));
    }
    let input = InputFile { path: path.to_path_buf(), status: FileStatus::Ok, workbook: Some(workbook), sheets };
    FileOutcome { input, parsed, header_texts, used_overrides }
}

/// Text cells longer than an Excel cell holds: read and checked in full, cut in the annotated copy.
fn text_too_long(workbook: &Workbook, file: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    for (sheet, s) in workbook.sheets.iter().enumerate() {
        for (row, cells) in s.rows.iter().enumerate() {
            for (col, value) in cells.iter().enumerate() {
                let Some(text) = value.as_text().filter(|t| t.len() > report::xlsx::MAX_CELL_CHARS) else { continue };
                let chars = text.chars().count();
                if chars > report::xlsx::MAX_CELL_CHARS {
                    let at = finding::Source { file, sheet, row: row as u32, col: col as u32 };
                    out.push(Finding::at(Code::TextTooLong, Severity::Warning, &at).param("chars", chars));
                }
            }
        }
    }
    out
}

fn file_finding(file: usize, e: &ReadError) -> Finding {
    let code = match e {
        ReadError::Encrypted => Code::EncryptedFile,
        ReadError::Unsupported(_) => Code::UnsupportedFile,
        ReadError::Unreadable(_) | ReadError::TooLarge { .. } => Code::UnreadableFile,
    };
    let finding = Finding::about(code, Severity::Error, file, None).param("reason", e.reason());
    match e {
        // Past a limit: the reason says which, in both languages, and the message what to do.
        ReadError::TooLarge { zh, .. } => finding.param("reason_zh", zh).param("limit", "true"),
        _ => finding,
    }
}

impl SheetSummary {
    fn unrecognized(name: &str) -> SheetSummary {
        SheetSummary { name: name.to_string(), records: 0, table: None }
    }

    fn of(name: &str, table: recognize::Table, records: usize) -> SheetSummary {
        SheetSummary { name: name.to_string(), records, table: Some(table) }
    }

    pub fn kind(&self) -> Kind {
        self.table.as_ref().map_or(Kind::Unknown, |t| t.kind)
    }

    /// Every kind of register the sheet stands for: its kind, and those a tally's counts feed.
    pub fn kinds(&self) -> Vec<Kind> {
        let counts = self.table.iter().flat_map(|t| &t.counts).map(|c| c.measure.kind());
        std::iter::once(self.kind()).chain(counts).collect()
    }

    pub fn layout(&self) -> Option<Layout> {
        self.table.as_ref().map(|t| t.layout)
    }

    /// 1-based, as Excel shows them.
    pub fn header_rows(&self) -> Vec<u32> {
        self.table.iter().flat_map(|t| &t.header_rows).map(|r| r + 1).collect()
    }

    /// First and last data row, 1-based.
    pub fn data_rows(&self) -> Option<(u32, u32)> {
        let rows = &self.table.as_ref()?.rows;
        rows.first().zip(rows.last()).map(|(a, b)| (a + 1, b + 1))
    }

    /// Field name → column letter.
    pub fn columns(&self) -> BTreeMap<String, String> {
        self.table.iter().flat_map(|t| &t.columns).map(|(f, c)| (f.name().to_string(), column_name(*c))).collect()
    }

    /// Column letter → header text, for columns regcheck does not know.
    pub fn unknown_columns(&self) -> BTreeMap<String, String> {
        self.table.iter().flat_map(|t| &t.unknown_columns).map(|(c, t)| (column_name(*c), t.clone())).collect()
    }

    /// A grid's session columns: letter → date (ISO; `--09-03` without a year).
    pub fn sessions(&self) -> BTreeMap<String, String> {
        self.table.iter().flat_map(|t| &t.sessions).map(|s| (column_name(s.col), s.date_text())).collect()
    }

    /// A grid's totals columns: letter → what it counts.
    pub fn totals(&self) -> BTreeMap<String, &'static str> {
        self.table.iter().flat_map(|t| &t.totals).map(|(c, t)| (column_name(*c), t.as_str())).collect()
    }

    /// Fields whose blanks were read as the value above.
    pub fn filled_down(&self) -> Vec<&'static str> {
        self.table.iter().flat_map(|t| &t.filled_fields).map(|f| f.name()).collect()
    }
}

/// Convenience for tests and other programs: collect inputs, load rules, analyze.
pub fn check_paths(inputs: &[PathBuf], rules_file: Option<&Path>, as_of: NaiveDate) -> Result<Run, String> {
    let files = read::inputs::collect(inputs, None)?;
    let rules = rules::load(rules_file).map_err(|e| e.to_string())?;
    Ok(analyze(&files, rules, as_of, None))
}
