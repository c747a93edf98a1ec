//! Parse: cell values into typed values (dates, numbers, names, marks, ID numbers) and
//! recognized tables into [`records::Record`]s.
//!
//! Value parsers are small pure functions; anything they cannot read is returned as an error
//! that the record builder turns into a finding on the cell. Nothing here panics on input.

pub mod date;
pub mod id;
pub mod mark;
pub mod name;
pub mod number;
pub mod records;

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalizes text (full-width digits and letters become ASCII, ideographic space a space)
/// and trims it.
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_string()
}
