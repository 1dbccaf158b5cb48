//! The per-document pipeline of echotrace.
//!
//! A [`Pipeline`] is a list of [`Analyzer`]s run in order over one document. Each analyser sees
//! the shared [`Context`] (the text, its [`Token`]s and sentences, computed once) and the
//! [`Layers`] filled so far, and adds its own layer. Analysis is a pure function of the
//! document: the same document and pipeline always give the same record.
//!
//! ```
//! use echotrace_analyze::Pipeline;
//! use echotrace_model::Document;
//!
//! let pipeline = Pipeline::standard();
//! let record = pipeline.run(Document::new("d1", "RNA - Maj. Gen. Ivanov spoke. He left."));
//! assert_eq!(record.layers.sentences.len(), 2);
//! assert_eq!(record.document.relayed_from, vec!["RNA".to_string()]);
//! ```

mod context;
mod memo;
mod metadata;
mod pipeline;
pub mod sentences;
pub mod tokens;

pub use context::Context;
pub use memo::{WordHasher, WordMemo};
pub use metadata::{find_published_date, find_relays, MetadataAnalyzer};
pub use pipeline::{Analyzer, Pipeline};
pub use tokens::{Token, TokenKind};
