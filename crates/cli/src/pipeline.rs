//! Assembles the default per-document pipeline from the analyser crates.

use echotrace_analyze::Pipeline;

/// The pipeline `analyze` runs by default: the text layer and metadata, then every trained
/// analyser in dependency order.
pub fn default_pipeline() -> Pipeline {
    Pipeline::standard()
}
