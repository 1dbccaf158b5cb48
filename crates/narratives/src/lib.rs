//! Is it a known narrative? A catalog of recurring narratives, matching of a document's claims
//! against it, claim retrieval in the CheckThat! format, and emerging narratives over a corpus.
//!
//! ```
//! use echotrace_analyze::Pipeline;
//! use echotrace_model::Document;
//! use echotrace_narratives::NarrativeAnalyzer;
//!
//! let pipeline = Pipeline::standard().with(Box::new(NarrativeAnalyzer::starter()));
//! let text = "The ministry said the White Helmets are preparing a provocation with chemical \
//!             weapons in Idlib to accuse Syrian government forces.";
//! let record = pipeline.run(Document::new("d1", text));
//! assert_eq!(record.layers.narratives[0].id, "white-helmets-stage-chemical-attacks");
//! ```

pub mod adapter;
pub mod bm25;
pub mod calibration;
pub mod catalog;
pub mod checkthat;
pub mod emerging;
mod error;
pub mod matcher;
pub mod semantic;
pub mod text;

pub use catalog::{Catalog, Narrative, STARTER_CATALOG};
pub use checkthat::{eval_claims, match_claims_files, PathKind, Report, RunLine};
pub use emerging::{
    emerging_narratives, list_narratives, CandidateNarrative, EmergingOptions, NarrativeSummary,
};
pub use error::{Error, Result};
pub use matcher::{document_claims, Claim, NarrativeAnalyzer, NarrativeMatcher};
