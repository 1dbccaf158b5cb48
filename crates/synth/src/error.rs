use std::io;
use std::path::PathBuf;

/// Errors of the generator. Messages are written for the person running `echotrace synth`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read the articles in {path}: {source}")]
    ReadArticles { path: PathBuf, source: io::Error },
    #[error("{path} holds no usable articles (`*.txt`, first line the title, then sentences)")]
    NoArticles { path: PathBuf },
    #[error("the articles hold too few sentences to recombine ({found}; at least {needed})")]
    TooFewSentences { found: usize, needed: usize },
    #[error("invalid setting: {0}")]
    Config(String),
    #[error("writing the generated corpus: {0}")]
    Write(#[source] io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
