use std::io::{self, BufRead, Read};

use echotrace_model::{DateSource, Document, Origin};
use serde_json::{Map, Value};

use crate::decode::{decode_owned_without_bom, looks_binary, Decoded};
use crate::fields::parse_date;
use crate::source::id_from_name;
use crate::{Event, FieldMap, FormatReader, ReadOptions, Skip, SkipReason, Source, Warning};

/// JSON Lines: one object per line, read one bounded line at a time.
pub(crate) struct JsonLinesReader;

impl FormatReader for JsonLinesReader {
    fn read(&self, source: Source, options: &ReadOptions) -> Box<dyn Iterator<Item = Event>> {
        Box::new(JsonLines {
            stem: source.name.as_deref().map(id_from_name),
            path: source.path,
            compressed: source.compressed,
            reader: source.reader,
            fields: options.fields.clone(),
            limit: options.max_document_bytes,
            line: 0,
            done: false,
            warned_encoding: false,
            pending: None,
        })
    }
}

struct JsonLines {
    path: Option<String>,
    stem: Option<String>,
    compressed: bool,
    reader: Box<dyn BufRead + Send>,
    fields: FieldMap,
    limit: usize,
    line: u64,
    done: bool,
    warned_encoding: bool,
    pending: Option<Event>,
}

impl JsonLines {
    fn origin(&self) -> Origin {
        Origin { path: self.path.clone(), line: Some(self.line) }
    }

    fn skipped(&self, reason: SkipReason) -> Event {
        Event::Skipped(Skip { origin: self.origin(), reason })
    }

    /// Reads the next line, at most `limit` bytes of it; a longer line is consumed and reported.
    fn next_line(&mut self) -> Option<Result<Vec<u8>, SkipReason>> {
        let mut buf = Vec::new();
        let read = (&mut self.reader).take(self.limit as u64 + 1).read_until(b'\n', &mut buf);
        match read {
            Ok(0) => None,
            Ok(_) => {
                self.line += 1;
                if buf.len() > self.limit && buf.last() != Some(&b'\n') {
                    // Discard the rest of the over-long line.
                    if let Err(e) = self.reader.skip_until(b'\n') {
                        self.done = true;
                        return Some(Err(io_reason(e, self.compressed)));
                    }
                    return Some(Err(SkipReason::TooLarge { limit: self.limit }));
                }
                Some(Ok(buf))
            }
            Err(e) => {
                self.line += 1;
                self.done = true;
                Some(Err(io_reason(e, self.compressed)))
            }
        }
    }
}

fn io_reason(e: io::Error, compressed: bool) -> SkipReason {
    if compressed && e.kind() == io::ErrorKind::UnexpectedEof {
        SkipReason::Truncated(format!("{e}; the lines after this one are lost"))
    } else {
        SkipReason::Unreadable(e.to_string())
    }
}

impl Iterator for JsonLines {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        if let Some(event) = self.pending.take() {
            return Some(event);
        }
        loop {
            if self.done {
                return None;
            }
            let bytes = match self.next_line()? {
                Ok(bytes) => bytes,
                Err(reason) => return Some(self.skipped(reason)),
            };
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            if looks_binary(&bytes) {
                return Some(self.skipped(SkipReason::Binary));
            }
            let (line, decoded) = decode_owned_without_bom(bytes);
            let value: Value = match serde_json::from_str(&line) {
                Ok(v) => v,
                Err(e) => return Some(self.skipped(SkipReason::MalformedJson(e.to_string()))),
            };
            let Value::Object(object) = value else {
                return Some(self.skipped(SkipReason::MalformedJson("not a JSON object".into())));
            };
            let event = match document_from_object(&object, &self.fields) {
                Ok(mut doc) => {
                    if doc.id.is_empty() {
                        doc.id = match &self.stem {
                            Some(stem) => format!("{stem}-{}", self.line),
                            None => {
                                format!("{:016x}", xxhash_rust::xxh3::xxh3_64(doc.text.as_bytes()))
                            }
                        };
                    }
                    doc.origin = self.origin();
                    Event::Document(Box::new(doc))
                }
                Err(reason) => self.skipped(reason),
            };
            if decoded == Decoded::Windows1252 && !self.warned_encoding {
                self.warned_encoding = true;
                self.pending = Some(event);
                return Some(Event::Warning(Warning {
                    origin: self.origin(),
                    message: "not valid UTF-8; decoded as Windows-1252 (this and later lines)"
                        .into(),
                }));
            }
            return Some(event);
        }
    }
}

/// A string field: strings as they are, numbers as written, anything else absent.
fn string_field(object: &Map<String, Value>, name: &str) -> Option<String> {
    match object.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Builds a document from named fields; shared by the JSON Lines and CSV readers.
pub(crate) fn document_from_fields(
    get: impl Fn(&str) -> Option<String>,
    fields: &FieldMap,
) -> Result<Document, SkipReason> {
    let text = get(&fields.text).ok_or_else(|| SkipReason::MissingText(fields.text.clone()))?;
    let mut doc = Document::new(get(&fields.id).unwrap_or_default(), text);
    doc.title = get(&fields.title);
    if let Some(date) = get(&fields.published).as_deref().and_then(parse_date) {
        doc.set_published(date, DateSource::Metadata);
    }
    doc.outlet = get(&fields.outlet);
    doc.url = get(&fields.url);
    doc.language = get(&fields.language);
    Ok(doc)
}

fn document_from_object(
    object: &Map<String, Value>,
    fields: &FieldMap,
) -> Result<Document, SkipReason> {
    document_from_fields(|name| string_field(object, name), fields)
}
