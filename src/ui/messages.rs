//! Problems on stderr in the `--message-format` chosen once: for people (`error:` styled as
//! clap styles it), one JSON object per line, or GitHub Actions workflow commands that put the
//! problem on the offending line of a pull request.

use crate::error::{Diagnostic, Error, Place};
use crate::text::visible;
use anstyle::{AnsiColor, Style};
use std::io::Write;
use std::sync::OnceLock;

/// How problems are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageFormat {
    /// `file:line:col: message [code]`, then `hint:`.
    Human,
    /// One JSON object per problem and line.
    Json,
    /// `::error file=…,line=…,col=…,title=…::message`.
    Github,
}

/// How serious a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The command failed.
    Error,
    /// The command went on; something deserves a look.
    Warning,
    /// Information.
    Note,
}

impl Severity {
    fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// The version of the JSON objects `--message-format json` prints.
pub const MESSAGE_SCHEMA_VERSION: u32 = 1;

static FORMAT: OnceLock<MessageFormat> = OnceLock::new();

/// Sets `--message-format` for the whole process (the first call wins).
pub fn set_message_format(format: MessageFormat) {
    let _ = FORMAT.set(format);
}

fn format() -> MessageFormat {
    FORMAT.get().copied().unwrap_or(MessageFormat::Human)
}

/// `error:`, `warning:` or `note:`, styled as clap styles its own `error:` (bold red, colon
/// included; bold yellow for a warning, bold for a note); `anstream` strips the styles when
/// stderr may not be coloured.
pub fn label(severity: Severity) -> String {
    let style = match severity {
        Severity::Error => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::Warning => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Note => Style::new().bold(),
    };
    format!("{style}{}:{style:#}", severity.name())
}

/// `hint:`, green as clap's `tip:`.
fn hint_label() -> String {
    let style = Style::new().fg_color(Some(AnsiColor::Green.into()));
    format!("{style}hint:{style:#}")
}

/// Prints a message without a place (a warning, or an error that is not about an input).
pub fn print_message(severity: Severity, message: &str) {
    // Names in messages come from files: their control characters are shown, not sent (JSON
    // escapes them itself).
    let shown = visible(message, true);
    let text = match format() {
        MessageFormat::Human => format!("{} {shown}", label(severity)),
        MessageFormat::Json => json_line(severity, None, None, message, None),
        MessageFormat::Github => github_line(severity, None, None, message, None),
    };
    let _ = writeln!(super::stderr(), "{text}");
}

/// Prints a warning or note about a place in an input: for people as
/// `warning: file:line:col: LEAD message` (as a plain warning reads), for machines with the
/// place, code and hint as an error has them.
pub fn print_placed(severity: Severity, d: &Diagnostic, lead: &str) {
    let message = format!("{lead}{}", d.message);
    let text = match format() {
        MessageFormat::Human => format!(
            "{} {}",
            label(severity),
            visible(&format!("{}: {message}", d.place), true)
        ),
        format => one(format, severity, d, &message),
    };
    let _ = writeln!(super::stderr(), "{text}");
}

/// Prints the error a command ended with: every diagnostic of an input, or the one message.
pub fn print_error(error: &Error) {
    let text = match (format(), error) {
        (MessageFormat::Human, Error::Interrupted(_)) => visible(&error.to_string(), true).into(),
        (MessageFormat::Human, Error::Invalid(all)) => human_diagnostics(all),
        (MessageFormat::Human, _) => format!(
            "{} {}",
            label(Severity::Error),
            visible(&error.to_string(), true)
        ),
        (format, Error::Invalid(all)) => {
            let mut lines: Vec<String> = all
                .items()
                .iter()
                .map(|d| one(format, Severity::Error, d, &d.message))
                .collect();
            let more = all.len() - all.items().len();
            if more > 0 {
                let message = format!("… and {more} more problems not shown");
                lines.push(plain(format, &message, None));
            }
            lines.join("\n")
        }
        (format, Error::Io { path, .. }) => plain(
            format,
            &error.to_string(),
            Some(&path.display().to_string()),
        ),
        (format, _) => plain(format, &error.to_string(), None),
    };
    let _ = writeln!(super::stderr(), "{text}");
}

fn human_diagnostics(all: &crate::error::Diagnostics) -> String {
    // The plain text is the error's own Display; only the labels gain their style.
    let text = format!(
        "{} {}",
        label(Severity::Error),
        visible(&all.to_string(), true)
    );
    text.replace("\nerror: ", &format!("\n{} ", label(Severity::Error)))
        .replace("\n  hint: ", &format!("\n  {} ", hint_label()))
}

/// A diagnostic for machines (`json` or `github`), with `message` as its text.
fn one(format: MessageFormat, severity: Severity, d: &Diagnostic, message: &str) -> String {
    let line = match format {
        MessageFormat::Json => json_line,
        _ => github_line,
    };
    line(
        severity,
        Some(d.code.as_str()),
        Some(&d.place),
        message,
        d.hint.as_deref(),
    )
}

fn plain(format: MessageFormat, message: &str, file: Option<&str>) -> String {
    let place = file.map(Place::file);
    match format {
        MessageFormat::Json => json_line(Severity::Error, None, place.as_ref(), message, None),
        _ => github_line(Severity::Error, None, place.as_ref(), message, None),
    }
}

/// `{"schema_version":1,"severity":"error","code":…,"place":…,"file":…,"line":…,"column":…,
/// "sheet":…,"message":…,"hint":…}` on one line; absent parts are `null`.
fn json_line(
    severity: Severity,
    code: Option<&str>,
    place: Option<&Place>,
    message: &str,
    hint: Option<&str>,
) -> String {
    let value = serde_json::json!({
        "schema_version": MESSAGE_SCHEMA_VERSION,
        "severity": severity.name(),
        "code": code,
        "place": place.map(|p| p.to_string()),
        "file": place.map(|p| p.file.as_str()),
        "line": place.and_then(|p| p.line),
        "column": place.and_then(|p| p.column),
        "sheet": place.and_then(|p| p.sheet.as_deref()),
        "message": message,
        "hint": hint,
    });
    value.to_string()
}

/// A workflow command: `::error file=a.csv,line=14,col=6,title=invalid-value::message`. A
/// worksheet's row is not a line of the file, so a workbook's place goes into the message.
fn github_line(
    severity: Severity,
    code: Option<&str>,
    place: Option<&Place>,
    message: &str,
    hint: Option<&str>,
) -> String {
    let command = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = Vec::new();
    let mut text = visible(message, true).into_owned();
    if let Some(place) = place {
        properties.push(format!("file={}", property(&place.file)));
        if place.sheet.is_some() {
            text = format!("{place}: {text}");
        } else {
            if let Some(line) = place.line {
                properties.push(format!("line={line}"));
            }
            if let Some(column) = place.column {
                properties.push(format!("col={column}"));
            }
        }
    }
    if let Some(code) = code {
        properties.push(format!("title={}", property(code)));
    }
    if let Some(hint) = hint {
        text.push_str(&format!("\nhint: {hint}"));
    }
    let properties = if properties.is_empty() {
        String::new()
    } else {
        format!(" {}", properties.join(","))
    };
    format!("::{command}{properties}::{}", data(&text))
}

/// Escapes a workflow command's message (as @actions/core does).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    #[test]
    fn a_csv_problem_becomes_an_annotation_on_its_line() {
        let d = Diagnostic::new(
            Code::InvalidValue,
            Place::at("data/in,1.csv", 14, 6),
            "column \"effort\": \"abc\" is not a number\n(50% off)",
        )
        .with_hint("use 1-5");
        assert_eq!(
            one(MessageFormat::Github, Severity::Error, &d, &d.message),
            "::error file=data/in%2C1.csv,line=14,col=6,title=invalid-value::column \"effort\": \"abc\" is not a number%0A(50%25 off)%0Ahint: use 1-5"
        );
    }

