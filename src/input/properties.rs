//! Property: any bytes, as any kind of input, end in a value or in located diagnostics (exit 0
//! or 2) — never a panic, a hang or an abort — and the diagnostics stay within the per-run
//! limit. The library's entry points are called in-process; the fuzz targets (`fuzz/`) run the
//! same calls for longer.

use super::initiatives_csv::{self, CsvOptions};
use super::{assessment, initiatives_xlsx, initiatives_yaml, source};
use crate::error::{Error, Result};
use crate::framework::{Framework, builtin, validate};
use proptest::prelude::*;
use std::sync::OnceLock;

fn framework() -> &'static Framework {
    static FRAMEWORK: OnceLock<Framework> = OnceLock::new();
    FRAMEWORK.get_or_init(builtin::default_for_tests)
}

/// Ok, or an input error (exit 2) whose problems are within the per-run limit.
fn ends_well<T>(result: Result<T>) -> std::result::Result<(), TestCaseError> {
    match result {
        Ok(_) => Ok(()),
        Err(e @ Error::Invalid(_)) => {
            prop_assert_eq!(e.exit_code(), 2);
            if let Error::Invalid(d) = &e {
                prop_assert!(!d.is_empty());
                prop_assert!(d.items().len() <= crate::limits::DIAGNOSTICS);
                for item in d.items() {
                    prop_assert!(!item.message.is_empty());
                }
            }
            Ok(())
        }
        Err(other) => Err(TestCaseError::fail(format!("not an input error: {other}"))),
    }
}

/// Bytes that look a little like each kind of input: CSV-ish, YAML-ish, or anything.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        "(id,name,reach,impact,confidence,effort,ai_complexity\n)?([-A-Za-z0-9 ,;\t\"\r\n%.=<>:]{0,200})"
            .prop_map(String::into_bytes),
        "(framework: itsm-ai\n)?(answers:\n)?([-a-z0-9_. :{}\\[\\],\"\n]{0,200})"
            .prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_as_an_initiatives_csv_end_in_a_value_or_diagnostics(data in bytes(), skip in any::<bool>()) {
        let scoring = framework().scoring.as_ref().unwrap();
        let options = CsvOptions { delimiter: None, skip_invalid: skip };
        ends_well(source::utf8("p.csv", data).and_then(|text| {
            initiatives_csv::read("p.csv", &text, scoring, framework().maturity.as_ref(), options)
        }))?;
    }

    #[test]
    fn any_bytes_as_a_workbook_end_in_a_value_or_diagnostics(mut data in bytes(), zip in any::<bool>()) {
        if zip {
            data.splice(0..0, *b"PK\x03\x04");
        }
        let scoring = framework().scoring.as_ref().unwrap();
        ends_well(initiatives_xlsx::read("p.xlsx", &data, None, scoring, framework().maturity.as_ref(), CsvOptions::default()))?;
    }

    #[test]
    fn any_text_as_a_list_framework_or_answers_ends_in_a_value_or_diagnostics(data in bytes()) {
        let Ok(text) = source::text("p.yaml", data) else {
            return Ok(());
        };
        let scoring = framework().scoring.as_ref().unwrap();
        ends_well(initiatives_yaml::read("p.yaml", &text, scoring, framework().maturity.as_ref(), CsvOptions::default()))?;
        ends_well(validate::load("p.yaml", &text))?;
        ends_well(assessment::read("p.yaml", &text, framework()))?;
    }

    #[test]
    fn any_bytes_decode_to_utf8_or_one_encoding_error(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        match source::utf8("p.csv", data.clone()) {
            Ok(text) => prop_assert!(std::str::from_utf8(&text).is_ok()),
            Err(Error::Invalid(d)) => {
                prop_assert_eq!(d.len(), 1);
                prop_assert_eq!(d.items()[0].code, crate::error::Code::InvalidUtf8);
            }
            Err(other) => prop_assert!(false, "{}", other),
        }
    }
}
