//! Parquet: one document per row, columns mapped to fields by name as JSON keys and CSV columns
//! are (the [`crate::FieldMap`]). A file, or each part file of a folder Spark wrote, is read a
//! row group at a time and [`BATCH_ROWS`] rows at a time through the column readers (no Arrow).
//!
//! Columns read: strings (and binary, decoded as text is everywhere else: UTF-8, else
//! Windows-1252), integers (as written), dates and timestamps (a `published` day; a timestamp's
//! UTC day). A mapped column of another type is reported once and not read.

use std::path::Path;

use echotrace_model::Origin;

use crate::{Event, FormatReader, ReadOptions, Skip, SkipReason, Source};

/// Rows decoded at once: the documents of one batch are the most a file holds in memory beside
/// the page each column is reading.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
pub(crate) const BATCH_ROWS: usize = 64;

/// Parquet keeps its index at the end of the file, so it is read from the file by path, never
/// as a stream: standard input and gzipped Parquet are skipped with the reason.
pub(crate) struct ParquetReader;

impl FormatReader for ParquetReader {
    fn read(&self, source: Source, options: &ReadOptions) -> Box<dyn Iterator<Item = Event>> {
        let origin = Origin { path: source.path.clone(), line: None };
        let reason = match (&source.path, source.compressed) {
            (None, _) => "Parquet cannot be read from standard input (its index is at the end \
                          of the file); name the file instead"
                .to_owned(),
            (Some(_), true) => "gzip-compressed Parquet; decompress it first (Parquet \
                                compresses its own pages)"
                .to_owned(),
            (Some(path), false) => {
                let display = path.clone();
                drop(source);
                return read_parquet_file(Path::new(&display.clone()), display, options);
            }
        };
        Box::new(std::iter::once(skipped(origin, SkipReason::Unreadable(reason))))
    }
}

fn skipped(origin: Origin, reason: SkipReason) -> Event {
    Event::Skipped(Skip { origin, reason })
}

#[cfg(not(feature = "parquet"))]
pub(crate) fn read_parquet_file(
    _path: &Path,
    display: String,
    _options: &ReadOptions,
) -> Box<dyn Iterator<Item = Event>> {
    let reason = "this build reads no Parquet (echotrace-ingest without its `parquet` feature)";
    let origin = Origin { path: Some(display), line: None };
    Box::new(std::iter::once(skipped(origin, SkipReason::Unparseable(reason.into()))))
}

#[cfg(feature = "parquet")]
pub(crate) use reading::read_parquet_file;

#[cfg(feature = "parquet")]
pub(crate) mod reading {
    use std::collections::VecDeque;
    use std::fs::File;
    use std::io::{Read, Seek, SeekFrom};
    use std::path::Path;

    use chrono::{DateTime, SecondsFormat, Utc};
    use echotrace_model::Origin;
    use parquet::basic::{Compression, ConvertedType, LogicalType, TimeUnit, Type as PhysicalType};
    use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
    use parquet::data_type::{ByteArray, DataType, Int96};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::schema::types::{ColumnDescriptor, SchemaDescriptor};

    use super::{skipped, BATCH_ROWS};
    use crate::decode::{decode, Decoded};
    use crate::jsonl::document_from_fields;
    use crate::source::id_from_name;
    use crate::{Event, FieldMap, ReadOptions, SkipReason, Warning};

    const MAGIC: &[u8; 4] = b"PAR1";

    /// Reads one Parquet file into events: its documents, a warning per column that cannot be
    /// read, a skip for each row without text and for the rows of a row group that cannot be
    /// decoded; the whole file skipped, with the reason, when it is not Parquet, is cut short or
    /// has no text column.
    pub(crate) fn read_parquet_file(
        path: &Path,
        display: String,
        options: &ReadOptions,
    ) -> Box<dyn Iterator<Item = Event>> {
        let origin = Origin { path: Some(display.clone()), line: None };
        match open(path, &display, options) {
            Ok(rows) => Box::new(rows),
            Err(reason) => Box::new(std::iter::once(skipped(origin, reason))),
        }
    }

