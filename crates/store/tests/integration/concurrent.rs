//! Searches keep working, and see new batches, while an ingest runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use echotrace_store::{Corpus, OpenMode, SearchFilters};

use crate::common::records;

#[test]
fn readers_search_while_an_ingest_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut writer = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("opens");
    writer.ingest(records(0..50), 50).expect("first batch");
    let reader = Corpus::open(dir.path(), OpenMode::ReadOnly).expect("opens read-only");

    let done = Arc::new(AtomicBool::new(false));
    let ingest = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let result = writer.ingest(records(50..3000), 100);
            done.store(true, Ordering::SeqCst);
            result.map(|summary| summary.added)
        })
    };
    let filters = SearchFilters { limit: 5, ..Default::default() };
    let mut seen = Vec::new();
    while !done.load(Ordering::SeqCst) {
        reader.refresh().expect("reloads");
        let results = reader.search("sources", &filters).expect("search during ingest");
        assert!(results.hits.len() <= 5);
        seen.push(results.total);
        let stats = reader.stats().expect("stats during ingest");
        assert!(stats.documents >= 50);
    }
    assert_eq!(ingest.join().expect("ingest thread").expect("ingests"), 2950);
    reader.refresh().expect("reloads");
    let last = reader.search("sources", &filters).expect("searches").total;
    assert_eq!(last, 3000);
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "counts never go back: {seen:?}");
    assert!(seen.len() >= 2, "searched {} times during the ingest", seen.len());
    eprintln!(
        "searches during ingest: {}, distinct totals seen: {}",
        seen.len(),
        seen.iter().collect::<std::collections::BTreeSet<_>>().len()
    );
}
