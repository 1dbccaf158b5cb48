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
    /// Match narratives with MiniLM too, loaded from this models directory.
    pub semantic_models: Option<echotrace_embed::ModelDir>,
    /// Run the accurate technique tier with MiniLM from this models directory (the fast tier,
    /// with a notice on stderr, when it is not installed).
    pub accurate_techniques: Option<echotrace_embed::ModelDir>,
}

/// The pipeline `analyze` runs: the text layer and metadata, then entities, attributions (which
/// read the entities), techniques and narratives (which match the attributed claims). Models
/// are embedded in the binary and decoded once here.
pub fn default_pipeline() -> anyhow::Result<Pipeline> {
    pipeline_with(&PipelineOptions::default())
}

pub fn pipeline_with(options: &PipelineOptions) -> anyhow::Result<Pipeline> {
    let narratives = match (&options.catalog, &options.semantic_models) {
        (None, None) => NarrativeAnalyzer::starter(),
        (catalog, models) => {
            let catalog = match catalog {
                Some(path) => Catalog::load(path)?,
                None => Catalog::starter(),
            };
            let mut matcher = NarrativeMatcher::new(Arc::new(catalog));
            if let Some(models) = models {
                matcher = matcher.with_semantic(Arc::new(models.load_minilm()?))?;
            }
            NarrativeAnalyzer::new(Arc::new(matcher))
        }
    };
    let techniques = match &options.accurate_techniques {
        None => TechniqueAnalyzer::fast()?,
        Some(models) => {
            let (analyzer, notice) =
                TechniqueAnalyzer::for_tier_in(echotrace_techniques::Tier::Accurate, models)?;
            if let Some(notice) = notice {
                eprintln!("echotrace: {notice}");
            }
            analyzer
        }
    };
    Ok(attribution_pipeline(options)?.with(Box::new(techniques)).with(Box::new(narratives)))
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
