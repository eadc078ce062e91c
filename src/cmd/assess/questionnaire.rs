//! The questionnaire flow, independent of the terminal: which questions are asked and in what
//! order (those absent from the answers, in framework order; then, once more, the don't-know
//! and skipped ones), back, skip, notes, a review where any answer can be changed, and a save
//! after every change so an interruption loses nothing.

use crate::domain::{Answer, Answers};
use crate::engine::maturity;
use crate::error::{Error, Result};
use crate::framework::Maturity;
use crate::text::{plural, short_number};
use crate::ui::interrupt;
use crate::ui::prompt::{ListView, Pick, Prompter, QuestionView, Reply};
use indexmap::IndexMap;

/// How the questionnaire went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Questions answered in this session that had no answer before (a level, n/a or don't
    /// know).
    pub answered: usize,
    /// Question ids still without an answer (skipped), in framework order.
    pub unanswered: Vec<String>,
}

/// The answers in framework order (the order an answers file is written in).
pub fn in_framework_order(
    maturity: &Maturity,
    answers: &IndexMap<String, Answer>,
) -> IndexMap<String, Answer> {
    maturity
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .filter_map(|q| answers.get(&q.id).map(|a| (q.id.clone(), *a)))
        .collect()
}

/// How many more questions must be answered (a level, n/a or don't know) before the overall
/// level is no longer withheld for want of answers: each dimension's shortfall against the
/// framework's `completeness_min`, and at least the shortfall over all questions.
pub fn answers_needed(maturity: &Maturity, answers: &IndexMap<String, Answer>) -> usize {
    let needed = |total: usize| (maturity.completeness_min * total as f64 - 1e-9).ceil() as usize;
    let (mut by_dimension, mut covered, mut total) = (0, 0, 0);
    for dim in &maturity.dimensions {
        let here = dim
            .questions
            .iter()
            .filter(|q| answers.contains_key(&q.id))
            .count();
        by_dimension += needed(dim.questions.len()).saturating_sub(here);
        covered += here;
        total += dim.questions.len();
    }
    by_dimension.max(needed(total).saturating_sub(covered))
}

/// An answer in a word or two: `3`, `n/a`, `don't know`, `skipped`.
pub fn answer_words(answer: Option<Answer>) -> String {
    match answer {
        Some(Answer::Level(l)) => short_number(l, 2),
        Some(Answer::NotApplicable) => "n/a".into(),
        Some(Answer::DontKnow) => "don't know".into(),
        None => "skipped".into(),
    }
}

/// An answer in one or two characters, for the review's one line per dimension.
fn answer_mark(answer: Option<Answer>) -> String {
    match answer {
        Some(Answer::DontKnow) => "?".into(),
        None => "-".into(),
        other => answer_words(other),
    }
}

/// Asks every question absent from `answers`, in framework order; then the don't-know and
/// skipped ones once more; then offers the review. `save` runs after every change of an answer
/// or note. Ctrl-C (an `Interrupted` error from the prompter, or the flag) and "save and quit"
/// end with [`Error::Interrupted`]; what was answered is saved by then.
pub fn ask(
    maturity: &Maturity,
    answers: &mut Answers,
    prompter: &mut dyn Prompter,
    save: &mut dyn FnMut(&Answers) -> Result<()>,
) -> Result<Outcome> {
    let mut session = Session {
        maturity,
        at: maturity
            .dimensions
            .iter()
            .enumerate()
            .flat_map(|(d, dim)| (0..dim.questions.len()).map(move |q| (d, q)))
            .collect(),
        answers,
        prompter,
        save,
        answered: 0,
    };
    let absent: Vec<usize> = (0..session.at.len())
        .filter(|&n| session.answer(n).is_none())
        .collect();
    session.pass(&absent, false)?;
    session.second_look()?;
    session.review()?;
    let unanswered = (0..session.at.len())
        .filter(|&n| session.answer(n).is_none())
        .map(|n| session.question(n).id.clone())
        .collect();
    Ok(Outcome {
        answered: session.answered,
        unanswered,
    })
}

/// Where the person is going next after a question.
enum Step {
    Next,
    Back,
}

struct Session<'a> {
    maturity: &'a Maturity,
    /// (dimension, question in the dimension) of every question, in framework order.
    at: Vec<(usize, usize)>,
    answers: &'a mut Answers,
    prompter: &'a mut dyn Prompter,
    save: &'a mut dyn FnMut(&Answers) -> Result<()>,
    answered: usize,
}

fn interrupted() -> Error {
    Error::Interrupted(String::new())
}

fn talk(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::Interrupted || interrupt::interrupted() {
        interrupted()
    } else {
        Error::io("<terminal>", e)
    }
}

