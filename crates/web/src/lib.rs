//! Articles from the web for echotrace.
//!
//! Pure functions over bytes: [`extract_article`] turns an HTML page into a [`WebArticle`]
//! (main text without boilerplate, title, publication date, outlet, canonical URL, language),
//! [`parse_feed`] turns an RSS 2.0 or Atom feed into [`FeedItem`]s, [`WarcReader`] streams the
//! HTML `response` records of a `.warc` or `.warc.gz`, and [`detect_format`] tells these inputs
//! apart by their content. [`eval_html`] and [`eval_dates`] measure extraction on public
//! benchmarks.
//!
//! ```
//! let page = br#"<html lang="en"><head><title>Dam opens | River News</title></head><body>
//!   <nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
//!   <article><h1>Dam opens</h1><p>Published 3 May 2021.</p>
//!   <p>The new dam opened on Monday after six years of work, the authority said.</p></article>
//!   <footer>About us</footer></body></html>"#;
//! let article = echotrace_web::extract_article(page, None, Some("https://river.example/dam"))?;
//! assert!(article.text.contains("The new dam opened on Monday"));
//! assert!(!article.text.contains("Sport"));
//! assert_eq!(article.title.as_deref(), Some("Dam opens"));
//! assert_eq!(article.published.map(|d| d.to_string()).as_deref(), Some("2021-05-03"));
//! # Ok::<(), echotrace_web::Error>(())
//! ```

mod article;
mod dates;
mod detect;
mod dom;
mod encoding;
mod error;
mod eval;
mod extract;
mod feed;
mod meta;
mod warc;

pub use article::{
    explain_date, extract_article, extract_date, extract_date_with, OutletSource, WebArticle,
    MAX_PAGE_BYTES,
};
pub use dates::{parse_date, DatePreference, DateSource};
pub use detect::{detect_format, Format};
pub use encoding::{decode_html, Decoded, EncodingSource};
pub use error::{Error, Result};
pub use eval::{
    eval_dates, eval_dates_with, eval_html, eval_html_with, DateCaseResult, DateEvalReport,
    HtmlEvalReport,
};
pub use feed::{html_to_text, parse_feed, ContentKind, FeedItem, MAX_FEED_BYTES};
pub use warc::{WarcReader, WarcRecord, WarcStats};
