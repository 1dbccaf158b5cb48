//! Trains the NER model on CoNLL-2003 and writes `models/ner-conll2003.bin.gz` (what
//! `echotrace train ner` does): `cargo run --release -p echotrace-entities --example train_ner
//! [TRAIN] [OUT]`.

use std::path::PathBuf;

use echotrace_entities::{train_ner_file, TrainOptions};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let train =
        args.next().map(PathBuf::from).unwrap_or(root.join("../../../shared/conll2003/train.txt"));
    let out = args.next().map(PathBuf::from).unwrap_or(root.join("models/ner-conll2003.bin.gz"));
    let options = TrainOptions::default();
    eprintln!("training on {} with {options:?}", train.display());
    let started = std::time::Instant::now();
    let (model, size) = train_ner_file(&train, &out, &options, |epoch, error_rate| {
        eprintln!("epoch {epoch}: {error_rate:.4} token error rate, {:.0?}", started.elapsed());
    })?;
    eprintln!("{} features, {size} bytes -> {}", model.feature_count(), out.display());
    Ok(())
}
