//! The `itsm-ai` binary: parse, run, print the error, map it to an exit code.

use clap::Parser;
use itsm_ai::text::visible;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = itsm_ai::cli::Cli::parse();
    match itsm_ai::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ itsm_ai::Error::Interrupted(_)) => {
            let _ = writeln!(std::io::stderr(), "{}", visible(&e.to_string(), true));
            ExitCode::from(e.exit_code())
        }
        Err(e) => {
            // Names in messages come from files: their control characters are shown, not sent.
            let _ = writeln!(
                std::io::stderr(),
                "error: {}",
                visible(&e.to_string(), true)
            );
            ExitCode::from(e.exit_code())
        }
    }
}
