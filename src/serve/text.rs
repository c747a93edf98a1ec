//! A message of the web server for people, in Chinese and English; the page shows the one of its
//! language.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: String, en: String) -> Text {
        Text { zh, en }
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.zh, self.en)
    }
}
