//! Runs the reuse benchmark: `cargo run --release -p echotrace-link --example reuse_eval -- DIR [DERIVED]`.
//! `echotrace eval reuse` prints the same figures.

use echotrace_link::eval::{eval_reuse, EvalOptions};
use echotrace_link::reuse::ReuseOptions;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "../shared/ptc/train/articles".into());
    let derived = args.next().map(|d| d.parse()).transpose()?.unwrap_or(1000);
    let eval = eval_reuse(dir.as_ref(), &EvalOptions { derived, seed: 7 }, &ReuseOptions::default())?;
    println!("{eval:#?}");
    println!(
        "P {:.3} R {:.3} F1 {:.3} char-P {:.3} char-R {:.3} pairs/s {:.0} docs/s {:.0}",
        eval.precision(),
        eval.recall(),
        eval.f1(),
        eval.char_precision,
        eval.char_recall,
        eval.candidate_pairs_per_second(),
        eval.documents_per_second()
    );
    Ok(())
}
