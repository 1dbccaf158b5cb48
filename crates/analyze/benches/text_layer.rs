//! Throughput of the text layer (tokens, sentences, metadata) on realistic news text. Uses the
//! PTC articles in `../shared` when present, else the project's own sample corpus.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use echotrace_analyze::{sentences, tokens, Pipeline};
use echotrace_model::Document;

fn load_texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dirs = [root.join("../shared/ptc/train/articles"), root.join("examples/corpus")];
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut texts: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .take(100)
            .collect();
        texts.sort();
        if !texts.is_empty() {
            return texts;
        }
    }
    vec!["No corpus found. This sentence stands in. It has three sentences.".to_owned()]
}

fn bench_text_layer(c: &mut Criterion) {
    let texts = load_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("text_layer");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("tokenize+split", |b| {
        b.iter(|| {
            texts.iter().map(|t| sentences::split(t, &tokens::tokenize(t)).len()).sum::<usize>()
        })
    });
    let pipeline = Pipeline::standard();
    group.bench_function("standard_pipeline", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| pipeline.run(Document::new("bench", t.clone())).layers.sentences.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_text_layer);
criterion_main!(benches);
