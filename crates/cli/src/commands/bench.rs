use std::io::{self, Write};
use std::time::Instant;

use anyhow::bail;
use echotrace_ingest::{read_inputs, Event, Input, ReadOptions};
use echotrace_model::Document;
use rayon::prelude::*;

use crate::args::BenchArgs;
use crate::documents::init_threads;
use crate::exit::Outcome;
use crate::pipeline::default_pipeline;

/// Analyses the same documents `repeat` times, serialising every record to JSON as `analyze`
/// does, and prints articles/s and MB/s: once on one thread, once on all worker threads.
pub fn run(args: BenchArgs) -> anyhow::Result<Outcome> {
    init_threads(args.threads);
    let inputs = args.paths.iter().map(|p| Input::from_arg(p)).collect();
    let read_started = Instant::now();
    let documents: Vec<Document> = read_inputs(inputs, ReadOptions::default())
        .filter_map(|event| match event {
            Event::Document(d) => Some(*d),
            _ => None,
        })
        .collect();
    if documents.is_empty() {
        bail!("no documents found in {}", args.paths.join(" "));
    }
    let read_seconds = read_started.elapsed().as_secs_f64();
    let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    let pipeline = default_pipeline();
    let analyse = |doc: &Document| -> usize {
        let record = pipeline.run(doc.clone());
        serde_json::to_vec(&record).map(|v| v.len()).unwrap_or(0)
    };
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "corpus: {} documents, {:.2} MB, read in {:.3} s; analysers: {}",
        documents.len(),
        bytes as f64 / 1e6,
        read_seconds,
        pipeline.names().join(", ")
    )?;
    // Warm-up pass: lazily built lexicons and models are not part of the steady state.
    let _: usize = documents.par_iter().map(analyse).sum();
    let repeat = args.repeat.max(1);
    for (label, parallel) in [("1 thread", false), ("all threads", true)] {
        let started = Instant::now();
        let mut output_bytes = 0usize;
        for _ in 0..repeat {
            output_bytes += if parallel {
                documents.par_iter().map(analyse).sum::<usize>()
            } else {
                documents.iter().map(analyse).sum::<usize>()
            };
        }
        let seconds = started.elapsed().as_secs_f64();
        let articles = (documents.len() * repeat) as f64 / seconds;
        let mb = (bytes * repeat) as f64 / 1e6 / seconds;
        writeln!(
            out,
            "{label:>11} ({} threads): {articles:>9.0} articles/s  {mb:>7.2} MB/s  ({} records, {:.1} MB of JSON)",
            if parallel { rayon::current_num_threads() } else { 1 },
            documents.len() * repeat,
            output_bytes as f64 / 1e6
        )?;
    }
    Ok(Outcome::Complete)
}
