//! Arbitrary bytes read as each format (the first byte picks .xlsx .xls .ods .xlsb .csv), and
//! what is read checked and written as an annotated copy. Reading may refuse a file; nothing
//! may panic, and the limits keep memory bounded (libFuzzer's -rss_limit_mb says when not).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// The built-in rules, loaded once.
static RULES: LazyLock<regcheck::rules::Rules> =
    LazyLock::new(|| regcheck::rules::load(None).expect("the built-in rules load"));
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let ext = ["xlsx", "xls", "ods", "xlsb", "csv"][pick as usize % 5];
    let path = std::env::temp_dir().join(format!("regcheck-fuzz-{}.{ext}", std::process::id()));
    if std::fs::File::create(&path).and_then(|mut f| f.write_all(bytes)).is_err() {
        return;
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 20).expect("a date");
    let run = regcheck::analyze(std::slice::from_ref(&path), RULES.clone(), as_of, None);
    if run.files.first().is_some_and(|f| f.workbook.is_some()) {
        let mut wb = regcheck::report::annotated::workbook(&run, 0).expect("an annotated copy of what was read");
        wb.save_to_buffer().expect("the copy saves");
        let _ = regcheck::report::json::render(&run);
    }
    let _ = std::fs::remove_file(&path);
});
