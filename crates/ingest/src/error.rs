/// Errors of the ingest crate's fallible setup (bad options). Problems with inputs are not
/// errors but [`crate::Event::Skipped`] events, so that one bad file never stops a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid field mapping {0:?}: expected FIELD=NAME with FIELD one of {1}")]
    FieldMapping(String, &'static str),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
