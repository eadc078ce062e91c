//! Integration tests of the `itsm-ai` binary: golden fixture folders, every error path, output
//! files, determinism and pipes.

mod browser;
mod errors;
mod excel;
mod fixtures;
mod frameworks;
mod hostile_input;
mod interactive;
mod layers;
mod lean;
mod output;
mod roadmap;
mod rounding;
mod scaffold;
mod template;

use assert_cmd::Command;

/// The binary under test, with a clean environment for the variables it reads.
pub fn itsm_ai() -> Command {
    let mut cmd = Command::cargo_bin("itsm-ai").unwrap();
    cmd.env_remove("ITSM_AI_FRAMEWORK")
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80");
    cmd
}
