//! Bad input and limits: each a clear error, and no committed document lost.

use std::path::Path;

use echotrace_store::{
    Corpus, CorpusOptions, Error, OpenMode, Recovery, SearchFilters, DATABASE_FILE, INDEX_DIR,
};

use crate::common::{record_with_text, records, text};

fn ingest_into(dir: &Path, n: usize) {
    let mut corpus = Corpus::open(dir, OpenMode::ReadWrite).expect("opens");
    corpus.ingest(records(0..n), 10).expect("ingests");
}

fn stored_documents(dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join(DATABASE_FILE)).expect("opens sqlite");
    conn.query_row("SELECT COUNT(*) FROM documents", [], |row| row.get(0)).expect("counts")
}

#[test]
fn a_corpus_from_a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    ingest_into(dir.path(), 5);
    {
        let conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).expect("opens");
        conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 'future')", [])
            .expect("fakes a newer version");
    }
    for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
        let error = Corpus::open(dir.path(), mode).expect_err("newer schema");
        assert!(matches!(error, Error::NewerSchema { found: 99, .. }), "{error}");
        assert!(error.to_string().contains("newer"), "{error}");
    }
    assert_eq!(stored_documents(dir.path()), 5);
}

#[test]
fn wrong_directories_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing");
    let error = Corpus::open(&missing, OpenMode::ReadOnly).expect_err("no corpus");
    assert!(matches!(error, Error::NotACorpus { .. }), "{error}");

    let foreign = dir.path().join("home");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("thesis.txt"), "mine").expect("writes");
    let error = Corpus::open(&foreign, OpenMode::ReadWrite).expect_err("not a corpus");
    assert!(matches!(error, Error::NotACorpus { .. }), "{error}");
    assert_eq!(std::fs::read_dir(&foreign).expect("lists").count(), 1, "nothing was created");

    let file = dir.path().join("file");
    std::fs::write(&file, "x").expect("writes");
    let error = Corpus::open(&file, OpenMode::ReadWrite).expect_err("a file");
    assert!(matches!(error, Error::NotACorpus { .. }), "{error}");

    let garbage = dir.path().join("garbage");
    std::fs::create_dir(&garbage).expect("mkdir");
    std::fs::write(garbage.join(DATABASE_FILE), vec![7u8; 4096]).expect("writes");
    for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
        let error = Corpus::open(&garbage, mode).expect_err("not sqlite");
        assert!(matches!(error, Error::NotACorpus { .. }), "{mode:?}: {error}");
    }
}

#[test]
fn read_only_opens_never_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    ingest_into(dir.path(), 20);
    let mut corpus = Corpus::open(dir.path(), OpenMode::ReadOnly).expect("opens read-only");
    let error = corpus.ingest(records(20..21), 1).expect_err("read-only");
    assert!(matches!(error, Error::NotWritable { .. }), "{error}");
    assert_eq!(corpus.search("saraqib", &SearchFilters::default()).expect("searches").total, 4);
    drop(corpus);
    assert_eq!(stored_documents(dir.path()), 20);
}

/// Makes `dir` and its files read-only; returns whether that actually stops writes (it does not
/// for root, which ignores permission bits).
fn make_read_only(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    for entry in walk(dir) {
        let mode = if entry.is_dir() { 0o555 } else { 0o444 };
        std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    let probe = dir.join("probe");
    let writable = std::fs::write(&probe, "x").is_ok();
    let _ = std::fs::remove_file(probe);
    !writable
}

fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walk(dir) {
        let mode = if entry.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut paths = vec![dir.to_path_buf()];
    for entry in std::fs::read_dir(dir).expect("lists").flatten() {
        let path = entry.path();
        if path.is_dir() {
            paths.extend(walk(&path));
        } else {
            paths.push(path);
        }
    }
    paths
}

#[test]
fn a_read_only_directory_is_searchable_and_refuses_writes_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus_dir = dir.path().join("corpus");
    ingest_into(&corpus_dir, 20);
    let enforced = make_read_only(&corpus_dir);
    let read_only = Corpus::open(&corpus_dir, OpenMode::ReadOnly);
    let read_write = Corpus::open(&corpus_dir, OpenMode::ReadWrite);
    make_writable(&corpus_dir);

    let corpus = read_only.expect("a read-only directory opens read-only");
    assert_eq!(corpus.stats().expect("stats").documents, 20);
    assert_eq!(corpus.search("token3", &SearchFilters::default()).expect("searches").total, 1);
    if enforced {
        let error = read_write.expect_err("cannot write");
        assert!(matches!(error, Error::NotWritable { .. } | Error::Index(_)), "{error}");
        assert!(error.to_string().contains(&corpus_dir.display().to_string()), "{error}");
    } else {
        eprintln!(
            "running as root: permission bits do not stop writes, read-write open not refused"
        );
    }
    assert_eq!(stored_documents(&corpus_dir), 20);
}

