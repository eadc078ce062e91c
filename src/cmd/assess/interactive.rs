//! The interactive questionnaire: where answers are saved, what happens to an existing file
//! (asked, never replaced silently, a numbered backup kept), paths checked before the first
//! question, who is answering, Ctrl-C and "save and quit", and the report at the end (the same
//! one `--answers` gives).

use super::questionnaire::{self, answers_needed};
use super::{fail_below, read_answers};
use crate::cli::{AssessArgs, GlobalArgs};
use crate::domain::{Answer, Answers};
use crate::engine::maturity;
use crate::error::{Error, Result};
use crate::framework::{Framework, Maturity};
use crate::model::{AnswersFile, AssessmentReport};
use crate::output::{Destination, write_atomically};
use crate::text::plural;
use crate::ui::interrupt;
use crate::ui::prompt::{Existing, ExistingView, Prompter};
use crate::ui::terminal::Terminal;
use indexmap::IndexMap;
use std::cell::Cell;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Where answers are saved when neither `--save` nor `--resume` names a file.
pub const DEFAULT_SAVE: &str = "itsm-ai-answers.yaml";

/// Reading speeds, in words a minute, of a careful and of a quick reader of the questions and
/// their options (the range the welcome promises).
const WORDS_PER_MINUTE: (f64, f64) = (180.0, 240.0);

/// Runs the questionnaire on the terminal, then reports like `--answers`.
pub fn run(
    global: &GlobalArgs,
    args: &AssessArgs,
    framework: &Framework,
    maturity: &Maturity,
) -> Result<()> {
    let not_a_terminal = match (
        std::io::stdin().is_terminal(),
        std::io::stderr().is_terminal(),
    ) {
        (true, true) => None,
        (false, true) => Some("stdin is not a terminal"),
        (true, false) => Some("stderr is not a terminal (the questions are shown there)"),
        (false, false) => Some("neither stdin nor stderr is a terminal"),
    };
    if let Some(why) = not_a_terminal {
        return Err(Error::Usage(format!(
            "{why}, so the questionnaire cannot be asked; to score answers in batch, pass --answers FILE (for example: itsm-ai assess --answers examples/answers.yaml)"
        )));
    }
    let output = super::output(global, "assess")?;
    if let (Destination::File(path), false) = (&output.destination, output.check) {
        check_writable("-o", path)?;
    }
    let save_path: PathBuf = args
        .save
        .clone()
        .or_else(|| args.resume.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SAVE));
    check_writable(
        if args.save.is_some() {
            "--save"
        } else if args.resume.is_some() {
            "--resume"
        } else {
            "the default save file"
        },
        &save_path,
    )?;
    interrupt::install();
    let color = crate::ui::use_color_on_stderr(global.color);
    let plain = args.plain || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    let mut terminal = Terminal::new(color, plain);
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

/// Checks, before the first question, that `path` can be written: its folder exists and takes
/// a new file (a temporary one, discarded at once), and it is not a folder itself.
pub fn check_writable(flag: &str, path: &Path) -> Result<()> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "{flag} {shown}: this is a folder; name a file in it, for example {}",
            path.join("answers.yaml").display()
        )));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(Error::Usage(format!(
            "{flag} {shown}: the folder {} does not exist; create it first or choose another path",
            folder.display()
        )));
    }
    crate::output::file::probe(path).map_err(|e| Error::io(path, e))
}

/// The first free numbered backup name next to `path`: `answers.backup-1.yaml`, then `-2`, …
pub fn backup_path(path: &Path) -> PathBuf {
    (1..)
        .map(|n| numbered(path, n))
        .find(|p| !p.exists())
        .expect("a free number")
}

fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let name = match path.extension() {
        Some(ext) => format!("{stem}.backup-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}.backup-{n}"),
    };
    path.with_file_name(name)
}

/// Copies `path` to its first free numbered backup, never replacing a file (a backup made by
/// another run in between moves on to the next number); returns the backup's path.
pub fn keep_backup(path: &Path) -> Result<PathBuf> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut n = 1;
    loop {
        let backup = numbered(path, n);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&backup)
        {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(&bytes)
                    .and_then(|()| file.sync_all())
                    .map_err(|e| Error::io(&backup, e))?;
                return Ok(backup);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => return Err(Error::io(&backup, e)),
        }
    }
}

/// Whether two paths name the same file (the same path, or the same file once resolved).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (a.canonicalize(), b.canonicalize()),
            (Ok(x), Ok(y)) if x == y
        )
}

