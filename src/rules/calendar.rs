//! The school year and its terms: from the rules file, or inferred from the dates in the data
//! (1 September – 31 August, first term to the end of January).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolYear {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(skip)]
    pub terms: Vec<Term>,
    /// Whether the year came from the rules file or was inferred from the data.
    #[serde(skip)]
    pub inferred: bool,
}

impl SchoolYear {
    /// The conventional school year that starts on 1 September of `start_year`.
    pub fn conventional(start_year: i32) -> SchoolYear {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        let name = format!("{}-{}", start_year, start_year + 1);
        let terms = vec![
            Term {
                id: format!("{name}-1"),
                name: format!("{name}学年第一学期"),
                start: d(start_year, 9, 1),
                end: d(start_year + 1, 1, 31),
            },
            Term {
                id: format!("{name}-2"),
                name: format!("{name}学年第二学期"),
                start: d(start_year + 1, 2, 1),
                end: d(start_year + 1, 8, 31),
            },
        ];
        SchoolYear { name, start: d(start_year, 9, 1), end: d(start_year + 1, 8, 31), terms, inferred: true }
    }

    /// The school year from the rules file.
    pub fn from_config(cfg: &super::SchoolYearConfig) -> SchoolYear {
        let name = cfg.name.clone().unwrap_or_else(|| format!("{}-{}", cfg.start.year(), cfg.end.year()));
        let terms = if cfg.terms.is_empty() {
            SchoolYear::conventional(cfg.start.year()).terms
        } else {
            cfg.terms
                .iter()
                .enumerate()
                .map(|(i, t)| Term {
                    id: t.id.clone().unwrap_or_else(|| format!("{name}-{}", i + 1)),
                    name: t.name.clone().unwrap_or_else(|| format!("{name} 第{}学期", i + 1)),
                    start: t.start,
                    end: t.end,
                })
                .collect()
        };
        SchoolYear { name, start: cfg.start, end: cfg.end, terms, inferred: false }
    }

    /// The school year most of the dates fall in (the later one on a tie); `None` without dates.
    pub fn infer(dates: impl IntoIterator<Item = NaiveDate>) -> Option<SchoolYear> {
        let mut counts = std::collections::BTreeMap::<i32, usize>::new();
        for d in dates {
            let start_year = if d.month() >= 9 { d.year() } else { d.year() - 1 };
            *counts.entry(start_year).or_default() += 1;
        }
        let best = counts.iter().max_by_key(|(year, n)| (**n, **year)).map(|(y, _)| *y)?;
        Some(SchoolYear::conventional(best))
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// The term a date falls in, if any (dates between terms belong to none).
    pub fn term_of(&self, d: NaiveDate) -> Option<&Term> {
        self.terms.iter().find(|t| t.start <= d && d <= t.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_most_dates_fall_in_is_chosen() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let year = SchoolYear::infer([d(2025, 9, 10), d(2026, 1, 5), d(2024, 10, 1)]).unwrap();
        assert_eq!(year.name, "2025-2026");
        assert_eq!(year.term_of(d(2026, 1, 5)).unwrap().id, "2025-2026-1");
        assert_eq!(year.term_of(d(2026, 3, 1)).unwrap().id, "2025-2026-2");
        assert!(!year.contains(d(2024, 10, 1)));
    }
}
