use std::io::{BufWriter, Write};

use echotrace_techniques::Model;

use crate::args::PtcTask;
use crate::exit::Outcome;

pub fn run(task: PtcTask) -> anyhow::Result<Outcome> {
    let model = Model::embedded()?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match task {
        PtcTask::Si { articles } => echotrace_techniques::write_si(&model, &articles, &mut out)?,
        PtcTask::Tc { articles, spans } => {
            echotrace_techniques::write_tc(&model, &articles, &spans, &mut out)?
        }
    }
    out.flush()?;
    Ok(Outcome::Complete)
}