/// Writes the answers file for `answers` to `path` (atomically): what the save after every
/// answer does.
pub fn save_answers(path: &Path, version: u32, answers: &Answers) -> Result<()> {
    let file = AnswersFile {
        answers: answers.clone(),
        version,
        comments: IndexMap::new(),
    };
    let yaml = crate::render::yaml::answers_file(&file);
    write_atomically(path, |w| w.write_all(yaml.as_bytes()))
}

/// The welcome's time estimate, from the words of the questions and their options.
pub fn minutes(maturity: &Maturity) -> (usize, usize) {
    let words: usize = maturity
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .map(|q| {
            q.text.split_whitespace().count()
                + q.options
                    .iter()
                    .map(|(_, o)| o.split_whitespace().count())
                    .sum::<usize>()
        })
        .sum();
    let at = |wpm: f64| (words as f64 / wpm).round().max(1.0) as usize;
    (at(WORDS_PER_MINUTE.1), at(WORDS_PER_MINUTE.0))
}

fn count(maturity: &Maturity) -> usize {
    maturity.dimensions.iter().map(|d| d.questions.len()).sum()
}

/// Asks who is answering; each answer may be left empty.
fn identity(prompter: &mut dyn Prompter, answers: &mut Answers) -> std::io::Result<()> {
    prompter.say(
        "Who is answering? The answers file and the board report name them; press Enter to leave any of these out.",
    )?;
    let skip = "Enter leaves it out";
    let mut ask = |prompt: &str| -> std::io::Result<Option<String>> {
        let text = prompter.text(prompt, skip)?;
        Ok((!text.is_empty()).then_some(text))
    };
    answers.organisation = ask("Organisation")?;
    answers.respondent = ask("Your name")?;
    answers.role = ask("Your role (for example CIO, Head of IT operations)")?;
    Ok(())
}

