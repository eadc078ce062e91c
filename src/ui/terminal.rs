//! The terminal backend of the questionnaire, on stderr. Two looks:
//!
//! - **screen** (the default): each question fills the screen (the alternate screen, so the
//!   shell's text is back afterwards), is redrawn whole on every key, wrapped by display width
//!   to the terminal's current width; every option has a key (`1`–`5`, `n`, `?`, `s`, `←`,
//!   `i`, `e`) shown beside it and a one-line legend; `q` or Esc saves and quits.
//! - **plain** (`--plain`, `TERM=dumb`): for screen readers and dumb terminals; the numbered
//!   options are printed once, the key is typed and confirmed with Enter, nothing is redrawn.
//!
//! Keys are read here (console's `read_key_raw`) rather than through dialoguer's `Select`, which
//! knows only arrows and Enter.

use super::prompt::{Existing, ExistingView, ListView, Pick, Prompter, QuestionView, Reply};
use crate::domain::{Answer, Note};
use dialoguer::console::{Key, Term, measure_text_width, style, truncate_str};
use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The symbols drawn: Unicode, or ASCII when the locale is not UTF-8.
#[derive(Debug, Clone, Copy)]
struct Symbols {
    dot: &'static str,
    cursor: &'static str,
    back: &'static str,
    arrows: &'static str,
    chosen: &'static str,
}

const UNICODE: Symbols = Symbols {
    dot: "·",
    cursor: "›",
    back: "←",
    arrows: "↑↓",
    chosen: "→",
};

const ASCII: Symbols = Symbols {
    dot: "-",
    cursor: ">",
    back: "b",
    arrows: "up/down",
    chosen: "->",
};

/// Whether the locale says UTF-8 (`LC_ALL`, then `LC_CTYPE`, then `LANG`; none set counts as
/// UTF-8, what terminals use today).
fn utf8_locale() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .is_none_or(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

/// Text as it may be printed: control characters (which could move the cursor or clear the
/// screen) and direction overrides shown escaped, `\u{1b}`, as everywhere else.
fn printable(text: &str) -> String {
    crate::text::visible(text, false).into_owned()
}

/// Our punctuation in ASCII, for terminals whose locale is not UTF-8.
fn ascii_punctuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '·' => out.push('-'),
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            '–' | '—' => out.push('-'),
            '…' => out.push_str("..."),
            c => out.push(c),
        }
    }
    out
}

/// Splits `text` into lines of at most `width` display columns, at spaces; a word wider than
/// the line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0);
    for word in text.split_whitespace() {
        let w = measure_text_width(word);
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        if w <= width {
            line.push_str(word);
            used += w;
            continue;
        }
        for c in word.chars() {
            let cw = measure_text_width(c.encode_utf8(&mut [0; 4]));
            if used > 0 && used + cw > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// One choice in a menu: the key shown beside it (typed in plain mode) and the keys that pick
/// it at once on the screen.
struct Entry {
    label: String,
    text: String,
    keys: Vec<Key>,
}

impl Entry {
    fn new(label: &str, text: impl Into<String>, keys: &[Key]) -> Self {
        Entry {
            label: label.to_string(),
            text: text.into(),
            keys: keys.to_vec(),
        }
    }
}

/// How a menu ended.
enum Chosen {
    Entry(usize),
    Quit,
}

/// What a question's entry does.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    Level(u8),
    NotApplicable,
    DontKnow,
    Skip,
    Back,
    Help,
    Note,
}

fn interrupted() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "read interrupted")
}

/// How text is drawn: colour, UTF-8 or ASCII symbols.
#[derive(Debug, Clone, Copy)]
struct Look {
    color: bool,
    utf8: bool,
    sym: Symbols,
}

impl Look {
    /// Text as drawn: printable, and in ASCII where the locale is not UTF-8.
    fn shown(&self, text: &str) -> String {
        let text = printable(text);
        if self.utf8 {
            text
        } else {
            ascii_punctuation(&text)
        }
    }

