//! Quantities.
use echotrace_analyze::Context;
use echotrace_model::Quantity;

/// Counts and amounts with units.
pub fn find_quantities(_cx: &Context<'_>) -> Vec<Quantity> {
    Vec::new()
}
