//! `itsm-ai completions SHELL` and `itsm-ai man`: generated from the command-line definition,
//! so they never disagree with `--help`.

use crate::cli::{Cli, CompletionsArgs, GlobalArgs, ManArgs};
use crate::error::{Error, Result};
use crate::output::{Destination, Output, write_atomically};
use crate::render::Format;
use clap::CommandFactory;

/// Where generated text goes: `-o FILE` (atomically, `--check` honoured) or stdout.
fn text_output(global: &GlobalArgs) -> Output {
    Output {
        format: Format::Table,
        destination: match &global.output {
            Some(path) if path.as_os_str() != "-" => Destination::File(path.clone()),
            _ => Destination::Stdout,
        },
        check: global.check,
    }
}

/// Prints the completion script of a shell.
pub fn completions(global: &GlobalArgs, args: &CompletionsArgs) -> Result<()> {
    let mut command = Cli::command();
    text_output(global).emit(|w| {
        clap_complete::generate(args.shell, &mut command, "itsm-ai", w);
        Ok(())
    })
}

/// Prints the main manual page, or writes every page into a folder.
pub fn man(global: &GlobalArgs, args: &ManArgs) -> Result<()> {
    let command = Cli::command();
    let Some(dir) = &args.dir else {
        return text_output(global).emit(|w| clap_mangen::Man::new(command).render(w));
    };
    if global.output.is_some() {
        return Err(Error::Usage(
            "--dir and -o both say where to write; use one".into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut pages = vec![("itsm-ai".to_string(), command.clone())];
    collect_pages("itsm-ai", &command, &mut pages);
    for (name, page) in pages {
        let path = dir.join(format!("{name}.1"));
        write_atomically(&path, |w| {
            let page = page
                .clone()
                .name(name.clone())
                .version(env!("CARGO_PKG_VERSION"));
            clap_mangen::Man::new(page).render(w)
        })?;
    }
    Ok(())
}

/// Every subcommand's page, named after its path (`itsm-ai-framework-validate`).
fn collect_pages(prefix: &str, command: &clap::Command, pages: &mut Vec<(String, clap::Command)>) {
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{prefix}-{}", sub.get_name());
        pages.push((name.clone(), sub.clone()));
        collect_pages(&name, sub, pages);
    }
}
