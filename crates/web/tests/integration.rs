//! End-to-end tests: a WARC written here from hand-written pages, and real pages from ../shared.

use std::io::{Read, Write};
use std::path::PathBuf;

use echotrace_web::{detect_format, extract_article, Format, WarcReader};

const ARTICLE: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Bridge reopens | Valley Times</title>
<meta property="og:site_name" content="Valley Times"></head><body>
<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>Bridge reopens</h1>
<p>The old bridge over the river reopened on Friday after two years of repairs, the city said.</p>
<p>Traffic is expected to return to normal by the end of the month, according to officials.</p>
</article><footer>Valley Times, all rights reserved</footer></body></html>"#;

fn warc_record(warc_type: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2024-03-01T12:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

#[test]
fn warc_gz_written_from_pages_reads_back_as_articles() {
    let http =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{ARTICLE}");
    let mut file = Vec::new();
    file.extend(gzip(&warc_record("warcinfo", "", b"software: echotrace test")));
    file.extend(gzip(&warc_record(
        "request",
        "https://valley.example/bridge",
        b"GET /bridge HTTP/1.1\r\n\r\n",
    )));
    file.extend(gzip(&warc_record("response", "https://valley.example/bridge", http.as_bytes())));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, &file).expect("write WARC");

    let head: Vec<u8> = file.iter().take(4096).copied().collect();
    assert_eq!(detect_format(&head, Some(&path)), Format::WarcGz);

    let reader = WarcReader::new(std::fs::File::open(&path).expect("open WARC")).expect("readable");
    let mut reader = reader;
    let records: Vec<_> = reader.by_ref().collect::<Result<_, _>>().expect("no bad records");
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.url, "https://valley.example/bridge");
    let article = extract_article(&record.body, record.charset.as_deref(), Some(&record.url))
        .expect("article extracted");
    assert!(article.text.contains("reopened on Friday"));
    assert!(!article.text.contains("rights reserved"));
    assert_eq!(article.outlet.as_deref(), Some("Valley Times"));
    // The page has no date of its own: the caller falls back to WARC-Date.
    assert_eq!(article.published, None);
    assert_eq!(record.fetched.map(|d| d.date_naive().to_string()).as_deref(), Some("2024-03-01"));
    let stats = reader.stats();
    assert_eq!(stats.html_responses, 1);
    assert_eq!(stats.skipped.get("warcinfo"), Some(&1));
    assert_eq!(stats.skipped.get("request"), Some(&1));
}

fn shared(path: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/")).join(path)
}

#[test]
fn real_pages_extract_without_panicking() {
    let dir = shared("html/trafilatura-eval/html");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not present", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut checked = 0;
    for path in files.iter().step_by(50).take(20) {
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(path).expect("open page"))
            .read_to_end(&mut bytes)
            .expect("gunzip page");
        assert_eq!(
            detect_format(&bytes[..bytes.len().min(4096)], Some(path)),
            Format::Html,
            "{}",
            path.display()
        );
        let article = extract_article(&bytes, None, None)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(article.text.chars().count() > 50, "{}: {:?}", path.display(), article.text);
        checked += 1;
    }
    assert_eq!(checked, 20);
}
