//! The terminal backend of the questionnaire: dialoguer on stderr, arrow keys to choose, help
//! on demand. Text is wrapped to the terminal so dialoguer can redraw it cleanly.

use super::prompt::{Existing, Prompter, QuestionView, Reply};
use crate::domain::Answer;
use crate::text::wrap;
use dialoguer::Select;
use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, Theme};
use std::fmt;
use std::io;

/// The uncoloured look: the question as written (no `:` after a `?`).
struct PlainTheme;

impl Theme for PlainTheme {
    fn format_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        write!(f, "{prompt}")
    }
}

/// Prompts on the terminal's stderr.
pub struct Terminal {
    term: Term,
    theme: Box<dyn Theme>,
}

/// The extra choices after a question's options.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Extra {
    NotApplicable,
    DontKnow,
    Skip,
    Back,
    Help,
}

impl Terminal {
    /// A terminal backend on stderr, coloured or plain.
    pub fn new(color: bool) -> Self {
        // The one colour policy decides, not the console crate's own reading of the terminal.
        dialoguer::console::set_colors_enabled_stderr(color);
        let theme: Box<dyn Theme> = if color {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(PlainTheme)
        };
        Terminal {
            term: Term::stderr(),
            theme,
        }
    }

    /// Text width: the terminal's, at most 100 columns.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(40, 100)
    }

    /// Wraps `text` to the width, continuation lines indented by `indent` spaces; control
    /// characters from the framework file are shown, not sent.
    fn wrapped(&self, text: &str, indent: usize) -> String {
        wrap(
            &crate::text::visible(text, false),
            self.width().saturating_sub(indent + 4),
        )
        .join(&format!("\n{}", " ".repeat(indent)))
    }

    /// Restores the cursor dialoguer hides while a prompt is open (after Ctrl-C).
    pub fn restore(&self) {
        let _ = self.term.show_cursor();
    }

    fn select(&self, prompt: &str, items: &[String], default: usize) -> io::Result<Option<usize>> {
        let choice = Select::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .report(false)
            .interact_on_opt(&self.term)
            .map_err(to_io)?;
        if let Some(n) = choice {
            // dialoguer's own report puts the choice on the prompt's line; this one wraps.
            self.term.write_line(prompt)?;
            let chosen = items[n].replace("\n    ", " ");
            self.term
                .write_line(&format!("  → {}", self.wrapped(&chosen, 4)))?;
        }
        Ok(choice)
    }
}

fn to_io(e: dialoguer::Error) -> io::Error {
    let dialoguer::Error::IO(e) = e;
    e
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) -> io::Result<()> {
        for paragraph in text.split('\n') {
            if paragraph.is_empty() {
                self.term.write_line("")?;
            } else {
                self.term.write_line(&self.wrapped(paragraph, 0))?;
            }
        }
        Ok(())
    }

    fn ask(&mut self, q: &QuestionView<'_>) -> io::Result<Reply> {
        let mut items: Vec<String> = q
            .options
            .iter()
            .map(|(level, text)| format!("{level} · {}", self.wrapped(text, 4)))
            .collect();
        let mut extras = Vec::new();
        if q.allow_na {
            extras.push(Extra::NotApplicable);
        }
        extras.extend([Extra::DontKnow, Extra::Skip]);
        if q.can_go_back {
            extras.push(Extra::Back);
        }
        if q.help.is_some() {
            extras.push(Extra::Help);
        }
        items.extend(extras.iter().map(|e| {
            match e {
                Extra::NotApplicable => "n/a · not applicable to us",
                Extra::DontKnow => {
                    "?   · don't know (scored as the lowest level; listed to find out)"
                }
                Extra::Skip => "»   · skip for now (asked again on --resume)",
                Extra::Back => "←   · back to the previous question",
                Extra::Help => "i   · why this question matters",
            }
            .to_string()
        }));
        let options = q.options.len();
        let mut default = match q.current {
            Some(Answer::Level(l)) => q
                .options
                .iter()
                .position(|(level, _)| f64::from(*level) == l)
                .unwrap_or(0),
            Some(Answer::NotApplicable) if q.allow_na => options,
            Some(Answer::NotApplicable) => 0,
            Some(Answer::DontKnow) => options + usize::from(q.allow_na),
            None => 0,
        };
        let prompt = format!("{}\n{}", q.progress(), self.wrapped(q.text, 0));
        loop {
            self.term.write_line("")?;
            let Some(choice) = self.select(&prompt, &items, default)? else {
                // Esc or q: back when possible, otherwise ask again.
                if q.can_go_back {
                    return Ok(Reply::Back);
                }
                continue;
            };
            if choice < options {
                return Ok(Reply::Answer(Answer::Level(f64::from(q.options[choice].0))));
            }
            match extras[choice - options] {
                Extra::NotApplicable => return Ok(Reply::Answer(Answer::NotApplicable)),
                Extra::DontKnow => return Ok(Reply::Answer(Answer::DontKnow)),
                Extra::Skip => return Ok(Reply::Skip),
                Extra::Back => return Ok(Reply::Back),
                Extra::Help => {
                    let help = q.help.unwrap_or_default();
                    self.term
                        .write_line(&format!("  {}", self.wrapped(help, 2)))?;
                    default = choice;
                }
            }
        }
    }

    fn existing_file(&mut self, path: &str, answered: usize, total: usize) -> io::Result<Existing> {
        let items = [
            format!("Resume: keep the {answered} answers and ask the rest"),
            "Start over: replace the file with a new questionnaire".to_string(),
            "Quit: leave the file as it is".to_string(),
        ];
        let prompt = format!("{path} already holds {answered} of {total} answers");
        Ok(match self.select(&prompt, &items, 0)? {
            Some(0) => Existing::Resume,
            Some(1) => Existing::StartOver,
            _ => Existing::Quit,
        })
    }
}
