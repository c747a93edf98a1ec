//! Writes the district forms shipped in `templates/forms/`, with `{{placeholders}}` typed into
//! their cells, laid out the way district forms are: a merged title, borders, fixed column
//! widths, a two-row header, a totals row with formulas under the repeating row, a signature
//! footer (填表人 / 审核人 / 日期), a print area, repeated print titles and page setup.
//!
//! * `学时汇总表.xlsx` – hours per teacher for the school year (grows to the number of teachers);
//! * `学时分段统计表.xlsx` – the statistics table of teachers by hours band (≤36, 37–72, 73–108,
//!   ≥109), one row per 教研组 with six pre-formatted rows (used as they are, no growing);
//! * `研修考核表.xlsx` – the per-teacher assessment sheet, with score formulas in the
//!   repeating row and a named range over the scores.
//!
//! No clock and no randomness: every workbook has a fixed creation time, so two runs give
//! byte-identical files. Run with `cargo run --example make_forms`.

use chrono::{TimeZone, Utc};
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DocProperties, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};
use std::error::Error;
use std::path::Path;

const FONT: &str = "宋体";
const AUTHOR: &str = "区教师发展中心";

/// The formats of a district form.
struct Styles {
    title: Format,
    note: Format,
    note_right: Format,
    header: Format,
    cell: Format,
    left: Format,
    number: Format,
    percent: Format,
    total: Format,
    total_number: Format,
    total_percent: Format,
    footer: Format,
    date: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_font_name(FONT).set_font_size(11).set_align(FormatAlign::VerticalCenter);
        let boxed = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        let centered = boxed.clone().set_align(FormatAlign::Center);
        Styles {
            title: base.clone().set_font_size(16).set_bold().set_align(FormatAlign::Center),
            note: base.clone().set_align(FormatAlign::Left),
            note_right: base.clone().set_align(FormatAlign::Right),
            header: centered.clone().set_bold().set_background_color(Color::RGB(0xD9D9D9)),
            cell: centered.clone(),
            left: boxed.clone().set_align(FormatAlign::Left),
            number: centered.clone().set_num_format("0.0"),
            percent: centered.clone().set_num_format("0.0%"),
            total: centered.clone().set_bold(),
            total_number: centered.clone().set_bold().set_num_format("0.0"),
            total_percent: centered.clone().set_bold().set_num_format("0.0%"),
            footer: base.clone().set_align(FormatAlign::Left),
            date: base.clone().set_align(FormatAlign::Left).set_num_format("yyyy\"年\"m\"月\"d\"日\""),
        }
    }
}

fn page_setup(ws: &mut Worksheet, landscape: bool, last_row: u32, last_col: u16, titles: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9); // A4
    if landscape {
        ws.set_landscape();
    }
    ws.set_margins(0.6, 0.6, 0.8, 0.8, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, last_row, last_col)?;
    ws.set_repeat_rows(0, titles)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// 学时汇总表: one row per teacher, totals and signatures below.
fn hours_summary(wb: &mut Workbook, s: &Styles) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("学时汇总")?;
    for (col, width) in [6.0, 12.0, 12.0, 11.0, 11.0, 24.0].into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, 5, "{{school.name}}教师校本研修学时汇总表", &s.title)?;
    ws.merge_range(1, 0, 1, 2, "学年学期：{{term.name}}", &s.note)?;
    ws.merge_range(1, 3, 1, 5, "统计截至：{{as_of}}", &s.note_right)?;
    ws.set_row_height(2, 28)?;
    for (col, h) in ["序号", "教师姓名", "教研组", "年度学时", "考核结果", "备注"].iter().enumerate()
    {
        ws.write_string_with_format(2, col as u16, *h, &s.header)?;
    }
    ws.write_string_with_format(3, 0, "{{t.seq}}", &s.cell)?;
    ws.write_string_with_format(3, 1, "{{t.name}}", &s.cell)?;
    ws.write_string_with_format(3, 2, "{{t.department}}", &s.cell)?;
    ws.write_string_with_format(3, 3, "{{t.hours}}", &s.number)?;
    ws.write_string_with_format(3, 4, "{{t.status}}", &s.cell)?;
    ws.write_blank(3, 5, &s.left)?;
    ws.merge_range(4, 0, 4, 2, "合计", &s.total)?;
    ws.write_formula_with_format(4, 3, "=SUM(D4:D4)", &s.total_number)?;
    ws.write_formula_with_format(4, 4, "=COUNTIF(E4:E4,\"达标\")", &s.total.clone().set_num_format("0\"人达标\""))?;
    ws.write_blank(4, 5, &s.total)?;
    ws.merge_range(5, 0, 5, 2, "平均学时", &s.total)?;
    ws.write_formula_with_format(5, 3, "=IF(COUNT(D4:D4)=0,\"\",ROUND(AVERAGE(D4:D4),1))", &s.total_number)?;
    ws.merge_range(5, 4, 5, 5, "", &s.total)?;
    ws.set_row_height(7, 24)?;
    ws.merge_range(7, 0, 7, 1, "填表人：", &s.footer)?;
    ws.merge_range(7, 2, 7, 3, "审核人：", &s.footer)?;
    ws.merge_range(7, 4, 7, 5, "填表日期：      年    月    日", &s.footer)?;
    ws.merge_range(8, 0, 8, 5, "（单位盖章）", &s.note_right)?;
    // Hours short of the year's requirement show in red.
    let red = Format::new().set_font_color(Color::RGB(0x9C0006)).set_background_color(Color::RGB(0xFFC7CE));
    let rule = ConditionalFormatCell::new().set_rule(ConditionalFormatCellRule::LessThan(90)).set_format(red);
    ws.add_conditional_format(3, 3, 3, 3, &rule)?;
    page_setup(ws, false, 8, 5, 2)
}

