//! Real-data tests: the seeds against the starter catalog, and corpus views over the seeds plus
//! the PTC train articles (read at run time from ../shared).

use std::path::PathBuf;
use std::sync::Arc;

use echotrace_analyze::Pipeline;
use echotrace_embed::ModelDir;
use echotrace_ingest::{read_inputs, Event, Input, ReadOptions};
use echotrace_model::Analysis;
use echotrace_narratives::{
    emerging_narratives, list_narratives, EmergingOptions, NarrativeAnalyzer, NarrativeMatcher,
};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn analyse(dirs: &[&str]) -> Vec<Analysis> {
    analyse_with(dirs, NarrativeAnalyzer::starter())
}

fn analyse_with(dirs: &[&str], analyzer: NarrativeAnalyzer) -> Vec<Analysis> {
    let pipeline = Pipeline::standard().with(Box::new(analyzer));
    let inputs = dirs.iter().map(|d| Input::Path(PathBuf::from(SHARED).join(d))).collect();
    read_inputs(inputs, ReadOptions::default())
        .filter_map(|event| match event {
            Event::Document(doc) => Some(pipeline.run(*doc)),
            _ => None,
        })
        .collect()
}

#[test]
fn every_seed_matches_the_white_helmets_provocation_narrative_with_evidence() {
    check_seeds(&analyse(&["seeds"]));
}

#[test]
fn the_semantic_matcher_also_matches_every_seed_and_nothing_unrelated() {
    let model =
        ModelDir::from_env().load_minilm().expect("model installed: run scripts/install-models");
    let matcher =
        NarrativeMatcher::starter().with_semantic(Arc::new(model)).expect("catalog embeds");
    check_seeds(&analyse_with(&["seeds"], NarrativeAnalyzer::new(Arc::new(matcher))));
}

/// Every seed states the provocation narrative with evidence inside its text; none matches an
/// unrelated narrative; the Douma narrative only matches claims that name Douma.
fn check_seeds(records: &[Analysis]) {
    assert_eq!(records.len(), 5);
    for record in records {
        let length = record.document.text.chars().count();
        let found = record
            .layers
            .narratives
            .iter()
            .find(|m| m.id == "white-helmets-stage-chemical-attacks")
            .unwrap_or_else(|| {
                panic!("{} lacks the narrative: {:?}", record.document.id, record.layers.narratives)
            });
        assert!(found.score >= 0.5);
        assert!(!found.evidence.is_empty());
        for span in &found.evidence {
            assert!(span[0] < span[1] && span[1] <= length, "{span:?} outside {length}");
        }
        for m in &record.layers.narratives {
            let unrelated =
                !["syria", "white-helmets", "chemical"].iter().any(|t| m.id.contains(t))
                    && !m.id.contains("douma")
                    && !m.id.contains("al-qaeda");
            assert!(
                !(unrelated && m.score >= 0.5),
                "{} matched unrelated {m:?}",
                record.document.id
            );
            if m.id == "douma-attack-staged" {
                let chars: Vec<char> = record.document.text.chars().collect();
                for span in &m.evidence {
                    let claim: String = chars[span[0]..span[1]].iter().collect();
                    assert!(claim.contains("Douma"), "Douma narrative on {claim:?}");
                }
            }
        }
    }
}

#[test]
fn corpus_views_over_seeds_and_ptc_train() {
    let records = analyse(&["seeds", "ptc/train/articles"]);
    assert!(records.len() >= 376, "{}", records.len());
    let listed = list_narratives(&records);
    let white_helmets =
        listed.iter().find(|s| s.id == "white-helmets-stage-chemical-attacks").expect("listed");
    assert!(white_helmets.documents >= 5);
    let candidates = emerging_narratives(&records, EmergingOptions::default());
    for c in &candidates {
        assert!(c.sources.len() >= 2);
        assert!(c.claims.iter().any(|o| o.text == c.representative.text));
    }
    eprintln!("{} narratives listed, {} emerging candidates", listed.len(), candidates.len());
    for c in candidates.iter().take(5) {
        eprintln!("{} sources: {}", c.sources.len(), c.representative.text);
    }
}
