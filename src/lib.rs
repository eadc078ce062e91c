//! `itsm-ai`: assess AI maturity in IT service management, prioritise AI initiatives with
//! A-RICE, and plan a readiness-gated roadmap.
//!
//! Data flows one way, through layers that each use only those below them (ARCHITECTURE.md,
//! kept true by the `layers_are_respected` test): the kernel ([`error`], [`text`]); plain
//! validated values ([`domain`]); the expression language ([`formula`]); frameworks
//! ([`framework`]); loaders ([`input`]); pure rules ([`engine`]); the JSON contract ([`model`]),
//! built by [`assemble`]; output formats ([`render`]); terminal decisions ([`ui`]); and the face
//! that turns the command line into settings ([`cli`], [`cmd`], [`output`]).

pub mod assemble;
pub mod cli;
pub mod cmd;
pub mod domain;
pub mod engine;
pub mod error;
pub mod formula;
pub mod framework;
pub mod input;
pub mod limits;
pub mod model;
pub mod output;
pub mod render;
pub mod text;
pub mod ui;

pub use error::{Error, Result};

/// Runs the parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    let global = cli.settings();
    match &cli.command {
        cli::Command::Score { args, .. } => cmd::score::run(&global, args),
        cli::Command::Assess { args, .. } => cmd::assess::run(&global, args),
        cli::Command::Roadmap { args, .. } => cmd::roadmap::run(&global, args),
        cli::Command::Report { args, .. } => cmd::report::run(&global, args),
        cli::Command::Framework(args) => cmd::framework::run(&global, args),
        cli::Command::Init { args, .. } => cmd::init::run(&global, args),
        cli::Command::Completions { args, .. } => cmd::manual::completions(&global, args),
        cli::Command::Man { args, .. } => cmd::manual::man(&global, args),
    }
}
