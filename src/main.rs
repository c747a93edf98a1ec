//! The `regcheck` command line: parses arguments, runs the library, sets the exit code.
//!
//! - `check`: 0 no errors, 1 findings of severity error, 2 usage or rules-file errors;
//! - `fill`: 0 filled, 1 problems in the form (nothing written), 2 usage errors;
//! - `template`: 0 written, 2 usage errors;
//! - `serve`, `watch`: run until stopped (Ctrl+C); 2 usage errors.

use clap::{Parser, Subcommand};
use regcheck::job::Job;
use regcheck::report::export::ExportFormat;
use regcheck::report::messages::Lang;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "regcheck",
    version,
    about = "Checks teacher-training registers against the school's rules / 检查教师研修登记表"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check registers and write annotated copies, summary.xlsx and report.json
    /// / 检查登记表，输出批注副本、汇总表和 report.json
    Check {
        /// Files or folders (.xlsx .xlsm .xlsb .xls .ods .csv); folders are read recursively
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The school's rules file (TOML); without it the built-in default rules apply
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Output folder
        #[arg(long, default_value = "regcheck-out")]
        out: PathBuf,
        /// Language of messages: zh or en (default: the language of the registers' headers)
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        /// Judge as of this date (default: today), e.g. 2026-01-20
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// Where to write report.json ("-" for standard output; default: in the output folder)
        #[arg(long)]
        json: Option<PathBuf>,
        /// Show ID and phone numbers in full in report.json, summary.xlsx and on the terminal
        /// (masked by default) / 在报告中显示完整的身份证号和电话号码
        #[arg(long)]
        show_personal_data: bool,
    },
    /// Show how each sheet is understood: kind, layout, header, columns, first records
    /// / 查看每张表的识别结果：类型、表头、各列对应的字段、前几条记录
    Inspect {
        /// Files or folders
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The school's rules file (TOML): header aliases, marks, [[sources]] entries
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Language: zh or en (default: the language of the registers' headers)
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        /// Print the same as JSON
        #[arg(long)]
        json: bool,
        /// Show ID and phone numbers in full (masked by default) / 显示完整的身份证号和电话号码
        #[arg(long)]
        show_personal_data: bool,
    },
    /// Export the recognized records as tidy tables (roster, attendance, observations,
    /// reflections, hours) for other systems / 导出识别出的记录（整理好的表格）
    Export {
        /// Files or folders (.xlsx .xlsm .xlsb .xls .ods .csv); folders are read recursively
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output folder
        #[arg(long)]
        out: PathBuf,
        /// csv (roster.csv, attendance.csv, …), xlsx (records.xlsx) or json (records.json)
        #[arg(long, default_value = "csv", value_parser = parse_format)]
        format: ExportFormat,
        /// The school's rules file (TOML): school year, marks, header aliases
        #[arg(long)]
        rules: Option<PathBuf>,
        /// The day of the export (default: today); dates without a year take the school year
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Fill a district form (.xlsx with {{placeholders}} or a FORM.map.toml beside it) from the
    /// registers or a report.json / 用检查结果填写区县报表
    Fill {
        /// The form to fill (.xlsx); it is never written to
        template: PathBuf,
        /// Registers (files or folders), as for `check`
        inputs: Vec<PathBuf>,
        /// Take the figures from a report.json written by `check` instead of registers
        #[arg(long, conflicts_with = "inputs")]
        report: Option<PathBuf>,
        /// The school's rules file (TOML), as for `check`
        #[arg(long, conflicts_with = "report")]
        rules: Option<PathBuf>,
        /// The mapping file (default: FORM.map.toml beside the form, if there is one)
        #[arg(long)]
        map: Option<PathBuf>,
        /// The term the form reports on, e.g. 2025-2026-1 (default: the term of --as-of)
        #[arg(long)]
        term: Option<String>,
        /// Language of status words and dates in text: zh or en
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        /// Judge as of this date (default: today), e.g. 2026-01-20
        #[arg(long, value_parser = parse_date, conflicts_with = "report")]
        as_of: Option<chrono::NaiveDate>,
        /// The filled form to write (.xlsx)
        #[arg(long)]
        out: PathBuf,
    },
    /// Start a school's setup: a commented rules file and an empty roster to fill in
    /// / 生成带说明的规则文件和空白教师名册
    Init {
        /// The folder to write them in (default: the current folder)
        dir: Option<PathBuf>,
        /// Language of file names and the roster's headers: zh or en (default zh)
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// Print the rules in plain sentences, to check them against the school's policy
    /// / 用文字列出生效的规则，便于与学校制度核对
    Rules {
        /// The school's rules file (TOML); without it the built-in default rules
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Language: zh or en (default zh)
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// A local web page: drop the registers in, check them, download the results
    /// / 本机网页：拖入登记表即可检查并下载结果
    Serve {
        /// Port on 127.0.0.1 (default 8421, or a free one when it is taken; 0 picks a free one)
        #[arg(long)]
        port: Option<u16>,
        /// The school's rules file (TOML) used when the page sends none
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Language of messages in the outputs: zh or en (default: the language of the registers' headers)
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        /// Judge as of this date (default: the day of each check), e.g. 2026-01-20
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// At most this many files per check
        #[arg(long, default_value_t = 500)]
        max_files: usize,
        /// At most this many megabytes uploaded per check
        #[arg(long, default_value_t = 200)]
        max_upload_mb: u64,
        /// Do not open the page in the browser
        #[arg(long)]
        no_open: bool,
    },
    /// Check the registers dropped into a folder, keeping the outputs for the whole folder up to
    /// date / 监视文件夹：放入登记表即自动检查
    Watch {
        /// The folder to watch; it is never written to
        inbox: PathBuf,
        /// Output folder (default: INBOX-checked beside the inbox); not inside the inbox
        #[arg(long)]
        out: Option<PathBuf>,
        /// The school's rules file (TOML)
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Language of messages: zh or en (default: the language of the registers' headers)
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        /// Judge as of this date (default: the day of each check), e.g. 2026-01-20
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// How often to look at the folder, in milliseconds
        #[arg(long, default_value_t = 1000)]
        interval_ms: u64,
        /// How long a file must stay unchanged before it is read, in milliseconds
        #[arg(long, default_value_t = 3000)]
        settle_ms: u64,
    },
    /// Write a blank register for next term from the roster / 生成下学期的空白登记表
    Template {
        /// attendance (考勤表, a grid), signin (签到表), observations (听课记录), reflections (反思登记)
        #[arg(value_parser = parse_kind)]
        kind: regcheck::blank::Kind,
        /// The roster (教师名册) whose teachers the register lists
        #[arg(long)]
        roster: PathBuf,
        /// The term, e.g. 2026-2027-1 (default: the next term to begin)
        #[arg(long)]
        term: Option<String>,
        /// The school's rules file (TOML): school name, terms, attendance marks
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Weekday of the training sessions in the attendance grid (1 = Monday … 7 = Sunday)
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=7))]
        weekday: u32,
        /// The register to write (.xlsx)
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_kind(s: &str) -> Result<regcheck::blank::Kind, String> {
    regcheck::blank::Kind::parse(s)
        .ok_or_else(|| format!("\"{s}\": use attendance, signin, observations or reflections"))
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("\"{s}\": use zh or en"))
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(s).ok_or_else(|| format!("\"{s}\": use csv, xlsx or json"))
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    regcheck::parse::date::parse_date_text(s)
        .ok()
        .and_then(|d| d.full())
        .ok_or_else(|| format!("\"{s}\" is not a date: write it as 2026-01-20"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check { inputs, rules, out, lang, as_of, json, show_personal_data } => {
            check(&inputs, rules, &out, lang, as_of, json, show_personal_data)
        }
        Command::Export { inputs, out, format, rules, as_of } => export(&inputs, rules, &out, format, as_of),
        Command::Inspect { inputs, rules, lang, json, show_personal_data } => {
            inspect(&inputs, rules, lang, json, show_personal_data)
        }
        Command::Fill { template, inputs, report, rules, map, term, lang, as_of, out } => {
            Ok(fill(template, inputs, report, rules, map, term, lang, as_of, out))
        }
        Command::Init { dir, lang } => init(dir, lang.unwrap_or(Lang::Zh)),
        Command::Rules { rules, lang } => explain_rules(rules, lang.unwrap_or(Lang::Zh)),
        Command::Template { kind, roster, term, rules, weekday, out } => {
            Ok(template(kind, roster, term, rules, weekday, out))
        }
        Command::Watch { inbox, out, rules, lang, as_of, interval_ms, settle_ms } => {
            watch(inbox, out, rules, lang, as_of, interval_ms, settle_ms)
        }
        Command::Serve { port, rules, lang, as_of, max_files, max_upload_mb, no_open } => {
            let limits =
                regcheck::serve::upload::Limits { max_files, max_bytes: max_upload_mb.saturating_mul(1 << 20) };
            let config = regcheck::serve::Config { port, rules, lang, as_of, limits, open: !no_open };
            regcheck::serve::run(config).map(|()| ExitCode::SUCCESS)
        }
    };
    outcome.unwrap_or_else(|message| {
        eprintln!("regcheck: {message}");
        ExitCode::from(2)
    })
}

/// A usage error: said on standard error, exit 2.
type Usage = Result<ExitCode, String>;

/// Loads the rules and reads and checks the inputs, as every command that reads registers does.
fn analyze(
    inputs: &[PathBuf],
    rules: Option<PathBuf>,
    out: Option<&Path>,
    lang: Option<Lang>,
    as_of: Option<chrono::NaiveDate>,
) -> Result<regcheck::Run, String> {
    Job { inputs: inputs.to_vec(), rules, lang, as_of, ..Job::default() }.analyze(out)
}

/// `regcheck check`: exit 0 without errors, 1 with findings of severity error.
fn check(
    inputs: &[PathBuf],
    rules: Option<PathBuf>,
    out: &Path,
    lang: Option<Lang>,
    as_of: Option<chrono::NaiveDate>,
    json: Option<PathBuf>,
    show_personal_data: bool,
) -> Usage {
    let job = Job { inputs: inputs.to_vec(), rules, lang, as_of, show_personal_data, ..Job::default() };
    let (run, written) = job.check_into(out, json.as_deref())?;
    let text = regcheck::report::terminal::summary(&run, &written);
    if json.as_deref() == Some(Path::new("-")) {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    if !written.failed.is_empty() {
        return Err(written.failed.join("\n"));
    }
    let code = if run.count(regcheck::finding::Severity::Error) > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS };
    // The process ends here: a district's run holds millions of cells and records, and the
    // system frees them at once, faster than dropping them one by one.
    std::mem::forget(run);
    Ok(code)
}

/// `regcheck watch`: runs until stopped; only a wrong command line returns.
fn watch(
    inbox: PathBuf,
    out: Option<PathBuf>,
    rules: Option<PathBuf>,
    lang: Option<Lang>,
    as_of: Option<chrono::NaiveDate>,
    interval_ms: u64,
    settle_ms: u64,
) -> Usage {
    use std::time::Duration;
    let out = match out {
        Some(out) => out,
        None => regcheck::watch::default_out(&inbox)?,
    };
    let interval = Duration::from_millis(interval_ms.max(10));
    let settle = Duration::from_millis(settle_ms);
    let config = regcheck::watch::Config { inbox, out, rules, lang, as_of, interval, settle };
    regcheck::watch::run(&config, |line| println!("{line}"))?;
    Ok(ExitCode::SUCCESS)
}

/// `regcheck export`: reads and checks like `check` (dates need the school year, `counted` the
/// roster), then writes the tables and says where.
fn export(
    inputs: &[PathBuf],
    rules: Option<PathBuf>,
    out: &Path,
    format: ExportFormat,
    as_of: Option<chrono::NaiveDate>,
) -> Usage {
    let run = analyze(inputs, rules, Some(out), None, as_of)?;
    let written = regcheck::report::export::write(&run, out, format)?;
    print!("{}", regcheck::report::export::summary(&run, &written));
    Ok(ExitCode::SUCCESS)
}

/// `regcheck inspect`: how each sheet was understood, as text or JSON on standard output.
fn inspect(
    inputs: &[PathBuf],
    rules: Option<PathBuf>,
    lang: Option<Lang>,
    json: bool,
    show_personal_data: bool,
) -> Usage {
    let mut run = analyze(inputs, rules, None, lang, None)?;
    run.show_personal_data = show_personal_data;
    if json {
        let text = serde_json::to_string_pretty(&regcheck::report::inspect::json(&run)).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print!("{}", regcheck::report::inspect::text(&run));
    }
    Ok(ExitCode::SUCCESS)
}

/// `regcheck fill`: figures from the registers (or a report.json), the form patched, problems
/// in the form listed with their cells.
#[allow(clippy::too_many_arguments)]
fn fill(
    template: PathBuf,
    inputs: Vec<PathBuf>,
    report: Option<PathBuf>,
    rules: Option<PathBuf>,
    map: Option<PathBuf>,
    term: Option<String>,
    lang: Option<Lang>,
    as_of: Option<chrono::NaiveDate>,
    out: PathBuf,
) -> ExitCode {
    use regcheck::fill::{self, figures::Figures};
    let usage = |message: String| {
        eprintln!("regcheck: {message}");
        ExitCode::from(2)
    };
    let same_file = |a: &Path| match (
        a.canonicalize(),
        out.parent().and_then(|p| {
            let p = if p.as_os_str().is_empty() { Path::new(".") } else { p };
            p.canonicalize().ok()
        }),
    ) {
        (Ok(a), Some(dir)) => out.file_name().is_some_and(|n| dir.join(n) == a),
        _ => false,
    };
    if same_file(&template) || inputs.iter().chain(&report).any(|i| same_file(i)) {
        return usage(format!(
            "{}: is an input; regcheck never writes over its inputs / 这是输入文件，不会覆盖",
            out.display()
        ));
    }
    let bytes = match std::fs::read(&template) {
        Ok(b) => b,
        Err(e) => return usage(format!("{}: cannot read the form / 无法读取报表: {e}", template.display())),
    };
    let mapping = match map.or_else(|| Some(fill::mapping::beside(&template)).filter(|p| p.exists())) {
        Some(p) => match fill::mapping::load(&p) {
            Ok(m) => Some(m),
            Err(e) => return usage(e),
        },
        None => None,
    };
    let mut register_errors = 0;
    let figures = if let Some(report) = &report {
        let json = std::fs::read_to_string(report)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).map_err(|e| e.to_string()));
        match json.and_then(|j| Figures::from_report(&j, term.as_deref(), lang)) {
            Ok(f) => f,
            Err(e) => return usage(format!("{}: {e}", report.display())),
        }
    } else {
        if inputs.is_empty() {
            return usage(
                "give the registers (files or folders) or --report report.json / 请给出登记表或 --report".into(),
            );
        }
        let run = match analyze(&inputs, rules, None, lang, as_of) {
            Ok(run) => run,
            Err(e) => return usage(e),
        };
        register_errors = run.count(regcheck::finding::Severity::Error);
        match Figures::from_run(&run, term.as_deref(), lang) {
            Ok(f) => f,
            Err(e) => return usage(e),
        }
    };
    let lang = figures.lang;
    match fill::fill(bytes, &figures, mapping.as_ref()) {
        Ok(filled) => {
            if let Err(e) = regcheck::report::output::write_atomic(&out, &filled) {
                return usage(format!("{}: cannot write / 无法写入: {e}", out.display()));
            }
            println!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "已填写 {}：{} 位教师，{} 个教研组",
                        out.display(),
                        figures.teachers.len(),
                        figures.departments.len()
                    ),
                    Lang::En => format!(
                        "Filled {}: {} teachers, {} departments",
                        out.display(),
                        figures.teachers.len(),
                        figures.departments.len()
                    ),
                }
            );
            if register_errors > 0 {
                println!(
                    "{}",
                    lang.pick(
                        "注意：登记表中还有错误，有些记录未计入；请先运行 regcheck check 查看并改正。",
                        "Note: the registers still have errors and some records did not count; run regcheck check to see and fix them."
                    )
                );
            }
            ExitCode::SUCCESS
        }
        Err(fill::Error::Problems(problems)) => {
            eprintln!("{}", lang.pick("报表中有问题，未写入任何文件：", "Problems in the form; nothing was written:"));
            for p in &problems {
                match p.place() {
                    place if place.is_empty() => eprintln!("  {}", p.message(lang)),
                    place => eprintln!("  {place}: {}", p.message(lang)),
                }
            }
            ExitCode::from(1)
        }
        Err(fill::Error::Unreadable(e)) => usage(format!("{}: {e} / 无法读取报表", template.display())),
    }
}

