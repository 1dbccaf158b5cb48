use std::path::{Path, PathBuf};

/// Everything that can go wrong when installing, loading or running an embedding model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Files that are present but do not hold the model this crate runs.
    #[error("{path}: {message}")]
    Model { path: PathBuf, message: String },
    #[error("no model in {dir}: run `echotrace models install` (or scripts/install-models)")]
    NotInstalled { dir: PathBuf },
    #[error("installing the model failed: {0}")]
    Install(String),
    #[error("inference failed: {0}")]
    Inference(String),
}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}
