//! The `regcheck` command line: parses arguments, runs the library, sets the exit code
//! (0 no errors, 1 findings of severity error, 2 usage or rules-file errors).

use clap::{Parser, Subcommand};
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
        Command::Check { inputs, rules, out, lang, as_of, json } => check(&inputs, rules, &out, lang, as_of, json),
        Command::Export { inputs, out, format, rules, as_of } => export(&inputs, rules, &out, format, as_of),
        Command::Inspect { inputs, rules, lang, json } => inspect(&inputs, rules, lang, json),
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
    let rules = regcheck::rules::load(rules.as_deref()).map_err(|e| e.to_string())?;
    if let Some(input) = inputs.iter().find(|i| i.is_dir() && out.is_some_and(|o| same_dir(i, o))) {
        return Err(format!(
            "{}: the output folder cannot be an input folder; choose another --out / 输出文件夹不能是输入文件夹",
            input.display()
        ));
    }
    let files = regcheck::read::inputs::collect(inputs, out)?;
    if files.is_empty() {
        return Err(format!(
            "no spreadsheet files (.xlsx .xlsm .xlsb .xls .ods .csv) found in {} / 没有找到表格文件",
            inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    Ok(regcheck::analyze(&files, rules, as_of, lang))
}

/// `regcheck check`: exit 0 without errors, 1 with findings of severity error.
fn check(
    inputs: &[PathBuf],
    rules: Option<PathBuf>,
    out: &Path,
    lang: Option<Lang>,
    as_of: Option<chrono::NaiveDate>,
    json: Option<PathBuf>,
) -> Usage {
    let run = analyze(inputs, rules, Some(out), lang, as_of)?;
    let written = regcheck::report::write_all(&run, out, json.as_deref())?;
    let text = regcheck::report::terminal::summary(&run, &written);
    if json.as_deref() == Some(Path::new("-")) {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    Ok(if run.count(regcheck::finding::Severity::Error) > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
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
fn inspect(inputs: &[PathBuf], rules: Option<PathBuf>, lang: Option<Lang>, json: bool) -> Usage {
    let run = analyze(inputs, rules, None, lang, None)?;
    if json {
        let text = serde_json::to_string_pretty(&regcheck::report::inspect::json(&run)).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print!("{}", regcheck::report::inspect::text(&run));
    }
    Ok(ExitCode::SUCCESS)
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
