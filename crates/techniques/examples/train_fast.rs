//! Regenerates the committed fast-tier model:
//! `cargo run --release -p echotrace-techniques --example train_fast [PTC_TRAIN_DIR] [OUT]`.

use std::path::PathBuf;

use echotrace_techniques::{train_techniques, DEFAULT_SEED};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let train_dir =
        args.next().map_or_else(|| root.join("../../../shared/ptc/train"), PathBuf::from);
    let out = args.next().map_or_else(|| root.join("models/techniques-fast.bin"), PathBuf::from);
    let started = std::time::Instant::now();
    let model = train_techniques(&train_dir, DEFAULT_SEED)?;
    model.save(&out)?;
    let bytes = std::fs::metadata(&out)?.len();
    eprintln!(
        "trained in {:.1}s, wrote {} ({bytes} bytes)",
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}
