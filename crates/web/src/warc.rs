//! Streaming WARC reader: HTML `response` records out of `.warc` and `.warc.gz`.
//!
//! Common Crawl writes one gzip member per record. Members are inflated one at a time, so a
//! corrupt or truncated member is reported and the reader resumes at the next gzip header (the
//! inflater may have read into the following member, which is then lost with it). In plain WARC, a record whose `Content-Length` lies is detected at
//! the record boundary and the reader resynchronises on the next `WARC/` version line.
//! Nothing is ever read whole: memory is bounded by [`MAX_RECORD_BYTES`].

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Error, Result};

/// Largest record body kept in memory; bigger records are skipped (streamed past) and reported.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;
const MAX_LINE: usize = 64 * 1024;
const MAX_HEADERS: usize = 512;

/// One HTML page from a WARC `response` record.
#[derive(Debug, Clone, Serialize)]
pub struct WarcRecord {
    /// `WARC-Target-URI`.
    pub url: String,
    /// `WARC-Date`: when the page was fetched (use when the page itself has no date).
    pub fetched: Option<DateTime<Utc>>,
    /// `WARC-Record-ID`.
    pub record_id: Option<String>,
    /// HTTP status code.
    pub http_status: Option<u16>,
    /// Charset from the HTTP `Content-Type`, to pass to [`crate::extract_article`].
    pub charset: Option<String>,
    /// The HTML bytes (HTTP headers removed, content- and transfer-encoding undone).
    pub body: Vec<u8>,
}

/// What the reader has seen so far.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WarcStats {
    /// Well-formed records read (yielded or skipped).
    pub records: u64,
    /// HTML responses yielded.
    pub html_responses: u64,
    /// Records skipped, by `WARC-Type` (`response (not html)` for other payloads).
    pub skipped: BTreeMap<String, u64>,
    /// Errors reported (malformed records, corrupt gzip members, oversized records).
    pub errors: u64,
}

/// A byte source with a push-back buffer, so bytes read past a lying boundary can be returned.
struct Pushback<B> {
    pending: Vec<u8>,
    pos: usize,
    inner: B,
}

impl<B: BufRead> Pushback<B> {
    fn new(inner: B) -> Self {
        Pushback { pending: Vec::new(), pos: 0, inner }
    }

    fn unread(&mut self, bytes: &[u8]) {
        let mut rest = bytes.to_vec();
        rest.extend_from_slice(&self.pending[self.pos..]);
        self.pending = rest;
        self.pos = 0;
    }

    /// Reads a line (with its terminator) of at most `MAX_LINE` bytes; `None` at end of input.
    /// Longer lines are returned truncated, the rest consumed.
    fn read_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        loop {
            let buf = self.fill_buf()?;
            if buf.is_empty() {
                return Ok((!line.is_empty()).then_some(line));
            }
            let (take, done) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            if line.len() < MAX_LINE {
                let room = MAX_LINE - line.len();
                line.extend_from_slice(&buf[..take.min(room)]);
            }
            self.consume(take);
            if done {
                return Ok(Some(line));
            }
        }
    }
}

impl<B: BufRead> Read for Pushback<B> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buf = self.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<B: BufRead> BufRead for Pushback<B> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.pending.len() {
            return Ok(&self.pending[self.pos..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if self.pos < self.pending.len() {
            self.pos = (self.pos + amount).min(self.pending.len());
            if self.pos == self.pending.len() {
                self.pending.clear();
                self.pos = 0;
            }
        } else {
            self.inner.consume(amount);
        }
    }
}

type Member<R> = Pushback<BufReader<flate2::bufread::GzDecoder<BufReader<R>>>>;

enum Source<R: Read> {
    Plain(Pushback<BufReader<R>>),
    /// Between members: the compressed stream.
    GzipIdle(BufReader<R>),
    /// Inside a member.
    GzipMember(Member<R>),
    Done,
}

/// Iterator over the HTML responses of a WARC stream.
///
/// Yields `Err` for each bad record or corrupt gzip member and goes on with the rest; call
/// [`WarcReader::stats`] for counts of what was skipped.
pub struct WarcReader<R: Read> {
    source: Source<R>,
    stats: WarcStats,
    record_index: u64,
    member_index: u64,
}

impl<R: Read> std::fmt::Debug for WarcReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarcReader").field("stats", &self.stats).finish_non_exhaustive()
    }
}

