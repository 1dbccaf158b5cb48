//! Propaganda technique detection: where a text uses one of the 14 techniques of the
//! SemEval-2020 Task 11 taxonomy (span identification, SI) and which one (technique
//! classification, TC), trained on the Propaganda Techniques Corpus (PTC).
//!
//! The **fast tier** (default) is a BIO span tagger (averaged structured perceptron with
//! Viterbi decoding) and a multiclass averaged perceptron for techniques, both over hashed
//! features (n-grams, cue lexicons, quotes, punctuation, capitalisation, position, repetition
//! in the article, sentence shape, span length). Its model is committed in
//! `models/techniques-fast.bin` and embedded in the binary.
//!
//! The **accurate tier** ([`AccurateTier`], opt-in) stacks all-MiniLM-L6-v2 token states on the
//! fast tier's outputs and runs two small trained heads (`models/techniques-accurate.bin`); it
//! needs `echotrace models install`, and [`TechniqueAnalyzer::for_tier`] falls back to the fast
//! tier, with a notice, without it.
//!
//! * [`TechniqueAnalyzer`] fills `layers.techniques` in the per-document pipeline.
//! * [`train_techniques`] regenerates the model from `ptc/train` (deterministic per seed).
//! * [`write_si`] and [`write_tc`] write the SemEval submission formats.
//! * [`eval_ptc`] cross-validates a tier with the official scores.
//!
//! ```
//! use echotrace_analyze::Pipeline;
//! use echotrace_model::Document;
//! use echotrace_techniques::{TechniqueAnalyzer, TECHNIQUES};
//!
//! let pipeline = Pipeline::standard().with(Box::new(TechniqueAnalyzer::fast()?));
//! let text = "Title\n\nThese brutal, corrupt thugs want to destroy our great nation!";
//! let record = pipeline.run(Document::new("d1", text));
//! for span in &record.layers.techniques {
//!     assert!(span.start < span.end && span.end <= text.chars().count());
//!     assert!(TECHNIQUES.contains(&span.technique.as_str()));
//! }
//! # Ok::<(), echotrace_techniques::Error>(())
//! ```

pub mod accurate;
mod analyzer;
pub mod corpus;
mod error;
pub mod eval;
mod features;
pub mod formats;
pub mod lexicon;
mod linear;
mod model;
pub mod scorer;

pub use accurate::{train_accurate, AccurateOptions, AccurateTier, Head, MlpOptions, StackedData};
pub use analyzer::TechniqueAnalyzer;
pub use corpus::TECHNIQUES;
pub use error::{Error, Result};
pub use eval::{eval_ptc, eval_ptc_with, Report, Tier};
pub use formats::{write_si, write_tc};
pub use model::{train_on, train_techniques, FoundSpan, Model, TrainOptions, DEFAULT_SEED};