#[test]
fn a_full_disk_rolls_back_the_batch_and_keeps_earlier_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let padding = "Lorem ipsum dolor sit amet. ".repeat(400);
    let big = |i: usize| record_with_text(i, &format!("{} {padding} {i}", text(i)));
    let options = CorpusOptions { max_store_bytes: Some(1_000_000) };
    let mut corpus = Corpus::open_with(dir.path(), OpenMode::ReadWrite, &options).expect("opens");
    let error = corpus.ingest((0..2000).map(big), 10).expect_err("fills up");
    assert!(matches!(error, Error::DiskFull { .. }), "{error}");
    assert!(error.to_string().contains("earlier batches are intact"), "{error}");
    drop(corpus);

    let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("reopens");
    let kept = corpus.stats().expect("stats").documents;
    assert!(kept > 0 && kept.is_multiple_of(10), "whole batches kept: {kept}");
    let check = corpus.check().expect("checks");
    assert!(check.is_consistent(), "{check:?}");
    let summary = corpus.ingest((0..200).map(big), 50).expect("completes without the limit");
    assert_eq!((summary.unchanged, summary.added), (kept, 200 - kept));
    assert_eq!(corpus.stats().expect("stats").documents, 200);
}

#[test]
fn a_damaged_index_is_rebuilt_from_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    ingest_into(dir.path(), 40);
    std::fs::write(dir.path().join(INDEX_DIR).join("meta.json"), b"{ broken").expect("damages");

    // A reader cannot repair: search says what to do, the rest works.
    let reader = Corpus::open(dir.path(), OpenMode::ReadOnly).expect("opens read-only");
    let error = reader.search("token1", &SearchFilters::default()).expect_err("no index");
    assert!(matches!(error, Error::IndexUnavailable { .. }), "{error}");
    assert!(error.to_string().contains("rebuild"), "{error}");
    assert_eq!(reader.stats().expect("stats").documents, 40);
    drop(reader);

    let corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("repairs");
    assert!(
        matches!(corpus.recovery(), Recovery::Rebuilt { documents: 40, .. }),
        "{:?}",
        corpus.recovery()
    );
    assert_eq!(corpus.search("token1", &SearchFilters::default()).expect("searches").total, 1);
    assert!(corpus.check().expect("checks").is_consistent());
}

#[test]
fn a_truncated_index_file_is_detected_and_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    ingest_into(dir.path(), 200);
    let index_dir = dir.path().join(INDEX_DIR);
    let largest = walk(&index_dir)
        .into_iter()
        .filter(|p| {
            p.is_file() && !p.ends_with("meta.json") && !p.to_string_lossy().contains("lock")
        })
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .expect("index files");
    let bytes = std::fs::read(&largest).expect("reads");
    std::fs::write(&largest, &bytes[..bytes.len() / 2]).expect("truncates");

    let corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("repairs");
    assert!(
        matches!(corpus.recovery(), Recovery::Rebuilt { documents: 200, .. }),
        "{:?}",
        corpus.recovery()
    );
    corpus.verify_index().expect("checksums match after the rebuild");
    assert_eq!(corpus.search("", &SearchFilters::default()).expect("searches").total, 200);
    assert!(corpus.check().expect("checks").is_consistent());
}

#[test]
fn a_second_writer_is_told_the_corpus_is_busy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _writer = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("opens");
    let error = Corpus::open(dir.path(), OpenMode::ReadWrite).expect_err("busy");
    assert!(matches!(error, Error::Busy { .. }), "{error}");
}
