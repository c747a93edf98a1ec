//! `regcheck watch INBOX`: checks the registers dropped into a folder and keeps the outputs for
//! the whole folder up to date.
//!
//! The folder is polled (portable, and nothing to go wrong on network shares). A file counts once
//! its size and modification time have stayed the same for the settle time, so a file still being
//! copied is never read half-written. Office lock files (`~$…`), hidden files and other temporary
//! files (anything without a register's extension) are ignored, as `check` ignores them in a
//! folder. When every file has settled and something changed since the last check, the whole
//! folder is checked again with the same job as `check INBOX --out OUT`, and one line per new,
//! changed or removed file is logged. Nothing is ever written into the inbox.

use crate::finding::Severity;
use crate::job::Job;
use crate::report::messages::{register_label, render, Lang};
use crate::Run;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How `watch` was started.
#[derive(Debug, Clone)]
pub struct Config {
    pub inbox: PathBuf,
    pub out: PathBuf,
    pub rules: Option<PathBuf>,
    pub lang: Option<Lang>,
    pub as_of: Option<chrono::NaiveDate>,
    /// How often the inbox is looked at.
    pub interval: Duration,
    /// How long a file must stay unchanged before it is read.
    pub settle: Duration,
}

/// The output folder when none is given: `INBOX-checked` beside the inbox.
pub fn default_out(inbox: &Path) -> Result<PathBuf, String> {
    let absolute = inbox.canonicalize().map_err(|e| no_inbox(inbox, &e))?;
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => Ok(parent.join(format!("{}-checked", name.to_string_lossy()))),
        _ => Err(format!("{}: give an --out folder outside it / 请用 --out 指定输出文件夹", inbox.display())),
    }
}

fn no_inbox(inbox: &Path, e: &std::io::Error) -> String {
    format!("{}: no such folder / 找不到该文件夹: {e}", inbox.display())
}

/// `path` made absolute through its nearest existing ancestor (it need not exist yet).
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let path = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut rest = Vec::new();
    let mut base = path.as_path();
    loop {
        if let Ok(found) = base.canonicalize() {
            return Ok(rest.iter().rev().fold(found, |p, part| p.join(part)));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return Ok(path),
        }
    }
}

/// Refuses an inbox that is not a folder and an output folder inside the inbox.
pub fn validate(config: &Config) -> Result<(), String> {
    let inbox = config.inbox.canonicalize().map_err(|e| no_inbox(&config.inbox, &e))?;
    if !inbox.is_dir() {
        return Err(format!("{}: is not a folder / 不是文件夹", config.inbox.display()));
    }
    let out = absolute(&config.out).map_err(|e| format!("{}: {e}", config.out.display()))?;
    if out.starts_with(&inbox) {
        return Err(format!(
            "{}: the output folder cannot be inside the watched folder; choose another --out / 输出文件夹不能在被监视的文件夹里",
            config.out.display()
        ));
    }
    crate::rules::load(config.rules.as_deref()).map_err(|e| e.to_string())?;
    Ok(())
}

/// A file's size and modification time: when they stop changing, the file is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: Option<SystemTime>,
}

/// What the watcher knows of the inbox between two looks.
#[derive(Default)]
struct Inbox {
    /// Each file's stamp and when it was first seen with it.
    seen: BTreeMap<PathBuf, (Stamp, Instant)>,
    /// The stamps of the last check.
    checked: BTreeMap<PathBuf, Stamp>,
    /// The annotated copies the last check wrote (file names in the output folder).
    written: BTreeSet<String>,
}

impl Inbox {
    /// Looks at the folder; true when every file has settled and something changed since the last
    /// check.
    fn look(&mut self, config: &Config, now: Instant) -> Result<bool, String> {
        let files = crate::read::inputs::collect(std::slice::from_ref(&config.inbox), Some(&config.out))?;
        let mut seen = BTreeMap::new();
        for path in files {
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            let stamp = Stamp { size: meta.len(), modified: meta.modified().ok() };
            let since = match self.seen.get(&path) {
                Some((old, since)) if *old == stamp => *since,
                _ => now,
            };
            seen.insert(path, (stamp, since));
        }
        self.seen = seen;
        let settled = self.seen.values().all(|(_, since)| now.duration_since(*since) >= config.settle);
        Ok(settled && self.snapshot() != self.checked)
    }

    fn snapshot(&self) -> BTreeMap<PathBuf, Stamp> {
        self.seen.iter().map(|(p, (s, _))| (p.clone(), *s)).collect()
    }
}

