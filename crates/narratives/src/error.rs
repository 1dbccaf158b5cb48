use std::path::PathBuf;

/// Everything that can go wrong when loading catalogs or evaluation data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A catalog or data file that could not be parsed; `line` is 1-based when known.
    #[error("{path}:{line}: {message}")]
    Parse { path: PathBuf, line: usize, message: String },
    #[error("{path}:{line}: duplicate narrative id `{id}`")]
    DuplicateId { path: PathBuf, line: usize, id: String },
    #[error("unknown path kind `{0}` (expected lexical, semantic, fused, fast or static)")]
    UnknownPathKind(String),
    #[error("the `{0}` path needs the embedding model: run `echotrace models install`")]
    PathUnavailable(&'static str),
    #[error(transparent)]
    Embed(#[from] echotrace_embed::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn io_error(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}
