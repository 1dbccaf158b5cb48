//! Measures the entity crate: CoNLL scores and tagging speed (what `echotrace eval conll`
//! prints), and the analyser's articles/s over a directory of `.txt` articles.
//!
//! `cargo run --release -p echotrace-entities --example eval_entities [CONLL] [ARTICLES_DIR]`

use std::path::PathBuf;
use std::time::Instant;

use echotrace_analyze::Pipeline;
use echotrace_entities::{evaluate_conll_file, EntityAnalyzer};
use echotrace_model::Document;
use rayon::prelude::*;

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let conll =
        args.next().map(PathBuf::from).unwrap_or(root.join("../../../shared/conll2003/dev.txt"));
    let articles =
        args.next().map(PathBuf::from).unwrap_or(root.join("../../../shared/ptc/train/articles"));

    println!("{}", evaluate_conll_file(&conll)?);

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
        let started = Instant::now();
        let records: Vec<_> = documents.iter().map(|d| p.run(d.clone())).collect();
        let one = started.elapsed().as_secs_f64();
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
    }
    Ok(())
}
