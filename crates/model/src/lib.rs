//! Domain types of echotrace: the [`Document`] that readers produce, the [`Analysis`] record
//! that the per-document pipeline fills, and the span conventions they share.
//!
//! This crate does no I/O. Every span is a `[start, end)` pair of **Unicode code point
//! offsets** into [`Document::text`] (the SemEval PTC convention, and what Python's `str`
//! indexes); [`CharMap`] converts the byte offsets Rust strings use into those.
//!
//! ```
//! use echotrace_model::{Analysis, Document};
//!
//! let doc = Document::new("d1", "Émile said so.");
//! let record = Analysis::new(doc);
//! let json = serde_json::to_value(&record).unwrap();
//! assert_eq!(json["schema"], "echotrace/analysis@1");
//! assert_eq!(json["text"], "Émile said so.");
//! ```

mod analysis;
mod charmap;
mod document;

pub use analysis::{
    Analysis, Attribution, AttributionKind, AttributionSource, Entity, EntityType, Layers,
    NarrativeMatch, Prediction, Quantity, Segment, TechniqueSpan, TimeExpression, SCHEMA,
};
pub use charmap::CharMap;
pub use document::{DateSource, Document, Origin, TextSource};

/// A `[start, end)` range of code point offsets, serialised as a two-element array.
pub type Span = [usize; 2];
