//! The questionnaire's prompts behind one trait, so the flow (back, skip, resume order,
//! autosave) is tested with a scripted backend and the terminal backend stays thin.

use crate::domain::Answer;
use std::collections::VecDeque;
use std::io;

/// One question as the person sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionView<'a> {
    /// Dimension name, e.g. `Governance & trust`.
    pub dimension: &'a str,
    /// Position of the question in its dimension (1-based).
    pub number_in_dimension: usize,
    /// Questions in the dimension.
    pub dimension_total: usize,
    /// Position in the whole questionnaire (1-based).
    pub number: usize,
    /// Questions in the whole questionnaire.
    pub total: usize,
    /// Question id.
    pub id: &'a str,
    /// The question.
    pub text: &'a str,
    /// Why it matters, shown on request.
    pub help: Option<&'a str>,
    /// `(level, wording)` of each option.
    pub options: &'a [(u8, String)],
    /// Whether `n/a` is offered.
    pub allow_na: bool,
    /// The answer given earlier, when going back.
    pub current: Option<Answer>,
    /// Whether there is a previous question to go back to.
    pub can_go_back: bool,
}

impl QuestionView<'_> {
    /// `Governance & trust · question 3 of 5 · 18/35 overall`.
    pub fn progress(&self) -> String {
        format!(
            "{} · question {} of {} · {}/{} overall",
            self.dimension, self.number_in_dimension, self.dimension_total, self.number, self.total
        )
    }
}

/// What the person did with a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reply {
    /// Answered: a level, not applicable, or don't know.
    Answer(Answer),
    /// Go back to the previous question.
    Back,
    /// Leave the question unanswered for now.
    Skip,
}

/// What to do with an answers file that already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Keep its answers and ask the rest.
    Resume,
    /// Replace it with a new questionnaire.
    StartOver,
    /// Leave it alone and stop.
    Quit,
}

/// Where the questionnaire talks to a person. Errors of kind `Interrupted` mean Ctrl-C.
pub trait Prompter {
    /// Shows text (the welcome, the summary).
    fn say(&mut self, text: &str) -> io::Result<()>;
    /// Asks one question.
    fn ask(&mut self, question: &QuestionView<'_>) -> io::Result<Reply>;
    /// Asks what to do with an existing answers file.
    fn existing_file(&mut self, path: &str, answered: usize, total: usize) -> io::Result<Existing>;
}

/// A backend that replies from a script, for tests; Ctrl-C when the script runs out.
#[derive(Debug, Default)]
pub struct Scripted {
    /// Replies still to give.
    pub replies: VecDeque<Reply>,
    /// Ids of the questions asked, in order.
    pub asked: Vec<String>,
    /// Everything said.
    pub said: Vec<String>,
    /// The choice for an existing file.
    pub existing: Option<Existing>,
}

impl Scripted {
    /// A backend that gives these replies.
    pub fn new(replies: impl IntoIterator<Item = Reply>) -> Self {
        Scripted {
            replies: replies.into_iter().collect(),
            ..Scripted::default()
        }
    }
}

fn ctrl_c() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "read interrupted")
}

impl Prompter for Scripted {
    fn say(&mut self, text: &str) -> io::Result<()> {
        self.said.push(text.to_string());
        Ok(())
    }

    fn ask(&mut self, question: &QuestionView<'_>) -> io::Result<Reply> {
        self.asked.push(question.id.to_string());
        self.replies.pop_front().ok_or_else(ctrl_c)
    }

    fn existing_file(&mut self, _: &str, _: usize, _: usize) -> io::Result<Existing> {
        self.existing.ok_or_else(ctrl_c)
    }
}
