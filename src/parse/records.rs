//! Records: the rows of a recognized register as typed values, each with the cells it came from.
//!
//! A value that cannot be read becomes a finding on its cell (`missing-value`, `invalid-date`,
//! `invalid-number`, `value-out-of-range`, `unknown-mark`, `id-invalid`, `id-precision-lost`);
//! the record is kept and marked as not counting for what that value feeds.

use super::date::{parse_date, DateError, DateValue};
use super::id::{check_id, IdProblem};
use super::mark::{Mark, MarkValue, Vocabulary};
use super::name::normalize_name;
use super::number::parse_number;
use crate::finding::{Code, Finding, Severity, Source};
use crate::read::{Sheet, Value};
use crate::recognize::fields::Field;
use crate::recognize::tally::{CountColumn, TallyMeasure, TallyPeriod};
use crate::recognize::{Kind, Layout, Session, Table, Total};
use crate::rules::Rules;
use crate::rules::{BlankCount, BlankMark};
use std::collections::{BTreeMap, HashSet};

/// A teacher from the roster.
#[derive(Debug, Clone)]
pub struct Teacher {
    pub name: String,
    pub at: Source,
    /// Every roster column regcheck recognized, as the text shown in the cell.
    pub attributes: BTreeMap<Field, String>,
}

impl Teacher {
    pub fn attribute(&self, field: Field) -> Option<&str> {
        self.attributes.get(&field).map(String::as_str).filter(|s| !s.is_empty())
    }
}

/// One row of a register (attendance, observations, reflections, hours), typed.
#[derive(Debug, Clone)]
pub struct Record {
    pub kind: Kind,
    /// The name cell (file, sheet, row, column).
    pub at: Source,
    /// The teacher's name as normalized for matching.
    pub name: String,
    pub date: Option<DateValue>,
    pub date_cell: Option<(u32, u32)>,
    /// Set by the check stage once the school year is known.
    pub resolved_date: Option<chrono::NaiveDate>,
    pub mark: Option<Mark>,
    pub hours: Option<f64>,
    pub lessons: Option<f64>,
    pub words: Option<f64>,
    pub credits: Option<f64>,
    /// Form of the session (集中培训 …) or kind of writing (教学反思 …).
    pub form: Option<String>,
    /// The cell that says what kind of session it was (form, else topic): where `not-counted` lands.
    pub form_cell: Option<(u32, u32)>,
    pub label: Option<String>,
    pub topic: Option<String>,
    /// Level of the activity (国家, 省, 市, 区, 校).
    pub level: Option<String>,
    /// Who presented the session (主讲人).
    pub presenter: Option<String>,
    /// Whether the record can count at all (name and date readable, mark known).
    pub usable: bool,
    /// Identity of the event (teacher, date, topic …) and full content, for duplicate checks.
    pub identity: String,
    pub content: String,
    /// The cell each field was read from (a merged range's first cell, a grid's header cell …).
    pub cells: BTreeMap<Field, (u32, u32)>,
    /// A tally's count: what it counts, the period its column covers and its cell; `None` for
    /// a detailed record.
    pub tally: Option<TallyCount>,
    /// The count a tally cell holds (`None`: unreadable, or blank read as unknown).
    pub count: Option<f64>,
    /// The first and last day a tally count covers, set by the check stage with the school
    /// year's calendar.
    pub span: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
}

/// What one cell of a tally counts, and over which period.
#[derive(Debug, Clone, PartialEq)]
pub struct TallyCount {
    pub measure: TallyMeasure,
    /// For pieces and words: the kind of writing (教学反思, 读书笔记 …).
    pub label: Option<String>,
    pub period: TallyPeriod,
    /// The count's cell.
    pub cell: (u32, u32),
    /// The column's header cell (where a period outside the school year is reported).
    pub header_cell: (u32, u32),
}

/// Everything parsed from all registers.
#[derive(Debug, Default)]
pub struct Parsed {
    pub teachers: Vec<Teacher>,
    pub records: Vec<Record>,
    pub findings: Vec<Finding>,
}

