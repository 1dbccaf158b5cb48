//! `echotrace models`: install the embedding models, or say where they are.

use echotrace_embed::ModelDir;

use crate::args::{ModelsArgs, ModelsTask};
use crate::exit::Outcome;

pub fn run(task: ModelsTask) -> anyhow::Result<Outcome> {
    match task {
        ModelsTask::Install { models, python } => {
            let dir = model_dir(&models);
            dir.install(&python, |line| eprintln!("echotrace: {line}"))?;
            println!("installed: {}", dir.minilm().display());
            Ok(Outcome::Complete)
        }
        ModelsTask::Status { models } => {
            let dir = model_dir(&models);
            let installed = dir.is_installed();
            println!(
                "{} {}",
                dir.minilm().display(),
                if installed { "installed" } else { "not installed" }
            );
            Ok(if installed { Outcome::Complete } else { Outcome::Nothing })
        }
    }
}

/// The models directory of `--models`, else of the environment.
pub fn model_dir(args: &ModelsArgs) -> ModelDir {
    args.models_dir.clone().map_or_else(ModelDir::from_env, ModelDir::new)
}