    /// Wraps each line of `text` to `width`, continuation lines indented by `indent` (a list
    /// item's under its text).
    fn paragraphs(&self, text: &str, indent: usize, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let text = if self.utf8 {
            text.to_string()
        } else {
            ascii_punctuation(text)
        };
        for paragraph in text.split('\n') {
            // A paragraph's own indentation (a list item's) is kept on each of its lines.
            let body = paragraph.trim_start();
            let lead = paragraph.len() - body.len();
            let hang = if body.starts_with("- ") { 2 } else { indent };
            for (n, line) in wrap(body, width.saturating_sub(lead + hang))
                .into_iter()
                .enumerate()
            {
                let pad = lead + if n == 0 { 0 } else { hang };
                lines.push(format!("{}{line}", " ".repeat(pad)));
            }
        }
        lines
    }

    fn bold(&self, text: &str) -> String {
        style(text).bold().force_styling(self.color).to_string()
    }

    fn dim(&self, text: &str) -> String {
        style(text).dim().force_styling(self.color).to_string()
    }
}

/// One screen of the screen look, kept so it can be drawn again at a new width.
#[derive(Debug, Clone, Default)]
struct Frame {
    pending: Vec<String>,
    top: Vec<String>,
    /// (key shown, text) of each entry.
    entries: Vec<(String, String)>,
    cursor: usize,
    status: Option<String>,
    legend: String,
}

/// Text width for a terminal `columns` wide: at most 100 columns.
fn text_width(columns: u16) -> usize {
    usize::from(columns).clamp(20, 100)
}

/// A frame as text for a terminal of `size` (rows, columns). When it would not fit, what was
/// said first is dropped, then every entry but the cursor's is cut to one line.
fn render(look: &Look, frame: &Frame, (rows, columns): (u16, u16)) -> String {
    let width = text_width(columns);
    let rows = usize::from(rows);
    let mut lines = frame_lines(look, frame, width, false);
    if lines.len() > rows {
        let compact = frame_lines(look, frame, width, true);
        if compact.len() < lines.len() {
            lines = compact;
        }
    }
    let mut said = Vec::new();
    for text in &frame.pending {
        said.extend(look.paragraphs(text, 0, width));
        said.push(String::new());
    }
    if said.len() + lines.len() <= rows {
        said.extend(lines);
        lines = said;
    }
    format!("\x1b[?25l\x1b[H\x1b[2J{}", lines.join("\n"))
}

/// The lines of a frame without what was said; `compact` cuts every entry but the cursor's to
/// one line.
fn frame_lines(look: &Look, frame: &Frame, width: usize, compact: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for text in &frame.top {
        lines.extend(look.paragraphs(text, 0, width));
    }
    if !frame.entries.is_empty() {
        lines.push(String::new());
    }
    let label_width = frame
        .entries
        .iter()
        .map(|(label, _)| measure_text_width(label))
        .max()
        .unwrap_or(0);
    let indent = 2 + label_width + 2;
    let ellipsis = if look.utf8 { "…" } else { "..." };
    for (n, (label, text)) in frame.entries.iter().enumerate() {
        let marker = if n == frame.cursor {
            look.sym.cursor
        } else {
            " "
        };
        let pad = " ".repeat(label_width - measure_text_width(label));
        let mut wrapped = wrap(&look.shown(text), width.saturating_sub(indent));
        if compact && n != frame.cursor && wrapped.len() > 1 {
            let one = wrapped.join(" ");
            wrapped = vec![truncate_str(&one, width.saturating_sub(indent), ellipsis).into_owned()];
        }
        for (i, line) in wrapped.into_iter().enumerate() {
            let lead = if i == 0 {
                format!("{marker} {label}{pad}  ")
            } else {
                " ".repeat(indent)
            };
            let text = format!("{lead}{line}");
            lines.push(if n == frame.cursor {
                look.bold(&text)
            } else {
                text
            });
        }
    }
    if let Some(status) = &frame.status {
        lines.push(String::new());
        lines.extend(look.paragraphs(status, 0, width));
    }
    if !frame.legend.is_empty() {
        lines.push(String::new());
        lines.extend(
            look.paragraphs(&frame.legend, 0, width)
                .iter()
                .map(|l| look.dim(l)),
        );
    }
    lines
}

/// The screen on show, shared with the thread that draws it again when the terminal is
/// resized.
#[derive(Debug, Default)]
struct Shown {
    /// The frame to draw again on a resize; none while a line is typed or after the end.
    frame: Option<Frame>,
    /// The terminal size it was drawn for.
    size: (u16, u16),
    /// Set when the questionnaire is over: the thread stops.
    done: bool,
}

