use std::path::PathBuf;

/// Errors of echotrace-link: reading benchmark articles and writing exports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read or write {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, Error>;
