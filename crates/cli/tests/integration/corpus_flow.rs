//! The README's corpus flow on the sample corpus: ingest, ingest again, search, stats, export.

use crate::support::{repo_root, run, stderr};

#[test]
fn ingest_is_idempotent_and_search_finds_the_reused_passage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    let corpus = corpus.to_str().expect("utf-8");
    let sample = repo_root().join("examples/corpus");
    let sample = sample.to_str().expect("utf-8");

    let first = run(&["ingest", sample, "--corpus", corpus], None);
    assert_eq!(first.status.code(), Some(0), "stderr: {}", stderr(&first));
    assert!(stderr(&first).contains("12 added"), "stderr: {}", stderr(&first));

    let again = run(&["ingest", sample, "--corpus", corpus], None);
    assert_eq!(again.status.code(), Some(0), "stderr: {}", stderr(&again));
    assert!(stderr(&again).contains("0 added"), "stderr: {}", stderr(&again));
    assert!(stderr(&again).contains("12 unchanged"), "stderr: {}", stderr(&again));

    let search =
        run(&["search", "\"staged chemical\"", "--corpus", corpus, "--format", "jsonl"], None);
    assert_eq!(search.status.code(), Some(0), "stderr: {}", stderr(&search));
    let hits: Vec<serde_json::Value> = String::from_utf8(search.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json hit"))
        .collect();
    let ids: Vec<&str> = hits.iter().map(|h| h["id"].as_str().expect("id")).collect();
    for expected in
        ["01_harbor-courier_ministry-warns", "egd-2025-04-05-003", "09_eastgate-daily_timeline"]
    {
        assert!(ids.contains(&expected), "{expected} not among {ids:?}");
    }
    assert!(hits.iter().all(|h| !h["snippet"]["highlights"].as_array().expect("array").is_empty()));

    let filtered = run(
        &[
            "search",
            "Lantern",
            "--corpus",
            corpus,
            "--outlet",
            "Northwind Radio",
            "--format",
            "jsonl",
        ],
        None,
    );
    let filtered = String::from_utf8(filtered.stdout).expect("utf-8");
    assert_eq!(filtered.lines().count(), 1, "only the Northwind Radio item: {filtered}");

    let stats = run(&["stats", "--corpus", corpus], None);
    assert_eq!(stats.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&stats.stdout).contains("12"),
        "{}",
        String::from_utf8_lossy(&stats.stdout)
    );

    let export = run(&["export", "--corpus", corpus, "--format", "jsonl"], None);
    assert_eq!(export.status.code(), Some(0), "stderr: {}", stderr(&export));
    assert_eq!(String::from_utf8_lossy(&export.stdout).lines().count(), 12);

    let missing = run(
        &["search", "anything", "--corpus", dir.path().join("nope").to_str().expect("utf-8")],
        None,
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot open the corpus"), "stderr: {}", stderr(&missing));
}
