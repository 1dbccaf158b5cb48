//! Search latency of an existing corpus over a fixed query set: median, p99 and max.
//!
//! ```text
//! cargo build --release -p echotrace-store --example search_latency
//! $CARGO_TARGET_DIR/release/examples/search_latency CORPUS_DIR [QUERIES_FILE] [ROUNDS]
//! ```
//!
//! `QUERIES_FILE` defaults to `crates/store/benches/queries.txt` (its header explains the
//! format), `ROUNDS` to 20. The corpus is opened read-only, each query run once to warm the
//! caches, then every query `ROUNDS` times; each latency is one `Corpus::search` call (query
//! parsing, filters, ranking, snippets). Prints one line per query (hits, median) and the
//! overall median, p99 and max.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use echotrace_store::{Corpus, OpenMode, SearchFilters};

const DEFAULT_QUERIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/queries.txt");

fn parse_queries(text: &str) -> Result<Vec<(String, SearchFilters)>, String> {
    let mut queries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let query = fields.next().unwrap_or("").trim().to_owned();
        // The CLI's default limit.
        let mut filters = SearchFilters { limit: 20, ..SearchFilters::default() };
        for filter in fields.filter(|f| !f.trim().is_empty()) {
            let (key, value) = filter.split_once('=').ok_or_else(|| {
                format!("line {}: filter {filter:?} is not KEY=VALUE", number + 1)
            })?;
            let value = value.trim().to_owned();
            let date =
                |v: &str| v.parse().map_err(|e| format!("line {}: date {v:?}: {e}", number + 1));
            match key.trim() {
                "outlet" => filters.outlet = Some(value),
                "since" => filters.since = Some(date(&value)?),
                "until" => filters.until = Some(date(&value)?),
                "entity" => filters.entity = Some(value),
                "technique" => filters.technique = Some(value),
                "limit" => {
                    filters.limit =
                        value.parse().map_err(|e| format!("line {}: limit: {e}", number + 1))?
                }
                other => return Err(format!("line {}: unknown filter {other:?}", number + 1)),
            }
        }
        queries.push((query, filters));
    }
    Ok(queries)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus_dir = PathBuf::from(
        args.next().ok_or("usage: search_latency CORPUS_DIR [QUERIES_FILE] [ROUNDS]")?,
    );
    let queries_path = args.next().map(PathBuf::from).unwrap_or_else(|| DEFAULT_QUERIES.into());
    let rounds: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(20).max(1);
    let queries = parse_queries(&std::fs::read_to_string(&queries_path)?)?;
    if queries.is_empty() {
        return Err(format!("no queries in {}", queries_path.display()).into());
    }
    let corpus = Corpus::open(&corpus_dir, OpenMode::ReadOnly)?;
    let documents = corpus.stats()?.documents;
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); queries.len()];
    let mut totals = Vec::with_capacity(queries.len());
    for (query, filters) in &queries {
        totals.push(corpus.search(query, filters)?.total);
    }
    for _ in 0..rounds {
        for (i, (query, filters)) in queries.iter().enumerate() {
            let started = Instant::now();
            let results = corpus.search(query, filters)?;
            per_query[i].push(started.elapsed());
            std::hint::black_box(results);
        }
    }
    println!(
        "search latency: {} queries x {rounds} rounds over {documents} documents ({})",
        queries.len(),
        corpus_dir.display()
    );
    for (i, (query, filters)) in queries.iter().enumerate() {
        per_query[i].sort();
        let shown = if query.is_empty() { "(no words)" } else { query.as_str() };
        println!(
            "  {:>8.2} ms median  {:>8} matches  {shown}{}",
            ms(percentile(&per_query[i], 0.5)),
            totals[i],
            if filters.outlet.is_some()
                || filters.since.is_some()
                || filters.until.is_some()
                || filters.entity.is_some()
                || filters.technique.is_some()
            {
                "  [filtered]"
            } else {
                ""
            }
        );
    }
    let mut all: Vec<Duration> = per_query.into_iter().flatten().collect();
    all.sort();
    println!(
        "  overall: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().expect("at least one query and one round"))
    );
    Ok(())
}
