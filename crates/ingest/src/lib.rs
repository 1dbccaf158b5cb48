//! Readers that turn files, directories and standard input into [`Document`]s.
//!
//! Every input becomes a stream of [`Event`]s: documents, warnings (the input was read, with a
//! caveat such as a Windows-1252 fallback) and skips (the input, or one line or row of it, could
//! not be read, with the reason). Nothing is dropped without an event, nothing panics, and no
//! input is loaded whole unless it is one document (a text file, bounded by
//! [`ReadOptions::max_document_bytes`]).
//!
//! Formats are [`FormatReader`]s chosen by [`detect_format`] from the file name and the first
//! bytes; `.gz` is decompressed transparently. Parquet (the `parquet` feature, on by default) is
//! read from the file by path, a row group and a batch of rows at a time.
//!
//! ```
//! use echotrace_ingest::{read_inputs, Event, Input, ReadOptions};
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("a.txt"), "A headline\n\nBody text.").unwrap();
//! std::fs::write(dir.path().join("b.jsonl"), "{\"id\":\"x\",\"text\":\"Hi.\"}\n{bad\n").unwrap();
//! let events: Vec<Event> =
//!     read_inputs(vec![Input::Path(dir.path().into())], ReadOptions::default()).collect();
//! let ids: Vec<&str> = events.iter().filter_map(|e| e.document()).map(|d| d.id.as_str()).collect();
//! assert_eq!(ids, ["a", "x"]);
//! assert_eq!(events.iter().filter(|e| matches!(e, Event::Skipped(_))).count(), 1);
//! ```

mod decode;
mod delimited;
mod error;
mod event;
mod fields;
mod format;
mod jsonl;
mod parquet_file;
mod source;
mod text;
mod walk;
mod web;

pub use error::{Error, Result};
pub use event::{Event, Skip, SkipReason, Warning};
pub use fields::FieldMap;
pub use format::{detect_format, Format, FormatReader};
pub use source::{Input, Source};
pub use text::{parse_text_layout, TextLayout};
pub use walk::{read_inputs, ReadOptions};
