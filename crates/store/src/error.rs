use std::io;
use std::path::{Path, PathBuf};

/// Errors of the corpus. Every variant names the corpus path it concerns; the messages are
/// written for the person running `echotrace`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path} is not an echotrace corpus: {reason}")]
    NotACorpus { path: PathBuf, reason: String },
    #[error(
        "the corpus in {path} has schema version {found}, newer than this echotrace supports \
         ({supported}); use a newer echotrace (nothing was changed)"
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("cannot write to the corpus in {path}: {reason}")]
    NotWritable { path: PathBuf, reason: String },
    #[error(
        "no space left while writing the corpus in {path} (disk full or size limit reached); \
         the batch in progress was rolled back, earlier batches are intact"
    )]
    DiskFull { path: PathBuf },
    /// SQLite could not write (its "disk I/O error"): it does not say why, but a file size
    /// limit (EFBIG) or a quota (EDQUOT) end up here, while a plain full disk is [`DiskFull`].
    ///
    /// [`DiskFull`]: Error::DiskFull
    #[error(
        "could not write the corpus in {path} ({reason}): usually a file size limit, a quota or \
         a full disk, otherwise a failing disk; the batch in progress was rolled back, earlier \
         batches are intact"
    )]
    WriteFailed { path: PathBuf, reason: String },
    #[error("another process is ingesting into the corpus in {path}; try again when it is done")]
    Busy { path: PathBuf },
    #[error(
        "the full-text index of the corpus in {path} cannot be used ({reason}); open the corpus \
         read-write (e.g. `echotrace ingest` with no input) to rebuild it from the store"
    )]
    IndexUnavailable { path: PathBuf, reason: String },
    #[error("{0}")]
    Query(String),
    #[error("this echotrace was built without Parquet support (cargo feature `parquet`)")]
    ParquetUnsupported,
    #[error("corpus database {path}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error(transparent)]
    Index(echotrace_index::Error),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("stored analysis of document {id:?} cannot be read: {source}")]
    StoredAnalysis { id: String, source: serde_json::Error },
    #[error("export: {0}")]
    Export(String),
    /// Writing results failed (for the CLI: a broken pipe is not an error worth a message).
    #[error("writing the output: {0}")]
    Output(#[source] io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode;
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::DiskFull { path },
            Some(ErrorCode::SystemIoFailure)
                if matches!(
                    source,
                    rusqlite::Error::SqliteFailure(rusqlite::ffi::Error { extended_code, .. }, _)
                        if extended_code == rusqlite::ffi::SQLITE_IOERR_WRITE
                            || extended_code == rusqlite::ffi::SQLITE_IOERR_TRUNCATE
                ) =>
            {
                Error::WriteFailed { path, reason: source.to_string() }
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy { path },
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                Error::NotWritable { path, reason: source.to_string() }
            }
            Some(ErrorCode::NotADatabase) => {
                Error::NotACorpus { path, reason: format!("not an SQLite database ({source})") }
            }
            _ => Error::Sqlite { path, source },
        }
    }

    pub(crate) fn io(path: &Path, source: io::Error) -> Error {
        let path = path.to_path_buf();
        match source.kind() {
            io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
            | io::ErrorKind::FileTooLarge => Error::DiskFull { path },
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
                Error::NotWritable { path, reason: source.to_string() }
            }
            _ => Error::Io { path, source },
        }
    }

    /// True for mistakes of the person running the command (a bad query, a wrong directory, a
    /// newer corpus), as opposed to failures of the machine or the program.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::NotACorpus { .. }
                | Error::NewerSchema { .. }
                | Error::Query(_)
                | Error::ParquetUnsupported
                | Error::NotWritable { .. }
        )
    }
}

impl From<echotrace_index::Error> for Error {
    fn from(error: echotrace_index::Error) -> Error {
        use echotrace_index::Error as E;
        match error {
            E::DiskFull { path } => Error::DiskFull { path },
            E::Locked { path } => Error::Busy { path },
            E::Query { .. } => Error::Query(error.to_string()),
            other => Error::Index(other),
        }
    }
}
