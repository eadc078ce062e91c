//! Files in: read within the input size limit (stdin for `-`), and text decoded to UTF-8 —
//! UTF-8 as it is (a byte-order mark allowed), UTF-16 with a byte-order mark converted, any
//! other encoding refused with one message saying how to save the file as UTF-8.

use crate::error::{Code, Diagnostic, Error, Place, Result};
use crate::limits;
use std::path::Path;

/// How to save a file as UTF-8, for the message that refuses another encoding.
pub const SAVE_AS_UTF8: &str = "save the file as UTF-8: in Excel use File › Save As and choose \
                                \"CSV UTF-8 (Comma delimited) (*.csv)\"; in an editor choose the \
                                encoding \"UTF-8\"; in PowerShell use `Out-File -Encoding utf8`";

/// Reads a whole file (or stdin for `-`), named `name` in messages, refusing one larger than
/// the input size limit; a device that never ends (`/dev/zero`) is cut at the limit.
pub fn read(path: &Path, name: &str) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        return limits::read_bounded(name, std::io::stdin().lock());
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    limits::read_bounded(name, file)
}

/// The text of `bytes` as UTF-8: UTF-8 as it is (a byte-order mark kept), UTF-16 with a
/// byte-order mark decoded; anything else refused, naming the line of the first bad byte.
pub fn utf8(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>> {
    let utf16 = if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF")
    {
        None
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    if let Some(encoding) = utf16 {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(refuse(
                Place::file(name),
                format!(
                    "the file starts as {} but holds bytes that are not {0}",
                    encoding.name()
                ),
            ));
        }
        return Ok(text.into_owned().into_bytes());
    }
    match std::str::from_utf8(&bytes) {
        Ok(_) => Ok(bytes),
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = line_of(before);
            let column = before
                .rsplit(|&b| b == b'\n')
                .next()
                .map_or(0, |l| String::from_utf8_lossy(l).chars().count())
                + 1;
            let what = if bytes.starts_with(b"\xFF\xFE\x00\x00")
                || bytes.starts_with(b"\x00\x00\xFE\xFF")
            {
                "the file is UTF-32, not UTF-8".to_string()
            } else {
                format!(
                    "the file is not UTF-8 (byte 0x{:02X} here); no other encoding is guessed",
                    bytes[e.valid_up_to()]
                )
            };
            Err(refuse(Place::at(name, line, column as u64), what))
        }
    }
}

/// [`utf8`] as a string.
pub fn text(name: &str, bytes: Vec<u8>) -> Result<String> {
    let bytes = utf8(name, bytes)?;
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()))
}

/// The 1-based line that follows `before`, counting `\n`, `\r\n` and a lone `\r` as line ends.
pub fn line_of(before: &[u8]) -> u64 {
    let mut lines = 1;
    let mut previous = 0u8;
    for &b in before {
        if b == b'\n' && previous != b'\r' || b == b'\r' {
            lines += 1;
        }
        previous = b;
    }
    lines
}

fn refuse(place: Place, message: String) -> Error {
    Error::single(Diagnostic::new(Code::InvalidUtf8, place, message).with_hint(SAVE_AS_UTF8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            out.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded_either_way() {
        let text = "id,name\r\nA-1,Café ☕ 𝄞\r\n";
        assert_eq!(utf8("f.csv", utf16(text, false)).unwrap(), text.as_bytes());
        assert_eq!(utf8("f.csv", utf16(text, true)).unwrap(), text.as_bytes());
    }

    #[test]
    fn utf8_passes_as_it_is_with_or_without_a_byte_order_mark() {
        assert_eq!(utf8("f", b"a\n".to_vec()).unwrap(), b"a\n");
        assert_eq!(
            utf8("f", b"\xEF\xBB\xBFa".to_vec()).unwrap(),
            b"\xEF\xBB\xBFa"
        );
    }

    #[test]
    fn another_encoding_is_refused_once_at_its_first_bad_byte() {
        // Windows-1252: "Café" with é as 0xE9, on line 2.
        let err = utf8("f.csv", b"id,name\nA-1,Caf\xE9\nB-2,\xE9t\xE9\n".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "f.csv:2:8: the file is not UTF-8 (byte 0xE9 here); no other encoding is guessed [invalid-utf8]\n  hint: {SAVE_AS_UTF8}"
            )
        );
        let err = utf8("f.csv", vec![0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("f.csv:1:1: the file is UTF-32, not UTF-8 [invalid-utf8]"),
            "{err}"
        );
        let err = utf8("f.csv", vec![0xFF, 0xFE, 0x00, 0xD8]).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "f.csv: the file starts as UTF-16LE but holds bytes that are not UTF-16LE"
            ),
            "{err}"
        );
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        assert_eq!(line_of(b"a\rb\rc"), 3);
        assert_eq!(line_of(b"a\r\nb\r\nc"), 3);
        assert_eq!(line_of(b"a\nb"), 2);
    }
}
