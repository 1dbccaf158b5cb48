use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context as _;

use crate::args::EvalTarget;
use crate::exit::Outcome;
use crate::pipeline::{attribution_pipeline, PipelineOptions};

pub fn run(target: EvalTarget) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    match target {
        EvalTarget::Conll { file } => {
            writeln!(out, "{}", echotrace_entities::evaluate_conll_file(&file)?)?;
        }
        EvalTarget::Polnear { dir } => {
            let pipeline = attribution_pipeline(&PipelineOptions::default())?;
            writeln!(out, "{}", echotrace_attribution::eval_polnear(&dir, &pipeline)?)?;
        }
        EvalTarget::Html { dir } => writeln!(out, "{}", echotrace_web::eval_html(&dir)?)?,
        EvalTarget::Dates { dir } => writeln!(out, "{}", echotrace_web::eval_dates(&dir)?)?,
        EvalTarget::Reuse { dir, derived, seed, scale, write } => {
            use echotrace_link::eval::{eval_reuse, eval_reuse_scale, write_derived, EvalOptions};
            let reuse = echotrace_link::reuse::ReuseOptions::default();
            match scale {
                Some(documents) => {
                    writeln!(out, "{}", eval_reuse_scale(&dir, documents, seed, &reuse)?)?;
                }
                None => {
                    let options = EvalOptions { derived, seed };
                    writeln!(out, "{}", eval_reuse(&dir, &options, &reuse)?)?;
                    if let Some(path) = write {
                        let written = write_derived(&dir, &options, &reuse, &path)?;
                        eprintln!(
                            "echotrace: wrote {written} derived articles to {}",
                            path.display()
                        );
                    }
                }
            }
        }
        EvalTarget::Planted { corpus, truth } => {
            writeln!(out, "{}", planted(&corpus, &truth)?)?;
        }
        EvalTarget::Claims { dir, models } => {
            let models = super::models::model_dir(&models);
            let loaded = if models.is_installed() {
                Some(echotrace_narratives::checkthat::LoadedModels::load(&models)?)
            } else {
                eprintln!(
                    "echotrace: no embedding model in {}: only the lexical path runs",
                    models.minilm().display()
                );
                None
            };
            let paths = echotrace_narratives::PathKind::ALL;
            writeln!(out, "{}", echotrace_narratives::eval_claims(&dir, &paths, loaded.as_ref())?)?;
        }
        EvalTarget::Ptc { data, folds, tiers, models } => {
            use echotrace_techniques::{eval_ptc_with, Error, Tier};
            let models = super::models::model_dir(&models);
            let tiers: Vec<Tier> = if tiers.is_empty() {
                vec![Tier::Fast, Tier::Accurate]
            } else {
                tiers.iter().map(|t| t.tier()).collect()
            };
            for tier in tiers {
                match eval_ptc_with(&data, folds, tier, &models) {
                    Ok(report) => writeln!(out, "{report}")?,
                    // Without MiniLM the accurate tier is skipped, not an error of the run.
                    Err(err @ Error::TierUnavailable(..)) => eprintln!("echotrace: {err}"),
                    Err(err) => return Err(err.into()),
                }
                out.flush()?;
            }
        }
    }
    Ok(Outcome::Complete)
}

/// `echotrace ner --format conll FILE`.
pub fn ner(file: &Path) -> anyhow::Result<Outcome> {
    let input =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    echotrace_entities::tag_conll(echotrace_entities::NerModel::embedded(), &input, &mut out)?;
    out.flush()?;
    Ok(Outcome::Complete)
}

/// Scores the reuse pairs stored in `corpus` against synth's planted passages.
fn planted(corpus: &Path, truth: &Path) -> anyhow::Result<echotrace_link::planted::PlantedScore> {
    use std::io::BufRead as _;
    let file = std::fs::File::open(truth)
        .with_context(|| format!("cannot read the truth file {}", truth.display()))?;
    let mut planted = Vec::new();
    for (number, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", truth.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let passage: echotrace_synth::PlantedPassage =
            serde_json::from_str(&line).with_context(|| {
                format!("{} line {}: not a planted passage", truth.display(), number + 1)
            })?;
        planted.push([
            (passage.source.id, passage.source.start..passage.source.end),
            (passage.target.id, passage.target.start..passage.target.end),
        ]);
    }
    let corpus = echotrace_store::Corpus::open(corpus, echotrace_store::OpenMode::ReadOnly)
        .with_context(|| format!("cannot open the corpus {}", corpus.display()))?;
    let found = corpus.reuse_spans()?;
    Ok(echotrace_link::planted::score_planted(&planted, &found))
}
