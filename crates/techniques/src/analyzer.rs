use std::sync::Arc;

use echotrace_analyze::{Analyzer, Context};
use echotrace_model::Layers;

use crate::eval::Tier;
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

    /// The analyser for a tier, with a notice to show once when the tier asked for is not
    /// available and the fast tier runs instead (the accurate tier is not built yet).
    pub fn for_tier(tier: Tier) -> Result<(Self, Option<String>)> {
        let notice = match tier {
            Tier::Fast => None,
            Tier::Accurate => Some(
                "techniques: the accurate tier is not available in this build; using the fast tier"
                    .to_string(),
            ),
        };
        Ok((TechniqueAnalyzer::fast()?, notice))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accurate_falls_back_to_fast_with_a_notice() -> Result<()> {
        let (_, notice) = TechniqueAnalyzer::for_tier(Tier::Fast)?;
        assert_eq!(notice, None);
        let (analyzer, notice) = TechniqueAnalyzer::for_tier(Tier::Accurate)?;
        assert!(notice.is_some_and(|n| n.contains("fast tier")));
        assert_eq!(analyzer.name(), "techniques");
        Ok(())
    }
}
