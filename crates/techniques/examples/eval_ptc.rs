//! What `echotrace eval ptc --folds K` prints, for one or both tiers:
//! `cargo run --release -p echotrace-techniques --example eval_ptc [PTC_DIR] [FOLDS] [TIER...]`.

use std::path::PathBuf;

use echotrace_techniques::{eval_ptc, Tier};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(|| root.join("../../../shared/ptc"), PathBuf::from);
    let folds: usize = args.next().map_or(Ok(5), |s| s.parse())?;
    let mut tiers: Vec<Tier> = args.map(|s| s.parse()).collect::<Result<_, _>>()?;
    if tiers.is_empty() {
        tiers = vec![Tier::Fast, Tier::Accurate];
    }
    for tier in tiers {
        match eval_ptc(&dir, folds, tier) {
            Ok(report) => print!("{report}"),
            Err(err) => println!("tier {tier}: {err}"),
        }
    }
    Ok(())
}
