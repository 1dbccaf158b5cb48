use chrono::NaiveDate;
use echotrace_store::{Corpus, Error, OpenMode, SearchFilters};

use crate::common::records;

fn corpus_with(n: usize) -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("opens");
    corpus.ingest(records(0..n), 25).expect("ingests");
    (dir, corpus)
}

#[test]
fn hits_carry_metadata_and_highlighted_snippets() {
    let (_dir, corpus) = corpus_with(100);
    let results = corpus.search("token42", &SearchFilters::default()).expect("searches");
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.id, "doc-42");
    assert_eq!(hit.title.as_deref(), Some("Report 42 from Aleppo"));
    assert_eq!(hit.outlet.as_deref(), Some("Daily Sabah"));
    assert_eq!(hit.published, NaiveDate::from_ymd_opt(2018, 2, 12));
    assert!(hit.score > 0.0);
    let [start, end] = hit.snippet.highlights[0];
    let marked: String = hit.snippet.text.chars().skip(start).take(end - start).collect();
    assert_eq!(marked, "token42");
}

#[test]
fn filters_combine_with_the_query() {
    let (_dir, corpus) = corpus_with(100);
    let count = |query: &str, filters: SearchFilters| {
        let filters = SearchFilters { limit: 1000, ..filters };
        let results = corpus.search(query, &filters).expect("searches");
        assert_eq!(results.total, results.hits.len());
        results.total
    };
    let none = SearchFilters::default;
    assert_eq!(count("", none()), 100);
    assert_eq!(count("saraqib", none()), 20);
    assert_eq!(count("\"sources in saraqib\"", none()), 20);
    assert_eq!(count("saraqib OR aleppo", none()), 40);
    assert_eq!(count("saraqib -token1", none()), 19);
    assert_eq!(count("", SearchFilters { outlet: Some("press tv".into()), ..none() }), 25);
    assert_eq!(count("saraqib", SearchFilters { outlet: Some("RIA".into()), ..none() }), 5);
    assert_eq!(count("", SearchFilters { entity: Some("place:idlib".into()), ..none() }), 20);
    assert_eq!(count("", SearchFilters { entity: Some("Jisr al-Shughur".into()), ..none() }), 20);
    assert_eq!(
        count("", SearchFilters { technique: Some("loaded language".into()), ..none() }),
        50
    );
    let day = |d| NaiveDate::from_ymd_opt(2018, 1, d);
    assert_eq!(count("", SearchFilters { since: day(1), until: day(10), ..none() }), 10);
    assert_eq!(count("", SearchFilters { since: day(31), ..none() }), 70);
    let limited = corpus.search("", &SearchFilters { limit: 3, ..none() }).expect("searches");
    assert_eq!((limited.hits.len(), limited.total), (3, 100));
}

#[test]
fn bad_query_syntax_is_a_user_error() {
    let (_dir, corpus) = corpus_with(3);
    let error = corpus.search("nosuchfield:x", &SearchFilters::default()).expect_err("bad field");
    assert!(matches!(error, Error::Query(_)), "{error}");
    assert!(error.is_user_error());
    // Hostile input never panics.
    for query in ["\"", "((", "AND", "title:", "\u{0}", "*:*", "a\"b\"c", "🙂"] {
        let _ = corpus.search(query, &SearchFilters::default());
    }
}
