//! Times and predictions.
use echotrace_analyze::Context;
use echotrace_model::{Prediction, TimeExpression};

/// Date expressions of the text, resolved against the publication date.
pub fn find_times(_cx: &Context<'_>) -> Vec<TimeExpression> {
    Vec::new()
}

/// Statements about expected future events.
pub fn find_predictions(_cx: &Context<'_>, _times: &[TimeExpression]) -> Vec<Prediction> {
    Vec::new()
}