/// 学时分段统计表: teachers by hours band, one row per 教研组 (six pre-formatted rows).
fn band_table(wb: &mut Workbook, s: &Styles) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("分段统计")?;
    for (col, width) in [16.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0].into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, 7, "中小学教师培训学时分段统计表", &s.title)?;
    ws.merge_range(1, 0, 1, 4, "填报单位（盖章）：{{school.name}}", &s.note)?;
    ws.merge_range(1, 5, 1, 7, "统计年度：{{school_year.name}}学年", &s.note_right)?;
    ws.merge_range(2, 0, 3, 0, "教研组", &s.header)?;
    ws.merge_range(2, 1, 3, 1, "教师总数", &s.header)?;
    ws.merge_range(2, 2, 2, 5, "年度培训学时（人数）", &s.header)?;
    for (i, band) in ["≤36", "37–72", "73–108", "≥109"].iter().enumerate() {
        ws.write_string_with_format(3, 2 + i as u16, *band, &s.header)?;
    }
    ws.merge_range(2, 6, 3, 6, "达标人数", &s.header)?;
    ws.merge_range(2, 7, 3, 7, "达标率", &s.header)?;
    let keys = ["{{d.name}}", "{{d.teachers}}", "{{d.bands.le36}}", "{{d.bands.h37_72}}", "{{d.bands.h73_108}}"];
    for (col, key) in keys.iter().chain(&["{{d.bands.ge109}}", "{{d.pass}}"]).enumerate() {
        ws.write_string_with_format(4, col as u16, *key, &s.cell)?;
    }
    ws.write_formula_with_format(4, 7, "=IF(B5=0,\"\",G5/B5)", &s.percent)?;
    // Five more rows, formatted and empty: enough for most schools without moving anything.
    for row in 5..10 {
        for col in 0..7 {
            ws.write_blank(row, col, &s.cell)?;
        }
        ws.write_blank(row, 7, &s.percent)?;
    }
    ws.write_string_with_format(10, 0, "合计", &s.total)?;
    for (col, letter) in ["B", "C", "D", "E", "F", "G"].iter().enumerate() {
        ws.write_formula_with_format(10, 1 + col as u16, format!("=SUM({letter}5:{letter}10)").as_str(), &s.total)?;
    }
    ws.write_formula_with_format(10, 7, "=IF(B11=0,\"\",G11/B11)", &s.total_percent)?;
    ws.write_string_with_format(11, 0, "占比", &s.total)?;
    ws.write_blank(11, 1, &s.total)?;
    for (col, letter) in ["C", "D", "E", "F"].iter().enumerate() {
        let f = format!("=IF($B$11=0,\"\",{letter}11/$B$11)");
        ws.write_formula_with_format(11, 2 + col as u16, f.as_str(), &s.total_percent)?;
    }
    ws.merge_range(11, 6, 11, 7, "", &s.total)?;
    ws.write_string_with_format(12, 0, "全校（系统统计）", &s.cell)?;
    let totals = ["{{totals.teachers}}", "{{bands.le36}}", "{{bands.h37_72}}", "{{bands.h73_108}}", "{{bands.ge109}}"];
    for (col, key) in totals.iter().chain(&["{{totals.pass}}"]).enumerate() {
        ws.write_string_with_format(12, 1 + col as u16, *key, &s.cell)?;
    }
    ws.write_blank(12, 7, &s.cell)?;
    ws.merge_range(13, 0, 13, 7, "注：按学年统计每位教师的培训学时；“全校（系统统计）”一行应与“合计”一致。", &s.note)?;
    ws.set_row_height(15, 24)?;
    ws.merge_range(15, 0, 15, 1, "填表人：", &s.footer)?;
    ws.merge_range(15, 2, 15, 4, "审核人：", &s.footer)?;
    ws.write_string_with_format(15, 5, "填报日期：", &s.note_right)?;
    ws.merge_range(15, 6, 15, 7, "{{as_of}}", &s.date)?;
    page_setup(ws, true, 15, 7, 3)
}

