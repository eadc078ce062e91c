//! Answers to the maturity questionnaire, validated: each question's answer, what the respondent
//! said about it, and who answered.

use indexmap::IndexMap;

/// One answer to one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    /// The level of the chosen option (non-integer only in merged files).
    Level(f64),
    /// Not applicable: excluded, the dimension is re-normalised over the rest.
    NotApplicable,
    /// Don't know: scored as the question's lowest option level, and listed as a finding.
    DontKnow,
}

impl Answer {
    /// The level this answer scores as: its own, the lowest option level for don't know, none
    /// for n/a.
    pub fn scored(self, lowest: u8) -> Option<f64> {
        match self {
            Answer::Level(v) => Some(v),
            Answer::DontKnow => Some(f64::from(lowest)),
            Answer::NotApplicable => None,
        }
    }
}

/// What a respondent said about an answer: why this level, and where to check it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Note {
    /// Why this answer (free text).
    pub note: Option<String>,
    /// Where to check it: a document, a dashboard, a ticket query.
    pub evidence: Option<String>,
}

impl Note {
    /// True when neither a note nor evidence was given.
    pub fn is_empty(&self) -> bool {
        self.note.is_none() && self.evidence.is_none()
    }
}

/// One respondent's answers kept in a merged file (`merged_from`), so every answer and note
/// survives the median.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Respondent {
    /// Who answered (the file's respondent, or its name when it had none).
    pub respondent: Option<String>,
    /// Their role, e.g. `CIO` or `Service desk lead`.
    pub role: Option<String>,
    /// Question id → answer, in file order.
    pub answers: IndexMap<String, Answer>,
    /// Question id → note and evidence, for answers that have one.
    pub notes: IndexMap<String, Note>,
}

/// A validated answers file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answers {
    /// Framework id the answers belong to.
    pub framework: String,
    /// Organisation assessed.
    pub organisation: Option<String>,
    /// Who answered (single-respondent files).
    pub respondent: Option<String>,
    /// The respondent's role (single-respondent files).
    pub role: Option<String>,
    /// When the answers were given: an ISO 8601 date (`2026-12-01`), as written in the file or
    /// given with `--date`; never taken from the clock.
    pub date: Option<String>,
    /// Who answered (merged files).
    pub respondents: Vec<String>,
    /// Question id → answer, in file order.
    pub answers: IndexMap<String, Answer>,
    /// Question id → note and evidence, for answers that have one.
    pub notes: IndexMap<String, Note>,
    /// Every respondent's own answers and notes (merged files).
    pub merged_from: Vec<Respondent>,
}

impl Answers {
    /// True for a merged file (several respondents): levels between options are accepted.
    pub fn is_merged(&self) -> bool {
        !self.respondents.is_empty() || !self.merged_from.is_empty()
    }

    /// The respondents behind these answers: a merged file's `merged_from`, otherwise the file
    /// itself as one respondent (named `name` when it names nobody).
    pub fn as_respondents(&self, name: &str) -> Vec<Respondent> {
        if !self.merged_from.is_empty() {
            return self.merged_from.clone();
        }
        let respondent = match (&self.respondent, self.respondents.as_slice()) {
            (Some(r), _) => r.clone(),
            (None, []) => name.to_string(),
            (None, several) => several.join(", "),
        };
        vec![Respondent {
            respondent: Some(respondent),
            role: self.role.clone(),
            answers: self.answers.clone(),
            notes: self.notes.clone(),
        }]
    }
}

/// Checks an ISO 8601 calendar date, `YYYY-MM-DD` (a real day: `2027-02-29` is refused).
pub fn check_date(text: &str) -> Result<(), String> {
    let bad =
        || format!("\"{text}\" is not an ISO 8601 date; write it as YYYY-MM-DD, e.g. 2026-12-01");
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(bad());
    }
    let (year, month, day): (u32, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("\"{text}\": month {month} does not exist")),
    };
    if day == 0 || day > days {
        return Err(format!(
            "\"{text}\": day {day} does not exist in that month"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_calendar_days() {
        for ok in ["2026-12-01", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert_eq!(check_date(ok), Ok(()), "{ok}");
        }
        for bad in [
            "2026-12-1",
            "01.12.2026",
            "2026/12/01",
            "2026-12-01T10:00",
            "20261201",
            "",
        ] {
            assert!(check_date(bad).unwrap_err().contains("YYYY-MM-DD"), "{bad}");
        }
        assert_eq!(
            check_date("2027-02-29"),
            Err("\"2027-02-29\": day 29 does not exist in that month".into())
        );
        assert_eq!(
            check_date("1900-02-29"),
            Err("\"1900-02-29\": day 29 does not exist in that month".into())
        );
        assert_eq!(
            check_date("2026-13-01"),
            Err("\"2026-13-01\": month 13 does not exist".into())
        );
    }

    #[test]
    fn dont_know_scores_as_the_lowest_level_and_na_not_at_all() {
        assert_eq!(Answer::Level(3.0).scored(1), Some(3.0));
        assert_eq!(Answer::DontKnow.scored(2), Some(2.0));
        assert_eq!(Answer::NotApplicable.scored(1), None);
    }
}
