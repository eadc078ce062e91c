//! The formula parser, compiler, domain check and evaluator on any text.
#![no_main]

use itsm_ai::formula::{Formula, Interval, check_domain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let vars = ["a", "b", "c"];
    if let Ok(formula) = Formula::compile(text, &vars) {
        let scales = [
            Interval::closed(0.0, 5.0),
            Interval::closed(1.0, 10.0),
            Interval::closed(-1.0, 1.0),
        ];
        let _ = check_domain(formula.tree(), &scales);
        let _ = formula.eval(&[1.0, 2.0, 0.5]);
    }
});
