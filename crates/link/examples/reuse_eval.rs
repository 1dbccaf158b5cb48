//! Runs the reuse benchmark without the CLI (faster to build while tuning):
//! `cargo run --release -p echotrace-link --example reuse_eval -- DIR [DERIVED | scale N]`.
//! `echotrace eval reuse DIR [--derived N | --scale N]` prints the same figures.

use echotrace_link::eval::{eval_reuse, eval_reuse_scale, EvalOptions};
use echotrace_link::reuse::ReuseOptions;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().cloned().unwrap_or_else(|| "../shared/ptc/train/articles".into());
    // Tuning knobs for experiments: ECHOTRACE_REUSE_MAX_DF, _SAMPLE, _MIN_SEEDS.
    let knob = |name: &str| {
        std::env::var(format!("ECHOTRACE_REUSE_{name}")).ok().and_then(|v| v.parse::<u64>().ok())
    };
    let mut reuse = ReuseOptions::default();
    if let Some(v) = knob("MAX_DF") {
        reuse.max_df = v as usize;
    }
    if let Some(v) = knob("SAMPLE") {
        reuse.sample = v;
    }
    if let Some(v) = knob("MIN_SEEDS") {
        reuse.min_seeds = v as usize;
    }
    match args.get(1).map(String::as_str) {
        Some("scale") => {
            let documents = args.get(2).map(|d| d.parse()).transpose()?.unwrap_or(10_000);
            println!("{}", eval_reuse_scale(dir.as_ref(), documents, 7, &reuse)?);
        }
        derived => {
            let derived = derived.map(str::parse).transpose()?.unwrap_or(1000);
            println!("{}", eval_reuse(dir.as_ref(), &EvalOptions { derived, seed: 7 }, &reuse)?);
        }
    }
    Ok(())
}
