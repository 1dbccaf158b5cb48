//! Page metadata: title, outlet, canonical URL, language, JSON-LD fields.

use std::sync::OnceLock;

use scraper::{Html, Selector};

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("selectors in this module are valid CSS")
}

struct Selectors {
    meta: Selector,
    title: Selector,
    h1: Selector,
    canonical: Selector,
    html: Selector,
    json_ld: Selector,
}

fn selectors() -> &'static Selectors {
    static S: OnceLock<Selectors> = OnceLock::new();
    S.get_or_init(|| Selectors {
        meta: selector("meta"),
        title: selector("title"),
        h1: selector("h1"),
        canonical: selector(r#"link[rel="canonical"]"#),
        html: selector("html"),
        json_ld: selector(r#"script[type="application/ld+json"]"#),
    })
}

/// Metadata read from `<meta>`, `<link>`, `<title>` and JSON-LD.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub canonical: Option<String>,
    pub language: Option<String>,
    pub json_ld_body: Option<String>,
}

fn clean(s: &str) -> Option<String> {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

pub(crate) fn page_meta(html: &Html) -> PageMeta {
    let s = selectors();
    let mut og_title = None;
    let mut site_name = None;
    let mut meta_lang = None;
    let mut og_url = None;
    for meta in html.select(&s.meta) {
        let el = meta.value();
        let key = el.attr("property").or_else(|| el.attr("name")).or_else(|| el.attr("http-equiv"));
        let (Some(key), Some(content)) = (key, el.attr("content")) else { continue };
        match key.to_ascii_lowercase().as_str() {
            "og:title" | "twitter:title" if og_title.is_none() => og_title = clean(content),
            "og:site_name" | "application-name" if site_name.is_none() => {
                site_name = clean(content)
            }
            "content-language" | "og:locale" | "language" | "dc.language"
                if meta_lang.is_none() =>
            {
                meta_lang = clean(content)
            }
            "og:url" if og_url.is_none() => og_url = clean(content),
            _ => {}
        }
    }
    let mut headline = None;
    let mut publisher = None;
    let mut json_ld_body = None;
    for script in html.select(&s.json_ld) {
        let raw: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(raw.trim()) else { continue };
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(map) => {
                    for (key, val) in map {
                        match (key.as_str(), val) {
                            ("headline", serde_json::Value::String(t)) if headline.is_none() => {
                                headline = clean(t)
                            }
                            ("articleBody", serde_json::Value::String(t))
                                if json_ld_body.is_none() =>
                            {
                                json_ld_body = Some(t.trim().to_string()).filter(|t| !t.is_empty())
                            }
                            ("publisher", serde_json::Value::Object(p)) if publisher.is_none() => {
                                publisher = p.get("name").and_then(|n| n.as_str()).and_then(clean);
                            }
                            _ => stack.push(val),
                        }
                    }
                }
                serde_json::Value::Array(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
    }
    let title_tag = html.select(&s.title).next().and_then(|t| clean(&t.text().collect::<String>()));
    let h1 = html.select(&s.h1).next().and_then(|t| clean(&t.text().collect::<String>()));
    let title = og_title
        .or(headline)
        .or(h1)
        .or_else(|| title_tag.as_deref().map(strip_site_suffix).and_then(clean));
    let canonical =
        html.select(&s.canonical).filter_map(|l| l.value().attr("href")).find_map(clean).or(og_url);
    let language = html
        .select(&s.html)
        .next()
        .and_then(|h| h.value().attr("lang").or_else(|| h.value().attr("xml:lang")))
        .and_then(clean)
        .or(meta_lang)
        .map(|l| l.replace('_', "-"));
    PageMeta { title, site_name: site_name.or(publisher), canonical, language, json_ld_body }
}

/// `"Story title | Outlet"` → `"Story title"`: the longest part around the usual separators.
pub(crate) fn strip_site_suffix(title: &str) -> &str {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " » ", " · "] {
        if title.contains(sep) {
            return title.split(sep).max_by_key(|p| p.chars().count()).unwrap_or(title).trim();
        }
    }
    title
}

/// The host of a URL, without `www.`.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_title_outlet_canonical_language() {
        let html = Html::parse_document(
            r#"<html lang="de_DE"><head><title>Große Nachricht | Die Zeitung</title>
            <meta property="og:site_name" content="Die Zeitung">
            <link rel="canonical" href="https://zeitung.example/a/1">
            <script type="application/ld+json">{"@type":"NewsArticle","articleBody":"Body text."}</script>
            </head><body><p>x</p></body></html>"#,
        );
        let meta = page_meta(&html);
        assert_eq!(meta.title.as_deref(), Some("Große Nachricht"));
        assert_eq!(meta.site_name.as_deref(), Some("Die Zeitung"));
        assert_eq!(meta.canonical.as_deref(), Some("https://zeitung.example/a/1"));
        assert_eq!(meta.language.as_deref(), Some("de-DE"));
        assert_eq!(meta.json_ld_body.as_deref(), Some("Body text."));
    }

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://www.Example.com:8080/x?y").as_deref(), Some("example.com"));
        assert_eq!(host_of("not a url"), None);
    }
}
