//! Prints MAP@5 and MRR of the claim retrieval paths on a CheckThat! 2020 split:
//! `cargo run --release -p echotrace-narratives --example eval_claims [SPLIT_DIR]`.

use echotrace_narratives::{eval_claims, PathKind};

fn main() -> anyhow::Result<()> {
    let split = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/claims/checkthat2020/dev").into()
    });
    print!("{}", eval_claims(split.as_ref(), &PathKind::ALL)?);
    Ok(())
}
