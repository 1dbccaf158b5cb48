//! `extract_article`: one HTML page to a [`WebArticle`].

use chrono::NaiveDate;
use scraper::Html;
use serde::Serialize;

use crate::dates::{self, DatePreference, DateSource};
use crate::dom::{self, Dom};
use crate::encoding::{self, EncodingSource};
use crate::meta;
use crate::{Error, Result};

/// Largest page accepted, in bytes. Real articles are well below a megabyte; a page this big
/// is a data dump or an attack and would cost seconds of parsing.
pub const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// Where the outlet name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutletSource {
    /// `og:site_name` (or `application-name`).
    SiteName,
    /// The host of the canonical URL or of the page URL.
    Host,
}

/// The article found in one web page.
#[derive(Debug, Clone, Serialize)]
pub struct WebArticle {
    /// Headline: og:title, JSON-LD headline, the first `<h1>`, or `<title>` without site suffix.
    pub title: Option<String>,
    /// Main text; blocks (paragraphs, headings, quotes, list items) separated by blank lines.
    pub text: String,
    /// Publication day.
    pub published: Option<NaiveDate>,
    /// Where `published` came from.
    pub published_source: Option<DateSource>,
    /// Outlet name (og:site_name, JSON-LD publisher) or host.
    pub outlet: Option<String>,
    /// Where `outlet` came from.
    pub outlet_source: Option<OutletSource>,
    /// `<link rel=canonical>` or og:url, else the URL the page was fetched from.
    pub url: Option<String>,
    /// Declared language (`<html lang>`, content-language), as written by the page.
    pub language: Option<String>,
    /// WHATWG name of the encoding the bytes were decoded with.
    pub encoding: &'static str,
    /// Where that encoding came from.
    pub encoding_source: EncodingSource,
}

/// Extracts the article from one HTML page.
///
/// `charset_hint` is the charset of an HTTP `Content-Type` header, if known; `url` is where the
/// page came from (it helps with dates and the outlet).
///
/// # Errors
/// [`Error::TooLarge`] beyond [`MAX_PAGE_BYTES`], [`Error::TooDeep`] when elements nest deeper
/// than [`dom::MAX_NESTING`], [`Error::NoContent`] when no text is found.
pub fn extract_article(
    bytes: &[u8],
    charset_hint: Option<&str>,
    url: Option<&str>,
) -> Result<WebArticle> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(Error::TooLarge { size: bytes.len() as u64, limit: MAX_PAGE_BYTES as u64 });
    }
    let decoded = encoding::decode_html(bytes, charset_hint);
    if let Some(depth) = dom::exceeds_nesting(&decoded.text, dom::MAX_NESTING) {
        return Err(Error::TooDeep { depth, limit: dom::MAX_NESTING });
    }
    let page = Html::parse_document(&decoded.text);
    let page_meta = meta::page_meta(&page);
    let dom = Dom::from_html(&page);
    let mut text = crate::extract::main_text(&dom);
    // JSON-LD articleBody is the publisher's own statement of the text; when our extraction found
    // much less, trust it.
    if let Some(body) = &page_meta.json_ld_body {
        let body_len = body.chars().count();
        if body_len > 200 && text.chars().count() * 2 < body_len {
            text = body.clone();
        }
    }
    if text.trim().is_empty() {
        return Err(Error::NoContent);
    }
    let date = dates::find_date(&page, &decoded.text, url.or(page_meta.canonical.as_deref()));
    let url_out = page_meta.canonical.clone().or_else(|| url.map(str::to_string));
    let (outlet, outlet_source) = match page_meta.site_name.clone() {
        Some(name) => (Some(name), Some(OutletSource::SiteName)),
        None => match url_out.as_deref().and_then(meta::host_of) {
            Some(host) => (Some(host), Some(OutletSource::Host)),
            None => (None, None),
        },
    };
    Ok(WebArticle {
        title: page_meta.title,
        text,
        published: date.map(|(d, _)| d),
        published_source: date.map(|(_, s)| s),
        outlet,
        outlet_source,
        url: url_out,
        language: page_meta.language,
        encoding: decoded.encoding,
        encoding_source: decoded.source,
    })
}

