//! `echotrace export`: the current documents and their analyses as JSON Lines, CSV or Parquet.

use std::collections::BTreeSet;
use std::io::Write;

use crate::db::{self, StoredDocument};
use crate::{Corpus, Error, Result};

/// Output formats of [`Corpus::export`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One `echotrace/analysis@1` record per line: everything, as `echotrace analyze` prints it.
    Jsonl,
    /// One row per document with the [`FLAT_COLUMNS`]; spans are left out (use JSONL, Parquet's
    /// `analysis` column or SQL for those).
    Csv,
    /// The [`FLAT_COLUMNS`] plus `analysis` (the layers as JSON), snappy-compressed, with typed
    /// columns (`version` int64, `published` date32).
    Parquet,
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            "parquet" => Ok(ExportFormat::Parquet),
            other => {
                Err(Error::Query(format!("unknown export format {other:?} (jsonl, csv, parquet)")))
            }
        }
    }
}

/// Columns of the CSV and Parquet exports, in order. List-valued columns join their values
/// with `;`.
pub const FLAT_COLUMNS: &[&str] = &[
    "id",
    "version",
    "content_hash",
    "title",
    "published",
    "published_from",
    "outlet",
    "url",
    "language",
    "relayed_from",
    "sentences",
    "entity_ids",
    "techniques",
    "text",
];

/// Documents read from SQLite per step, which bounds the memory of an export.
const PAGE: usize = 1000;

/// One document flattened to the export columns.
struct FlatRow {
    id: String,
    version: i64,
    content_hash: String,
    title: Option<String>,
    published: Option<chrono::NaiveDate>,
    published_from: &'static str,
    outlet: Option<String>,
    url: Option<String>,
    language: Option<String>,
    relayed_from: String,
    sentences: i64,
    entity_ids: String,
    techniques: String,
    text: String,
}

fn flatten(stored: StoredDocument) -> FlatRow {
    let StoredDocument { id, version, content_hash, record, .. } = stored;
    let layers = &record.layers;
    let joined = |values: BTreeSet<&str>| values.into_iter().collect::<Vec<_>>().join(";");
    let entity_ids = joined(layers.entities.iter().map(|e| e.id.as_str()).collect());
    let techniques = joined(layers.techniques.iter().map(|t| t.technique.as_str()).collect());
    let sentences = layers.sentences.len() as i64;
    let document = record.document;
    FlatRow {
        id,
        version,
        content_hash,
        title: document.title,
        published: document.published,
        published_from: match document.published_from {
            echotrace_model::DateSource::Metadata => "metadata",
            echotrace_model::DateSource::Text => "text",
            echotrace_model::DateSource::None => "none",
        },
        outlet: document.outlet,
        url: document.url,
        language: document.language,
        relayed_from: document.relayed_from.join(";"),
        sentences,
        entity_ids,
        techniques,
        text: document.text,
    }
}

fn output_error(source: std::io::Error) -> Error {
    Error::Output(source)
}

impl Corpus {
    /// Writes every current document to `writer` in `format`; returns the number written.
    pub fn export<W: Write + Send>(&self, format: ExportFormat, writer: W) -> Result<u64> {
        match format {
            ExportFormat::Jsonl => self.export_jsonl(writer),
            ExportFormat::Csv => self.export_csv(writer),
            ExportFormat::Parquet => self.export_parquet(writer),
        }
    }

    /// Calls `each` with the analysis record of every current document, in storage order;
    /// returns how many there were.
    pub fn for_each_record(
        &self,
        mut each: impl FnMut(echotrace_model::Analysis) -> Result<()>,
    ) -> Result<u64> {
        self.for_each_page(|page| page.into_iter().try_for_each(|stored| each(stored.record)))
    }

    /// Calls `each` with pages of current documents in storage order.
    fn for_each_page(
        &self,
        mut each: impl FnMut(Vec<StoredDocument>) -> Result<()>,
    ) -> Result<u64> {
        let mut last_key = 0;
        let mut count = 0;
        loop {
            let page = db::current_documents_page(
                self.connection(),
                last_key,
                None,
                PAGE,
                self.db_path(),
            )?;
            let Some(last) = page.last() else { break };
            last_key = last.doc_key;
            count += page.len() as u64;
            each(page)?;
        }
        Ok(count)
    }

    fn export_jsonl<W: Write>(&self, writer: W) -> Result<u64> {
        let mut out = std::io::BufWriter::new(writer);
        let count = self.for_each_page(|page| {
            for stored in page {
                serde_json::to_writer(&mut out, &stored.record)
                    .map_err(|e| output_error(std::io::Error::other(e)))?;
                out.write_all(b"\n").map_err(output_error)?;
            }
            Ok(())
        })?;
        out.flush().map_err(output_error)?;
        Ok(count)
    }

