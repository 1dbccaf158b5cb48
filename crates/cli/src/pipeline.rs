//! Assembles the default per-document pipeline from the analyser crates.

use echotrace_analyze::Pipeline;
use echotrace_techniques::TechniqueAnalyzer;

/// The pipeline `analyze` runs by default: the text layer and metadata, then every trained
/// analyser in dependency order. Models are embedded in the binary and decoded once here.
pub fn default_pipeline() -> anyhow::Result<Pipeline> {
    Ok(Pipeline::standard().with(Box::new(TechniqueAnalyzer::fast()?)))
}
