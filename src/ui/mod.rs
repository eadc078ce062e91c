//! Terminal decisions made once: colour, table width, and the notes written to stderr; the
//! prompt backends of the questionnaire; Ctrl-C.

pub mod interrupt;
pub mod progress;
pub mod prompt;
pub mod stopwatch;
pub mod terminal;

use crate::text::visible;
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

/// Whether to colour stdout: `--color`, then `NO_COLOR`, then whether stdout is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    color_for(choice, std::io::stdout().is_terminal())
}

/// Whether to colour the prompts on stderr, by the same rules for stderr.
pub fn use_color_on_stderr(choice: ColorChoice) -> bool {
    color_for(choice, std::io::stderr().is_terminal())
}

fn color_for(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
    }
}

/// Table width: `None` on a terminal (the table fits the terminal), otherwise 80 columns so
/// piped output is stable for diffs.
pub fn table_width() -> Option<u16> {
    if std::io::stdout().is_terminal() {
        None
    } else {
        Some(80)
    }
}

/// Notes and warnings for people, on stderr (control characters in them shown, not sent).
#[derive(Debug, Clone, Copy)]
pub struct Reporter {
    /// Suppress notes (not warnings).
    pub quiet: bool,
}

impl Reporter {
    /// A note (suppressed by `--quiet`).
    pub fn note(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "note: {}", visible(message, true));
        }
    }

    /// A warning (always shown).
    pub fn warn(&self, message: &str) {
        let _ = writeln!(std::io::stderr(), "warning: {}", visible(message, true));
    }
}