impl Session<'_> {
    fn question(&self, n: usize) -> &crate::framework::Question {
        let (d, q) = self.at[n];
        &self.maturity.dimensions[d].questions[q]
    }

    fn answer(&self, n: usize) -> Option<Answer> {
        self.answers.answers.get(&self.question(n).id).copied()
    }

    /// Asks the questions at these positions in turn; back goes to the previous one of them.
    fn pass(&mut self, queue: &[usize], again: bool) -> Result<()> {
        let mut pos = 0;
        while pos < queue.len() {
            match self.ask_one(queue[pos], pos > 0, again)? {
                Step::Next => pos += 1,
                Step::Back => pos -= 1,
            }
        }
        Ok(())
    }

    /// Asks question `n` until it is answered, skipped or left by going back.
    fn ask_one(&mut self, n: usize, can_go_back: bool, again: bool) -> Result<Step> {
        let (d, q) = self.at[n];
        let dim = &self.maturity.dimensions[d];
        let question = &dim.questions[q];
        loop {
            if interrupt::interrupted() {
                return Err(interrupted());
            }
            let view = QuestionView {
                dimension: &dim.name,
                number_in_dimension: q + 1,
                dimension_total: dim.questions.len(),
                number: n + 1,
                total: self.at.len(),
                id: &question.id,
                text: &question.text,
                help: question.help.as_deref(),
                options: &question.options,
                allow_na: question.allow_na,
                current: self.answers.answers.get(&question.id).copied(),
                note: self.answers.notes.get(&question.id),
                can_go_back,
                again,
            };
            match self.prompter.ask(&view).map_err(talk)? {
                // A question that refuses n/a is asked again (the terminal does not offer it).
                Reply::Answer(Answer::NotApplicable) if !question.allow_na => {}
                Reply::Answer(answer) => {
                    if self
                        .answers
                        .answers
                        .insert(question.id.clone(), answer)
                        .is_none()
                    {
                        self.answered += 1;
                    }
                    self.answers.answers = in_framework_order(self.maturity, &self.answers.answers);
                    (self.save)(self.answers)?;
                    return Ok(Step::Next);
                }
                Reply::Skip => return Ok(Step::Next),
                Reply::Back if can_go_back => return Ok(Step::Back),
                Reply::Back => {}
                Reply::Note(note) => {
                    if note.is_empty() {
                        self.answers.notes.shift_remove(&question.id);
                    } else {
                        self.answers.notes.insert(question.id.clone(), note);
                    }
                    // Saved at once when the question has an answer, otherwise with it.
                    if self.answers.answers.contains_key(&question.id) {
                        (self.save)(self.answers)?;
                    }
                }
                Reply::Quit => return Err(interrupted()),
            }
        }
    }

    /// The don't-know and skipped questions, asked once more, saying what the level needs.
    fn second_look(&mut self) -> Result<()> {
        let open: Vec<usize> = (0..self.at.len())
            .filter(|&n| matches!(self.answer(n), None | Some(Answer::DontKnow)))
            .collect();
        if open.is_empty() {
            return Ok(());
        }
        let dont_know = open.iter().filter(|&&n| self.answer(n).is_some()).count();
        let skipped = open.len() - dont_know;
        let mut parts = Vec::new();
        if dont_know > 0 {
            parts.push(format!("{dont_know} don't know"));
        }
        if skipped > 0 {
            parts.push(format!("{skipped} skipped"));
        }
        let mut text = format!(
            "Once more: {} still open ({}). Answer what you can now; press s to leave a question as it is.",
            plural(open.len(), "question"),
            parts.join(", ")
        );
        text.push(' ');
        text.push_str(&self.level_needs());
        self.prompter.say(&text).map_err(talk)?;
        self.pass(&open, true)
    }

    /// What the overall level still needs, in a sentence.
    fn level_needs(&self) -> String {
        let needed = answers_needed(self.maturity, &self.answers.answers);
        let dont_know = self
            .answers
            .answers
            .values()
            .filter(|a| **a == Answer::DontKnow)
            .count();
        let mut text = if needed > 0 {
            format!(
                "The overall level needs {} before it can be given.",
                plural(needed, "more answer")
            )
        } else {
            "The overall level needs no more answers.".to_string()
        };
        if dont_know > 0 {
            text.push_str(" Each don't know scores as the question's lowest level.");
        }
        text
    }

    /// The review: the answers per dimension, any of them changed, until the person finishes.
    fn review(&mut self) -> Result<()> {
        loop {
            let result = maturity::assess(self.maturity, self.answers);
            let items = self
                .maturity
                .dimensions
                .iter()
                .enumerate()
                .map(|(d, dim)| {
                    let marks: Vec<String> = dim
                        .questions
                        .iter()
                        .map(|q| answer_mark(self.answers.answers.get(&q.id).copied()))
                        .collect();
                    let level = result.dimensions[d]
                        .level
                        .map_or("no level yet".to_string(), |l| format!("level {l}"));
                    format!("{}: {} ({level})", dim.name, marks.join(" "))
                })
                .collect();
            let list = ListView {
                heading: "Review your answers".into(),
                intro: vec![
                    "Each dimension's answers in order (? don't know, - skipped). Pick a dimension to change an answer.".into(),
                    self.level_needs(),
                ],
                items,
                done: "Finish and show the report".into(),
            };
            match self.prompter.pick(&list).map_err(talk)? {
                Pick::Done => return Ok(()),
                Pick::Quit => return Err(interrupted()),
                Pick::Item(d) => self.review_dimension(d)?,
            }
        }
    }

    /// One dimension's questions with their answers; picking one asks it again.
    fn review_dimension(&mut self, d: usize) -> Result<()> {
        let first = self.at.iter().position(|&(dd, _)| dd == d).unwrap_or(0);
        let dim = &self.maturity.dimensions[d];
        loop {
            let items = dim
                .questions
                .iter()
                .map(|q| {
                    format!(
                        "{}: {}",
                        answer_words(self.answers.answers.get(&q.id).copied()),
                        q.text
                    )
                })
                .collect();
            let list = ListView {
                heading: dim.name.clone(),
                intro: vec!["Pick a question to change its answer or note.".into()],
                items,
                done: "Back to the review".into(),
            };
            match self.prompter.pick(&list).map_err(talk)? {
                Pick::Done => return Ok(()),
                Pick::Quit => return Err(interrupted()),
                Pick::Item(q) if q < dim.questions.len() => {
                    self.ask_one(first + q, false, true)?;
                }
                Pick::Item(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Note;
    use crate::framework::builtin;
    use crate::ui::prompt::Scripted;

    fn maturity() -> Maturity {
        builtin::default_for_tests().maturity.unwrap()
    }

    fn ids(m: &Maturity) -> Vec<String> {
        m.dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(|q| q.id.clone()))
            .collect()
    }

    fn of(answers: IndexMap<String, Answer>) -> Answers {
        Answers {
            answers,
            ..Answers::default()
        }
    }

    /// Runs the flow; returns the outcome (or error), the backend and every saved file.
    fn run(
        answers: &mut Answers,
        replies: Vec<Reply>,
        picks: Vec<Pick>,
    ) -> (Result<Outcome>, Scripted, Vec<Answers>) {
        let m = maturity();
        let mut prompter = Scripted::new(replies).picking(picks);
        let mut saves = Vec::new();
        let outcome = ask(&m, answers, &mut prompter, &mut |a| {
            saves.push(a.clone());
            Ok(())
        });
        (outcome, prompter, saves)
    }

    const L: fn(f64) -> Reply = |l| Reply::Answer(Answer::Level(l));

    #[test]
    fn every_question_in_order_with_a_save_after_each_answer_then_the_review() {
        let m = maturity();
        let all = ids(&m);
        let mut answers = Answers::default();
        let replies: Vec<Reply> = (0..all.len()).map(|_| L(2.0)).collect();
        let (outcome, prompter, saves) = run(&mut answers, replies, vec![Pick::Done]);
        assert_eq!(
            outcome.unwrap(),
            Outcome {
                answered: all.len(),
                unanswered: vec![]
            }
        );
        assert_eq!(prompter.asked, all);
        // Nothing was open, so no second look; the review was offered once.
        assert!(prompter.said.is_empty());
        assert_eq!(prompter.lists, ["Review your answers"]);
        assert_eq!(saves.len(), all.len());
        assert_eq!(saves[0].answers.len(), 1);
        assert_eq!(
            saves[all.len() - 1]
                .answers
                .keys()
                .cloned()
                .collect::<Vec<_>>(),
            all
        );
    }

    #[test]
    fn back_changes_an_answer_skip_leaves_a_question_absent_and_both_come_again() {
        let m = maturity();
        let all = ids(&m);
        let mut answers = Answers::default();
        let mut replies = vec![
            L(3.0),
            L(2.0),
            Reply::Back,
            Reply::Answer(Answer::DontKnow),
            Reply::Skip,
            Reply::Back,
            Reply::Back,
            Reply::Back,
            L(1.0),
            Reply::Skip,
            Reply::Skip,
        ];
        replies.extend((3..all.len()).map(|_| L(4.0)));
        // The second look: the don't know (question 2) and the skipped question 3, both left.
        replies.extend([Reply::Skip, Reply::Skip]);
        let (outcome, prompter, saves) = run(&mut answers, replies, vec![Pick::Done]);
        let outcome = outcome.unwrap();
        assert_eq!(outcome.unanswered, vec![all[2].clone()]);
        assert_eq!(outcome.answered, all.len() - 1);
        let order = [0, 1, 2, 1, 2, 3, 2, 1, 0, 1, 2, 3];
        assert_eq!(
            prompter.asked[..12],
            order.iter().map(|&n| all[n].clone()).collect::<Vec<_>>()
        );
        assert_eq!(
            prompter.asked[prompter.asked.len() - 2..],
            [all[1].clone(), all[2].clone()]
        );
        assert_eq!(
            prompter.said,
            [
                "Once more: 2 questions still open (1 don't know, 1 skipped). Answer what you can now; press s to leave a question as it is. The overall level needs no more answers. Each don't know scores as the question's lowest level."
            ]
        );
        assert_eq!(answers.answers[&all[0]], Answer::Level(1.0));
        assert_eq!(answers.answers[&all[1]], Answer::DontKnow);
        assert!(!answers.answers.contains_key(&all[2]));
        // Saves: 3, 2, dont_know, then 1 (a change of the first answer), then the rest.
        assert_eq!(saves.len(), 4 + (all.len() - 3));
        assert_eq!(saves[3].answers[&all[0]], Answer::Level(1.0));
    }

    #[test]
    fn back_on_the_first_question_stays_there() {
        let mut answers = Answers::default();
        let (outcome, prompter, _) = run(&mut answers, vec![Reply::Back], vec![]);
        assert!(matches!(outcome, Err(Error::Interrupted(_))));
        let first = ids(&maturity())[0].clone();
        assert_eq!(prompter.asked, vec![first.clone(), first]);
    }

    #[test]
    fn resume_asks_the_absent_questions_first_then_the_dont_know_ones_again() {
        let m = maturity();
        let all = ids(&m);
        let mut map: IndexMap<String, Answer> = all
            .iter()
            .enumerate()
            .filter(|(n, _)| n % 2 == 0)
            .map(|(_, id)| (id.clone(), Answer::DontKnow))
            .collect();
        // The resumed file lists answers out of order; the saved file is in framework order.
        map.reverse();
        let mut answers = of(map);
        let absent: Vec<String> = all.iter().skip(1).step_by(2).cloned().collect();
        let dont_know: Vec<String> = all.iter().step_by(2).cloned().collect();
        let mut replies: Vec<Reply> = absent.iter().map(|_| L(5.0)).collect();
        // Once more: the first don't know becomes a 2, the rest stay as they are.
        replies.push(L(2.0));
        replies.extend(dont_know.iter().skip(1).map(|_| Reply::Skip));
        let (outcome, prompter, saves) = run(&mut answers, replies, vec![Pick::Done]);
        assert_eq!(
            prompter.asked,
            absent.iter().chain(&dont_know).cloned().collect::<Vec<_>>()
        );
        assert_eq!(outcome.unwrap().answered, absent.len());
        let last = saves.last().unwrap();
        assert_eq!(last.answers.keys().cloned().collect::<Vec<_>>(), all);
        assert_eq!(last.answers[&all[0]], Answer::Level(2.0));
        assert_eq!(last.answers[&all[2]], Answer::DontKnow);
    }

    #[test]
    fn ctrl_c_keeps_what_was_answered_and_saved() {
        let m = maturity();
        let all = ids(&m);
        let mut answers = Answers::default();
        let (outcome, prompter, saves) = run(&mut answers, vec![L(2.0), L(3.0)], vec![]);
        assert!(matches!(outcome, Err(Error::Interrupted(_))));
        assert_eq!(prompter.asked.len(), 3);
        assert_eq!(saves.len(), 2);
        assert_eq!(
            saves[1].answers,
            IndexMap::from([
                (all[0].clone(), Answer::Level(2.0)),
                (all[1].clone(), Answer::Level(3.0))
            ])
        );
    }

    #[test]
    fn quit_ends_the_session_like_ctrl_c_with_every_answer_saved() {
        let m = maturity();
        let all = ids(&m);
        let mut answers = Answers::default();
        let (outcome, prompter, saves) = run(
            &mut answers,
            vec![L(2.0), Reply::Quit, L(4.0)],
            vec![Pick::Done],
        );
        assert!(matches!(outcome, Err(Error::Interrupted(_))));
        assert_eq!(prompter.asked, all[..2]);
        assert_eq!(saves.len(), 1);
        assert_eq!(saves[0].answers[&all[0]], Answer::Level(2.0));
    }

    #[test]
    fn a_note_is_saved_with_its_answer_and_at_once_on_an_answered_question() {
        let m = maturity();
        let all = ids(&m);
        let note = Note {
            note: Some("the board minutes say so".into()),
            evidence: Some("minutes 2026-10".into()),
        };
        let mut answers = Answers::default();
        let (outcome, prompter, saves) = run(
            &mut answers,
            vec![
                Reply::Note(note.clone()),
                L(3.0),
                Reply::Back,
                Reply::Note(Note::default()),
            ],
            vec![],
        );
        assert!(matches!(outcome, Err(Error::Interrupted(_))));
        assert_eq!(
            prompter.asked,
            [&all[0], &all[0], &all[1], &all[0], &all[0]].map(String::clone)
        );
        // A note asks the question again. It waited for the answer; clearing it on an answered
        // question saved at once.
        assert_eq!(saves.len(), 2);
        assert_eq!(saves[0].notes[&all[0]], note);
        assert!(saves[1].notes.is_empty());
        assert_eq!(saves[1].answers[&all[0]], Answer::Level(3.0));
    }

    #[test]
    fn the_review_changes_an_answer_and_lists_every_dimension() {
        let m = maturity();
        let all = ids(&m);
        let mut answers = of(all
            .iter()
            .map(|id| (id.clone(), Answer::Level(2.0)))
            .collect());
        let (outcome, prompter, saves) = run(
            &mut answers,
            vec![L(4.0)],
            vec![Pick::Item(1), Pick::Item(2), Pick::Done, Pick::Done],
        );
        assert_eq!(outcome.unwrap().answered, 0);
        let second = &m.dimensions[1];
        let changed = &second.questions[2].id;
        assert_eq!(prompter.asked, std::slice::from_ref(changed));
        assert_eq!(
            prompter.lists,
            [
                "Review your answers",
                second.name.as_str(),
                second.name.as_str(),
                "Review your answers"
            ]
        );
        assert_eq!(saves.len(), 1);
        assert_eq!(saves[0].answers[changed], Answer::Level(4.0));
    }

    #[test]
    fn answers_needed_counts_each_dimensions_shortfall() {
        let m = maturity();
        let all = ids(&m);
        assert!((m.completeness_min - 0.8).abs() < 1e-9);
        let none = IndexMap::new();
        let per_dimension: usize = m
            .dimensions
            .iter()
            .map(|d| (0.8 * d.questions.len() as f64 - 1e-9).ceil() as usize)
            .sum();
        assert_eq!(answers_needed(&m, &none), per_dimension);
        let every: IndexMap<String, Answer> = all
            .iter()
            .map(|id| (id.clone(), Answer::DontKnow))
            .collect();
        assert_eq!(answers_needed(&m, &every), 0);
        // One dimension emptied: it alone needs its 80 %.
        let first = &m.dimensions[0];
        let mut most = every.clone();
        for q in &first.questions {
            most.shift_remove(&q.id);
        }
        assert_eq!(
            answers_needed(&m, &most),
            (0.8 * first.questions.len() as f64 - 1e-9).ceil() as usize
        );
    }

    #[test]
    fn progress_names_the_dimension_and_both_positions() {
        let m = maturity();
        let dim = &m.dimensions[5];
        let q = &dim.questions[2];
        let view = QuestionView {
            dimension: &dim.name,
            number_in_dimension: 3,
            dimension_total: dim.questions.len(),
            number: 28,
            total: 35,
            id: &q.id,
            text: &q.text,
            help: None,
            options: &q.options,
            allow_na: true,
            current: None,
            note: None,
            can_go_back: true,
            again: false,
        };
        assert_eq!(
            view.progress(),
            format!("{} · question 3 of 5 · 28/35 overall", dim.name)
        );
    }

    #[test]
    fn n_a_is_asked_again_where_the_framework_refuses_it() {
        let mut m = maturity();
        m.dimensions[0].questions[0].allow_na = false;
        let mut prompter = Scripted::new([Reply::Answer(Answer::NotApplicable), L(1.0)]);
        let mut answers = Answers::default();
        let outcome = ask(&m, &mut answers, &mut prompter, &mut |_| Ok(()));
        assert!(matches!(outcome, Err(Error::Interrupted(_))));
        let first = m.dimensions[0].questions[0].id.clone();
        assert_eq!(prompter.asked[..2], [first.clone(), first.clone()]);
        assert_eq!(answers.answers[&first], Answer::Level(1.0));
    }
}
