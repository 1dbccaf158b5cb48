use std::time::Instant;

use crate::args::AnalyzeArgs;
use crate::documents::{analyse_inputs, init_threads};
use crate::exit::Outcome;
use crate::output::RecordWriter;
use crate::pipeline::pipeline_with;

pub fn run(args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    init_threads(args.threads);
    let started = Instant::now();
    let pipeline = pipeline_with(&args.pipeline.options())?;
    let mut writer = RecordWriter::new(args.format, args.out.as_deref())?;
    let tally = analyse_inputs(&args.input, &pipeline, !args.quiet, |records| {
        for record in &records {
            writer.write(record)?;
        }
        Ok(())
    })?;
    writer.finish()?;
    if !args.quiet || tally.skipped_total() > 0 {
        eprintln!("{}", tally.summary("analysed", started));
    }
    Ok(tally.outcome())
}
