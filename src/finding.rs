//! Findings: every problem regcheck sees, as data (`code` + parameters + the cell it is about).
//!
//! Messages are rendered late, in the report stage, from the code and parameters
//! (see `report::messages`), so the same finding reads well in Chinese and in English.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How serious a finding is. Ordered from most to least serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal,)*) => {
        /// The finding codes of the report.json contract. A code means one thing everywhere.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }
        }
    };
}

codes! {
    UnreadableFile = "unreadable-file",
    EncryptedFile = "encrypted-file",
    UnsupportedFile = "unsupported-file",
    NoRegisterFound = "no-register-found",
    MissingColumn = "missing-column",
    AmbiguousColumn = "ambiguous-column",
    MissingValue = "missing-value",
    InvalidDate = "invalid-date",
    DateOutsideYear = "date-outside-year",
    InvalidNumber = "invalid-number",
    ValueOutOfRange = "value-out-of-range",
    UnknownMark = "unknown-mark",
    UnknownTeacher = "unknown-teacher",
    AmbiguousTeacher = "ambiguous-teacher",
    DuplicateRecord = "duplicate-record",
    ConflictingRecord = "conflicting-record",
    NotCounted = "not-counted",
    TotalMismatch = "total-mismatch",
    IdInvalid = "id-invalid",
    IdPrecisionLost = "id-precision-lost",
    DuplicateTeacher = "duplicate-teacher",
    BelowMinimum = "below-minimum",
    AboveMaximum = "above-maximum",
    BehindPace = "behind-pace",
    NoRecords = "no-records",
    // Added by regcheck: a [[sources]] entry of the rules file that matched no sheet.
    UnusedOverride = "unused-override",
    // Added by regcheck: a record past a cap of the rules file (at most N a day, a year …);
    // the excess does not count.
    CapReached = "cap-reached",
    // Added by regcheck: a text cell longer than an Excel cell holds (32,767 characters).
    TextTooLong = "text-too-long",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A cell of an input: 0-based row and column on a sheet of a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    /// Index of the input file in the run (stable: inputs are sorted).
    pub file: usize,
    /// Index of the sheet in its workbook.
    pub sheet: usize,
    pub row: u32,
    pub col: u32,
}

/// One problem, about one file, sheet or cell, and maybe one teacher and rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// Index of the input file; `None` for findings about the run as a whole (e.g. a rule).
    pub file: Option<usize>,
    pub sheet: Option<usize>,
    /// 0-based (row, col) on the sheet.
    pub cell: Option<(u32, u32)>,
    pub teacher: Option<String>,
    pub rule: Option<String>,
    pub period: Option<String>,
    /// The cell's value as shown, when the finding is about a value.
    pub value: Option<String>,
    /// Parameters for the message (e.g. `suggestion`, `min`, `actual`).
    pub params: BTreeMap<&'static str, String>,
}

impl Finding {
    pub fn new(code: Code, severity: Severity) -> Finding {
        Finding {
            code,
            severity,
            file: None,
            sheet: None,
            cell: None,
            teacher: None,
            rule: None,
            period: None,
            value: None,
            params: BTreeMap::new(),
        }
    }

    /// A finding about a whole file (`sheet` is `None`) or a whole sheet.
    pub fn about(code: Code, severity: Severity, file: usize, sheet: Option<usize>) -> Finding {
        let mut f = Finding::new(code, severity);
        f.file = Some(file);
        f.sheet = sheet;
        f
    }

    /// A finding on one cell.
    pub fn at(code: Code, severity: Severity, source: &Source) -> Finding {
        let mut f = Finding::new(code, severity);
        f.file = Some(source.file);
        f.sheet = Some(source.sheet);
        f.cell = Some((source.row, source.col));
        f
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    pub fn teacher(mut self, name: impl Into<String>) -> Self {
        self.teacher = Some(name.into());
        self
    }

    pub fn param(mut self, key: &'static str, value: impl ToString) -> Self {
        self.params.insert(key, value.to_string());
        self
    }

    /// Sort key: by file, sheet, row, column, then code; run-level findings last.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.file.unwrap_or(usize::MAX),
            self.sheet.unwrap_or(usize::MAX),
            self.cell.unwrap_or((u32::MAX, u32::MAX)),
            self.code,
            self.teacher.as_deref(),
            self.rule.as_deref(),
            self.period.as_deref(),
            self.value.as_deref(),
        )
    }
}

/// Column letters as Excel shows them: 0 → A, 25 → Z, 26 → AA.
/// The 0-based index of a column letter (`B` → 1); `None` when it is not one.
pub fn column_index(letters: &str) -> Option<u32> {
    let letters = letters.trim();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    letters
        .chars()
        .try_fold(0u32, |n, c| {
            c.is_ascii_alphabetic().then(|| n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1))
        })
        .map(|n| n - 1)
}

pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A1 notation for a 0-based (row, col).
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), row as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_round_trip() {
        for col in [0, 1, 25, 26, 27, 701, 702, 16383] {
            assert_eq!(column_index(&column_name(col)), Some(col));
        }
        assert_eq!(column_index(""), None);
        assert_eq!(column_index("a1"), None);
    }

    #[test]
    fn columns_are_named_like_excel() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 25), "Z7");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
    }
}
