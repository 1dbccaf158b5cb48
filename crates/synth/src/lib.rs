//! Synthetic news corpora with planted text reuse, for benchmarks: ingest throughput, reuse
//! detection (precision and recall against known passages) and scale curves.
//!
//! Documents are built from the sentences of real articles ([`SentencePool`]): body sentences
//! are walked from their word bigrams, never five words of them in a row, so that documents
//! share text only where reuse was planted, at any corpus size. They are spread
//! over two years and about fifty outlets ("Outlet 17"), each outlet with its own boilerplate
//! footer (and for some a byline) that a reuse detector must learn to ignore. With probability
//! [`SynthConfig::reuse_rate`] a document copies one to three passages of 40–400 words from
//! earlier-dated documents, with light [`Edit`]s; every copy is reported as a
//! [`PlantedPassage`] with `[start, end)` code point offsets into both texts.
//!
//! Generation streams: documents come out in publication order from [`Generator`], which keeps
//! only a window of recent documents as candidate sources, so a million documents need no more
//! memory than a thousand. The same articles and seed give byte-identical output.
//!
//! ```
//! use echotrace_synth::{Generator, SentencePool, SynthConfig};
//!
//! let articles: Vec<String> = (0..20)
//!     .map(|a| {
//!         let body: Vec<String> = (0..30)
//!             .map(|s| format!("Article {a} says in sentence {s} that the council met again today."))
//!             .collect();
//!         format!("Headline {a}\n\n{}", body.join(" "))
//!     })
//!     .collect();
//! let pool = SentencePool::from_articles(&articles).unwrap();
//! let config = SynthConfig { documents: 200, reuse_rate: 0.5, ..SynthConfig::default() };
//! let corpus: Vec<_> = Generator::new(&pool, config).unwrap().collect();
//! assert_eq!(corpus.len(), 200);
//!
//! let planted = corpus.iter().flat_map(|g| &g.planted).next().expect("some reuse");
//! let text_of = |id: &str| &corpus.iter().find(|g| g.document.id == id).unwrap().document.text;
//! let slice = |text: &str, start, end| text.chars().skip(start).take(end - start).collect::<String>();
//! let source = slice(text_of(&planted.source.id), planted.source.start, planted.source.end);
//! let target = slice(text_of(&planted.target.id), planted.target.start, planted.target.end);
//! assert!(source.split_whitespace().count() >= 40);
//! assert!(target.split_whitespace().filter(|w| source.contains(w)).count() > 30);
//! ```

mod bigrams;
mod edits;
mod error;
mod generator;
mod outlets;
mod pool;
mod random;

pub use edits::{Edit, SUBSTITUTION_RATE};
pub use error::{Error, Result};
pub use generator::{
    write_corpus, Generated, Generator, PassageLocation, PlantedPassage, SynthConfig,
    SynthDocument, SynthSummary, PASSAGES_PER_DOCUMENT, PASSAGE_WORDS,
};
pub use pool::SentencePool;
