//! Check: the records against the rules. Record checks first ([`records`]: dates in the school
//! year, known teachers, duplicates, activity that earns nothing), then who the teachers are
//! and their roles ([`people`]), what each record earns ([`amounts`]), and compliance per
//! teacher × rule × period ([`compliance`]).

pub mod amounts;
pub mod compliance;
pub mod people;
pub mod records;
pub mod tally;

use crate::finding::Finding;
use crate::parse::records::Parsed;
use crate::rules::calendar::SchoolYear;
use crate::rules::Rules;
use chrono::NaiveDate;

pub use compliance::{RuleResult, Status, TeacherResult};
pub use people::Person;

/// What the check stage found.
#[derive(Debug)]
pub struct Checked {
    pub school_year: SchoolYear,
    pub findings: Vec<Finding>,
    pub teachers: Vec<TeacherResult>,
    /// Results of the school rules (`scope = "school"`).
    pub school: Vec<RuleResult>,
    /// What became of each parsed record (same order as `Parsed::records`).
    pub attribution: Vec<records::Attribution>,
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
    let people = people::people(parsed, rules, &school_year, &mut findings);
    tally::resolve_spans(parsed, &school_year, &mut findings);
    let mut attribution = records::check_records(parsed, rules, &school_year, &people, &mut findings);
    tally::reconcile(parsed, rules, &school_year, &mut attribution, &mut findings);
    let entries = amounts::entries(parsed, &attribution, &people, rules, &school_year, &mut findings);
    let judged = compliance::evaluate(
        &people,
        parsed,
        &attribution,
        &entries,
        rules,
        &school_year,
        as_of,
        kinds_present,
        &mut findings,
    );
    Checked { school_year, findings, teachers: judged.teachers, school: judged.school, attribution }
}
