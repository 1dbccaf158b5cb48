//! Who said what, citing whom: the attribution analyser of echotrace.
//!
//! [`AttributionAnalyzer`] fills four layers of the analysis record:
//! - `attributions`: PolNeAR-style source / cue / content triples (direct and indirect speech,
//!   mixed quotes, "according to X", colon leads and outlet relays such as "Press TV reports:"),
//!   with sources resolved to entity ids, unnamed sources flagged `vague`, and chains (an
//!   attribution inside another's content gets that one as `parent`);
//! - `predictions`: statements about expected future events, with a target date when given;
//! - `times`: explicit and relative dates, resolved against the publication date;
//! - `quantities`: counts and amounts with units.
//!
//! The cue lexicon and the two taggers behind attributions are learned from PolNeAR's training
//! split by [`train_attribution`] and embedded from `models/`; [`eval_polnear`] scores them.
//!
//! ```
//! use echotrace_analyze::Pipeline;
//! use echotrace_attribution::AttributionAnalyzer;
//! use echotrace_model::Document;
//!
//! let pipeline = Pipeline::standard().with(Box::new(AttributionAnalyzer::new()));
//! let text = "The ministry said that the group will stage an attack on October 15, \
//!             citing numerous witness reports of 20 cylinders.";
//! let record = pipeline.run(Document::new("d1", text));
//! let first = &record.layers.attributions[0];
//! assert_eq!(first.cue.text, "said");
//! assert_eq!(first.source.as_ref().unwrap().text, "The ministry");
//! assert!(!record.layers.predictions.is_empty());
//! assert_eq!(record.layers.quantities[0].text, "20 cylinders");
//! ```

pub mod brat;
mod error;
mod eval;
mod extract;
mod features;
mod lexicon;
mod model;
mod perceptron;
mod quantities;
mod temporal;
mod vocab;

use std::sync::Arc;

use echotrace_analyze::{Analyzer, Context};
use echotrace_model::Layers;

pub use error::{Error, Result};
pub use eval::{eval_polnear, PolnearReport, Score};
pub use lexicon::{CueCounts, Lexicon};
pub use model::{read_polnear, train_attribution, AnnotatedArticle, Model};
pub use quantities::find_quantities;
pub use temporal::{find_predictions, find_times};

/// The `attribution` stage of the pipeline. Reads `layers.entities` (when the entities analyser
/// ran before it) and fills `attributions`, `predictions`, `times` and `quantities`.
#[derive(Debug, Clone)]
pub struct AttributionAnalyzer {
    model: Arc<Model>,
}

impl AttributionAnalyzer {
    /// The analyser with the embedded model (loaded once per process, shared by every clone).
    pub fn new() -> Self {
        AttributionAnalyzer { model: Model::embedded() }
    }

    /// The analyser with another model, e.g. one just trained.
    pub fn with_model(model: Arc<Model>) -> Self {
        AttributionAnalyzer { model }
    }
}

impl Default for AttributionAnalyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer for AttributionAnalyzer {
    fn name(&self) -> &'static str {
        "attribution"
    }

    fn analyze(&self, cx: &Context<'_>, layers: &mut Layers) {
        // Token features once per document, shared by the taggers and every rule.
        let doc = features::DocFeatures::new(cx, &self.model.lexicon);
        layers.attributions = extract::extract(&self.model, cx, &doc, &layers.entities);
        layers.times = temporal::find_times_in(cx, &doc);
        layers.predictions = temporal::find_predictions_in(cx, &doc, &layers.times);
        layers.quantities = quantities::find_quantities_in(cx, &doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use echotrace_analyze::Pipeline;
    use echotrace_model::Document;

    #[test]
    fn odd_texts_neither_panic_nor_leave_spans_outside_the_text() {
        let long_quote = format!("He said: “{}", "word ".repeat(3000));
        let inputs = [
            "",
            "\u{feff}",
            "“",
            "\"\"\"",
            "said",
            "according to",
            "Press TV reports:",
            "Press TV reports: ",
            "«»",
            "$",
            "$5 million $ 1- 15-20",
            "February 30, 2019 and 0 January and 9999-99-99 and May",
            "Tuesday last Friday next Monday yesterday 3 weeks ago",
            "🙂 said 🙂 that 🙂, “🙂” he told 🙂:",
            "according to according to said said said that that",
            long_quote.as_str(),
        ];
        let pipeline = Pipeline::standard().with(Box::new(AttributionAnalyzer::new()));
        for input in inputs {
            let mut document = Document::new("odd", input);
            document.published = chrono::NaiveDate::from_ymd_opt(2019, 3, 1);
            let record = pipeline.run(document);
            let len = input.chars().count();
            let layers = &record.layers;
            for a in &layers.attributions {
                assert!(a.cue.start < a.cue.end && a.cue.end <= len, "{input:?}");
                assert!(a.content.start < a.content.end && a.content.end <= len, "{input:?}");
                assert!(a.parent.is_none_or(|p| p < layers.attributions.len()));
            }
            assert!(layers.times.iter().all(|t| t.end <= len));
            assert!(layers.quantities.iter().all(|q| q.end <= len));
            assert!(layers.predictions.iter().all(|p| p.end <= len));
        }
    }
}
