//! Throughput of the fast tier on PTC articles, split by stage:
//! `cargo run --release -p echotrace-techniques --example bench_fast [ARTICLES_DIR] [MODEL] [PASSES]`.
//! Prints wall-clock and process CPU seconds (from /proc, when available) per stage.

use std::path::PathBuf;
use std::time::Instant;

use echotrace_analyze::Context;
use echotrace_model::Document;
use echotrace_techniques::corpus::read_articles;
use echotrace_techniques::Model;

/// User+system CPU seconds of this process, from /proc/self/stat (Linux); 0 elsewhere.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let dir =
        args.next().map_or_else(|| root.join("../../../shared/ptc/train/articles"), PathBuf::from);
    let model = match args.next() {
        Some(path) if path != "-" => std::sync::Arc::new(Model::load(std::path::Path::new(&path))?),
        _ => Model::embedded()?,
    };
    let passes: usize = args.next().map_or(Ok(3), |s| s.parse())?;
    let docs: Vec<Document> =
        read_articles(&dir)?.into_iter().map(|a| Document::new(a.id, a.text)).collect();
    let n = docs.len() * passes;

    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let mut tokens = 0usize;
    for _ in 0..passes {
        for doc in &docs {
            tokens += Context::new(doc).tokens.len();
        }
    }
    let text_layer = (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);

    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let mut spans = 0usize;
    for _ in 0..passes {
        for doc in &docs {
            let cx = Context::new(doc);
            spans += model.detect(&cx).len();
        }
    }
    let full = (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    println!("{n} articles, {tokens} tokens, {spans} spans");
    println!(
        "text layer only: {:.0} articles/s wall, {:.0} articles/s per CPU second",
        n as f64 / text_layer.0,
        n as f64 / text_layer.1.max(1e-9)
    );
    println!(
        "text layer + techniques: {:.0} articles/s wall, {:.0} articles/s per CPU second (1 thread)",
        n as f64 / full.0,
        n as f64 / full.1.max(1e-9)
    );
    Ok(())
}
