//! Crash safety: a child process ingests and is killed with SIGKILL at random moments; after
//! each kill the corpus must open consistent with every reported batch present, and rerunning
//! the same ingest must complete it without duplicates.
//!
//! The child is this very test binary, run with `--exact crash::child_ingest --ignored`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use echotrace_model::Analysis;
use echotrace_store::{Corpus, OpenMode, Recovery, DATABASE_FILE};

use crate::common::record;

const CHILD_DIR_VAR: &str = "ECHOTRACE_CRASH_CHILD_DIR";
const RECORDS: usize = 1200;
const BATCH: usize = 20;
const KILLS: usize = 40;

/// The input every run ingests: records, with every 40th a syndicated copy of the one before.
fn crash_records() -> impl Iterator<Item = Analysis> {
    (0..RECORDS).map(|i| {
        if i % 40 == 39 {
            let mut copy = record(i - 1);
            copy.document.id = format!("copy-{i}");
            copy
        } else {
            record(i)
        }
    })
}

fn expected_ids(first: usize) -> Vec<String> {
    crash_records().take(first).map(|r| r.document.id).collect()
}

#[test]
#[ignore = "the child process of crash_kills_at_random_points"]
fn child_ingest() {
    let Some(dir) = std::env::var_os(CHILD_DIR_VAR).map(PathBuf::from) else {
        return;
    };
    let mut corpus = Corpus::open(dir.join("corpus"), OpenMode::ReadWrite).expect("child opens");
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("committed.log"))
        .expect("child opens its log");
    corpus
        .ingest_with_progress(crash_records(), BATCH, |summary| {
            // Every record read so far is committed: the parent may rely on this line.
            writeln!(log, "{}", summary.read).expect("child logs");
        })
        .expect("child ingests");
}

/// xorshift64*: random kill delays without a dependency; the seed is printed.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound
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

struct Audit {
    lost: usize,
    duplicates: usize,
}

/// Opens the corpus read-write (which repairs it) and counts lost and duplicated documents.
fn audit(corpus_dir: &Path, committed: usize, recoveries: &mut Vec<Recovery>) -> Audit {
    let corpus = Corpus::open(corpus_dir, OpenMode::ReadWrite).expect("opens after a kill");
    recoveries.push(corpus.recovery().clone());
    let check = corpus.check().expect("checks");
    assert!(check.is_consistent(), "store and index disagree after recovery: {check:?}");
    drop(corpus);
    let conn = rusqlite::Connection::open(corpus_dir.join(DATABASE_FILE)).expect("opens sqlite");
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM documents")
        .and_then(|mut statement| {
            let ids = statement.query_map([], |row| row.get(0))?.collect();
            ids
        })
        .expect("reads ids");
    let distinct: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let lost = expected_ids(committed).iter().filter(|id| !distinct.contains(id.as_str())).count();
    Audit { lost, duplicates: ids.len() - distinct.len() + check.index_duplicate_ids as usize }
}

#[test]
fn crash_kills_at_random_points() {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    let mut random = Random(seed);
    let executable = std::env::current_exe().expect("test binary");
    let root = tempfile::tempdir().expect("tempdir");
    let mut round_dir = root.path().join("round-0");
    std::fs::create_dir(&round_dir).expect("mkdir");
    let (mut kills, mut completed_runs, mut lost, mut duplicates) = (0, 0, 0, 0);
    let mut recoveries = Vec::new();
    let started = Instant::now();
    while kills < KILLS {
        let mut child = Command::new(&executable)
            .args([
                "--exact",
                "crash::child_ingest",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR_VAR, &round_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns the child");
        std::thread::sleep(Duration::from_millis(5 + random.below(700)));
        let finished = child.try_wait().expect("polls the child").is_some();
        if !finished {
            child.kill().expect("SIGKILL");
            kills += 1;
        }
        let status = child.wait().expect("reaps the child");
        if finished {
            assert!(status.success(), "the child failed on its own: {status}");
            completed_runs += 1;
        }
        let committed = committed_by_child(&round_dir);
        let result = audit(&round_dir.join("corpus"), committed, &mut recoveries);
        lost += result.lost;
        duplicates += result.duplicates;
        if finished {
            // The input is fully ingested: start a new corpus so that kills keep landing
            // mid-ingest.
            round_dir = root.path().join(format!("round-{kills}-{completed_runs}"));
            std::fs::create_dir(&round_dir).expect("mkdir");
        }
    }
    // A final full ingest, in this process, completes the last round without duplicates.
    let corpus_dir = round_dir.join("corpus");
    let mut corpus = Corpus::open(&corpus_dir, OpenMode::ReadWrite).expect("opens");
    let summary = corpus.ingest(crash_records(), BATCH).expect("final ingest");
    assert!(corpus.check().expect("checks").is_consistent());
    drop(corpus);
    let final_audit = audit(&corpus_dir, RECORDS, &mut recoveries);
    lost += final_audit.lost;
    duplicates += final_audit.duplicates;

    let caught_up = recoveries.iter().filter(|r| matches!(r, Recovery::CaughtUp { .. })).count();
    let rebuilt = recoveries.iter().filter(|r| matches!(r, Recovery::Rebuilt { .. })).count();
    println!(
        "crash test (seed {seed}): kills performed {kills}, documents lost {lost}, duplicates \
         {duplicates}; index caught up after {caught_up} kills, rebuilt after {rebuilt}; {completed_runs} \
         child runs completed before their kill; final ingest {summary}; {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(lost, 0, "documents lost");
    assert_eq!(duplicates, 0, "duplicates");
    assert_eq!(summary.added + summary.unchanged, RECORDS as u64);
}
