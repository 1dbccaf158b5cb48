//! The one error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while reading web inputs.
///
/// Each variant describes one bad input; callers report it and go on with the next document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading from the underlying file or stream failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// Reading a named file failed.
    #[error("cannot read {path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The input is larger than the configured limit for one document.
    #[error("input of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Bytes seen (at least).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The HTML nests elements deeper than we are willing to parse.
    #[error("HTML nests elements {depth} levels deep (limit {limit})")]
    TooDeep {
        /// Depth reached before giving up.
        depth: usize,
        /// The limit.
        limit: usize,
    },
    /// The page holds no text that could be the main content.
    #[error("no main content found")]
    NoContent,
    /// A feed could not be parsed.
    #[error("feed: {0}")]
    Feed(String),
    /// A feed declares XML entities (the shape of an entity-expansion bomb); we refuse it.
    #[error(
        "feed declares XML entities in its DOCTYPE; refused as a possible entity-expansion bomb"
    )]
    EntityDeclaration,
    /// A WARC record is malformed (bad header, lying Content-Length, truncated body).
    #[error("WARC record {record}: {reason}")]
    Warc {
        /// Ordinal of the record in the file (0-based), counting malformed ones.
        record: u64,
        /// What was wrong.
        reason: String,
    },
    /// A gzip member is corrupt or truncated.
    #[error("gzip member {member}: {reason}")]
    Gzip {
        /// Ordinal of the member in the file (0-based).
        member: u64,
        /// What was wrong.
        reason: String,
    },
    /// An evaluation set is missing or malformed.
    #[error("evaluation data: {0}")]
    EvalData(String),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
