//! Teacher names: NFKC, no stray spaces. Offices pad two-character names to the width of
//! three (张 伟, 张　伟) and paste non-breaking spaces; all of those are the same teacher.

use std::collections::HashMap;
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

/// [`suggest`] for many unknown names against one roster, without comparing each with every
/// name of a district-sized roster: a slip of one character keeps the first or the last
/// character of the name, so for names of 2–4 characters only known names starting or ending
/// with one of those are compared (the answer is the same as comparing all). Other names are
/// compared with all. Answers are kept per distinct name.
pub struct Suggester<'a> {
    known: Vec<&'a str>,
    /// Known names (indices) by their first character and by their last character.
    by_end: HashMap<char, Vec<usize>>,
    cache: HashMap<String, Option<&'a str>>,
}

impl<'a> Suggester<'a> {
    pub fn new(known: impl IntoIterator<Item = &'a str>) -> Self {
        let known: Vec<&str> = known.into_iter().collect();
        let mut by_end: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, k) in known.iter().enumerate() {
            let ends = k.chars().next().into_iter().chain(k.chars().last());
            for c in ends {
                let list = by_end.entry(c).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Suggester { known, by_end, cache: HashMap::new() }
    }

    /// The same answer as [`suggest`] over all known names.
    pub fn suggest(&mut self, name: &str) -> Option<&'a str> {
        if let Some(hit) = self.cache.get(name) {
            return *hit;
        }
        let len = name.chars().count();
        let answer = match (name.chars().next(), name.chars().last()) {
            (Some(first), Some(last)) if (2..=4).contains(&len) => {
                let candidates = [first, last].into_iter().flat_map(|c| self.by_end.get(&c)).flatten();
                suggest(name, candidates.filter_map(|&i| self.known.get(i).copied()))
            }
            _ => suggest(name, self.known.iter().copied()),
        };
        self.cache.insert(name.to_string(), answer);
        answer
    }
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

    #[test]
    fn the_indexed_suggester_answers_as_comparing_every_name() {
        let known = ["张伟", "李娜", "娜李", "王小明", "欧阳修", "Li Na", "Wang", "张", "司马相如"];
        let mut suggester = Suggester::new(known);
        for name in
            ["张玮", "李哪", "娜里", "王晓明", "欧阳秀", "小王明", "Li Ma", "Wanj", "弓", "司马相女", "李娜娜", "赵六"]
        {
            assert_eq!(suggester.suggest(name), suggest(name, known), "{name}");
            assert_eq!(suggester.suggest(name), suggest(name, known), "{name}, cached");
        }
    }
}
