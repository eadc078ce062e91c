//! `itsm-ai completions SHELL` and `itsm-ai man`: generated from the command-line definition,
//! so they never disagree with `--help`.

use super::completion::{described, for_completion};
use crate::cli::{CompletionsArgs, ENVIRONMENT, EXIT_STATUS, GlobalArgs, ManArgs};
use crate::error::{Error, Result};
use crate::output::{Destination, Output, write_atomically};
use crate::render::Format;
use std::io::{self, Write};

/// Where generated text goes: `-o FILE` (atomically, `--check` honoured) or stdout.
fn text_output(global: &GlobalArgs) -> Result<Output> {
    let destination = match &global.output {
        Some(path) if path.as_os_str() != "-" => Destination::File(path.clone()),
        _ => Destination::Stdout,
    };
    if global.check && destination == Destination::Stdout {
        return Err(Error::Usage(
            "--check needs -o FILE: the file to compare with".into(),
        ));
    }
    Ok(Output {
        format: Format::Table,
        destination,
        check: global.check,
    })
}

/// Prints the completion script of a shell.
pub fn completions(global: &GlobalArgs, args: &CompletionsArgs) -> Result<()> {
    let mut command = for_completion(args.shell);
    text_output(global)?.emit(|w| {
        let mut script = Vec::new();
        clap_complete::generate(args.shell, &mut command, "itsm-ai", &mut script);
        if args.shell == clap_complete::Shell::Bash {
            script = super::completion::fix_bash(&String::from_utf8_lossy(&script)).into_bytes();
        }
        w.write_all(&script)
    })
}

/// Prints the main manual page, or writes every page into a folder.
pub fn man(global: &GlobalArgs, args: &ManArgs) -> Result<()> {
    let command = described();
    let Some(dir) = &args.dir else {
        return text_output(global)?.emit(|w| page(&command, w));
    };
    if global.output.is_some() || global.check {
        return Err(Error::Usage(
            "--dir writes the pages into a folder; -o and --check apply to the main page alone"
                .into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut pages = vec![("itsm-ai".to_string(), command.clone())];
    collect_pages("itsm-ai", &command, &mut pages);
    for (name, sub) in pages {
        let path = dir.join(format!("{name}.1"));
        write_atomically(&path, |w| {
            let sub = sub
                .clone()
                .name(name.clone())
                .version(env!("CARGO_PKG_VERSION"));
            page(&sub, w)
        })?;
    }
    Ok(())
}

/// One manual page: clap_mangen's sections, then NOTES and EXAMPLES (from the text after the
/// options in `--help`), ENVIRONMENT and EXIT STATUS.
fn page(command: &clap::Command, w: &mut dyn Write) -> io::Result<()> {
    let after = command
        .get_after_help()
        .map(|t| t.to_string())
        .unwrap_or_default();
    let (notes, examples) = match after.split_once("Examples:\n") {
        Some((notes, examples)) => (notes.trim_end().to_string(), examples.to_string()),
        None => (after.trim_end().to_string(), String::new()),
    };
    let is_main = command.get_name() == "itsm-ai";
    let bare = command.clone().after_help(None::<&str>);
    let man = clap_mangen::Man::new(bare);
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    if command.has_subcommands() {
        man.render_subcommands_section(w)?;
    }
    // The main help's notes are the environment and exit codes, written below as sections.
    if !is_main && !notes.is_empty() {
        section(w, "NOTES", &notes)?;
    }
    if !examples.is_empty() {
        section(w, "EXAMPLES", &examples)?;
    }
    let width = ENVIRONMENT.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let environment: Vec<String> = ENVIRONMENT
        .iter()
        .map(|(name, what)| format!("{name:width$}  {what}"))
        .collect();
    section(w, "ENVIRONMENT", &environment.join("\n"))?;
    let status: Vec<String> = EXIT_STATUS
        .iter()
        .map(|(code, what)| format!("{code:<3}  {what}"))
        .collect();
    section(w, "EXIT STATUS", &status.join("\n"))?;
    man.render_version_section(w)
}

/// A section of preformatted lines, escaped for roff.
fn section(w: &mut dyn Write, title: &str, text: &str) -> io::Result<()> {
    writeln!(w, ".SH \"{title}\"\n.nf")?;
    for line in text.trim_matches('\n').lines() {
        writeln!(w, "{}", roff_line(line))?;
    }
    writeln!(w, ".fi")
}

/// A line of text as roff shows it literally.
fn roff_line(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// Every subcommand's page, named after its path (`itsm-ai-framework-validate`).
fn collect_pages(prefix: &str, command: &clap::Command, pages: &mut Vec<(String, clap::Command)>) {
    for sub in command.get_subcommands() {
        let name = format!("{prefix}-{}", sub.get_name());
        pages.push((name.clone(), sub.clone()));
        collect_pages(&name, sub, pages);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_lines_show_as_written() {
        assert_eq!(roff_line("  itsm-ai score"), "  itsm\\-ai score");
        assert_eq!(roff_line(".hidden"), "\\&.hidden");
        assert_eq!(roff_line("a\\b"), "a\\eb");
    }
}
