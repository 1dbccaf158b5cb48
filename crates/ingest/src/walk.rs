use std::path::Path;

use echotrace_model::Origin;

use crate::format::reader_for;
use crate::parquet_file::read_parquet_file;
use crate::{detect_format, Event, FieldMap, Format, Input, Skip, SkipReason, Source};

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub fields: FieldMap,
    /// Documents (and JSON lines, CSV rows) longer than this are skipped, never loaded whole.
    pub max_document_bytes: usize,
    /// When set, files found by walking a directory are read only if their format is listed
    /// (like ripgrep's `-t`); files named explicitly are always read.
    pub types: Option<Vec<Format>>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { fields: FieldMap::default(), max_document_bytes: 16 << 20, types: None }
    }
}

/// Reads every input in order (directories walked recursively in file-name order; hidden files
/// and directories, and the `_SUCCESS` markers and `.crc` checksums Spark and Hadoop write
/// beside their part files, left out) into one stream of events.
pub fn read_inputs(inputs: Vec<Input>, options: ReadOptions) -> impl Iterator<Item = Event> {
    inputs.into_iter().flat_map(move |input| read_input(input, options.clone()))
}

fn read_input(input: Input, options: ReadOptions) -> Box<dyn Iterator<Item = Event>> {
    match input {
        Input::Stdin => read_source(Source::stdin(), None, "-".into(), &options, false),
        Input::Path(path) if path.is_dir() => {
            let walker = walkdir::WalkDir::new(&path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !(is_hidden(e.file_name()) || is_job_marker(e.file_name()))
                });
            Box::new(walker.flat_map(move |entry| -> Box<dyn Iterator<Item = Event>> {
                match entry {
                    Ok(entry) if entry.file_type().is_dir() => Box::new(std::iter::empty()),
                    Ok(entry) => {
                        let path = entry.path();
                        let display = path.display().to_string();
                        read_source(Source::open_file(path), Some(path), display, &options, true)
                    }
                    Err(e) => {
                        let path = e.path().map(|p| p.display().to_string());
                        Box::new(std::iter::once(unreadable(path, e.to_string())))
                    }
                }
            }))
        }
        Input::Path(path) => {
            let display = path.display().to_string();
            read_source(Source::open_file(&path), Some(&path), display, &options, false)
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// What a Spark or Hadoop job writes beside its part files: the `_SUCCESS` marker (empty, or
/// JSON from the S3A committers), Databricks' `_committed_*` and `_started_*` files and `.crc`
/// checksums. They are not documents, and reading them would make a folder of parts "partial".
fn is_job_marker(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| {
        n == "_SUCCESS"
            || n.starts_with("_committed_")
            || n.starts_with("_started_")
            || n.ends_with(".crc")
    })
}

fn unreadable(path: Option<String>, message: String) -> Event {
    Event::Skipped(Skip {
        origin: Origin { path, line: None },
        reason: SkipReason::Unreadable(message),
    })
}

fn read_source(
    source: std::io::Result<Source>,
    path: Option<&Path>,
    display: String,
    options: &ReadOptions,
    filtered: bool,
) -> Box<dyn Iterator<Item = Event>> {
    let mut source = match source {
        Ok(source) => source,
        Err(e) => {
            let path = path.map(|_| display);
            return Box::new(std::iter::once(unreadable(path, e.to_string())));
        }
    };
    let name = source.name.clone();
    let format = match source.head() {
        Ok(head) => detect_format(name.as_deref(), head),
        Err(e) => {
            let reason = if source.compressed && e.kind() == std::io::ErrorKind::UnexpectedEof {
                SkipReason::Truncated(e.to_string())
            } else {
                SkipReason::Unreadable(e.to_string())
            };
            let origin = Origin { path: source.path, line: None };
            return Box::new(std::iter::once(Event::Skipped(Skip { origin, reason })));
        }
    };
    if filtered {
        if let Some(types) = &options.types {
            if !types.contains(&format) {
                return Box::new(std::iter::empty());
            }
        }
    }
    if format == Format::Parquet && !source.compressed {
        // Parquet is read from the file itself (its index is at the end), by its real path.
        if let Some(path) = path {
            return read_parquet_file(path, display, options);
        }
    }
    if format == Format::Warc && source.compressed {
        // The WARC reader inflates gzip members itself, so that a corrupt member costs only
        // its own records: give it the file as it is on disk.
        if let Some(path) = path {
            match Source::open_raw_file(path) {
                Ok(raw) => source = raw,
                Err(e) => {
                    return Box::new(std::iter::once(unreadable(Some(display), e.to_string())))
                }
            }
        }
    }
    reader_for(format).read(source, options)
}
