//! The questionnaire flow, independent of the terminal: which questions are asked and in what
//! order (those absent from the answers, in framework order), back and skip, and a save after
//! every answer so an interruption loses nothing.

use crate::domain::Answer;
use crate::error::{Error, Result};
use crate::framework::Maturity;
use crate::ui::interrupt;
use crate::ui::prompt::{Prompter, QuestionView, Reply};
use indexmap::IndexMap;

/// How the questionnaire went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Questions answered in this session (a level, n/a or don't know).
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

/// Asks every question absent from `answers`, in framework order, calling `save` after each
/// answer. Ctrl-C (an `Interrupted` error from the prompter, or the flag) ends with
/// [`Error::Interrupted`]; what was answered is saved by then.
pub fn ask(
    maturity: &Maturity,
    answers: &mut IndexMap<String, Answer>,
    prompter: &mut dyn Prompter,
    save: &mut dyn FnMut(&IndexMap<String, Answer>) -> Result<()>,
) -> Result<Outcome> {
    let total: usize = maturity.dimensions.iter().map(|d| d.questions.len()).sum();
    // (dimension index, question index in the dimension, position in the questionnaire)
    let mut queue = Vec::new();
    let mut number = 0;
    for (d, dim) in maturity.dimensions.iter().enumerate() {
        for (q, question) in dim.questions.iter().enumerate() {
            number += 1;
            if !answers.contains_key(&question.id) {
                queue.push((d, q, number));
            }
        }
    }
    let interrupted = || Error::Interrupted(String::new());
    let mut answered = 0;
    let mut pos = 0;
    while pos < queue.len() {
        if interrupt::interrupted() {
            return Err(interrupted());
        }
        let (d, q, number) = queue[pos];
        let dim = &maturity.dimensions[d];
        let question = &dim.questions[q];
        let view = QuestionView {
            dimension: &dim.name,
            number_in_dimension: q + 1,
            dimension_total: dim.questions.len(),
            number,
            total,
            id: &question.id,
            text: &question.text,
            help: question.help.as_deref(),
            options: &question.options,
            allow_na: question.allow_na,
            current: answers.get(&question.id).copied(),
            can_go_back: pos > 0,
        };
        let reply = match prompter.ask(&view) {
            Ok(reply) => reply,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => return Err(interrupted()),
            Err(e) => return Err(Error::io("<terminal>", e)),
        };
        match reply {
            // A question that refuses n/a is asked again (the terminal does not offer it).
            Reply::Answer(Answer::NotApplicable) if !question.allow_na => {}
            Reply::Answer(answer) => {
                if answers.insert(question.id.clone(), answer).is_none() {
                    answered += 1;
                }
                save(&in_framework_order(maturity, answers))?;
                pos += 1;
            }
            Reply::Skip => pos += 1,
            Reply::Back => pos = pos.saturating_sub(1),
        }
    }
    let unanswered = queue
        .iter()
        .map(|&(d, q, _)| &maturity.dimensions[d].questions[q].id)
        .filter(|id| !answers.contains_key(*id))
        .cloned()
        .collect();
    Ok(Outcome {
        answered,
        unanswered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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

    /// Runs the flow; returns the outcome (or error), the questions asked and every saved file.
    fn run(
        answers: &mut IndexMap<String, Answer>,
        replies: Vec<Reply>,
    ) -> (Result<Outcome>, Vec<String>, Vec<IndexMap<String, Answer>>) {
        let m = maturity();
        let mut prompter = Scripted::new(replies);
        let mut saves = Vec::new();
        let outcome = ask(&m, answers, &mut prompter, &mut |a| {
            saves.push(a.clone());
            Ok(())
        });
        (outcome, prompter.asked, saves)
    }

    const L: fn(f64) -> Reply = |l| Reply::Answer(Answer::Level(l));

    #[test]
    fn every_question_in_order_with_a_save_after_each_answer() {
        let m = maturity();
        let all = ids(&m);
        let mut answers = IndexMap::new();
        let replies: Vec<Reply> = (0..all.len()).map(|_| L(2.0)).collect();
        let (outcome, asked, saves) = run(&mut answers, replies);
        assert_eq!(
            outcome.unwrap(),
            Outcome {
                answered: all.len(),
                unanswered: vec![]
            }
        );
        assert_eq!(asked, all);
        assert_eq!(saves.len(), all.len());
        assert_eq!(saves[0].len(), 1);
        assert_eq!(
            saves[all.len() - 1].keys().cloned().collect::<Vec<_>>(),
            all
        );
    }

    #[test]
    fn back_changes_an_answer_and_skip_leaves_a_question_absent() {
        let m = maturity();
        let all = ids(&m);
        let mut answers = IndexMap::new();
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
        let (outcome, asked, saves) = run(&mut answers, replies);
        let outcome = outcome.unwrap();
        assert_eq!(outcome.unanswered, vec![all[2].clone()]);
        assert_eq!(outcome.answered, all.len() - 1);
        let order = [0, 1, 2, 1, 2, 3, 2, 1, 0, 1, 2, 3];
        assert_eq!(
            asked[..12],
            order.iter().map(|&n| all[n].clone()).collect::<Vec<_>>()
        );
        assert_eq!(answers[&all[0]], Answer::Level(1.0));
        assert_eq!(answers[&all[1]], Answer::DontKnow);
        assert!(!answers.contains_key(&all[2]));
        // Saves: 3, 2, dont_know, then 1 (a change of the first answer), then the rest.
        assert_eq!(saves.len(), 4 + (all.len() - 3));
        assert_eq!(saves[3][&all[0]], Answer::Level(1.0));
    }

    #[test]
    fn back_on_the_first_question_stays_there() {
        let mut answers = IndexMap::new();
        let (outcome, asked, _) = run(&mut answers, vec![Reply::Back]);
        assert!(matches!(outcome, Err(Error::Interrupted(_))));
        let first = ids(&maturity())[0].clone();
        assert_eq!(asked, vec![first.clone(), first]);
    }

    #[test]
    fn resume_asks_only_the_absent_questions_in_framework_order() {
        let m = maturity();
        let all = ids(&m);
        let mut answers: IndexMap<String, Answer> = all
            .iter()
            .enumerate()
            .filter(|(n, _)| n % 2 == 0)
            .map(|(_, id)| (id.clone(), Answer::DontKnow))
            .collect();
        // The resumed file lists answers out of order; the saved file is in framework order.
        answers.reverse();
        let absent: Vec<String> = all.iter().skip(1).step_by(2).cloned().collect();
        let replies: Vec<Reply> = absent.iter().map(|_| L(5.0)).collect();
        let (outcome, asked, saves) = run(&mut answers, replies);
        assert_eq!(asked, absent);
        assert_eq!(outcome.unwrap().answered, absent.len());
        assert_eq!(
            saves.last().unwrap().keys().cloned().collect::<Vec<_>>(),
            all
        );
    }

    #[test]
    fn ctrl_c_keeps_what_was_answered_and_saved() {
        let m = maturity();
        let all = ids(&m);
        let mut answers = IndexMap::new();
        let (outcome, asked, saves) = run(&mut answers, vec![L(2.0), L(3.0)]);
        assert!(matches!(outcome, Err(Error::Interrupted(_))));
        assert_eq!(asked.len(), 3);
        assert_eq!(saves.len(), 2);
        assert_eq!(
            saves[1],
            IndexMap::from([
                (all[0].clone(), Answer::Level(2.0)),
                (all[1].clone(), Answer::Level(3.0))
            ])
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
            can_go_back: true,
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
        let mut answers = IndexMap::new();
        let outcome = ask(&m, &mut answers, &mut prompter, &mut |_| Ok(()));
        assert!(matches!(outcome, Err(Error::Interrupted(_))));
        let first = m.dimensions[0].questions[0].id.clone();
        assert_eq!(prompter.asked[..2], [first.clone(), first.clone()]);
        assert_eq!(answers[&first], Answer::Level(1.0));
    }
}