/// Asks the questions; `None` when the person chose to leave an existing file alone, or
/// answered nothing.
fn ask(
    prompter: &mut dyn Prompter,
    args: &AssessArgs,
    framework: &Framework,
    maturity: &Maturity,
    save_path: &Path,
) -> Result<Option<Answers>> {
    let total = count(maturity);
    let shown = save_path.display().to_string();
    let talk = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::Interrupted {
            Error::Interrupted("no question was answered, so nothing was saved".into())
        } else {
            Error::io("<terminal>", e)
        }
    };
    let mut start = Answers {
        framework: framework.id.clone(),
        ..Answers::default()
    };
    let date = super::date_flag(args.date.as_deref())?;
    // The file the answers came from, when they were not started afresh.
    let mut resumed: Option<PathBuf> = None;
    if let Some(resume) = &args.resume {
        start = read_answers(resume, framework)?;
        resumed = Some(resume.clone());
    }
    let into_other = args
        .resume
        .as_ref()
        .filter(|r| !same_file(r, save_path))
        .map(|r| r.display().to_string());
    if save_path.exists() && (args.resume.is_none() || into_other.is_some()) {
        let existing = read_answers(save_path, framework)?;
        let backup = backup_path(save_path).display().to_string();
        let view = ExistingView {
            path: &shown,
            answered: existing.answers.len(),
            total,
            backup: &backup,
            resuming: into_other.as_deref(),
        };
        match prompter.existing_file(&view) {
            Ok(Existing::Resume) => {
                start = existing;
                resumed = Some(save_path.to_path_buf());
            }
            Ok(Existing::Replace) => {
                let kept = keep_backup(save_path)?;
                let verb = if existing.answers.len() == 1 {
                    "is"
                } else {
                    "are"
                };
                prompter
                    .say(&format!(
                        "The {} in {shown} {verb} kept in {}.",
                        plural(existing.answers.len(), "answer"),
                        kept.display()
                    ))
                    .map_err(talk)?;
            }
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
    if resumed.is_none() {
        identity(prompter, &mut start).map_err(talk)?;
        let (quick, careful) = minutes(maturity);
        prompter
            .say(&format!(
                "Maturity assessment · {}\n\n\
                 {total} questions on how IT support works today, in {} dimensions: {}. It takes about {quick} to {careful} minutes.\n\
                 Choose the option closest to how things are, not how they should be. Every answer is saved to {shown} at once: press q to stop at any time and continue later with --resume {shown}.",
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
        let from = resumed
            .as_deref()
            .unwrap_or(save_path)
            .display()
            .to_string();
        let to = if from == shown {
            String::new()
        } else {
            format!(" Answers are saved to {shown}.")
        };
        prompter
            .say(&format!(
                "Resuming {from}: {} of {total} questions answered, {} to go.{to}",
                start.answers.len(),
                total - start.answers.len().min(total)
            ))
            .map_err(talk)?;
    }
    let mut answers = start;
    let wrote = Cell::new(false);
    let mut save = |answers: &Answers| {
        save_answers(save_path, framework.version, answers)?;
        wrote.set(true);
        Ok(())
    };
    let outcome = match questionnaire::ask(maturity, &mut answers, prompter, &mut save) {
        Err(Error::Interrupted(_)) => {
            let kept = answers.answers.len();
            let are = if kept == 1 { "is" } else { "are" };
            return Err(Error::Interrupted(match (&resumed, wrote.get()) {
                (_, true) => format!(
                    "{kept} of {total} answers {are} saved in {shown}; continue with: itsm-ai assess --resume {shown}"
                ),
                (Some(from), false) => {
                    let from = from.display();
                    format!(
                        "{from} is unchanged ({kept} of {total} answers); continue with: itsm-ai assess --resume {from}"
                    )
                }
                (None, false) => "no question was answered, so nothing was saved".into(),
            }));
        }
        other => other?,
    };
    if answers.answers.is_empty() {
        prompter
            .say("\nNo question was answered, so nothing was saved and there is no report.")
            .map_err(talk)?;
        return Ok(None);
    }
    answers.answers = questionnaire::in_framework_order(maturity, &answers.answers);
    // The file is current (a session that changed nothing still saves where --save says).
    if !wrote.get() {
        save(&answers)?;
    }
    let (mut na, mut dk) = (0, 0);
    for a in answers.answers.values() {
        match a {
            Answer::NotApplicable => na += 1,
            Answer::DontKnow => dk += 1,
            Answer::Level(_) => {}
        }
    }
    let mut summary = format!(
        "\nDone: {} of {total} questions answered ({na} not applicable, {dk} don't know); saved in {shown}.",
        answers.answers.len()
    );
    if !outcome.unanswered.is_empty() {
        let needed = answers_needed(maturity, &answers.answers);
        let level = if needed > 0 {
            format!(
                "; the overall level needs {}",
                plural(needed, "more answer")
            )
        } else {
            String::new()
        };
        summary.push_str(&format!(
            "\n{} skipped{level}; answer later with: itsm-ai assess --resume {shown}",
            plural(outcome.unanswered.len(), "question")
        ));
        for id in &outcome.unanswered {
            if let Some(q) = maturity.question(id) {
                summary.push_str(&format!("\n  - {}", q.text));
            }
        }
    }
    prompter.say(&summary).map_err(talk)?;
    Ok(Some(answers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Note;
    use crate::framework::builtin;
    use crate::ui::prompt::{Pick, Reply, Scripted};
    use proptest::prelude::*;

    fn args(save: Option<&Path>, resume: Option<&Path>) -> AssessArgs {
        AssessArgs {
            answers: None,
            save: save.map(Path::to_path_buf),
            resume: resume.map(Path::to_path_buf),
            fail_below: None,
            date: None,
            plain: false,
            action: None,
        }
    }

    fn ids(maturity: &Maturity) -> Vec<String> {
        maturity
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(|q| q.id.clone()))
            .collect()
    }

    #[test]
    fn resume_keeps_notes_role_and_date_and_saves_them_with_the_new_answers() {
        let framework = builtin::default_for_tests();
        let maturity = framework.maturity.as_ref().unwrap();
        let ids = ids(maturity);
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
        let mut args = args(None, Some(&path));
        args.date = Some("2026-12-01".into());
        // The absent questions, then the don't know one again (left as it is).
        let mut replies: Vec<Reply> = (2..ids.len())
            .map(|_| Reply::Answer(Answer::Level(2.0)))
            .collect();
        replies.push(Reply::Skip);
        let mut prompter = Scripted::new(replies).picking([Pick::Done]);
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
        // The absent questions were asked, then the don't know one; the answered one never.
        assert!(!prompter.asked.contains(&ids[0]));
        assert_eq!(prompter.asked.last(), Some(&ids[2]));
    }

    #[test]
    fn a_first_run_asks_who_is_answering_and_saves_it() {
        let framework = builtin::default_for_tests();
        let maturity = framework.maturity.as_ref().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        let mut prompter = Scripted::new([Reply::Answer(Answer::Level(3.0))]);
        prompter.lines = ["Example Corp", "", "CIO"].map(String::from).into();
        let outcome = ask(
            &mut prompter,
            &args(Some(&path), None),
            &framework,
            maturity,
            &path,
        );
        assert!(matches!(outcome, Err(Error::Interrupted(_))));
        let saved = read_answers(&path, &framework).unwrap();
        assert_eq!(
            (
                saved.organisation.as_deref(),
                saved.respondent.as_deref(),
                saved.role.as_deref()
            ),
            (Some("Example Corp"), None, Some("CIO"))
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\norganisation: \"Example Corp\"\nrole: \"CIO\"\n"),
            "{text}"
        );
    }

    #[test]
    fn backups_are_numbered_and_never_replace_an_older_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.yaml");
        std::fs::write(&path, "first").unwrap();
        assert_eq!(backup_path(&path), dir.path().join("answers.backup-1.yaml"));
        assert_eq!(
            keep_backup(&path).unwrap(),
            dir.path().join("answers.backup-1.yaml")
        );
        std::fs::write(&path, "second").unwrap();
        assert_eq!(
            keep_backup(&path).unwrap(),
            dir.path().join("answers.backup-2.yaml")
        );
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(read("answers.backup-1.yaml"), "first");
        assert_eq!(read("answers.backup-2.yaml"), "second");
        let bare = dir.path().join("answers");
        assert_eq!(backup_path(&bare), dir.path().join("answers.backup-1"));
    }

    #[test]
    fn the_time_estimate_comes_from_the_words_read() {
        // The built-in questions and their options come to 3,420 words: 14 minutes at 240
        // words a minute, 19 at 180.
        let framework = builtin::default_for_tests();
        assert_eq!(minutes(framework.maturity.as_ref().unwrap()), (14, 19));
    }

    /// One scripted reply, from a number drawn by proptest.
    fn reply(n: u8) -> Reply {
        match n % 10 {
            0..=4 => Reply::Answer(Answer::Level(f64::from(n % 5 + 1))),
            5 => Reply::Answer(Answer::NotApplicable),
            6 => Reply::Answer(Answer::DontKnow),
            7 => Reply::Skip,
            8 => Reply::Back,
            _ => Reply::Note(Note {
                note: Some(format!("note {n}")),
                evidence: None,
            }),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20))]

        /// Nothing lost: wherever the session is interrupted (the script running out is Ctrl-C),
        /// in the first pass, the second look or the review (scripts run past the 40 questions),
        /// the save file holds exactly the answers given so far and the notes given with them.
        #[test]
        fn nothing_lost_for_autosave_under_random_interruption_points(
            script in proptest::collection::vec(any::<u8>(), 0..120)
        ) {
            let framework = builtin::default_for_tests();
            let maturity = framework.maturity.as_ref().unwrap();
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("answers.yaml");
            let replies: Vec<Reply> = script.iter().map(|&n| reply(n)).collect();
            let mut prompter = Scripted::new(replies.clone());
            prompter.lines = ["Org", "", ""].map(String::from).into();
            let outcome = ask(&mut prompter, &args(Some(&path), None), &framework, maturity, &path);
            // What was given, replayed on the questions the prompter was asked, in order.
            let mut given = IndexMap::new();
            let mut notes = IndexMap::new();
            for (id, reply) in prompter.asked.iter().zip(&replies) {
                let q = maturity.question(id).unwrap();
                match reply {
                    Reply::Answer(Answer::NotApplicable) if !q.allow_na => {}
                    Reply::Answer(a) => { given.insert(id.clone(), *a); }
                    Reply::Note(n) => { notes.insert(id.clone(), n.clone()); }
                    _ => {}
                }
            }
            notes.retain(|id, _| given.contains_key(id));
            if given.is_empty() {
                prop_assert!(!path.exists());
                return Ok(());
            }
            prop_assert!(matches!(outcome, Err(Error::Interrupted(_))) || outcome.is_ok());
            let saved = read_answers(&path, &framework).unwrap();
            prop_assert_eq!(&saved.answers, &questionnaire::in_framework_order(maturity, &given));
            let saved_notes: IndexMap<String, Note> = saved.notes.clone();
            prop_assert_eq!(saved_notes.len(), notes.len());
            for (id, note) in &notes {
                prop_assert_eq!(&saved_notes[id], note);
            }
            prop_assert_eq!(saved.organisation.as_deref(), Some("Org"));
        }
    }
}
