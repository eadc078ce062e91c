//! The terminal table made safe to print: a writer that shows control characters from names and
//! other text as `\u{1b}` instead of sending them to the terminal, keeping only the colour codes
//! the table itself asked for.

use crate::text::is_hidden_control;
use std::io::{self, Write};

/// A writer that escapes control characters line by line (see [`crate::text::visible`]). With
/// `color`, colour sequences (`ESC [ digits ; … m`) pass unchanged, since the table writes them;
/// every other escape sequence is shown.
pub struct Visible<'a> {
    inner: &'a mut dyn Write,
    color: bool,
    pending: Vec<u8>,
}

impl<'a> Visible<'a> {
    /// Wraps `inner`; call [`Visible::finish`] at the end.
    pub fn new(inner: &'a mut dyn Write, color: bool) -> Self {
        Visible {
            inner,
            color,
            pending: Vec::new(),
        }
    }

    /// Writes what is still held back.
    pub fn finish(mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        self.emit(&rest)?;
        self.inner.flush()
    }

    fn emit(&mut self, bytes: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(bytes);
        let mut out = String::with_capacity(text.len());
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\n' || !is_hidden_control(c) {
                out.push(c);
                continue;
            }
            if c == '\u{1b}' && self.color {
                let len = colour_sequence_len(&text[i..]);
                if len > 0 {
                    out.push_str(&text[i..i + len]);
                    while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                        chars.next();
                    }
                    continue;
                }
            }
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        self.inner.write_all(out.as_bytes())
    }
}

/// The length of a colour sequence (`ESC [ 0-9 ; … m`) at the start of `text`, or 0.
fn colour_sequence_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if bytes.get(1) != Some(&b'[') {
        return 0;
    }
    let params = bytes[2..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b';')
        .count();
    if bytes.get(2 + params) == Some(&b'm') {
        3 + params
    } else {
        0
    }
}

impl Write for Visible<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(end) = self.pending.iter().rposition(|&b| b == b'\n') {
            let lines: Vec<u8> = self.pending.drain(..=end).collect();
            self.emit(&lines)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(color: bool, parts: &[&[u8]]) -> String {
        let mut out = Vec::new();
        let mut w = Visible::new(&mut out, color);
        for part in parts {
            w.write_all(part).unwrap();
        }
        w.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn controls_are_shown_and_colours_kept_only_when_asked_for() {
        let line: &[u8] = b"\x1b[1;32mDo now\x1b[0m \x1b[2J \x1b]52;c;aGk=\x07 x\x08\n";
        assert_eq!(
            through(true, &[line]),
            "\x1b[1;32mDo now\x1b[0m \\u{1b}[2J \\u{1b}]52;c;aGk=\\u{7} x\\u{8}\n"
        );
        assert_eq!(
            through(false, &[line]),
            "\\u{1b}[1;32mDo now\\u{1b}[0m \\u{1b}[2J \\u{1b}]52;c;aGk=\\u{7} x\\u{8}\n"
        );
    }

    #[test]
    fn characters_split_across_writes_are_joined_first() {
        let text = "é\u{202e}!".as_bytes();
        assert_eq!(
            through(false, &[&text[..1], &text[1..3], &text[3..], b"\nend"]),
            "é\\u{202e}!\nend"
        );
    }
}
