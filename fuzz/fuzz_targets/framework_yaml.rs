//! A framework file: YAML reading, validation and formula checks on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = itsm_ai::framework::validate::load("fuzz.yaml", text);
    }
});
