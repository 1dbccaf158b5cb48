//! Assembles the per-document pipeline from the analyser crates.

use std::path::PathBuf;
use std::sync::Arc;

use echotrace_analyze::Pipeline;
use echotrace_attribution::AttributionAnalyzer;
use echotrace_entities::{EntityAnalyzer, Gazetteer};
use echotrace_narratives::{Catalog, NarrativeAnalyzer, NarrativeMatcher};
use echotrace_techniques::TechniqueAnalyzer;

/// What the pipeline runs beyond its defaults.
#[derive(Debug, Default, Clone)]
pub struct PipelineOptions {
    /// Gazetteer files that extend the starter gazetteer.
    pub gazetteers: Vec<PathBuf>,
    /// A narrative catalog (file or folder) used instead of the starter catalog.
    pub catalog: Option<PathBuf>,
}

/// The pipeline `analyze` runs: the text layer and metadata, then entities, attributions (which
/// read the entities), techniques and narratives (which match the attributed claims). Models
/// are embedded in the binary and decoded once here.
pub fn default_pipeline() -> anyhow::Result<Pipeline> {
    pipeline_with(&PipelineOptions::default())
}

pub fn pipeline_with(options: &PipelineOptions) -> anyhow::Result<Pipeline> {
    let narratives = match &options.catalog {
        None => NarrativeAnalyzer::starter(),
        Some(path) => {
            NarrativeAnalyzer::new(Arc::new(NarrativeMatcher::new(Arc::new(Catalog::load(path)?))))
        }
    };
    Ok(attribution_pipeline(options)?
        .with(Box::new(TechniqueAnalyzer::fast()?))
        .with(Box::new(narratives)))
}

/// Text layer, metadata, entities and attributions: what attribution needs and nothing more.
pub fn attribution_pipeline(options: &PipelineOptions) -> anyhow::Result<Pipeline> {
    let entities = if options.gazetteers.is_empty() {
        EntityAnalyzer::new()
    } else {
        let paths: Vec<&std::path::Path> =
            options.gazetteers.iter().map(PathBuf::as_path).collect();
        EntityAnalyzer::with_gazetteer(Arc::new(Gazetteer::with_files(&paths)?))
    };
    Ok(Pipeline::standard().with(Box::new(entities)).with(Box::new(AttributionAnalyzer::new())))
}
