//! The board report through a user's template (minijinja): the template sees the report as
//! `--format json` writes it, and every value it prints is escaped for the output format —
//! HTML or Markdown — whatever the template file is named. `|safe` opts out.

use super::Format;
use crate::error::{Code, Diagnostic, Error, Place, Result};
use crate::limits::TEMPLATE_BYTES;
use crate::model::board::BoardReport;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use std::sync::atomic::{AtomicU64, Ordering};

/// Fuel per byte of the output limit. minijinja charges one fuel per step and one per 64 bytes
/// a step produces or copies (a string doubled by `~`): a budget of 1/32 of the limit (8
/// million steps for 256 MiB) stops a loop over `range(10**9)` and keeps what steps build to
/// twice the limit.
const FUEL_PER_BYTE: u64 = 32;

/// The escape used for Markdown output.
const MARKDOWN: &str = "markdown";

/// Escapes the characters that Markdown would read as markup (tables, emphasis, code and `~~~`
/// fences, links, HTML), so a name prints as written; a line break becomes a space, so a value
/// never starts a line of its own (a fence, a heading, a list item).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\n' | '\r') {
            out.push(' ');
            continue;
        }
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Renders `report` through the template `source` (named `name` in messages) for `format`
/// (HTML or Markdown).
pub fn board(name: &str, source: &str, report: &BoardReport, format: Format) -> Result<String> {
    let mut env = Environment::new();
    // minijinja's default follows the build (on in debug builds only), and with it the wording
    // of errors: the released binary should name an undefined value as the tests see it.
    env.set_debug(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // The file ends as the template does; blocks leave no blank lines behind them.
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .build()
            .expect("the default delimiters"),
    );
    let limit = TEMPLATE_BYTES.get();
    env.set_fuel(Some((limit / FUEL_PER_BYTE).max(1)));
    let escape = match format {
        Format::Html => AutoEscape::Html,
        _ => AutoEscape::Custom(MARKDOWN.into()),
    };
    env.set_auto_escape_callback(move |_| escape.clone());
    // Fuel counts steps, not bytes: every value printed — also into a macro's or a block's
    // captured output, where a macro that doubles a string grows — counts against the output
    // limit, and so does the text written out.
    let counter = AtomicU64::new(0);
    env.set_formatter(move |out, state, value| {
        let markdown = matches!(state.auto_escape(), AutoEscape::Custom(name) if name == MARKDOWN);
        let count = |bytes: usize| {
            let total = counter.fetch_add(bytes as u64, Ordering::Relaxed) + bytes as u64;
            if total > limit {
                Err(past_the_limit())
            } else {
                Ok(())
            }
        };
        if markdown && !value.is_safe() {
            let text = match value.as_str() {
                Some(s) => escape_markdown(s),
                None if value.is_none() || value.is_undefined() => String::new(),
                None => escape_markdown(&value.to_string()),
            };
            count(text.len())?;
            out.write_str(&text).map_err(minijinja::Error::from)
        } else {
            // The value before HTML escaping: never more than what is written.
            count(
                value
                    .as_str()
                    .map_or_else(|| value.to_string().len(), str::len),
            )?;
            minijinja::escape_formatter(out, state, value)
        }
    });
    let located = |e: minijinja::Error| {
        // Where the failing expression starts, and its text.
        let span = e
            .range()
            .and_then(|r| Some((source.get(..r.start)?, source.get(r)?)));
        let place = match (e.line(), span) {
            (Some(line), Some((before, _))) => {
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                Place::at(name, line as u64, column as u64)
            }
            (Some(line), None) => Place::line(name, line as u64),
            _ => Place::file(name),
        };
        let mut message = match e.detail() {
            Some(detail) => format!("{}: {detail}", e.kind()),
            None => e.kind().to_string(),
        };
        if let Some((_, expression)) =
            span.filter(|(_, x)| !x.is_empty() && x.len() <= 80 && !message.contains(x))
        {
            message.push_str(&format!(" (at `{expression}`)"));
        }
        Error::single(
            Diagnostic::new(Code::TemplateInvalid, place, message).with_hint(
                "the template sees the report as `itsm-ai report --format json` writes it (docs/json.md); values print escaped, `|safe` prints one as it is",
            ),
        )
    };
    env.add_template(name, source).map_err(located)?;
    let template = env.get_template(name).map_err(located)?;
    let mut out = Bounded {
        text: Vec::new(),
        limit,
    };
    let rendered =
        template.render_captured_to(Value::from(minijinja::value::Serde(report)), &mut out);
    let past = |e: &minijinja::Error| {
        e.detail() == Some(PAST) || matches!(e.kind(), minijinja::ErrorKind::WriteFailure)
    };
    match rendered {
        Ok(_) => Ok(String::from_utf8(out.text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
        Err(e) if past(&e) => Err(Error::single(
            TEMPLATE_BYTES.exceeded(Place::file(name), "the template's output is too large"),
        )),
        Err(e) => Err(located(e)),
    }
}

/// The detail of the error that stops a template past the output limit.
const PAST: &str = "the output is past the template output size limit";

fn past_the_limit() -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, PAST)
}

/// The rendered text, refused past `limit` bytes.
struct Bounded {
    text: Vec<u8>,
    limit: u64,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.text.len() + buf.len()) as u64 > self.limit {
            return Err(std::io::Error::other(PAST));
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::escape_markdown;

    #[test]
    fn markdown_markup_is_escaped() {
        assert_eq!(escape_markdown("a|b *c* _d_"), "a\\|b \\*c\\* \\_d\\_");
        assert_eq!(
            escape_markdown("<script>[x](y) `z` #1 \\"),
            "\\<script\\>\\[x\\](y) \\`z\\` \\#1 \\\\"
        );
        assert_eq!(escape_markdown("plain text, 3.5"), "plain text, 3.5");
        assert_eq!(
            escape_markdown("AI\n~~~\r\n# owned"),
            "AI \\~\\~\\~  \\# owned"
        );
    }
}
