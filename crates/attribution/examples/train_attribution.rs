//! Regenerates the embedded model: `cargo run --release -p echotrace-attribution --example
//! train_attribution [TRAIN_DIR] [OUT_DIR]` (defaults: `../shared/polnear/train` and this crate's
//! `models/`), then prints the dev scores of the new model when `../shared/polnear/dev` exists.

use std::path::PathBuf;
use std::sync::Arc;

use echotrace_analyze::Pipeline;
use echotrace_attribution::{eval_polnear, train_attribution, AttributionAnalyzer};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let train_dir =
        args.next().map(PathBuf::from).unwrap_or(root.join("../../../shared/polnear/train"));
    let out_dir = args.next().map(PathBuf::from).unwrap_or(root.join("models"));
    let started = std::time::Instant::now();
    let model = train_attribution(&train_dir)?;
    eprintln!("trained in {:.1} s", started.elapsed().as_secs_f64());
    model.save(&out_dir)?;
    eprintln!("saved to {}", out_dir.display());
    let dev = root.join("../../../shared/polnear/dev");
    if dev.exists() {
        let pipeline =
            Pipeline::standard().with(Box::new(AttributionAnalyzer::with_model(Arc::new(model))));
        println!("{}", eval_polnear(&dev, &pipeline)?);
    }
    Ok(())
}
