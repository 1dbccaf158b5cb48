//! Regenerates the committed accurate-tier head (= `echotrace train techniques --tier accurate`):
//! `cargo run --release -p echotrace-techniques --example train_accurate [PTC_TRAIN_DIR] [OUT]`.
//! Needs MiniLM (`echotrace models install`); token states are cached in the models directory.

use std::path::PathBuf;

use echotrace_embed::ModelDir;
use echotrace_techniques::{train_accurate, AccurateOptions};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let train_dir =
        args.next().map_or_else(|| root.join("../../../shared/ptc/train"), PathBuf::from);
    let out =
        args.next().map_or_else(|| root.join("models/techniques-accurate.bin"), PathBuf::from);
    let started = std::time::Instant::now();
    let head =
        train_accurate(&train_dir, &ModelDir::from_env(), 5, &AccurateOptions::default(), |m| {
            eprintln!("[{:.0}s] {m}", started.elapsed().as_secs_f64())
        })?;
    head.save(&out)?;
    let bytes = std::fs::metadata(&out)?.len();
    eprintln!(
        "trained in {:.1}s, wrote {} ({bytes} bytes)",
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}
