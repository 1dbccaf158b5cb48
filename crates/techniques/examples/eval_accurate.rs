//! Cross-validation sweep of the accurate tier's heads: the token states and stacked fast
//! features are prepared once, then each configuration is cross-validated, SI scored at
//! several span biases.
//! `cargo run --release -p echotrace-techniques --example eval_accurate -- [PTC_DIR] [FOLDS] [SI_HIDDEN:SI_EPOCHS:TC_HIDDEN:TC_EPOCHS ...]`

use std::path::PathBuf;
use std::time::Instant;

use echotrace_embed::ModelDir;
use echotrace_techniques::corpus::load_split;
use echotrace_techniques::eval::resolve_split;
use echotrace_techniques::{AccurateOptions, StackedData};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(|| root.join("../../../shared/ptc"), PathBuf::from);
    let folds: usize = args.next().map_or(Ok(5), |s| s.parse())?;
    let mut configs: Vec<String> = args.collect();
    if configs.is_empty() {
        configs.push("default".into());
    }
    let articles = load_split(&resolve_split(&dir))?;
    let started = Instant::now();
    let defaults = AccurateOptions::default();
    let data =
        StackedData::prepare(&articles, folds, &ModelDir::from_env(), defaults.fast_seed, |m| {
            eprintln!("[{:.0}s] {m}", started.elapsed().as_secs_f64())
        })?;
    let biases = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0];
    for config in configs {
        let mut options = defaults.clone();
        if config != "default" {
            let parts: Vec<usize> =
                config.split(':').map(|p| p.parse()).collect::<Result<_, _>>()?;
            anyhow::ensure!(parts.len() == 4, "config is SI_HIDDEN:SI_EPOCHS:TC_HIDDEN:TC_EPOCHS");
            options.si.hidden = parts[0];
            options.si.epochs = parts[1];
            options.tc.hidden = parts[2];
            options.tc.epochs = parts[3];
        }
        let t = Instant::now();
        let scores = data.cross_validate(&options, &biases);
        let (si, tc, sweep) = (scores.si, scores.tc, scores.si_by_bias);
        println!(
            "{config}: SI P {:.4} R {:.4} F1 {:.4} (bias {}) | TC micro-F1 {:.4} | {:.0}s",
            si.precision(),
            si.recall(),
            si.f1(),
            options.span_bias,
            tc.micro_f1(),
            t.elapsed().as_secs_f64()
        );
        for (bias, counts) in sweep {
            println!(
                "    bias {bias:.1}: SI P {:.4} R {:.4} F1 {:.4}",
                counts.precision(),
                counts.recall(),
                counts.f1()
            );
        }
    }
    Ok(())
}
