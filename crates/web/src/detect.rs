//! Input format detection by content, the file name only breaking ties.

use std::path::Path;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// An HTML page.
    Html,
    /// An RSS 2.0, RSS 1.0 (RDF) or Atom feed.
    Feed,
    /// An uncompressed WARC file.
    Warc,
    /// A gzip-compressed WARC (`.warc.gz`, per-record members).
    WarcGz,
    /// Gzip of something else (or of unknown content).
    Gzip,
    /// JSON lines.
    Jsonl,
    /// Plain text.
    Text,
    /// Undecidable binary.
    Unknown,
}

/// Decides the format from the first bytes of a file (a few KiB suffice) and, for ties, its path.
///
/// For gzip input, pass decompressed head bytes if you have them; otherwise a `.warc.gz` name
/// makes [`Format::WarcGz`], and WARC magic inside the first member is recognised when `head` is
/// long enough to inflate its start.
pub fn detect_format(head: &[u8], path: Option<&Path>) -> Format {
    let name = path.and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_lowercase());
    let name = name.as_deref().unwrap_or("");
    if head.starts_with(&[0x1f, 0x8b]) {
        if name.ends_with(".warc.gz") || name.ends_with(".arc.gz") {
            return Format::WarcGz;
        }
        let mut inflated = Vec::new();
        let mut decoder = flate2::read::GzDecoder::new(head);
        // A truncated head ends in an error; what was inflated before it is enough to sniff.
        let mut chunk = [0u8; 1024];
        while let Ok(n) = std::io::Read::read(&mut decoder, &mut chunk) {
            if n == 0 || inflated.len() > 8192 {
                break;
            }
            inflated.extend_from_slice(&chunk[..n]);
        }
        return if inflated.starts_with(b"WARC/") { Format::WarcGz } else { Format::Gzip };
    }
    let text = skip_bom_and_space(head);
    if text.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let lower: Vec<u8> = text.iter().take(4096).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| memchr::memmem::find(&lower, needle).is_some();
    if text.starts_with(b"<") {
        if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
            // An HTML page may mention "<feed" in a script; a feed never has <html or <body.
            if !has(b"<html") && !has(b"<body") {
                return Format::Feed;
            }
        }
        if has(b"<html")
            || has(b"<!doctype html")
            || has(b"<head")
            || has(b"<body")
            || has(b"<div")
            || has(b"<p>")
        {
            return Format::Html;
        }
        if text.starts_with(b"<?xml") {
            return Format::Unknown;
        }
    }
    if text.starts_with(b"{")
        && (name.ends_with(".jsonl") || name.ends_with(".ndjson") || text.contains(&b'\n'))
    {
        return Format::Jsonl;
    }
    let binary = head.iter().take(4096).filter(|&&b| b == 0).count() > 0;
    if binary {
        return Format::Unknown;
    }
    match name.rsplit('.').next() {
        Some("html" | "htm" | "xhtml") => Format::Html,
        Some("rss" | "atom") => Format::Feed,
        Some("jsonl" | "ndjson") => Format::Jsonl,
        _ => Format::Text,
    }
}

fn skip_bom_and_space(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let n = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[n..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).expect("writing to a Vec cannot fail");
        e.finish().expect("writing to a Vec cannot fail")
    }

    fn check(head: &[u8], path: Option<&str>, expect: Format) {
        assert_eq!(
            detect_format(head, path.map(Path::new)),
            expect,
            "{:?}",
            String::from_utf8_lossy(head)
        );
    }

    #[test]
    fn by_content_first() {
        check(b"<!DOCTYPE html><html><body>x", Some("page.txt"), Format::Html);
        check(b"\xEF\xBB\xBF  <html lang=de>", None, Format::Html);
        check(
            b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>",
            Some("a.xml"),
            Format::Feed,
        );
        check(
            b"<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            None,
            Format::Feed,
        );
        check(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", Some("x.bin"), Format::Warc);
        check(&gz(b"WARC/1.1\r\nWARC-Type: response\r\n"), Some("crawl.gz"), Format::WarcGz);
        check(&gz(b"<html></html>"), None, Format::Gzip);
        check(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n", None, Format::Jsonl);
        check(b"Just some words.", Some("notes.txt"), Format::Text);
        check(b"\x00\x01\x02", None, Format::Unknown);
    }
}
