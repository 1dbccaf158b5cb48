//! Cross-document linking: who said it first and who echoed it.
//!
//! - [`reuse`]: passages copied between documents, with light edits tolerated, directed by
//!   publication date, per-outlet boilerplate kept out, incremental.
//! - [`claims`]: claims (attribution contents and headlines) that say the same thing in
//!   different words across documents, grouped into clusters.
//! - [`graph`]: the outlet graph (who copies whom, who relays whom, which sources each outlet
//!   cites) and its GEXF and CSV exports.
//! - [`planted`]: found reuse pairs scored against passages a generator planted.
//!
//! This crate computes; `echotrace-store` feeds it a corpus and keeps the results.
//!
//! ```
//! use echotrace_link::reuse::{DocInfo, ReuseIndex, ReuseOptions};
//!
//! let story = "The ministry said militants were preparing a staged chemical incident in the \
//!     north of the province, where several villages have been evacuated in recent days.";
//! let mut index = ReuseIndex::new(ReuseOptions::default());
//! index.add(DocInfo { key: 1, published: Some("2018-09-01".into()), is_new: true, ..Default::default() }, story);
//! let echo = format!("As a news agency reported: {story}");
//! index.add(DocInfo { key: 2, published: Some("2018-09-02".into()), is_new: true, ..Default::default() }, &echo);
//! let (matches, _) = index.detect();
//! assert_eq!((matches[0].source.key, matches[0].target.key), (1, 2));
//! ```

pub mod claims;
mod error;
pub mod eval;
pub mod graph;
pub mod planted;
pub mod reuse;
pub mod words;

pub use error::{Error, Result};
