//! Articles per second of the standard pipeline with and without the attribution analyser:
//! `cargo run --release -p echotrace-attribution --example throughput [DIR]` (default:
//! `../shared/ptc/train/articles`). Each pipeline runs three times over all articles; the best
//! run counts, so that other work on the machine disturbs the figure less.

use std::path::PathBuf;
use std::time::Instant;

use echotrace_analyze::Pipeline;
use echotrace_attribution::AttributionAnalyzer;
use echotrace_model::Document;

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or(root.join("../../../shared/ptc/train/articles"));
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "txt") {
            texts.push(String::from_utf8_lossy(&std::fs::read(&path)?).into_owned());
        }
    }
    let pipelines = [
        ("analyze (standard)", Pipeline::standard()),
        ("analyze + attribution", Pipeline::standard().with(Box::new(AttributionAnalyzer::new()))),
    ];
    let mut best = [f64::MAX; 2];
    for _round in 0..3 {
        for (k, (_, pipeline)) in pipelines.iter().enumerate() {
            let started = Instant::now();
            let mut attributions = 0usize;
            for (i, text) in texts.iter().enumerate() {
                let record = pipeline.run(Document::new(i.to_string(), text.clone()));
                attributions += record.layers.attributions.len();
            }
            std::hint::black_box(attributions);
            best[k] = best[k].min(started.elapsed().as_secs_f64());
        }
    }
    for (k, (name, _)) in pipelines.iter().enumerate() {
        println!(
            "{name}: {} articles in {:.3} s = {:.0} articles/s",
            texts.len(),
            best[k],
            texts.len() as f64 / best[k]
        );
    }
    println!("attribution adds {:.0}% to the time per article", (best[1] / best[0] - 1.0) * 100.0);
    Ok(())
}
