//! Pure functions: no files, no printing, no prompts, no clap types.

pub mod maturity;
pub mod projection;
pub mod rank;
pub mod ranking;
pub mod readiness;
pub mod roadmap;
pub mod round;
pub mod simulate;
