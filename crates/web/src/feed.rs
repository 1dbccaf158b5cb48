//! RSS 2.0, RSS 1.0 and Atom feeds: one [`FeedItem`] per item or entry.
//!
//! A small pull parser over `quick-xml`; it never expands entities declared in a DOCTYPE
//! (feeds that declare any are refused), so entity-expansion bombs cannot blow up.

use chrono::NaiveDate;
use quick_xml::events::Event;
use serde::Serialize;

use crate::{Error, Result};

/// Largest feed accepted, in bytes.
pub const MAX_FEED_BYTES: usize = 32 * 1024 * 1024;

/// Whether an item's text is the full article or only a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    /// `content:encoded` (RSS) or `<content>` (Atom): the feed carries the article.
    Full,
    /// `<description>` (RSS) or `<summary>` (Atom) only.
    Summary,
    /// Neither: the text is empty; fetch `link` for the article.
    None,
}

/// One feed item.
#[derive(Debug, Clone, Serialize)]
pub struct FeedItem {
    /// Item title, as text.
    pub title: Option<String>,
    /// Link to the article.
    pub link: Option<String>,
    /// Publication day (`pubDate`, `dc:date`, `published`, else `updated`).
    pub published: Option<NaiveDate>,
    /// Item text with HTML converted to text, blocks separated by blank lines.
    pub text: String,
    /// What `text` is.
    pub content_kind: ContentKind,
    /// Title of the feed the item came from.
    pub feed_title: Option<String>,
}

#[derive(Default)]
struct Draft {
    title: Option<String>,
    link: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    content: Option<String>,
    summary: Option<String>,
}

/// Which field the text being read belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Published,
    Updated,
    Content,
    Summary,
}

fn field_of(name: &str, in_item: bool) -> Option<Field> {
    if !in_item {
        return None;
    }
    Some(match name {
        "title" => Field::Title,
        "link" => Field::Link,
        "pubdate" | "dc:date" | "published" | "issued" | "dcterms:issued" | "a10:published" => {
            Field::Published
        }
        "updated" | "modified" | "a10:updated" | "dcterms:modified" => Field::Updated,
        "content:encoded" | "content" | "atom:content" => Field::Content,
        "description" | "summary" | "atom:summary" => Field::Summary,
        _ => return None,
    })
}