/// `regcheck template`: a blank register for the roster's teachers and the term.
fn template(
    kind: regcheck::blank::Kind,
    roster: PathBuf,
    term: Option<String>,
    rules: Option<PathBuf>,
    weekday: u32,
    out: PathBuf,
) -> ExitCode {
    let usage = |message: String| {
        eprintln!("regcheck: {message}");
        ExitCode::from(2)
    };
    if roster.canonicalize().ok().is_some_and(|r| Some(r) == out.canonicalize().ok()) {
        return usage(format!("{}: is the roster; choose another --out / 不能覆盖名册", out.display()));
    }
    let rules = match regcheck::rules::load(rules.as_deref()) {
        Ok(r) => r,
        Err(e) => return usage(e.to_string()),
    };
    if !roster.is_file() {
        return usage(format!("{}: no such file / 找不到名册文件", roster.display()));
    }
    let today = chrono::Local::now().date_naive();
    let run = regcheck::analyze(std::slice::from_ref(&roster), rules, today, Some(Lang::Zh));
    let has_roster = run.files.iter().flat_map(|f| &f.sheets).any(|s| s.kind() == regcheck::recognize::Kind::Roster);
    if !has_roster || run.teachers.is_empty() {
        return usage(format!(
            "{}: no roster found (a sheet with 姓名 and 教研组/工号 columns) / 没有找到教师名册",
            roster.display()
        ));
    }
    let term = match regcheck::blank::choose_term(&run.school_year, today, term.as_deref()) {
        Ok(t) => t,
        Err(e) => return usage(e),
    };
    let teachers: Vec<regcheck::blank::Teacher> = run
        .teachers
        .iter()
        .map(|t| regcheck::blank::Teacher { name: t.name.clone(), department: t.department.clone() })
        .collect();
    let written = regcheck::blank::workbook(kind, &teachers, &term, &run.rules.school.name, &run.rules, weekday)
        .map_err(|e| e.to_string())
        .and_then(|mut wb| regcheck::report::output::save(&mut wb, &out));
    if let Err(e) = written {
        return usage(format!("{}: cannot write / 无法写入: {e}", out.display()));
    }
    println!("已写出 {}：{}，{} 位教师", out.display(), term.name, teachers.len());
    ExitCode::SUCCESS
}

