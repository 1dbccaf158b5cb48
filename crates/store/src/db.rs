//! Rows in and out of SQLite: the one place that writes the documents and span tables.

use std::path::Path;

use chrono::NaiveDate;
use echotrace_model::{Analysis, DateSource, Document, Layers, Origin, TextSource};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The `analysis` column: the record's schema tag and layers. The document's own fields live in
/// their columns, so the text is stored once.
#[derive(Serialize)]
struct StoredLayers<'a> {
    schema: &'a str,
    text_from: TextSource,
    #[serde(flatten)]
    layers: &'a Layers,
}

#[derive(Deserialize)]
struct StoredLayersOwned {
    schema: String,
    /// Absent in corpora written before the field existed: those texts were all input text.
    #[serde(default)]
    text_from: TextSource,
    #[serde(flatten)]
    layers: Layers,
}

pub(crate) fn layers_json(record: &Analysis) -> String {
    let text_from = record.document.text_from;
    serde_json::to_string(&StoredLayers {
        schema: &record.schema,
        text_from,
        layers: &record.layers,
    })
    .expect("layers hold only strings, numbers and options, which always serialise")
}

/// How SQLite is opened.
pub(crate) struct DbOptions {
    pub read_only: bool,
    /// `immutable=1`: for a read-only directory, where SQLite cannot create its WAL index.
    pub immutable: bool,
    pub max_bytes: Option<u64>,
}

pub(crate) fn open(path: &Path, options: &DbOptions) -> Result<Connection> {
    let flags = if options.read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = if options.immutable {
        let uri = format!("file:{}?immutable=1", uri_path(path));
        Connection::open_with_flags(uri, flags)
    } else {
        Connection::open_with_flags(path, flags)
    }
    .map_err(|e| Error::sqlite(path, e))?;
    let sql_error = |e| Error::sqlite(path, e);
    conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sql_error)?;
    if !options.read_only {
        // WAL: readers never block the writer and see only committed batches. FULL syncs the
        // WAL at each commit, so a committed batch survives a power cut, not only a kill.
        let mode: String =
            conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(sql_error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode, "SQLite refused WAL mode; concurrent reads will block");
        }
        conn.execute_batch("PRAGMA synchronous = FULL;").map_err(sql_error)?;
        if let Some(max_bytes) = options.max_bytes {
            let page_size: i64 =
                conn.query_row("PRAGMA page_size", [], |row| row.get(0)).map_err(sql_error)?;
            let pages = (max_bytes as i64 / page_size.max(512)).max(1);
            conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |row| {
                row.get::<_, i64>(0)
            })
            .map_err(sql_error)?;
        }
    }
    Ok(conn)
}

/// A path for an SQLite URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            _ => out.push(ch),
        }
    }
    out
}

/// The current version of a document identity, if stored.
pub(crate) struct CurrentVersion {
    pub doc_key: i64,
    pub version: i64,
    pub content_hash: String,
}

pub(crate) fn current_version(
    tx: &Transaction<'_>,
    id: &str,
) -> rusqlite::Result<Option<CurrentVersion>> {
    tx.prepare_cached(
        "SELECT doc_key, version, content_hash FROM documents WHERE id = ?1 AND is_current = 1",
    )?
    .query_row([id], |row| {
        Ok(CurrentVersion { doc_key: row.get(0)?, version: row.get(1)?, content_hash: row.get(2)? })
    })
    .optional()
}

/// The first stored identity (other than `id`) whose current text has this hash.
pub(crate) fn same_content(
    tx: &Transaction<'_>,
    hash: &str,
    id: &str,
) -> rusqlite::Result<Option<String>> {
    tx.prepare_cached(
        "SELECT id FROM documents WHERE content_hash = ?1 AND is_current = 1 AND id <> ?2 \
         ORDER BY doc_key LIMIT 1",
    )?
    .query_row(params![hash, id], |row| row.get(0))
    .optional()
}

/// Marks a version as superseded and drops its span rows (span tables hold current versions).
pub(crate) fn supersede(tx: &Transaction<'_>, doc_key: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE documents SET is_current = 0 WHERE doc_key = ?1")?
        .execute([doc_key])?;
    delete_spans(tx, doc_key)
}

pub(crate) fn delete_spans(tx: &Transaction<'_>, doc_key: i64) -> rusqlite::Result<()> {
    for table in crate::schema::SPAN_TABLES {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc_key = ?1"))?
            .execute([doc_key])?;
    }
    Ok(())
}

pub(crate) struct NewRow<'a> {
    pub id: &'a str,
    pub version: i64,
    pub content_hash: &'a str,
    pub batch: u64,
    pub record: &'a Analysis,
}

