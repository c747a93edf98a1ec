//! Teacher names: NFKC, no stray spaces. Offices pad two-character names to the width of
//! three (张 伟, 张　伟) and paste non-breaking spaces; all of those are the same teacher.

use unicode_normalization::UnicodeNormalization;

/// The form a name is compared in. Chinese names lose every space; Latin names keep single spaces.
///
/// ```
/// use regcheck::parse::name::normalize_name;
/// assert_eq!(normalize_name("张　伟"), "张伟");
/// assert_eq!(normalize_name(" Li   Na "), "Li Na");
/// ```
pub fn normalize_name(raw: &str) -> String {
    let s: String = raw.nfkc().filter(|c| !matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}')).collect();
    let words: Vec<&str> = s.split_whitespace().collect();
    let cjk = s.chars().any(is_cjk);
    if cjk {
        words.concat()
    } else {
        words.join(" ")
    }
}

/// Whether a character is a CJK ideograph (the script of Chinese names and headers).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// The known name closest to `name`, when it is close enough to be a typing slip:
/// one character different for short Chinese names, a small edit distance otherwise.
pub fn suggest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = if len <= 4 { 1 } else { 2 };
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|(d, _)| *d <= limit && *d > 0)
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_chinese_names_are_one_name() {
        for raw in ["张 伟", "张　伟", "张\u{A0}伟", " 张伟 ", "张伟\u{200B}"] {
            assert_eq!(normalize_name(raw), "张伟", "{raw:?}");
        }
        assert_eq!(normalize_name("  Li   Na "), "Li Na");
        assert_eq!(normalize_name("ＬＩ Ｎａ"), "LI Na");
    }

    #[test]
    fn one_character_slip_is_suggested() {
        let known = ["张伟", "王芳", "李娜"];
        assert_eq!(suggest("张玮", known), Some("张伟"));
        assert_eq!(suggest("赵六", known), None);
    }
}
