use std::io;

use echotrace_model::Origin;

use crate::decode::{decode_owned_without_bom, looks_binary, Decoded};
use crate::jsonl::document_from_fields;
use crate::source::id_from_name;
use crate::{Event, FormatReader, ReadOptions, Skip, SkipReason, Source, Warning};

/// CSV or TSV with a header row; columns are mapped to fields by name.
pub(crate) struct DelimitedReader {
    pub delimiter: u8,
}

impl FormatReader for DelimitedReader {
    fn read(&self, mut source: Source, options: &ReadOptions) -> Box<dyn Iterator<Item = Event>> {
        let origin = Origin { path: source.path.clone(), line: None };
        match source.head() {
            Ok(head) if looks_binary(head) => {
                return Box::new(std::iter::once(Event::Skipped(Skip {
                    origin,
                    reason: SkipReason::Binary,
                })));
            }
            _ => {}
        }
        let stem = source.name.as_deref().map(id_from_name);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(source.reader);
        let mut header = csv::ByteRecord::new();
        let headers: Vec<String> = match reader.read_byte_record(&mut header) {
            Ok(true) => header
                .iter()
                .map(|h| decode_owned_without_bom(h.to_vec()).0.trim().to_owned())
                .collect(),
            Ok(false) => {
                return Box::new(std::iter::once(Event::Skipped(Skip {
                    origin,
                    reason: SkipReason::Empty,
                })))
            }
            Err(e) => {
                return Box::new(std::iter::once(Event::Skipped(Skip {
                    origin,
                    reason: csv_reason(&e, source.compressed),
                })))
            }
        };
        Box::new(Rows {
            reader,
            headers,
            path: source.path,
            stem,
            compressed: source.compressed,
            options: options.clone(),
            done: false,
            warned_encoding: false,
            pending: Vec::new(),
        })
    }
}

fn csv_reason(e: &csv::Error, compressed: bool) -> SkipReason {
    match e.kind() {
        csv::ErrorKind::Io(io) if compressed && io.kind() == io::ErrorKind::UnexpectedEof => {
            SkipReason::Truncated(format!("{io}; the rows after this one are lost"))
        }
        csv::ErrorKind::Io(io) => SkipReason::Unreadable(io.to_string()),
        _ => SkipReason::MalformedCsv(e.to_string()),
    }
}

struct Rows<R: io::Read> {
    reader: csv::Reader<R>,
    headers: Vec<String>,
    path: Option<String>,
    stem: Option<String>,
    compressed: bool,
    options: ReadOptions,
    done: bool,
    warned_encoding: bool,
    /// Events to hand out before reading on (in reverse order).
    pending: Vec<Event>,
}

impl<R: io::Read> Iterator for Rows<R> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        if let Some(event) = self.pending.pop() {
            return Some(event);
        }
        if self.done {
            return None;
        }
        let mut record = csv::ByteRecord::new();
        let read = self.reader.read_byte_record(&mut record);
        let line = record.position().map(|p| p.line()).unwrap_or_default();
        let origin = Origin { path: self.path.clone(), line: Some(line) };
        let skip = |reason| Some(Event::Skipped(Skip { origin: origin.clone(), reason }));
        match read {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                let reason = csv_reason(&e, self.compressed);
                if !matches!(reason, SkipReason::MalformedCsv(_)) {
                    self.done = true;
                }
                return skip(reason);
            }
        }
        if record.as_slice().len() > self.options.max_document_bytes {
            return skip(SkipReason::TooLarge { limit: self.options.max_document_bytes });
        }
        let mut any_cp1252 = false;
        let values: Vec<String> = record
            .iter()
            .map(|field| {
                let (value, decoded) = decode_owned_without_bom(field.to_vec());
                any_cp1252 |= decoded == Decoded::Windows1252;
                value
            })
            .collect();
        let get = |name: &str| {
            let column = self.headers.iter().position(|h| h == name)?;
            values.get(column).filter(|v| !v.trim().is_empty()).cloned()
        };
        let event = match document_from_fields(get, &self.options.fields) {
            Ok(mut doc) => {
                if doc.id.is_empty() {
                    doc.id = format!("{}-{line}", self.stem.as_deref().unwrap_or("stdin"));
                }
                doc.origin = origin.clone();
                Event::Document(Box::new(doc))
            }
            Err(reason) => Event::Skipped(Skip { origin: origin.clone(), reason }),
        };
        self.pending.push(event);
        if values.len() < self.headers.len() {
            self.pending.push(Event::Warning(Warning {
                origin: origin.clone(),
                message: format!(
                    "row has {} of the header's {} columns; the missing ones are empty",
                    values.len(),
                    self.headers.len()
                ),
            }));
        }
        if any_cp1252 && !self.warned_encoding {
            self.warned_encoding = true;
            self.pending.push(Event::Warning(Warning {
                origin,
                message: "not valid UTF-8; decoded as Windows-1252 (this and later rows)".into(),
            }));
        }
        self.pending.pop()
    }
}
