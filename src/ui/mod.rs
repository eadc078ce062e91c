//! Terminal decisions made once: colour, table width, and the notes written to stderr; the
//! prompt backends of the questionnaire; Ctrl-C.

pub mod interrupt;
pub mod messages;
pub mod progress;
pub mod prompt;
pub mod stopwatch;
pub mod terminal;

use crate::text::visible;
pub use messages::{MessageFormat, Severity};
use std::io::{IsTerminal, Write};

/// When to use colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Sets `--color` for the whole process, before anything is printed: clap's help and errors,
/// tables, diagnostics and prompts then follow one policy. `auto` colours a terminal unless
/// `NO_COLOR` is set (not empty), `CLICOLOR=0` or `TERM=dumb`; `CLICOLOR_FORCE` colours even a
/// pipe (anstream's reading of these variables, shared with clap).
pub fn set_color_choice(choice: ColorChoice) {
    let global = match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    global.write_global();
}

/// The value of the last `--color` in the arguments before `--`, so clap's own help and errors
/// can follow it before the arguments are parsed; `None` when absent or not a valid choice.
pub fn color_in_args<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Option<ColorChoice> {
    let mut choice = None;
    let mut iter = args.iter().map(|a| a.as_ref().to_str().unwrap_or(""));
    while let Some(arg) = iter.next() {
        let value = match arg {
            "--" => break,
            "--color" => iter.next(),
            _ => arg.strip_prefix("--color="),
        };
        choice = match value {
            Some("auto") => Some(ColorChoice::Auto),
            Some("always") => Some(ColorChoice::Always),
            Some("never") => Some(ColorChoice::Never),
            Some(_) => None,
            None => choice,
        };
    }
    choice
}

/// Whether to colour stdout: `--color`, then the environment, then whether it is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    color_for(choice, &std::io::stdout())
}

/// Whether to colour what goes to stderr (diagnostics, prompts), by the same rules.
pub fn use_color_on_stderr(choice: ColorChoice) -> bool {
    color_for(choice, &std::io::stderr())
}

fn color_for<S: anstream::stream::RawStream>(choice: ColorChoice, stream: &S) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never,
    }
}

/// Table width: `COLUMNS` when set to a number; otherwise the terminal's width on a terminal;
/// otherwise `None`, no wrapping, so a piped table keeps one row per line for grep and sort.
pub fn table_width() -> Option<u16> {
    width_from(
        std::env::var("COLUMNS").ok().as_deref(),
        std::io::stdout()
            .is_terminal()
            .then(|| dialoguer::console::Term::stdout().size().1),
    )
}

fn width_from(columns: Option<&str>, terminal: Option<u16>) -> Option<u16> {
    columns
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0)
        .or(terminal)
}

/// Notes and warnings for people, on stderr (control characters in them shown, not sent).
#[derive(Debug, Clone, Copy)]
pub struct Reporter {
    /// Suppress notes (not warnings).
    pub quiet: bool,
}

impl Reporter {
    /// A note (suppressed by `--quiet`); always for people, whatever `--message-format` says.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            // Names in messages come from files: their control characters are shown, not sent.
            let message = visible(message, true);
            let _ = writeln!(stderr(), "{} {message}", messages::label(Severity::Note));
        }
    }

    /// A warning (always shown), in the `--message-format`.
    pub fn warn(&self, message: &str) {
        messages::print_message(Severity::Warning, message);
    }

    /// A warning about a place in an input (a row `--skip-invalid` dropped), shaped as an
    /// error is in the `--message-format`: `lead` goes before the diagnostic's message.
    pub fn warn_at(&self, diagnostic: &crate::error::Diagnostic, lead: &str) {
        messages::print_placed(Severity::Warning, diagnostic, lead);
    }
}

/// Standard error, with colour where the policy allows it.
pub fn stderr() -> anstream::Stderr {
    anstream::stderr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_wins_then_the_terminal_then_no_wrapping() {
        assert_eq!(width_from(Some("120"), Some(90)), Some(120));
        assert_eq!(width_from(Some(" 60 "), None), Some(60));
        assert_eq!(width_from(Some("wide"), Some(90)), Some(90));
        assert_eq!(width_from(Some("0"), None), None);
        assert_eq!(width_from(None, Some(90)), Some(90));
        assert_eq!(width_from(None, None), None);
    }

    #[test]
    fn the_last_color_flag_before_the_separator_counts() {
        assert_eq!(
            color_in_args(&["itsm-ai", "--color", "never", "score"]),
            Some(ColorChoice::Never)
        );
        assert_eq!(
            color_in_args(&["itsm-ai", "--color=always", "score", "--color", "never"]),
            Some(ColorChoice::Never)
        );
        assert_eq!(color_in_args(&["itsm-ai", "--color", "sometimes"]), None);
        assert_eq!(color_in_args(&["itsm-ai", "--", "--color", "never"]), None);
        assert_eq!(color_in_args(&["itsm-ai", "score"]), None);
    }
}
