//! Progress bars: on stderr, only on a terminal, only for work that takes more than a moment.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Units of work (e.g. sample × initiative) below which no bar is shown: about a second.
pub const WORTH_A_BAR: u64 = 20_000_000;

/// A bar over `length` steps, or a hidden one when stderr is not a terminal, `quiet` is set or
/// the work (`cost`) is small.
pub fn bar(length: u64, cost: u64, quiet: bool) -> ProgressBar {
    if quiet || cost < WORTH_A_BAR || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} samples · {eta} left")
            .expect("a valid template"),
    );
    bar.set_message("simulating");
    bar
}
