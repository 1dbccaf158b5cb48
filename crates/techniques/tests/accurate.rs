//! The accurate tier on real text: the committed head, and MiniLM when installed
//! (`scripts/install-models`, which `.ci/run` runs before the tests).

use std::path::{Path, PathBuf};

use echotrace_analyze::{Analyzer, Context, Pipeline};
use echotrace_embed::ModelDir;
use echotrace_model::Document;
use echotrace_techniques::corpus::read_articles;
use echotrace_techniques::{AccurateTier, Head, TechniqueAnalyzer, Tier, TECHNIQUES};

fn shared() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")).to_path_buf()
}

#[test]
fn committed_head_decodes_and_round_trips() -> anyhow::Result<()> {
    let head = Head::embedded()?;
    assert!(Head::embedded_size() > 10_000, "head of {} bytes", Head::embedded_size());
    let again = Head::from_bytes(&head.to_bytes())?;
    assert_eq!(&again, head.as_ref());
    assert!(Head::from_bytes(b"ETACCU01").is_err(), "a truncated head must not decode");
    assert!(Head::from_bytes(b"not a head at all").is_err());
    Ok(())
}

fn check_spans(id: &str, text: &str, spans: &[echotrace_model::TechniqueSpan]) {
    let length = text.chars().count();
    for pair in spans.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{id}: spans overlap or are unsorted");
    }
    for span in spans {
        assert!(span.start < span.end && span.end <= length, "{id}: {span:?} outside the text");
        assert!(TECHNIQUES.contains(&span.technique.as_str()), "{id}: {}", span.technique);
        assert!(span.score > 0.0 && span.score <= 1.0, "{id}: score {}", span.score);
    }
}

#[test]
fn accurate_tier_finds_valid_spans_on_seed_and_ptc_articles() -> anyhow::Result<()> {
    let models = ModelDir::from_env();
    let tier = AccurateTier::load(&models).expect("MiniLM installed: run scripts/install-models");
    let mut articles = read_articles(&shared().join("ptc/train/articles"))?;
    articles.truncate(3);
    let mut texts: Vec<(String, String)> = articles.into_iter().map(|a| (a.id, a.text)).collect();
    for entry in std::fs::read_dir(shared().join("seeds"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            texts.push((path.display().to_string(), std::fs::read_to_string(&path)?));
        }
    }
    assert!(texts.len() >= 4, "PTC and seed articles found");
    let mut total = 0;
    for (id, text) in &texts {
        let doc = Document::new(id.clone(), text.clone());
        let cx = Context::new(&doc);
        let spans = tier.detect(&cx)?;
        check_spans(id, text, &spans);
        total += spans.len();
    }
    assert!(total > 0, "no propaganda found in {} articles", texts.len());
    Ok(())
}

#[test]
fn analyzer_of_the_accurate_tier_runs_in_the_pipeline() -> anyhow::Result<()> {
    let (analyzer, notice) = TechniqueAnalyzer::for_tier(Tier::Accurate)?;
    assert_eq!(notice, None, "MiniLM installed: run scripts/install-models");
    assert_eq!(analyzer.tier(), Tier::Accurate);
    assert_eq!(analyzer.name(), "techniques");
    let text = "Title\n\nThese brutal, corrupt thugs want to destroy our great nation! \
                Numerous witnesses say the so-called rescuers staged it.";
    let record = Pipeline::standard().with(Box::new(analyzer)).run(Document::new("d", text));
    check_spans("d", text, &record.layers.techniques);
    Ok(())
}
