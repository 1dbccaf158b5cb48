//! The corpus on real data: `../shared/seeds` and the 371 PTC training articles ingested
//! together, then searched, exported in every format and counted. Also `synth` feeding `ingest`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::{records, run, shared, stderr};

/// File stems of the `*.txt` files of a directory: the ids `ingest` gives them.
fn text_file_ids(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("lists the directory")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| path.file_stem().expect("a name").to_string_lossy().into_owned())
        .collect()
}

/// The first `*.txt` file of a directory, by name.
fn articles_dir_first(dir: &str) -> std::path::PathBuf {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("lists the directory")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths.into_iter().next().expect("an article")
}

#[test]
fn seeds_and_ptc_articles_ingest_search_export_and_count_together() {
    let seeds = shared("seeds");
    let articles = shared("ptc/train/articles");
    let seed_ids = text_file_ids(&seeds);
    let mut expected_ids = text_file_ids(&articles);
    assert_eq!((seed_ids.len(), expected_ids.len()), (5, 371));
    expected_ids.extend(seed_ids.iter().cloned());
    let expected = expected_ids.len();

    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    let corpus = corpus.to_str().expect("utf-8");
    let (seeds, articles) = (seeds.to_str().expect("utf-8"), articles.to_str().expect("utf-8"));

    let ingest = run(&["ingest", seeds, articles, "--corpus", corpus, "-q"], None);
    assert_eq!(ingest.status.code(), Some(0), "stderr: {}", stderr(&ingest));
    let again = run(&["ingest", seeds, articles, "--corpus", corpus], None);
    assert_eq!(again.status.code(), Some(0), "stderr: {}", stderr(&again));
    assert!(
        stderr(&again).contains(&format!(
            "0 added (0 syndicated copies), 0 new versions, {expected} unchanged"
        )),
        "a second ingest adds nothing: {}",
        stderr(&again)
    );

    // Every seed is about the White Helmets; so are some PTC articles.
    let search = run(
        &["search", "\"white helmets\"", "--corpus", corpus, "--format", "jsonl", "--limit", "100"],
        None,
    );
    assert_eq!(search.status.code(), Some(0), "stderr: {}", stderr(&search));
    let hits = records(&search);
    let hit_ids: BTreeSet<&str> = hits.iter().map(|h| h["id"].as_str().expect("id")).collect();
    for seed in &seed_ids {
        assert!(hit_ids.contains(seed.as_str()), "{seed} not among {hit_ids:?}");
    }
    assert!(hits.len() < expected / 4, "a phrase query is selective: {} hits", hits.len());
    // A PTC article is found by the longest words of its own title (read at run time).
    let first_article = articles_dir_first(articles);
    let title = std::fs::read_to_string(&first_article).expect("reads the article");
    let title = title.lines().next().unwrap_or_default().to_owned();
    let mut words: Vec<&str> =
        title.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 3).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let query = words.iter().take(3).copied().collect::<Vec<_>>().join(" ");
    let found = run(&["search", &query, "--corpus", corpus, "--format", "csv"], None);
    let found = String::from_utf8(found.stdout).expect("utf-8");
    assert!(found.starts_with("id,score,published,outlet,title,snippet"), "{found}");
    let stem = first_article.file_stem().expect("a name").to_string_lossy().into_owned();
    assert!(found.contains(&stem), "{query:?} finds {stem}: {found}");
    let table = run(&["search", "\"white helmets\" AND idlib", "--corpus", corpus], None);
    let table = String::from_utf8(table.stdout).expect("utf-8");
    let lower = table.to_lowercase();
    assert!(
        ["[white]", "[white helmets]", "[helmets]", "[idlib]"].iter().any(|h| lower.contains(h)),
        "highlights in a pipe are bracketed: {table}"
    );

    let stats = run(&["stats", "--corpus", corpus], None);
    assert_eq!(stats.status.code(), Some(0), "stderr: {}", stderr(&stats));
    let stats = String::from_utf8(stats.stdout).expect("utf-8");
    assert!(stats.contains(&format!("documents     {expected} (")), "{stats}");
    assert!(stats.contains("techniques") && !stats.contains("techniques    0 spans"), "{stats}");

    let jsonl = run(&["export", "--corpus", corpus, "--format", "jsonl"], None);
    assert_eq!(jsonl.status.code(), Some(0), "stderr: {}", stderr(&jsonl));
    let exported = records(&jsonl);
    let exported_ids: BTreeSet<String> =
        exported.iter().map(|r| r["id"].as_str().expect("id").to_owned()).collect();
    assert_eq!(exported.len(), expected);
    assert_eq!(exported_ids, expected_ids, "one record per input file, none twice");
    assert!(exported.iter().all(|r| r["schema"] == "echotrace/analysis@1"));

    let csv_out = run(&["export", "--corpus", corpus, "--format", "csv"], None);
    let mut reader = csv::Reader::from_reader(csv_out.stdout.as_slice());
    let header = reader.headers().expect("a header").clone();
    let id_column = header.iter().position(|h| h == "id").expect("an id column");
    let text_column = header.iter().position(|h| h == "text").expect("a text column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), expected);
    let csv_ids: BTreeSet<String> = rows.iter().map(|r| r[id_column].to_owned()).collect();
    assert_eq!(csv_ids, expected_ids);
    assert!(rows.iter().all(|r| !r[text_column].is_empty()));

    let parquet_path = dir.path().join("corpus.parquet");
    let parquet = run(
        &[
            "export",
            "--corpus",
            corpus,
            "--format",
            "parquet",
            "--out",
            parquet_path.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(parquet.status.code(), Some(0), "stderr: {}", stderr(&parquet));
    assert!(
        stderr(&parquet).contains(&format!("exported {expected} documents")),
        "{}",
        stderr(&parquet)
    );
    let bytes = std::fs::read(&parquet_path).expect("the parquet file");
    assert!(bytes.len() > 100_000, "{} bytes", bytes.len());
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"), "Parquet magic at both ends");
}

#[test]
fn a_synthetic_corpus_ingests_with_its_outlets_and_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs.jsonl");
    let truth = dir.path().join("planted.jsonl");
    let corpus = dir.path().join("corpus");
    let articles = shared("ptc/train/articles");
    let synth = run(
        &[
            "synth",
            "--from",
            articles.to_str().expect("utf-8"),
            "--documents",
            "60",
            "--reuse-rate",
            "0.5",
            "--out",
            docs.to_str().expect("utf-8"),
            "--truth",
            truth.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(synth.status.code(), Some(0), "stderr: {}", stderr(&synth));
    assert!(stderr(&synth).contains("60 documents"), "{}", stderr(&synth));
    let planted = std::fs::read_to_string(&truth).expect("the truth file");
    assert!(planted.lines().count() > 5, "{planted}");

    let ingest = run(
        &["ingest", docs.to_str().expect("utf-8"), "--corpus", corpus.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(ingest.status.code(), Some(0), "stderr: {}", stderr(&ingest));
    assert!(stderr(&ingest).contains("60 added"), "{}", stderr(&ingest));
    let stats = run(&["stats", "--corpus", corpus.to_str().expect("utf-8")], None);
    let stats = String::from_utf8(stats.stdout).expect("utf-8");
    assert!(stats.contains("published     2016-01-01 to 2017-"), "{stats}");
    assert!(stats.contains("Outlet 1"), "{stats}");

    let bad = run(
        &["synth", "--documents", "5", "--reuse-rate", "2", "--out", docs.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("reuse rate"), "{}", stderr(&bad));
}
