use std::io::Write;

use crate::args::EvalTarget;
use crate::exit::Outcome;

pub fn run(target: EvalTarget) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    match target {
        EvalTarget::Ptc { data, folds } => {
            let report =
                echotrace_techniques::eval_ptc(&data, folds, echotrace_techniques::Tier::Fast)?;
            writeln!(out, "{report}")?;
        }
    }
    Ok(Outcome::Complete)
}
