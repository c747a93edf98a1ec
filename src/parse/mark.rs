//! Attendance marks (√ 到 迟到 病假 旷课 …) read through the rules file's vocabulary.

use crate::read::Value;
use serde::Serialize;
use std::collections::HashMap;

/// What an attendance mark means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    Present,
    Late,
    #[serde(alias = "left_early")]
    LeftEarly,
    /// Leave of an unstated kind (假, 请假).
    Leave,
    #[serde(alias = "sick_leave")]
    SickLeave,
    #[serde(alias = "personal_leave")]
    PersonalLeave,
    /// Official leave (公假): not penalised by default.
    #[serde(alias = "official_leave")]
    OfficialLeave,
    /// Unexcused absence (旷, 缺勤, ×).
    Absent,
}

impl Mark {
    /// Whether the teacher was there and earns the session's hours.
    pub fn attended(self) -> bool {
        matches!(self, Mark::Present | Mark::Late | Mark::LeftEarly)
    }

    /// Whether the mark is leave of any kind.
    pub fn is_leave(self) -> bool {
        matches!(self, Mark::Leave | Mark::SickLeave | Mark::PersonalLeave | Mark::OfficialLeave)
    }
}

/// A parsed mark cell: a mark word, or a number of hours attended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MarkValue {
    Mark(Mark),
    Hours(f64),
}

/// The mark words of a school, matched after NFKC and case folding.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    words: HashMap<String, Mark>,
}

impl Vocabulary {
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, Mark)>) -> Vocabulary {
        let words = entries.into_iter().map(|(w, m)| (fold(w), m)).filter(|(w, _)| !w.is_empty()).collect();
        Vocabulary { words }
    }

    /// Reads a mark cell. An exact word wins; otherwise the longest word the cell starts with
    /// (病假(有假条) is 病假). A number is hours attended. `None`: not a mark this school uses.
    pub fn parse(&self, value: &Value) -> Option<MarkValue> {
        if let Some(n) = super::number::parse_number(value).filter(|n| *n >= 0.0) {
            return Some(MarkValue::Hours(n));
        }
        let text = fold(value.as_text()?);
        if let Some(m) = self.words.get(&text) {
            return Some(MarkValue::Mark(*m));
        }
        self.words
            .iter()
            .filter(|(w, _)| text.starts_with(w.as_str()))
            .max_by_key(|(w, _)| (w.chars().count(), std::cmp::Reverse(w.as_str())))
            .map(|(_, m)| MarkValue::Mark(*m))
    }
}

fn fold(s: &str) -> String {
    super::nfkc(s).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary::new([
            ("√", Mark::Present),
            ("迟到", Mark::Late),
            ("病假", Mark::SickLeave),
            ("病", Mark::SickLeave),
            ("p", Mark::Present),
        ])
    }

    #[test]
    fn marks_are_read_through_the_vocabulary() {
        let v = vocab();
        assert_eq!(v.parse(&Value::Text(" √ ".into())), Some(MarkValue::Mark(Mark::Present)));
        assert_eq!(v.parse(&Value::Text("P".into())), Some(MarkValue::Mark(Mark::Present)));
        assert_eq!(v.parse(&Value::Text("病假(有假条)".into())), Some(MarkValue::Mark(Mark::SickLeave)));
        assert_eq!(v.parse(&Value::Number(2.0)), Some(MarkValue::Hours(2.0)));
        assert_eq!(v.parse(&Value::Text("☆".into())), None);
    }
}
