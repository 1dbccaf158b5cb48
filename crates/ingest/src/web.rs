//! Readers for web inputs — HTML pages, RSS/Atom feeds and WARC archives — on top of the
//! extraction in `echotrace-web`.

use std::io::{self, Read};

use echotrace_model::{DateSource, Document, Origin, TextSource};
use echotrace_web::{ContentKind, WarcReader, WebArticle};

use crate::source::id_from_name;
use crate::{Event, FormatReader, ReadOptions, Skip, SkipReason, Source};

fn skipped(origin: Origin, reason: SkipReason) -> Event {
    Event::Skipped(Skip { origin, reason })
}

/// Reads a whole (bounded) stream, or says why not.
fn read_bounded(source: &mut Source, limit: usize) -> Result<Vec<u8>, SkipReason> {
    let mut bytes = Vec::new();
    match (&mut source.reader).take(limit as u64 + 1).read_to_end(&mut bytes) {
        Err(e) if source.compressed && e.kind() == io::ErrorKind::UnexpectedEof => {
            Err(SkipReason::Truncated(e.to_string()))
        }
        Err(e) => Err(SkipReason::Unreadable(e.to_string())),
        Ok(_) if bytes.len() > limit => Err(SkipReason::TooLarge { limit }),
        Ok(_) => Ok(bytes),
    }
}

fn web_reason(e: echotrace_web::Error, limit: usize) -> SkipReason {
    match e {
        echotrace_web::Error::TooLarge { .. } => SkipReason::TooLarge { limit },
        other => SkipReason::Unparseable(other.to_string()),
    }
}

/// `en-US` → `en`; anything that is not a plausible language tag → none.
fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 || primary.len() == 3)
        .then(|| primary.chars().all(|c| c.is_ascii_alphabetic()).then_some(primary))
        .flatten()
}

fn document_from_article(id: String, article: WebArticle, origin: Origin) -> Document {
    let mut doc = Document::new(id, article.text);
    doc.title = article.title;
    if let Some(date) = article.published {
        doc.set_published(date, DateSource::Metadata);
    }
    doc.outlet = article.outlet;
    doc.url = article.url;
    doc.language = article.language.as_deref().and_then(language_code);
    doc.text_from = TextSource::Html;
    doc.origin = origin;
    doc
}

/// One HTML page: its main content becomes the document.
pub(crate) struct HtmlReader;

impl FormatReader for HtmlReader {
    fn read(&self, mut source: Source, options: &ReadOptions) -> Box<dyn Iterator<Item = Event>> {
        let origin = Origin { path: source.path.clone(), line: None };
        let limit = options.max_document_bytes;
        let event = match read_bounded(&mut source, limit) {
            Err(reason) => skipped(origin, reason),
            Ok(bytes) => match echotrace_web::extract_article(&bytes, None, None) {
                Err(e) => skipped(origin, web_reason(e, limit)),
                Ok(article) if article.text.trim().is_empty() => skipped(origin, SkipReason::Empty),
                Ok(article) => {
                    let id = match &source.name {
                        Some(name) => id_from_name(name),
                        None => article.url.clone().unwrap_or_else(|| {
                            format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))
                        }),
                    };
                    Event::Document(Box::new(document_from_article(id, article, origin)))
                }
            },
        };
        Box::new(std::iter::once(event))
    }
}

/// An RSS or Atom feed: one document per item, its text the full content when the feed carries
/// it and the summary otherwise (`text_from` says which).
pub(crate) struct FeedReader;

impl FormatReader for FeedReader {
    fn read(&self, mut source: Source, options: &ReadOptions) -> Box<dyn Iterator<Item = Event>> {
        let origin = Origin { path: source.path.clone(), line: None };
        let limit = options.max_document_bytes;
        let items = match read_bounded(&mut source, limit)
            .and_then(|bytes| echotrace_web::parse_feed(&bytes).map_err(|e| web_reason(e, limit)))
        {
            Ok(items) => items,
            Err(reason) => return Box::new(std::iter::once(skipped(origin, reason))),
        };
        let stem = source.name.as_deref().map(id_from_name).unwrap_or_else(|| "feed".into());
        let path = source.path;
        Box::new(items.into_iter().enumerate().map(move |(i, item)| {
            let origin = Origin { path: path.clone(), line: Some(i as u64 + 1) };
            let text_from = match item.content_kind {
                ContentKind::Full => TextSource::FeedContent,
                ContentKind::Summary => TextSource::FeedSummary,
                ContentKind::None => return skipped(origin, SkipReason::Empty),
            };
            if item.text.trim().is_empty() {
                return skipped(origin, SkipReason::Empty);
            }
            let id = item.link.clone().unwrap_or_else(|| format!("{stem}-{}", i + 1));
            let mut doc = Document::new(id, item.text);
            doc.title = item.title;
            if let Some(date) = item.published {
                doc.set_published(date, DateSource::Metadata);
            }
            doc.outlet = item.feed_title;
            doc.url = item.link;
            doc.text_from = text_from;
            doc.origin = origin;
            Event::Document(Box::new(doc))
        }))
    }
}

/// A WARC archive: every HTML `response` record becomes a document (id and url from
/// `WARC-Target-URI`, the date from `WARC-Date` when the page has none); other records are
/// counted and skipped quietly; bad records are reported and reading goes on.
pub(crate) struct WarcFileReader;

impl FormatReader for WarcFileReader {
    fn read(&self, source: Source, _options: &ReadOptions) -> Box<dyn Iterator<Item = Event>> {
        let path = source.path.clone();
        let origin = Origin { path: path.clone(), line: None };
        let reader = match WarcReader::new(source.reader) {
            Ok(reader) => reader,
            Err(e) => {
                return Box::new(std::iter::once(skipped(
                    origin,
                    SkipReason::Unreadable(e.to_string()),
                )))
            }
        };
        let mut record_number = 0u64;
        Box::new(reader.map(move |record| {
            record_number += 1;
            let origin = Origin { path: path.clone(), line: Some(record_number) };
            let record = match record {
                Ok(record) => record,
                Err(e) => return skipped(origin, SkipReason::Unparseable(e.to_string())),
            };
            let article = match echotrace_web::extract_article(
                &record.body,
                record.charset.as_deref(),
                Some(&record.url),
            ) {
                Ok(article) if !article.text.trim().is_empty() => article,
                Ok(_) => return skipped(origin, SkipReason::Empty),
                Err(e) => return skipped(origin, SkipReason::Unparseable(e.to_string())),
            };
            let mut doc = document_from_article(record.url.clone(), article, origin);
            if doc.url.is_none() {
                doc.url = Some(record.url);
            }
            if doc.published.is_none() {
                if let Some(fetched) = record.fetched {
                    doc.set_published(fetched.date_naive(), DateSource::Metadata);
                }
            }
            Event::Document(Box::new(doc))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::language_code;

    #[test]
    fn language_tags_to_codes() {
        assert_eq!(language_code("en-US").as_deref(), Some("en"));
        assert_eq!(language_code("DE").as_deref(), Some("de"));
        assert_eq!(language_code("x").as_deref(), None);
        assert_eq!(language_code("english").as_deref(), None);
    }
}