/// Watches until the process is stopped, calling `log` with each line to show.
pub fn run(config: &Config, mut log: impl FnMut(&str)) -> Result<(), String> {
    validate(config)?;
    let mut inbox = Inbox::default();
    let lang = config.lang.unwrap_or(Lang::Zh);
    log(&match lang {
        Lang::Zh => format!(
            "正在监视 {}，结果写入 {}。把登记表放进该文件夹即可；按 Ctrl+C 停止。",
            config.inbox.display(),
            config.out.display()
        ),
        Lang::En => format!(
            "Watching {}; results go to {}. Drop registers into the folder; press Ctrl+C to stop.",
            config.inbox.display(),
            config.out.display()
        ),
    });
    loop {
        match inbox.look(config, Instant::now()) {
            Ok(true) => check(config, &mut inbox, &mut log),
            Ok(false) => {}
            Err(e) => log(&format!("{} {e}", clock())),
        }
        std::thread::sleep(config.interval);
    }
}

fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// Checks the whole inbox again and logs what changed.
fn check(config: &Config, inbox: &mut Inbox, log: &mut impl FnMut(&str)) {
    let snapshot = inbox.snapshot();
    let before = std::mem::replace(&mut inbox.checked, snapshot);
    let lang = config.lang.unwrap_or(Lang::Zh);
    for path in before.keys().filter(|p| !inbox.checked.contains_key(*p)) {
        log(&format!("{} {}  {}", clock(), path.display(), lang.pick("已移除", "removed")));
    }
    if inbox.checked.is_empty() {
        return;
    }
    let job = Job {
        inputs: vec![config.inbox.clone()],
        rules: config.rules.clone(),
        lang: config.lang,
        as_of: config.as_of,
        relative_to: None,
        show_personal_data: false,
    };
    let (run, written) = match job.check_into(&config.out, None) {
        Ok(done) => done,
        Err(e) => return log(&format!("{} {e}", clock())),
    };
    let lang = run.lang;
    let changed = |path: &Path| before.get(path) != inbox.checked.get(path);
    for (index, file) in run.files.iter().enumerate() {
        if changed(&file.path) {
            log(&format!("{} {}  {}", clock(), file.display(), file_line(&run, index, lang)));
        }
    }
    // Annotated copies of files no longer in the inbox go too, so the folder matches the inbox.
    let now: BTreeSet<String> = written
        .annotated
        .iter()
        .flatten()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for stale in inbox.written.difference(&now) {
        let _ = std::fs::remove_file(config.out.join(stale));
    }
    inbox.written = now;
    log(&format!("{} → {}  {}", clock(), config.out.display(), totals_line(&run, lang)));
}

/// One file: what its sheets were understood as and how many problems it has.
fn file_line(run: &Run, index: usize, lang: Lang) -> String {
    let file = &run.files[index];
    let findings: Vec<_> = run.findings.iter().filter(|f| f.file == Some(index)).collect();
    if file.workbook.is_none() {
        let why = findings.iter().find(|f| f.sheet.is_none()).map(|f| render(f, lang, run)).unwrap_or_default();
        return format!("✗ {why}");
    }
    let sheets: Vec<String> = file
        .sheets
        .iter()
        .filter(|s| s.table.is_some())
        .map(|s| match lang {
            Lang::Zh => format!("{} {} 条", register_label(s.kind().as_str(), lang), s.records),
            Lang::En => format!("{} {} records", register_label(s.kind().as_str(), lang), s.records),
        })
        .collect();
    let sheets = if sheets.is_empty() {
        lang.pick("未找到登记表", "no register found").to_string()
    } else {
        sheets.join("，")
    };
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    match lang {
        Lang::Zh => format!("{sheets} · 错误 {} · 警告 {}", count(Severity::Error), count(Severity::Warning)),
        Lang::En => format!("{sheets} · {} errors · {} warnings", count(Severity::Error), count(Severity::Warning)),
    }
}

/// The whole folder: problems and teachers' results.
fn totals_line(run: &Run, lang: Lang) -> String {
    use crate::check::Status;
    match lang {
        Lang::Zh => format!(
            "{} 个文件 · 错误 {} · 警告 {} · 教师 {} 人：达标 {}，未达标 {}，进行中 {}",
            run.files.len(),
            run.count(Severity::Error),
            run.count(Severity::Warning),
            run.teachers.len(),
            run.teachers_with(Status::Pass),
            run.teachers_with(Status::Fail),
            run.teachers_with(Status::InProgress)
        ),
        Lang::En => format!(
            "{} files · {} errors · {} warnings · {} teachers: {} pass, {} fail, {} in progress",
            run.files.len(),
            run.count(Severity::Error),
            run.count(Severity::Warning),
            run.teachers.len(),
            run.teachers_with(Status::Pass),
            run.teachers_with(Status::Fail),
            run.teachers_with(Status::InProgress)
        ),
    }
}
