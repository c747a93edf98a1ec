//! Round-trip properties of the value parsers and the safety helpers, over generated values
//! (proptest): any date written in any supported format reads back as itself, numbers with
//! units read back, names normalize once and for all, valid IDs are accepted, masking never
//! shows an ID, CSV text never starts a formula, names from inputs stay safe.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use regcheck::parse::date::{parse_date, parse_date_text, DateValue};
use regcheck::read::{ExcelDate, Value};

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..=2099, 1u32..=12, 1u32..=31).prop_filter_map("a real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Every way the README says a full date may be typed.
fn written(d: NaiveDate, style: usize) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    match style {
        0 => format!("{y}-{m:02}-{day:02}"),
        1 => format!("{y}/{m}/{day}"),
        2 => format!("{y}.{m}.{day}"),
        3 => format!("{y}年{m}月{day}日"),
        4 => format!("{y}{m:02}{day:02}"),
        5 => format!("{} {day} {y}", MONTHS[m as usize - 1]),
        6 => format!("{y}年{m}月{day}号"),
        // Full-width digits, as Chinese input methods type them.
        _ => format!("{y}-{m}-{day}")
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |n| char::from_u32(0xFF10 + n).unwrap_or(c)))
            .collect(),
    }
}

proptest! {
    #[test]
    fn any_date_in_any_format_reads_back_as_itself(d in any_date(), style in 0usize..8) {
        let text = written(d, style);
        prop_assert_eq!(parse_date_text(&text), Ok(DateValue::Full(d)), "{}", text);
    }

    #[test]
    fn a_month_and_day_without_a_year_wait_for_the_school_year(d in any_date(), style in 0usize..3) {
        let text = match style {
            0 => format!("{}月{}日", d.month(), d.day()),
            1 => format!("{}/{}", d.month(), d.day()),
            _ => format!("{}.{}", d.month(), d.day()),
        };
        prop_assert_eq!(parse_date_text(&text), Ok(DateValue::MonthDay(d.month(), d.day())), "{}", text);
    }

    #[test]
    fn an_excel_date_cell_reads_back_as_its_date(d in any_date()) {
        let dt = d.and_hms_opt(0, 0, 0).unwrap();
        let serial = regcheck::parse::date::datetime_to_serial(dt);
        prop_assert_eq!(parse_date(&Value::Date(ExcelDate { serial, duration: false })), Ok(DateValue::Full(d)));
    }

    #[test]
    fn any_text_is_a_date_or_an_error_never_a_panic(s in "\\PC{0,40}") {
        let _ = parse_date_text(&s);
        let _ = regcheck::parse::number::parse_number(&Value::Text(s.clone()));
        let _ = regcheck::parse::id::check_id(&Value::Text(s.clone()));
        let _ = regcheck::parse::name::normalize_name(&s);
    }

    #[test]
    fn numbers_with_units_read_back(hundredths in 0u32..100_000, unit in prop::sample::select(vec!["", "学时", "小时", "h", "节", "字", "学分", " 学时"])) {
        let n = hundredths as f64 / 100.0;
        let text = format!("{n}{unit}");
        prop_assert_eq!(regcheck::parse::number::parse_number(&Value::Text(text.clone())), Some(n), "{}", text);
    }

    #[test]
    fn names_normalize_once_and_for_all(a in "[\\u4e00-\\u9fa5]", b in "[\\u4e00-\\u9fa5]", spaces in prop::sample::select(vec![" ", "\u{3000}", "\u{a0}", "  "])) {
        let plain = format!("{a}{b}");
        let spaced = format!("{a}{spaces}{b}");
        let n = regcheck::parse::name::normalize_name(&spaced);
        prop_assert_eq!(&n, &plain);
        prop_assert_eq!(regcheck::parse::name::normalize_name(&n), n);
    }

    #[test]
    fn a_valid_id_is_accepted_and_masked(region in 110000u32..660000, d in any_date(), seq in 0u32..1000) {
        let first17 = format!("{region}{}{seq:03}", d.format("%Y%m%d"));
        let check = regcheck::parse::id::check_digit(&first17).unwrap();
        let id = format!("{first17}{check}");
        prop_assert_eq!(regcheck::parse::id::check_id(&Value::Text(id.clone())), None);
        let masked = regcheck::report::privacy::mask(&format!("身份证号“{id}”有误"));
        prop_assert!(!masked.contains(&id));
        prop_assert!(masked.contains(&id[..6]) && masked.contains(&id[14..]));
    }

    #[test]
    fn csv_text_never_starts_a_formula(s in "[=+\\-@\\t\\r]?\\PC{0,20}") {
        let safe = regcheck::report::export::neutralize_formula(&s);
        let plain_number = s.trim_start_matches(['+', '-']).parse::<f64>().is_ok() && !s.contains(['e', 'E', 'i', 'I', 'n', 'N']);
        prop_assert!(plain_number || !safe.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?} → {:?}", s, safe);
        let prefixed = format!("'{}", s);
        prop_assert!(safe == s || safe == prefixed);
    }

    #[test]
    fn names_from_inputs_are_safe(s in "\\PC{0,300}") {
        let stem = regcheck::report::safe_file_stem(&s);
        prop_assert!(!stem.is_empty() && stem.chars().count() <= 100);
        prop_assert!(!stem.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) && !stem.starts_with('.'));
        let mut taken = Vec::new();
        let a = regcheck::report::xlsx::safe_sheet_name(&s, &mut taken);
        let b = regcheck::report::xlsx::safe_sheet_name(&s, &mut taken);
        prop_assert!(a.chars().count() <= 31 && b.chars().count() <= 31 && a.to_lowercase() != b.to_lowercase());
        prop_assert!(!a.contains(['[', ']', ':', '*', '?', '/', '\\']));
    }

    #[test]
    fn column_letters_round_trip(col in 0u32..16_384) {
        prop_assert_eq!(regcheck::finding::column_index(&regcheck::finding::column_name(col)), Some(col));
    }
}
