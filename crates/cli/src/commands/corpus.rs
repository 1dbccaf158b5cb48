//! The corpus commands: ingest, search, export, stats.

use std::io::{BufWriter, IsTerminal, Write};
use std::time::Instant;

use anyhow::Context as _;
use echotrace_store::{Corpus, ExportFormat, IngestSummary, OpenMode, SearchFilters};

use crate::args::{CorpusArgs, ExportArgs, HitFormat, IngestArgs, SearchArgs};
use crate::documents::{analyse_inputs, init_threads};
use crate::exit::Outcome;
use crate::pipeline::pipeline_with;

pub(super) fn open(args: &CorpusArgs, mode: OpenMode) -> anyhow::Result<Corpus> {
    Corpus::open(&args.corpus, mode)
        .with_context(|| format!("cannot open the corpus {}", args.corpus.display()))
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<Outcome> {
    init_threads(args.threads);
    let started = Instant::now();
    let mut corpus = open(&args.corpus, OpenMode::ReadWrite)?;
    if !args.quiet {
        if let Some(note) = recovery_note(&corpus) {
            eprintln!("echotrace: {note}");
        }
    }
    let pipeline = pipeline_with(&args.pipeline.options())?;
    if args.reanalyze {
        let summary = corpus.reanalyze(|document| pipeline.run(document), args.batch)?;
        eprintln!(
            "echotrace: reanalysed {} documents, {} changed, in {:.2} s",
            summary.documents,
            summary.changed,
            summary.elapsed.as_secs_f64()
        );
        if !args.no_link {
            // Attributions may have changed: claim clusters are recomputed.
            let summary = corpus.link(&echotrace_store::LinkOptions::default())?;
            if !args.quiet {
                eprintln!("echotrace: {}", super::links::describe(&summary));
            }
        }
        return Ok(Outcome::Complete);
    }
    let mut total = IngestSummary::default();
    let tally = analyse_inputs(&args.input, &pipeline, !args.quiet, |records| {
        let summary = corpus.ingest(records, args.batch)?;
        total.read += summary.read;
        total.added += summary.added;
        total.duplicates += summary.duplicates;
        total.new_versions += summary.new_versions;
        total.unchanged += summary.unchanged;
        total.batches += summary.batches;
        Ok(())
    })?;
    if !args.no_link {
        let summary = corpus.link(&echotrace_store::LinkOptions::default())?;
        if !args.quiet {
            eprintln!("echotrace: {}", super::links::describe(&summary));
        }
    }
    if !args.quiet || tally.skipped_total() > 0 {
        eprintln!("{}", tally.summary("ingested", started));
        eprintln!(
            "echotrace: {} added ({} syndicated copies), {} new versions, {} unchanged, into {}",
            total.added,
            total.duplicates,
            total.new_versions,
            total.unchanged,
            args.corpus.corpus.display()
        );
    }
    Ok(tally.outcome())
}

fn recovery_note(corpus: &Corpus) -> Option<String> {
    match corpus.recovery() {
        echotrace_store::Recovery::None => None,
        other => Some(format!("the index was repaired on open: {other:?}")),
    }
}

pub fn search(args: SearchArgs) -> anyhow::Result<Outcome> {
    let corpus = open(&args.corpus, OpenMode::ReadOnly)?;
    let filters = SearchFilters {
        outlet: args.outlet,
        since: args.since,
        until: args.until,
        entity: args.entity,
        technique: args.technique,
        limit: args.limit,
    };
    let results = corpus.search(&args.query, &filters)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        HitFormat::Jsonl => {
            for hit in &results.hits {
                serde_json::to_writer(&mut out, hit)?;
                out.write_all(b"\n")?;
            }
        }
        HitFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(["id", "score", "published", "outlet", "title", "snippet"])?;
            for hit in &results.hits {
                writer.write_record([
                    hit.id.as_str(),
                    &format!("{:.3}", hit.score),
                    &hit.published.map(|d| d.to_string()).unwrap_or_default(),
                    hit.outlet.as_deref().unwrap_or(""),
                    hit.title.as_deref().unwrap_or(""),
                    &hit.snippet.text,
                ])?;
            }
            writer.flush()?;
        }
        HitFormat::Table => {
            let colour = std::io::stdout().is_terminal();
            writeln!(out, "{} of {} matches", results.hits.len(), results.total)?;
            for hit in &results.hits {
                let date = hit.published.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
                writeln!(
                    out,
                    "{:>7.3}  {date:>10}  {}  {}  {}",
                    hit.score,
                    hit.outlet.as_deref().unwrap_or("-"),
                    hit.id,
                    hit.title.as_deref().unwrap_or("")
                )?;
                writeln!(
                    out,
                    "         {}",
                    highlight(&hit.snippet.text, &hit.snippet.highlights, colour)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if results.hits.is_empty() { Outcome::Nothing } else { Outcome::Complete })
}

/// Marks the highlighted code point ranges: bold on a terminal, `[…]` in a pipe.
fn highlight(text: &str, ranges: &[[usize; 2]], colour: bool) -> String {
    let (open, close) = if colour { ("\x1b[1;33m", "\x1b[0m") } else { ("[", "]") };
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    for (i, c) in text.chars().enumerate() {
        if ranges.iter().any(|r| r[0] == i) {
            out.push_str(open);
        }
        out.push(if c == '\n' { ' ' } else { c });
        if ranges.iter().any(|r| r[1] == i + 1) {
            out.push_str(close);
        }
    }
    out
}

pub fn export(args: ExportArgs) -> anyhow::Result<Outcome> {
    let corpus = open(&args.corpus, OpenMode::ReadOnly)?;
    let format: ExportFormat = args.format.parse()?;
    let rows = match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            corpus.export(format, BufWriter::new(file))?
        }
        None => corpus.export(format, BufWriter::new(std::io::stdout()))?,
    };
    eprintln!("echotrace: exported {rows} documents");
    Ok(Outcome::Complete)
}

pub fn stats(args: CorpusArgs) -> anyhow::Result<Outcome> {
    let corpus = open(&args, OpenMode::ReadOnly)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", corpus.stats()?)?;
    Ok(Outcome::Complete)
}
