use std::io::{BufWriter, Write};

use crate::args::ClaimsTask;
use crate::exit::Outcome;

pub fn run(task: ClaimsTask) -> anyhow::Result<Outcome> {
    match task {
        ClaimsTask::Match { catalog, queries, top, .. } => {
            let run = echotrace_narratives::checkthat::match_claims_files(
                &catalog,
                &queries,
                top,
                "echotrace",
            )?;
            let mut out = BufWriter::new(std::io::stdout().lock());
            for line in run {
                writeln!(out, "{line}")?;
            }
            out.flush()?;
        }
    }
    Ok(Outcome::Complete)
}
