//! The technique tiers from the command line: `--techniques accurate` with MiniLM installed,
//! and its fallback to the fast tier, said once, without it.

use crate::support::{assert_valid_records, records, run, shared, stderr};

#[test]
fn accurate_techniques_without_a_model_fall_back_to_fast_and_say_so_once() {
    let empty = tempfile::tempdir().expect("tempdir");
    let dir = empty.path().to_str().expect("utf-8 path");
    let seeds = shared("seeds");
    let seeds = seeds.to_str().expect("utf-8 path");
    let fast = run(&["analyze", "-q", seeds], None);
    let output = run(&["analyze", "-q", "--techniques", "accurate", "--models", dir, seeds], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert_eq!(err.matches("using the fast tier").count(), 1, "{err}");
    assert!(err.contains("echotrace models install"), "{err}");
    let (fell_back, fast) = (records(&output), records(&fast));
    assert_eq!(fell_back.len(), 5);
    for (a, b) in fell_back.iter().zip(&fast) {
        assert_eq!(a["techniques"], b["techniques"], "{}: not the fast tier's spans", a["id"]);
    }
}

#[test]
fn accurate_techniques_fill_valid_spans_on_the_seeds() {
    let seeds = shared("seeds");
    let output =
        run(&["analyze", "-q", "--techniques", "accurate", seeds.to_str().expect("utf-8")], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("fast tier"), "MiniLM installed: run scripts/install-models");
    let records = records(&output);
    assert_eq!(records.len(), 5);
    assert_valid_records(&records);
    let spans: usize =
        records.iter().map(|r| r["techniques"].as_array().expect("techniques").len()).sum();
    assert!(spans > 0, "no technique found in the seeds");
}
