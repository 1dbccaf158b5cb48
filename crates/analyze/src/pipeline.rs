use echotrace_model::{Analysis, Document, Layers};

use crate::{Context, MetadataAnalyzer};

/// One stage of the per-document pipeline. Implementations must be pure functions of the context
/// and the layers filled before them, and must never panic on any text.
pub trait Analyzer: Send + Sync {
    /// A short stable name (`entities`, `techniques` …), used in diagnostics and configuration.
    fn name(&self) -> &'static str;

    /// Adds this analyser's layer (or refines earlier ones). Spans are code point offsets.
    fn analyze(&self, cx: &Context<'_>, layers: &mut Layers);

    /// Fills document-level fields that come from the text (`published`, `relayed_from`,
    /// `language`). Runs before [`Analyzer::analyze`] of every stage. Most analysers have none.
    fn annotate_document(&self, _document: &mut Document) {}
}

/// An ordered list of analysers.
pub struct Pipeline {
    analyzers: Vec<Box<dyn Analyzer>>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.analyzers.iter().map(|a| a.name())).finish()
    }
}

impl Pipeline {
    pub fn new(analyzers: Vec<Box<dyn Analyzer>>) -> Self {
        Pipeline { analyzers }
    }

    /// The text layer and the document metadata found in the text; the crates with trained
    /// models add their analysers on top with [`Pipeline::with`].
    pub fn standard() -> Self {
        Pipeline::new(vec![Box::new(MetadataAnalyzer)])
    }

    /// Appends an analyser.
    pub fn with(mut self, analyzer: Box<dyn Analyzer>) -> Self {
        self.analyzers.push(analyzer);
        self
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.analyzers.iter().map(|a| a.name()).collect()
    }

    /// Analyses one document.
    pub fn run(&self, mut document: Document) -> Analysis {
        for analyzer in &self.analyzers {
            analyzer.annotate_document(&mut document);
        }
        let mut record = Analysis::new(document);
        let Analysis { document, layers, .. } = &mut record;
        let cx = Context::new(document);
        layers.sentences = cx.sentences.iter().map(|r| cx.span(r.clone())).collect();
        for analyzer in &self.analyzers {
            analyzer.analyze(&cx, layers);
        }
        record
    }
}
