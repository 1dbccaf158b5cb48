use crate::args::{TechniqueTier, TrainTarget};
use crate::exit::Outcome;

pub fn run(target: TrainTarget) -> anyhow::Result<Outcome> {
    match target {
        TrainTarget::Ner { data, out } => {
            let options = echotrace_entities::TrainOptions::default();
            let (_, bytes) =
                echotrace_entities::train_ner_file(&data, &out, &options, |epoch, error| {
                    eprintln!("echotrace: epoch {epoch}: training token error rate {error:.4}");
                })?;
            eprintln!("echotrace: wrote {} ({bytes} bytes; rebuild to embed it)", out.display());
        }
        TrainTarget::Attribution { data, out } => {
            let model = echotrace_attribution::train_attribution(&data)?;
            model.save(&out)?;
            eprintln!(
                "echotrace: wrote the attribution model to {} (rebuild to embed it)",
                out.display()
            );
        }
        TrainTarget::Claims { data, out, models } => {
            let models = super::models::model_dir(&models);
            let loaded = echotrace_narratives::checkthat::LoadedModels::load(&models)?;
            let fitted = echotrace_narratives::checkthat::fit_fusion_with(&data, &loaded, |m| {
                eprintln!("echotrace: {m}")
            })?;
            std::fs::write(&out, serde_json::to_string_pretty(&fitted)? + "\n")?;
            eprintln!("echotrace: wrote {} (rebuild to embed it)", out.display());
        }
        TrainTarget::Techniques { data, tier, out, seed, models } => {
            let dir = std::path::Path::new("crates/techniques/models");
            match tier {
                TechniqueTier::Fast => {
                    let out = out.unwrap_or_else(|| dir.join("techniques-fast.bin"));
                    echotrace_techniques::train_techniques(&data, seed)?.save(&out)?;
                    eprintln!("echotrace: wrote {} (rebuild to embed it)", out.display());
                }
                TechniqueTier::Accurate => {
                    let out = out.unwrap_or_else(|| dir.join("techniques-accurate.bin"));
                    let options = echotrace_techniques::AccurateOptions {
                        fast_seed: seed,
                        ..Default::default()
                    };
                    let models = super::models::model_dir(&models);
                    let head =
                        echotrace_techniques::train_accurate(&data, &models, 5, &options, |m| {
                            eprintln!("echotrace: {m}")
                        })?;
                    head.save(&out)?;
                    eprintln!("echotrace: wrote {} (rebuild to embed it)", out.display());
                }
            }
        }
    }
    Ok(Outcome::Complete)
}
