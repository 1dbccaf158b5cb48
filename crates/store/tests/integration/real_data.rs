//! The seeds and the PTC training articles, read from ../shared at run time.

use std::path::{Path, PathBuf};

use echotrace_analyze::Pipeline;
use echotrace_model::{Analysis, Document};
use echotrace_store::{Corpus, ExportFormat, OpenMode, SearchFilters};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn read_articles(dir: &Path) -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("reads");
            let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (id, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

#[test]
fn seeds_and_ptc_ingest_search_export_and_stats() {
    let pipeline = Pipeline::standard();
    let mut articles = read_articles(&Path::new(SHARED).join("seeds"));
    let seeds = articles.len();
    articles.extend(read_articles(&Path::new(SHARED).join("ptc/train/articles")));
    assert_eq!(articles.len(), seeds + 371);
    let records: Vec<Analysis> = articles
        .iter()
        .map(|(id, text)| pipeline.run(Document::new(id.clone(), text.clone())))
        .collect();

    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("opens");
    let summary = corpus.ingest(records.clone(), 100).expect("ingests");
    assert_eq!(summary.read, articles.len() as u64);
    assert_eq!(summary.added + summary.unchanged, articles.len() as u64);
    let again = corpus.ingest(records, 100).expect("ingests again");
    assert_eq!((again.added, again.new_versions, again.batches), (0, 0, 0));

    let results = corpus.search("\"White Helmets\"", &SearchFilters::default()).expect("searches");
    assert!(results.hits.iter().any(|hit| articles[..seeds].iter().any(|(id, _)| *id == hit.id)));
    for hit in &results.hits {
        assert!(!hit.snippet.highlights.is_empty(), "{hit:?}");
    }
    let stats = corpus.stats().expect("stats");
    assert_eq!(stats.documents, summary.added);
    assert!(stats.first_published.is_some());
    println!("{stats}");

    let mut out = Vec::new();
    assert_eq!(corpus.export(ExportFormat::Jsonl, &mut out).expect("exports"), stats.documents);
    assert!(corpus.check().expect("checks").is_consistent());
}
