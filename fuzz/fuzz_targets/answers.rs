//! An answers file or assessment result against the default framework.
#![no_main]

use itsm_ai::framework::builtin;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static FRAMEWORK: OnceLock<itsm_ai::framework::Framework> = OnceLock::new();
    let framework = FRAMEWORK.get_or_init(|| {
        builtin::load(builtin::DEFAULT_ID)
            .expect("the default framework is built in")
            .expect("and valid")
    });
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = itsm_ai::input::assessment::read("fuzz.yaml", text, framework);
    }
});
