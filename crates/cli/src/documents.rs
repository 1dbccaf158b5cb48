//! The loop every document-processing command shares: read inputs, report skips, analyse in
//! parallel batches (bounded memory, input order kept), hand each batch on, and tally.

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, SyncSender};
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
///
/// Three stages overlap: a reader thread fills the next batch while the pool analyses this one,
/// and the calling thread hands the previous batch's records to `sink` (which therefore need
/// not be `Send`: a locked stdout is fine). Each hand-over is a rendezvous, so at most one batch
/// waits between two stages and memory stays bounded by a few batches whatever the input's
/// length. The first batches are small ([`FIRST_BATCH_DOCUMENTS`], doubling), so analysis
/// starts while the rest is still read.
pub fn analyse_inputs(
    inputs: &InputArgs,
    pipeline: &Pipeline,
    show_progress: bool,
    mut sink: impl FnMut(Vec<Analysis>) -> anyhow::Result<()>,
) -> anyhow::Result<Tally> {
    let options = read_options(inputs)?;
    let paths: Vec<Input> = inputs.paths.iter().map(|p| Input::from_arg(p)).collect();
    let bar = progress::articles(show_progress);
    let (documents, to_analyse) = sync_channel::<Vec<Document>>(0);
    let (records, to_write) = sync_channel::<Vec<Analysis>>(0);
    let (tally, written) = std::thread::scope(|scope| {
        let reader = scope.spawn(|| read_batches(paths, options, &bar, documents));
        let shared_bar = &bar;
        // `move`: the analyser owns `records`, so the loop below ends when it does.
        let analyser = scope.spawn(move || {
            for docs in to_analyse {
                let batch: Vec<Analysis> = docs.into_par_iter().map(|d| pipeline.run(d)).collect();
                shared_bar.inc(batch.len() as u64);
                if records.send(batch).is_err() {
                    // The sink failed. Leaving the loop drops the receiver, which stops the
                    // reader.
                    break;
                }
            }
        });
        let mut analysed = 0;
        let mut written = Ok(());
        for batch in to_write {
            analysed += batch.len();
            if let Err(e) = sink(batch) {
                written = Err(e);
                // Dropping the receiver stops the analyser, and through it the reader.
                break;
            }
        }
        joined(analyser.join());
        let mut tally = joined(reader.join());
        tally.analysed = analysed;
        (tally, written)
    });
    written?;
    bar.finish_and_clear();
    Ok(tally)
}

/// A scoped thread's result, its panic carried on into the caller.
fn joined<T>(result: std::thread::Result<T>) -> T {
    result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The first batch holds this many documents; each next one twice as many, up to
/// [`BATCH_DOCUMENTS`].
const FIRST_BATCH_DOCUMENTS: usize = 32;

/// The reader stage of [`analyse_inputs`]: batches of documents sent to `out` in input order,
/// warnings and skips reported and tallied. Stops early when `out`'s receiver is gone.
fn read_batches(
    paths: Vec<Input>,
    options: ReadOptions,
    bar: &indicatif::ProgressBar,
    out: SyncSender<Vec<Document>>,
) -> Tally {
    let mut tally = Tally::default();
    let mut limit = FIRST_BATCH_DOCUMENTS;
    let mut batch: Vec<Document> = Vec::with_capacity(limit);
    let mut batch_bytes = 0usize;
    for event in read_inputs(paths, options) {
        match event {
            Event::Document(document) => {
                batch_bytes += document.text.len();
                tally.bytes += document.text.len();
                batch.push(*document);
                if batch.len() >= limit || batch_bytes >= BATCH_BYTES {
                    limit = (limit * 2).min(BATCH_DOCUMENTS);
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(limit));
                    batch_bytes = 0;
                    if out.send(full).is_err() {
                        return tally;
                    }
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
        // A send error means the sink failed, which analyse_inputs reports.
        let _ = out.send(batch);
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON Lines input of `n` documents with ids `d0`, `d1`, …
    fn input(n: usize) -> (tempfile::TempDir, InputArgs) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("docs.jsonl");
        let lines: String = (0..n)
            .map(|i| {
                format!("{{\"id\": \"d{i}\", \"text\": \"Document number {i} says little.\"}}\n")
            })
            .collect();
        std::fs::write(&path, lines).expect("written");
        let args = InputArgs {
            paths: vec![path.display().to_string()],
            fields: Vec::new(),
            types: Vec::new(),
            max_bytes: 1 << 20,
        };
        (dir, args)
    }

    #[test]
    fn records_reach_the_sink_in_input_order_across_growing_batches() {
        let (_dir, args) = input(1_000);
        let mut ids = Vec::new();
        let mut sizes = Vec::new();
        let tally = analyse_inputs(&args, &Pipeline::new(Vec::new()), false, |batch| {
            sizes.push(batch.len());
            ids.extend(batch.into_iter().map(|a| a.document.id));
            Ok(())
        })
        .expect("runs");
        assert_eq!(tally.analysed, 1_000);
        assert_eq!(ids, (0..1_000).map(|i| format!("d{i}")).collect::<Vec<_>>());
        // 32, 64, 128, 256, then full batches and the rest.
        assert_eq!(sizes, [32, 64, 128, 256, 512, 8]);
    }

    #[test]
    fn a_failing_sink_stops_the_reader_and_its_error_is_returned() {
        let (_dir, args) = input(5_000);
        let mut calls = 0;
        let error = analyse_inputs(&args, &Pipeline::new(Vec::new()), false, |_| {
            calls += 1;
            anyhow::bail!("disk full")
        })
        .expect_err("the sink's error");
        assert_eq!(error.to_string(), "disk full");
        assert_eq!(calls, 1, "no batch is handed on after the failure");
    }
}
