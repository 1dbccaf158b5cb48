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
    let pipeline = default_pipeline()?;
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
        let cpu_started = process_cpu_seconds();
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
        // Articles per CPU-second does not depend on what else the machine is running.
        let per_cpu_second = match (cpu_started, process_cpu_seconds()) {
            (Some(a), Some(b)) if b > a => {
                format!("{:.0} articles/CPU-s", (documents.len() * repeat) as f64 / (b - a))
            }
            _ => "CPU time unknown".to_owned(),
        };
        writeln!(
            out,
            "{label:>11} ({} threads): {articles:>9.0} articles/s  {mb:>7.2} MB/s  {per_cpu_second}  ({} records, {:.1} MB of JSON)",
            if parallel { rayon::current_num_threads() } else { 1 },
            documents.len() * repeat,
            output_bytes as f64 / 1e6
        )?;
    }
    Ok(Outcome::Complete)
}

/// User plus system CPU time of this process so far, from `/proc/self/stat` (Linux; `None`
/// elsewhere). The kernel counts in clock ticks of 1/100 s on every common configuration.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
