//! Reading one factor cell: a number, a label, or a range `a-b`, checked against the scale.

use crate::framework::Factor;
use crate::text::num;

/// A parsed factor cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellValue {
    /// A single value.
    Single(f64),
    /// A range `low-high`, scored at its midpoint.
    Range(f64, f64),
}

impl CellValue {
    /// The value used for scoring: the number, or a range's midpoint.
    pub fn point(self) -> f64 {
        match self {
            CellValue::Single(v) => v,
            CellValue::Range(a, b) => (a + b) / 2.0,
        }
    }
}

/// Why a cell was rejected: the message and an optional hint.
#[derive(Debug, Clone, PartialEq)]
pub struct CellError {
    /// What is wrong and what was expected.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

fn err(message: String) -> CellError {
    CellError {
        message,
        hint: None,
    }
}

/// Parses a plain number; `decimal_comma` accepts `0,8` (semicolon files from European Excel).
pub fn parse_number(text: &str, decimal_comma: bool) -> Option<f64> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    // Only digits, one sign, '.', exponent: reject "inf", "NaN", "1_0" here; handled by the caller.
    if !(first.is_ascii_digit() || first == b'.' || first == b'-' || first == b'+') {
        return None;
    }
    if decimal_comma && text.contains(',') {
        return text.replace(',', ".").parse().ok();
    }
    text.parse().ok()
}

fn is_non_finite_word(text: &str) -> bool {
    let t = text.trim_start_matches(['+', '-']);
    ["nan", "inf", "infinity"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
}

/// Whether a cell looks like a date Excel made out of a typed range (`2-4` → `04-Feb`).
pub fn looks_like_excel_date(text: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.to_ascii_lowercase();
    let has_digit = lower.bytes().any(|b| b.is_ascii_digit());
    if has_digit && MONTHS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    // 2/4/2026, 04.02.2026, 2026-02-04
    for sep in ['/', '.', '-'] {
        let parts: Vec<&str> = lower.split(sep).collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return true;
        }
    }
    false
}

/// Splits `a-b` (or `a–b`) into its two ends, when both are numbers.
fn split_range(text: &str, decimal_comma: bool) -> Option<(f64, f64)> {
    let (i, dash) = text
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '-' || c == '–')?;
    let (a, b) = (text[..i].trim(), text[i + dash.len_utf8()..].trim());
    Some((
        parse_number(a, decimal_comma)?,
        parse_number(b, decimal_comma)?,
    ))
}

