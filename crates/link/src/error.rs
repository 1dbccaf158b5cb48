/// Errors of echotrace-link: only writing exports can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, Error>;
