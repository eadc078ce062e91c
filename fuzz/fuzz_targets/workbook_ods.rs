//! An OpenDocument spreadsheet: a ZIP as given (input starting `PK`), or else the bytes as
//! its `content.xml` in an otherwise valid file, so the mutations reach the XML.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

const MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        common::read_workbook(data);
        return;
    }
    let bytes = common::zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", MANIFEST),
        ("content.xml", data),
    ]);
    common::read_workbook(&bytes);
});
