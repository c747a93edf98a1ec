//! Check: the records against the rules. Record checks first ([`records`]: dates in the school
//! year, known teachers, duplicates, activity that earns nothing), then compliance per teacher ×
//! rule × period ([`compliance`]).

pub mod compliance;
pub mod records;
pub mod tally;

use crate::finding::{Finding, Source};
use crate::parse::records::Parsed;
use crate::rules::calendar::SchoolYear;
use crate::rules::Rules;
use chrono::NaiveDate;

pub use compliance::{RuleResult, Status, TeacherResult};

/// What the check stage found.
#[derive(Debug)]
pub struct Checked {
    pub school_year: SchoolYear,
    pub findings: Vec<Finding>,
    pub teachers: Vec<TeacherResult>,
    /// What became of each parsed record (same order as `Parsed::records`).
    pub attribution: Vec<records::Attribution>,
}

/// A teacher as the compliance check sees them: from the roster, or (without one) a name that
/// appears in the registers.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub department: Option<String>,
    pub roles: Vec<String>,
    pub exempt: bool,
    /// The roster's name cell, where the teacher's compliance findings land.
    pub at: Option<Source>,
}

/// Runs every check. `as_of` decides which periods are over and which are still running.
pub fn check(
    parsed: &mut Parsed,
    rules: &Rules,
    as_of: NaiveDate,
    kinds_present: &[crate::recognize::Kind],
) -> Checked {
    let mut findings = Vec::new();
    let school_year = records::school_year(parsed, rules, as_of);
    let people = records::people(parsed, rules, &mut findings);
    tally::resolve_spans(parsed, &school_year, &mut findings);
    let mut attribution = records::check_records(parsed, rules, &school_year, &people, &mut findings);
    tally::reconcile(parsed, &school_year, &mut attribution, &mut findings);
    let teachers =
        compliance::evaluate(&people, parsed, &attribution, rules, &school_year, as_of, kinds_present, &mut findings);
    Checked { school_year, findings, teachers, attribution }
}
