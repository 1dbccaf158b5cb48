//! Parquet files written here with the parquet crate's column writers, read back through
//! `read_inputs` as the CLI reads them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use echotrace_model::{DateSource, Document};
use parquet::basic::{Compression, GzipLevel};
use parquet::data_type::{
    ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type, Int96, Int96Type,
};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::SchemaDescriptor;

use crate::{read_inputs, Event, FieldMap, Input, ReadOptions, Skip, SkipReason};

/// One column's values, `None` for null.
enum Values {
    Str(Vec<Option<&'static str>>),
    I32(Vec<Option<i32>>),
    I64(Vec<Option<i64>>),
    I96(Vec<Option<Int96>>),
    F64(Vec<Option<f64>>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Str(v) => v.len(),
            Values::I32(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::I96(v) => v.len(),
            Values::F64(v) => v.len(),
        }
    }
}

/// Definition levels and the dense values of rows `range` of `values`.
fn dense<T: Clone>(values: &[Option<T>], range: std::ops::Range<usize>) -> (Vec<i16>, Vec<T>) {
    let rows = &values[range];
    let levels = rows.iter().map(|v| i16::from(v.is_some())).collect();
    (levels, rows.iter().flatten().cloned().collect())
}

/// Writes `columns` (in the order of `message`'s fields) as a Parquet file, `group_rows` rows per
/// row group.
fn write(path: &Path, message: &str, columns: &[Values], group_rows: usize, codec: Compression) {
    write_file(path, message, columns, group_rows, codec).expect("write a Parquet file");
}

fn write_file(
    path: &Path,
    message: &str,
    columns: &[Values],
    group_rows: usize,
    codec: Compression,
) -> parquet::errors::Result<()> {
    let schema = Arc::new(parse_message_type(message)?);
    let descriptor = SchemaDescriptor::new(schema.clone());
    let properties = WriterProperties::builder().set_compression(codec).build();
    let file = std::fs::File::create(path)?;
    let mut writer = SerializedFileWriter::new(file, schema, Arc::new(properties))?;
    let rows = columns.first().map_or(0, Values::len);
    for start in (0..rows).step_by(group_rows) {
        let range = start..(start + group_rows).min(rows);
        let mut group = writer.next_row_group()?;
        for (i, values) in columns.iter().enumerate() {
            let mut column = group.next_column()?.expect("a column per schema field");
            let optional = descriptor.column(i).max_def_level() > 0;
            macro_rules! put {
                ($type:ty, $values:expr) => {{
                    let (levels, dense) = dense($values, range.clone());
                    let levels = optional.then_some(levels.as_slice());
                    column.typed::<$type>().write_batch(&dense, levels, None)?;
                }};
            }
            match values {
                Values::Str(v) => {
                    let v: Vec<Option<ByteArray>> =
                        v.iter().map(|s| s.map(ByteArray::from)).collect();
                    put!(ByteArrayType, &v)
                }
                Values::I32(v) => put!(Int32Type, v),
                Values::I64(v) => put!(Int64Type, v),
                Values::I96(v) => put!(Int96Type, v),
                Values::F64(v) => put!(DoubleType, v),
            }
            column.close()?;
        }
        group.close()?;
    }
    writer.close()?;
    Ok(())
}

fn read_with(path: &Path, options: ReadOptions) -> Vec<Event> {
    read_inputs(vec![Input::Path(path.to_path_buf())], options).collect()
}

fn read(path: &Path) -> Vec<Event> {
    read_with(path, ReadOptions::default())
}

fn documents(events: &[Event]) -> Vec<&Document> {
    events.iter().filter_map(Event::document).collect()
}

fn skips(events: &[Event]) -> Vec<&Skip> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Skipped(skip) => Some(skip),
            _ => None,
        })
        .collect()
}

fn warnings(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Warning(w) => Some(w.message.clone()),
            _ => None,
        })
        .collect()
}

