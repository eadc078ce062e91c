//! Pure functions: no files, no printing, no prompts, no clap types.

pub mod arice;
pub mod maturity;
pub mod projection;
pub mod ranking;
pub mod readiness;
pub mod roadmap;
pub mod round;
pub mod simulate;