/// Starts the thread that redraws the frame on show whenever the terminal's size changes
/// (checked five times a second).
fn watch_resizes(look: Look, shown: Arc<Mutex<Shown>>) {
    std::thread::spawn(move || {
        let term = Term::stderr();
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let Ok(mut shown) = shown.lock() else { return };
            if shown.done {
                return;
            }
            let size = term.size();
            if size == shown.size {
                continue;
            }
            shown.size = size;
            if let Some(frame) = &shown.frame {
                let _ = term.write_str(&render(&look, frame, size));
                let _ = term.flush();
            }
        }
    });
}

/// Prompts on the terminal's stderr.
pub struct Terminal {
    term: Term,
    plain: bool,
    look: Look,
    /// Text said since the last screen: shown at the top of the next one (screen look).
    pending: Vec<String>,
    /// Whether the alternate screen is in use.
    on_screen: bool,
    /// Plain look: the options are printed already; only read the key.
    printed: bool,
    /// The screen on show (screen look).
    shown: Arc<Mutex<Shown>>,
}

impl Terminal {
    /// A terminal backend on stderr: coloured or not, plain (no redraws) or a screen.
    pub fn new(color: bool, plain: bool) -> Self {
        let utf8 = utf8_locale();
        Terminal {
            term: Term::stderr(),
            plain,
            look: Look {
                // Plain text is for screen readers and dumb terminals: no styling either.
                color: color && !plain,
                utf8,
                sym: if utf8 { UNICODE } else { ASCII },
            },
            pending: Vec::new(),
            on_screen: false,
            printed: false,
            shown: Arc::default(),
        }
    }

    /// Text width: the terminal's current width, at most 100 columns.
    fn width(&self) -> usize {
        text_width(self.term.size().1)
    }

