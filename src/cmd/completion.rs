//! The command line as completion scripts and manual pages describe it, and the repair of
//! clap_complete's bash script for a binary whose name has a hyphen.

use crate::cli::Cli;
use crate::framework::builtin;
use clap::CommandFactory;
use clap::builder::PossibleValuesParser;

/// The command line without `help` subcommands (they have no page, and complete nothing that
/// `--help` does not), global options copied into every command.
pub fn described() -> clap::Command {
    let mut command = without_help(Cli::command());
    command.build();
    command
}

fn without_help(mut command: clap::Command) -> clap::Command {
    command = command.disable_help_subcommand(true);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, without_help);
    }
    command
}

/// [`described`] for a shell's completion script. For bash, `--framework` offers the built-in
/// ids, and a path still completes when no id matches (the script falls back to file names);
/// zsh and fish would offer the ids alone, so there it completes files.
pub fn for_completion(shell: clap_complete::Shell) -> clap::Command {
    let mut command = without_help(Cli::command());
    if shell == clap_complete::Shell::Bash {
        command = with_framework_ids(command);
    }
    command.build();
    command
}

fn with_framework_ids(mut command: clap::Command) -> clap::Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, with_framework_ids);
    }
    if command.get_arguments().any(|a| a.get_id() == "framework") {
        let ids: Vec<&'static str> = builtin::BUILTINS.iter().map(|(id, _, _)| *id).collect();
        command = command.mut_arg("framework", |a| {
            a.value_parser(PossibleValuesParser::new(ids))
        });
    }
    command
}

/// clap_complete (4.6.11 and earlier; clap-rs/clap#6421, still open) spells the state of a
/// subcommand two ways when the binary's name has a hyphen: the loop that reads the words sets
/// `itsm__ai__subcmd__score`, the case arms expect `itsm__subcmd__ai__subcmd__score`, so
/// nothing after a subcommand completes. The arms are respelt as the loop spells them.
pub fn fix_bash(script: &str) -> String {
    script.replace("itsm__subcmd__ai", "itsm__ai")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_case_arms_are_spelt_as_the_loop_spells_the_state() {
        let mut command = Cli::command();
        let mut script = Vec::new();
        clap_complete::generate(
            clap_complete::Shell::Bash,
            &mut command,
            "itsm-ai",
            &mut script,
        );
        let fixed = fix_bash(&String::from_utf8(script).unwrap());
        assert!(fixed.contains("cmd=\"itsm__ai__subcmd__score\""));
        assert!(fixed.contains("\n        itsm__ai__subcmd__score)\n"));
        assert!(!fixed.contains("subcmd__ai"));
    }
}