/// Only the publication date of a page (cheaper than [`extract_article`], and defined for pages
/// without main text).
///
/// # Errors
/// As [`extract_article`], except that an empty page is not an error.
pub fn extract_date(
    bytes: &[u8],
    charset_hint: Option<&str>,
    url: Option<&str>,
) -> Result<Option<(NaiveDate, DateSource)>> {
    extract_date_with(bytes, charset_hint, url, DatePreference::Original)
}

/// [`extract_date`] with a choice between the original publication date and the latest date
/// the page states (htmldate's default reading).
///
/// # Errors
/// As [`extract_date`].
pub fn extract_date_with(
    bytes: &[u8],
    charset_hint: Option<&str>,
    url: Option<&str>,
    preference: DatePreference,
) -> Result<Option<(NaiveDate, DateSource)>> {
    Ok(dates_by_preference(bytes, charset_hint, url, &[preference])?.into_iter().flatten().next())
}

/// The evidence weighed for a page's date (`Debug` text), for error analysis.
#[doc(hidden)]
pub fn explain_date(bytes: &[u8], url: Option<&str>) -> String {
    let decoded = encoding::decode_html(bytes, None);
    let page = Html::parse_document(&decoded.text);
    dates::explain_date(&page, &decoded.text, url)
}

/// The page's date under each preference, parsing the page once.
pub(crate) fn dates_by_preference(
    bytes: &[u8],
    charset_hint: Option<&str>,
    url: Option<&str>,
    preferences: &[DatePreference],
) -> Result<Vec<Option<(NaiveDate, DateSource)>>> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(Error::TooLarge { size: bytes.len() as u64, limit: MAX_PAGE_BYTES as u64 });
    }
    let decoded = encoding::decode_html(bytes, charset_hint);
    if let Some(depth) = dom::exceeds_nesting(&decoded.text, dom::MAX_NESTING) {
        return Err(Error::TooDeep { depth, limit: dom::MAX_NESTING });
    }
    let page = Html::parse_document(&decoded.text);
    Ok(dates::find_dates(&page, &decoded.text, url, preferences))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_article() {
        let html = br#"<html lang="en"><head><title>Storm hits coast - Daily Planet</title>
        <meta property="article:published_time" content="2023-09-14T06:00:00Z"></head>
        <body><nav><a href="/">Home</a></nav><article><h1>Storm hits coast</h1>
        <p>A powerful storm made landfall early on Thursday, bringing winds of up to 150 km/h, officials said.</p>
        <p>"We have never seen anything like it," said one resident, who asked not to be named.</p>
        </article></body></html>"#;
        let article = extract_article(html, None, Some("https://www.planet.example/news/storm"))
            .expect("extracts");
        assert_eq!(article.title.as_deref(), Some("Storm hits coast"));
        assert!(article.text.contains("made landfall"));
        assert!(article.text.contains("\n\n\"We have never"));
        assert!(!article.text.contains("Home"));
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2023, 9, 14));
        assert_eq!(article.published_source, Some(DateSource::Meta));
        assert_eq!(article.outlet.as_deref(), Some("planet.example"));
        assert_eq!(article.language.as_deref(), Some("en"));
    }

    #[test]
    fn refuses_hostile_pages_quickly() {
        let deep = "<div>".repeat(100_000) + "text";
        assert!(matches!(extract_article(deep.as_bytes(), None, None), Err(Error::TooDeep { .. })));
        let huge = vec![b'a'; 50 * 1024 * 1024];
        assert!(matches!(extract_article(&huge, None, None), Err(Error::TooLarge { .. })));
        assert!(matches!(
            extract_article(b"<html><body></body></html>", None, None),
            Err(Error::NoContent)
        ));
    }
}
