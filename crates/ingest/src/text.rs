use std::io::{self, Read};

use echotrace_model::{Document, Origin};

use crate::decode::{decode, looks_binary, Decoded};
use crate::source::id_from_name;
use crate::{Event, FormatReader, ReadOptions, Skip, SkipReason, Source, Warning};

/// What the layout of a plain-text article tells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextLayout {
    /// A first line followed by a blank line (the PTC layout), without a leading date marker.
    pub title: Option<String>,
}

const MAX_TITLE_CHARS: usize = 400;

/// Reads the layout of a plain-text article.
///
/// ```
/// use echotrace_ingest::parse_text_layout;
/// let layout = parse_text_layout(" date 2018-11-03 Moscow has evidence\n\n\nBody.");
/// assert_eq!(layout.title.as_deref(), Some("Moscow has evidence"));
/// assert_eq!(parse_text_layout("One line\nAnother line").title, None);
/// ```
pub fn parse_text_layout(text: &str) -> TextLayout {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some((first, rest)) = text.split_once('\n') else {
        return TextLayout::default();
    };
    let second = rest.split('\n').next().unwrap_or("");
    let first = strip_date_marker(first.trim());
    let has_body = !rest.trim().is_empty();
    if first.is_empty()
        || !second.trim().is_empty()
        || !has_body
        || first.chars().count() > MAX_TITLE_CHARS
    {
        return TextLayout::default();
    }
    TextLayout { title: Some(first.to_owned()) }
}

/// Removes a leading `date YYYY-MM-DD` marker.
fn strip_date_marker(line: &str) -> &str {
    let Some(rest) = line.strip_prefix("date ") else { return line };
    let bytes = rest.as_bytes();
    let is_date = bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if is_date {
        rest[10..].trim_start()
    } else {
        line
    }
}

/// Plain text: the whole file is one document.
pub(crate) struct TextReader;

impl FormatReader for TextReader {
    fn read(&self, source: Source, options: &ReadOptions) -> Box<dyn Iterator<Item = Event>> {
        Box::new(read_text(source, options).into_iter())
    }
}

fn read_text(mut source: Source, options: &ReadOptions) -> Vec<Event> {
    let origin = Origin { path: source.path.clone(), line: None };
    let skip = |reason| vec![Event::Skipped(Skip { origin: origin.clone(), reason })];
    let limit = options.max_document_bytes;
    let mut bytes = Vec::new();
    if let Err(e) = (&mut source.reader).take(limit as u64 + 1).read_to_end(&mut bytes) {
        let reason = if source.compressed && e.kind() == io::ErrorKind::UnexpectedEof {
            SkipReason::Truncated(e.to_string())
        } else {
            SkipReason::Unreadable(e.to_string())
        };
        return skip(reason);
    }
    if bytes.len() > limit {
        return skip(SkipReason::TooLarge { limit });
    }
    if looks_binary(&bytes) {
        return skip(SkipReason::Binary);
    }
    let (text, decoded) = decode(&bytes);
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
        return skip(SkipReason::Empty);
    }
    let mut events = Vec::with_capacity(2);
    if decoded == Decoded::Windows1252 {
        events.push(Event::Warning(Warning {
            origin: origin.clone(),
            message: "not valid UTF-8; decoded as Windows-1252".into(),
        }));
    }
    let text = text.into_owned();
    let id = match &source.name {
        Some(name) => id_from_name(name),
        None => format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes())),
    };
    let mut document = Document::new(id, text);
    document.title = parse_text_layout(&document.text).title;
    document.origin = origin;
    events.push(Event::Document(Box::new(document)));
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_need_a_blank_line_and_a_body() {
        let check = |text: &str, expect: Option<&str>| {
            assert_eq!(parse_text_layout(text).title.as_deref(), expect, "title of {text:?}");
        };
        check("Headline\n\nBody", Some("Headline"));
        check("\u{feff}Headline\r\n\r\nBody", Some("Headline"));
        check("Headline\n\n", None);
        check("\n\nBody", None);
        check("date 2019-02-12\n\nBody", None);
        check("date soon is a headline\n\nBody", Some("date soon is a headline"));
        check("Only one line", None);
    }
}