/// 研修考核表: one row per teacher, scores computed by the form's own formulas.
fn assessment(wb: &mut Workbook, s: &Styles) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("考核表")?;
    for (col, width) in [6.0, 10.0, 10.0, 11.0, 11.0, 11.0, 9.0, 10.0, 14.0].into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, 8, "{{term.name}}教师校本研修考核表", &s.title)?;
    ws.merge_range(1, 0, 1, 4, "学校：{{school.name}}", &s.note)?;
    ws.merge_range(1, 5, 1, 8, "考核日期：{{as_of}}", &s.note_right)?;
    ws.set_row_height(2, 28)?;
    let heads = ["序号", "姓名", "教研组", "研修学时", "听课节数", "教学反思", "得分", "考核等级", "组长签名"];
    for (col, h) in heads.iter().enumerate() {
        ws.write_string_with_format(2, col as u16, *h, &s.header)?;
    }
    ws.merge_range(3, 0, 3, 2, "分值", &s.header)?;
    for (col, points) in [60.0, 20.0, 20.0, 100.0].iter().enumerate() {
        ws.write_number_with_format(3, 3 + col as u16, *points, &s.header)?;
    }
    ws.merge_range(3, 7, 3, 8, "满分：90学时·10节·3篇", &s.header)?;
    let keys = ["{{t.seq}}", "{{t.name}}", "{{t.department}}", "{{t.hours}}", "{{t.observations}}"];
    for (col, key) in keys.iter().chain(&["{{t.reflections-term}}"]).enumerate() {
        ws.write_string_with_format(4, col as u16, *key, &s.cell)?;
    }
    ws.write_formula_with_format(4, 6, "=ROUND(MIN(D5/90,1)*$D$4+MIN(E5/10,1)*$E$4+MIN(F5/3,1)*$F$4,0)", &s.cell)?;
    ws.write_formula_with_format(4, 7, "=IF(G5>=90,\"优秀\",IF(G5>=60,\"合格\",\"不合格\"))", &s.cell)?;
    ws.write_blank(4, 8, &s.cell)?;
    ws.merge_range(5, 0, 5, 2, "平均", &s.total)?;
    for (col, letter) in ["D", "E", "F", "G"].iter().enumerate() {
        let f = format!("=IF(COUNT({letter}5:{letter}5)=0,\"\",AVERAGE({letter}5:{letter}5))");
        ws.write_formula_with_format(5, 3 + col as u16, f.as_str(), &s.total_number)?;
    }
    ws.write_formula_with_format(
        5,
        7,
        "=COUNTIF(H5:H5,\"不合格\")",
        &s.total.clone().set_num_format("\"不合格\"0\"人\""),
    )?;
    ws.write_blank(5, 8, &s.total)?;
    ws.set_row_height(7, 24)?;
    ws.merge_range(7, 0, 7, 2, "教研组长签名：", &s.footer)?;
    ws.merge_range(7, 3, 7, 5, "分管领导签名：", &s.footer)?;
    ws.merge_range(7, 6, 7, 8, "（学校盖章）", &s.note_right)?;
    page_setup(ws, true, 7, 8, 3)?;
    wb.define_name("考核得分", "=考核表!$G$5:$G$5")?;
    Ok(())
}

fn save(
    dir: &Path,
    file: &str,
    title: &str,
    build: fn(&mut Workbook, &Styles) -> Result<(), XlsxError>,
) -> Result<(), Box<dyn Error>> {
    let created = Utc.with_ymd_and_hms(2025, 9, 1, 8, 0, 0).single().ok_or("bad time")?;
    let properties = DocProperties::new().set_title(title).set_author(AUTHOR).set_creation_datetime(&created);
    let mut wb = Workbook::new();
    wb.set_properties(&properties);
    build(&mut wb, &Styles::new())?;
    wb.save(dir.join(file))?;
    println!("wrote templates/forms/{file}");
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates").join("forms");
    std::fs::create_dir_all(&dir)?;
    save(&dir, "学时汇总表.xlsx", "教师校本研修学时汇总表", hours_summary)?;
    save(&dir, "学时分段统计表.xlsx", "中小学教师培训学时分段统计表", band_table)?;
    save(&dir, "研修考核表.xlsx", "教师校本研修考核表", assessment)?;
    Ok(())
}
