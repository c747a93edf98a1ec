//! Problems with a form, found before anything is written: each names the sheet and cell and
//! says, in Chinese or English, what to change. They are about the district's form, not about
//! the registers, so they are not findings of report.json.

use crate::report::messages::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A placeholder regcheck does not know; maybe a near one.
    UnknownPlaceholder { sheet: String, cell: String, key: String, suggestion: Option<String> },
    /// Teacher and department placeholders in one row: it cannot repeat over both.
    MixedRow { sheet: String, row: u32 },
    /// The mapping file names a sheet the form does not have.
    MissingSheet { sheet: String, sheets: Vec<String> },
    /// The mapping file names a cell that is not A1 notation.
    BadCell { sheet: String, cell: String },
    /// Text would go into a cell a formula adds up.
    NotANumber { sheet: String, cell: String, key: String, formula: String },
    /// Neither placeholders in the cells nor a mapping file: nothing to fill.
    NoPlaceholders,
}

impl Problem {
    /// `sheet!cell` (or the sheet) the problem is about.
    pub fn place(&self) -> String {
        match self {
            Problem::UnknownPlaceholder { sheet, cell, .. }
            | Problem::BadCell { sheet, cell }
            | Problem::NotANumber { sheet, cell, .. } => format!("{sheet}!{cell}"),
            Problem::MixedRow { sheet, row } => format!("{sheet}!{row}:{row}"),
            Problem::MissingSheet { sheet, .. } => sheet.clone(),
            Problem::NoPlaceholders => String::new(),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Problem::UnknownPlaceholder { key, suggestion, .. } => match (zh, suggestion) {
                (true, Some(s)) => format!("不认识的占位符 {{{{{key}}}}}，是不是 {{{{{s}}}}}？请改正后再填。"),
                (true, None) => format!("不认识的占位符 {{{{{key}}}}}。可用的占位符见 README“填写区县报表”一节。"),
                (false, Some(s)) => {
                    format!("Unknown placeholder {{{{{key}}}}}; did you mean {{{{{s}}}}}? Correct it and fill again.")
                }
                (false, None) => {
                    format!("Unknown placeholder {{{{{key}}}}}. The README section on `fill` lists the placeholders.")
                }
            },
            Problem::MixedRow { .. } => {
                if zh {
                    "这一行既有按教师重复的 {{t.…}}，又有按教研组重复的 {{d.…}}。请把它们放在不同的行。".into()
                } else {
                    "This row has both teacher placeholders {{t.…}} and department placeholders {{d.…}}; a row repeats over one of them. Put them on separate rows.".into()
                }
            }
            Problem::MissingSheet { sheets, .. } => {
                if zh {
                    format!("对照文件指向的工作表不存在。表中的工作表有：{}。", sheets.join("、"))
                } else {
                    format!(
                        "The mapping file names a sheet the form does not have. Its sheets are: {}.",
                        sheets.join(", ")
                    )
                }
            }
            Problem::BadCell { cell, .. } => {
                if zh {
                    format!("对照文件中的单元格“{cell}”不是 A1 形式的地址（如 B3）。")
                } else {
                    format!("\"{cell}\" in the mapping file is not a cell address like B3.")
                }
            }
            Problem::NoPlaceholders => {
                if zh {
                    "报表中没有占位符（如 {{t.name}}），旁边也没有对照文件 报表名.map.toml，无从填写。请在要填的格子里输入占位符，或写一个对照文件。".into()
                } else {
                    "The form has no placeholders (such as {{t.name}}) and no FORM.map.toml beside it, so there is nothing to fill. Type placeholders into the cells to fill, or write a mapping file.".into()
                }
            }
            Problem::NotANumber { key, formula, .. } => {
                if zh {
                    format!("{{{{{key}}}}} 填入的是文字，但 {formula} 的公式要对这一格求和或计算。请换成数值占位符（如 {{{{t.hours}}}}），或把它移到不参加计算的列。")
                } else {
                    format!("{{{{{key}}}}} gives text, but the formula in {formula} adds up or computes with this cell. Use a number placeholder (such as {{{{t.hours}}}}) or move it to a column no formula uses.")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_placeholder() {
        let p = Problem::UnknownPlaceholder {
            sheet: "汇总".into(),
            cell: "B5".into(),
            key: "t.nmae".into(),
            suggestion: Some("t.name".into()),
        };
        assert_eq!(p.place(), "汇总!B5");
        assert!(p.message(Lang::Zh).contains("{{t.nmae}}，是不是 {{t.name}}"), "{}", p.message(Lang::Zh));
        assert!(p.message(Lang::En).contains("did you mean {{t.name}}"));
    }
}
