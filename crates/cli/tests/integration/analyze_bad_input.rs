//! Hostile and broken inputs: each gets one diagnostic naming the input and the reason, the run
//! goes on, the summary counts skips by reason, and the exit code says what happened.

use std::fs;
use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::support::{assert_valid_records, records, run, stderr};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip finishes")
}

#[test]
fn every_bad_input_is_reported_and_the_rest_analysed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = |name: &str| dir.path().join(name);
    fs::write(p("a_good.txt"), "Headline\n\nThe ministry said so. Residents disagreed.")
        .expect("write");
    fs::write(p("b_binary.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").expect("write");
    fs::write(p("c_cp1252.txt"), b"Caf\xe9 owners said \x93no\x94.").expect("write");
    fs::write(p("d_empty.txt"), b"").expect("write");
    fs::write(p("e_blank.txt"), b" \n\n\t\n").expect("write");
    fs::write(
        p("f_lines.jsonl"),
        "{\"id\":\"j1\",\"text\":\"Fine.\"}\n{\"id\": \"j2\", \"text\": \n[1,2]\n{\"id\":\"j3\",\"text\":\"Also fine.\"}\n",
    )
    .expect("write");
    fs::write(
        p("g_rows.csv"),
        "id,text,title\nc1,Text one.,Row one\nc2,Text two.\nc3,Text three.,Row three\n",
    )
    .expect("write");
    let whole = gzip(b"{\"id\":\"z1\",\"text\":\"Before the cut.\"}\n{\"id\":\"z2\",\"text\":\"Lost after the cut.\"}\n");
    fs::write(p("h_truncated.jsonl.gz"), &whole[..whole.len() - 12]).expect("write");
    let text_gz = gzip("A text that will be cut short by the truncation. ".repeat(50).as_bytes());
    fs::write(p("i_truncated.txt.gz"), &text_gz[..text_gz.len() / 2]).expect("write");
    // 200 MB on one line, far over the default 16 MiB limit: skipped without loading it.
    {
        let file = fs::File::create(p("j_huge.txt")).expect("create");
        let mut writer = std::io::BufWriter::new(file);
        let chunk = [b'a'; 1 << 20];
        for _ in 0..200 {
            writer.write_all(&chunk).expect("write chunk");
        }
    }
    std::os::unix::fs::symlink(p("does-not-exist"), p("k_dangling.txt")).expect("symlink");
    let missing = p("no/such/file.txt");

    let dir_arg = dir.path().to_str().expect("utf-8");
    let output = run(&["analyze", dir_arg, missing.to_str().expect("utf-8")], None);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "stderr:\n{err}");

    let ids: Vec<String> =
        records(&output).iter().map(|r| r["id"].as_str().expect("id").to_owned()).collect();
    assert_eq!(ids, ["a_good", "c_cp1252", "j1", "j3", "c1", "c2", "c3", "z1"], "stderr:\n{err}");
    assert_valid_records(&records(&output));
    let cp1252 = &records(&output)[1];
    assert_eq!(cp1252["text"], "Café owners said “no”.");

    let expect_lines = [
        "b_binary.txt: skipped: binary content",
        "c_cp1252.txt: warning: not valid UTF-8; decoded as Windows-1252",
        "d_empty.txt: skipped: empty",
        "e_blank.txt: skipped: empty",
        "f_lines.jsonl:2: skipped: malformed JSON",
        "f_lines.jsonl:3: skipped: malformed JSON: not a JSON object",
        "g_rows.csv:3: warning: row has 2 of the header's 3 columns",
        "h_truncated.jsonl.gz:2: skipped: truncated compressed stream",
        "i_truncated.txt.gz: skipped: truncated compressed stream",
        "j_huge.txt: skipped: longer than the 16777216-byte limit",
        "k_dangling.txt: skipped: cannot read",
        "file.txt: skipped: cannot read",
    ];
    for expected in expect_lines {
        assert_eq!(
            err.lines().filter(|l| l.contains(expected)).count(),
            1,
            "expected exactly one line containing {expected:?} in stderr:\n{err}"
        );
    }
    assert!(!err.contains("panicked"), "stderr:\n{err}");
    let summary = err.lines().last().expect("a summary line");
    assert!(summary.contains("analysed 8 documents"), "summary: {summary}");
    assert!(
        summary.contains("skipped 10 (binary 1, empty 2, malformed JSON 2, too large 1, truncated 2, unreadable 2)"),
        "summary: {summary}"
    );
}

#[test]
fn a_csv_row_without_the_text_column_is_skipped_with_its_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("rows.csv");
    fs::write(&csv, "id,text,title\nr1,Text.,T\nr2\n").expect("write");
    let output = run(&["analyze", csv.to_str().expect("utf-8"), "-q"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("rows.csv:3: skipped: no text field \"text\""));
    assert_eq!(records(&output).len(), 1);
}

#[test]
fn a_long_jsonl_line_is_skipped_and_the_next_line_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let jsonl = dir.path().join("long.jsonl");
    let long = format!(
        "{{\"id\":\"long\",\"text\":\"{}\"}}\n{{\"id\":\"after\",\"text\":\"Short.\"}}\n",
        "x".repeat(5000)
    );
    fs::write(&jsonl, long).expect("write");
    let output =
        run(&["analyze", jsonl.to_str().expect("utf-8"), "--max-bytes", "1000", "-q"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("long.jsonl:1: skipped: longer than the 1000-byte limit"));
    assert_eq!(records(&output)[0]["id"], "after");
}

#[test]
fn exit_code_one_when_nothing_could_run() {
    let nothing = run(&["analyze", "/no/such/path/anywhere"], None);
    assert_eq!(nothing.status.code(), Some(1));
    assert!(stderr(&nothing).contains("/no/such/path/anywhere: skipped: cannot read"));

    let bad_flag = run(&["analyze", "--format", "yaml"], None);
    assert_eq!(bad_flag.status.code(), Some(1));

    let bad_mapping = run(&["analyze", "--field", "colour=red", "-"], Some(b"text"));
    assert_eq!(bad_mapping.status.code(), Some(1));
    assert!(stderr(&bad_mapping).contains("invalid field mapping"));

    let dir = tempfile::tempdir().expect("tempdir");
    let unwritable = dir.path().join("missing-dir/out.jsonl");
    let out = run(&["analyze", "--out", unwritable.to_str().expect("utf-8"), "-"], Some(b"text"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot create"));
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A deterministic spread of byte soups: control bytes, broken UTF-8, quotes, lone surrogates
    // in JSON escapes, deep brackets.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet: &[&[u8]] = &[
        b"a",
        b" ",
        b"\n",
        b".",
        b"\"",
        b"\xe2\x80\x9c",
        b"\xff",
        b"\xc3",
        b"{",
        b"}",
        b"\\ud800",
        b"U.S.",
        b"Maj.",
        b"\t",
        b"\r\n",
        b"\xe2\x80",
        b"(Reuters) -",
        b"date 2019-13-45 ",
    ];
    for round in 0..40 {
        let mut soup = Vec::new();
        for _ in 0..(next() % 400) {
            soup.extend_from_slice(alphabet[(next() % alphabet.len() as u64) as usize]);
        }
        let output = run(&["analyze", "-", "-q"], Some(&soup));
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "round {round}: exit {:?}, stderr {}",
            output.status.code(),
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "round {round}: {}", stderr(&output));
        assert_valid_records(&records(&output));
    }
}
