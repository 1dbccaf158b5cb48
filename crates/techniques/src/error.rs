use std::path::PathBuf;

/// Everything that can go wrong while loading the corpus, training, reading or writing models
/// and SemEval files.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write output: {0}")]
    Write(#[from] std::io::Error),
    #[error("{path}:{line}: {message}")]
    Parse { path: PathBuf, line: usize, message: String },
    #[error("no articles named article<ID>.txt in {0}")]
    NoArticles(PathBuf),
    #[error("model file is not a techniques model: {0}")]
    BadModel(String),
    #[error("unknown technique {0:?} (see techniques.txt)")]
    UnknownTechnique(String),
    #[error("invalid argument: {0}")]
    Invalid(String),
    #[error(transparent)]
    Embed(#[from] echotrace_embed::Error),
    #[error("tier {0:?} is not available: {1}")]
    TierUnavailable(String, String),
}

pub type Result<T> = std::result::Result<T, Error>;
