//! The `regcheck` command line: parses arguments, runs the library, sets the exit code
//! (0 no errors, 1 findings of severity error, 2 usage or rules-file errors).

use clap::{Parser, Subcommand};
use regcheck::report::export::ExportFormat;
use regcheck::report::messages::Lang;
use std::path::PathBuf;
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
    match cli.command {
        Command::Check { inputs, rules, out, lang, as_of, json } => {
            let usage = |message: String| {
                eprintln!("regcheck: {message}");
                ExitCode::from(2)
            };
            let rules = match regcheck::rules::load(rules.as_deref()) {
                Ok(r) => r,
                Err(e) => return usage(e.to_string()),
            };
            if let Some(input) = inputs.iter().find(|i| i.is_dir() && same_dir(i, &out)) {
                return usage(format!(
                    "{}: the output folder cannot be an input folder; choose another --out / 输出文件夹不能是输入文件夹",
                    input.display()
                ));
            }
            let files = match regcheck::read::inputs::collect(&inputs, Some(&out)) {
                Ok(f) => f,
                Err(e) => return usage(e),
            };
            if files.is_empty() {
                return usage(format!(
                    "no spreadsheet files (.xlsx .xlsm .xlsb .xls .ods .csv) found in {} / 没有找到表格文件",
                    inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
                ));
            }
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let run = regcheck::analyze(&files, rules, as_of, lang);
            let written = match regcheck::report::write_all(&run, &out, json.as_deref()) {
                Ok(w) => w,
                Err(e) => return usage(e),
            };
            let text = regcheck::report::terminal::summary(&run, &written);
            if json.as_deref() == Some(std::path::Path::new("-")) {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            if run.count(regcheck::finding::Severity::Error) > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Export { inputs, out, format, rules, as_of } => export(&inputs, &out, format, rules.as_deref(), as_of),
    }
}

/// `regcheck export`: reads and checks like `check` (dates need the school year, `counted` the
/// roster), then writes the tables and says where. Exit 0, or 2 on a usage error.
fn export(
    inputs: &[PathBuf],
    out: &std::path::Path,
    format: ExportFormat,
    rules: Option<&std::path::Path>,
    as_of: Option<chrono::NaiveDate>,
) -> ExitCode {
    let usage = |message: String| {
        eprintln!("regcheck: {message}");
        ExitCode::from(2)
    };
    let rules = match regcheck::rules::load(rules) {
        Ok(r) => r,
        Err(e) => return usage(e.to_string()),
    };
    if let Some(input) = inputs.iter().find(|i| i.is_dir() && same_dir(i, out)) {
        return usage(format!(
            "{}: the output folder cannot be an input folder; choose another --out / 输出文件夹不能是输入文件夹",
            input.display()
        ));
    }
    let files = match regcheck::read::inputs::collect(inputs, Some(out)) {
        Ok(f) => f,
        Err(e) => return usage(e),
    };
    if files.is_empty() {
        return usage(format!(
            "no spreadsheet files (.xlsx .xlsm .xlsb .xls .ods .csv) found in {} / 没有找到表格文件",
            inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let run = regcheck::analyze(&files, rules, as_of, None);
    let written = match regcheck::report::export::write(&run, out, format) {
        Ok(w) => w,
        Err(e) => return usage(e),
    };
    print!("{}", regcheck::report::export::summary(&run, &written));
    ExitCode::SUCCESS
}

fn same_dir(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
