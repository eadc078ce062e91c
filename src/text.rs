//! Words and numbers as people read them: wrapping and number formatting.

/// Formats a number without a trailing `.0`.
pub fn num(v: f64) -> String {
    format!("{v}")
}

/// Numbers this large or larger print in exponent form (`1e308`, not 309 digits).
pub const EXPONENT_FROM: f64 = 1e15;

/// A number with at most `decimals` decimals and no trailing zeros (`3`, `0.9`, `13.33`);
/// from [`EXPONENT_FROM`] on, in exponent form (`2.5e20`).
pub fn short_number(v: f64, decimals: usize) -> String {
    if v.is_finite() && v.abs() >= EXPONENT_FROM {
        return format!("{v:e}");
    }
    let mut s = String::with_capacity(24);
    fixed_into(v, decimals as u32, &mut s);
    if s.contains('.') {
        let kept = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(kept);
    }
    s
}

/// Largest share printed as a number of percent; a larger one (a budget typed in thousands
/// against costs in units) prints as `>1000%`.
pub const PERCENT_SHOWN: f64 = 1000.0;

/// A share as a percentage with one decimal (`0.054` is `5.4%`); above [`PERCENT_SHOWN`]
/// percent, `>1000%` instead of a long row of digits.
pub fn percent(share: f64) -> String {
    let percent = share * 100.0;
    if percent > PERCENT_SHOWN {
        format!(">{PERCENT_SHOWN}%")
    } else {
        format!("{percent:.1}%")
    }
}

/// `v` with exactly `decimals` decimals, as `format!("{v:.decimals$}")` writes it, but without
/// its slow exact path for ordinary values: scaled, rounded and printed as an integer, unless
/// the scaled value sits so near a rounding boundary that the shortcut could differ.
pub fn fixed(v: f64, decimals: u32) -> String {
    let mut text = String::with_capacity(24);
    fixed_into(v, decimals, &mut text);
    text
}

/// [`fixed`], appended to `out`.
pub fn fixed_into(v: f64, decimals: u32, out: &mut String) {
    // The scales written most, without a power function call per value.
    let scale = match decimals {
        2 => 1e2,
        6 => 1e6,
        _ => 10f64.powi(decimals as i32),
    };
    let scaled = v * scale;
    if !v.is_finite() || v < 0.0 || scaled >= 1e15 {
        return fixed_exactly(v, decimals, out);
    }
    // Truncation is the floor here (not negative), and cheaper than the floor function.
    let whole_units = scaled as u64;
    let frac = scaled - whole_units as f64;
    if (frac - 0.5).abs() < 1e-6 {
        return fixed_exactly(v, decimals, out);
    }
    let units = whole_units + u64::from(frac > 0.5);
    let step = 10u64.pow(decimals);
    let (whole, part) = (units / step, units % step);
    push_integer(whole, 1, out);
    if decimals > 0 {
        out.push('.');
        push_integer(part, decimals as usize, out);
    }
}

/// The standard library's formatting, exact in every case.
fn fixed_exactly(v: f64, decimals: u32, out: &mut String) {
    use std::fmt::Write as _;
    let _ = write!(out, "{v:.prec$}", prec = decimals as usize);
}

/// Appends `n` in decimal, padded with zeros to at least `width` digits.
pub fn push_integer(mut n: u64, width: usize, out: &mut String) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = i.min(buf.len() - width.min(buf.len()));
    for &b in &buf[start..] {
        out.push(char::from(b));
    }
}

/// `1 question`, `3 questions`: a count with its noun (plural by adding `s`).
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Splits text into lines of at most `width` characters at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Whether a character would act on a terminal instead of showing: C0 controls (ESC,
/// backspace, NUL, CR, tab…), DEL, C1 controls, and the invisible direction marks and
/// overrides (U+202E and kin) that reorder what is shown. Newline is judged by the caller.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
        )
}

/// `text` safe to show on a terminal or in a message: every [`is_hidden_control`] character
/// written as Rust writes it, `\u{1b}`; newlines kept when `keep_newlines`.
pub fn visible(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| is_hidden_control(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn shares_print_as_percent_up_to_a_thousand() {
        assert_eq!(super::percent(0.054), "5.4%");
        assert_eq!(super::percent(10.0), "1000.0%");
        assert_eq!(super::percent(10.0001), ">1000%");
        assert_eq!(super::percent(188_500_000.0), ">1000%");
    }
    use super::{fixed, short_number, visible};

    #[test]
    fn controls_and_direction_overrides_are_shown_escaped() {
        assert_eq!(
            visible("a\u{1b}[2Jb\u{8}c\0d\u{202e}e\u{9b}f\u{7f}", false),
            "a\\u{1b}[2Jb\\u{8}c\\u{0}d\\u{202e}e\\u{9b}f\\u{7f}"
        );
        assert_eq!(
            visible("\u{1b}]8;;http://x\u{7}l\u{1b}]8;;\u{7}", false),
            "\\u{1b}]8;;http://x\\u{7}l\\u{1b}]8;;\\u{7}"
        );
        assert_eq!(visible("one\ntwo\r", true), "one\ntwo\\u{d}");
        assert_eq!(visible("one\ntwo", false), "one\\u{a}two");
        assert!(matches!(
            visible("Zoë · 100 % — ok", false),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn fixed_decimals_match_the_standard_formatting() {
        let mut x = 0.000_000_1f64;
        let mut values = vec![
            0.0,
            1.0,
            12.5,
            0.1 + 0.2,
            2.0 / 3.0,
            123_456.789_012_345,
            4.05,
            1e14,
        ];
        for _ in 0..2000 {
            x = (x * 1.618_033_988_7 + 0.013_7) % 130.0;
            values.push(x);
        }
        for v in values {
            for d in [0, 2, 6] {
                assert_eq!(fixed(v, d), format!("{v:.prec$}", prec = d as usize), "{v}");
            }
        }
        assert_eq!(fixed(f64::NAN, 6), "NaN");
        assert_eq!(short_number(3.0, 2), "3");
        assert_eq!(short_number(0.9, 2), "0.9");
        assert_eq!(short_number(40.0 / 3.0, 2), "13.33");
        assert_eq!(short_number(2.5, 0), "2");
        assert_eq!(short_number(-0.25, 1), "-0.2");
        assert_eq!(fixed(-1.5, 2), "-1.50");
        assert_eq!(short_number(1e308, 2), "1e308");
        assert_eq!(short_number(-2.5e20, 2), "-2.5e20");
        assert_eq!(short_number(999_999_999_999_999.0, 2), "999999999999999");
    }
}
