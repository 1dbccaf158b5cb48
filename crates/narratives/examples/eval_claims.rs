//! Prints MAP@5 and MRR of the claim retrieval paths on a CheckThat! 2020 split:
//! `cargo run --release -p echotrace-narratives --example eval_claims [SPLIT_DIR]`.

use echotrace_narratives::checkthat::LoadedModels;
use echotrace_narratives::{eval_claims, PathKind};

fn main() -> anyhow::Result<()> {
    let split = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/claims/checkthat2020/dev").into()
    });
    let models = echotrace_embed::ModelDir::from_env();
    let loaded = if models.is_installed() { Some(LoadedModels::load(&models)?) } else { None };
    print!("{}", eval_claims(split.as_ref(), &PathKind::ALL, loaded.as_ref())?);
    Ok(())
}