/// Inserts a document version and its spans; returns its `doc_key`.
pub(crate) fn insert_document(
    tx: &Transaction<'_>,
    row: &NewRow<'_>,
    now: &str,
) -> rusqlite::Result<i64> {
    let document = &row.record.document;
    tx.prepare_cached(
        "INSERT INTO documents (id, version, is_current, content_hash, title, published, \
         published_from, outlet, url, language, origin_path, origin_line, text, analysis, batch, \
         ingested_at) VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        row.id,
        row.version,
        row.content_hash,
        document.title,
        document.published.map(|d| d.to_string()),
        date_source_name(document.published_from),
        document.outlet,
        document.url,
        document.language,
        document.origin.path,
        document.origin.line.map(|l| l as i64),
        document.text,
        layers_json(row.record),
        row.batch as i64,
        now,
    ])?;
    let doc_key = tx.last_insert_rowid();
    insert_spans(tx, doc_key, row.record)?;
    Ok(doc_key)
}

/// Replaces the analysis of a stored version in place (reanalysis).
pub(crate) fn update_analysis(
    tx: &Transaction<'_>,
    doc_key: i64,
    record: &Analysis,
    batch: u64,
) -> rusqlite::Result<()> {
    let document = &record.document;
    tx.prepare_cached(
        "UPDATE documents SET analysis = ?2, batch = ?3, published = ?4, published_from = ?5, \
         language = ?6 WHERE doc_key = ?1",
    )?
    .execute(params![
        doc_key,
        layers_json(record),
        batch as i64,
        document.published.map(|d| d.to_string()),
        date_source_name(document.published_from),
        document.language,
    ])?;
    delete_spans(tx, doc_key)?;
    insert_spans(tx, doc_key, record)
}

fn insert_spans(tx: &Transaction<'_>, doc_key: i64, record: &Analysis) -> rusqlite::Result<()> {
    let layers = &record.layers;
    if !layers.entities.is_empty() {
        let mut insert = tx.prepare_cached(
            "INSERT INTO entities (doc_key, start, end, text, type, entity_id, name) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for e in &layers.entities {
            insert.execute(params![
                doc_key,
                e.start as i64,
                e.end as i64,
                e.text,
                e.kind.as_str(),
                e.id,
                e.name
            ])?;
        }
    }
    if !layers.attributions.is_empty() {
        let mut insert = tx.prepare_cached(
            "INSERT INTO attributions (doc_key, idx, kind, parent, source_start, source_end, \
             source_text, source_entity, source_vague, cue_start, cue_end, cue_text, \
             content_start, content_end, content_text) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        for (idx, a) in layers.attributions.iter().enumerate() {
            let source = a.source.as_ref();
            insert.execute(params![
                doc_key,
                idx as i64,
                serde_plain_name(&a.kind),
                a.parent.map(|p| p as i64),
                source.map(|s| s.start as i64),
                source.map(|s| s.end as i64),
                source.map(|s| s.text.as_str()),
                source.and_then(|s| s.entity.as_deref()),
                source.map(|s| s.vague),
                a.cue.start as i64,
                a.cue.end as i64,
                a.cue.text,
                a.content.start as i64,
                a.content.end as i64,
                a.content.text,
            ])?;
        }
    }
    if !layers.techniques.is_empty() {
        let mut insert = tx.prepare_cached(
            "INSERT INTO techniques (doc_key, start, end, technique, score) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for t in &layers.techniques {
            insert.execute(params![
                doc_key,
                t.start as i64,
                t.end as i64,
                t.technique,
                f64::from(t.score)
            ])?;
        }
    }
    if !layers.predictions.is_empty() {
        let mut insert = tx.prepare_cached(
            "INSERT INTO predictions (doc_key, start, end, text, target_date) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for p in &layers.predictions {
            insert.execute(params![
                doc_key,
                p.start as i64,
                p.end as i64,
                p.text,
                p.target_date
            ])?;
        }
    }
    if !layers.times.is_empty() {
        let mut insert = tx.prepare_cached(
            "INSERT INTO times (doc_key, start, end, text, value) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for t in &layers.times {
            insert.execute(params![doc_key, t.start as i64, t.end as i64, t.text, t.value])?;
        }
    }
    if !layers.quantities.is_empty() {
        let mut insert = tx.prepare_cached(
            "INSERT INTO quantities (doc_key, start, end, text, value, unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for q in &layers.quantities {
            insert.execute(params![
                doc_key,
                q.start as i64,
                q.end as i64,
                q.text,
                q.value,
                q.unit
            ])?;
        }
    }
    if !layers.narratives.is_empty() {
        let mut insert = tx.prepare_cached(
            "INSERT INTO narratives (doc_key, narrative_id, title, score, evidence) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for n in &layers.narratives {
            let evidence = serde_json::to_string(&n.evidence).expect("spans are integer pairs");
            insert.execute(params![doc_key, n.id, n.title, f64::from(n.score), evidence])?;
        }
    }
    if !record.document.relayed_from.is_empty() {
        let mut insert =
            tx.prepare_cached("INSERT INTO relays (doc_key, outlet) VALUES (?1, ?2)")?;
        for outlet in &record.document.relayed_from {
            insert.execute(params![doc_key, outlet])?;
        }
    }
    Ok(())
}

pub(crate) fn insert_syndication(
    tx: &Transaction<'_>,
    doc_key: i64,
    id: &str,
    original_id: &str,
    hash: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO syndication (doc_key, id, original_id, content_hash) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![doc_key, id, original_id, hash])?;
    Ok(())
}

