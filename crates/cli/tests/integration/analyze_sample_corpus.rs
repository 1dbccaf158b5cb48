//! `analyze` on the project's own sample corpus: no dependency on ../shared.

use crate::support::{assert_valid_records, records, repo_root, run, stderr};

#[test]
fn every_format_of_the_sample_corpus_is_read_in_order() {
    let corpus = repo_root().join("examples/corpus");
    let output = run(&["analyze", corpus.to_str().expect("utf-8 path"), "--quiet"], None);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let records = records(&output);
    assert_valid_records(&records);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().expect("id")).collect();
    assert_eq!(ids.len(), 12, "ids: {ids:?}");
    assert_eq!(ids[0], "01_harbor-courier_ministry-warns");
    assert!(ids.contains(&"kna-2025-04-03-001") && ids.contains(&"brl-2025-04-06"));

    let by_id = |id: &str| records.iter().find(|r| r["id"] == id).expect("record present");
    let marker = by_id("01_harbor-courier_ministry-warns");
    assert_eq!(marker["published"], "2025-04-02");
    assert_eq!(marker["published_from"], "text");
    assert_eq!(marker["title"], "Ministry warns of staged \"incident\" near Qaryat al-Mansur");
    let dateline = by_id("06_harbor-courier_corps-responds");
    assert_eq!(dateline["published"], "2025-04-04");
    assert_eq!(by_id("02_eastgate-daily_reprint")["relayed_from"][0], "Eastgate Daily");
    assert_eq!(by_id("03_northwind-radio_general")["relayed_from"][0], "KNA");
    let jsonl = by_id("kna-2025-04-03-001");
    assert_eq!(jsonl["published_from"], "metadata");
    assert_eq!(jsonl["outlet"], "Kestrel News Agency");
    assert_eq!(jsonl["origin"]["line"], 1);
    let csv = by_id("brl-2025-04-06");
    assert_eq!(csv["published"], "2025-04-06");
    assert_eq!(csv["language"], "en");
}

#[test]
fn json_and_text_formats_and_out_file() {
    let corpus = repo_root().join("examples/corpus/07_wire-feed.jsonl");
    let corpus = corpus.to_str().expect("utf-8 path");
    let json = run(&["analyze", corpus, "--format", "json", "-q"], None);
    assert_eq!(json.status.code(), Some(0));
    let array: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON array");
    assert_eq!(array.as_array().map(Vec::len), Some(3));

    let text = run(&["analyze", corpus, "--format", "text", "-q"], None);
    let text = String::from_utf8(text.stdout).expect("utf-8");
    assert!(text.contains("── kna-2025-04-03-001 ──") && text.contains("published:  2025-04-03"));

    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("records.jsonl");
    let written = run(&["analyze", corpus, "--out", out.to_str().expect("utf-8"), "-q"], None);
    assert_eq!(written.status.code(), Some(0));
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).expect("out file").lines().count(), 3);
}

#[test]
fn stdin_text_gets_a_hash_id_and_stdin_jsonl_is_streamed() {
    let text = run(&["analyze", "-", "-q"], Some("A headline\n\nOne sentence. Two.".as_bytes()));
    let single = records(&text);
    assert_eq!(single.len(), 1);
    assert_eq!(single[0]["id"].as_str().map(str::len), Some(16));
    assert_eq!(single[0]["title"], "A headline");
    assert_eq!(single[0]["origin"]["path"], serde_json::Value::Null);

    let lines = "{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"body\":\"Two.\"}\n";
    let jsonl = run(&["analyze", "--field", "text=body", "-q"], Some(lines.as_bytes()));
    // With the text read from `body`, line a has no text and is skipped; b is analysed.
    assert_eq!(jsonl.status.code(), Some(2), "stderr: {}", stderr(&jsonl));
    let ids: Vec<String> = records(&jsonl).iter().map(|r| r["id"].to_string()).collect();
    assert_eq!(ids, ["\"b\""]);
    assert!(stderr(&jsonl).contains("<stdin>:1: skipped: no text field \"body\""));
}
