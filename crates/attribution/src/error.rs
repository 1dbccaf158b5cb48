use std::path::PathBuf;

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A brat standoff line that does not follow the format.
    #[error("brat line {line}: {message}")]
    Brat { line: usize, message: String },
    /// A model file that is truncated or of another version.
    #[error("attribution model: {0}")]
    Model(String),
    /// A training or evaluation directory without usable articles.
    #[error("{0}: no annotated articles found (expected text/*.txt and attributions/*.ann)")]
    NoData(PathBuf),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn io_error(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}
