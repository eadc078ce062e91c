//! Phase names: `Now`, `Next`, `Later`, `Phase 4` …; or calendar periods from `--start`
//! (`2027-Q1`, `2027-03`, `2027-H1`). No date is ever taken from the clock.

use std::fmt;

/// How long a calendar phase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseLength {
    /// Three months.
    Quarter,
    /// One month.
    Month,
    /// Six months.
    Half,
}

impl PhaseLength {
    fn months(self) -> u32 {
        match self {
            PhaseLength::Quarter => 3,
            PhaseLength::Month => 1,
            PhaseLength::Half => 6,
        }
    }

    /// `quarter`, `month`, `half`.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseLength::Quarter => "quarter",
            PhaseLength::Month => "month",
            PhaseLength::Half => "half",
        }
    }
}

/// A calendar period: a year and the 0-based quarter, month or half within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Year.
    pub year: i32,
    /// 0-based position within the year.
    pub index: u32,
    /// Its length.
    pub length: PhaseLength,
}

impl Period {
    /// Parses `2027-Q1`, `2027-03` or `2027-H1` (case-insensitive).
    pub fn parse(text: &str) -> Result<Period, String> {
        let bad = || {
            format!(
                "--start \"{text}\" is not a period (expected a quarter like 2027-Q1, a month like 2027-03 or a half like 2027-H1)"
            )
        };
        let (year, part) = text.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| (1900..=9999).contains(y))
            .ok_or_else(bad)?;
        let part = part.to_ascii_uppercase();
        let (length, number) = if let Some(q) = part.strip_prefix('Q') {
            (PhaseLength::Quarter, q)
        } else if let Some(h) = part.strip_prefix('H') {
            (PhaseLength::Half, h)
        } else {
            (PhaseLength::Month, part.as_str())
        };
        let count = 12 / length.months();
        let number: u32 = number
            .parse()
            .ok()
            .filter(|n| (1..=count).contains(n))
            .ok_or_else(bad)?;
        if length == PhaseLength::Month && part.len() != 2 {
            return Err(bad());
        }
        Ok(Period {
            year,
            index: number - 1,
            length,
        })
    }

    /// The period after this one.
    pub fn next(self) -> Period {
        let count = 12 / self.length.months();
        if self.index + 1 == count {
            Period {
                year: self.year + 1,
                index: 0,
                ..self
            }
        } else {
            Period {
                index: self.index + 1,
                ..self
            }
        }
    }

    /// First day, `YYYY-MM-DD`.
    pub fn first_day(self) -> String {
        format!(
            "{:04}-{:02}-01",
            self.year,
            self.index * self.length.months() + 1
        )
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.length {
            PhaseLength::Quarter => write!(f, "{}-Q{}", self.year, self.index + 1),
            PhaseLength::Month => write!(f, "{}-{:02}", self.year, self.index + 1),
            PhaseLength::Half => write!(f, "{}-H{}", self.year, self.index + 1),
        }
    }
}

/// A phase as reports show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseName {
    /// `Now`, `Phase 4`, `Quarter 2`, `2027-Q1` …
    pub name: String,
    /// First day (`YYYY-MM-DD`) for calendar phases.
    pub starts: Option<String>,
    /// First day after the phase, for calendar phases.
    pub ends: Option<String>,
}

/// The default names of the first three phases.
pub const DEFAULT_NAMES: [&str; 3] = ["Now", "Next", "Later"];

/// Names `count` phases: calendar periods from `start`; `Quarter 1` … for a length without a
/// start; otherwise `Now`, `Next`, `Later`, then `Phase 4`, `Phase 5` ….
pub fn phase_names(
    count: usize,
    start: Option<Period>,
    length: Option<PhaseLength>,
) -> Vec<PhaseName> {
    let mut period = start;
    (0..count)
        .map(|n| {
            if let Some(p) = period {
                let next = p.next();
                period = Some(next);
                return PhaseName {
                    name: p.to_string(),
                    starts: Some(p.first_day()),
                    ends: Some(next.first_day()),
                };
            }
            let name = match (length, DEFAULT_NAMES.get(n)) {
                (Some(l), _) => {
                    let word = l.as_str();
                    format!("{}{} {}", word[..1].to_uppercase(), &word[1..], n + 1)
                }
                (None, Some(name)) => (*name).to_string(),
                (None, None) => format!("Phase {}", n + 1),
            };
            PhaseName {
                name,
                starts: None,
                ends: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(count: usize, start: Option<&str>, length: Option<PhaseLength>) -> Vec<String> {
        let start = start.map(|s| Period::parse(s).unwrap());
        phase_names(count, start, length)
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    #[test]
    fn default_names_then_numbered_phases() {
        assert_eq!(names(2, None, None), ["Now", "Next"]);
        assert_eq!(
            names(5, None, None),
            ["Now", "Next", "Later", "Phase 4", "Phase 5"]
        );
        assert_eq!(
            names(2, None, Some(PhaseLength::Half)),
            ["Half 1", "Half 2"]
        );
    }

    #[test]
    fn calendar_phases_roll_over_the_year() {
        assert_eq!(
            names(3, Some("2027-q4"), None),
            ["2027-Q4", "2028-Q1", "2028-Q2"]
        );
        assert_eq!(names(2, Some("2027-12"), None), ["2027-12", "2028-01"]);
        assert_eq!(
            names(3, Some("2027-H2"), None),
            ["2027-H2", "2028-H1", "2028-H2"]
        );
        let p = phase_names(1, Some(Period::parse("2027-Q4").unwrap()), None);
        assert_eq!(p[0].starts.as_deref(), Some("2027-10-01"));
        assert_eq!(p[0].ends.as_deref(), Some("2028-01-01"));
    }

    #[test]
    fn bad_periods_are_rejected() {
        for bad in [
            "2027", "2027-Q5", "2027-13", "2027-3", "2027-H3", "27-Q1", "2027-X1", "",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Period::parse("2027-Q0").unwrap_err(),
            "--start \"2027-Q0\" is not a period (expected a quarter like 2027-Q1, a month like 2027-03 or a half like 2027-H1)"
        );
    }
}