impl<R: Read> WarcReader<R> {
    /// Wraps a `.warc` or `.warc.gz` stream; compression is recognised by the gzip magic.
    ///
    /// # Errors
    /// When the first bytes cannot be read.
    pub fn new(reader: R) -> Result<Self> {
        let mut buffered = BufReader::with_capacity(64 * 1024, reader);
        let head = buffered.fill_buf()?;
        let source = if head.starts_with(&[0x1f, 0x8b]) {
            Source::GzipIdle(buffered)
        } else {
            Source::Plain(Pushback::new(buffered))
        };
        Ok(WarcReader { source, stats: WarcStats::default(), record_index: 0, member_index: 0 })
    }

    /// Counts so far (complete once the iterator has returned `None`).
    pub fn stats(&self) -> &WarcStats {
        &self.stats
    }

    fn error(&mut self, e: Error) -> Option<Result<WarcRecord>> {
        self.stats.errors += 1;
        Some(Err(e))
    }
}

impl<R: Read> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match std::mem::replace(&mut self.source, Source::Done) {
                Source::Done => return None,
                Source::Plain(mut src) => {
                    let outcome = read_record(&mut src, self.record_index, &mut self.stats);
                    match outcome {
                        RecordOutcome::End => return None,
                        RecordOutcome::Skipped => {
                            self.record_index += 1;
                            self.source = Source::Plain(src);
                        }
                        RecordOutcome::Html(record) => {
                            self.record_index += 1;
                            self.source = Source::Plain(src);
                            return Some(Ok(*record));
                        }
                        RecordOutcome::Bad(e) => {
                            self.record_index += 1;
                            if !matches!(e, Error::Io(_)) {
                                self.source = Source::Plain(src);
                                let _ = resync(&mut self.source);
                            }
                            return self.error(e);
                        }
                    }
                }
                Source::GzipIdle(mut compressed) => match compressed.fill_buf() {
                    Ok([]) => return None,
                    Ok([0x1f, 0x8b, ..]) => {
                        let decoder = flate2::bufread::GzDecoder::new(compressed);
                        self.source = Source::GzipMember(Pushback::new(BufReader::new(decoder)));
                    }
                    Ok(_) => {
                        // Garbage between members: skip to the next gzip header.
                        let member = self.member_index;
                        self.member_index += 1;
                        let skipped = skip_to_gzip_magic(&mut compressed);
                        self.source = Source::GzipIdle(compressed);
                        return self.error(Error::Gzip {
                            member,
                            reason: format!("{skipped} bytes of non-gzip data skipped"),
                        });
                    }
                    Err(e) => return self.error(Error::Io(e)),
                },
                Source::GzipMember(mut member) => {
                    let outcome = read_record(&mut member, self.record_index, &mut self.stats);
                    let back_to_idle = |member: Member<R>| member.inner.into_inner().into_inner();
                    match outcome {
                        RecordOutcome::End => {
                            self.member_index += 1;
                            self.source = Source::GzipIdle(back_to_idle(member));
                        }
                        RecordOutcome::Skipped => {
                            self.record_index += 1;
                            self.source = Source::GzipMember(member);
                        }
                        RecordOutcome::Html(record) => {
                            self.record_index += 1;
                            self.source = Source::GzipMember(member);
                            return Some(Ok(*record));
                        }
                        RecordOutcome::Bad(Error::Io(e)) => {
                            // The member itself is corrupt or truncated: abandon it and resume
                            // at the next gzip header.
                            let index = self.member_index;
                            self.member_index += 1;
                            let mut compressed = back_to_idle(member);
                            skip_to_gzip_magic(&mut compressed);
                            self.source = Source::GzipIdle(compressed);
                            return self
                                .error(Error::Gzip { member: index, reason: e.to_string() });
                        }
                        RecordOutcome::Bad(e) => {
                            self.record_index += 1;
                            self.source = Source::GzipMember(member);
                            let _ = resync(&mut self.source);
                            return self.error(e);
                        }
                    }
                }
            }
        }
    }
}

/// Skips to the next `WARC/` version line inside the current plain stream or member.
fn resync<R: Read>(source: &mut Source<R>) -> io::Result<()> {
    fn scan<B: BufRead>(src: &mut Pushback<B>) -> io::Result<()> {
        while let Some(line) = src.read_line()? {
            if line.starts_with(b"WARC/1.") || line.starts_with(b"WARC/0.") {
                src.unread(&line);
                return Ok(());
            }
        }
        Ok(())
    }
    match source {
        Source::Plain(src) => scan(src),
        Source::GzipMember(src) => scan(src),
        _ => Ok(()),
    }
}

