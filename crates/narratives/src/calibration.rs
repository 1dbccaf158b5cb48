//! Logistic calibration of retrieval scores into probabilities.

/// `p = 1 / (1 + exp(-(slope * x + intercept)))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Logistic {
    pub slope: f32,
    pub intercept: f32,
}

impl Logistic {
    pub fn probability(&self, x: f32) -> f32 {
        1.0 / (1.0 + (-(self.slope * x + self.intercept)).exp())
    }

    /// Fits slope and intercept by gradient descent on the log loss (Platt scaling). Returns the
    /// 0.5-probability model (`x` ignored) when there are no examples.
    pub fn fit(examples: &[(f32, bool)]) -> Logistic {
        let mut model = Logistic { slope: 0.0, intercept: 0.0 };
        if examples.is_empty() {
            return model;
        }
        let n = examples.len() as f32;
        let learning_rate = 1.0;
        for _ in 0..5000 {
            let (mut grad_slope, mut grad_intercept) = (0.0f32, 0.0f32);
            for &(x, label) in examples {
                let error = model.probability(x) - if label { 1.0 } else { 0.0 };
                grad_slope += error * x;
                grad_intercept += error;
            }
            model.slope -= learning_rate * grad_slope / n;
            model.intercept -= learning_rate * grad_intercept / n;
        }
        model
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_separates_low_from_high_scores() {
        let examples: Vec<(f32, bool)> = (0..20)
            .map(|i| (i as f32 / 20.0, i >= 10))
            .chain([(0.45, true), (0.55, false)])
            .collect();
        let model = Logistic::fit(&examples);
        assert!(model.slope > 0.0);
        assert!(model.probability(0.05) < 0.2, "{model:?}");
        assert!(model.probability(0.95) > 0.8, "{model:?}");
        let midpoint = -model.intercept / model.slope;
        assert!((0.4..0.6).contains(&midpoint), "midpoint {midpoint}");
    }
}