/// `regcheck rules`: the effective rules in sentences; exit 2 when the rules file is wrong.
fn explain_rules(rules: Option<PathBuf>, lang: Lang) -> Usage {
    let loaded = regcheck::rules::load(rules.as_deref()).map_err(|e| e.to_string())?;
    let source = match &rules {
        Some(p) => p.display().to_string(),
        None => lang
            .pick("内置默认规则（templates/rules.toml）", "the built-in default rules (templates/rules.toml)")
            .into(),
    };
    print!("{}", regcheck::report::explain::explain(&loaded, &source, lang));
    Ok(ExitCode::SUCCESS)
}

/// `regcheck init`: writes the rules file and the empty roster, never over existing files.
fn init(dir: Option<PathBuf>, lang: Lang) -> Usage {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let (rules_name, roster_name) = match lang {
        Lang::Zh => ("本校规则.toml", "教师名册.xlsx"),
        Lang::En => ("rules.toml", "roster.xlsx"),
    };
    let (rules_path, roster_path) = (dir.join(rules_name), dir.join(roster_name));
    if let Some(existing) = [&rules_path, &roster_path].into_iter().find(|p| p.exists()) {
        return Err(format!(
            "{}: already exists; regcheck init never overwrites a file — move it or choose another folder / 文件已存在，不会覆盖",
            existing.display()
        ));
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("{}: cannot create the folder / 无法创建文件夹: {e}", dir.display()))?;
    let text = regcheck::rules::starter_text(rules_name, roster_name);
    regcheck::report::output::write_atomic(&rules_path, text.as_bytes())
        .map_err(|e| format!("{}: cannot write / 无法写入: {e}", rules_path.display()))?;
    regcheck::blank::roster(lang)
        .map_err(|e| e.to_string())
        .and_then(|mut wb| regcheck::report::output::save(&mut wb, &roster_path))
        .map_err(|e| format!("{}: cannot write / 无法写入: {e}", roster_path.display()))?;
    let (r, o) = (rules_path.display(), roster_path.display());
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已写入：\n  {r}  规则文件：按本校制度修改其中的数字（不少于____的地方），没写的沿用默认值\n  {o}  空白教师名册：每位教师一行\n\n然后：\n  regcheck rules --rules {r}        用文字列出规则，与学校制度核对\n  regcheck check 登记表文件夹/ --rules {r}"
            ),
            Lang::En => format!(
                "Written:\n  {r}  the rules file: change its numbers to your school's policy; what you leave out keeps the default\n  {o}  an empty roster: one row per teacher\n\nThen:\n  regcheck rules --rules {r}        print the rules in sentences to check them against your policy\n  regcheck check registers/ --rules {r}"
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}