    /// The screen on show, locked (a redraw in progress finishes first).
    fn shown(&self) -> MutexGuard<'_, Shown> {
        self.shown.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Leaves the screen, shows the cursor again and prints what was said last (after the
    /// questionnaire, Ctrl-C, `q`, SIGTERM or SIGHUP).
    pub fn restore(&mut self) {
        let shown = self.shown.clone();
        let mut shown = shown.lock().unwrap_or_else(PoisonError::into_inner);
        shown.done = true;
        shown.frame = None;
        let mut out = String::new();
        if self.on_screen {
            out.push_str("\x1b[?1049l");
            self.on_screen = false;
        }
        if !self.plain {
            out.push_str("\x1b[?25h");
        }
        for text in std::mem::take(&mut self.pending) {
            out.push_str(&self.paragraphs(&text, 0).join("\n"));
            out.push('\n');
        }
        let _ = self.term.write_str(&out);
        let _ = self.term.flush();
    }

    /// Wraps each line of `text` to the width, continuation lines indented by `indent`.
    fn paragraphs(&self, text: &str, indent: usize) -> Vec<String> {
        self.look.paragraphs(text, indent, self.width())
    }

    fn bold(&self, text: &str) -> String {
        self.look.bold(text)
    }

    fn dim(&self, text: &str) -> String {
        self.look.dim(text)
    }

    /// Draws a whole screen: what was said, `top`, the entries (the cursor on one), a status
    /// line and the legend; kept to be drawn again if the terminal is resized.
    fn draw(
        &mut self,
        top: &[String],
        entries: &[Entry],
        cursor: usize,
        status: Option<&str>,
        legend: &str,
    ) -> io::Result<()> {
        let frame = Frame {
            pending: self.pending.clone(),
            top: top.to_vec(),
            entries: entries
                .iter()
                .map(|e| (e.label.clone(), e.text.clone()))
                .collect(),
            cursor,
            status: status.map(str::to_string),
            legend: legend.to_string(),
        };
        let mut out = String::new();
        if !self.on_screen {
            out.push_str("\x1b[?1049h");
            self.on_screen = true;
            watch_resizes(self.look, self.shown.clone());
        }
        let size = self.term.size();
        out.push_str(&render(&self.look, &frame, size));
        let mut shown = self.shown();
        shown.size = size;
        shown.frame = Some(frame);
        self.term.write_str(&out)?;
        self.term.flush()
    }

    /// Offers `entries` under `top`; the screen look reads single keys, the plain one a typed
    /// key and Enter.
    fn menu(
        &mut self,
        top: &[String],
        entries: &[Entry],
        default: usize,
        legend: &str,
    ) -> io::Result<Chosen> {
        let chosen = if self.plain {
            self.menu_plain(top, entries, legend)
        } else {
            self.menu_screen(top, entries, default, legend)
        };
        self.pending.clear();
        chosen
    }

    fn menu_screen(
        &mut self,
        top: &[String],
        entries: &[Entry],
        default: usize,
        legend: &str,
    ) -> io::Result<Chosen> {
        let n = entries.len();
        let mut cursor = default.min(n.saturating_sub(1));
        let mut status: Option<String> = None;
        loop {
            self.draw(top, entries, cursor, status.as_deref(), legend)?;
            status = None;
            match self.key()? {
                Key::ArrowUp | Key::BackTab | Key::Char('k') => cursor = (cursor + n - 1) % n,
                Key::ArrowDown | Key::Tab | Key::Char('j') => cursor = (cursor + 1) % n,
                Key::Home | Key::PageUp => cursor = 0,
                Key::End | Key::PageDown => cursor = n - 1,
                Key::Enter | Key::Char(' ') => return Ok(Chosen::Entry(cursor)),
                Key::Escape | Key::Char('q') | Key::Char('Q') => return Ok(Chosen::Quit),
                Key::CtrlC => return Err(interrupted()),
                key => match entries.iter().position(|e| e.keys.contains(&key)) {
                    Some(i) => return Ok(Chosen::Entry(i)),
                    None => {
                        status = Some(match key {
                            Key::Char(c) if !c.is_control() => {
                                format!("\"{c}\" is not a key here: use a key shown on the left.")
                            }
                            _ => "That key is not used here: use a key shown on the left."
                                .to_string(),
                        })
                    }
                },
            }
        }
    }

    fn menu_plain(
        &mut self,
        top: &[String],
        entries: &[Entry],
        legend: &str,
    ) -> io::Result<Chosen> {
        let mut lines = Vec::new();
        if std::mem::take(&mut self.printed) {
            // The options are on the screen already (help was shown under them).
            return self.read_plain(entries);
        }
        for text in std::mem::take(&mut self.pending) {
            lines.extend(self.paragraphs(&text, 0));
            lines.push(String::new());
        }
        for text in top {
            lines.extend(self.paragraphs(text, 0));
        }
        lines.push(String::new());
        let label_width = entries.iter().map(|e| e.label.len()).max().unwrap_or(0);
        let indent = 2 + label_width + 2;
        for e in entries {
            for (i, line) in wrap(
                &self.look.shown(&e.text),
                self.width().saturating_sub(indent),
            )
            .into_iter()
            .enumerate()
            {
                if i == 0 {
                    lines.push(format!("  {:<label_width$}  {line}", e.label));
                } else {
                    lines.push(format!("{}{line}", " ".repeat(indent)));
                }
            }
        }
        lines.push(String::new());
        lines.extend(self.paragraphs(legend, 0));
        self.term.write_line(&format!("\n{}", lines.join("\n")))?;
        self.read_plain(entries)
    }

    /// Reads a typed key and Enter until it is one of the entries' (or q).
    fn read_plain(&mut self, entries: &[Entry]) -> io::Result<Chosen> {
        loop {
            let typed = self.read_line("> ", "")?.unwrap_or_else(|| "q".into());
            let typed = typed.trim();
            if typed.eq_ignore_ascii_case("q") {
                return Ok(Chosen::Quit);
            }
            if let Some(i) = entries
                .iter()
                .position(|e| e.label.eq_ignore_ascii_case(typed))
            {
                let confirm = format!("{} {}", self.look.sym.chosen, printable(&entries[i].text));
                self.term
                    .write_line(&self.paragraphs(&confirm, 3).join("\n"))?;
                return Ok(Chosen::Entry(i));
            }
            let keys: Vec<&str> = entries.iter().map(|e| e.label.as_str()).collect();
            self.term.write_line(&format!(
                "\"{}\" is not one of the keys; type {} or q, then Enter.",
                printable(typed),
                keys.join(", ")
            ))?;
        }
    }

    /// Reads a key; Ctrl-C (pressed, or a signal that came while the screen was drawn) as
    /// [`Key::CtrlC`].
    fn key(&self) -> io::Result<Key> {
        if super::interrupt::interrupted() {
            return Ok(Key::CtrlC);
        }
        self.term.read_key_raw()
    }

    /// Reads a line of text after `prompt`, starting from `initial`: Enter ends it, Backspace
    /// removes a character, Esc gives `None`, Ctrl-C an `Interrupted` error.
    fn read_line(&mut self, prompt: &str, initial: &str) -> io::Result<Option<String>> {
        let mut text: String = initial.to_string();
        self.term
            .write_str(&format!("{prompt}{}", printable(&text)))?;
        if !self.plain {
            self.term.write_str("\x1b[?25h")?;
        }
        self.term.flush()?;
        loop {
            match self.key()? {
                Key::Enter => {
                    self.term.write_line("")?;
                    return Ok(Some(text.trim().to_string()));
                }
                Key::Escape => {
                    self.term.write_line("")?;
                    return Ok(None);
                }
                Key::CtrlC => return Err(interrupted()),
                Key::Backspace => {
                    if let Some(c) = text.pop() {
                        let w = measure_text_width(c.encode_utf8(&mut [0; 4])).max(1);
                        self.term.write_str(&"\x08 \x08".repeat(w))?;
                    }
                }
                Key::Char(c) if !c.is_control() => {
                    text.push(c);
                    self.term.write_str(c.encode_utf8(&mut [0; 4]))?;
                }
                _ => {}
            }
            self.term.flush()?;
        }
    }

    /// A line of text: on the screen look, a screen of its own.
    fn line_input(
        &mut self,
        top: &[String],
        prompt: &str,
        initial: &str,
        escape: &str,
    ) -> io::Result<Option<String>> {
        if self.plain {
            for text in std::mem::take(&mut self.pending) {
                self.term
                    .write_line(&self.paragraphs(&text, 0).join("\n"))?;
            }
            for text in top {
                self.term.write_line(&self.paragraphs(text, 0).join("\n"))?;
            }
            return self.read_line(&format!("{prompt}: "), initial);
        }
        let mut top = top.to_vec();
        top.push(String::new());
        top.push(self.bold(&printable(prompt)));
        self.draw(&top, &[], 0, None, "")?;
        // What is typed is not part of the frame: no redraw on a resize while typing.
        self.shown().frame = None;
        // The legend under the line typed; the cursor back on that line.
        let legend = self.dim(&format!("Enter to go on {} {escape}", self.look.sym.dot));
        self.term
            .write_str(&format!("\n> \x1b7\n\n{legend}\x1b8"))?;
        let typed = self.read_line("", initial);
        self.term.write_str("\x1b[?25l")?;
        self.pending.clear();
        typed
    }

    /// The lines above a question's options.
    fn question_top(&self, q: &QuestionView<'_>, help: bool) -> Vec<String> {
        let mut top = vec![
            self.dim(&printable(&q.progress().replace('·', self.look.sym.dot))),
            String::new(),
            self.bold(&printable(q.text)),
        ];
        if help && let Some(text) = q.help {
            top.push(String::new());
            top.push(format!("Why it matters: {}", printable(text)));
        }
        if q.current.is_some() || q.note.is_some() {
            top.push(String::new());
        }
        if let Some(current) = q.current {
            top.push(format!(
                "Your answer so far: {}",
                match current {
                    Answer::Level(l) => crate::text::short_number(l, 2),
                    Answer::NotApplicable => "not applicable".into(),
                    Answer::DontKnow => "don't know".into(),
                }
            ));
        }
        if let Some(note) = q.note {
            if let Some(text) = &note.note {
                top.push(format!("Note: {}", printable(text)));
            }
            if let Some(text) = &note.evidence {
                top.push(format!("Evidence: {}", printable(text)));
            }
        }
        top
    }

    /// The entries of a question and what each does.
    fn question_entries(&self, q: &QuestionView<'_>) -> (Vec<Entry>, Vec<Action>) {
        let mut entries = Vec::new();
        let mut actions = Vec::new();
        for (level, text) in q.options {
            let label = level.to_string();
            let keys: Vec<Key> = label.chars().take(1).map(Key::Char).collect();
            entries.push(Entry::new(
                &label,
                text.clone(),
                if label.len() == 1 { &keys } else { &[] },
            ));
            actions.push(Action::Level(*level));
        }
        if q.allow_na {
            entries.push(Entry::new(
                "n",
                "not applicable to us",
                &[Key::Char('n'), Key::Char('N')],
            ));
            actions.push(Action::NotApplicable);
        }
        entries.push(Entry::new(
            "?",
            "don't know (scored as the lowest level; listed to find out)",
            &[Key::Char('?')],
        ));
        actions.push(Action::DontKnow);
        let skip = match (q.current, q.again) {
            (Some(_), _) => "keep the answer so far and go on",
            (None, true) => "leave it unanswered (asked again on --resume)",
            (None, false) => "skip for now (asked again at the end and on --resume)",
        };
        entries.push(Entry::new(
            "s",
            skip,
            &[Key::Char('s'), Key::Char('S'), Key::Char('»')],
        ));
        actions.push(Action::Skip);
        if q.can_go_back {
            entries.push(Entry::new(
                if self.plain { "b" } else { self.look.sym.back },
                "back to the previous question",
                &[Key::ArrowLeft, Key::Backspace, Key::Char('b')],
            ));
            actions.push(Action::Back);
        }
        if q.help.is_some() {
            entries.push(Entry::new(
                "i",
                "why this question matters",
                &[Key::Char('i')],
            ));
            actions.push(Action::Help);
        }
        entries.push(Entry::new(
            "e",
            "add a note and evidence to this answer",
            &[Key::Char('e')],
        ));
        actions.push(Action::Note);
        (entries, actions)
    }

    /// The one-line legend under a menu; `quit` is what q (and Esc) do there.
    fn legend(&self, keys: &[String], quit: &str) -> String {
        let dot = self.look.sym.dot;
        if self.plain {
            format!(
                "Type a key ({}, q to {quit}) and press Enter.",
                keys.join(", ")
            )
        } else {
            format!(
                "Keys: {} {dot} {} Enter {dot} q {quit}",
                keys.join(" "),
                self.look.sym.arrows
            )
        }
    }

    /// Asks for the note and evidence of a question, starting from what it has.
    fn note(&mut self, q: &QuestionView<'_>) -> io::Result<Option<Note>> {
        let top = vec![self.bold(&printable(q.text))];
        let old = q.note.cloned().unwrap_or_default();
        let Some(note) = self.line_input(
            &top,
            if q.current.is_some() {
                "Note: why this answer (empty for none)"
            } else {
                "Note: why this answer (empty for none; saved with the answer you give next)"
            },
            old.note.as_deref().unwrap_or(""),
            "Esc to cancel",
        )?
        else {
            return Ok(None);
        };
        let Some(evidence) = self.line_input(
            &top,
            "Evidence: where to check it, such as a document or a report (empty for none)",
            old.evidence.as_deref().unwrap_or(""),
            "Esc to cancel",
        )?
        else {
            return Ok(None);
        };
        Ok(Some(Note {
            note: (!note.is_empty()).then_some(note),
            evidence: (!evidence.is_empty()).then_some(evidence),
        }))
    }
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) -> io::Result<()> {
        let text = &text
            .split('\n')
            .map(printable)
            .collect::<Vec<_>>()
            .join("\n");
        if self.plain {
            self.term
                .write_line(&self.paragraphs(text.trim_start_matches('\n'), 0).join("\n"))
        } else {
            self.pending.push(text.trim_start_matches('\n').to_string());
            Ok(())
        }
    }

