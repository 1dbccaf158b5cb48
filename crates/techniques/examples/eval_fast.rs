//! Cross-validates the fast tier and sweeps the span bias:
//! `cargo run --release -p echotrace-techniques --example eval_fast [PTC_TRAIN_DIR] [FOLDS] [BIAS:GAP...]`.

use std::path::PathBuf;

use echotrace_techniques::corpus::load_split;
use echotrace_techniques::eval::cross_validate_fast;
use echotrace_techniques::TrainOptions;

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let train_dir =
        args.next().map_or_else(|| root.join("../../../shared/ptc/train"), PathBuf::from);
    let folds: usize = args.next().map_or(Ok(5), |s| s.parse())?;
    let mut biases: Vec<(f32, usize)> = Vec::new();
    for arg in args {
        let (bias, gap) = arg.split_once(':').unwrap_or((&arg, "0"));
        biases.push((bias.parse()?, gap.parse()?));
    }
    let articles = load_split(&train_dir)?;
    // Options can be overridden for experiments: SI_BUCKETS, TC_BUCKETS, SI_EPOCHS, TC_EPOCHS, RATE.
    let env = |name: &str| std::env::var(name).ok();
    let mut options = TrainOptions::default();
    if let Some(v) = env("SI_BUCKETS") {
        options.si_buckets = v.parse()?;
    }
    if let Some(v) = env("TC_BUCKETS") {
        options.tc_buckets = v.parse()?;
    }
    if let Some(v) = env("SI_EPOCHS") {
        options.si_epochs = v.parse()?;
    }
    if let Some(v) = env("TC_EPOCHS") {
        options.tc_epochs = v.parse()?;
    }
    if let Some(v) = env("TC_ENSEMBLE") {
        options.tc_ensemble = v.parse()?;
    }
    if let Some(v) = env("RATE") {
        options.learning_rate = v.parse()?;
    }
    eprintln!("{options:?}");
    let sweep = cross_validate_fast(&articles, folds, &options, &biases)?;
    println!(
        "default bias/gap {:?}: SI P {:.4} R {:.4} F1 {:.4}; TC micro-F1 {:.4}; {:.0} articles/s (1 thread)",
        (options.span_bias, options.merge_gap),
        sweep.si.precision(),
        sweep.si.recall(),
        sweep.si.f1(),
        sweep.tc.micro_f1(),
        articles.len() as f64 / sweep.analysis_seconds
    );
    for (bias, si) in &sweep.si_by_bias {
        println!(
            "bias/gap {bias:?}: SI P {:.4} R {:.4} F1 {:.4} ({} spans)",
            si.precision(),
            si.recall(),
            si.f1(),
            si.predicted
        );
    }
    Ok(())
}
