//! The loop every document-processing command shares: read inputs, report skips, analyse in
//! parallel batches (bounded memory, input order kept), hand each batch on, and tally.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::Context as _;
use echotrace_analyze::Pipeline;
use echotrace_ingest::{read_inputs, Event, FieldMap, Format, Input, ReadOptions};
use echotrace_model::{Analysis, Document};
use rayon::prelude::*;

use crate::args::InputArgs;
use crate::exit::Outcome;
use crate::progress;

/// A batch is analysed once it holds this many documents or bytes of text.
const BATCH_DOCUMENTS: usize = 512;
const BATCH_BYTES: usize = 32 << 20;

/// Turns the input arguments into reader options.
pub fn read_options(args: &InputArgs) -> anyhow::Result<ReadOptions> {
    let fields = FieldMap::default().with_mappings(args.fields.iter().map(String::as_str))?;
    let types = if args.types.is_empty() {
        None
    } else {
        let formats = args
            .types
            .iter()
            .map(|t| {
                Format::from_name(t).with_context(|| {
                    format!("unknown type {t:?} (txt, jsonl, csv, tsv, html, feed, warc, parquet)")
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Some(formats)
    };
    Ok(ReadOptions { fields, max_document_bytes: args.max_bytes, types })
}

/// Sets the number of worker threads once for the process.
pub fn init_threads(threads: Option<usize>) {
    if let Some(n) = threads {
        // Fails only if the pool was already built, in which case it is already in use.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
}

/// Counts of what a run did, for the closing summary and the exit code.
#[derive(Debug, Default)]
pub struct Tally {
    pub analysed: usize,
    pub bytes: usize,
    pub skipped: BTreeMap<&'static str, usize>,
}

impl Tally {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    pub fn outcome(&self) -> Outcome {
        match (self.analysed, self.skipped_total()) {
            (0, _) => Outcome::Nothing,
            (_, 0) => Outcome::Complete,
            _ => Outcome::Partial,
        }
    }

    /// One line for stderr: what was analysed, how fast, what was skipped and why.
    pub fn summary(&self, verb: &str, started: Instant) -> String {
        let seconds = started.elapsed().as_secs_f64().max(1e-9);
        let mut line = format!(
            "echotrace: {verb} {} documents ({}) in {:.2} s, {:.0} articles/s",
            self.analysed,
            human_bytes(self.bytes),
            seconds,
            self.analysed as f64 / seconds
        );
        if !self.skipped.is_empty() {
            let reasons: Vec<String> =
                self.skipped.iter().map(|(reason, n)| format!("{reason} {n}")).collect();
            line.push_str(&format!("; skipped {} ({})", self.skipped_total(), reasons.join(", ")));
        }
        line
    }
}

/// `1234567` → `1.2 MB`, `2400` → `2.4 kB`.
pub fn human_bytes(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{b} B"),
    }
}

/// Reads `inputs`, analyses every document with `pipeline` and passes the records, in input
/// order and in batches, to `sink`. Diagnostics go to stderr as they happen.
pub fn analyse_inputs(
    inputs: &InputArgs,
    pipeline: &Pipeline,
    show_progress: bool,
    mut sink: impl FnMut(Vec<Analysis>) -> anyhow::Result<()>,
) -> anyhow::Result<Tally> {
    let options = read_options(inputs)?;
    let paths: Vec<Input> = inputs.paths.iter().map(|p| Input::from_arg(p)).collect();
    let bar = progress::articles(show_progress);
    let mut tally = Tally::default();
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH_DOCUMENTS);
    let mut batch_bytes = 0usize;
    let mut flush = |batch: &mut Vec<Document>, tally: &mut Tally| -> anyhow::Result<()> {
        let docs = std::mem::take(batch);
        let records: Vec<Analysis> = docs.into_par_iter().map(|d| pipeline.run(d)).collect();
        tally.analysed += records.len();
        bar.inc(records.len() as u64);
        sink(records)
    };
    for event in read_inputs(paths, options) {
        match event {
            Event::Document(document) => {
                batch_bytes += document.text.len();
                tally.bytes += document.text.len();
                batch.push(*document);
                if batch.len() >= BATCH_DOCUMENTS || batch_bytes >= BATCH_BYTES {
                    flush(&mut batch, &mut tally)?;
                    batch_bytes = 0;
                }
            }
            Event::Warning(warning) => bar.suspend(|| eprintln!("echotrace: {warning}")),
            Event::Skipped(skip) => {
                *tally.skipped.entry(skip.reason.key()).or_default() += 1;
                bar.suspend(|| eprintln!("echotrace: {skip}"));
            }
        }
    }
    if !batch.is_empty() {
        flush(&mut batch, &mut tally)?;
    }
    bar.finish_and_clear();
    Ok(tally)
}