    fn ask(&mut self, q: &QuestionView<'_>) -> io::Result<Reply> {
        let (entries, actions) = self.question_entries(q);
        let mut keys: Vec<String> = Vec::new();
        if let (Some(first), Some(last)) = (q.options.first(), q.options.last()) {
            keys.push(format!("{}-{}", first.0, last.0));
        }
        keys.extend(entries[q.options.len()..].iter().map(|e| e.label.clone()));
        let legend = self.legend(&keys, "save and quit");
        let mut default = match q.current {
            Some(Answer::Level(l)) => q
                .options
                .iter()
                .position(|(level, _)| f64::from(*level) == l)
                .unwrap_or(0),
            Some(Answer::NotApplicable) => actions
                .iter()
                .position(|a| *a == Action::NotApplicable)
                .unwrap_or(0),
            Some(Answer::DontKnow) => actions
                .iter()
                .position(|a| *a == Action::DontKnow)
                .unwrap_or(0),
            None => 0,
        };
        let mut help = false;
        loop {
            let top = self.question_top(q, help);
            let Chosen::Entry(i) = self.menu(&top, &entries, default, &legend)? else {
                return Ok(Reply::Quit);
            };
            return Ok(match actions[i] {
                Action::Level(l) => Reply::Answer(Answer::Level(f64::from(l))),
                Action::NotApplicable => Reply::Answer(Answer::NotApplicable),
                Action::DontKnow => Reply::Answer(Answer::DontKnow),
                Action::Skip => Reply::Skip,
                Action::Back => Reply::Back,
                Action::Help => {
                    help = !help;
                    default = i;
                    if self.plain
                        && let Some(text) = q.help
                    {
                        self.term.write_line(
                            &self
                                .paragraphs(&format!("Why it matters: {text}"), 0)
                                .join("\n"),
                        )?;
                        self.printed = true;
                    }
                    continue;
                }
                Action::Note => match self.note(q)? {
                    Some(note) => Reply::Note(note),
                    None => {
                        default = i;
                        continue;
                    }
                },
            });
        }
    }

