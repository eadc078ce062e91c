//! Integration tests of the `itsm-ai` binary: golden fixture folders, every error path, output
//! files, determinism and pipes.

mod browser;
mod errors;
mod excel;
mod fixtures;
mod frameworks;
mod hostile_input;
mod hostile_text;
mod interactive;
mod layers;
mod lean;
mod output;
mod paths;
mod roadmap;
mod rounding;
mod scaffold;
mod shell;
mod template;

use assert_cmd::Command;

/// The binary under test, with a clean environment for the variables it reads.
pub fn itsm_ai() -> Command {
    let mut cmd = Command::cargo_bin("itsm-ai").unwrap();
    // As in a pipe from a shell: no COLUMNS (shells do not export it), no colour forced.
    cmd.env_remove("ITSM_AI_FRAMEWORK")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS");
    cmd
}