/// Consumes bytes up to (not including) the next gzip magic; returns how many were skipped.
fn skip_to_gzip_magic<B: BufRead>(src: &mut B) -> u64 {
    let mut skipped = 0u64;
    loop {
        let buf = match src.fill_buf() {
            Ok(b) => b,
            Err(_) => return skipped,
        };
        if buf.is_empty() {
            return skipped;
        }
        // Start at 1 when the buffer begins with a magic we already failed on.
        let from = usize::from(skipped == 0 && buf.starts_with(&[0x1f, 0x8b]));
        match memchr::memmem::find(&buf[from..], &[0x1f, 0x8b, 0x08]) {
            Some(i) => {
                src.consume(from + i);
                return skipped + (from + i) as u64;
            }
            None => {
                // Keep the last two bytes: a magic may straddle buffers.
                let n = buf.len().saturating_sub(2).max(from).max(1);
                src.consume(n);
                skipped += n as u64;
            }
        }
    }
}

enum RecordOutcome {
    End,
    Skipped,
    Html(Box<WarcRecord>),
    Bad(Error),
}

fn read_record<B: BufRead>(
    src: &mut Pushback<B>,
    index: u64,
    stats: &mut WarcStats,
) -> RecordOutcome {
    match try_read_record(src, index, stats) {
        Ok(outcome) => outcome,
        Err(e) => RecordOutcome::Bad(e),
    }
}

fn bad(record: u64, reason: impl Into<String>) -> Error {
    Error::Warc { record, reason: reason.into() }
}

