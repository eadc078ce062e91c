//! Flags written before the command's name (`itsm-ai --format json score …`, as scripts wrote
//! them when these flags were global) move after the name of the innermost command, so that
//! command's own flags accept them, or clap rejects them as it rejects any flag a command does
//! not take.

use clap::CommandFactory;
use std::ffi::OsString;

/// Returns `args` (program name first) with the flags before the command's name moved after
/// it. Flags of the whole program (`--color`, `--message-format`, `--help`, `--version`) stay
/// where they are; anything unrecognised is left for clap to report.
pub fn move_leading_flags(args: Vec<OsString>) -> Vec<OsString> {
    // The usual line starts with the command's name: nothing to move, nothing to build.
    if !args
        .get(1)
        .and_then(|a| a.to_str())
        .is_some_and(|a| a.starts_with('-'))
    {
        return args;
    }
    let root = super::Cli::command();
    let flags = FlagTable::of(&root);
    let mut moved = Vec::new();
    let mut i = 1;
    while let Some(token) = args.get(i).and_then(|t| t.to_str()) {
        if token == "--" || token == "-" || !token.starts_with('-') {
            break;
        }
        let span = if flags.value_follows(token) { 2 } else { 1 };
        if !flags.belongs_to_root(token) {
            moved.extend(i..(i + span).min(args.len()));
        }
        i += span;
    }
    let mut end = i;
    let mut command = &root;
    while let Some(sub) = args
        .get(end)
        .and_then(|t| t.to_str())
        .and_then(|name| command.find_subcommand(name))
    {
        command = sub;
        end += 1;
    }
    if moved.is_empty() || end == i {
        return args;
    }
    let mut out = Vec::with_capacity(args.len());
    out.extend(
        args[..i]
            .iter()
            .enumerate()
            .filter(|(n, _)| !moved.contains(n))
            .map(|(_, a)| a.clone()),
    );
    out.extend_from_slice(&args[i..end]);
    out.extend(moved.iter().map(|&n| args[n].clone()));
    out.extend_from_slice(&args[end..]);
    out
}

/// Every flag of every command: its names, whether it takes a value, whether it is the root's.
struct FlagTable {
    /// (long name, short name, takes a value, defined on the root command).
    flags: Vec<(Option<String>, Option<char>, bool, bool)>,
}

impl FlagTable {
    fn of(root: &clap::Command) -> FlagTable {
        let mut flags = Vec::new();
        let mut add = |command: &clap::Command, is_root: bool| {
            for arg in command.get_arguments() {
                let takes = arg.get_action().takes_values();
                flags.push((
                    arg.get_long().map(str::to_string),
                    arg.get_short(),
                    takes,
                    is_root,
                ));
            }
        };
        add(root, true);
        fn walk(command: &clap::Command, add: &mut dyn FnMut(&clap::Command, bool)) {
            for sub in command.get_subcommands() {
                add(sub, false);
                walk(sub, add);
            }
        }
        walk(root, &mut add);
        FlagTable { flags }
    }

    fn long(&self, name: &str) -> Option<&(Option<String>, Option<char>, bool, bool)> {
        // A root flag wins: global flags are copied into every subcommand.
        self.flags
            .iter()
            .filter(|f| f.0.as_deref() == Some(name))
            .max_by_key(|f| f.3)
    }

    fn short(&self, c: char) -> Option<&(Option<String>, Option<char>, bool, bool)> {
        self.flags
            .iter()
            .filter(|f| f.1 == Some(c))
            .max_by_key(|f| f.3)
    }

    /// Whether the next argument is this flag's value (`--format json`, `-o FILE`, `-qo FILE`).
    fn value_follows(&self, token: &str) -> bool {
        if let Some(long) = token.strip_prefix("--") {
            return !long.contains('=') && self.long(long).is_some_and(|f| f.2);
        }
        let shorts: Vec<char> = token.chars().skip(1).collect();
        for (n, c) in shorts.iter().enumerate() {
            if self.short(*c).is_some_and(|f| f.2) {
                // The rest of the cluster, if any, is the value.
                return n + 1 == shorts.len();
            }
        }
        false
    }

    /// Whether the flag is one of the root command's (`--color`, `--help`, …).
    fn belongs_to_root(&self, token: &str) -> bool {
        if let Some(long) = token.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or(long);
            return self.long(name).is_some_and(|f| f.3);
        }
        token
            .chars()
            .nth(1)
            .and_then(|c| self.short(c))
            .is_some_and(|f| f.3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(line: &str) -> String {
        let args = line.split(' ').map(OsString::from).collect();
        move_leading_flags(args)
            .iter()
            .map(|a| a.to_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn flags_before_the_command_move_after_its_name() {
        assert_eq!(
            moved("itsm-ai --format json score x.csv"),
            "itsm-ai score --format json x.csv"
        );
        assert_eq!(
            moved("itsm-ai -q --top 3 -o out.csv score x.csv"),
            "itsm-ai score -q --top 3 -o out.csv x.csv"
        );
        assert_eq!(
            moved("itsm-ai --format=json -qo out.json score"),
            "itsm-ai score --format=json -qo out.json"
        );
    }

    #[test]
    fn nested_commands_get_the_flags_after_the_innermost_name() {
        assert_eq!(
            moved("itsm-ai --format json framework list"),
            "itsm-ai framework list --format json"
        );
        assert_eq!(
            moved("itsm-ai -q assess merge a.yaml b.yaml"),
            "itsm-ai assess merge -q a.yaml b.yaml"
        );
    }

    #[test]
    fn root_flags_and_unknown_lines_stay_as_they_are() {
        assert_eq!(
            moved("itsm-ai --color never --format csv score"),
            "itsm-ai --color never score --format csv"
        );
        assert_eq!(
            moved("itsm-ai --color never score"),
            "itsm-ai --color never score"
        );
        assert_eq!(
            moved("itsm-ai --top 3 nonsense"),
            "itsm-ai --top 3 nonsense"
        );
        assert_eq!(moved("itsm-ai --top 3"), "itsm-ai --top 3");
        assert_eq!(moved("itsm-ai score --top 3"), "itsm-ai score --top 3");
        assert_eq!(moved("itsm-ai -- score"), "itsm-ai -- score");
    }
}
