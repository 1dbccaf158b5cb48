use crate::args::TrainTarget;
use crate::exit::Outcome;

pub fn run(target: TrainTarget) -> anyhow::Result<Outcome> {
    match target {
        TrainTarget::Techniques { data, out, seed } => {
            let model = echotrace_techniques::train_techniques(&data, seed)?;
            model.save(&out)?;
            eprintln!("echotrace: wrote {} (rebuild to embed it)", out.display());
        }
    }
    Ok(Outcome::Complete)
}
