//! The full-text index of an echotrace corpus. This is the only crate that knows tantivy.
//!
//! A [`SearchIndex`] holds one entry per document identity (the latest version): its title,
//! text, outlet, entities (ids and canonical names), propaganda techniques and publication day.
//! It answers ranked phrase and boolean queries (`"chemical weapons" AND (Idlib OR Saraqib)
//! -Syria`, `title:provocation`, `published:[2018-09-01T00:00:00Z TO 2018-10-01T00:00:00Z]`),
//! with filters, and builds highlighted snippets from a document's text.
//!
//! The text itself is *not* stored in the index (the SQLite store keeps it): the caller passes
//! it back to [`SearchResults::snippet`]. Every commit carries a caller-chosen marker (the
//! store's batch number) so that the store can tell whether the index has seen its last batch.
//!
//! ```
//! use echotrace_index::{Access, IndexedDocument, SearchIndex, SearchRequest};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut index = SearchIndex::open(dir.path(), Access::ReadWrite).unwrap();
//! let text = "The so-called rescue group is preparing a provocation in Idlib.";
//! index
//!     .replace(&IndexedDocument { id: "a1", text, outlet: Some("Press TV"), ..Default::default() })
//!     .unwrap();
//! index.commit(1).unwrap();
//! assert_eq!(index.committed_marker().unwrap(), Some(1));
//!
//! let results = index.search(&SearchRequest::new("\"rescue group\" AND idlib")).unwrap();
//! assert_eq!(results.hits[0].id, "a1");
//! let snippet = results.snippet(text);
//! assert!(snippet.text.contains("rescue"));
//! ```

mod error;
mod schema;
mod search;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use error::{Error, Result};
pub use search::{Highlight, IndexHit, SearchRequest, SearchResults};

use schema::Fields;

/// How an index is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Search only; sees commits made by a writer in another process shortly after they land.
    ReadOnly,
    /// Search and write; creates the index when the directory holds none. At most one writer
    /// per index (a second one gets [`Error::Locked`]).
    ReadWrite,
}

/// What the index holds for one document. Fields left empty are simply not indexed.
#[derive(Debug, Clone, Default)]
pub struct IndexedDocument<'a> {
    /// The document's identity in the store; a second `replace` with the same id replaces it.
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub text: &'a str,
    pub outlet: Option<&'a str>,
    pub published: Option<NaiveDate>,
    /// Canonical entity ids (`Q123`, `e:white_helmets`), each once.
    pub entity_ids: Vec<&'a str>,
    /// Canonical entity names, each once.
    pub entity_names: Vec<&'a str>,
    /// Technique names (`Loaded_Language`), each once.
    pub techniques: Vec<&'a str>,
}

/// The full-text index of one corpus directory.
pub struct SearchIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    fields: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("path", &self.path)
            .field("writable", &self.writer.is_some())
            .finish()
    }
}

/// Heap for the single indexing thread. Enough for batches of a few thousand articles; the
/// writer flushes a segment when it fills up.
const WRITER_HEAP_BYTES: usize = 64 * 1024 * 1024;

/// The commit payload is `echotrace-batch:<marker>`; anything else means the commit was not made
/// by this crate.
const MARKER_PREFIX: &str = "echotrace-batch:";

impl SearchIndex {
    /// Opens the index in `dir`, creating it in read-write mode when the directory holds none.
    ///
    /// Errors: [`Error::Missing`] (read-only and no index), [`Error::Corrupt`] (unreadable or
    /// foreign index files; the caller may rebuild it), [`Error::Locked`] (another writer).
    pub fn open(dir: &Path, access: Access) -> Result<SearchIndex> {
        let path = dir.to_path_buf();
        let exists = dir.join("meta.json").exists();
        let index = match (exists, access) {
            (false, Access::ReadOnly) => return Err(Error::Missing { path }),
            (false, Access::ReadWrite) => {
                std::fs::create_dir_all(dir).map_err(|source| Error::io(&path, source))?;
                Index::create_in_dir(dir, schema::build())
                    .map_err(|source| Error::from_tantivy(&path, source))?
            }
            (true, _) => {
                Index::open_in_dir(dir).map_err(|source| Error::from_tantivy(&path, source))?
            }
        };
        let fields = Fields::resolve(&index.schema()).map_err(|reason| Error::Corrupt {
            path: path.clone(),
            reason: format!("the index was written with another schema ({reason})"),
        })?;
        schema::register_tokenizers(&index);
        let writer = match access {
            Access::ReadOnly => None,
            Access::ReadWrite => Some(
                index
                    .writer_with_num_threads(1, WRITER_HEAP_BYTES)
                    .map_err(|source| Error::from_tantivy(&path, source))?,
            ),
        };
        // A writer reloads by hand after each commit; a reader in another process watches the
        // index's meta file so that searches see new batches while an ingest runs.
        let reload_policy = match access {
            Access::ReadOnly => ReloadPolicy::OnCommitWithDelay,
            Access::ReadWrite => ReloadPolicy::Manual,
        };
        let reader = index
            .reader_builder()
            .reload_policy(reload_policy)
            .try_into()
            .map_err(|source| Error::from_tantivy(&path, source))?;
        Ok(SearchIndex { path, index, reader, writer, fields })
    }

