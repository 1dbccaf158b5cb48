use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One article as a reader produced it, before any analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The input's own id (a JSONL/CSV `id` field), else the file name without its extensions,
    /// else (one text on stdin) a hash of the text.
    pub id: String,
    /// Where the document was read from.
    pub origin: Origin,
    pub title: Option<String>,
    /// Publication day, when known.
    pub published: Option<NaiveDate>,
    /// Where `published` came from.
    pub published_from: DateSource,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// ISO 639-1 code (`en`, `ru` …): given by the input, else detected from the text.
    pub language: Option<String>,
    /// Outlets the text says it relays ("Press TV reports:", "(Reuters) -").
    pub relayed_from: Vec<String>,
    /// The exact text as decoded; offsets of every span index into it by code point.
    pub text: String,
    /// What `text` is: the input's own text, or what was extracted from a web page or a feed.
    pub text_from: TextSource,
}

impl Document {
    /// A document with only an id and a text; every other field empty.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            origin: Origin::default(),
            title: None,
            published: None,
            published_from: DateSource::None,
            outlet: None,
            url: None,
            language: None,
            relayed_from: Vec::new(),
            text: text.into(),
            text_from: TextSource::Input,
        }
    }

    /// Sets the publication day and where it came from, together, so they never disagree.
    pub fn set_published(&mut self, date: NaiveDate, from: DateSource) {
        self.published = Some(date);
        self.published_from = from;
    }
}

/// Where a document came from: a file path (or `-` for stdin) and, for line- or row-based
/// formats, the 1-based line or row number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub path: Option<String>,
    pub line: Option<u64>,
}

/// Where a document's publication date came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A field of the input (JSONL/CSV `published`, HTML metadata, a feed item, a WARC header).
    Metadata,
    /// Found in the text: a `date YYYY-MM-DD` marker or a dateline.
    Text,
    #[default]
    None,
}

/// Where a document's text came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    /// The input's text as it was (a text file, a JSON or CSV field).
    #[default]
    Input,
    /// The main content extracted from an HTML page.
    Html,
    /// A feed item's full content (`content:encoded`, Atom `content`).
    FeedContent,
    /// A feed item's summary or description: the feed did not carry the full text.
    FeedSummary,
}