const DOCUMENT: &str = "message document {
    optional binary id (STRING);
    optional binary title (STRING);
    optional binary text (STRING);
    optional binary published (STRING);
    optional binary outlet (STRING);
    optional binary url (STRING);
    optional binary language (STRING);
    optional binary body_html (STRING);
}";

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn string_columns_become_the_fields_json_lines_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("docs.parquet");
    write(
        &path,
        DOCUMENT,
        &[
            Values::Str(vec![Some("a1"), Some("a2"), None]),
            Values::Str(vec![Some("Harbour closed"), None, Some("Third")]),
            Values::Str(vec![
                Some("\u{feff}The harbour closed."),
                Some("Minister speaks."),
                Some("3"),
            ]),
            Values::Str(vec![
                Some("2018-11-03"),
                Some("Sat, 03 Nov 2018 10:00:00 GMT"),
                Some("soon"),
            ]),
            Values::Str(vec![Some("Courier"), Some("Courier"), None]),
            Values::Str(vec![Some("https://c.example/1"), None, None]),
            Values::Str(vec![Some("en"), Some("en"), Some("de")]),
            Values::Str(vec![Some("<p>x</p>"), Some("<p>y</p>"), None]),
        ],
        2,
        Compression::SNAPPY,
    );
    let events = read(&path);
    assert!(skips(&events).is_empty() && warnings(&events).is_empty(), "{events:?}");
    let docs = documents(&events);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    // A row without an id is named after the file and its row, as a JSON line is.
    assert_eq!(ids, ["a1", "a2", "docs-3"]);
    let first = docs[0];
    // The text is kept exactly, a BOM included.
    assert_eq!(first.text, "\u{feff}The harbour closed.");
    assert_eq!(first.title.as_deref(), Some("Harbour closed"));
    assert_eq!((first.published, first.published_from), (day(2018, 11, 3), DateSource::Metadata));
    assert_eq!(first.outlet.as_deref(), Some("Courier"));
    assert_eq!(first.url.as_deref(), Some("https://c.example/1"));
    assert_eq!(first.language.as_deref(), Some("en"));
    assert_eq!(first.origin.path.as_deref(), path.to_str());
    assert_eq!(docs[1].title, None);
    assert_eq!(docs[1].published, day(2018, 11, 3));
    assert_eq!((docs[2].published, docs[2].published_from), (None, DateSource::None));
    // Rows are numbered through the file across row groups (2 + 1 rows here).
    let lines: Vec<Option<u64>> = docs.iter().map(|d| d.origin.line).collect();
    assert_eq!(lines, [Some(1), Some(2), Some(3)]);
}

#[test]
fn batches_and_row_groups_keep_every_row_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("many.parquet");
    let texts: Vec<Option<&'static str>> =
        (0..150).map(|i| Some(&*Box::leak(format!("Text {i}.").into_boxed_str()))).collect();
    let ids: Vec<Option<i64>> = (0..150).map(Some).collect();
    let message = "message m { required int64 id; required binary text (UTF8); }";
    write(&path, message, &[Values::I64(ids), Values::Str(texts)], 100, Compression::UNCOMPRESSED);
    let events = read(&path);
    let docs = documents(&events);
    assert_eq!(docs.len(), 150);
    for (i, doc) in docs.iter().enumerate() {
        assert_eq!(doc.id, i.to_string());
        assert_eq!(doc.text, format!("Text {i}."));
        assert_eq!(doc.origin.line, Some(i as u64 + 1));
    }
}

