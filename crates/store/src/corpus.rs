//! The corpus: a directory with the SQLite store (`corpus.sqlite`) and the full-text index
//! (`index/`), kept in step batch by batch.
//!
//! Crash safety rests on one ordering: a batch is first committed to SQLite (one transaction,
//! which also records the batch number in `batches`), then to the index, whose commit carries
//! the same batch number. SQLite is the source of truth; the index is derived data. On a
//! read-write open the two numbers are compared: an index behind SQLite is caught up from the
//! documents written by the missing batches, and an index that is missing, damaged or ahead is
//! rebuilt from SQLite.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use echotrace_index::{Access, IndexedDocument, SearchIndex, SearchRequest};
use echotrace_model::{Analysis, Document};
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;

use crate::db::{self, DbOptions, NewRow};
use crate::identity::{content_hash, identity};
use crate::schema::{self, SCHEMA_VERSION};
use crate::{Error, Result};

/// The SQLite file inside a corpus directory.
pub const DATABASE_FILE: &str = "corpus.sqlite";
/// The index directory inside a corpus directory.
pub const INDEX_DIR: &str = "index";
/// The batch size the CLI uses unless told otherwise.
pub const DEFAULT_BATCH_SIZE: usize = 500;

/// How a corpus is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Search, stats and export; never writes. Works while another process ingests, and on a
    /// read-only directory.
    ReadOnly,
    /// Also ingest and reanalyse; creates the corpus when the directory is new or empty. One
    /// writer at a time.
    ReadWrite,
}

/// Less common settings for [`Corpus::open_with`].
#[derive(Debug, Clone, Default)]
pub struct CorpusOptions {
    /// Refuse to grow the SQLite file beyond this many bytes ([`Error::DiskFull`] when a batch
    /// would cross it). `None`: as large as the disk allows.
    pub max_store_bytes: Option<u64>,
}

/// What opening the corpus had to repair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recovery {
    /// The index agreed with the store.
    None,
    /// The index had missed the last batches (a crash between the two commits): they were
    /// indexed again.
    CaughtUp { batches: u64, documents: u64 },
    /// The index was missing, damaged or from another run, and was rebuilt from the store.
    Rebuilt { reason: String, documents: u64 },
}

/// Counts of one [`Corpus::ingest`] call.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestSummary {
    /// Records read from the input.
    pub read: u64,
    /// New documents (including syndicated copies).
    pub added: u64,
    /// Of `added`: exact copies of a stored text under another id (syndication).
    pub duplicates: u64,
    /// Known ids whose text changed: stored as a new version.
    pub new_versions: u64,
    /// Records whose id and text were already stored: nothing written.
    pub unchanged: u64,
    /// Batches committed (a batch where nothing changed commits nothing).
    pub batches: u64,
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

impl IngestSummary {
    pub fn documents_per_second(&self) -> f64 {
        self.read as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl std::fmt::Display for IngestSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} read: {} added ({} syndicated duplicates), {} new versions, {} unchanged; \
             {} batches in {:.1}s ({:.0} documents/s)",
            self.read,
            self.added,
            self.duplicates,
            self.new_versions,
            self.unchanged,
            self.batches,
            self.elapsed.as_secs_f64(),
            self.documents_per_second()
        )
    }
}

/// Counts of one [`Corpus::reanalyze`] call.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReanalyzeSummary {
    pub documents: u64,
    /// Documents whose analysis differs from the stored one (rewritten).
    pub changed: u64,
    pub batches: u64,
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

impl std::fmt::Display for ReanalyzeSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} documents reanalysed, {} changed, {} batches in {:.1}s",
            self.documents,
            self.changed,
            self.batches,
            self.elapsed.as_secs_f64()
        )
    }
}

fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

/// Filters of [`Corpus::search`]; `Default` has none and a limit of 10.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFilters {
    /// Exact outlet name, case-insensitive.
    pub outlet: Option<String>,
    /// First publication day included.
    pub since: Option<NaiveDate>,
    /// Last publication day included.
    pub until: Option<NaiveDate>,
    /// An entity id or canonical name, case-insensitive.
    pub entity: Option<String>,
    /// A technique name (`Loaded_Language`, `loaded language`).
    pub technique: Option<String>,
    pub limit: usize,
}

