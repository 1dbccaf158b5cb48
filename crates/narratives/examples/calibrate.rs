//! Fits the coverage calibration of the narrative matcher on CheckThat! 2020 train:
//! `cargo run --release -p echotrace-narratives --example calibrate [SPLIT_DIR]`.

fn main() -> anyhow::Result<()> {
    let split = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/claims/checkthat2020/train").into()
    });
    let model = echotrace_narratives::checkthat::fit_coverage_calibration(split.as_ref())?;
    println!("slope {:.2} intercept {:.2}", model.slope, model.intercept);
    Ok(())
}
