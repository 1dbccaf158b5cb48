//! The one place that maps what happened to an exit code.

use std::process::ExitCode;

pub const SUCCESS: u8 = 0;
pub const FAILURE: u8 = 1;
pub const PARTIAL: u8 = 2;

/// How a command that processes many inputs ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was processed.
    Complete,
    /// Some inputs were skipped (each reported on stderr), the rest processed.
    Partial,
    /// Nothing was processed.
    Nothing,
}

/// Maps a command's result to the process exit code. A broken pipe (`echotrace … | head`) is a
/// normal end, not an error.
pub fn code_for(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Complete) => ExitCode::from(SUCCESS),
        Ok(Outcome::Partial) => ExitCode::from(PARTIAL),
        Ok(Outcome::Nothing) => ExitCode::from(FAILURE),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(SUCCESS),
        Err(e) => {
            eprintln!("echotrace: error: {e:#}");
            ExitCode::from(FAILURE)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
