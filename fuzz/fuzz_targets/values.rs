//! The value parsers and the safety helpers on arbitrary text: dates, numbers, names, marks,
//! ID numbers, masking, CSV neutralizing, file and sheet names. None may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// The built-in rules, loaded once.
static RULES: LazyLock<regcheck::rules::Rules> =
    LazyLock::new(|| regcheck::rules::load(None).expect("the built-in rules load"));
use regcheck::read::{ExcelDate, Value};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let number = data.get(..8).and_then(|b| b.try_into().ok()).map(f64::from_le_bytes).unwrap_or(0.0);
    let values = [
        Value::Text(text.clone()),
        Value::Number(number),
        Value::Date(ExcelDate { serial: number, duration: false }),
        Value::Date(ExcelDate { serial: number, duration: true }),
    ];
    let rules = &*RULES;
    let vocabulary = rules.marks.vocabulary();
    for v in &values {
        let _ = v.display();
        let _ = regcheck::parse::date::parse_date(v);
        let _ = regcheck::parse::number::parse_number(v);
        let _ = regcheck::parse::id::check_id(v);
        let _ = vocabulary.parse(v);
    }
    if let Ok(d) = regcheck::parse::date::parse_date_text(&text) {
        let _ = d.resolve(2025);
        let _ = d.to_string();
    }
    let name = regcheck::parse::name::normalize_name(&text);
    let _ = regcheck::parse::name::suggest(&name, ["张伟", "王芳", "李娜"]);
    let _ = regcheck::parse::id::check_digit(&text);
    let _ = regcheck::report::privacy::mask(&text);
    let _ = regcheck::report::export::neutralize_formula(&text);
    let _ = regcheck::report::safe_file_stem(&text);
    let mut taken = vec!["Sheet1".to_string()];
    let _ = regcheck::report::xlsx::safe_sheet_name(&text, &mut taken);
    let _ = regcheck::report::xlsx::cell_text(&text);
    let _ = regcheck::read::format_number(number);
    let _ = regcheck::finding::column_index(&text);
});
