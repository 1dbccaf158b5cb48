//! A full disk for real: a child process ingests under a file-size limit (`ulimit -f`, i.e.
//! `RLIMIT_FSIZE`, with SIGXFSZ ignored so that a write past the limit fails with EFBIG instead
//! of killing the process), the way a full disk or a quota stops a write. The parent checks the
//! message, that every batch the child reported committed is there, that the corpus opens
//! consistent, and that a rerun with room completes without duplicates.
//!
//! The child is this very test binary, run with `--exact disk_full::child_ingest --ignored`;
//! the limit is set by `sh` (no unsafe code needed to call setrlimit).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use echotrace_model::Analysis;
use echotrace_store::{Corpus, OpenMode, DATABASE_FILE};

use crate::common::{record_with_text, text};

const CHILD_DIR_VAR: &str = "ECHOTRACE_DISK_FULL_CHILD_DIR";
const RECORDS: usize = 600;
const BATCH: usize = 10;
/// `ulimit -f` counts 512-byte blocks in POSIX shells (dash; bash counts 1024): 4 or 8 MiB, far
/// below what the records need, far above one batch.
const LIMIT_BLOCKS: u32 = 8192;
/// What the child prints before the error, so the parent can find its message.
const ERROR_MARK: &str = "child ingest failed: ";

/// Records of about 20 KB of text each: 600 of them need ~12 MB in SQLite alone.
fn large_records() -> impl Iterator<Item = Analysis> {
    let padding = "The convoy waited at the checkpoint while officials argued. ".repeat(330);
    (0..RECORDS).map(move |i| record_with_text(i, &format!("{} {padding} {i}", text(i))))
}

#[test]
#[ignore = "the child process of a_size_limit_during_ingest_keeps_committed_batches"]
fn child_ingest() {
    let Some(dir) = std::env::var_os(CHILD_DIR_VAR).map(PathBuf::from) else {
        return;
    };
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("committed.log"))
        .expect("child opens its log");
    let result = Corpus::open(dir.join("corpus"), OpenMode::ReadWrite).and_then(|mut corpus| {
        corpus.ingest_with_progress(large_records(), BATCH, |summary| {
            // The log stays tiny, far under the limit.
            let _ = writeln!(log, "{}", summary.read);
        })
    });
    if let Err(error) = result {
        eprintln!("{ERROR_MARK}{error}");
        std::process::exit(3);
    }
}

fn committed_by_child(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("committed.log"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.trim().parse().ok())
        .max()
        .unwrap_or(0)
}

fn stored_ids(corpus_dir: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(corpus_dir.join(DATABASE_FILE)).expect("opens sqlite");
    let mut statement = conn.prepare("SELECT id FROM documents").expect("prepares");
    let ids = statement.query_map([], |row| row.get(0)).expect("queries");
    ids.collect::<Result<_, _>>().expect("reads ids")
}

#[test]
fn a_size_limit_during_ingest_keeps_committed_batches() {
    let dir = tempfile::tempdir().expect("tempdir");
    let executable = std::env::current_exe().expect("test binary");
    let output = Command::new("sh")
        .args(["-c", "trap '' XFSZ; ulimit -f \"$1\" || exit 99; shift; exec \"$@\"", "sh"])
        .arg(LIMIT_BLOCKS.to_string())
        .arg(&executable)
        .args([
            "--exact",
            "disk_full::child_ingest",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR_VAR, dir.path())
        .output()
        .expect("runs the child");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "the ingest must fail, cleanly: {stderr}");
    let message = stderr
        .lines()
        .find_map(|line| line.split_once(ERROR_MARK).map(|(_, message)| message))
        .unwrap_or_else(|| panic!("no error message from the child: {stderr}"));
    // SQLite reports a write past the limit as "disk full" when part of it fitted, as a
    // "disk I/O error" when none did; tantivy as EFBIG. All say the same thing to the user.
    assert!(
        message.contains("no space left") || message.contains("could not write the corpus"),
        "{message}"
    );
    assert!(message.contains("earlier batches are intact"), "{message}");
    let corpus_dir = dir.path().join("corpus");
    assert!(message.contains(&corpus_dir.display().to_string()), "names the corpus: {message}");

    // Every batch the child saw committed is there; the corpus opens (read-write: the index is
    // caught up if the limit struck between the two commits) and store and index agree.
    let committed = committed_by_child(dir.path());
    assert!(committed > 0 && committed < RECORDS, "committed before the limit: {committed}");
    let mut corpus =
        Corpus::open(&corpus_dir, OpenMode::ReadWrite).expect("opens after the failure");
    let kept = corpus.stats().expect("stats").documents as usize;
    assert!(kept >= committed && kept.is_multiple_of(BATCH), "kept {kept}, committed {committed}");
    let check = corpus.check().expect("checks");
    assert!(check.is_consistent(), "{check:?}");

    // With room, the same ingest completes: what was kept is unchanged, nothing is duplicated.
    let summary = corpus.ingest(large_records(), 50).expect("completes without the limit");
    assert_eq!((summary.unchanged as usize, summary.added as usize), (kept, RECORDS - kept));
    assert!(corpus.check().expect("checks").is_consistent());
    drop(corpus);
    let ids = stored_ids(&corpus_dir);
    let distinct: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!((ids.len(), distinct.len()), (RECORDS, RECORDS));
    println!(
        "disk full test: limit {LIMIT_BLOCKS} blocks, child stopped after {committed} committed \
         documents ({kept} kept) with: {message}"
    );
}
