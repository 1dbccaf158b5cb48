use std::io;
use std::path::{Path, PathBuf};

use tantivy::TantivyError;

/// Errors of the full-text index. Every variant names the index directory.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no full-text index in {path}")]
    Missing { path: PathBuf },
    #[error("the full-text index in {path} is damaged: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("another process is writing to the full-text index in {path}")]
    Locked { path: PathBuf },
    #[error("the disk is full: could not write the full-text index in {path}")]
    DiskFull { path: PathBuf },
    #[error("the full-text index in {path} was opened read-only")]
    ReadOnly { path: PathBuf },
    #[error("invalid query {query:?}: {reason}")]
    Query { query: String, reason: String },
    #[error("full-text index in {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("full-text index in {path}: {source}")]
    Tantivy { path: PathBuf, source: TantivyError },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A write failed for want of room: a full disk (ENOSPC), a quota (EDQUOT) or a file size
/// limit (EFBIG, `ulimit -f`). All three mean the same to the user: free space, then rerun.
pub(crate) fn is_out_of_space(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge
    )
}

impl Error {
    pub(crate) fn io(path: &Path, source: io::Error) -> Error {
        if is_out_of_space(&source) {
            return Error::DiskFull { path: path.to_path_buf() };
        }
        Error::Io { path: path.to_path_buf(), source }
    }

    /// Sorts tantivy's errors into the cases a caller acts on: damaged files (rebuild), a lock
    /// held by another writer, a full disk.
    pub(crate) fn from_tantivy(path: &Path, source: TantivyError) -> Error {
        let path = path.to_path_buf();
        match source {
            TantivyError::LockFailure(..) => Error::Locked { path },
            TantivyError::IoError(ref io) if is_out_of_space(io) => Error::DiskFull { path },
            TantivyError::IoError(ref io)
                if matches!(
                    io.kind(),
                    io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof
                ) =>
            {
                Error::Corrupt { path, reason: source.to_string() }
            }
            TantivyError::OpenWriteError(tantivy::directory::error::OpenWriteError::IoError {
                ref io_error,
                ..
            }) if is_out_of_space(io_error) => Error::DiskFull { path },
            TantivyError::DataCorruption(_)
            | TantivyError::OpenReadError(_)
            | TantivyError::IncompatibleIndex(_)
            | TantivyError::SchemaError(_)
            | TantivyError::FieldNotFound(_) => Error::Corrupt { path, reason: source.to_string() },
            source => Error::Tantivy { path, source },
        }
    }

    /// True when the index files are damaged or foreign, so that rebuilding the index from the
    /// store is the remedy.
    pub fn is_corrupt(&self) -> bool {
        matches!(self, Error::Corrupt { .. })
    }
}