    fn existing_file(&mut self, file: &ExistingView<'_>) -> io::Result<Existing> {
        let answers = crate::text::plural(file.answered, "answer");
        let choices = file.choices();
        let entries: Vec<Entry> = choices
            .iter()
            .enumerate()
            .map(|(n, choice)| {
                let label = (n + 1).to_string();
                let text = match (choice, file.resuming) {
                    (Existing::Resume, _) => {
                        format!("Resume: keep its {answers} and ask the rest")
                    }
                    (Existing::Replace, None) => format!(
                        "Start over: a new questionnaire saved to {} (its {answers} kept in {})",
                        file.path, file.backup
                    ),
                    (Existing::Replace, Some(from)) => format!(
                        "Replace it: continue {from} and save to {} (its {answers} kept in {})",
                        file.path, file.backup
                    ),
                    (Existing::Quit, _) => "Quit: leave it as it is".to_string(),
                };
                let key = Key::Char(char::from(b'1' + n as u8));
                Entry::new(&label, text, &[key])
            })
            .collect();
        let top = vec![format!(
            "{} already holds {answers} of {}.",
            printable(file.path),
            file.total
        )];
        let keys: Vec<String> = entries.iter().map(|e| e.label.clone()).collect();
        let legend = self.legend(&keys, "leave the file as it is");
        Ok(match self.menu(&top, &entries, 0, &legend)? {
            Chosen::Entry(i) => choices[i],
            Chosen::Quit => Existing::Quit,
        })
    }

