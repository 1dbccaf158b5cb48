use std::sync::Arc;

use echotrace_analyze::{Analyzer, Context};
use echotrace_model::Layers;

use crate::model::Model;
use crate::Result;

/// Fills `layers.techniques` with the spans found by a [`Model`] (fast tier): one
/// [`echotrace_model::TechniqueSpan`] per span, sorted by start, with the technique name as in
/// `techniques.txt`.
#[derive(Debug, Clone)]
pub struct TechniqueAnalyzer {
    model: Arc<Model>,
}

impl TechniqueAnalyzer {
    pub fn new(model: Arc<Model>) -> Self {
        TechniqueAnalyzer { model }
    }

    /// The analyser with the committed default model (decoded once per process).
    pub fn fast() -> Result<Self> {
        Ok(TechniqueAnalyzer::new(Model::embedded()?))
    }

    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }
}

impl Analyzer for TechniqueAnalyzer {
    fn name(&self) -> &'static str {
        "techniques"
    }

    fn analyze(&self, cx: &Context<'_>, layers: &mut Layers) {
        layers.techniques = self.model.detect(cx);
    }
}
