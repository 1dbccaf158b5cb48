//! Web inputs end to end: HTML pages (also under a `.txt` name), an RSS feed and a WARC archive
//! written by the test from the sample corpus, read by `analyze` like any other input.

use std::fs;
use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::support::{assert_valid_records, records, repo_root, run, stderr};

/// The body paragraphs of a sample-corpus text file (title and blank line dropped).
fn sample_paragraphs(name: &str) -> Vec<String> {
    let text = fs::read_to_string(repo_root().join("examples/corpus").join(name)).expect("sample");
    text.lines().skip(2).filter(|l| !l.trim().is_empty()).map(str::to_owned).collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A news page with boilerplate around the article.
fn page(title: &str, site: &str, date: &str, paragraphs: &[String]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{}</p>\n", escape(p))).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en-GB\"><head><title>{t} | {s}</title>\
         <meta property=\"og:site_name\" content=\"{s}\">\
         <meta property=\"article:published_time\" content=\"{date}T08:00:00Z\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav>\
         <div class=\"cookie-banner\">We use cookies to improve your experience. Accept all cookies</div>\
         <article><h1>{t}</h1>\n{body}</article>\
         <aside class=\"related\"><h3>Related</h3><a href=\"/a\">Another story about the weather</a></aside>\
         <footer>Copyright Example Media Group. All rights reserved.</footer></body></html>",
        t = escape(title),
        s = escape(site)
    )
}

fn gzip_member(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn warc_record(kind: &str, uri: Option<&str>, date: &str, payload: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\n",
        payload.len()
    );
    if let Some(uri) = uri {
        record.push_str(&format!("WARC-Target-URI: {uri}\r\n"));
    }
    let content_type = if kind == "response" {
        "application/http; msgtype=response"
    } else {
        "application/warc-fields"
    };
    record.push_str(&format!(
        "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        payload.len()
    ));
    let mut bytes = record.into_bytes();
    bytes.extend_from_slice(payload);
    bytes.extend_from_slice(b"\r\n\r\n");
    bytes
}

fn http_response(html: &str) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        html.len()
    )
    .into_bytes();
    bytes.extend_from_slice(html.as_bytes());
    bytes
}

#[test]
fn html_feed_and_warc_inputs_become_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let courier = sample_paragraphs("01_harbor-courier_ministry-warns.txt");
    let eastgate = sample_paragraphs("02_eastgate-daily_reprint.txt");
    let radio = sample_paragraphs("03_northwind-radio_general.txt");

    fs::write(
        dir.path().join("a_courier.html"),
        page("Ministry warns of staged incident", "Harbor Courier", "2025-04-02", &courier),
    )
    .expect("write");
    // HTML under a .txt name is recognised by its content.
    fs::write(
        dir.path().join("b_eastgate.txt"),
        page("Valdora accuses volunteers", "Eastgate Daily", "2025-04-03", &eastgate),
    )
    .expect("write");
    let item = |title: &str, link: &str, date: &str, body: &str| {
        format!(
            "<item><title>{}</title><link>{link}</link><pubDate>{date}</pubDate>{body}</item>",
            escape(title)
        )
    };
    let full = format!(
        "<description>Short teaser.</description><content:encoded><![CDATA[{}]]></content:encoded>",
        radio.iter().map(|p| format!("<p>{p}</p>")).collect::<String>()
    );
    let summary = format!("<description>{}</description>", escape(&eastgate[0]));
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
         <channel><title>Northwind Radio</title><link>https://northwind.example/</link>{}{}</channel></rss>",
        item("General Vasko: militants will strike", "https://northwind.example/vasko", "Wed, 03 Apr 2025 09:00:00 GMT", &full),
        item("Eastgate teaser", "https://northwind.example/teaser", "Thu, 04 Apr 2025 09:00:00 GMT", &summary),
    );
    fs::write(dir.path().join("c_feed.xml"), feed).expect("write");

    let mut warc = Vec::new();
    warc.extend(gzip_member(&warc_record(
        "warcinfo",
        None,
        "2025-04-05T00:00:00Z",
        b"software: test\r\n",
    )));
    warc.extend(gzip_member(&warc_record(
        "request",
        Some("https://courier.example/ministry-warns"),
        "2025-04-05T00:00:01Z",
        b"GET /ministry-warns HTTP/1.1\r\nHost: courier.example\r\n\r\n",
    )));
    // A page without a date of its own: the WARC-Date stands in.
    let undated = page("Ministry warns", "Harbor Courier", "", &courier)
        .replace("<meta property=\"article:published_time\" content=\"T08:00:00Z\">", "");
    warc.extend(gzip_member(&warc_record(
        "response",
        Some("https://courier.example/ministry-warns"),
        "2025-04-05T00:00:02Z",
        &http_response(&undated),
    )));
    warc.extend(gzip_member(&warc_record(
        "response",
        Some("https://eastgate.example/reprint"),
        "2025-04-05T00:00:03Z",
        &http_response(&page("Valdora accuses", "Eastgate Daily", "2025-04-03", &eastgate)),
    )));
    fs::write(dir.path().join("d_crawl.warc.gz"), warc).expect("write");

    let output = run(&["analyze", dir.path().to_str().expect("utf-8"), "-q"], None);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "stderr:\n{err}");
    let records = records(&output);
    assert_valid_records(&records);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().expect("id")).collect();
    assert_eq!(
        ids,
        [
            "a_courier",
            "b_eastgate",
            "https://northwind.example/vasko",
            "https://northwind.example/teaser",
            "https://courier.example/ministry-warns",
            "https://eastgate.example/reprint"
        ]
    );

    let html = &records[0];
    assert_eq!(html["text_from"], "html");
    assert_eq!(html["outlet"], "Harbor Courier");
    assert_eq!(html["published"], "2025-04-02");
    assert_eq!(html["language"], "en");
    let text = html["text"].as_str().expect("text");
    for paragraph in &courier {
        assert!(text.contains(paragraph.as_str()), "missing paragraph {paragraph:?} in {text:?}");
    }
    for boilerplate in
        ["Accept all cookies", "All rights reserved", "Another story about the weather"]
    {
        assert!(!text.contains(boilerplate), "boilerplate {boilerplate:?} kept in {text:?}");
    }
    assert_eq!(records[1]["text_from"], "html");
    assert_eq!(records[1]["outlet"], "Eastgate Daily");

    let full_item = &records[2];
    assert_eq!(full_item["text_from"], "feed_content");
    assert_eq!(full_item["published"], "2025-04-03");
    assert_eq!(full_item["outlet"], "Northwind Radio");
    assert!(full_item["text"].as_str().expect("text").contains(radio[1].as_str()));
    assert_eq!(records[3]["text_from"], "feed_summary");

    let undated_page = &records[4];
    assert_eq!(undated_page["published"], "2025-04-05", "the WARC-Date stands in");
    assert_eq!(undated_page["url"], "https://courier.example/ministry-warns");
    assert_eq!(records[5]["published"], "2025-04-03", "the page's own date wins");
}
