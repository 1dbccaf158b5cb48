use echotrace_model::{Analysis, Document, TechniqueSpan};
use echotrace_store::{Corpus, OpenMode, SearchFilters};

use crate::common::{record, record_with_text, records, text};

fn open(dir: &std::path::Path) -> Corpus {
    Corpus::open(dir, OpenMode::ReadWrite).expect("opens read-write")
}

#[test]
fn reingesting_adds_nothing_and_changed_text_is_a_new_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = open(dir.path());
    let first = corpus.ingest(records(0..50), 7).expect("ingests");
    assert_eq!((first.read, first.added, first.unchanged, first.batches), (50, 50, 0, 8));

    let again = corpus.ingest(records(0..50), 7).expect("ingests again");
    assert_eq!((again.added, again.new_versions, again.unchanged, again.batches), (0, 0, 50, 0));

    let mut changed = records(0..50);
    for i in [3, 17, 41] {
        changed[i] = record_with_text(i, &format!("{} Updated with zebra{i}.", text(i)));
    }
    let update = corpus.ingest(changed, 100).expect("ingests changes");
    assert_eq!((update.added, update.new_versions, update.unchanged), (0, 3, 47));

    let stats = corpus.stats().expect("stats");
    assert_eq!((stats.documents, stats.superseded_versions), (50, 3));
    let stored = corpus.document("doc-17").expect("reads").expect("exists");
    assert!(stored.document.text.ends_with("zebra17."));
    assert_eq!(corpus.search("zebra17", &SearchFilters::default()).expect("searches").total, 1);
    // The old text is no longer in the index: token17 is only in the new version, once.
    assert_eq!(corpus.search("token17", &SearchFilters::default()).expect("searches").total, 1);
    assert!(corpus.check().expect("checks").is_consistent());
}

#[test]
fn records_without_id_are_identified_by_normalised_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = open(dir.path());
    let anonymous = |text: &str| Analysis::new(Document::new("", text));
    let summary = corpus
        .ingest(
            vec![anonymous("Same  text\nhere."), anonymous("Same text here."), anonymous("Other.")],
            10,
        )
        .expect("ingests");
    assert_eq!((summary.added, summary.unchanged), (2, 1));
    let hit = &corpus.search("other", &SearchFilters::default()).expect("searches").hits[0];
    assert!(hit.id.starts_with("text:"), "{}", hit.id);
    assert!(corpus.document(&hit.id).expect("reads").is_some());
}

#[test]
fn the_same_text_under_another_id_is_recorded_as_syndication() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = open(dir.path());
    corpus.ingest(records(0..3), 10).expect("ingests");
    let mut copy = record(1);
    copy.document.id = "syndicated-copy".into();
    copy.document.outlet = Some("Echo Outlet".into());
    let summary = corpus.ingest(vec![copy.clone(), copy], 10).expect("ingests copy twice");
    assert_eq!((summary.added, summary.duplicates, summary.unchanged), (1, 1, 1));
    let stats = corpus.stats().expect("stats");
    assert_eq!((stats.documents, stats.syndicated), (4, 1));
    // Both copies are found: who echoed a story is what the corpus is for.
    assert_eq!(corpus.search("token1", &SearchFilters::default()).expect("searches").total, 2);
}

#[test]
fn one_id_changed_twice_within_a_batch_keeps_one_current_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = open(dir.path());
    let batch = vec![
        record(5),
        record_with_text(5, "First rewrite."),
        record_with_text(5, "Second rewrite."),
    ];
    let summary = corpus.ingest(batch, 10).expect("ingests");
    assert_eq!((summary.added, summary.new_versions), (1, 2));
    let check = corpus.check().expect("checks");
    assert!(check.is_consistent(), "{check:?}");
    assert_eq!(check.index_documents, 1);
    let stored = corpus.document("doc-5").expect("reads").expect("exists");
    assert_eq!(stored.document.text, "Second rewrite.");
}

#[test]
fn stored_records_read_back_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = open(dir.path());
    let mut original = record(9);
    original.document.relayed_from = vec!["Press TV".into(), "RIA".into()];
    original.document.origin.path = Some("in/ü.jsonl".into());
    original.document.origin.line = Some(12);
    corpus.ingest(vec![original.clone()], 1).expect("ingests");
    let stored = corpus.document("doc-9").expect("reads").expect("exists");
    assert_eq!(stored, original);
    assert!(corpus.document("nope").expect("reads").is_none());
}

#[test]
fn reanalyze_rewrites_changed_analyses_and_the_index_follows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = open(dir.path());
    let bare: Vec<Analysis> =
        (0..20).map(|i| Analysis::new(Document::new(format!("d{i}"), text(i)))).collect();
    corpus.ingest(bare, 8).expect("ingests");
    let with_technique = |document: Document| {
        let mut record = Analysis::new(document);
        record.layers.techniques.push(TechniqueSpan {
            start: 0,
            end: 7,
            technique: "Doubt".into(),
            score: 0.5,
        });
        record
    };
    let summary = corpus.reanalyze(with_technique, 8).expect("reanalyses");
    assert_eq!((summary.documents, summary.changed, summary.batches), (20, 20, 3));
    let filters =
        SearchFilters { technique: Some("doubt".into()), limit: 100, ..Default::default() };
    assert_eq!(corpus.search("", &filters).expect("searches").total, 20);
    let stats = corpus.stats().expect("stats");
    assert_eq!(stats.technique_spans, 20);

    let again = corpus.reanalyze(with_technique, 8).expect("reanalyses again");
    assert_eq!((again.changed, again.batches), (0, 0));
    assert!(corpus.check().expect("checks").is_consistent());
}

#[test]
fn spans_are_queryable_with_plain_sql() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut corpus = open(dir.path());
        corpus.ingest(records(0..10), 4).expect("ingests");
    }
    let conn =
        rusqlite::Connection::open(dir.path().join(echotrace_store::DATABASE_FILE)).expect("opens");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).expect(sql) };
    assert_eq!(count("SELECT COUNT(*) FROM current_documents"), 10);
    assert_eq!(count("SELECT COUNT(*) FROM entities WHERE type = 'place'"), 10);
    assert_eq!(count("SELECT COUNT(*) FROM techniques WHERE technique = 'Loaded_Language'"), 5);
    assert_eq!(
        count("SELECT COUNT(*) FROM attributions WHERE source_vague = 1 AND kind = 'indirect'"),
        10
    );
    // The example from docs/store.md: documents per outlet mentioning Idlib.
    assert_eq!(
        count(
            "SELECT COUNT(DISTINCT d.id) FROM current_documents d JOIN entities e USING (doc_key) \
             WHERE e.name = 'Idlib'"
        ),
        2
    );
    let text: String = conn
        .query_row(
            "SELECT substr(d.text, e.start + 1, e.end - e.start) FROM documents d \
             JOIN entities e USING (doc_key) WHERE d.id = 'doc-4'",
            [],
            |row| row.get(0),
        )
        .expect("span text");
    assert_eq!(text, "Jisr al-Shughur");
    let sentences: i64 = conn
        .query_row(
            "SELECT json_array_length(analysis, '$.sentences') FROM documents WHERE id = 'doc-1'",
            [],
            |row| row.get(0),
        )
        .expect("json");
    assert_eq!(sentences, 1);
}