    /// How a column's values become field strings.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum ValueKind {
        /// Strings, enums, JSON and plain binary.
        Text,
        Int32 {
            unsigned: bool,
        },
        Int64 {
            unsigned: bool,
        },
        /// Days since 1970-01-01.
        Date,
        Timestamp(TimeUnit),
        /// The legacy timestamp Spark writes by default.
        Int96,
    }

    /// A mapped column the file has.
    struct Column {
        name: String,
        index: usize,
        max_def_level: i16,
        kind: ValueKind,
    }

    enum TypedReader {
        Bytes(ColumnReaderImpl<parquet::data_type::ByteArrayType>),
        Int32(ColumnReaderImpl<parquet::data_type::Int32Type>),
        Int64(ColumnReaderImpl<parquet::data_type::Int64Type>),
        Int96(ColumnReaderImpl<parquet::data_type::Int96Type>),
    }

    struct ParquetRows {
        file: SerializedFileReader<File>,
        path: String,
        stem: Option<String>,
        fields: FieldMap,
        limit: usize,
        columns: Vec<Column>,
        /// The current row group's column readers, in the order of `columns`.
        readers: Vec<TypedReader>,
        next_group: usize,
        rows_left_in_group: usize,
        /// Rows of the file consumed so far (the next row is `row + 1`, 1-based).
        row: u64,
        warned_encoding: bool,
        pending: VecDeque<Event>,
    }

    fn open(path: &Path, display: &str, options: &ReadOptions) -> Result<ParquetRows, SkipReason> {
        let mut file = File::open(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
        check_magic(&mut file)?;
        let file = SerializedFileReader::new(file).map_err(|e| {
            SkipReason::Unparseable(format!("unreadable Parquet footer (metadata): {e}"))
        })?;
        let schema = file.metadata().file_metadata().schema_descr_ptr();
        let origin = Origin { path: Some(display.to_owned()), line: None };
        let mut pending = VecDeque::new();
        let mut columns = Vec::new();
        for name in options.fields.names() {
            match find_column(&schema, name) {
                Found::Column(column) => columns.push(column),
                Found::Missing => {}
                Found::Unsupported(what) if name == options.fields.text => {
                    return Err(SkipReason::Unparseable(format!(
                        "the text column {name:?} is {what}, not a string"
                    )));
                }
                Found::Unsupported(what) => pending.push_back(Event::Warning(Warning {
                    origin: origin.clone(),
                    message: format!(
                        "column {name:?} is {what}, not a string, integer, date or timestamp; \
                         not read"
                    ),
                })),
            }
        }
        if !columns.iter().any(|c| c.name == options.fields.text) {
            return Err(SkipReason::MissingText(options.fields.text.clone()));
        }
        let chunks = file.metadata().row_groups().iter().flat_map(|group| {
            columns.iter().map(move |column| group.column(column.index).compression())
        });
        if let Some(codec) = chunks.into_iter().find(|&codec| !codec_is_built_in(codec)) {
            // `ZSTD(ZstdLevel(1))` → `ZSTD`: the level does not matter to a reader.
            let codec = codec.to_string();
            let codec = codec.split('(').next().unwrap_or_default();
            return Err(SkipReason::Unparseable(format!(
                "compressed with {codec}, which this build does not decompress (it reads \
                 uncompressed, snappy, gzip and lz4 Parquet); rewrite it with snappy"
            )));
        }
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(ParquetRows {
            file,
            path: display.to_owned(),
            stem: file_name.as_deref().map(id_from_name),
            fields: options.fields.clone(),
            limit: options.max_document_bytes,
            columns,
            readers: Vec::new(),
            next_group: 0,
            rows_left_in_group: 0,
            row: 0,
            warned_encoding: false,
            pending,
        })
    }

    /// The codecs the parquet crate is built with here: Spark's default (snappy) and its other
    /// common ones. zstd and brotli would add C and Rust decoders to every build (`zstd-sys`
    /// alone is about 30 s on two cores).
    pub(super) fn codec_is_built_in(codec: Compression) -> bool {
        matches!(
            codec,
            Compression::UNCOMPRESSED
                | Compression::SNAPPY
                | Compression::GZIP(_)
                | Compression::LZ4
                | Compression::LZ4_RAW
        )
    }

    /// A Parquet file starts and ends with `PAR1`; checking both tells "not Parquet" and "cut
    /// short" apart from a damaged footer.
    fn check_magic(file: &mut File) -> Result<(), SkipReason> {
        let io = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
        let len = file.metadata().map_err(io)?.len();
        let mut head = [0u8; 4];
        let read = file.read(&mut head).map_err(io)?;
        if read < 4 || &head != MAGIC {
            return Err(SkipReason::Unparseable(
                "not a Parquet file (it does not start with PAR1)".into(),
            ));
        }
        let mut tail = [0u8; 4];
        // The smallest file is the magic, a footer length and the magic again.
        let complete = len >= 12
            && file.seek(SeekFrom::End(-4)).is_ok()
            && file.read_exact(&mut tail).is_ok()
            && &tail == MAGIC;
        if !complete {
            return Err(SkipReason::Unparseable(format!(
                "truncated Parquet file: {len} bytes and no footer at the end (cut short, or \
                 still being written)"
            )));
        }
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        Ok(())
    }

    enum Found {
        Column(Column),
        Missing,
        /// Present, but of a type no document field is read from (the type, in words).
        Unsupported(String),
    }

    /// The top-level column `name`, if the file has it and its type is one a field can be read
    /// from.
    fn find_column(schema: &SchemaDescriptor, name: &str) -> Found {
        let Some(field) = schema.root_schema().get_fields().iter().find(|f| f.name() == name)
        else {
            return Found::Missing;
        };
        if !field.is_primitive() {
            return Found::Unsupported("a nested group (struct, list or map)".into());
        }
        let Some((index, column)) = schema
            .columns()
            .iter()
            .enumerate()
            .find(|(_, c)| c.path().parts().len() == 1 && c.name() == name)
        else {
            return Found::Missing;
        };
        if column.max_rep_level() > 0 {
            return Found::Unsupported("a repeated column".into());
        }
        match value_kind(column) {
            Some(kind) => Found::Column(Column {
                name: name.to_owned(),
                index,
                max_def_level: column.max_def_level(),
                kind,
            }),
            None => Found::Unsupported(type_in_words(column)),
        }
    }

    /// The kind of a column's values, when a field can be read from it: strings (UTF-8, enum,
    /// JSON, or binary with no annotation), integers, dates and timestamps.
    fn value_kind(column: &ColumnDescriptor) -> Option<ValueKind> {
        use ConvertedType as C;
        let logical = column.logical_type_ref();
        let converted = column.converted_type();
        Some(match column.physical_type() {
            PhysicalType::BYTE_ARRAY => match logical {
                Some(LogicalType::String | LogicalType::Enum | LogicalType::Json) => {
                    ValueKind::Text
                }
                None if matches!(converted, C::NONE | C::UTF8 | C::ENUM | C::JSON) => {
                    ValueKind::Text
                }
                _ => return None,
            },
            PhysicalType::INT32 => match (logical, converted) {
                (Some(LogicalType::Date), _) | (None, C::DATE) => ValueKind::Date,
                (Some(LogicalType::Integer(int)), _) => {
                    ValueKind::Int32 { unsigned: !int.is_signed }
                }
                (None, C::NONE | C::INT_8 | C::INT_16 | C::INT_32) => {
                    ValueKind::Int32 { unsigned: false }
                }
                (None, C::UINT_8 | C::UINT_16 | C::UINT_32) => ValueKind::Int32 { unsigned: true },
                _ => return None,
            },
            PhysicalType::INT64 => match (logical, converted) {
                (Some(LogicalType::Timestamp(t)), _) => ValueKind::Timestamp(t.unit),
                (None, C::TIMESTAMP_MILLIS) => ValueKind::Timestamp(TimeUnit::MILLIS),
                (None, C::TIMESTAMP_MICROS) => ValueKind::Timestamp(TimeUnit::MICROS),
                (Some(LogicalType::Integer(int)), _) => {
                    ValueKind::Int64 { unsigned: !int.is_signed }
                }
                (None, C::NONE | C::INT_64) => ValueKind::Int64 { unsigned: false },
                (None, C::UINT_64) => ValueKind::Int64 { unsigned: true },
                _ => return None,
            },
            PhysicalType::INT96 => ValueKind::Int96,
            _ => return None,
        })
    }

    fn type_in_words(column: &ColumnDescriptor) -> String {
        match column.logical_type_ref() {
            Some(logical) => format!("{} ({logical:?})", column.physical_type()),
            None if column.converted_type() != ConvertedType::NONE => {
                format!("{} ({})", column.physical_type(), column.converted_type())
            }
            None => column.physical_type().to_string(),
        }
    }

    impl ParquetRows {
        fn origin(&self, row: u64) -> Origin {
            Origin { path: Some(self.path.clone()), line: Some(row) }
        }

        /// Opens the next row group's column readers, or says why its rows are lost.
        fn open_row_group(&mut self, group: usize) -> Result<(), String> {
            let reader = self.file.get_row_group(group).map_err(|e| e.to_string())?;
            let mut readers = Vec::with_capacity(self.columns.len());
            for column in &self.columns {
                let typed =
                    match reader.get_column_reader(column.index).map_err(|e| e.to_string())? {
                        ColumnReader::ByteArrayColumnReader(r) => TypedReader::Bytes(r),
                        ColumnReader::Int32ColumnReader(r) => TypedReader::Int32(r),
                        ColumnReader::Int64ColumnReader(r) => TypedReader::Int64(r),
                        ColumnReader::Int96ColumnReader(r) => TypedReader::Int96(r),
                        _ => return Err(format!("column {:?} changed type", column.name)),
                    };
                readers.push(typed);
            }
            self.readers = readers;
            Ok(())
        }

        /// Decodes the next `rows` rows of every column: `values[column][row]`.
        fn read_batch(&mut self, rows: usize) -> Result<Vec<Vec<Option<String>>>, String> {
            let mut any_cp1252 = false;
            let mut values = Vec::with_capacity(self.columns.len());
            for (column, reader) in self.columns.iter().zip(&mut self.readers) {
                let level = column.max_def_level;
                let read = match (reader, column.kind) {
                    (TypedReader::Bytes(r), _) => read_values(r, rows, level, |v: &ByteArray| {
                        let (text, decoded) = decode(v.data());
                        any_cp1252 |= decoded == Decoded::Windows1252;
                        text.into_owned()
                    }),
                    (TypedReader::Int32(r), ValueKind::Date) => {
                        read_values(r, rows, level, |&days: &i32| {
                            DateTime::from_timestamp(i64::from(days) * 86_400, 0)
                                .map(|d| d.date_naive().to_string())
                                .unwrap_or_default()
                        })
                    }
                    (TypedReader::Int32(r), ValueKind::Int32 { unsigned: true }) => {
                        read_values(r, rows, level, |&v: &i32| (v as u32).to_string())
                    }
                    (TypedReader::Int32(r), _) => {
                        read_values(r, rows, level, |v: &i32| v.to_string())
                    }
                    (TypedReader::Int64(r), ValueKind::Timestamp(unit)) => {
                        read_values(r, rows, level, |&v: &i64| {
                            let time = match unit {
                                TimeUnit::MILLIS => DateTime::from_timestamp_millis(v),
                                TimeUnit::MICROS => DateTime::from_timestamp_micros(v),
                                TimeUnit::NANOS => Some(DateTime::from_timestamp_nanos(v)),
                            };
                            time.map(rfc3339).unwrap_or_default()
                        })
                    }
                    (TypedReader::Int64(r), ValueKind::Int64 { unsigned: true }) => {
                        read_values(r, rows, level, |&v: &i64| (v as u64).to_string())
                    }
                    (TypedReader::Int64(r), _) => {
                        read_values(r, rows, level, |v: &i64| v.to_string())
                    }
                    (TypedReader::Int96(r), _) => read_values(r, rows, level, |v: &Int96| {
                        DateTime::from_timestamp_micros(v.to_micros())
                            .map(rfc3339)
                            .unwrap_or_default()
                    }),
                };
                values.push(read.map_err(|e| format!("column {:?}: {e}", column.name))?);
            }
            if any_cp1252 && !self.warned_encoding {
                self.warned_encoding = true;
                self.pending.push_back(Event::Warning(Warning {
                    origin: self.origin(self.row + 1),
                    message: "not valid UTF-8; decoded as Windows-1252 (this and later rows)"
                        .into(),
                }));
            }
            Ok(values)
        }

        /// Reads the next batch (or moves to the next row group) into `pending`; false at the
        /// end of the file.
        fn fill(&mut self) -> bool {
            if self.rows_left_in_group == 0 {
                let groups = self.file.num_row_groups();
                if self.next_group >= groups {
                    return false;
                }
                let group = self.next_group;
                self.next_group += 1;
                let rows = self.file.metadata().row_group(group).num_rows().max(0) as usize;
                match self.open_row_group(group) {
                    Ok(()) => self.rows_left_in_group = rows,
                    Err(e) => self.lose_rows(group, rows, &e),
                }
                return true;
            }
            let rows = self.rows_left_in_group.min(BATCH_ROWS);
            let values = match self.read_batch(rows) {
                Ok(values) => values,
                Err(e) => {
                    let left = self.rows_left_in_group;
                    self.rows_left_in_group = 0;
                    self.lose_rows(self.next_group - 1, left, &e);
                    return true;
                }
            };
            for i in 0..rows {
                self.row += 1;
                let event = self.row_event(&values, i);
                self.pending.push_back(event);
            }
            self.rows_left_in_group -= rows;
            true
        }

        /// One skip for `rows` rows of a row group that cannot be decoded.
        fn lose_rows(&mut self, group: usize, rows: usize, error: &str) {
            if rows == 0 {
                return;
            }
            let first = self.row + 1;
            self.row += rows as u64;
            let reason = SkipReason::Unparseable(format!(
                "unreadable Parquet row group {group}: {error}; rows {first}-{} are lost",
                self.row
            ));
            self.pending.push_back(skipped(self.origin(first), reason));
        }

        fn row_event(&self, values: &[Vec<Option<String>>], i: usize) -> Event {
            let origin = self.origin(self.row);
            let size: usize = values.iter().filter_map(|c| c[i].as_ref().map(String::len)).sum();
            if size > self.limit {
                return skipped(origin, SkipReason::TooLarge { limit: self.limit });
            }
            let get = |name: &str| {
                let column = self.columns.iter().position(|c| c.name == name)?;
                values[column][i].as_ref().filter(|v| !v.trim().is_empty()).cloned()
            };
            match document_from_fields(get, &self.fields) {
                Ok(mut doc) => {
                    if doc.id.is_empty() {
                        let stem = self.stem.as_deref().unwrap_or("parquet");
                        doc.id = format!("{stem}-{}", self.row);
                    }
                    doc.origin = origin;
                    Event::Document(Box::new(doc))
                }
                Err(reason) => skipped(origin, reason),
            }
        }
    }

    fn rfc3339(time: DateTime<Utc>) -> String {
        time.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// `rows` values of one top-level column, `None` where the row has no value.
    fn read_values<T: DataType>(
        reader: &mut ColumnReaderImpl<T>,
        rows: usize,
        max_def_level: i16,
        mut convert: impl FnMut(&T::T) -> String,
    ) -> Result<Vec<Option<String>>, String> {
        let mut levels = Vec::with_capacity(rows);
        let mut values = Vec::with_capacity(rows);
        let (records, _, _) = reader
            .read_records(rows, Some(&mut levels), None, &mut values)
            .map_err(|e| e.to_string())?;
        if records != rows {
            return Err(format!("{records} of {rows} rows decoded"));
        }
        if max_def_level == 0 {
            return Ok(values.iter().map(|v| Some(convert(v))).collect());
        }
        let mut values = values.iter();
        levels
            .iter()
            .map(|&level| match level == max_def_level {
                true => values.next().map(&mut convert).map(Some).ok_or("fewer values than rows"),
                false => Ok(None),
            })
            .collect::<Result<_, _>>()
            .map_err(str::to_owned)
    }

    impl Iterator for ParquetRows {
        type Item = Event;

        fn next(&mut self) -> Option<Event> {
            loop {
                if let Some(event) = self.pending.pop_front() {
                    return Some(event);
                }
                if !self.fill() {
                    return None;
                }
            }
        }
    }
}

#[cfg(all(test, feature = "parquet"))]
mod tests;

#[cfg(all(test, not(feature = "parquet")))]
mod without_the_feature {
    use crate::{read_inputs, Event, Input, ReadOptions, SkipReason};

    #[test]
    fn parquet_is_skipped_with_the_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("docs.parquet");
        std::fs::write(&path, b"PAR1\x00\x00\x00\x00PAR1").expect("write");
        let events: Vec<Event> =
            read_inputs(vec![Input::Path(path)], ReadOptions::default()).collect();
        assert!(matches!(
            &events[..],
            [Event::Skipped(s)] if matches!(&s.reason, SkipReason::Unparseable(m) if m.contains("without its `parquet` feature"))
        ));
    }
}
