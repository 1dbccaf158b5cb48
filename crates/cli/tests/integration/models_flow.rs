//! The embedding models from the command line: status, the semantic matcher, its failure
//! without a model, and the narratives listing of an ingested corpus.

use crate::support::{assert_valid_records, records, run, shared, stderr};

#[test]
fn without_a_model_status_says_so_and_the_semantic_matcher_refuses_to_start() {
    let empty = tempfile::tempdir().expect("tempdir");
    let dir = empty.path().to_str().expect("utf-8 path");
    let status = run(&["models", "status", "--models", dir], None);
    assert_eq!(status.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&status.stdout).contains("not installed"));
    let seeds = shared("seeds");
    let seeds = seeds.to_str().expect("utf-8 path");
    let output = run(&["analyze", "--matcher", "semantic", "--models", dir, seeds], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("echotrace models install"), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

#[test]
fn the_semantic_matcher_fills_narratives_with_evidence_on_the_seeds() {
    let seeds = shared("seeds");
    let output = run(&["analyze", "--matcher", "semantic", seeds.to_str().expect("utf-8")], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records = records(&output);
    assert_eq!(records.len(), 5);
    assert_valid_records(&records);
    for record in &records {
        let narratives = record["narratives"].as_array().expect("narratives");
        let found = narratives
            .iter()
            .find(|n| n["id"] == "white-helmets-stage-chemical-attacks")
            .unwrap_or_else(|| panic!("{}: {narratives:?}", record["id"]));
        assert!(!found["evidence"].as_array().expect("evidence").is_empty());
    }
}

#[test]
fn narratives_lists_an_ingested_corpus_without_reanalysing() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let dir = corpus.path().to_str().expect("utf-8 path");
    let seeds = shared("seeds");
    let ingest =
        run(&["ingest", "--corpus", dir, "--no-link", "-q", seeds.to_str().expect("utf-8")], None);
    assert_eq!(ingest.status.code(), Some(0), "{}", stderr(&ingest));
    let listing = run(&["narratives", "--corpus", dir, "--emerging"], None);
    assert_eq!(listing.status.code(), Some(0), "{}", stderr(&listing));
    let text = String::from_utf8_lossy(&listing.stdout);
    let row = text
        .lines()
        .find(|l| l.contains("white-helmets-stage-chemical-attacks"))
        .unwrap_or_else(|| panic!("no row for the narrative:\n{text}"));
    assert_eq!(row.split_whitespace().next(), Some("5"), "{row}");
    assert!(text.contains("emerging"), "{text}");
    let missing = run(&["narratives", "--corpus", "/nonexistent/corpus"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot open the corpus"), "{}", stderr(&missing));
}
