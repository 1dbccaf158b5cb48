//! `analyze` on the real data in ../shared: the seeds and the PTC training articles.

use crate::support::{assert_valid_records, records, run, shared, stderr};

#[test]
fn seeds_give_five_valid_records_with_dates_and_relays() {
    let seeds = shared("seeds");
    let output = run(&["analyze", seeds.to_str().expect("utf-8"), "--format", "jsonl"], None);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let records = records(&output);
    assert_eq!(records.len(), 5);
    assert_valid_records(&records);
    let by_prefix = |prefix: &str| {
        records
            .iter()
            .find(|r| r["id"].as_str().is_some_and(|id| id.starts_with(prefix)))
            .expect("seed present")
    };
    assert_eq!(by_prefix("000_")["published"], "2018-11-03");
    assert_eq!(by_prefix("000_")["published_from"], "text");
    let relays = |prefix: &str| -> Vec<String> {
        by_prefix(prefix)["relayed_from"]
            .as_array()
            .expect("relayed_from")
            .iter()
            .map(|v| v.as_str().expect("string").to_owned())
            .collect()
    };
    assert!(relays("000_").contains(&"Press TV".to_owned()), "{:?}", relays("000_"));
    assert!(relays("003_").contains(&"Press TV".to_owned()), "{:?}", relays("003_"));
    assert!(relays("002_").contains(&"RNA".to_owned()), "{:?}", relays("002_"));
    assert!(relays("004_").contains(&"Izvestia".to_owned()), "{:?}", relays("004_"));
    for record in &records {
        assert_eq!(record["language"], "en");
    }
}

#[test]
fn every_ptc_article_keeps_its_exact_text_and_ordered_sentences() {
    let articles = shared("ptc/train/articles");
    let output = run(&["analyze", articles.to_str().expect("utf-8"), "-q"], None);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let records = records(&output);
    assert_eq!(records.len(), 371);
    assert_valid_records(&records);
    let mut with_bom = 0;
    for record in &records {
        let id = record["id"].as_str().expect("id");
        let file = articles.join(format!("{id}.txt"));
        let original = std::fs::read_to_string(&file).expect("article readable");
        assert_eq!(record["text"].as_str(), Some(original.as_str()), "text of {id} changed");
        with_bom += usize::from(original.starts_with('\u{feff}'));
        // One sentence per line in PTC: every non-empty line is covered by sentence spans.
        let chars: Vec<char> = original.chars().collect();
        let sentences = record["sentences"].as_array().expect("sentences");
        assert!(!sentences.is_empty(), "{id} has no sentences");
        for span in sentences {
            let (s, e) =
                (span[0].as_u64().expect("s") as usize, span[1].as_u64().expect("e") as usize);
            let covered: String = chars[s..e].iter().collect();
            assert!(!covered.contains("\n\n"), "{id}: a sentence spans a blank line: {covered:?}");
        }
    }
    assert_eq!(with_bom, 2, "the two PTC articles with a BOM keep it");
}
