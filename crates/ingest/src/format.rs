use crate::delimited::DelimitedReader;
use crate::jsonl::JsonLinesReader;
use crate::parquet_file::ParquetReader;
use crate::text::TextReader;
use crate::web::{FeedReader, HtmlReader, WarcFileReader};
use crate::{Event, ReadOptions, Source};

/// The input formats the readers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One document per file: plain text, optionally headline + blank line first.
    Text,
    /// One JSON object per line.
    JsonLines,
    /// CSV (`,`) or TSV (`\t`) with a header row.
    Delimited(u8),
    Html,
    Feed,
    Warc,
    /// One document per row of a Parquet file (read by path: its index is at the end).
    Parquet,
}

impl Format {
    /// The name used by the `--type` filter.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::JsonLines => "jsonl",
            Format::Delimited(b'\t') => "tsv",
            Format::Delimited(_) => "csv",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
            Format::Parquet => "parquet",
        }
    }

    /// The format of a `--type` name.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "txt" | "text" => Format::Text,
            "jsonl" | "ndjson" => Format::JsonLines,
            "csv" => Format::Delimited(b','),
            "tsv" => Format::Delimited(b'\t'),
            "html" | "htm" => Format::Html,
            "feed" | "rss" | "atom" => Format::Feed,
            "warc" => Format::Warc,
            "parquet" => Format::Parquet,
            _ => return None,
        })
    }
}

/// The format of an input, from its name (without `.gz`) and, when the name says nothing or
/// something unreliable, its first bytes: a `.txt` that is HTML is read as HTML.
///
/// ```
/// use echotrace_ingest::{detect_format, Format};
/// assert_eq!(detect_format(Some("a.jsonl"), b"{\"text\":1}"), Format::JsonLines);
/// assert_eq!(detect_format(Some("a.txt"), b"<!DOCTYPE html><html>"), Format::Html);
/// assert_eq!(detect_format(None, b"{\"id\": 1}\n"), Format::JsonLines);
/// assert_eq!(detect_format(Some("notes"), b"Plain words."), Format::Text);
/// assert_eq!(detect_format(Some("part-00000"), b"PAR1\x15\x04"), Format::Parquet);
/// ```
pub fn detect_format(name: Option<&str>, head: &[u8]) -> Format {
    let ext = name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let by_name = match ext.as_str() {
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "csv" => Some(Format::Delimited(b',')),
        "tsv" | "tab" => Some(Format::Delimited(b'\t')),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "rss" | "atom" => Some(Format::Feed),
        "warc" => Some(Format::Warc),
        "parquet" => Some(Format::Parquet),
        _ => None,
    };
    if let Some(format) = by_name {
        return format;
    }
    if head.starts_with(b"PAR1") {
        return Format::Parquet;
    }
    let trimmed = trim_start(head);
    if trimmed.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let lower: Vec<u8> = trimmed.iter().take(512).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return Format::Html;
    }
    if lower.starts_with(b"<?xml") || lower.starts_with(b"<rss") || lower.starts_with(b"<feed") {
        let window = String::from_utf8_lossy(&lower);
        if window.contains("<rss") || window.contains("<feed") || window.contains("<rdf:rdf") {
            return Format::Feed;
        }
        if window.contains("<html") {
            return Format::Html;
        }
    }
    if trimmed.starts_with(b"{") && ext != "txt" {
        return Format::JsonLines;
    }
    Format::Text
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

/// Reads one opened source of one format into events. Implementations stream: they hold at most
/// one document (bounded by [`ReadOptions::max_document_bytes`]) in memory at a time.
pub trait FormatReader {
    fn read(&self, source: Source, options: &ReadOptions) -> Box<dyn Iterator<Item = Event>>;
}

/// The reader for a format.
pub(crate) fn reader_for(format: Format) -> Box<dyn FormatReader> {
    match format {
        Format::Text => Box::new(TextReader),
        Format::JsonLines => Box::new(JsonLinesReader),
        Format::Delimited(delimiter) => Box::new(DelimitedReader { delimiter }),
        Format::Html => Box::new(HtmlReader),
        Format::Feed => Box::new(FeedReader),
        Format::Warc => Box::new(WarcFileReader),
        Format::Parquet => Box::new(ParquetReader),
    }
}