    fn export_csv<W: Write>(&self, writer: W) -> Result<u64> {
        let mut out = csv::Writer::from_writer(writer);
        let csv_error = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(io) => output_error(io),
            other => Error::Export(format!("{other:?}")),
        };
        out.write_record(FLAT_COLUMNS).map_err(csv_error)?;
        let count = self.for_each_page(|page| {
            for stored in page {
                let row = flatten(stored);
                let version = row.version.to_string();
                let published = row.published.map(|d| d.to_string()).unwrap_or_default();
                let sentences = row.sentences.to_string();
                out.write_record([
                    row.id.as_str(),
                    &version,
                    &row.content_hash,
                    row.title.as_deref().unwrap_or(""),
                    &published,
                    row.published_from,
                    row.outlet.as_deref().unwrap_or(""),
                    row.url.as_deref().unwrap_or(""),
                    row.language.as_deref().unwrap_or(""),
                    &row.relayed_from,
                    &sentences,
                    &row.entity_ids,
                    &row.techniques,
                    &row.text,
                ])
                .map_err(csv_error)?;
            }
            Ok(())
        })?;
        out.flush().map_err(output_error)?;
        Ok(count)
    }

    #[cfg(not(feature = "parquet"))]
    fn export_parquet<W: Write + Send>(&self, _writer: W) -> Result<u64> {
        Err(Error::ParquetUnsupported)
    }

    #[cfg(feature = "parquet")]
    fn export_parquet<W: Write + Send>(&self, writer: W) -> Result<u64> {
        use std::sync::Arc;

        use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch, StringArray};
        use arrow_schema::{DataType, Field, Schema};
        use parquet::arrow::ArrowWriter;
        use parquet::basic::Compression;
        use parquet::file::properties::WriterProperties;

        let text = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
        let schema = Arc::new(Schema::new(vec![
            text("id", false),
            Field::new("version", DataType::Int64, false),
            text("content_hash", false),
            text("title", true),
            Field::new("published", DataType::Date32, true),
            text("published_from", false),
            text("outlet", true),
            text("url", true),
            text("language", true),
            text("relayed_from", false),
            Field::new("sentences", DataType::Int64, false),
            text("entity_ids", false),
            text("techniques", false),
            text("text", false),
            text("analysis", false),
        ]));
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(PAGE * 10))
            .build();
        let parquet_error = |e: parquet::errors::ParquetError| match e {
            parquet::errors::ParquetError::External(inner) => {
                match inner.downcast::<std::io::Error>() {
                    Ok(io) => output_error(*io),
                    Err(other) => Error::Export(other.to_string()),
                }
            }
            other => Error::Export(other.to_string()),
        };
        let mut out = ArrowWriter::try_new(writer, schema.clone(), Some(properties))
            .map_err(parquet_error)?;
        let epoch =
            chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 is a valid date");
        let count = self.for_each_page(|page| {
            let analyses: Vec<String> =
                page.iter().map(|stored| db::layers_json(&stored.record)).collect();
            let rows: Vec<FlatRow> = page.into_iter().map(flatten).collect();
            let strings = |get: &dyn Fn(&FlatRow) -> Option<&str>| -> ArrayRef {
                Arc::new(rows.iter().map(get).collect::<StringArray>())
            };
            let columns: Vec<ArrayRef> = vec![
                strings(&|r| Some(r.id.as_str())),
                Arc::new(rows.iter().map(|r| r.version).collect::<Int64Array>()),
                strings(&|r| Some(r.content_hash.as_str())),
                strings(&|r| r.title.as_deref()),
                Arc::new(
                    rows.iter()
                        .map(|r| r.published.map(|d| (d - epoch).num_days() as i32))
                        .collect::<Date32Array>(),
                ),
                strings(&|r| Some(r.published_from)),
                strings(&|r| r.outlet.as_deref()),
                strings(&|r| r.url.as_deref()),
                strings(&|r| r.language.as_deref()),
                strings(&|r| Some(r.relayed_from.as_str())),
                Arc::new(rows.iter().map(|r| r.sentences).collect::<Int64Array>()),
                strings(&|r| Some(r.entity_ids.as_str())),
                strings(&|r| Some(r.techniques.as_str())),
                strings(&|r| Some(r.text.as_str())),
                Arc::new(analyses.iter().map(|a| Some(a.as_str())).collect::<StringArray>()),
            ];
            let batch = RecordBatch::try_new(schema.clone(), columns)
                .map_err(|e| Error::Export(e.to_string()))?;
            out.write(&batch).map_err(parquet_error)
        })?;
        out.close().map_err(parquet_error)?;
        Ok(count)
    }
}
