//! Scores the embedded model on a PolNeAR split: `cargo run --release -p echotrace-attribution
//! --example eval_polnear [DIR] [CUE_BIAS] [MODEL_DIR]` (default DIR: `../shared/polnear/dev`;
//! MODEL_DIR: a directory written by `Model::save`, instead of the embedded model).

use std::path::PathBuf;
use std::sync::Arc;

use echotrace_analyze::Pipeline;
use echotrace_attribution::{eval_polnear, AttributionAnalyzer, Model};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let dir = args.next().map(PathBuf::from).unwrap_or(root.join("../../../shared/polnear/dev"));
    let bias = args.next();
    let mut model = match args.next() {
        Some(model_dir) => Model::load(&PathBuf::from(model_dir))?,
        None => (*Model::embedded()).clone(),
    };
    if let Some(bias) = bias {
        model = model.with_cue_bias(bias.parse()?);
    }
    let pipeline =
        Pipeline::standard().with(Box::new(AttributionAnalyzer::with_model(Arc::new(model))));
    println!("{}", eval_polnear(&dir, &pipeline)?);
    Ok(())
}