fn try_read_record<B: BufRead>(
    src: &mut Pushback<B>,
    index: u64,
    stats: &mut WarcStats,
) -> Result<RecordOutcome> {
    // Version line, after any blank lines.
    let version = loop {
        match src.read_line()? {
            None => return Ok(RecordOutcome::End),
            Some(line) if line.iter().all(u8::is_ascii_whitespace) => continue,
            Some(line) => break line,
        }
    };
    if !version.starts_with(b"WARC/") {
        return Err(bad(index, "expected a WARC/ version line"));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let Some(line) = src.read_line()? else {
            return Err(bad(index, "stream ended inside the record header"));
        };
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if headers.len() >= MAX_HEADERS {
            return Err(bad(index, "more than 512 header lines"));
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let length: u64 = header("content-length")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| bad(index, "missing or invalid Content-Length"))?;
    let warc_type = header("warc-type").unwrap_or("unknown").to_ascii_lowercase();
    let is_http_response = warc_type == "response"
        && header("content-type")
            .is_none_or(|ct| ct.to_ascii_lowercase().contains("application/http"));

    if !is_http_response || length > MAX_RECORD_BYTES {
        let copied = io::copy(&mut (&mut *src).take(length), &mut io::sink())?;
        if copied < length {
            return Err(bad(
                index,
                format!("Content-Length is {length} but the stream ended after {copied} bytes"),
            ));
        }
        check_record_end(src, index)?;
        stats.records += 1;
        if is_http_response {
            return Err(Error::TooLarge { size: length, limit: MAX_RECORD_BYTES });
        }
        *stats.skipped.entry(warc_type).or_default() += 1;
        return Ok(RecordOutcome::Skipped);
    }

    let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
    (&mut *src).take(length).read_to_end(&mut block)?;
    // A Content-Length that is too long swallows the next record: find its header inside.
    if let Some(pos) = memchr::memmem::find(&block, b"\r\n\r\nWARC/1.") {
        src.unread(&block[pos + 4..]);
        return Err(bad(index, "Content-Length runs into the next record"));
    }
    if (block.len() as u64) < length {
        return Err(bad(
            index,
            format!("Content-Length is {length} but the stream ended after {} bytes", block.len()),
        ));
    }
    check_record_end(src, index)?;
    stats.records += 1;
    let url = header("warc-target-uri").unwrap_or("").trim_matches(['<', '>']).to_string();
    let fetched = header("warc-date")
        .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
        .map(|d| d.with_timezone(&Utc));
    let record_id = header("warc-record-id").map(str::to_string);
    match parse_http(&block) {
        Some(page) => {
            stats.html_responses += 1;
            Ok(RecordOutcome::Html(Box::new(WarcRecord {
                url,
                fetched,
                record_id,
                http_status: page.status,
                charset: page.charset,
                body: page.body,
            })))
        }
        None => {
            *stats.skipped.entry("response (not html)".into()).or_default() += 1;
            Ok(RecordOutcome::Skipped)
        }
    }
}

/// A record ends with CRLF CRLF; anything else means its Content-Length was wrong.
fn check_record_end<B: BufRead>(src: &mut Pushback<B>, index: u64) -> Result<()> {
    let mut end = Vec::with_capacity(4);
    (&mut *src).take(4).read_to_end(&mut end)?;
    if end.is_empty() || end == b"\r\n\r\n" || end == b"\n\n" || end == b"\r\n" {
        return Ok(());
    }
    src.unread(&end);
    Err(bad(index, "Content-Length does not end at the record boundary"))
}

struct HttpPage {
    status: Option<u16>,
    charset: Option<String>,
    body: Vec<u8>,
}

fn parse_http(block: &[u8]) -> Option<HttpPage> {
    let (head_len, sep_len) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => (memchr::memmem::find(block, b"\n\n")?, 2),
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok());
    let mut content_type = None;
    let mut content_encoding = None;
    let mut chunked = false;
    for line in lines {
        let Some((k, v)) = line.split_once(':') else { continue };
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(v.trim().to_ascii_lowercase()),
            "content-encoding" => content_encoding = Some(v.trim().to_ascii_lowercase()),
            "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
    }
    let mut body = block[head_len + sep_len..].to_vec();
    if chunked {
        if let Some(joined) = dechunk(&body) {
            body = joined;
        }
    }
    if let Some(enc) = &content_encoding {
        if enc.contains("gzip") || enc.contains("deflate") {
            let mut out = Vec::new();
            let limit = MAX_RECORD_BYTES;
            let ok = if enc.contains("gzip") {
                flate2::read::MultiGzDecoder::new(&body[..])
                    .take(limit)
                    .read_to_end(&mut out)
                    .is_ok()
            } else {
                flate2::read::ZlibDecoder::new(&body[..]).take(limit).read_to_end(&mut out).is_ok()
            };
            if ok {
                body = out;
            }
        }
    }
    let is_html = match &content_type {
        Some(ct) => ct.contains("html"),
        None => {
            let sniff: Vec<u8> = body.iter().take(1024).map(u8::to_ascii_lowercase).collect();
            memchr::memmem::find(&sniff, b"<html").is_some()
                || memchr::memmem::find(&sniff, b"<!doctype html").is_some()
        }
    };
    if !is_html {
        return None;
    }
    let charset = content_type.as_deref().and_then(|ct| {
        ct.split(';')
            .find_map(|p| p.trim().strip_prefix("charset="))
            .map(|c| c.trim_matches(['"', '\'']).to_string())
    });
    Some(HttpPage { status, charset, body })
}

fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = memchr::memmem::find(rest, b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?;
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// One WARC record, as a test fixture.
    pub(crate) fn record(warc_type: &str, uri: &str, block: &[u8], lie: i64) -> Vec<u8> {
        let declared = (block.len() as i64 + lie).max(0);
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2021-05-03T10:00:00Z\r\n\
             WARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {declared}\r\n\r\n"
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    pub(crate) fn http(content_type: &str, body: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    pub(crate) fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).expect("writing to a Vec cannot fail");
        e.finish().expect("writing to a Vec cannot fail")
    }

    fn page(n: usize) -> Vec<u8> {
        http(
            "text/html; charset=utf-8",
            &format!("<html><body><p>Page number {n}.</p></body></html>"),
        )
    }

    fn urls(reader: &mut WarcReader<&[u8]>) -> (Vec<String>, usize) {
        let mut ok = Vec::new();
        let mut errors = 0;
        for item in reader {
            match item {
                Ok(r) => ok.push(r.url),
                Err(_) => errors += 1,
            }
        }
        (ok, errors)
    }

    #[test]
    fn plain_warc_yields_html_and_counts_the_rest() {
        let mut warc = record("warcinfo", "", b"software: test", 0);
        warc.extend(record("request", "http://a/1", b"GET / HTTP/1.1\r\n\r\n", 0));
        warc.extend(record("response", "http://a/1", &page(1), 0));
        warc.extend(record("response", "http://a/img", &http("image/png", "PNG"), 0));
        warc.extend(record("response", "http://a/2", &page(2), 0));
        let mut reader = WarcReader::new(&warc[..]).expect("readable");
        let (ok, errors) = urls(&mut reader);
        assert_eq!(ok, ["http://a/1", "http://a/2"]);
        assert_eq!(errors, 0);
        let stats = reader.stats();
        assert_eq!(stats.records, 5);
        assert_eq!(stats.skipped.get("warcinfo"), Some(&1));
        assert_eq!(stats.skipped.get("request"), Some(&1));
        assert_eq!(stats.skipped.get("response (not html)"), Some(&1));
    }

    #[test]
    fn lying_content_length_is_reported_and_the_stream_goes_on() {
        for lie in [-10, 25, 5000] {
            let mut warc = record("response", "http://a/1", &page(1), 0);
            warc.extend(record("response", "http://a/liar", &page(2), lie));
            warc.extend(record("response", "http://a/3", &page(3), 0));
            warc.extend(record("response", "http://a/4", &page(4), 0));
            let mut reader = WarcReader::new(&warc[..]).expect("readable");
            let (ok, errors) = urls(&mut reader);
            assert!(errors >= 1, "lie {lie}: no error reported");
            assert!(ok.contains(&"http://a/1".to_string()), "lie {lie}: {ok:?}");
            assert!(ok.contains(&"http://a/4".to_string()), "lie {lie}: {ok:?}");
            assert!(!ok.contains(&"http://a/liar".to_string()), "lie {lie}: {ok:?}");
        }
    }

    #[test]
    fn gzip_members_and_truncated_member() {
        let mut warc = gz(&record("response", "http://a/1", &page(1), 0));
        let broken = gz(&record("response", "http://a/2", &page(2), 0));
        warc.extend_from_slice(&broken[..broken.len() / 2]);
        warc.extend(gz(&record("response", "http://a/3", &page(3), 0)));
        warc.extend(gz(&record("metadata", "http://a/3", b"x", 0)));
        warc.extend(gz(&record("response", "http://a/4", &page(4), 0)));
        let mut reader = WarcReader::new(&warc[..]).expect("readable");
        let (ok, errors) = urls(&mut reader);
        assert!(errors >= 1);
        assert_eq!(ok.first().map(String::as_str), Some("http://a/1"));
        assert!(!ok.contains(&"http://a/2".to_string()), "{ok:?}");
        // The inflater may read into the member after the broken one (a/3), which is then lost
        // with it; everything after that is read again.
        assert_eq!(ok.last().map(String::as_str), Some("http://a/4"), "{ok:?}");
        assert_eq!(reader.stats().skipped.get("metadata"), Some(&1));
        // Truncated at the very end.
        let whole = gz(&record("response", "http://a/1", &page(1), 0));
        let cut = &whole[..whole.len() - 10];
        let (ok, errors) = urls(&mut WarcReader::new(cut).expect("readable"));
        assert_eq!(errors, 1);
        assert!(ok.len() <= 1);
    }

    #[test]
    fn oversized_record_is_streamed_past_and_reported() {
        let huge = http("text/html", &"<p>x</p>".repeat(3 * 1024 * 1024));
        assert!(huge.len() as u64 > MAX_RECORD_BYTES);
        let mut warc = record("response", "http://a/huge", &huge, 0);
        warc.extend(record("response", "http://a/after", &page(1), 0));
        let mut reader = WarcReader::new(&warc[..]).expect("readable");
        let first = reader.next().expect("an item");
        assert!(matches!(first, Err(Error::TooLarge { .. })), "{first:?}");
        let second = reader.next().expect("an item").expect("valid");
        assert_eq!(second.url, "http://a/after");
        assert!(reader.next().is_none());
        assert_eq!(reader.stats().errors, 1);
    }

    #[test]
    fn record_fields_and_encodings() {
        let body = gz(b"<html><body><p>zipped</p></body></html>");
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(body);
        let warc = record("response", "<http://a/z>", &block, 0);
        let mut reader = WarcReader::new(&warc[..]).expect("readable");
        let rec = reader.next().expect("one record").expect("valid");
        assert_eq!(rec.url, "http://a/z");
        assert_eq!(rec.http_status, Some(200));
        assert_eq!(rec.charset.as_deref(), Some("iso-8859-1"));
        assert_eq!(rec.body, b"<html><body><p>zipped</p></body></html>");
        assert_eq!(
            rec.fetched.map(|d| d.to_rfc3339()).as_deref(),
            Some("2021-05-03T10:00:00+00:00")
        );
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
    }
}
