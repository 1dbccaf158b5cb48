//! The accurate tier. Not built yet: every entry point says so, and callers fall back to the
//! fast tier.

use crate::corpus::AnnotatedArticle;
use crate::eval::Report;
use crate::{Error, Result};

pub(crate) fn cross_validate(_articles: &[AnnotatedArticle], _folds: usize) -> Result<Report> {
    Err(Error::TierUnavailable("accurate".into(), "not implemented in this build".into()))
}
