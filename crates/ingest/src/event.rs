use std::fmt;

use echotrace_model::{Document, Origin};

/// What a reader yields for each thing it read.
#[derive(Debug)]
pub enum Event {
    Document(Box<Document>),
    /// The input was read, but something about it deserves a word on stderr.
    Warning(Warning),
    /// An input, or one line or row of it, could not be read.
    Skipped(Skip),
}

impl Event {
    pub fn document(&self) -> Option<&Document> {
        match self {
            Event::Document(d) => Some(d),
            _ => None,
        }
    }
}

/// Why an input (or a line or row of one) was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The path could not be opened or read.
    Unreadable(String),
    /// The content has NUL bytes or is otherwise not text.
    Binary,
    /// No text at all (or only whitespace).
    Empty,
    /// Longer than the document size limit.
    TooLarge { limit: usize },
    /// A JSON line that does not parse, or is not an object.
    MalformedJson(String),
    /// A JSON line or CSV row without the text field.
    MissingText(String),
    /// A compressed stream that ends early.
    Truncated(String),
    /// A CSV file or row that cannot be parsed.
    MalformedCsv(String),
    /// A web page, feed or WARC record that cannot be parsed or holds no article text.
    Unparseable(String),
}

impl SkipReason {
    /// A short stable key for the closing summary.
    pub fn key(&self) -> &'static str {
        match self {
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Binary => "binary",
            SkipReason::Empty => "empty",
            SkipReason::TooLarge { .. } => "too large",
            SkipReason::MalformedJson(_) => "malformed JSON",
            SkipReason::MissingText(_) => "missing text",
            SkipReason::Truncated(_) => "truncated",
            SkipReason::MalformedCsv(_) => "malformed CSV",
            SkipReason::Unparseable(_) => "unparseable",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Unreadable(e) => write!(f, "cannot read: {e}"),
            SkipReason::Binary => write!(f, "binary content, not text"),
            SkipReason::Empty => write!(f, "empty, no text"),
            SkipReason::TooLarge { limit } => {
                write!(f, "longer than the {limit}-byte limit (see --max-bytes)")
            }
            SkipReason::MalformedJson(e) => write!(f, "malformed JSON: {e}"),
            SkipReason::MissingText(field) => write!(f, "no text field {field:?}"),
            SkipReason::Truncated(e) => write!(f, "truncated compressed stream: {e}"),
            SkipReason::MalformedCsv(e) => write!(f, "malformed CSV: {e}"),
            SkipReason::Unparseable(e) => write!(f, "{e}"),
        }
    }
}

/// A skipped input with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub origin: Origin,
    pub reason: SkipReason,
}

/// A note about an input that was read anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub origin: Origin,
    pub message: String,
}

fn write_origin(f: &mut fmt::Formatter<'_>, origin: &Origin) -> fmt::Result {
    write!(f, "{}", origin.path.as_deref().unwrap_or("<stdin>"))?;
    if let Some(line) = origin.line {
        write!(f, ":{line}")?;
    }
    Ok(())
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_origin(f, &self.origin)?;
        write!(f, ": skipped: {}", self.reason)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_origin(f, &self.origin)?;
        write!(f, ": warning: {}", self.message)
    }
}