    /// The directory of the index.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn writer(&mut self) -> Result<&mut IndexWriter> {
        let path = &self.path;
        self.writer.as_mut().ok_or_else(|| Error::ReadOnly { path: path.clone() })
    }

    /// Adds `document`, replacing any entry with the same id. Visible after [`Self::commit`].
    pub fn replace(&mut self, document: &IndexedDocument<'_>) -> Result<()> {
        let entry = self.fields.tantivy_document(document);
        let id_term = Term::from_field_text(self.fields.id, document.id);
        let path = self.path.clone();
        let writer = self.writer()?;
        // Deletes apply to what was added before them, so delete-then-add replaces in one commit.
        writer.delete_term(id_term);
        writer.add_document(entry).map_err(|source| Error::from_tantivy(&path, source))?;
        Ok(())
    }

    /// Removes the entry with this id, if any. Visible after [`Self::commit`].
    pub fn remove(&mut self, id: &str) -> Result<()> {
        let id_term = Term::from_field_text(self.fields.id, id);
        self.writer()?.delete_term(id_term);
        Ok(())
    }

    /// Removes every entry (before a rebuild). Visible after [`Self::commit`].
    pub fn clear(&mut self) -> Result<()> {
        let path = self.path.clone();
        self.writer()?
            .delete_all_documents()
            .map_err(|source| Error::from_tantivy(&path, source))?;
        Ok(())
    }

    /// Makes every change since the last commit durable and visible, and records `marker` with
    /// them atomically.
    pub fn commit(&mut self, marker: u64) -> Result<()> {
        let path = self.path.clone();
        let writer = self.writer()?;
        let mut prepared = writer.prepare_commit().map_err(|e| Error::from_tantivy(&path, e))?;
        prepared.set_payload(&format!("{MARKER_PREFIX}{marker}"));
        prepared.commit().map_err(|source| Error::from_tantivy(&path, source))?;
        self.reader.reload().map_err(|source| Error::from_tantivy(&path, source))?;
        Ok(())
    }

    /// Drops every change since the last commit (after a failed batch).
    pub fn discard_uncommitted(&mut self) -> Result<()> {
        let path = self.path.clone();
        self.writer()?.rollback().map_err(|source| Error::from_tantivy(&path, source))?;
        Ok(())
    }

    /// The marker of the last commit, `None` for a fresh index or a commit made by another tool.
    pub fn committed_marker(&self) -> Result<Option<u64>> {
        let metas = self.index.load_metas().map_err(|e| Error::from_tantivy(&self.path, e))?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|payload| payload.strip_prefix(MARKER_PREFIX))
            .and_then(|marker| marker.parse().ok()))
    }

    /// Picks up commits made since the reader was opened (by this or another process).
    pub fn reload(&self) -> Result<()> {
        self.reader.reload().map_err(|source| Error::from_tantivy(&self.path, source))
    }

    /// Entries visible to searches.
    pub fn num_documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The ids of every visible entry, in no particular order (a duplicate id appears twice).
    /// Reads every stored entry: meant for consistency checks, not for the search path.
    pub fn document_ids(&self) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::with_capacity(searcher.num_docs() as usize);
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let alive = segment.doc_ids_alive();
            for doc_id in alive {
                let address = tantivy::DocAddress::new(segment_ord as u32, doc_id);
                let entry: TantivyDocument =
                    searcher.doc(address).map_err(|e| Error::from_tantivy(&self.path, e))?;
                if let Some(id) = entry.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    ids.push(id.to_owned());
                }
            }
        }
        Ok(ids)
    }

    /// Reads every byte of every index file and checks its checksum: finds damage that opening
    /// alone does not. Costs a full read of the index.
    pub fn verify(&self) -> Result<()> {
        let damaged =
            self.index.validate_checksum().map_err(|e| Error::from_tantivy(&self.path, e))?;
        if damaged.is_empty() {
            return Ok(());
        }
        let mut files: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
        files.sort();
        Err(Error::Corrupt {
            path: self.path.clone(),
            reason: format!("checksum mismatch in {}", files.join(", ")),
        })
    }
}

/// Normalises a technique name the way the index stores it, so that `Loaded_Language`,
/// `loaded language` and `loaded-language` all name the same technique.
pub fn technique_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split(|c: char| c.is_whitespace() || c == '_' || c == '-') {
        if word.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push('_');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// Normalises an entity id or name the way the index stores it: trimmed, lower case, inner
/// whitespace collapsed to one space.
pub fn entity_key(id_or_name: &str) -> String {
    id_or_name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Normalises an outlet name for exact filtering: trimmed, lower case, whitespace collapsed.
pub fn outlet_key(outlet: &str) -> String {
    entity_key(outlet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technique_keys_ignore_case_and_separators() {
        for (input, expect) in [
            ("Loaded_Language", "loaded_language"),
            ("loaded language", "loaded_language"),
            (" Loaded-Language ", "loaded_language"),
            ("Name_Calling,Labeling", "name_calling,labeling"),
            ("", ""),
        ] {
            assert_eq!(technique_key(input), expect, "{input:?}");
        }
    }

    #[test]
    fn entity_keys_collapse_whitespace_and_case() {
        for (input, expect) in [("White  Helmets", "white helmets"), (" Q42 ", "q42"), ("", "")] {
            assert_eq!(entity_key(input), expect, "{input:?}");
        }
    }
}
