//! Documents/s of the standard pipeline with and without the narratives stage, over a folder
//! (default: PTC train articles):
//! `cargo run --release -p echotrace-narratives --example throughput [DIR]`.

use std::time::Instant;

use echotrace_analyze::Pipeline;
use echotrace_ingest::{read_inputs, Event, Input, ReadOptions};
use echotrace_narratives::NarrativeAnalyzer;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ptc/train/articles").into()
    });
    let documents: Vec<_> = read_inputs(vec![Input::Path(dir.into())], ReadOptions::default())
        .filter_map(|e| match e {
            Event::Document(d) => Some(*d),
            _ => None,
        })
        .collect();
    let analyzer = NarrativeAnalyzer::starter();
    for (label, pipeline) in [
        ("standard", Pipeline::standard()),
        ("standard + narratives", Pipeline::standard().with(Box::new(analyzer))),
    ] {
        let started = Instant::now();
        let records: Vec<_> = documents.iter().map(|d| pipeline.run(d.clone())).collect();
        let matched: usize = records.iter().map(|r| r.layers.narratives.len()).sum();
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{label}: {} documents in {seconds:.2}s, {:.0} documents/s, {matched} narrative matches",
            documents.len(),
            documents.len() as f64 / seconds
        );
        for summary in echotrace_narratives::list_narratives(&records) {
            println!("  {:>4} documents  {}", summary.documents, summary.id);
        }
    }
}