/// Reads the rows of one recognized table.
pub struct TableParser<'a> {
    pub sheet: &'a Sheet,
    pub table: &'a Table,
    pub file: usize,
    pub sheet_index: usize,
    pub rules: &'a Rules,
    pub vocabulary: &'a Vocabulary,
    /// Where the register's kind label comes from when it has no kind column (sheet/file name).
    pub hint: &'a str,
}

impl TableParser<'_> {
    fn source(&self, row: u32, col: u32) -> Source {
        Source { file: self.file, sheet: self.sheet_index, row, col }
    }

    /// The value of a field on a row, with the cell that holds it (merged ranges and filled-down
    /// blanks apply down).
    fn cell(&self, row: u32, field: Field) -> Option<(&Value, Source)> {
        Some(self.at(row, self.table.col(field)?))
    }

    /// The value a person reads at a position, with the cell that holds it.
    fn at(&self, row: u32, col: u32) -> (&Value, Source) {
        let (r, c) = self.table.origin(self.sheet, row, col);
        (self.sheet.get(r, c), self.source(r, c))
    }

    fn text(&self, row: u32, field: Field) -> Option<String> {
        self.cell(row, field).map(|(v, _)| v.display().trim().to_string()).filter(|s| !s.is_empty())
    }

    pub fn parse_into(&self, out: &mut Parsed) {
        let before = out.records.len();
        for session in &self.table.sessions {
            if let Err(e) = session.date {
                let (r, c) = session.date_cell;
                out.findings.push(invalid_date(e, self.sheet.get(r, c), &self.source(r, c)));
            }
        }
        let mut reported = HashSet::new();
        let mut report = |f: Finding, out: &mut Parsed| {
            // A merged cell is read once per row it covers; report it once.
            if reported.insert((f.code, f.cell)) {
                out.findings.push(f);
            }
        };
        for &row in &self.table.rows {
            let mut findings = Vec::new();
            match self.table.kind {
                Kind::Roster => {
                    if let Some(t) = self.teacher(row, &mut findings) {
                        out.teachers.push(t);
                    }
                }
                Kind::Unknown => {}
                _ if self.table.layout == Layout::Grid => {
                    out.records.extend(self.grid_row(row, &mut findings));
                }
                _ if self.table.layout == Layout::Tally => {
                    out.records.extend(self.tally_row(row, &mut findings));
                }
                _ => {
                    if let Some(r) = self.record(row, &mut findings) {
                        out.records.push(r);
                    }
                }
            }
            for f in findings {
                report(f, out);
            }
        }
        // A sign-in sheet without hours cannot feed an hours rule: say so once, on the header.
        let hours_rule = self.rules.rules.iter().any(|r| r.measure == crate::rules::Measure::Hours);
        let hours_given = self.table.col(Field::Hours).is_some()
            || self.table.sessions.iter().any(|s| s.attributes.contains_key(&Field::Hours))
            || out.records[before..].iter().any(|r| r.hours.is_some());
        if self.table.kind == Kind::Attendance && hours_rule && !hours_given {
            let at = self.source(self.table.header_rows.first().copied().unwrap_or(0), 0);
            out.findings.push(
                Finding::at(Code::MissingColumn, Severity::Warning, &at)
                    .param("field", "hours")
                    .param("kind", "attendance")
                    .param("layout", self.table.layout.as_str()),
            );
        }
    }

    fn teacher(&self, row: u32, findings: &mut Vec<Finding>) -> Option<Teacher> {
        let (value, at) = self.cell(row, Field::Name)?;
        let name = normalize_name(&value.display());
        if name.is_empty() {
            findings.push(Finding::at(Code::MissingValue, Severity::Warning, &at).param("field", "name"));
            return None;
        }
        if let Some((id, id_at)) = self.cell(row, Field::IdNumber) {
            if let Some(problem) = check_id(id) {
                let (code, severity, reason) = match problem {
                    IdProblem::PrecisionLost => (Code::IdPrecisionLost, Severity::Error, "precision".to_string()),
                    IdProblem::Malformed => (Code::IdInvalid, Severity::Warning, "format".to_string()),
                    IdProblem::BadBirthDate => (Code::IdInvalid, Severity::Warning, "birth-date".to_string()),
                    IdProblem::BadCheckDigit { expected } => {
                        (Code::IdInvalid, Severity::Warning, format!("check-digit:{expected}"))
                    }
                };
                findings.push(
                    Finding::at(code, severity, &id_at).value(id.display()).teacher(&name).param("reason", reason),
                );
            }
        }
        let attributes = self.table.columns.keys().filter_map(|f| Some((*f, self.text(row, *f)?))).collect();
        Some(Teacher { name, at, attributes })
    }

    fn record(&self, row: u32, findings: &mut Vec<Finding>) -> Option<Record> {
        let kind = self.table.kind;
        let limits = &self.rules.limits;
        let (name_value, at) = self.cell(row, Field::Name)?;
        let name = normalize_name(&name_value.display());
        let mut usable = true;
        if name.is_empty() {
            findings.push(Finding::at(Code::MissingValue, Severity::Error, &at).param("field", "name"));
            usable = false;
        }
        let with_name = |f: Finding| if name.is_empty() { f } else { f.teacher(&name) };

        let mut date = None;
        let mut date_cell = None;
        if let Some((value, src)) = self.cell(row, Field::Date) {
            date_cell = Some((src.row, src.col));
            if value.is_empty() {
                if kind.required().contains(&Field::Date) {
                    findings
                        .push(with_name(Finding::at(Code::MissingValue, Severity::Error, &src).param("field", "date")));
                    usable = false;
                }
            } else {
                match parse_date(value) {
                    Ok(d) => date = Some(d),
                    Err(e) => {
                        findings.push(with_name(invalid_date(e, value, &src)));
                        usable = false;
                    }
                }
            }
        }

        let mut mark = None;
        let mut hours = None;
        let mut hours_in_mark = false;
        if kind == Kind::Attendance {
            match self.cell(row, Field::Mark) {
                None => mark = Some(Mark::Present),
                Some((value, src)) if value.is_empty() => {
                    let signed = self.text(row, Field::Signature).is_some();
                    if signed {
                        mark = Some(Mark::Present);
                    } else {
                        findings.push(with_name(
                            Finding::at(Code::MissingValue, Severity::Warning, &src).param("field", "mark"),
                        ));
                    }
                }
                Some((value, src)) => match self.mark(value, &src, &name, findings) {
                    Some((m, h)) => {
                        (mark, hours) = (Some(m), h);
                        hours_in_mark = parse_number(value).is_some();
                    }
                    None => usable = false,
                },
            }
        }
        if matches!(kind, Kind::Attendance | Kind::Hours) && hours.is_none() {
            let needed = mark.is_none_or(Mark::attended);
            // A sign-in row is one session; a ledger row is a whole course.
            let max = if kind == Kind::Hours { limits.max_hours_per_course } else { limits.max_hours_per_record };
            // Without an hours column, a time range (14:00-15:30) gives them, in the school's
            // hours of training (学时) of `minutes_per_hour` minutes.
            let from_time = self.table.col(Field::Hours).is_none().then(|| self.text(row, Field::Time)).flatten();
            hours = match from_time.as_deref().and_then(crate::parse::date::minutes_between) {
                Some(minutes) => Some(round2(minutes / self.rules.counting.minutes_per_hour)),
                None => self.number(row, Field::Hours, max, needed, &name, findings),
            };
        }
        let lessons = if kind == Kind::Observations {
            self.number(row, Field::Lessons, limits.max_lessons_per_record, false, &name, findings)
        } else {
            None
        };
        let words = if kind == Kind::Reflections {
            self.number(row, Field::Words, limits.max_words, true, &name, findings)
        } else {
            None
        };
        let credits =
            if kind == Kind::Hours { self.number(row, Field::Credits, 1000.0, false, &name, findings) } else { None };

        let label = if kind == Kind::Reflections { Some(self.reflection_kind(row)) } else { None };
        let form = self.text(row, Field::Form);
        let form_cell = [Field::Form, Field::Topic]
            .into_iter()
            .find_map(|f| self.cell(row, f).filter(|(v, _)| !v.is_empty()))
            .map(|(_, src)| (src.row, src.col));
        let topic = self.text(row, Field::Topic).or_else(|| self.text(row, Field::Course));
        let identity_fields: &[Field] = match kind {
            Kind::Attendance => &[Field::Topic, Field::Time],
            Kind::Observations => &[Field::Period, Field::Observed, Field::Class],
            Kind::Reflections => &[Field::Title, Field::Kind],
            _ => &[Field::Course],
        };
        let date_text = date.map(|d| format!("{d:?}")).unwrap_or_default();
        let identity = std::iter::once(name.clone())
            .chain(std::iter::once(date_text.clone()))
            .chain(identity_fields.iter().map(|f| self.text(row, *f).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("\u{1f}");
        let content = std::iter::once(name.clone())
            .chain(std::iter::once(date_text))
            .chain(
                self.table
                    .columns
                    .keys()
                    .filter(|f| !matches!(f, Field::Name | Field::Date | Field::Seq | Field::Signature | Field::Note))
                    .map(|f| self.text(row, *f).unwrap_or_default()),
            )
            .collect::<Vec<_>>()
            .join("\u{1f}");
        let mut cells: BTreeMap<Field, (u32, u32)> = self
            .table
            .columns
            .keys()
            .filter_map(|f| self.cell(row, *f).map(|(_, src)| (*f, (src.row, src.col))))
            .collect();
        if let Some(mark_cell) = cells.get(&Field::Mark).copied().filter(|_| hours_in_mark) {
            cells.insert(Field::Hours, mark_cell);
        }
        Some(Record {
            kind,
            at,
            name,
            date,
            date_cell,
            resolved_date: None,
            mark,
            hours,
            lessons,
            words,
            credits,
            form,
            form_cell,
            label,
            topic,
            level: self.text(row, Field::Level),
            presenter: self.text(row, Field::Presenter),
            usable,
            identity,
            content,
            cells,
            tally: None,
            count: None,
            span: None,
        })
    }

    /// The teacher a grid or tally row is about, with the name cell; a blank name is
    /// `missing-value` and the row gives no records.
    fn row_name(&self, row: u32, findings: &mut Vec<Finding>) -> Option<(String, Source)> {
        let (value, at) = self.cell(row, Field::Name)?;
        let name = normalize_name(&value.display());
        if name.is_empty() {
            findings.push(Finding::at(Code::MissingValue, Severity::Error, &at).param("field", "name"));
            return None;
        }
        Some((name, at))
    }

    /// The records of one grid row: one per session whose cell is filled (or, when the rules
    /// file says a blank is an absence, per session). Totals columns are compared with them.
    fn grid_row(&self, row: u32, findings: &mut Vec<Finding>) -> Vec<Record> {
        let Some((name, at)) = self.row_name(row, findings) else { return Vec::new() };
        let records: Vec<Record> =
            self.table.sessions.iter().filter_map(|s| self.grid_cell(row, s, &name, &at, findings)).collect();
        for &(col, total) in &self.table.totals {
            let (value, src) = self.at(row, col);
            let (Some(recorded), Some(computed)) = (parse_number(value), computed_total(&records, total)) else {
                continue;
            };
            if (recorded - computed).abs() > 1e-6 {
                findings.push(total_mismatch(value, &src, &name, computed).param("total", total.as_str()));
            }
        }
        records
    }

    /// The record of one grid cell (teacher × session).
    fn grid_cell(
        &self,
        row: u32,
        session: &Session,
        name: &str,
        at: &Source,
        findings: &mut Vec<Finding>,
    ) -> Option<Record> {
        let (value, src) = self.at(row, session.col);
        let mut usable = true;
        let (mark, mut hours) = if value.is_empty() {
            match self.rules.marks.blank {
                BlankMark::NotExpected => return None,
                BlankMark::Absent => (Some(Mark::Absent), None),
            }
        } else {
            match self.mark(value, &src, name, findings) {
                Some((m, h)) => (Some(m), h),
                None => {
                    usable = false;
                    (None, None)
                }
            }
        };
        // An impossible header date is reported once, on the header (see `parse_into`).
        let date = session.date.ok();
        usable &= date.is_some();
        let attribute =
            |f: Field| session.attributes.get(&f).map(|(r, c)| (self.sheet.get(*r, *c), self.source(*r, *c)));
        let text = |f: Field| attribute(f).map(|(v, _)| v.display().trim().to_string()).filter(|s| !s.is_empty());
        if hours.is_none() && mark.is_some_and(Mark::attended) {
            if let Some((v, src)) = attribute(Field::Hours) {
                let max = self.rules.limits.max_hours_per_record;
                hours = match parse_number(v) {
                    None if v.is_empty() => {
                        // The session was attended but its hours are not filled in (said once).
                        findings.push(Finding::at(Code::MissingValue, Severity::Warning, &src).param("field", "hours"));
                        None
                    }
                    Some(n) => self.bounded(n, max, v, &src, "hours", "", findings),
                    None => {
                        let f = Finding::at(Code::InvalidNumber, Severity::Error, &src).value(v.display());
                        findings.push(f.param("field", "hours"));
                        None
                    }
                };
            }
        }
        let form_cell = [Field::Form, Field::Topic]
            .into_iter()
            .find_map(|f| attribute(f).filter(|(v, _)| !v.is_empty()))
            .map(|(_, src)| (src.row, src.col));
        let mut cells: BTreeMap<Field, (u32, u32)> = session.attributes.iter().map(|(f, cell)| (*f, *cell)).collect();
        cells.insert(Field::Name, (at.row, at.col));
        cells.insert(Field::Date, session.date_cell);
        cells.insert(Field::Mark, (src.row, src.col));
        if parse_number(value).is_some() {
            cells.insert(Field::Hours, (src.row, src.col));
        }
        let topic = text(Field::Topic);
        let date_text = date.map(|d| format!("{d:?}")).unwrap_or_default();
        let identity = [name.to_string(), date_text, topic.clone().unwrap_or_default()].join("\u{1f}");
        let content = format!("{identity}\u{1f}{mark:?}\u{1f}{hours:?}");
        Some(Record {
            kind: Kind::Attendance,
            at: at.clone(),
            name: name.to_string(),
            date,
            date_cell: Some(session.date_cell),
            resolved_date: None,
            mark,
            hours,
            lessons: None,
            words: None,
            credits: None,
            form: text(Field::Form),
            form_cell,
            label: None,
            topic,
            level: text(Field::Level),
            presenter: text(Field::Presenter),
            usable,
            identity,
            content,
            cells,
            tally: None,
            count: None,
            span: None,
        })
    }

    /// The records of one tally row: one per count column. Its totals columns (合计) are
    /// compared with the counts of the row (`total-mismatch`).
    fn tally_row(&self, row: u32, findings: &mut Vec<Finding>) -> Vec<Record> {
        let Some((name, at)) = self.row_name(row, findings) else { return Vec::new() };
        let counts = self.table.counts.iter().filter(|c| !c.total);
        let records: Vec<Record> = counts.map(|c| self.tally_cell(row, c, &name, &at, findings)).collect();
        for total in self.table.counts.iter().filter(|c| c.total) {
            let (value, src) = self.at(row, total.col);
            let columns = crate::recognize::tally::total_parts(&self.table.counts, total);
            let parts: Vec<Option<f64>> = (self.table.counts.iter().filter(|c| !c.total))
                .zip(&records)
                .filter(|(c, _)| columns.contains(&c.col))
                .map(|(_, r)| r.count)
                .collect();
            // A blank or unreadable total, or a count that could not be read, is not compared.
            let (Some(recorded), Some(computed)) = (parse_number(value), parts.iter().copied().sum::<Option<f64>>())
            else {
                continue;
            };
            if !parts.is_empty() && (recorded - computed).abs() > 1e-6 {
                findings.push(
                    total_mismatch(value, &src, &name, computed)
                        .param("total", "tally-row")
                        .param("measure", total.measure.as_str()),
                );
            }
        }
        records
    }

    /// The record of one tally cell (teacher × count column): a count, blank (zero or unknown,
    /// as the rules file says) or `invalid-number`.
    fn tally_cell(
        &self,
        row: u32,
        column: &CountColumn,
        name: &str,
        at: &Source,
        findings: &mut Vec<Finding>,
    ) -> Record {
        let (value, src) = self.at(row, column.col);
        let problem = |code, severity| {
            Finding::at(code, severity, &src)
                .teacher(name)
                .param("field", "count")
                .param("measure", column.measure.as_str())
        };
        let mut usable = true;
        let count = if value.is_empty() {
            match self.rules.counting.blank_count {
                BlankCount::Zero => Some(0.0),
                BlankCount::Unknown => {
                    findings.push(problem(Code::MissingValue, Severity::Warning));
                    None
                }
            }
        } else {
            match parse_number(value).filter(|n| *n >= 0.0) {
                Some(n) => Some(n),
                None => {
                    findings.push(problem(Code::InvalidNumber, Severity::Error).value(value.display()));
                    usable = false;
                    None
                }
            }
        };
        let last_header = self.table.header_rows.last().copied().unwrap_or(0);
        let tally = TallyCount {
            measure: column.measure,
            label: column.label.clone(),
            period: column.period,
            cell: (src.row, src.col),
            header_cell: self.sheet.origin(last_header, column.col),
        };
        let shown = |m: TallyMeasure| if column.measure == m { count } else { None };
        let mut cells = BTreeMap::from([(Field::Name, (at.row, at.col))]);
        if let Some(field) = column.measure.field() {
            cells.insert(field, (src.row, src.col));
        }
        let identity = [name, "tally", column.measure.as_str(), column.label.as_deref().unwrap_or("")].join("\u{1f}")
            + &format!("\u{1f}{:?}", column.period);
        Record {
            kind: column.measure.kind(),
            at: at.clone(),
            name: name.to_string(),
            date: None,
            date_cell: None,
            resolved_date: None,
            mark: None,
            hours: shown(TallyMeasure::Hours),
            lessons: shown(TallyMeasure::Lessons),
            words: shown(TallyMeasure::Words),
            credits: shown(TallyMeasure::Credits),
            form: None,
            form_cell: None,
            label: column.label.clone(),
            topic: None,
            level: None,
            presenter: None,
            usable,
            content: format!("{identity}\u{1f}{count:?}"),
            identity,
            cells,
            tally: Some(tally),
            count,
            span: None,
        }
    }

    /// Reads a mark cell: the mark, and the hours when the cell holds a number of hours.
    /// `None` (with `unknown-mark`) when the school's vocabulary does not have it.
    fn mark(
        &self,
        value: &Value,
        src: &Source,
        name: &str,
        findings: &mut Vec<Finding>,
    ) -> Option<(Mark, Option<f64>)> {
        let named = |f: Finding| if name.is_empty() { f } else { f.teacher(name) };
        match self.vocabulary.parse(value) {
            Some(MarkValue::Mark(m)) => Some((m, None)),
            Some(MarkValue::Hours(h)) => {
                let mark = if h > 0.0 { Mark::Present } else { Mark::Absent };
                let max = self.rules.limits.max_hours_per_record;
                Some((mark, if h > 0.0 { self.bounded(h, max, value, src, "hours", name, findings) } else { None }))
            }
            None => {
                findings.push(named(Finding::at(Code::UnknownMark, Severity::Error, src).value(value.display())));
                None
            }
        }
    }

    /// A number column: empty is `missing-value` when `needed`, unreadable is `invalid-number`,
    /// outside (0, max] is `value-out-of-range`; in each case the value does not count.
    #[allow(clippy::too_many_arguments)]
    fn number(
        &self,
        row: u32,
        field: Field,
        max: f64,
        needed: bool,
        name: &str,
        findings: &mut Vec<Finding>,
    ) -> Option<f64> {
        let (value, src) = self.cell(row, field)?;
        let named = |f: Finding| if name.is_empty() { f } else { f.teacher(name) };
        if value.is_empty() {
            if needed {
                findings
                    .push(named(Finding::at(Code::MissingValue, Severity::Warning, &src).param("field", field.name())));
            }
            return None;
        }
        match parse_number(value) {
            Some(n) => self.bounded(n, max, value, &src, field.name(), name, findings),
            None => {
                findings.push(named(
                    Finding::at(Code::InvalidNumber, Severity::Error, &src)
                        .value(value.display())
                        .param("field", field.name()),
                ));
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn bounded(
        &self,
        n: f64,
        max: f64,
        value: &Value,
        src: &Source,
        field: &str,
        name: &str,
        findings: &mut Vec<Finding>,
    ) -> Option<f64> {
        if n > 0.0 && n <= max {
            return Some(n);
        }
        let mut f = Finding::at(Code::ValueOutOfRange, Severity::Error, src)
            .value(value.display())
            .param("field", field)
            .param("max", crate::read::format_number(max));
        if !name.is_empty() {
            f = f.teacher(name);
        }
        findings.push(f);
        None
    }

    /// The kind of a piece of writing: its kind column, else a kind word in its title, else
    /// in the sheet or file name, else 教学反思.
    fn reflection_kind(&self, row: u32) -> String {
        if let Some(k) = self.text(row, Field::Kind) {
            return super::nfkc(&k);
        }
        self.text(row, Field::Title)
            .and_then(|t| writing_kind(&t))
            .or_else(|| writing_kind(&format!("{} {}", self.sheet.name, self.hint)))
            .unwrap_or_else(|| "教学反思".to_string())
    }
}

/// What a grid's totals column should hold for a row's records; `None` for what is not compared.
fn computed_total(records: &[Record], total: Total) -> Option<f64> {
    let count = |f: fn(Mark) -> bool| records.iter().filter(|r| r.mark.is_some_and(f)).count() as f64;
    Some(match total {
        Total::Attended => count(Mark::attended),
        Total::Absences => count(|m| m == Mark::Absent),
        Total::Lates => count(|m| m == Mark::Late),
        Total::Leaves => {
            count(|m| matches!(m, Mark::Leave | Mark::SickLeave | Mark::PersonalLeave | Mark::OfficialLeave))
        }
        Total::Hours => records.iter().filter_map(|r| r.hours).sum(),
        Total::Rate => return None,
    })
}

/// `invalid-date` on a cell, saying why.
fn invalid_date(e: DateError, value: &Value, src: &Source) -> Finding {
    let reason = match e {
        DateError::NotADate => "not-a-date".to_string(),
        DateError::NoSuchMonth(m) => format!("month:{m}"),
        DateError::NoSuchDay { month, day } => format!("day:{month}:{day}"),
    };
    Finding::at(Code::InvalidDate, Severity::Error, src).value(value.display()).param("reason", reason)
}

/// The kind of writing a text names (教学反思, 读书笔记, 反思 …), if any.
pub fn writing_kind(text: &str) -> Option<String> {
    const KINDS: &[&str] =
        &["教学反思", "教学总结", "读书笔记", "教学随笔", "课标摘抄", "反思", "总结", "笔记", "随笔"];
    KINDS.iter().find(|k| text.contains(*k)).map(|k| k.to_string())
}

/// Whether a record's label (教学反思, 反思 …) matches a rule's kind filter word.
pub fn label_matches(label: &str, filter: &str) -> bool {
    let (l, f) = (super::nfkc(label), super::nfkc(filter));
    !f.is_empty() && (l == f || l.contains(&f) || f.contains(&l) && !l.is_empty())
}

/// A totals cell that disagrees with what its row adds up to (the caller says which total).
fn total_mismatch(value: &Value, at: &Source, name: &str, computed: f64) -> Finding {
    Finding::at(Code::TotalMismatch, Severity::Warning, at)
        .value(value.display())
        .teacher(name)
        .param("computed", crate::read::format_number(computed))
}

/// Rounds to two decimals (hours from minutes: 90 / 45 = 2, 100 / 45 = 2.22).
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
