//! Stage timings on stderr for diagnosing speed: set `ITSM_AI_TIMING=1` and the lean path of
//! `score` prints how long reading, parsing, checking, ranking and writing took, and the peak
//! memory so far where the system tells it.

use std::sync::OnceLock;
use std::time::Instant;

/// Prints each lap's time on stderr when `ITSM_AI_TIMING` is set; otherwise does nothing.
pub struct Stopwatch {
    last: Option<Instant>,
}

impl Stopwatch {
    /// Starts timing, when asked for.
    pub fn start() -> Self {
        static ON: OnceLock<bool> = OnceLock::new();
        let on = *ON.get_or_init(|| std::env::var_os("ITSM_AI_TIMING").is_some());
        Stopwatch {
            last: on.then(Instant::now),
        }
    }

    /// Prints the time since the last lap as `timing: STAGE 12.3 ms`.
    pub fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last {
            let now = Instant::now();
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "timing: {stage} {:.1} ms{}",
                    (now - last).as_secs_f64() * 1000.0,
                    peak_memory().map_or(String::new(), |kb| format!(", peak {} MB", kb / 1000))
                );
            }
            self.last = Some(now);
        }
    }
}

impl Stopwatch {
    /// Prints `timing: MESSAGE` when timing is on (for what is not a stage, such as why a fast
    /// path was left).
    pub fn note(&self, message: &str) {
        if self.last.is_some() {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("timing: {message}");
            }
        }
    }
}

/// The peak resident memory so far in kB (`VmHWM`), on Linux.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
