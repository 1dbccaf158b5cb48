//! Ingest and search benchmark of the corpus, on the PTC training articles (`../shared`) and on
//! larger corpora generated from them.
//!
//! ```text
//! cargo run --release -p echotrace-store --example corpus_bench -- [--docs N] [--batch B] [--dir DIR] [--seed S]
//! ```
//!
//! Without `--docs` (or with `--docs 371`) it ingests the 371 articles as they are. With a
//! larger N it generates N documents by recombining the articles' sentences: document j takes
//! 8 to 32 sentences drawn at random (xorshift, `--seed`) from all sentences of the corpus, a
//! title from its first words, one of 12 outlets and a day in 2016-2019. The generator is
//! deterministic for a given seed, so runs are comparable.
//!
//! Prints: ingest documents/s (store and index only, and end to end with generation and
//! analysis), on-disk bytes per document, peak memory (VmHWM), the rate of an idempotent
//! re-ingest, and search latency (median, p99) over a fixed set of queries.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use echotrace_analyze::Pipeline;
use echotrace_model::{Analysis, Document};
use echotrace_store::{Corpus, OpenMode, SearchFilters};

const ARTICLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ptc/train/articles");

const OUTLETS: &[&str] = &[
    "Press TV",
    "RT",
    "Sputnik",
    "TASS",
    "SANA",
    "Daily Sabah",
    "Al Masdar",
    "Global Times",
    "Reuters",
    "AP",
    "BBC",
    "Al Jazeera",
];

/// The fixed query set: words, phrases, boolean operators, field queries and filters.
fn queries() -> Vec<(&'static str, SearchFilters)> {
    let none = SearchFilters::default;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    vec![
        ("trump", none()),
        ("\"white house\"", none()),
        ("\"fake news\"", none()),
        ("russia AND investigation", none()),
        ("immigration OR refugees", none()),
        ("obama -clinton", none()),
        ("title:war", none()),
        ("iran nuclear deal", none()),
        ("\"north korea\"", none()),
        ("syria AND (chemical OR weapons)", none()),
        ("police shooting", none()),
        ("\"deep state\"", none()),
        ("vaccine", none()),
        ("catholic church", none()),
        ("border wall", none()),
        ("terrorist attack", none()),
        ("media", SearchFilters { outlet: Some("RT".into()), ..none() }),
        ("election", SearchFilters { since: day(2017, 1, 1), until: day(2017, 12, 31), ..none() }),
        (
            "president",
            SearchFilters { outlet: Some("Press TV".into()), since: day(2018, 1, 1), ..none() },
        ),
        ("", SearchFilters { outlet: Some("Sputnik".into()), ..none() }),
    ]
}

struct Options {
    docs: Option<usize>,
    batch: usize,
    dir: Option<PathBuf>,
    seed: u64,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options { docs: None, batch: 500, dir: None, seed: 42 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--docs" => options.docs = Some(value()?.parse().map_err(|e| format!("--docs: {e}"))?),
            "--batch" => options.batch = value()?.parse().map_err(|e| format!("--batch: {e}"))?,
            "--dir" => options.dir = Some(PathBuf::from(value()?)),
            "--seed" => options.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(options)
}

struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound.max(1) as u64) as usize
    }
}

fn read_articles() -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(ARTICLES)
        .unwrap_or_else(|e| panic!("{ARTICLES}: {e}"))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = String::from_utf8_lossy(&std::fs::read(path).expect("reads")).into_owned();
            let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (id, text)
        })
        .collect()
}

/// The sentences of every article, as the pipeline splits them.
fn sentence_pool(pipeline: &Pipeline, articles: &[(String, String)]) -> Vec<String> {
    let mut pool = Vec::new();
    for (id, text) in articles {
        let record = pipeline.run(Document::new(id.clone(), text.clone()));
        let chars: Vec<char> = record.document.text.chars().collect();
        for [start, end] in record.layers.sentences {
            let sentence: String =
                chars[start.min(chars.len())..end.min(chars.len())].iter().collect();
            let sentence = sentence.trim();
            if sentence.len() > 20 {
                pool.push(sentence.to_owned());
            }
        }
    }
    pool
}

