//! Plain validated values: what the loaders produce and the engine, assembly and renderers read.

pub mod answers;
pub mod currency;
pub mod factor;
pub mod levels;
pub mod period;
pub mod portfolio;

pub use answers::{Answer, Answers, Note, Respondent};
pub use factor::{FactorKind, Prefer};
pub use levels::{Gap, Levels};
pub use portfolio::{FactorRange, Gate, Initiative, Portfolio, Raise, Requirement};
