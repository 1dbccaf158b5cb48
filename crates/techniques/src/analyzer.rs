use std::sync::Arc;

use echotrace_analyze::{Analyzer, Context};
use echotrace_model::Layers;

use echotrace_embed::ModelDir;

use crate::accurate::AccurateTier;
use crate::eval::Tier;
use crate::model::Model;
use crate::Result;

/// Fills `layers.techniques` with the spans found by a [`Model`] (fast tier) or an
/// [`AccurateTier`]: one [`echotrace_model::TechniqueSpan`] per span, sorted by start, with the
/// technique name as in `techniques.txt`.
#[derive(Debug, Clone)]
pub struct TechniqueAnalyzer {
    model: Arc<Model>,
    accurate: Option<Arc<AccurateTier>>,
}

impl TechniqueAnalyzer {
    pub fn new(model: Arc<Model>) -> Self {
        TechniqueAnalyzer { model, accurate: None }
    }

    /// The accurate tier (its fast model is the fallback if the encoder fails on a document).
    pub fn accurate(tier: Arc<AccurateTier>) -> Self {
        TechniqueAnalyzer { model: tier.fast().clone(), accurate: Some(tier) }
    }

    pub fn tier(&self) -> Tier {
        if self.accurate.is_some() {
            Tier::Accurate
        } else {
            Tier::Fast
        }
    }

    /// The analyser with the committed default model (decoded once per process).
    pub fn fast() -> Result<Self> {
        Ok(TechniqueAnalyzer::new(Model::embedded()?))
    }

    /// The analyser for a tier, with MiniLM from [`ModelDir::from_env`].
    pub fn for_tier(tier: Tier) -> Result<(Self, Option<String>)> {
        TechniqueAnalyzer::for_tier_in(tier, &ModelDir::from_env())
    }

    /// The analyser for a tier, with a notice to show once when the accurate tier was asked for
    /// but cannot run (no MiniLM in `models`) and the fast tier runs instead.
    pub fn for_tier_in(tier: Tier, models: &ModelDir) -> Result<(Self, Option<String>)> {
        match tier {
            Tier::Fast => Ok((TechniqueAnalyzer::fast()?, None)),
            Tier::Accurate => match AccurateTier::load(models) {
                Ok(accurate) => Ok((TechniqueAnalyzer::accurate(Arc::new(accurate)), None)),
                Err(err) => Ok((
                    TechniqueAnalyzer::fast()?,
                    Some(format!(
                        "techniques: the accurate tier cannot run ({err}); using the fast tier"
                    )),
                )),
            },
        }
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
        // An encoder failure on one document (it has none on valid input) leaves that document
        // with the fast tier's spans rather than none.
        layers.techniques = match &self.accurate {
            Some(tier) => tier.detect(cx).unwrap_or_else(|_| self.model.detect(cx)),
            None => self.model.detect(cx),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accurate_without_the_model_falls_back_to_fast_with_a_notice() -> Result<()> {
        let empty = std::env::temp_dir().join("echotrace-techniques-no-models");
        let models = ModelDir::new(&empty);
        let (fast, notice) = TechniqueAnalyzer::for_tier_in(Tier::Fast, &models)?;
        assert_eq!((fast.tier(), notice), (Tier::Fast, None));
        let (analyzer, notice) = TechniqueAnalyzer::for_tier_in(Tier::Accurate, &models)?;
        assert_eq!(analyzer.tier(), Tier::Fast);
        let notice = notice.expect("a notice");
        assert!(notice.contains("using the fast tier"), "{notice}");
        assert!(notice.contains("echotrace models install"), "{notice}");
        assert_eq!(analyzer.name(), "techniques");
        Ok(())
    }
}
