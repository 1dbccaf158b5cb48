//! Linking commands on a corpus: reuse, claims, timeline and graph, on the sample corpus (whose
//! passage 01 → 02 → 07 is reused with light edits) and on the seeds.

use serde_json::Value;

use crate::support::{records, repo_root, run, shared, stderr};

fn ingest(corpus: &str, inputs: &[&str]) {
    let mut args = vec!["ingest", "--quiet", "--corpus", corpus];
    args.extend_from_slice(inputs);
    let output = run(&args, None);
    assert!(output.status.success(), "{}", stderr(&output));
}

fn lines(args: &[&str]) -> Vec<Value> {
    let output = run(args, None);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    records(&output)
}

#[test]
fn the_sample_corpus_reuse_passage_is_found_with_its_direction() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("c");
    let corpus = corpus.to_str().expect("UTF-8 path");
    let sample = repo_root().join("examples/corpus");
    ingest(corpus, &[sample.to_str().expect("UTF-8 path")]);

    let pairs = lines(&["reuse", "--corpus", corpus, "--format", "jsonl"]);
    assert!(!pairs.is_empty(), "the sample corpus has a reused passage");
    for pair in &pairs {
        for side in ["source", "target"] {
            let start = pair[side]["start"].as_u64().expect("a number");
            let end = pair[side]["end"].as_u64().expect("a number");
            assert!(start < end && end - start >= 100, "{pair}");
            assert!(pair[side]["id"].is_string());
        }
        assert!(["dated", "undated"].contains(&pair["direction"].as_str().expect("a string")));
        let similarity = pair["similarity"].as_f64().expect("a number");
        assert!(similarity > 0.5 && similarity <= 1.0, "{pair}");
    }
    // Harbor Courier's story (01) is the earliest copy: it is a source, never a target.
    let is_01 = |v: &Value| v["id"].as_str().expect("a string").contains("01_harbor-courier");
    assert!(pairs.iter().any(|p| is_01(&p["source"])), "{pairs:?}");
    assert!(!pairs.iter().any(|p| is_01(&p["target"])), "{pairs:?}");

    let graph = run(&["graph", "--corpus", corpus, "--format", "gexf"], None);
    assert!(graph.status.success(), "{}", stderr(&graph));
    let gexf = String::from_utf8(graph.stdout).expect("UTF-8");
    assert!(gexf.starts_with("<?xml") && gexf.contains("<edges>"), "{gexf}");
    // The text files carry no outlet, so the sample's reuse pair joins no outlets; the outlets of
    // the JSON Lines and CSV items cite sources.
    assert!(gexf.contains(r#"value="cites""#), "{gexf}");
    assert!(gexf.contains(r#"label="Kestrel News Agency""#), "{gexf}");

    let csv = run(&["graph", "--corpus", corpus, "--format", "csv"], None);
    let csv = String::from_utf8(csv.stdout).expect("UTF-8");
    assert!(csv.starts_with("source,source_label,source_kind,target"), "{csv}");

    let timeline = run(
        &["timeline", "--corpus", corpus, "--technique", "loaded language", "--format", "csv"],
        None,
    );
    assert!(timeline.status.success(), "{}", stderr(&timeline));
    let text = String::from_utf8(timeline.stdout).expect("UTF-8");
    assert!(text.starts_with("date,outlet,documents"), "{text}");

    let missing = run(&["timeline", "--corpus", corpus], None);
    assert!(!missing.status.success(), "a timeline needs a subject");
}

#[test]
fn the_seeds_tell_different_stories_and_are_not_reuse() {
    // The five seeds repeat one narrative in their own words: none copies another's text.
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("c");
    let corpus = corpus.to_str().expect("UTF-8 path");
    ingest(corpus, &[shared("seeds").to_str().expect("UTF-8 path")]);
    let pairs = lines(&["reuse", "--corpus", corpus, "--min-chars", "0", "--format", "jsonl"]);
    assert!(pairs.is_empty(), "{pairs:?}");
    let clusters =
        lines(&["claims", "--corpus", corpus, "--min-outlets", "1", "--format", "jsonl"]);
    for cluster in &clusters {
        let members = cluster["members"].as_array().expect("an array");
        assert!(members.len() >= 2);
        assert_eq!(cluster["first"], members[0]);
    }
    // Linking again adds nothing.
    let output = run(&["link", "--corpus", corpus], None);
    assert!(stderr(&output).contains("linked 0 new"), "{}", stderr(&output));
}