impl Default for SearchFilters {
    fn default() -> Self {
        SearchFilters {
            outlet: None,
            since: None,
            until: None,
            entity: None,
            technique: None,
            limit: 10,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
    pub score: f32,
    pub snippet: Snippet,
}

/// The best fragment of a hit's text, with the words that matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Where `text` starts in the document text (code points).
    pub start: usize,
    /// `[start, end)` code point ranges inside `text` to highlight.
    pub highlights: Vec<[usize; 2]>,
}

/// Ranked hits, best first, and the number of all matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// How the store and the index compare (see [`Corpus::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consistency {
    /// Current document versions in SQLite.
    pub store_documents: u64,
    /// Identities with more than one current version in SQLite.
    pub store_duplicate_ids: u64,
    /// Entries in the index.
    pub index_documents: u64,
    /// Ids present more than once in the index.
    pub index_duplicate_ids: u64,
    /// Current documents that the index lacks.
    pub missing_from_index: u64,
    /// Index entries with no current document.
    pub unknown_in_index: u64,
    /// Last batch committed to SQLite.
    pub store_batch: u64,
    /// Last batch committed to the index.
    pub index_batch: Option<u64>,
}

impl Consistency {
    pub fn is_consistent(&self) -> bool {
        self.store_duplicate_ids == 0
            && self.index_duplicate_ids == 0
            && self.missing_from_index == 0
            && self.unknown_in_index == 0
            && self.index_batch == Some(self.store_batch)
    }
}

/// An echotrace corpus directory, open for reading or writing.
pub struct Corpus {
    dir: PathBuf,
    db_path: PathBuf,
    conn: Connection,
    mode: OpenMode,
    /// The index, or why it cannot be used (read-only mode only; read-write repairs it).
    index: std::result::Result<SearchIndex, String>,
    /// Set when an index write failed after its SQLite batch committed: the next batch first
    /// catches the index up, so that its marker never claims a batch it lacks.
    index_behind: bool,
    recovery: Recovery,
}

impl std::fmt::Debug for Corpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Corpus").field("dir", &self.dir).field("mode", &self.mode).finish()
    }
}

