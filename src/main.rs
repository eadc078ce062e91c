//! The `itsm-ai` binary: parse, run, print the error, map it to an exit code.

use clap::Parser;
use itsm_ai::{cli, ui};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::move_leading_flags(std::env::args_os().collect());
    // Before parsing, so clap's help and usage errors follow --color too.
    ui::set_color_choice(ui::color_in_args(&args).unwrap_or(ui::ColorChoice::Auto));
    let cli = cli::Cli::parse_from(args);
    ui::set_color_choice(cli.color);
    ui::messages::set_message_format(cli.message_format.into());
    match itsm_ai::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            ui::messages::print_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
