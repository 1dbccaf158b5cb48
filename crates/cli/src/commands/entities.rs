use std::io::{BufWriter, Write};
use std::time::Instant;

use echotrace_model::Analysis;

use crate::args::{EntitiesArgs, TableFormat};
use crate::documents::analyse_inputs;
use crate::exit::Outcome;
use crate::pipeline::attribution_pipeline;

/// Analyses the inputs, keeps only what the entity table needs, and prints it.
pub fn run(args: EntitiesArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let pipeline = attribution_pipeline(&args.pipeline.options())?;
    let mut kept: Vec<Analysis> = Vec::new();
    let tally = analyse_inputs(&args.input, &pipeline, !args.quiet, |records| {
        for mut record in records {
            // The table needs the mentions only: drop the heavy layers to bound memory.
            record.document.text = String::new();
            let entities = std::mem::take(&mut record.layers.entities);
            record.layers = Default::default();
            record.layers.entities = entities;
            kept.push(record);
        }
        Ok(())
    })?;
    let summaries = echotrace_entities::summarize_entities(&kept);
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        TableFormat::Table => echotrace_entities::write_entity_table(&summaries, &mut out)?,
        TableFormat::Jsonl => echotrace_entities::write_entity_jsonl(&summaries, &mut out)?,
    }
    out.flush()?;
    if !args.quiet || tally.skipped_total() > 0 {
        eprintln!("{}", tally.summary("analysed", started));
    }
    Ok(tally.outcome())
}
