//! Named entities for echotrace: who and what a text names, with aliases and transliteration
//! variants unified.
//!
//! - [`NerModel`]: a fast averaged-perceptron sequence tagger (PER/ORG/LOC/MISC, BIO tags,
//!   Viterbi) over word, shape, affix, context, gazetteer and document-level features, trained
//!   on CoNLL-2003 by [`train_ner`] and embedded in the binary ([`NerModel::embedded`]).
//! - Rules on top ([`EntityAnalyzer`]): people after titles and roles, organisation names built
//!   on a head word, outlets, and aliases the text declares ("X, also known as Y", "Y, formerly
//!   X", "X (ACRONYM)").
//! - [`Gazetteer`]: known entities from TOML files (format in `docs/gazetteer.md`), with a
//!   starter gazetteer for the Syrian war, matched exactly or through a transliteration
//!   skeleton ([`skeleton_key`]) so that "Sarakeb" and "Serakab" resolve to Saraqib.
//! - CoNLL tools for the CLI: [`tag_conll`] (`echotrace ner --format conll`),
//!   [`evaluate_conll`] (`echotrace eval conll`), [`train_ner_file`] (`echotrace train ner`),
//!   and [`summarize_entities`] (`echotrace entities`).
//!
//! ```
//! use echotrace_analyze::Pipeline;
//! use echotrace_entities::EntityAnalyzer;
//! use echotrace_model::{Document, EntityType};
//!
//! let pipeline = Pipeline::standard().with(Box::new(EntityAnalyzer::new()));
//! let record = pipeline.run(Document::new(
//!     "d1",
//!     "Militants moved chlorine to Sarakeb, Foreign Ministry spokeswoman Maria Zakharova said. \
//!      Zakharova added that Serakab was a target.",
//! ));
//! let ids = |text: &str| -> Vec<&str> {
//!     record.layers.entities.iter().filter(|e| e.text == text).map(|e| e.id.as_str()).collect()
//! };
//! assert_eq!(ids("Sarakeb"), ["place:saraqib"]);
//! assert_eq!(ids("Serakab"), ["place:saraqib"]);
//! assert_eq!(ids("Zakharova"), ["person:maria-zakharova"]);
//! let zakharova = record.layers.entities.iter().find(|e| e.text == "Maria Zakharova").unwrap();
//! assert_eq!(zakharova.kind, EntityType::Person);
//! ```

mod aggregate;
mod analyzer;
mod conll;
mod error;
mod features;
mod gazetteer;
mod lexicon;
mod model;
mod rules;
mod tags;
mod translit;

use std::path::Path;

pub use aggregate::{summarize_entities, write_entity_jsonl, write_entity_table, EntitySummary};
pub use analyzer::{conll_type_of, entity_type_of, slug_id, EntityAnalyzer};
pub use conll::{
    evaluate_conll, parse_conll, read_conll, tag_conll, ConllEvaluation, EntityCounts,
};
pub use error::{Error, Result};
pub use gazetteer::{load_gazetteer_file, Gazetteer, GazetteerEntry, MatchKind, STARTER_GAZETTEER};
pub use model::{train_ner, NerModel, TrainOptions, TrainingDocument};
pub use tags::{bio_from_iob, chunks, iob1_from_bio, ConllType, Tag, TAG_COUNT};
pub use translit::{exact_key, skeleton_key};

/// `echotrace train ner`: trains on the CoNLL-2003 file `train` with `options` and writes the
/// model to `out` (the embedded model is `crates/entities/models/ner-conll2003.bin.gz`, written
/// with [`TrainOptions::default`] from `../shared/conll2003/train.txt`). `progress` receives each
/// epoch's number and training token error rate. Returns the model and its size in bytes.
pub fn train_ner_file(
    train: &Path,
    out: &Path,
    options: &TrainOptions,
    progress: impl FnMut(usize, f64),
) -> Result<(NerModel, usize)> {
    let documents = read_conll(train)?;
    let model = train_ner(&documents, options, progress);
    let bytes = model.to_bytes()?;
    std::fs::write(out, &bytes).map_err(|e| Error::io(out, e))?;
    Ok((model, bytes.len()))
}

/// `echotrace eval conll FILE`: reads `path` and scores the embedded model on it.
pub fn evaluate_conll_file(path: &Path) -> Result<ConllEvaluation> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    evaluate_conll(NerModel::embedded(), &text, &path.display().to_string())
}
