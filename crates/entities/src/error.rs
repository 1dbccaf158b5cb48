use std::path::PathBuf;

/// Everything that can go wrong in this crate. User errors (a bad gazetteer file, an unreadable
/// CoNLL file) name the file and, where there is one, the line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Gazetteer { path: String, line: usize, message: String },
    #[error("{path}:{line}: {message}")]
    Conll { path: String, line: usize, message: String },
    #[error("NER model: {0}")]
    Model(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}
