use std::io::{BufWriter, Write};

use crate::args::ClaimsTask;
use crate::exit::Outcome;

pub fn run(task: ClaimsTask) -> anyhow::Result<Outcome> {
    match task {
        ClaimsTask::Match { catalog, queries, top, path, models, .. } => {
            use echotrace_narratives::checkthat::{match_claims_files, LoadedModels};
            use echotrace_narratives::PathKind;
            let models = super::models::model_dir(&models);
            let path: PathKind = match path {
                Some(name) => name.parse()?,
                None if models.is_installed() => PathKind::Fused,
                None => {
                    eprintln!(
                        "echotrace: no embedding model in {} (echotrace models install): lexical path",
                        models.minilm().display()
                    );
                    PathKind::Lexical
                }
            };
            let loaded =
                if path == PathKind::Lexical { None } else { Some(LoadedModels::load(&models)?) };
            let run =
                match_claims_files(&catalog, &queries, top, "echotrace", path, loaded.as_ref())?;
            let mut out = BufWriter::new(std::io::stdout().lock());
            for line in run {
                writeln!(out, "{line}")?;
            }
            out.flush()?;
        }
    }
    Ok(Outcome::Complete)
}