    fn text(&mut self, prompt: &str, hint: &str) -> io::Result<String> {
        let prompt = format!("{prompt} ({hint})");
        Ok(self
            .line_input(&[], &prompt, "", "Esc to leave it out")?
            .unwrap_or_default())
    }

    fn pick(&mut self, list: &ListView) -> io::Result<Pick> {
        let mut entries: Vec<Entry> = list
            .items
            .iter()
            .enumerate()
            .map(|(n, text)| {
                let label = (n + 1).to_string();
                let keys: Vec<Key> = if n < 9 {
                    vec![Key::Char(char::from(b'1' + n as u8))]
                } else {
                    Vec::new()
                };
                Entry::new(&label, text.clone(), &keys)
            })
            .collect();
        entries.push(Entry::new(
            "d",
            list.done.clone(),
            &[Key::Char('d'), Key::Char('D')],
        ));
        let mut top = vec![self.bold(&printable(&list.heading))];
        top.extend(list.intro.iter().cloned());
        let keys = [format!("1-{}", list.items.len()), "d".to_string()];
        let legend = self.legend(&keys, "save and quit");
        let done = entries.len() - 1;
        Ok(match self.menu(&top, &entries, done, &legend)? {
            Chosen::Entry(i) if i == done => Pick::Done,
            Chosen::Entry(i) => Pick::Item(i),
            Chosen::Quit => Pick::Quit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_measures_display_width_and_cuts_words_wider_than_the_line() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        // Wide characters take two columns each.
        assert_eq!(wrap("日本語 テキスト", 6), ["日本語", "テキス", "ト"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("a · b", 3), ["a ·", "b"]);
    }
}
