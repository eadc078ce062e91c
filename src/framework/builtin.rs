//! The frameworks embedded in the binary.

use super::Framework;
use crate::error::Result;

/// `(id, file name, YAML text)` of every built-in framework.
pub const BUILTINS: &[(&str, &str, &str)] = &[
    (
        "itsm-ai",
        "frameworks/itsm-ai.yaml",
        include_str!("../../frameworks/itsm-ai.yaml"),
    ),
    (
        "rice",
        "frameworks/rice.yaml",
        include_str!("../../frameworks/rice.yaml"),
    ),
    (
        "ice",
        "frameworks/ice.yaml",
        include_str!("../../frameworks/ice.yaml"),
    ),
    (
        "wsjf",
        "frameworks/wsjf.yaml",
        include_str!("../../frameworks/wsjf.yaml"),
    ),
];

/// The id of the default framework.
pub const DEFAULT_ID: &str = "itsm-ai";

/// Loads a built-in framework by id (through the same validation a user's file gets).
pub fn load(id: &str) -> Option<Result<Framework>> {
    BUILTINS
        .iter()
        .find(|(bid, _, _)| *bid == id)
        .map(|(_, file, text)| super::validate::load(file, text))
}

/// The default framework, for tests.
#[cfg(test)]
pub fn default_for_tests() -> Framework {
    load(DEFAULT_ID)
        .expect("the default framework is built in")
        .expect("the built-in framework is valid")
}
