use std::io::{BufWriter, Write};
use std::time::Instant;

use echotrace_model::Analysis;
use echotrace_narratives::{emerging_narratives, list_narratives, EmergingOptions};

use crate::args::NarrativesArgs;
use crate::documents::analyse_inputs;
use crate::exit::Outcome;
use crate::pipeline::pipeline_with;

/// Analyses the inputs and lists the catalog narratives they repeat; with `--emerging`, also
/// the recurring claims that no catalog narrative covers, as candidates for the catalog.
pub fn run(args: NarrativesArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let pipeline = pipeline_with(&args.pipeline.options())?;
    let mut records: Vec<Analysis> = Vec::new();
    let tally = analyse_inputs(&args.input, &pipeline, !args.quiet, |batch| {
        for mut record in batch {
            // Keep what the listings read: text, sentences and narrative matches.
            let layers = std::mem::take(&mut record.layers);
            record.layers.sentences = layers.sentences;
            record.layers.narratives = layers.narratives;
            records.push(record);
        }
        Ok(())
    })?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(out, "{:>5} {:>10}  {:<44} top outlets", "docs", "first seen", "narrative")?;
    for summary in list_narratives(&records) {
        let outlets: Vec<String> =
            summary.top_outlets.iter().take(3).map(|(o, n)| format!("{o} ({n})")).collect();
        let first = summary.first_seen.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "{:>5} {first:>10}  {:<44} {}",
            summary.documents,
            summary.id,
            outlets.join(", ")
        )?;
        let days: Vec<String> = summary.per_day.iter().map(|(d, n)| format!("{d}:{n}")).collect();
        if !days.is_empty() {
            writeln!(out, "{:>17}  per day: {}", "", days.join(" "))?;
        }
    }
    if args.emerging {
        writeln!(out, "\nemerging (recurring claims no catalog narrative covers):")?;
        for candidate in emerging_narratives(&records, EmergingOptions::default()) {
            let first = candidate.first_seen.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            let text: String = candidate.representative.text.chars().take(110).collect();
            writeln!(
                out,
                "{:>5} claims, {} sources, first {first}: {text}",
                candidate.claims.len(),
                candidate.sources.len()
            )?;
        }
    }
    out.flush()?;
    if !args.quiet || tally.skipped_total() > 0 {
        eprintln!("{}", tally.summary("analysed", started));
    }
    Ok(tally.outcome())
}
