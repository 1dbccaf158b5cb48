//! Trains with given options and scores on dev without writing a model, to compare settings:
//! `cargo run --release -p echotrace-entities --example tune_ner -- EPOCHS PRUNE_BELOW [SEED]`.
//! (The defaults of `TrainOptions` were chosen with it.)

use std::path::PathBuf;

use echotrace_entities::{evaluate_conll, read_conll, train_ner, TrainOptions};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../../../shared/conll2003");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let defaults = TrainOptions::default();
    let options = TrainOptions {
        epochs: args.first().map(|a| a.parse()).transpose()?.unwrap_or(defaults.epochs),
        prune_below: args.get(1).map(|a| a.parse()).transpose()?.unwrap_or(defaults.prune_below),
        seed: args.get(2).map(|a| a.parse()).transpose()?.unwrap_or(defaults.seed),
    };
    let documents = read_conll(&shared.join("train.txt"))?;
    let model = train_ner(&documents, &options, |_, _| {});
    let dev = std::fs::read_to_string(shared.join("dev.txt"))?;
    let report = evaluate_conll(&model, &dev, "dev.txt")?;
    let size = model.to_bytes()?.len();
    println!(
        "{options:?}: F1 {:.4} (P {:.4} R {:.4}), {} features, {size} bytes, {:.0} tokens/s",
        report.overall.f1(),
        report.overall.precision(),
        report.overall.recall(),
        model.feature_count(),
        report.tokens_per_second_one_thread
    );
    Ok(())
}