    #[test]
    fn people_get_labels_styled_as_clap_styles_its_own() {
        let mut all = crate::error::Diagnostics::new();
        all.push(
            Diagnostic::new(Code::InvalidValue, Place::line("a.csv", 2), "bad").with_hint("fix"),
        );
        all.push(Diagnostic::new(
            Code::InvalidValue,
            Place::line("a.csv", 3),
            "worse",
        ));
        assert_eq!(
            human_diagnostics(&all),
            "\u{1b}[1m\u{1b}[31merror:\u{1b}[0m a.csv:2: bad [invalid-value]\n  \u{1b}[32mhint:\u{1b}[0m fix\n\u{1b}[1m\u{1b}[31merror:\u{1b}[0m a.csv:3: worse [invalid-value]\n2 problems found; nothing was written"
        );
    }

    #[test]
    fn a_workbook_place_stays_in_the_message() {
        let d = Diagnostic::new(
            Code::InvalidValue,
            Place::in_sheet("book.xlsx", "Sheet1", 3, Some(2)),
            "bad",
        );
        assert_eq!(
            one(MessageFormat::Github, Severity::Error, &d, &d.message),
            "::error file=book.xlsx,title=invalid-value::book.xlsx:Sheet1!B3: bad"
        );
    }

    #[test]
    fn json_carries_the_version_code_place_and_hint() {
        let d =
            Diagnostic::new(Code::InvalidValue, Place::line("a.csv", 4), "bad").with_hint("fix");
        assert_eq!(
            one(MessageFormat::Json, Severity::Error, &d, &d.message),
            r#"{"schema_version":1,"severity":"error","code":"invalid-value","place":"a.csv:4","file":"a.csv","line":4,"column":null,"sheet":null,"message":"bad","hint":"fix"}"#
        );
        assert_eq!(
            json_line(Severity::Warning, None, None, "careful", None),
            r#"{"schema_version":1,"severity":"warning","code":null,"place":null,"file":null,"line":null,"column":null,"sheet":null,"message":"careful","hint":null}"#
        );
    }
}