/// Parses an RSS or Atom feed.
///
/// # Errors
/// [`Error::TooLarge`], [`Error::EntityDeclaration`] for a DOCTYPE declaring entities, and
/// [`Error::Feed`] for malformed XML or a document that is not a feed.
pub fn parse_feed(bytes: &[u8]) -> Result<Vec<FeedItem>> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(Error::TooLarge { size: bytes.len() as u64, limit: MAX_FEED_BYTES as u64 });
    }
    let text = decode_xml(bytes);
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().check_end_names = false;
    let mut items = Vec::new();
    let mut feed_title: Option<String> = None;
    let mut saw_root = false;
    let mut draft: Option<Draft> = None;
    // The field being read, the element depth at which it started, and its raw text/markup.
    let mut capture: Option<(Field, usize, String)> = None;
    let mut depth = 0usize;
    let mut channel_title_depth: Option<usize> = None;
    let mut channel_title = String::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Error::Feed(format!("at byte {}: {e}", reader.buffer_position())))?;
        match event {
            Event::DocType(d) => {
                let lower = String::from_utf8_lossy(&d).to_ascii_lowercase();
                if lower.contains("<!entity") {
                    return Err(Error::EntityDeclaration);
                }
            }
            Event::Start(e) => {
                depth += 1;
                if depth > 512 {
                    return Err(Error::Feed("elements nest more than 512 levels deep".into()));
                }
                let name = String::from_utf8_lossy(e.name().as_ref()).to_ascii_lowercase();
                if let Some((_, _, buf)) = capture.as_mut() {
                    // Inline XHTML inside Atom content: keep the markup for the HTML converter.
                    buf.push('<');
                    buf.push_str(&name);
                    buf.push('>');
                    continue;
                }
                if matches!(name.as_str(), "rss" | "feed" | "rdf:rdf") {
                    saw_root = true;
                }
                if matches!(name.as_str(), "item" | "entry") {
                    draft = Some(Draft::default());
                    continue;
                }
                if draft.is_none() && name == "title" && feed_title.is_none() {
                    channel_title_depth = Some(depth);
                    channel_title.clear();
                    continue;
                }
                if let Some(d) = draft.as_mut() {
                    if name == "link" {
                        if let Some(href) = atom_link(&e) {
                            d.link.get_or_insert(href);
                        }
                    }
                }
                if let Some(field) = field_of(&name, draft.is_some()) {
                    capture = Some((field, depth, String::new()));
                }
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).to_ascii_lowercase();
                if let Some((_, _, buf)) = capture.as_mut() {
                    if matches!(name.as_str(), "br" | "hr") {
                        buf.push_str("<br>");
                    }
                    continue;
                }
                if name == "link" {
                    if let (Some(d), Some(href)) = (draft.as_mut(), atom_link(&e)) {
                        d.link.get_or_insert(href);
                    }
                }
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).to_ascii_lowercase();
                if let Some((field, start_depth, buf)) = capture.take() {
                    if depth == start_depth {
                        if let Some(d) = draft.as_mut() {
                            store(d, field, buf);
                        }
                    } else {
                        let mut buf = buf;
                        buf.push_str("</");
                        buf.push_str(&name);
                        buf.push('>');
                        capture = Some((field, start_depth, buf));
                    }
                } else if channel_title_depth == Some(depth) {
                    channel_title_depth = None;
                    feed_title = Some(collapse(&channel_title)).filter(|t| !t.is_empty());
                } else if matches!(name.as_str(), "item" | "entry") {
                    if let Some(d) = draft.take() {
                        items.push(finish(d, feed_title.clone()));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                let raw = String::from_utf8_lossy(&t);
                // Unknown entities stay as written instead of failing the whole feed.
                let value = quick_xml::escape::unescape(&raw)
                    .map_or_else(|_| raw.to_string(), |v| v.into_owned());
                if let Some((_, _, buf)) = capture.as_mut() {
                    buf.push_str(&value);
                } else if channel_title_depth.is_some() {
                    channel_title.push_str(&value);
                }
            }
            Event::CData(c) => {
                let value = String::from_utf8_lossy(&c);
                if let Some((_, _, buf)) = capture.as_mut() {
                    buf.push_str(&value);
                } else if channel_title_depth.is_some() {
                    channel_title.push_str(&value);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(Error::Feed("no <rss>, <feed> or <rdf:RDF> root element".into()));
    }
    Ok(items)
}

fn atom_link(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    let mut href = None;
    let mut rel_ok = true;
    for attr in e.attributes().flatten() {
        let value = attr.unescape_value().ok()?.into_owned();
        match attr.key.as_ref() {
            b"href" => href = Some(value),
            b"rel" => rel_ok = value == "alternate",
            _ => {}
        }
    }
    href.filter(|_| rel_ok)
}

fn store(d: &mut Draft, field: Field, value: String) {
    let slot = match field {
        Field::Title => &mut d.title,
        Field::Link => &mut d.link,
        Field::Published => &mut d.published,
        Field::Updated => &mut d.updated,
        Field::Content => &mut d.content,
        Field::Summary => &mut d.summary,
    };
    if slot.is_none() && !value.trim().is_empty() {
        *slot = Some(value);
    }
}

fn finish(d: Draft, feed_title: Option<String>) -> FeedItem {
    let (text, content_kind) = match (d.content, d.summary) {
        (Some(c), _) => (html_to_text(&c), ContentKind::Full),
        (None, Some(s)) => (html_to_text(&s), ContentKind::Summary),
        (None, None) => (String::new(), ContentKind::None),
    };
    let published = d.published.or(d.updated).and_then(|raw| feed_date(&raw));
    FeedItem {
        title: d.title.map(|t| collapse(&html_to_text(&t))).filter(|t| !t.is_empty()),
        link: d.link.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()),
        published,
        text,
        content_kind,
        feed_title,
    }
}

fn feed_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    chrono::DateTime::parse_from_rfc2822(raw)
        .or_else(|_| chrono::DateTime::parse_from_rfc3339(raw))
        .map(|d| d.date_naive())
        .ok()
        .or_else(|| crate::dates::parse_date(raw))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Converts an HTML fragment (feed content, a description) to text with blank lines between
