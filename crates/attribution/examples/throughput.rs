//! Articles per second of the standard pipeline with and without the attribution analyser:
//! `cargo run --release -p echotrace-attribution --example throughput [DIR] [ROUNDS]` (defaults:
//! `../shared/ptc/train/articles`, 3). Each pipeline runs ROUNDS times over all articles; the
//! best run counts, so that other work on the machine disturbs the figure less. Besides wall
//! time it prints CPU time of this thread (Linux `/proc/thread-self/schedstat`), which other
//! processes on a shared machine disturb much less. Each pipeline first analyses one article
//! untimed, so that lazily compiled regexes are not counted. For instruction counts, which other
//! processes do not disturb at all, run it with ROUNDS = 1 under
//! `valgrind --tool=callgrind --toggle-collect='throughput::run_round*'` and compare the
//! inclusive cost of `AttributionAnalyzer::analyze` with the rest of `Pipeline::run`.

use std::path::PathBuf;
use std::time::Instant;

use echotrace_analyze::Pipeline;
use echotrace_attribution::AttributionAnalyzer;
use echotrace_model::Document;

/// CPU time of the calling thread in seconds, when the kernel tells.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// One timed pass of `pipeline` over `texts`; returns the number of attributions found.
#[inline(never)]
fn run_round(pipeline: &Pipeline, texts: &[String]) -> usize {
    let mut attributions = 0usize;
    for (i, text) in texts.iter().enumerate() {
        let record = pipeline.run(Document::new(i.to_string(), text.clone()));
        attributions += record.layers.attributions.len();
    }
    attributions
}

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let dir =
        args.next().map(PathBuf::from).unwrap_or(root.join("../../../shared/ptc/train/articles"));
    let rounds: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(3);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut texts = Vec::new();
    for path in paths {
        texts.push(String::from_utf8_lossy(&std::fs::read(&path)?).into_owned());
    }
    let pipelines = [
        ("analyze (standard)", Pipeline::standard()),
        ("analyze + attribution", Pipeline::standard().with(Box::new(AttributionAnalyzer::new()))),
    ];
    for (_, pipeline) in &pipelines {
        if let Some(text) = texts.first() {
            std::hint::black_box(pipeline.run(Document::new("warm-up", text.clone())));
        }
    }
    let mut best = [f64::MAX; 2];
    let mut best_cpu = [f64::MAX; 2];
    for _round in 0..rounds.max(1) {
        for (k, (_, pipeline)) in pipelines.iter().enumerate() {
            let started = Instant::now();
            let cpu_started = thread_cpu_seconds();
            std::hint::black_box(run_round(pipeline, &texts));
            best[k] = best[k].min(started.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (cpu_started, thread_cpu_seconds()) {
                best_cpu[k] = best_cpu[k].min(b - a);
            }
        }
    }
    for (k, (name, _)) in pipelines.iter().enumerate() {
        println!(
            "{name}: {} articles in {:.3} s = {:.0} articles/s; {:.3} CPU-s = {:.0} articles per CPU-second",
            texts.len(),
            best[k],
            texts.len() as f64 / best[k],
            best_cpu[k],
            texts.len() as f64 / best_cpu[k],
        );
    }
    println!(
        "attribution adds {:.0}% to the time per article ({:.0}% of CPU time)",
        (best[1] / best[0] - 1.0) * 100.0,
        (best_cpu[1] / best_cpu[0] - 1.0) * 100.0
    );
    Ok(())
}
