use echotrace_model::Analysis;
use echotrace_store::{Corpus, ExportFormat, OpenMode, FLAT_COLUMNS};

use crate::common::records;

fn corpus_with(n: usize) -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("opens");
    corpus.ingest(records(0..n), 40).expect("ingests");
    (dir, corpus)
}

#[test]
fn jsonl_export_is_the_analysis_records() {
    let (_dir, corpus) = corpus_with(30);
    let mut out = Vec::new();
    assert_eq!(corpus.export(ExportFormat::Jsonl, &mut out).expect("exports"), 30);
    let text = String::from_utf8(out).expect("utf-8");
    let exported: Vec<Analysis> =
        text.lines().map(|line| serde_json::from_str(line).expect("record")).collect();
    assert_eq!(exported, records(0..30));
}

#[test]
fn csv_export_has_the_flat_columns() {
    let (_dir, corpus) = corpus_with(30);
    let mut out = Vec::new();
    assert_eq!(corpus.export(ExportFormat::Csv, &mut out).expect("exports"), 30);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let headers: Vec<String> =
        reader.headers().expect("headers").iter().map(String::from).collect();
    assert_eq!(headers, FLAT_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 30);
    assert_eq!(&rows[4][0], "doc-4");
    assert_eq!(&rows[4][4], "2018-01-05");
    assert_eq!(&rows[4][11], "place:jisr al-shughur");
    assert_eq!(&rows[4][12], "Loaded_Language");
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_export_reads_back_with_typed_columns() {
    use arrow_array::{Array, Date32Array, Int64Array, StringArray};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let (_dir, corpus) = corpus_with(2500);
    let path = corpus.dir().join("export.parquet");
    let file = std::fs::File::create(&path).expect("creates");
    assert_eq!(corpus.export(ExportFormat::Parquet, file).expect("exports"), 2500);
    let out = std::fs::read(&path).expect("reads");
    assert_eq!(&out[..4], b"PAR1");
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).expect("opens"))
            .expect("parquet")
            .build()
            .expect("reader");
    let mut rows = 0;
    for batch in reader {
        let batch = batch.expect("batch");
        if rows == 0 {
            let ids = batch
                .column_by_name("id")
                .expect("id")
                .as_any()
                .downcast_ref::<StringArray>()
                .expect("utf8");
            assert_eq!(ids.value(7), "doc-7");
            let versions = batch.column_by_name("version").expect("version");
            assert_eq!(versions.as_any().downcast_ref::<Int64Array>().expect("int64").value(7), 1);
            let published = batch.column_by_name("published").expect("published");
            let days = published.as_any().downcast_ref::<Date32Array>().expect("date32").value(7);
            assert_eq!(days, 17_532 + 7); // 2018-01-01 is day 17532 since 1970-01-01
            let analysis = batch.column_by_name("analysis").expect("analysis");
            let json = analysis.as_any().downcast_ref::<StringArray>().expect("utf8").value(7);
            let value: serde_json::Value = serde_json::from_str(json).expect("json");
            assert_eq!(value["entities"][0]["name"], "Aleppo");
        }
        rows += batch.num_rows();
    }
    assert_eq!(rows, 2500);
}
