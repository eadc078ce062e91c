//! The questionnaire's prompts behind one trait, so the flow (back, skip, second look, review,
//! notes, autosave) is tested with a scripted backend and the terminal backend stays thin.

use crate::domain::Answer;
use crate::domain::answers::Note;
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
    /// The answer given earlier (going back, the second look, the review).
    pub current: Option<Answer>,
    /// The note and evidence given with it, if any.
    pub note: Option<&'a Note>,
    /// Whether there is a previous question to go back to.
    pub can_go_back: bool,
    /// Whether the question is asked again (the second look, the review) rather than the first
    /// time this session.
    pub again: bool,
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
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Answered: a level, not applicable, or don't know.
    Answer(Answer),
    /// Go back to the previous question.
    Back,
    /// Leave the question as it is for now (unanswered, or its earlier answer).
    Skip,
    /// Wrote a note and evidence for the question (the question is asked again).
    Note(Note),
    /// Save and quit (`q`, Esc): what was answered is saved; the session ends like Ctrl-C.
    Quit,
}

/// What to do with an answers file that already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Keep its answers and ask the rest.
    Resume,
    /// Replace it (a numbered backup keeps the old answers).
    Replace,
    /// Leave it alone and stop.
    Quit,
}

/// An existing save file, as the question about it shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingView<'a> {
    /// The file.
    pub path: &'a str,
    /// Questions it answers.
    pub answered: usize,
    /// Questions in the questionnaire.
    pub total: usize,
    /// Where its answers go if it is replaced.
    pub backup: &'a str,
    /// The file being resumed into it (`--resume OTHER --save PATH`); resuming PATH itself is
    /// not offered then.
    pub resuming: Option<&'a str>,
}

impl ExistingView<'_> {
    /// The choices offered, in order.
    pub fn choices(&self) -> &'static [Existing] {
        if self.resuming.is_some() {
            &[Existing::Replace, Existing::Quit]
        } else {
            &[Existing::Resume, Existing::Replace, Existing::Quit]
        }
    }
}

/// A list to pick from while reviewing: the dimensions, or one dimension's questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListView {
    /// What the list is, e.g. `Review your answers`.
    pub heading: String,
    /// Lines under the heading (what picking does, what the level needs).
    pub intro: Vec<String>,
    /// The entries.
    pub items: Vec<String>,
    /// What "done" means here, e.g. `Finish and show the report`.
    pub done: String,
}

/// What the person picked from a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The entry at this index.
    Item(usize),
    /// Done with this list.
    Done,
    /// Save and quit.
    Quit,
}

/// Where the questionnaire talks to a person. Errors of kind `Interrupted` mean Ctrl-C (or the
/// terminal going away).
pub trait Prompter {
    /// Shows text (the welcome, the summary).
    fn say(&mut self, text: &str) -> io::Result<()>;
    /// Asks one question.
    fn ask(&mut self, question: &QuestionView<'_>) -> io::Result<Reply>;
    /// Asks what to do with an existing answers file.
    fn existing_file(&mut self, file: &ExistingView<'_>) -> io::Result<Existing>;
    /// Asks for a line of text (`hint` says what Enter alone does); the text typed, trimmed.
    fn text(&mut self, prompt: &str, hint: &str) -> io::Result<String>;
    /// Offers a list to pick from.
    fn pick(&mut self, list: &ListView) -> io::Result<Pick>;
}

/// A backend that replies from scripts, for tests; Ctrl-C when a script runs out.
#[derive(Debug, Default)]
pub struct Scripted {
    /// Replies still to give to questions.
    pub replies: VecDeque<Reply>,
    /// Picks still to give to lists.
    pub picks: VecDeque<Pick>,
    /// Lines still to type.
    pub lines: VecDeque<String>,
    /// Ids of the questions asked, in order.
    pub asked: Vec<String>,
    /// Headings of the lists offered, in order.
    pub lists: Vec<String>,
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

    /// The same backend, also giving these picks.
    pub fn picking(mut self, picks: impl IntoIterator<Item = Pick>) -> Self {
        self.picks = picks.into_iter().collect();
        self
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

    fn existing_file(&mut self, _: &ExistingView<'_>) -> io::Result<Existing> {
        self.existing.ok_or_else(ctrl_c)
    }

    fn text(&mut self, _: &str, _: &str) -> io::Result<String> {
        self.lines.pop_front().ok_or_else(ctrl_c)
    }

    fn pick(&mut self, list: &ListView) -> io::Result<Pick> {
        self.lists.push(list.heading.clone());
        self.picks.pop_front().ok_or_else(ctrl_c)
    }
}