#[test]
fn date_timestamp_and_integer_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 2018-11-03 is day 17838 of the epoch.
    let noon = (17_838 * 86_400 + 12 * 3_600) as i64;
    let cases: [(&str, Values); 4] = [
        ("optional int32 published (DATE)", Values::I32(vec![Some(17_838)])),
        (
            "optional int64 published (TIMESTAMP(MICROS,true))",
            Values::I64(vec![Some(noon * 1_000_000)]),
        ),
        ("optional int64 published (TIMESTAMP_MILLIS)", Values::I64(vec![Some(noon * 1_000)])),
        ("optional int96 published", {
            let mut v = Int96::new();
            // Julian day 2440588 is 1970-01-01; nanoseconds of the day in the first 8 bytes.
            let nanos: u64 = 12 * 3_600 * 1_000_000_000;
            v.set_data(nanos as u32, (nanos >> 32) as u32, 2_440_588 + 17_838);
            Values::I96(vec![Some(v)])
        }),
    ];
    for (i, (published, values)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("typed{i}.parquet"));
        let message =
            format!("message m {{ optional int32 id (INTEGER(32,false)); {published}; required binary text; }}");
        write(
            &path,
            &message,
            &[Values::I32(vec![Some(-1)]), values, Values::Str(vec![Some("Body.")])],
            10,
            Compression::SNAPPY,
        );
        let events = read(&path);
        let docs = documents(&events);
        assert_eq!(docs.len(), 1, "{published}: {events:?}");
        assert_eq!(docs[0].published, day(2018, 11, 3), "{published}");
        assert_eq!(docs[0].published_from, DateSource::Metadata);
        // An unsigned id is read as one (a plain binary text column as text).
        assert_eq!(docs[0].id, u32::MAX.to_string());
        assert_eq!(docs[0].text, "Body.");
    }
}

#[test]
fn a_spark_folder_of_parts_reads_only_the_parts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("documents");
    std::fs::create_dir(&out).expect("write");
    let message =
        "message spark_schema { optional binary id (STRING); optional binary text (STRING); }";
    let part = |n: usize| out.join(format!("part-0000{n}-7b1c-c000.snappy.parquet"));
    write(
        &part(0),
        message,
        &[Values::Str(vec![Some("b"), Some("a")]), Values::Str(vec![Some("B."), Some("A.")])],
        10,
        Compression::SNAPPY,
    );
    // An empty partition writes a file with the schema and no rows.
    write(&part(1), message, &[Values::Str(vec![]), Values::Str(vec![])], 10, Compression::SNAPPY);
    write(
        &part(2),
        message,
        &[Values::Str(vec![Some("c")]), Values::Str(vec![Some("C.")])],
        10,
        Compression::SNAPPY,
    );
    std::fs::write(out.join("_SUCCESS"), "").expect("write");
    std::fs::write(out.join(".part-00000-7b1c-c000.snappy.parquet.crc"), b"crc\x00\x01")
        .expect("write");
    std::fs::write(out.join("_committed_123"), "{\"added\":[]}").expect("write");
    let events = read(&out);
    assert!(skips(&events).is_empty() && warnings(&events).is_empty(), "{events:?}");
    let ids: Vec<&str> = documents(&events).iter().map(|d| d.id.as_str()).collect();
    // Parts in file-name order, rows in file order.
    assert_eq!(ids, ["b", "a", "c"]);
    // The `-t parquet` filter keeps them; another type leaves them out.
    let only = |t: &str| ReadOptions {
        types: Some(vec![crate::Format::from_name(t).expect("a type")]),
        ..ReadOptions::default()
    };
    assert_eq!(documents(&read_with(&out, only("parquet"))).len(), 3);
    assert!(read_with(&out, only("jsonl")).is_empty());
}

#[test]
fn parquet_is_known_by_its_magic_without_the_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("part-00000");
    let message = "message m { optional binary text (STRING); }";
    write(&path, message, &[Values::Str(vec![Some("Body.")])], 10, Compression::UNCOMPRESSED);
    let events = read(&path);
    assert_eq!(documents(&events)[0].text, "Body.");
    assert_eq!(documents(&events)[0].id, "part-00000-1");
}

