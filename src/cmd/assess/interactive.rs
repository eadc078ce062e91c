//! The interactive questionnaire: where answers are saved, what happens to an existing file,
//! Ctrl-C, and the report at the end (the same one `--answers` gives).

use super::questionnaire;
use super::{fail_below, read_answers};
use crate::cli::{AssessArgs, GlobalArgs};
use crate::domain::{Answer, Answers};
use crate::engine::maturity;
use crate::error::{Error, Result};
use crate::framework::{Framework, Maturity};
use crate::model::{AnswersFile, AssessmentReport};
use crate::output::write_atomically;
use crate::ui::interrupt;
use crate::ui::prompt::{Existing, Prompter};
use crate::ui::terminal::Terminal;
use indexmap::IndexMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Where answers are saved when neither `--save` nor `--resume` names a file.
pub const DEFAULT_SAVE: &str = "itsm-ai-answers.yaml";

/// Minutes the welcome promises, per question.
const MINUTES_PER_QUESTION: f64 = 0.3;

/// Runs the questionnaire on the terminal, then reports like `--answers`.
pub fn run(
    global: &GlobalArgs,
    args: &AssessArgs,
    framework: &Framework,
    maturity: &Maturity,
) -> Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(Error::Usage(
            "stdin is not a terminal, so the questionnaire cannot be asked; to score answers in batch, pass --answers FILE (for example: itsm-ai assess --answers examples/answers.yaml)".into(),
        ));
    }
    let output = super::output(global, "assess")?;
    let save_path: PathBuf = args
        .save
        .clone()
        .or_else(|| args.resume.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SAVE));
    interrupt::install();
    let color = crate::ui::use_color_on_stderr(global.color);
    let mut terminal = Terminal::new(color);
    let result = ask(&mut terminal, args, framework, maturity, &save_path);
    terminal.restore();
    let Some(answers) = result? else {
        return Ok(());
    };
    let result = maturity::assess(maturity, &answers);
    let report = AssessmentReport::new(framework, maturity, &answers, &result, None);
    super::emit_with(global, &output, |r, w| r.assessment(&report, w))?;
    fail_below(maturity, &report.overall, args.fail_below)
}

fn count(maturity: &Maturity) -> usize {
    maturity.dimensions.iter().map(|d| d.questions.len()).sum()
}

