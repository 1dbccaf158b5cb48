//! The corpus of echotrace: every analysed document in an SQLite store, with a full-text index
//! beside it. This is the only crate that speaks SQL; the index lives in `echotrace-index`.
//!
//! A corpus is a directory holding `corpus.sqlite` (WAL mode; the schema is documented in
//! `docs/store.md` for users who query it with plain SQL) and `index/` (tantivy). [`Corpus`]
//! ingests [`Analysis`](echotrace_model::Analysis) records in batches, idempotently and
//! crash-safely, and answers [`search`](Corpus::search), [`export`](Corpus::export) and
//! [`stats`](Corpus::stats). Readers ([`OpenMode::ReadOnly`]) work while an ingest runs.
//!
//! ```
//! use echotrace_model::{Analysis, Document};
//! use echotrace_store::{Corpus, OpenMode, SearchFilters};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).unwrap();
//! let records = vec![
//!     Analysis::new(Document::new("a1", "The White Helmets are preparing a provocation in Idlib.")),
//!     Analysis::new(Document::new("a2", "Markets rallied on Tuesday.")),
//! ];
//! let summary = corpus.ingest(records.clone(), 500).unwrap();
//! assert_eq!(summary.added, 2);
//! // Ingesting the same records again adds nothing.
//! assert_eq!(corpus.ingest(records, 500).unwrap().unchanged, 2);
//!
//! let results = corpus.search("\"white helmets\" idlib", &SearchFilters::default()).unwrap();
//! assert_eq!(results.hits[0].id, "a1");
//! assert_eq!(corpus.stats().unwrap().documents, 2);
//! ```

mod corpus;
mod db;
mod error;
mod export;
pub mod identity;
mod link;
mod schema;
mod stats;
pub mod views;

pub(crate) use corpus::now;
pub use corpus::{
    Consistency, Corpus, CorpusOptions, Hit, IngestSummary, OpenMode, ReanalyzeSummary, Recovery,
    SearchFilters, SearchResults, Snippet, DATABASE_FILE, DEFAULT_BATCH_SIZE, INDEX_DIR,
};
pub use echotrace_link::graph::{EdgeKind, GraphEdge, GraphNode, NodeKind, OutletGraph};
pub use error::{Error, Result};
pub use export::{ExportFormat, FLAT_COLUMNS};
pub use link::{
    Bucket, ClaimCluster, ClaimMember, Direction, LinkOptions, LinkSummary, OutletReuse, Passage,
    ReuseFilter, ReusePair, Timeline, TimelinePoint, TimelineSubject, PASSAGE_CONTEXT,
};
pub use schema::SCHEMA_VERSION;
pub use stats::{Count, Stats, TOP};