#[test]
fn every_codec_spark_writes_by_default_or_on_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let message = "message m { optional binary id (STRING); optional binary text (STRING); }";
    for codec in [
        Compression::UNCOMPRESSED,
        Compression::SNAPPY,
        Compression::GZIP(GzipLevel::default()),
        Compression::LZ4_RAW,
    ] {
        let path = dir.path().join(format!("{codec}.parquet"));
        let text = "A long enough text to be compressed, compressed, compressed, compressed.";
        write(
            &path,
            message,
            &[Values::Str(vec![Some("x"); 3]), Values::Str(vec![Some(text); 3])],
            2,
            codec,
        );
        let events = read(&path);
        assert!(skips(&events).is_empty(), "{codec}: {events:?}");
        let docs = documents(&events);
        assert_eq!(docs.len(), 3, "{codec}");
        assert!(docs.iter().all(|d| d.text == text), "{codec}");
    }
}

#[test]
fn a_row_without_text_is_skipped_with_its_row_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gaps.parquet");
    let message = "message m { optional binary id (STRING); optional binary text (STRING); }";
    write(
        &path,
        message,
        &[
            Values::Str(vec![Some("a"), Some("b"), Some("c"), Some("d")]),
            Values::Str(vec![Some("A."), None, Some(" \n "), Some("D.")]),
        ],
        10,
        Compression::SNAPPY,
    );
    let events = read(&path);
    let ids: Vec<&str> = documents(&events).iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "d"]);
    let skipped: Vec<(Option<u64>, &SkipReason)> =
        skips(&events).iter().map(|s| (s.origin.line, &s.reason)).collect();
    // As a JSON line with a null or blank text: skipped, the rest of the file read.
    let missing = SkipReason::MissingText("text".into());
    assert_eq!(skipped, [(Some(2), &missing), (Some(3), &missing)]);
    let shown = skips(&events)[0].to_string();
    assert_eq!(shown, format!("{}:2: skipped: no text field \"text\"", path.display()));
}

#[test]
fn a_file_without_the_text_column_is_skipped_once_unless_mapped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("body.parquet");
    let message = "message m { optional binary id (STRING); optional binary body (STRING); }";
    write(
        &path,
        message,
        &[Values::Str(vec![Some("a"), Some("b")]), Values::Str(vec![Some("A."), Some("B.")])],
        10,
        Compression::SNAPPY,
    );
    let events = read(&path);
    assert_eq!(events.len(), 1, "{events:?}");
    let skip = skips(&events)[0];
    assert_eq!(skip.reason, SkipReason::MissingText("text".into()));
    assert_eq!((skip.origin.path.as_deref(), skip.origin.line), (path.to_str(), None));

    let fields = FieldMap::default().with_mappings(["text=body"]).expect("a mapping");
    let events = read_with(&path, ReadOptions { fields, ..ReadOptions::default() });
    let texts: Vec<&str> = documents(&events).iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["A.", "B."]);
}

#[test]
fn columns_of_other_types_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("odd.parquet");
    let message = "message m { optional double published; optional binary text (STRING); }";
    write(
        &path,
        message,
        &[Values::F64(vec![Some(1.5)]), Values::Str(vec![Some("Body.")])],
        10,
        Compression::SNAPPY,
    );
    let events = read(&path);
    assert_eq!(documents(&events).len(), 1);
    assert_eq!(documents(&events)[0].published, None);
    let warned = warnings(&events);
    assert_eq!(warned.len(), 1, "{events:?}");
    assert!(warned[0].contains("\"published\" is DOUBLE"), "{warned:?}");

    let path = dir.path().join("numeric-text.parquet");
    let message = "message m { optional double text; }";
    write(&path, message, &[Values::F64(vec![Some(1.5)])], 10, Compression::SNAPPY);
    let events = read(&path);
    assert_eq!(events.len(), 1);
    assert!(
        matches!(&skips(&events)[0].reason, SkipReason::Unparseable(m) if m.contains("text column \"text\" is DOUBLE")),
        "{events:?}"
    );
}

fn valid_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let message = "message m { optional binary id (STRING); optional binary text (STRING); }";
    let ids: Vec<Option<&'static str>> = vec![Some("a"); 200];
    let texts: Vec<Option<&'static str>> = vec![Some("Some words of text, and more of them."); 200];
    write(&path, message, &[Values::Str(ids), Values::Str(texts)], 50, Compression::SNAPPY);
    path
}