/// Asks the questions; `None` when the person chose to leave an existing file alone.
fn ask(
    prompter: &mut dyn Prompter,
    args: &AssessArgs,
    framework: &Framework,
    maturity: &Maturity,
    save_path: &Path,
) -> Result<Option<Answers>> {
    let total = count(maturity);
    let shown = save_path.display().to_string();
    let talk = |e: std::io::Error| Error::io("<terminal>", e);
    let mut start = Answers {
        framework: framework.id.clone(),
        ..Answers::default()
    };
    let date = super::date_flag(args.date.as_deref())?;
    if let Some(resume) = &args.resume {
        start = read_answers(resume, framework)?;
    } else if save_path.exists() {
        let existing = read_answers(save_path, framework)?;
        match prompter.existing_file(&shown, existing.answers.len(), total) {
            Ok(Existing::Resume) => start = existing,
            Ok(Existing::StartOver) => {}
            Ok(Existing::Quit) => {
                prompter
                    .say(&format!("Left {shown} as it is."))
                    .map_err(talk)?;
                return Ok(None);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                return Err(Error::Interrupted(format!("{shown} was left as it is")));
            }
            Err(e) => return Err(talk(e)),
        }
    }
    if date.is_some() {
        start.date = date;
    }
    let to_ask = total - start.answers.len();
    if start.answers.is_empty() {
        let minutes = (total as f64 * MINUTES_PER_QUESTION).round();
        prompter
            .say(&format!(
                "Maturity assessment · {}\n\n\
                 {total} questions on how IT support works today, in {} dimensions: {}. It takes about {minutes:.0} minutes.\n\
                 Choose the option closest to how things are, not how they should be. Every answer is saved to {shown} at once: press Ctrl-C at any time and continue later with --resume {shown}.",
                framework.name,
                maturity.dimensions.len(),
                maturity
                    .dimensions
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .map_err(talk)?;
    } else {
        prompter
            .say(&format!(
                "Resuming {shown}: {} of {total} questions answered, {to_ask} to go.",
                start.answers.len()
            ))
            .map_err(talk)?;
    }
    let mut answers = start.answers.clone();
    // What the file held besides the answers (who, role, date, notes, merged_from) is kept.
    let file_of = |answers: &IndexMap<String, Answer>| AnswersFile {
        answers: Answers {
            answers: answers.clone(),
            ..start.clone()
        },
        version: framework.version,
        comments: IndexMap::new(),
    };
    let mut save = |answers: &IndexMap<String, Answer>| {
        let yaml = crate::render::yaml::answers_file(&file_of(answers));
        write_atomically(save_path, |w| w.write_all(yaml.as_bytes()))
    };
    let outcome = match questionnaire::ask(maturity, &mut answers, prompter, &mut save) {
        Err(Error::Interrupted(_)) if answers.is_empty() => {
            return Err(Error::Interrupted(
                "no question was answered, so nothing was saved".into(),
            ));
        }
        Err(Error::Interrupted(_)) => {
            let kept = answers.len();
            return Err(Error::Interrupted(format!(
                "{kept} of {total} answers are saved in {shown}; continue with: itsm-ai assess --resume {shown}"
            )));
        }
        other => other?,
    };
    let (mut na, mut dk) = (0, 0);
    for a in answers.values() {
        match a {
            Answer::NotApplicable => na += 1,
            Answer::DontKnow => dk += 1,
            Answer::Level(_) => {}
        }
    }
    let mut summary = format!(
        "\nDone: {} of {total} questions answered ({na} not applicable, {dk} don't know); saved in {shown}.",
        answers.len()
    );
    if !outcome.unanswered.is_empty() {
        summary.push_str(&format!(
            "\n{} skipped ({}); answer them later with: itsm-ai assess --resume {shown}",
            outcome.unanswered.len(),
            outcome.unanswered.join(", ")
        ));
    }
    prompter.say(&summary).map_err(talk)?;
    Ok(Some(Answers {
        answers: questionnaire::in_framework_order(maturity, &answers),
        ..start
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::builtin;
    use crate::ui::prompt::{Reply, Scripted};

    #[test]
    fn resume_keeps_notes_role_and_date_and_saves_them_with_the_new_answers() {
        let framework = builtin::default_for_tests();
        let maturity = framework.maturity.as_ref().unwrap();
        let ids: Vec<String> = maturity
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(|q| q.id.clone()))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.yaml");
        std::fs::write(
            &path,
            format!(
                "framework: itsm-ai\nrespondent: Ana\nrole: CIO\ndate: 2026-11-30\nanswers:\n  {}: {{answer: 3, note: \"agreed at the board\", evidence: \"minutes 2026-10\"}}\n  {}: {{answer: dont_know, note: \"ask finance\"}}\n",
                ids[0], ids[2]
            ),
        )
        .unwrap();
        let args = AssessArgs {
            answers: None,
            save: None,
            resume: Some(path.clone()),
            fail_below: None,
            date: Some("2026-12-01".into()),
            action: None,
        };
        let mut prompter = Scripted::new((2..ids.len()).map(|_| Reply::Answer(Answer::Level(2.0))));
        let answers = ask(&mut prompter, &args, &framework, maturity, &path)
            .unwrap()
            .unwrap();
        assert_eq!(answers.answers.len(), ids.len());
        // --date replaces the file's date; the rest of what the file held is kept.
        assert_eq!(
            (
                answers.respondent.as_deref(),
                answers.role.as_deref(),
                answers.date.as_deref()
            ),
            (Some("Ana"), Some("CIO"), Some("2026-12-01"))
        );
        let saved = read_answers(&path, &framework).unwrap();
        assert_eq!(saved, answers);
        assert_eq!(
            saved.notes[&ids[0]].note.as_deref(),
            Some("agreed at the board")
        );
        assert_eq!(saved.notes[&ids[2]].note.as_deref(), Some("ask finance"));
        assert_eq!(saved.answers[&ids[2]], Answer::DontKnow);
        // Only the absent questions were asked.
        assert!(!prompter.asked.contains(&ids[0]) && !prompter.asked.contains(&ids[2]));
    }
}
