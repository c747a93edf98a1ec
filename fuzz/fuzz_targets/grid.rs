//! Recognition, parsing and checking over an arbitrary grid of cells: rows split on newlines,
//! cells on tabs; a cell that reads as a number is a number, `#` then a number a date cell,
//! anything else text. None may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// The built-in rules, loaded once.
static RULES: LazyLock<regcheck::rules::Rules> =
    LazyLock::new(|| regcheck::rules::load(None).expect("the built-in rules load"));
use regcheck::read::{ExcelDate, Sheet, Value};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rows: Vec<Vec<Value>> = text
        .split('\n')
        .take(200)
        .map(|line| {
            line.split('\t')
                .take(60)
                .map(|cell| match cell {
                    "" => Value::Empty,
                    c if c.starts_with('#') => c[1..]
                        .parse::<f64>()
                        .map(|serial| Value::Date(ExcelDate { serial, duration: false }))
                        .unwrap_or(Value::Text(c.to_string())),
                    c => c.parse::<f64>().map(Value::Number).unwrap_or_else(|_| Value::Text(c.to_string())),
                })
                .collect()
        })
        .collect();
    let sheet = Sheet::new("签到表", rows);
    let rules = &*RULES;
    let aliases = regcheck::recognize::fields::Aliases::new(&rules.aliases);
    let vocabulary = rules.marks.vocabulary();
    let recognized = regcheck::recognize::recognize(&sheet, (0, 0), "签到表", &aliases, None);
    let Some(table) = recognized.table else { return };
    let mut parsed = regcheck::parse::records::Parsed::default();
    let parser = regcheck::parse::records::TableParser {
        sheet: &sheet,
        table: &table,
        file: 0,
        sheet_index: 0,
        rules,
        vocabulary: &vocabulary,
        hint: "签到表",
    };
    parser.parse_into(&mut parsed);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 20).expect("a date");
    let _ = regcheck::check::check(&mut parsed, rules, as_of, &[table.kind]);
});