fn only_skip(events: &[Event]) -> String {
    assert_eq!(events.len(), 1, "{events:?}");
    skips(events)[0].to_string()
}

#[test]
fn a_file_that_is_not_parquet_or_is_cut_short_is_skipped_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = dir.path().join("fake.parquet");
    std::fs::write(&fake, "{\"id\": \"a\", \"text\": \"JSON, not Parquet.\"}\n").expect("write");
    let shown = only_skip(&read(&fake));
    assert!(shown.starts_with(&fake.display().to_string()), "{shown}");
    assert!(shown.ends_with("not a Parquet file (it does not start with PAR1)"), "{shown}");

    let path = valid_file(dir.path(), "cut.parquet");
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("write");
    let shown = only_skip(&read(&path));
    assert!(shown.contains("cut.parquet: skipped: truncated Parquet file"), "{shown}");

    // The footer's magic is there, but its length points nowhere.
    let path = valid_file(dir.path(), "footer.parquet");
    let mut bytes = std::fs::read(&path).expect("read");
    let at = bytes.len() - 8;
    bytes[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    std::fs::write(&path, &bytes).expect("write");
    let shown = only_skip(&read(&path));
    assert!(shown.contains("footer.parquet: skipped: unreadable Parquet footer"), "{shown}");

    std::fs::write(dir.path().join("tiny.parquet"), b"PAR1").expect("write");
    let shown = only_skip(&read(&dir.path().join("tiny.parquet")));
    assert!(shown.contains("truncated Parquet file: 4 bytes"), "{shown}");
}

#[test]
fn a_damaged_row_group_costs_only_its_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = valid_file(dir.path(), "damaged.parquet");
    let mut bytes = std::fs::read(&path).expect("read");
    // The first row group's pages start right after the leading magic.
    for b in &mut bytes[4..40] {
        *b = 0xff;
    }
    std::fs::write(&path, &bytes).expect("write");
    let events = read(&path);
    let skipped = skips(&events);
    assert_eq!(skipped.len(), 1, "{events:?}");
    assert_eq!(skipped[0].origin.line, Some(1));
    let shown = skipped[0].to_string();
    assert!(
        shown.contains("unreadable Parquet row group 0") && shown.contains("rows 1-50 are lost"),
        "{shown}"
    );
    // The other three row groups are read.
    assert_eq!(documents(&events).len(), 150);
}

#[test]
fn gzipped_parquet_and_oversized_rows_are_skipped_with_the_reason() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = valid_file(dir.path(), "docs.parquet");
    let gz = dir.path().join("docs.parquet.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).expect("create"),
        flate2::Compression::default(),
    );
    encoder.write_all(&std::fs::read(&path).expect("read")).expect("gzip");
    encoder.finish().expect("gzip");
    let shown = only_skip(&read(&gz));
    assert!(
        shown.ends_with(
            "gzip-compressed Parquet; decompress it first (Parquet compresses its own pages)"
        ),
        "{shown}"
    );

    let options = ReadOptions { max_document_bytes: 20, ..ReadOptions::default() };
    let events = read_with(&path, options);
    assert!(documents(&events).is_empty());
    assert_eq!(skips(&events).len(), 200);
    assert_eq!(skips(&events)[0].reason, SkipReason::TooLarge { limit: 20 });
}

#[test]
fn codecs_this_build_cannot_decompress_are_named_before_reading() {
    use super::reading::codec_is_built_in;
    use parquet::basic::{BrotliLevel, ZstdLevel};
    assert!(codec_is_built_in(Compression::SNAPPY));
    assert!(codec_is_built_in(Compression::GZIP(GzipLevel::default())));
    assert!(!codec_is_built_in(Compression::ZSTD(ZstdLevel::default())));
    assert!(!codec_is_built_in(Compression::BROTLI(BrotliLevel::default())));
    assert!(!codec_is_built_in(Compression::LZO));
}
