//! Load test of the JSON API on loopback, and page response times.
//!
//! ```text
//! cargo run --release -p echotrace-serve --example load -- CORPUS_DIR [REQUESTS] [CONCURRENCY] [SECONDS]
//! ```
//!
//! Serves the corpus on 127.0.0.1 (an ephemeral port), sends at most REQUESTS (default 20,000)
//! requests from CONCURRENCY (default 16) connections for at most SECONDS (default 30) over a
//! mix of API routes (document by id, document pages of the list, search, outlet profile,
//! overview, an article's reuse pairs, claim clusters, a timeline, the outlet graph), and prints
//! requests/s, latency percentiles and the number of errors. It first times one load of the
//! overview page before the server has cached it, then, after the load, 50 sequential loads of
//! the overview, the heaviest article page, a search, the claim clusters and the outlet graph
//! (full responses).
//! Traffic goes to loopback only, and the run stops by itself.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use echotrace_serve::{render::path_segment, AppState, StateOptions};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Body>;

async fn fetch(client: &HttpClient, url: &str) -> Result<(StatusCode, usize), String> {
    let request = Request::get(url).body(Body::empty()).map_err(|e| e.to_string())?;
    let response = client.request(request).await.map_err(|e| e.to_string())?;
    let status = response.status();
    let body = axum::body::to_bytes(Body::new(response.into_body()), 64 << 20)
        .await
        .map_err(|e| e.to_string())?;
    Ok((status, body.len()))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = args.first().ok_or("usage: load CORPUS_DIR [REQUESTS] [CONCURRENCY] [SECONDS]")?;
    let max_requests: usize = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(20_000);
    let concurrency: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(16).max(1);
    let seconds: u64 = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(30);

    let state = AppState::open(corpus, StateOptions::default())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(echotrace_serve::serve_on(listener, state, async {
        let _ = stopped.await;
    }));
    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();

    // Ids and outlets to ask for, from the API itself.
    let listing = {
        let request = Request::get(format!("{base}/api/documents?limit=500")).body(Body::empty())?;
        let response = client.request(request).await?;
        let bytes = axum::body::to_bytes(Body::new(response.into_body()), 64 << 20).await?;
        serde_json::from_slice::<serde_json::Value>(&bytes)?
    };
    let documents = listing["documents"].as_array().cloned().unwrap_or_default();
    let ids: Vec<String> =
        documents.iter().filter_map(|d| d["id"].as_str()).map(path_segment).collect();
    let outlets: Vec<String> =
        documents.iter().filter_map(|d| d["outlet"].as_str()).map(path_segment).collect();
    if ids.is_empty() {
        return Err("the corpus has no documents".into());
    }
    // The overview before anything has cached it: what the first visitor waits.
    let sent = Instant::now();
    let (status, size) = fetch(&client, &format!("{base}/")).await?;
    if !status.is_success() {
        return Err(format!("/: {status}").into());
    }
    println!("page / first load (not cached): {} KB, {}", size / 1000, ms(sent.elapsed()));

    let words = ["ministry", "\"white helmets\"", "chemical OR attack", "police", "trump", "war"];
    let mut urls = Vec::new();
    for i in 0..1000 {
        let id = &ids[i % ids.len()];
        let url = match i % 20 {
            0..=8 => format!("{base}/api/documents/{id}"),
            9 => format!("{base}/api/documents?offset={}&limit=20", (i * 7) % ids.len()),
            10..=12 => format!("{base}/api/search?q={}", path_segment(words[i % words.len()])),
            13 => match outlets.get(i % outlets.len().max(1)) {
                Some(outlet) => format!("{base}/api/outlets/{outlet}"),
                None => format!("{base}/api/outlets"),
            },
            14 => format!("{base}/api/overview"),
            15 => format!("{base}/api/reuse?document={id}&limit=20"),
            16 => format!("{base}/api/claims?limit=20"),
            17 => format!("{base}/api/timeline?technique=Loaded_Language&by=week"),
            18 => format!("{base}/api/graph"),
            _ => format!("{base}/api/documents/{id}"),
        };
        urls.push(url);
    }

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let urls = std::sync::Arc::new(urls);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, next, urls) = (client.clone(), next.clone(), urls.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= max_requests || Instant::now() >= deadline {
                    break;
                }
                let url = &urls[n % urls.len()];
                let sent = Instant::now();
                match fetch(&client, url).await {
                    Ok((status, _)) if status.is_success() => latencies.push(sent.elapsed()),
                    Ok((status, _)) => errors.push(format!("{status} {url}")),
                    Err(error) => errors.push(format!("{error} {url}")),
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for worker in workers {
        let (l, e) = worker.await?;
        latencies.extend(l);
        errors.extend(e);
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    println!(
        "API load: {} requests ({} errors) from {concurrency} connections in {:.2} s: {:.0} requests/s; \
         latency p50 {}, p90 {}, p99 {}, max {}",
        latencies.len() + errors.len(),
        errors.len(),
        elapsed.as_secs_f64(),
        (latencies.len() + errors.len()) as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    for error in errors.iter().take(5) {
        println!("  error: {error}");
    }

    // Page response times: 50 sequential loads each, the whole body read.
    let article = {
        // The longest article of the listing: the heaviest article page.
        let longest = documents
            .iter()
            .max_by_key(|d| d["length"].as_u64().unwrap_or(0))
            .and_then(|d| d["id"].as_str())
            .unwrap_or_default();
        format!("/documents/{}", path_segment(longest))
    };
    let pages = [
        "/".to_owned(),
        article.clone(),
        "/search?q=ministry".to_owned(),
        "/claims".to_owned(),
        "/graph".to_owned(),
    ];
    for page in pages {
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..50 {
            let sent = Instant::now();
            let (status, size) = fetch(&client, &format!("{base}{page}")).await?;
            if !status.is_success() {
                return Err(format!("{page}: {status}").into());
            }
            times.push(sent.elapsed());
            bytes = size;
        }
        times.sort_unstable();
        println!(
            "page {page}: {} KB, median {}, p99 {} (50 loads)",
            bytes / 1000,
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99))
        );
    }
    let _ = stop.send(());
    server.await??;
    if !errors.is_empty() {
        return Err(format!("{} requests failed", errors.len()).into());
    }
    Ok(())
}