/// The current time as stored in `*_at` columns (RFC 3339, UTC, seconds).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Corpus {
    /// Opens the corpus in `dir` (see [`OpenMode`]).
    ///
    /// Errors: [`Error::NotACorpus`] (a read-only open of a directory without a corpus, or a
    /// read-write open of a non-empty directory that holds no corpus), [`Error::NewerSchema`],
    /// [`Error::NotWritable`], [`Error::Busy`] (another writer).
    pub fn open(dir: impl AsRef<Path>, mode: OpenMode) -> Result<Corpus> {
        Corpus::open_with(dir, mode, &CorpusOptions::default())
    }

    pub fn open_with(
        dir: impl AsRef<Path>,
        mode: OpenMode,
        options: &CorpusOptions,
    ) -> Result<Corpus> {
        let dir = dir.as_ref().to_path_buf();
        let db_path = dir.join(DATABASE_FILE);
        match mode {
            OpenMode::ReadOnly => Corpus::open_read_only(dir, db_path),
            OpenMode::ReadWrite => Corpus::open_read_write(dir, db_path, options),
        }
    }

    fn open_read_only(dir: PathBuf, db_path: PathBuf) -> Result<Corpus> {
        if !db_path.is_file() {
            let reason = format!("{} does not exist", db_path.display());
            return Err(Error::NotACorpus { path: dir, reason });
        }
        let options = DbOptions { read_only: true, immutable: false, max_bytes: None };
        let conn = match db::open(&db_path, &options).and_then(|conn| {
            check_version(&conn, &db_path)?;
            Ok(conn)
        }) {
            Ok(conn) => conn,
            // A read-only directory: SQLite cannot create the WAL index beside the database.
            // Nobody can write there either, so reading the file as immutable is safe.
            Err(Error::NotWritable { .. }) => {
                let options = DbOptions { immutable: true, ..options };
                let conn = db::open(&db_path, &options)?;
                check_version(&conn, &db_path)?;
                conn
            }
            Err(error) => return Err(error),
        };
        let index =
            SearchIndex::open(&dir.join(INDEX_DIR), Access::ReadOnly).map_err(|e| e.to_string());
        Ok(Corpus {
            dir,
            db_path,
            conn,
            mode: OpenMode::ReadOnly,
            index,
            index_behind: false,
            recovery: Recovery::None,
        })
    }

    fn open_read_write(dir: PathBuf, db_path: PathBuf, options: &CorpusOptions) -> Result<Corpus> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::NotACorpus { path: dir, reason: "it is not a directory".into() });
        }
        if !db_path.exists() && directory_has_entries(&dir) {
            let reason = format!("the directory is not empty and holds no {DATABASE_FILE}");
            return Err(Error::NotACorpus { path: dir, reason });
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let db_options =
            DbOptions { read_only: false, immutable: false, max_bytes: options.max_store_bytes };
        let mut conn = db::open(&db_path, &db_options)?;
        let found = check_version(&conn, &db_path)?;
        if found < SCHEMA_VERSION {
            schema::migrate(&mut conn, found).map_err(|e| Error::sqlite(&db_path, e))?;
        }
        let index_dir = dir.join(INDEX_DIR);
        let (index, damage) = match SearchIndex::open(&index_dir, Access::ReadWrite) {
            Ok(index) => (index, None),
            Err(error) if error.is_corrupt() => {
                tracing::warn!(%error, "rebuilding the full-text index from the store");
                std::fs::remove_dir_all(&index_dir).map_err(|e| Error::io(&index_dir, e))?;
                (SearchIndex::open(&index_dir, Access::ReadWrite)?, Some(error.to_string()))
            }
            Err(error) => return Err(error.into()),
        };
        let mut corpus = Corpus {
            dir,
            db_path,
            conn,
            mode: OpenMode::ReadWrite,
            index: Ok(index),
            index_behind: false,
            recovery: Recovery::None,
        };
        corpus.recovery = corpus.sync_index(damage)?;
        if corpus.recovery != Recovery::None {
            tracing::info!(recovery = ?corpus.recovery, "index repaired");
        }
        Ok(corpus)
    }

    /// The corpus directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn mode(&self) -> OpenMode {
        self.mode
    }

    /// What opening had to repair (always [`Recovery::None`] for read-only opens).
    pub fn recovery(&self) -> &Recovery {
        &self.recovery
    }

    fn index(&self) -> Result<&SearchIndex> {
        self.index.as_ref().map_err(|reason| Error::IndexUnavailable {
            path: self.dir.clone(),
            reason: reason.clone(),
        })
    }

    fn index_mut(&mut self) -> Result<&mut SearchIndex> {
        let dir = &self.dir;
        self.index
            .as_mut()
            .map_err(|reason| Error::IndexUnavailable { path: dir.clone(), reason: reason.clone() })
    }

    pub(crate) fn writable(&self) -> Result<()> {
        match self.mode {
            OpenMode::ReadWrite => Ok(()),
            OpenMode::ReadOnly => Err(Error::NotWritable {
                path: self.dir.clone(),
                reason: "the corpus was opened read-only".into(),
            }),
        }
    }

    /// Brings the index to the store's last batch: nothing, a catch-up, or a full rebuild.
    fn sync_index(&mut self, damage: Option<String>) -> Result<Recovery> {
        let last = db::last_batch(&self.conn).map_err(|e| Error::sqlite(&self.db_path, e))?;
        let index = self.index_mut()?;
        let marker = index.committed_marker()?;
        let empty = index.num_documents() == 0;
        let recovery = match (marker, damage) {
            (Some(marker), None) if marker == last => return Ok(Recovery::None),
            (Some(marker), None) if marker < last => {
                let documents = self.reindex(Some(marker))?;
                Recovery::CaughtUp { batches: last - marker, documents }
            }
            (None, None) if last == 0 && empty => {
                // A new corpus: mark the empty index as in step with the empty store.
                self.index_mut()?.commit(0)?;
                return Ok(Recovery::None);
            }
            (marker, damage) => {
                let reason = damage.unwrap_or_else(|| match marker {
                    Some(marker) => format!("the index is at batch {marker}, the store at {last}"),
                    None => "the index has no batch marker".to_owned(),
                });
                self.index_mut()?.clear()?;
                let documents = self.reindex(None)?;
                Recovery::Rebuilt { reason, documents }
            }
        };
        self.index_mut()?.commit(last)?;
        self.index_behind = false;
        Ok(recovery)
    }

    /// Adds to the index every current document written after batch `after` (all when `None`).
    fn reindex(&mut self, after: Option<u64>) -> Result<u64> {
        const PAGE: usize = 1000;
        let mut last_key = 0;
        let mut documents = 0;
        loop {
            let page =
                db::current_documents_page(&self.conn, last_key, after, PAGE, &self.db_path)?;
            let Some(last) = page.last() else { break };
            last_key = last.doc_key;
            let index = self.index_mut()?;
            for stored in &page {
                index.replace(&indexed_document(&stored.id, &stored.record))?;
            }
            documents += page.len() as u64;
        }
        Ok(documents)
    }

    /// Stores `records` in batches of `batch_size`: one SQLite transaction per batch, then one
    /// index commit. Idempotent: a record whose id (or, without id, normalised text) and text
    /// are stored adds nothing; a changed text under a known id is a new version; the same text
    /// under a new id is stored and recorded as a syndicated duplicate.
    ///
    /// On error, the batches committed before it are kept; rerunning the same input completes
    /// the ingest.
    pub fn ingest(
        &mut self,
        records: impl IntoIterator<Item = Analysis>,
        batch_size: usize,
    ) -> Result<IngestSummary> {
        self.ingest_with_progress(records, batch_size, |_| {})
    }

    /// [`Corpus::ingest`], calling `progress` with the running totals after each batch.
    pub fn ingest_with_progress(
        &mut self,
        records: impl IntoIterator<Item = Analysis>,
        batch_size: usize,
        mut progress: impl FnMut(&IngestSummary),
    ) -> Result<IngestSummary> {
        self.writable()?;
        let started = Instant::now();
        let batch_size = batch_size.max(1);
        let mut summary = IngestSummary::default();
        let mut batch = Vec::with_capacity(batch_size.min(100_000));
        for record in records {
            summary.read += 1;
            batch.push(record);
            if batch.len() >= batch_size {
                self.commit_ingest_batch(&batch, &mut summary)?;
                batch.clear();
                summary.elapsed = started.elapsed();
                progress(&summary);
            }
        }
        if !batch.is_empty() {
            self.commit_ingest_batch(&batch, &mut summary)?;
            summary.elapsed = started.elapsed();
            progress(&summary);
        }
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    fn commit_ingest_batch(
        &mut self,
        batch: &[Analysis],
        summary: &mut IngestSummary,
    ) -> Result<()> {
        if self.index_behind {
            self.sync_index(None)?;
        }
        let db_path = self.db_path.clone();
        let sql = |e| Error::sqlite(&db_path, e);
        let now = now();
        // IMMEDIATE takes the write lock up front, so a concurrent writer waits here instead of
        // failing half-way through the batch.
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let batch_number = db::last_batch(&tx).map_err(sql)? + 1;
        let mut written: Vec<(String, &Analysis)> = Vec::new();
        let mut counts = IngestSummary::default();
        for record in batch {
            let hash = content_hash(&record.document.text);
            let id = identity(&record.document.id, &hash);
            let mut duplicate_of = None;
            let version = match db::current_version(&tx, &id).map_err(sql)? {
                Some(current) if current.content_hash == hash => {
                    counts.unchanged += 1;
                    continue;
                }
                Some(current) => {
                    db::supersede(&tx, current.doc_key).map_err(sql)?;
                    counts.new_versions += 1;
                    current.version + 1
                }
                None => {
                    duplicate_of = db::same_content(&tx, &hash, &id).map_err(sql)?;
                    counts.added += 1;
                    counts.duplicates += u64::from(duplicate_of.is_some());
                    1
                }
            };
            let row = NewRow { id: &id, version, content_hash: &hash, batch: batch_number, record };
            let doc_key = db::insert_document(&tx, &row, &now).map_err(sql)?;
            if let Some(original) = &duplicate_of {
                db::insert_syndication(&tx, doc_key, &id, original, &hash).map_err(sql)?;
            }
            // The row carries the identity; the record's own id may be empty or padded.
            written.push((id, record));
        }
        summary.unchanged += counts.unchanged;
        if written.is_empty() {
            // Nothing changed: commit nothing, so that a rerun leaves no trace.
            return Ok(());
        }
        db::insert_batch(&tx, batch_number, "ingest", written.len() as u64, &now).map_err(sql)?;
        tx.commit().map_err(sql)?;
        summary.added += counts.added;
        summary.duplicates += counts.duplicates;
        summary.new_versions += counts.new_versions;
        summary.batches += 1;
        self.index_batch(batch_number, &written)
    }

    /// Indexes the documents SQLite just committed as `batch_number`.
    fn index_batch(&mut self, batch_number: u64, written: &[(String, &Analysis)]) -> Result<()> {
        let index = self.index_mut()?;
        let result = written
            .iter()
            .try_for_each(|(id, record)| index.replace(&indexed_document(id, record)))
            .and_then(|()| index.commit(batch_number));
        if let Err(error) = result {
            self.index_behind = true;
            if let Ok(index) = self.index.as_mut() {
                if let Err(rollback) = index.discard_uncommitted() {
                    tracing::warn!(%rollback, "could not discard the failed index batch");
                }
            }
            return Err(error.into());
        }
        Ok(())
    }

    /// Reruns the analysis on every current document (`--reanalyze`, after the models changed)
    /// and rewrites those whose analysis changed, in batches like [`Corpus::ingest`].
    /// `analyze` gets the stored document (text and metadata) and returns its new record; the
    /// record's id and text are kept as stored whatever it returns.
    pub fn reanalyze(
        &mut self,
        mut analyze: impl FnMut(Document) -> Analysis,
        batch_size: usize,
    ) -> Result<ReanalyzeSummary> {
        self.writable()?;
        if self.index_behind {
            self.sync_index(None)?;
        }
        let started = Instant::now();
        let mut summary = ReanalyzeSummary::default();
        let mut last_key = 0;
        loop {
            let page = db::current_documents_page(
                &self.conn,
                last_key,
                None,
                batch_size.max(1),
                &self.db_path,
            )?;
            let Some(last) = page.last() else { break };
            last_key = last.doc_key;
            let mut changed = Vec::new();
            for stored in page {
                summary.documents += 1;
                let mut fresh = analyze(stored.record.document.clone());
                fresh.document.id = stored.id.clone();
                fresh.document.text = stored.record.document.text.clone();
                if db::layers_json(&fresh) != db::layers_json(&stored.record)
                    || fresh.document != stored.record.document
                {
                    changed.push((stored.doc_key, stored.id, fresh));
                }
            }
            if changed.is_empty() {
                continue;
            }
            let db_path = self.db_path.clone();
            let sql = |e| Error::sqlite(&db_path, e);
            let now = now();
            let tx =
                self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
            let batch_number = db::last_batch(&tx).map_err(sql)? + 1;
            for (doc_key, _, record) in &changed {
                db::update_analysis(&tx, *doc_key, record, batch_number).map_err(sql)?;
            }
            db::insert_batch(&tx, batch_number, "reanalyze", changed.len() as u64, &now)
                .map_err(sql)?;
            tx.commit().map_err(sql)?;
            summary.changed += changed.len() as u64;
            summary.batches += 1;
            let written: Vec<(String, &Analysis)> =
                changed.iter().map(|(_, id, record)| (id.clone(), record)).collect();
            self.index_batch(batch_number, &written)?;
        }
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    /// Ranked full-text search (see [`SearchRequest`] for the query syntax), with snippets.
    pub fn search(&self, query: &str, filters: &SearchFilters) -> Result<SearchResults> {
        let index = self.index()?;
        let request = SearchRequest {
            query,
            outlet: filters.outlet.as_deref(),
            since: filters.since,
            until: filters.until,
            entity: filters.entity.as_deref(),
            technique: filters.technique.as_deref(),
            limit: filters.limit.max(1),
        };
        let found = index.search(&request)?;
        let mut hits = Vec::with_capacity(found.hits.len());
        for hit in &found.hits {
            // The index may briefly run ahead of this connection's view while an ingest commits.
            let Some(details) = db::hit_details(&self.conn, &hit.id)
                .map_err(|e| Error::sqlite(&self.db_path, e))?
            else {
                continue;
            };
            let highlight = found.snippet(&details.text);
            hits.push(Hit {
                id: hit.id.clone(),
                title: details.title,
                outlet: details.outlet,
                published: details.published,
                score: hit.score,
                snippet: Snippet {
                    text: highlight.text,
                    start: highlight.start,
                    highlights: highlight.highlights,
                },
            });
        }
        Ok(SearchResults { hits, total: found.total })
    }

    /// The stored record of the current version of `id`.
    pub fn document(&self, id: &str) -> Result<Option<Analysis>> {
        let sql = format!(
            "SELECT {} FROM documents WHERE id = ?1 AND is_current = 1",
            db::STORED_COLUMNS
        );
        let sql_error = |e| Error::sqlite(&self.db_path, e);
        let row = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut statement| {
                use rusqlite::OptionalExtension;
                statement.query_row([id], db::read_stored).optional()
            })
            .map_err(sql_error)?;
        match row {
            None => Ok(None),
            Some((stored, json)) => {
                Ok(Some(db::complete_stored(&self.conn, stored, &json, &self.db_path)?.record))
            }
        }
    }

    /// Compares the store and the index entry by entry. Reads the whole index: for tests and
    /// `stats --check`, not for every open.
    pub fn check(&self) -> Result<Consistency> {
        let sql = |e| Error::sqlite(&self.db_path, e);
        let store_ids: Vec<String> = self
            .conn
            .prepare("SELECT id FROM documents WHERE is_current = 1")
            .and_then(|mut statement| {
                let ids = statement.query_map([], |row| row.get(0))?.collect();
                ids
            })
            .map_err(sql)?;
        let store_batch = db::last_batch(&self.conn).map_err(sql)?;
        let index = self.index()?;
        index.reload()?;
        let index_ids = index.document_ids()?;
        let store_set: BTreeSet<&str> = store_ids.iter().map(String::as_str).collect();
        let index_set: BTreeSet<&str> = index_ids.iter().map(String::as_str).collect();
        Ok(Consistency {
            store_documents: store_ids.len() as u64,
            store_duplicate_ids: (store_ids.len() - store_set.len()) as u64,
            index_documents: index_ids.len() as u64,
            index_duplicate_ids: (index_ids.len() - index_set.len()) as u64,
            missing_from_index: store_set.difference(&index_set).count() as u64,
            unknown_in_index: index_set.difference(&store_set).count() as u64,
            store_batch,
            index_batch: index.committed_marker()?,
        })
    }

    /// Makes commits of other processes (an ingest running beside this reader) visible now
    /// rather than after the index's file watcher notices them.
    pub fn refresh(&self) -> Result<()> {
        Ok(self.index()?.reload()?)
    }

    /// Checks every index file's checksum (a full read of the index).
    pub fn verify_index(&self) -> Result<()> {
        Ok(self.index()?.verify()?)
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// The connection for a writer (callers check [`Corpus::writable`] first).
    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn directory_has_entries(dir: &Path) -> bool {
    std::fs::read_dir(dir).map(|mut entries| entries.next().is_some()).unwrap_or(false)
}

/// Fails with [`Error::NewerSchema`] for a corpus written by a newer echotrace; returns the
/// version found.
fn check_version(conn: &Connection, db_path: &Path) -> Result<i64> {
    let found = schema::current_version(conn).map_err(|e| Error::sqlite(db_path, e))?;
    if found > SCHEMA_VERSION {
        let path = db_path.parent().unwrap_or(db_path).to_path_buf();
        return Err(Error::NewerSchema { path, found, supported: SCHEMA_VERSION });
    }
    Ok(found)
}

/// What the index holds for a record: entity ids and names and techniques, each once.
fn indexed_document<'a>(id: &'a str, record: &'a Analysis) -> IndexedDocument<'a> {
    let layers = &record.layers;
    let entity_ids: BTreeSet<&str> = layers.entities.iter().map(|e| e.id.as_str()).collect();
    let entity_names: BTreeSet<&str> = layers.entities.iter().map(|e| e.name.as_str()).collect();
    let techniques: BTreeSet<&str> =
        layers.techniques.iter().map(|t| t.technique.as_str()).collect();
    let document = &record.document;
    IndexedDocument {
        id,
        title: document.title.as_deref(),
        text: &document.text,
        outlet: document.outlet.as_deref(),
        published: document.published,
        entity_ids: entity_ids.into_iter().filter(|s| !s.is_empty()).collect(),
        entity_names: entity_names.into_iter().filter(|s| !s.is_empty()).collect(),
        techniques: techniques.into_iter().filter(|s| !s.is_empty()).collect(),
    }
}
