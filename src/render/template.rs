//! The board report through a user's template (minijinja): the template sees the report as
//! `--format json` writes it, and every value it prints is escaped for the output format —
//! HTML or Markdown — whatever the template file is named. `|safe` opts out.

use super::Format;
use crate::error::{Code, Diagnostic, Error, Place, Result};
use crate::model::board::BoardReport;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

/// Instructions a template may run before it is stopped (a loop over `range(10**9)`, say).
const FUEL: u64 = 50_000_000;

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
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // The file ends as the template does; blocks leave no blank lines behind them.
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .build()
            .expect("the default delimiters"),
    );
    env.set_fuel(Some(FUEL));
    let escape = match format {
        Format::Html => AutoEscape::Html,
        _ => AutoEscape::Custom(MARKDOWN.into()),
    };
    env.set_auto_escape_callback(move |_| escape.clone());
    env.set_formatter(|out, state, value| {
        let markdown = matches!(state.auto_escape(), AutoEscape::Custom(name) if name == MARKDOWN);
        if markdown && !value.is_safe() {
            let text = match value.as_str() {
                Some(s) => escape_markdown(s),
                None if value.is_none() || value.is_undefined() => String::new(),
                None => escape_markdown(&value.to_string()),
            };
            out.write_str(&text).map_err(minijinja::Error::from)
        } else {
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
    template
        .render(Value::from(minijinja::value::Serde(report)))
        .map_err(located)
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
