use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context as _};
use echotrace_model::Analysis;

use crate::args::{AttributionFormat, AttributionsArgs};
use crate::documents::analyse_inputs;
use crate::exit::Outcome;
use crate::pipeline::attribution_pipeline;

pub fn run(args: AttributionsArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    if args.format == AttributionFormat::Brat {
        let Some(dir) = &args.out else { bail!("--format brat writes files: give --out DIR") };
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let pipeline = attribution_pipeline(&args.pipeline.options())?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let tally = analyse_inputs(&args.input, &pipeline, !args.quiet, |records| {
        for record in &records {
            match (args.format, &args.out) {
                (AttributionFormat::Brat, Some(dir)) => write_brat(dir, record)?,
                (AttributionFormat::Jsonl, _) => {
                    let line = serde_json::json!({
                        "id": record.document.id,
                        "attributions": record.layers.attributions,
                        "predictions": record.layers.predictions,
                    });
                    serde_json::to_writer(&mut out, &line)?;
                    out.write_all(b"\n")?;
                }
                _ => write_chains(&mut out, record)?,
            }
        }
        Ok(())
    })?;
    out.flush()?;
    if !args.quiet || tally.skipped_total() > 0 {
        eprintln!("{}", tally.summary("analysed", started));
    }
    Ok(tally.outcome())
}

/// `<id>.txt` and `<id>.ann` side by side, as brat and INCEpTION expect. The id is made safe
/// for a file name: a document id never chooses where a file is written.
fn write_brat(dir: &Path, record: &Analysis) -> anyhow::Result<()> {
    let stem: String = record
        .document
        .id
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .collect();
    let stem = stem.trim_start_matches('.');
    let stem = if stem.is_empty() { "document" } else { stem };
    let txt = dir.join(format!("{stem}.txt"));
    let ann = dir.join(format!("{stem}.ann"));
    std::fs::write(&txt, &record.document.text)
        .with_context(|| format!("cannot write {}", txt.display()))?;
    std::fs::write(&ann, echotrace_attribution::brat::to_brat(record))
        .with_context(|| format!("cannot write {}", ann.display()))?;
    Ok(())
}

fn write_chains(out: &mut impl Write, record: &Analysis) -> std::io::Result<()> {
    let attributions = &record.layers.attributions;
    writeln!(out, "── {} ── {} attributions", record.document.id, attributions.len())?;
    for (i, a) in attributions.iter().enumerate() {
        let depth =
            std::iter::successors(a.parent, |&p| attributions.get(p).and_then(|x| x.parent))
                .count();
        let source = match &a.source {
            Some(s) if s.vague => format!("{} [vague]", s.text),
            Some(s) => s.text.clone(),
            None => "(no source)".to_owned(),
        };
        let content: String = a.content.text.chars().take(100).collect();
        writeln!(out, "{i:>3} {}{source} —{}→ {content}", "   ".repeat(depth), a.cue.text)?;
    }
    writeln!(out)
}
