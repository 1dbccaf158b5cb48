use std::io::{BufWriter, Write};
use std::time::Instant;

use anyhow::Context;

use echotrace_model::Analysis;
use echotrace_narratives::{emerging_narratives, list_narratives, EmergingOptions};

use crate::args::NarrativesArgs;
use crate::documents::analyse_inputs;
use crate::exit::Outcome;
use crate::pipeline::pipeline_with;

/// Keeps what the listings read of a record: text, sentences and narrative matches.
fn slim(mut record: Analysis) -> Analysis {
    let layers = std::mem::take(&mut record.layers);
    record.layers.sentences = layers.sentences;
    record.layers.narratives = layers.narratives;
    record
}

/// Analyses the inputs (or reads a corpus) and lists the catalog narratives they repeat; with
/// `--emerging`, also the recurring claims that no catalog narrative covers, as candidates for
/// the catalog.
pub fn run(args: NarrativesArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut records: Vec<Analysis> = Vec::new();
    if let Some(dir) = &args.corpus {
        let corpus = echotrace_store::Corpus::open(dir, echotrace_store::OpenMode::ReadOnly)
            .with_context(|| format!("cannot open the corpus {}", dir.display()))?;
        corpus.for_each_record(|record| {
            records.push(slim(record));
            Ok(())
        })?;
        print_listing(&records, args.emerging)?;
        if !args.quiet {
            eprintln!("echotrace: {} documents read from {}", records.len(), dir.display());
        }
        return Ok(if records.is_empty() { Outcome::Nothing } else { Outcome::Complete });
    }
    let pipeline = pipeline_with(&args.pipeline.options())?;
    let tally = analyse_inputs(&args.input, &pipeline, !args.quiet, |batch| {
        records.extend(batch.into_iter().map(slim));
        Ok(())
    })?;
    print_listing(&records, args.emerging)?;
    if !args.quiet || tally.skipped_total() > 0 {
        eprintln!("{}", tally.summary("analysed", started));
    }
    Ok(tally.outcome())
}

/// The narratives table (with per-day counts) and, with `emerging`, the candidates.
fn print_listing(records: &[Analysis], emerging: bool) -> anyhow::Result<()> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(out, "{:>5} {:>10}  {:<44} top outlets", "docs", "first seen", "narrative")?;
    for summary in list_narratives(records) {
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
    if emerging {
        writeln!(out, "\nemerging (recurring claims no catalog narrative covers):")?;
        for candidate in emerging_narratives(records, EmergingOptions::default()) {
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
    Ok(())
}