/// Reads a factor cell (already trimmed, not empty).
pub fn parse_factor(
    factor: &Factor,
    text: &str,
    decimal_comma: bool,
) -> Result<CellValue, CellError> {
    let expected = || format!("expected {}", factor.expected());
    let check = |v: f64| -> Result<f64, CellError> {
        if !v.is_finite() {
            Err(err(format!(
                "\"{text}\" is not a finite number ({})",
                expected()
            )))
        } else if v < 0.0 {
            Err(err(format!("\"{text}\" is negative ({})", expected())))
        } else if !factor.scale.contains(v) {
            Err(err(format!(
                "{} is outside the scale ({})",
                num(v),
                expected()
            )))
        } else {
            Ok(v)
        }
    };
    // One digit, or a range of two (`3`, `2-4`), is the commonest cell of all.
    if !factor.numeric_labels {
        let digit = |b: &u8| b.is_ascii_digit().then(|| f64::from(b - b'0'));
        match text.as_bytes() {
            [a] => {
                if let Some(a) = digit(a) {
                    return check(a).map(CellValue::Single);
                }
            }
            [a, b'-', b] => {
                if let (Some(a), Some(b)) = (digit(a), digit(b))
                    && a <= b
                {
                    return Ok(CellValue::Range(check(a)?, check(b)?));
                }
            }
            _ => {}
        }
    }
    // A plain number is the common case: it cannot be a label unless a label starts with a digit.
    if !factor.numeric_labels
        && text.starts_with(|c: char| c.is_ascii_digit())
        && let Some(v) = parse_number(text, decimal_comma)
    {
        return check(v).map(CellValue::Single);
    }
    if let Some(v) = factor.label(text) {
        return Ok(CellValue::Single(v));
    }
    if factor.percent
        && let Some(v) = text
            .strip_suffix('%')
            .and_then(|n| parse_number(n.trim_end(), decimal_comma))
    {
        return check(v / 100.0).map(CellValue::Single);
    }
    if let Some(v) = parse_number(text, decimal_comma) {
        return check(v).map(CellValue::Single);
    }
    if is_non_finite_word(text) {
        return Err(err(format!(
            "\"{text}\" is not a finite number ({})",
            expected()
        )));
    }
    if let Some((a, b)) = split_range(text, decimal_comma) {
        if a > b {
            return Err(CellError {
                message: format!("range \"{text}\" runs backwards ({})", expected()),
                hint: Some(format!("write the lower end first: {}-{}", num(b), num(a))),
            });
        }
        check(a)?;
        check(b)?;
        return Ok(CellValue::Range(a, b));
    }
    if looks_like_excel_date(text) {
        return Err(CellError {
            message: format!(
                "\"{text}\" looks like a date, not a number or a range ({})",
                expected()
            ),
            hint: Some(
                "Excel turns a typed range such as 2-4 into a date: format the column as Text \
                 (Format Cells › Text) before typing ranges, then type them again"
                    .into(),
            ),
        });
    }
    let mut e = err(format!(
        "\"{text}\" is not a number or a label ({})",
        expected()
    ));
    if !decimal_comma
        && text.contains(',')
        && parse_number(&text.replace(',', "."), false).is_some()
    {
        e.hint = Some(
            "use a decimal point (0.8), or a semicolon-separated file for decimal commas".into(),
        );
    }
    Err(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::builtin;

    fn factor(id: &str) -> Factor {
        let s = builtin::default_for_tests().scoring.unwrap();
        s.factors.into_iter().find(|f| f.id == id).unwrap()
    }

    #[test]
    fn accepted_cells() {
        let reach = factor("reach");
        let k = factor("k");
        let cases: &[(&Factor, &str, bool, CellValue)] = &[
            (&reach, "3", false, CellValue::Single(3.0)),
            (&reach, "2.5", false, CellValue::Single(2.5)),
            (&reach, "HIGH", false, CellValue::Single(4.0)),
            (&reach, "Massive", false, CellValue::Single(5.0)),
            (&reach, "2-4", false, CellValue::Range(2.0, 4.0)),
            (&reach, "2 – 4", false, CellValue::Range(2.0, 4.0)),
            (&reach, "1,5-2,5", true, CellValue::Range(1.5, 2.5)),
            (&reach, "0", false, CellValue::Single(0.0)),
            (&k, "0,8", true, CellValue::Single(0.8)),
            (&k, "Experimental", false, CellValue::Single(0.6)),
            (&k, "1", false, CellValue::Single(1.0)),
        ];
        for (f, text, comma, want) in cases {
            assert_eq!(parse_factor(f, text, *comma), Ok(*want), "{text}");
        }
        assert_eq!(CellValue::Range(2.0, 5.0).point(), 3.5);
    }

    #[test]
    fn rejected_cells() {
        let reach = factor("reach");
        let effort = factor("effort");
        let k = factor("k");
        let cases: &[(&Factor, &str, bool, &str)] = &[
            (
                &reach,
                "NaN",
                false,
                "\"NaN\" is not a finite number (expected 0–5 or one of: none, minimal, low, medium, high, massive)",
            ),
            (
                &reach,
                "inf",
                false,
                "\"inf\" is not a finite number (expected 0–5 or one of: none, minimal, low, medium, high, massive)",
            ),
            (
                &reach,
                "-1",
                false,
                "\"-1\" is negative (expected 0–5 or one of: none, minimal, low, medium, high, massive)",
            ),
            (
                &reach,
                "6",
                false,
                "6 is outside the scale (expected 0–5 or one of: none, minimal, low, medium, high, massive)",
            ),
            (
                &effort,
                "0",
                false,
                "0 is outside the scale (expected 1–5 or one of: xs, s, m, l, xl)",
            ),
            (
                &effort,
                "abc",
                false,
                "\"abc\" is not a number or a label (expected 1–5 or one of: xs, s, m, l, xl)",
            ),
            (
                &effort,
                "4-2",
                false,
                "range \"4-2\" runs backwards (expected 1–5 or one of: xs, s, m, l, xl)",
            ),
            (
                &effort,
                "2-7",
                false,
                "7 is outside the scale (expected 1–5 or one of: xs, s, m, l, xl)",
            ),
            (
                &effort,
                "04-Feb",
                false,
                "\"04-Feb\" looks like a date, not a number or a range (expected 1–5 or one of: xs, s, m, l, xl)",
            ),
            (
                &k,
                "0",
                false,
                "0 is outside the scale (expected a number in (0, 1] or one of: buy, configure, build, experimental)",
            ),
            (
                &k,
                "0,8",
                false,
                "\"0,8\" is not a number or a label (expected a number in (0, 1] or one of: buy, configure, build, experimental)",
            ),
        ];
        for (f, text, comma, message) in cases {
            assert_eq!(
                parse_factor(f, text, *comma).unwrap_err().message,
                *message,
                "{text}"
            );
        }
    }

    #[test]
    fn excel_dates_are_recognised() {
        for text in [
            "04-Feb",
            "Feb-04",
            "4-feb",
            "2/4/2026",
            "04.02.2026",
            "2026-02-04",
        ] {
            assert!(looks_like_excel_date(text), "{text}");
        }
        for text in ["2-4", "high", "12", "x-y"] {
            assert!(!looks_like_excel_date(text), "{text}");
        }
    }
}