/// blocks. Nothing is pruned: feed content is already the article.
pub fn html_to_text(html: &str) -> String {
    if !html.contains('<') {
        return collapse(html);
    }
    if crate::dom::exceeds_nesting(html, crate::dom::MAX_NESTING).is_some() {
        return collapse(&strip_tags(html));
    }
    let fragment = scraper::Html::parse_fragment(html);
    crate::extract::all_text(&crate::dom::Dom::from_html(&fragment))
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Decodes feed bytes using the BOM or the XML declaration's encoding, UTF-8 otherwise.
fn decode_xml(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let declared = head
        .split_once("encoding=")
        .and_then(|(_, rest)| rest.trim_start_matches(['"', '\'']).split(['"', '\'']).next())
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    match declared {
        Some(enc) if std::str::from_utf8(bytes).is_err() => enc.decode(bytes).0.into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>River News</title><link>https://river.example/</link>
<item><title>Dam opens</title><link>https://river.example/dam</link>
<pubDate>Mon, 03 May 2021 10:00:00 +0200</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>The dam opened on Monday.</p><p>It took six years &amp; a lot of money.</p>]]></content:encoded></item>
<item><title>Flood &amp; rain</title><link>https://river.example/flood</link><dc:date>2021-05-04T08:00:00Z</dc:date>
<description>&lt;p&gt;Rain is &lt;b&gt;expected&lt;/b&gt;.&lt;/p&gt;</description></item>
</channel></rss>"#;

    #[test]
    fn rss_full_content_and_summary() {
        let items = parse_feed(RSS.as_bytes()).expect("valid feed");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].title.as_deref(), Some("Dam opens"));
        assert_eq!(items[0].link.as_deref(), Some("https://river.example/dam"));
        assert_eq!(items[0].published, NaiveDate::from_ymd_opt(2021, 5, 3));
        assert_eq!(items[0].content_kind, ContentKind::Full);
        assert_eq!(
            items[0].text,
            "The dam opened on Monday.\n\nIt took six years & a lot of money."
        );
        assert_eq!(items[0].feed_title.as_deref(), Some("River News"));
        assert_eq!(items[1].title.as_deref(), Some("Flood & rain"));
        assert_eq!(items[1].content_kind, ContentKind::Summary);
        assert_eq!(items[1].text, "Rain is expected.");
        assert_eq!(items[1].published, NaiveDate::from_ymd_opt(2021, 5, 4));
    }

    #[test]
    fn atom_with_xhtml_content() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<entry><title type="html">Post &lt;i&gt;one&lt;/i&gt;</title><link rel="self" href="https://b.example/self"/>
<link rel="alternate" href="https://b.example/one"/><updated>2022-01-02T00:00:00Z</updated><published>2022-01-01T00:00:00Z</published>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First.</p><p>Second.</p></div></content></entry>
<entry><title>Two</title><link href="https://b.example/two"/><updated>2022-02-01T00:00:00Z</updated><summary>Only a summary.</summary></entry>
</feed>"#;
        let items = parse_feed(atom.as_bytes()).expect("valid feed");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].title.as_deref(), Some("Post one"));
        assert_eq!(items[0].link.as_deref(), Some("https://b.example/one"));
        assert_eq!(items[0].published, NaiveDate::from_ymd_opt(2022, 1, 1));
        assert_eq!(items[0].text, "First.\n\nSecond.");
        assert_eq!(items[0].content_kind, ContentKind::Full);
        assert_eq!(items[1].published, NaiveDate::from_ymd_opt(2022, 2, 1));
        assert_eq!(items[1].content_kind, ContentKind::Summary);
        assert_eq!(items[0].feed_title.as_deref(), Some("Blog"));
    }

    #[test]
    fn entity_bomb_is_refused_quickly() {
        let mut bomb =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            bomb.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">\n",
                format!("&lol{};", i - 1).repeat(10)
            ));
        }
        bomb.push_str("]>\n<rss><channel><item><title>&lol9;</title></item></channel></rss>");
        let bomb = bomb.replace("&lol0;", "&lol;");
        let start = std::time::Instant::now();
        assert!(matches!(parse_feed(bomb.as_bytes()), Err(Error::EntityDeclaration)));
        assert!(start.elapsed().as_secs() < 1);
    }

    #[test]
    fn not_a_feed_and_malformed() {
        assert!(matches!(parse_feed(b"<html><body>x</body></html>"), Err(Error::Feed(_))));
        // Truncated XML: whatever comes back, it must come back (no panic, no hang).
        let _ = parse_feed(b"<rss><channel><item><title>x</titl");
        let deep = format!("<rss>{}</rss>", "<a>".repeat(10_000));
        assert!(matches!(parse_feed(deep.as_bytes()), Err(Error::Feed(_))));
    }
}