/// Document `j` of the generated corpus.
fn generated_document(j: usize, pool: &[String], random: &mut Random) -> Document {
    let sentences = 8 + random.below(25);
    let mut text = String::new();
    for _ in 0..sentences {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&pool[random.below(pool.len())]);
    }
    let title: Vec<&str> = text.split_whitespace().take(8).collect();
    let mut document = Document::new(format!("generated-{j}"), text.clone());
    document.title = Some(title.join(" "));
    document.outlet = Some(OUTLETS[random.below(OUTLETS.len())].to_owned());
    let first = NaiveDate::from_ymd_opt(2016, 1, 1).expect("valid date");
    document.published = first.checked_add_days(chrono::Days::new(random.below(4 * 365) as u64));
    document
}

fn directory_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => directory_bytes(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = parse_options()?;
    let pipeline = Pipeline::standard();
    let articles = read_articles();
    let docs = options.docs.unwrap_or(articles.len());
    let generate = docs != articles.len();
    let pool = if generate { sentence_pool(&pipeline, &articles) } else { Vec::new() };

    let temp = tempfile::tempdir()?;
    let dir = options.dir.clone().unwrap_or_else(|| temp.path().join("corpus"));
    let mut corpus = Corpus::open(&dir, OpenMode::ReadWrite)?;

    // Records are produced lazily, as the CLI does, and the time spent producing them is
    // subtracted to give the store's own rate.
    let producing = Cell::new(Duration::ZERO);
    let records = |seed: u64| {
        let mut random = Random(seed | 1);
        let producing = &producing;
        let articles = &articles;
        let pool = &pool;
        let pipeline = &pipeline;
        (0..docs).map(move |j| {
            let started = Instant::now();
            let document = if generate {
                generated_document(j, pool, &mut random)
            } else {
                let (id, text) = &articles[j];
                Document::new(id.clone(), text.clone())
            };
            let record: Analysis = pipeline.run(document);
            producing.set(producing.get() + started.elapsed());
            record
        })
    };
    let summary = corpus.ingest(records(options.seed), options.batch)?;
    let producing_first = producing.replace(Duration::ZERO);
    let store_seconds = (summary.elapsed - producing_first).as_secs_f64();
    let again = corpus.ingest(records(options.seed), options.batch)?;
    let producing_again = producing.replace(Duration::ZERO);
    let again_seconds = (again.elapsed - producing_again).as_secs_f64();
    let documents = corpus.stats()?.documents;
    drop(corpus);
    let bytes = directory_bytes(&dir);

    let reader = Corpus::open(&dir, OpenMode::ReadOnly)?;
    let queries = queries();
    for (query, filters) in &queries {
        reader.search(query, filters)?;
    }
    const ROUNDS: usize = 20;
    let mut latencies = Vec::with_capacity(queries.len() * ROUNDS);
    let mut hits = 0;
    for _ in 0..ROUNDS {
        for (query, filters) in &queries {
            let started = Instant::now();
            let results = reader.search(query, filters)?;
            latencies.push(started.elapsed());
            hits += results.hits.len();
        }
    }
    latencies.sort();

    println!(
        "corpus bench: {docs} documents ({}), batch {}",
        if generate {
            format!("generated from PTC sentences, seed {}", options.seed)
        } else {
            "PTC train articles".into()
        },
        options.batch
    );
    println!(
        "  ingest: {:.0} documents/s store+index ({:.1}s), {:.0} documents/s end to end with generation and analysis ({:.1}s)",
        summary.read as f64 / store_seconds.max(1e-9),
        store_seconds,
        summary.documents_per_second(),
        summary.elapsed.as_secs_f64()
    );
    println!("  {summary}");
    println!(
        "  re-ingest of the same input: {:.0} documents/s store+index, {} added, {} unchanged",
        again.read as f64 / again_seconds.max(1e-9),
        again.added,
        again.unchanged
    );
    println!(
        "  on disk: {bytes} bytes for {documents} documents = {} bytes/document",
        bytes / documents.max(1)
    );
    if let Some(peak) = peak_memory_kib() {
        println!("  peak memory (VmHWM): {:.1} MiB", peak as f64 / 1024.0);
    }
    println!(
        "  search over {} queries x {ROUNDS}: median {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} hits returned)",
        queries.len(),
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        hits
    );
    Ok(())
}
