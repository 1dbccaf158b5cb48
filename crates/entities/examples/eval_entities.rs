//! Measures the entity crate: CoNLL scores and tagging speed (what `echotrace eval conll`
//! prints), and the analyser's articles/s over a directory of `.txt` articles.
//!
//! `cargo run --release -p echotrace-entities --example eval_entities [CONLL] [ARTICLES_DIR]`

use std::path::PathBuf;
use std::time::Instant;

use echotrace_analyze::Pipeline;
use echotrace_entities::{evaluate_conll_file, read_conll, EntityAnalyzer, NerModel};
use echotrace_model::Document;
use rayon::prelude::*;

/// CPU time of the calling thread in seconds (Linux `/proc/thread-self/schedstat`), so that
/// single-thread rates can be given apart from waiting on a busy machine; None elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

/// Runs `work` on this thread and returns (wall seconds, CPU seconds if known).
fn timed(work: impl FnOnce()) -> (f64, Option<f64>) {
    let cpu = thread_cpu_seconds();
    let started = Instant::now();
    work();
    let wall = started.elapsed().as_secs_f64();
    (wall, cpu.zip(thread_cpu_seconds()).map(|(a, b)| b - a))
}

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let conll =
        args.next().map(PathBuf::from).unwrap_or(root.join("../../../shared/conll2003/dev.txt"));
    let articles =
        args.next().map(PathBuf::from).unwrap_or(root.join("../../../shared/ptc/train/articles"));

    let report = evaluate_conll_file(&conll)?;
    println!("{report}");
    let documents = read_conll(&conll)?;
    let words: Vec<Vec<Vec<&str>>> = documents
        .iter()
        .map(|d| d.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect())
        .collect();
    let model = NerModel::embedded();
    let (wall, cpu) = timed(|| {
        for d in &words {
            std::hint::black_box(model.tag_document(d));
        }
    });
    if let Some(cpu) = cpu {
        println!(
            "tagger, 1 thread: {:.0} tokens/s of wall time, {:.0} tokens/s of CPU time",
            report.tokens as f64 / wall,
            report.tokens as f64 / cpu
        );
    }

    let mut documents = Vec::new();
    for entry in std::fs::read_dir(&articles)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = String::from_utf8_lossy(&std::fs::read(&path)?).into_owned();
            documents.push(Document::new(path.display().to_string(), text));
        }
    }
    let chars: usize = documents.iter().map(|d| d.text.len()).sum();
    let pipeline = Pipeline::standard().with(Box::new(EntityAnalyzer::new()));
    let base = Pipeline::standard();
    // Warm up: load the model and gazetteer once.
    let _ = pipeline.run(Document::new("warm", "Warm up in Idlib."));

    for (label, p) in [("standard pipeline alone", &base), ("standard + entities", &pipeline)] {
        let mut records = Vec::new();
        let (one, cpu) = timed(|| records = documents.iter().map(|d| p.run(d.clone())).collect());
        let started = Instant::now();
        let parallel: Vec<_> = documents.par_iter().map(|d| p.run(d.clone())).collect();
        let all = started.elapsed().as_secs_f64();
        let mentions: usize = records.iter().map(|r| r.layers.entities.len()).sum();
        assert_eq!(records.len(), parallel.len());
        println!(
            "{label}: {} articles ({} bytes, {mentions} entity mentions): {:.0} articles/s on 1 thread, {:.0} articles/s on {} threads",
            documents.len(),
            chars,
            documents.len() as f64 / one,
            documents.len() as f64 / all,
            rayon::current_num_threads()
        );
        if let Some(cpu) = cpu {
            println!(
                "{label}: {:.0} articles/s of CPU time on 1 thread",
                documents.len() as f64 / cpu
            );
        }
    }
    Ok(())
}
