//! An initiatives CSV (any bytes) read with the default framework's scoring and maturity.
#![no_main]

mod common;

use itsm_ai::input::initiatives_csv::{self, CsvOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let framework = common::framework();
    let scoring = framework.scoring.as_ref().expect("a scoring model");
    // The first byte picks the options, so both the strict and the skipping reader run.
    let (options, bytes) = match data.split_first() {
        Some((&b, rest)) if b & 0x80 != 0 => (
            CsvOptions {
                delimiter: None,
                skip_invalid: true,
            },
            rest,
        ),
        _ => (CsvOptions::default(), data),
    };
    let _ = initiatives_csv::read(
        "fuzz.csv",
        bytes,
        scoring,
        framework.maturity.as_ref(),
        options,
    );
});
