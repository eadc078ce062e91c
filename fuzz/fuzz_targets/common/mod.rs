//! What the targets share: the default framework, and workbooks built around fuzzed parts.
#![allow(dead_code)]

use itsm_ai::framework::{Framework, builtin};
use itsm_ai::input::initiatives_csv::CsvOptions;
use itsm_ai::input::initiatives_xlsx;
use std::io::Write;
use std::sync::OnceLock;

/// The default built-in framework, loaded once.
pub fn framework() -> &'static Framework {
    static FRAMEWORK: OnceLock<Framework> = OnceLock::new();
    FRAMEWORK.get_or_init(|| {
        builtin::load(builtin::DEFAULT_ID)
            .expect("the default framework is built in")
            .expect("and valid")
    })
}

/// A zip archive of `parts` (name, bytes), deflated.
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        writer.start_file(*name, options).expect("a zip entry");
        writer.write_all(bytes).expect("in memory");
    }
    writer.finish().expect("in memory");
    out.into_inner()
}

/// Reads `bytes` as an initiatives workbook with the default framework.
pub fn read_workbook(bytes: &[u8]) {
    let framework = framework();
    let scoring = framework.scoring.as_ref().expect("a scoring model");
    let _ = initiatives_xlsx::read(
        "fuzz.xlsx",
        bytes,
        None,
        scoring,
        framework.maturity.as_ref(),
        CsvOptions::default(),
    );
}

/// Splits fuzz input at the first `\0\0\0` into two parts (the second empty without one).
pub fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.windows(3).position(|w| w == b"\0\0\0") {
        Some(at) => (&data[..at], &data[at + 3..]),
        None => (data, &[]),
    }
}