pub(crate) fn insert_batch(
    tx: &Transaction<'_>,
    batch: u64,
    kind: &str,
    documents: u64,
    now: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO batches (batch, kind, documents, committed_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![batch as i64, kind, documents as i64, now])?;
    Ok(())
}

/// The number of the last committed batch, 0 when none.
pub(crate) fn last_batch(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT COALESCE(MAX(batch), 0) FROM batches", [], |row| row.get::<_, i64>(0))
        .map(|b| b.max(0) as u64)
}

fn date_source_name(source: DateSource) -> &'static str {
    match source {
        DateSource::Metadata => "metadata",
        DateSource::Text => "text",
        DateSource::None => "none",
    }
}

fn date_source_from_name(name: &str) -> DateSource {
    match name {
        "metadata" => DateSource::Metadata,
        "text" => DateSource::Text,
        _ => DateSource::None,
    }
}

/// The serde name of a unit enum variant (`according_to`), as the JSON record spells it.
fn serde_plain_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// A stored current document version, read back.
#[derive(Debug, Clone)]
pub(crate) struct StoredDocument {
    pub doc_key: i64,
    pub id: String,
    pub version: i64,
    pub content_hash: String,
    pub record: Analysis,
}

/// The columns [`read_stored`] expects, in order.
pub(crate) const STORED_COLUMNS: &str = "doc_key, id, version, content_hash, title, published, \
     published_from, outlet, url, language, origin_path, origin_line, text, analysis";

pub(crate) fn read_stored(row: &rusqlite::Row<'_>) -> rusqlite::Result<(StoredDocument, String)> {
    let published: Option<String> = row.get(5)?;
    let published_from: String = row.get(6)?;
    let origin_line: Option<i64> = row.get(11)?;
    let document = Document {
        id: row.get(1)?,
        origin: Origin { path: row.get(10)?, line: origin_line.map(|l| l.max(0) as u64) },
        title: row.get(4)?,
        published: published.and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok()),
        published_from: date_source_from_name(&published_from),
        outlet: row.get(7)?,
        url: row.get(8)?,
        language: row.get(9)?,
        relayed_from: Vec::new(),
        text: row.get(12)?,
        // Restored from the stored analysis by `complete_stored`.
        text_from: TextSource::Input,
    };
    let analysis_json: String = row.get(13)?;
    let stored = StoredDocument {
        doc_key: row.get(0)?,
        id: document.id.clone(),
        version: row.get(2)?,
        content_hash: row.get(3)?,
        record: Analysis::new(document),
    };
    Ok((stored, analysis_json))
}

/// Fills the layers and relays of a document read with [`read_stored`].
pub(crate) fn complete_stored(
    conn: &Connection,
    mut stored: StoredDocument,
    analysis_json: &str,
    db_path: &Path,
) -> Result<StoredDocument> {
    let layers: StoredLayersOwned = serde_json::from_str(analysis_json)
        .map_err(|source| Error::StoredAnalysis { id: stored.id.clone(), source })?;
    stored.record.schema = layers.schema;
    stored.record.document.text_from = layers.text_from;
    stored.record.layers = layers.layers;
    let mut relays = conn
        .prepare_cached("SELECT outlet FROM relays WHERE doc_key = ?1 ORDER BY rowid")
        .map_err(|e| Error::sqlite(db_path, e))?;
    let outlets = relays
        .query_map([stored.doc_key], |row| row.get(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
        .map_err(|e| Error::sqlite(db_path, e))?;
    stored.record.document.relayed_from = outlets;
    Ok(stored)
}

/// Up to `limit` current documents with `doc_key > after`, in `doc_key` order, optionally only
/// those written by a batch after `after_batch`.
pub(crate) fn current_documents_page(
    conn: &Connection,
    after: i64,
    after_batch: Option<u64>,
    limit: usize,
    db_path: &Path,
) -> Result<Vec<StoredDocument>> {
    let sql = format!(
        "SELECT {STORED_COLUMNS} FROM documents WHERE is_current = 1 AND doc_key > ?1 \
         AND batch > ?2 ORDER BY doc_key LIMIT ?3"
    );
    let sql_error = |e| Error::sqlite(db_path, e);
    let mut statement = conn.prepare_cached(&sql).map_err(sql_error)?;
    let rows = statement
        .query_map(params![after, after_batch.unwrap_or(0) as i64, limit as i64], read_stored)
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(sql_error)?;
    drop(statement);
    rows.into_iter().map(|(stored, json)| complete_stored(conn, stored, &json, db_path)).collect()
}

/// Per-hit details for search results.
pub(crate) struct HitDetails {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
    pub text: String,
}

pub(crate) fn hit_details(conn: &Connection, id: &str) -> rusqlite::Result<Option<HitDetails>> {
    conn.prepare_cached(
        "SELECT title, outlet, published, text FROM documents WHERE id = ?1 AND is_current = 1",
    )?
    .query_row([id], |row| {
        let published: Option<String> = row.get(2)?;
        Ok(HitDetails {
            title: row.get(0)?,
            outlet: row.get(1)?,
            published: published.and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok()),
            text: row.get(3)?,
        })
    })
    .optional()
}
