//! Main-content extraction: prune boilerplate, pick the article container, emit its blocks.
//!
//! Three stages, each a plain function over the [`Dom`] arena:
//! 1. **Prune**: drop elements that are boilerplate by tag (`nav`, `footer`, `script` …), by ARIA
//!    role, by visibility, or by `id`/`class` words (comment, share, related, cookie …). A pruned
//!    element that holds most of the page's text is kept: it is a wrapper, not a widget.
//! 2. **Choose**: the container named by well-known article markers (`itemprop=articleBody`,
//!    `entry-content`, `<article>` …), checked against a readability-style paragraph score that
//!    propagates to ancestors and is discounted by link density.
//! 3. **Emit**: walk the container and write one block per paragraph-like element, headings and
//!    quotes included, dropping blocks that are mostly links.

use crate::dom::{Dom, NodeIx, NodeKind, WalkEvent};

/// Tags whose whole subtree is never article text.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "button", "select",
    "option", "input", "textarea", "label", "dialog", "object", "embed", "video", "audio", "map",
    "head", "title", "link", "meta", "math", "picture", "img", "source",
];

/// Tags that are boilerplate unless they wrap most of the page.
const BOILERPLATE_TAGS: &[&str] =
    &["nav", "aside", "footer", "header", "form", "menu", "figcaption"];

const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "toolbar",
];

/// `id`/`class` words (split on `-`, `_` and spaces) that mark a widget rather than the article.
const BOILERPLATE_WORDS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "kommentar",
    "kommentare",
    "disqus",
    "respond",
    "reply",
    "replies",
    "share",
    "sharing",
    "shariff",
    "sharedaddy",
    "addtoany",
    "sharethis",
    "socialshare",
    "social",
    "socials",
    "related",
    "relatedposts",
    "recommended",
    "recommendations",
    "empfehlungen",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "cmp",
    "banner",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adsense",
    "adslot",
    "anzeige",
    "werbung",
    "sponsor",
    "sponsored",
    "sidebar",
    "widget",
    "widgets",
    "footer",
    "masthead",
    "navbar",
    "nav",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "newsletter",
    "subscribe",
    "subscription",
    "popup",
    "modal",
    "promo",
    "tags",
    "tagcloud",
    "taglist",
    "keywords",
    "authorbio",
    "byline",
    "meta",
    "postmeta",
    "dateline",
    "date",
    "time",
    "timestamp",
    "published",
    "print",
    "pagination",
    "pager",
    "paging",
    "skip",
    "login",
    "signup",
    "rating",
    "toolbar",
    "outbrain",
    "taboola",
    "overlay",
    "lightbox",
    "search",
    "copyright",
    "sronly",
    "screenreader",
    "author",
    "links",
    "caption",
    "credits",
    "aside",
];

/// Prefixes of taxonomy classes that CMSs put on article wrappers (`tag-politics`,
/// `category-news`); their words say nothing about the element.
const TAXONOMY_PREFIXES: &[&str] =
    &["tag-", "category-", "format-", "status-", "type-", "post-", "page-", "postid-", "term-"];

/// Class/id words that mark the article body itself.
const CONTENT_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "articletext",
    "articlecontent",
    "content",
    "entry",
    "entrycontent",
    "post",
    "postcontent",
    "postbody",
    "posttext",
    "story",
    "storybody",
    "storycontent",
    "text",
    "body",
    "main",
    "maincontent",
    "blog",
    "single",
    "fulltext",
    "page",
    "hentry",
    "prose",
    "richtext",
    "field",
];

/// Known article-body markers, strongest first. Each tier is tried in order; the first element
/// in document order that matches a tier and holds enough text wins.
fn marker_tier(node: &crate::dom::DomNode) -> Option<u8> {
    let tag = node.tag();
    if node.attr("itemprop").is_some_and(|v| v.eq_ignore_ascii_case("articleBody")) {
        return Some(0);
    }
    let ic = node.id_class();
    let container = matches!(tag, "div" | "article" | "main" | "section" | "td");
    if !container {
        return None;
    }
    const TIER1: &[&str] = &[
        "articlebody",
        "article-body",
        "article__body",
        "article_body",
        "article-text",
        "articletext",
        "article__text",
        "article-content",
        "article__content",
        "articlecontent",
        "article_content",
        "entry-content",
        "entry_content",
        "entrycontent",
        "post-content",
        "post_content",
        "postcontent",
        "post-body",
        "post_body",
        "postbody",
        "post-text",
        "post_text",
        "posttext",
        "post-entry",
        "postentry",
        "story-body",
        "storybody",
        "story-content",
        "storycontent",
        "story-text",
        "body-text",
        "bodytext",
        "text-content",
        "page-content",
        "art-content",
        "content-body",
        "contentbody",
        "content__body",
        "article__container",
        "c-article-body",
        "news-text",
        "newstext",
        "news-content",
        "field-name-body",
        "field--name-body",
        "field-body",
        "rich-text",
        "richtext",
        "blog-content",
        "single-content",
        "post-single",
        "fulltext",
    ];
    const TIER2: &[&str] = &[
        "main-content",
        "maincontent",
        "main_content",
        "content-main",
        "content_main",
        "single-post",
        "theme-content",
        "section-content",
        "main-column",
        "wpb_text_column",
        "post-bodycopy",
        "postarea",
        "art-postcontent",
        "inhalt",
    ];
    if TIER1.iter().any(|m| ic.contains(m)) {
        return Some(1);
    }
    if tag == "article" || node.attr("role").is_some_and(|r| r == "article") {
        return Some(2);
    }
    if TIER2.iter().any(|m| ic.contains(m)) {
        return Some(3);
    }
    let words: Vec<&str> = ic.split_whitespace().collect();
    if words
        .iter()
        .any(|w| matches!(*w, "content" | "article" | "story" | "text" | "post" | "entry"))
    {
        return Some(4);
    }
    if tag == "main" || node.attr("role").is_some_and(|r| r == "main") {
        return Some(5);
    }
    None
}

fn words_of(id_class: &str) -> impl Iterator<Item = &str> {
    id_class
        .split_whitespace()
        .filter(|token| !TAXONOMY_PREFIXES.iter().any(|p| token.starts_with(p)))
        .flat_map(|token| token.split(['-', '_', ':']))
        .filter(|w| !w.is_empty())
}

fn is_boilerplate_class(id_class: &str) -> bool {
    words_of(id_class).any(|w| BOILERPLATE_WORDS.contains(&w))
}

fn is_content_class(id_class: &str) -> bool {
    words_of(id_class).any(|w| CONTENT_WORDS.contains(&w))
}

fn is_hidden(node: &crate::dom::DomNode) -> bool {
    if node.attr("hidden").is_some() || node.attr("aria-hidden").is_some_and(|v| v == "true") {
        return true;
    }
    node.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Per-node character counts of visible text (whitespace excluded), computed bottom-up.
struct TextStats {
    chars: Vec<usize>,
    link_chars: Vec<usize>,
}

fn text_stats(dom: &Dom, removed: &[bool]) -> TextStats {
    let n = dom.nodes.len();
    let mut chars = vec![0usize; n];
    let mut link_chars = vec![0usize; n];
    // Children always have larger indices than their parent (pre-order numbering).
    for ix in (0..n).rev() {
        let node = &dom.nodes[ix];
        if let NodeKind::Text(t) = &node.kind {
            chars[ix] = t.chars().filter(|c| !c.is_whitespace()).count();
        }
        if node.tag() == "a" {
            link_chars[ix] = chars[ix];
        }
        if removed[ix] {
            continue;
        }
        if let Some(p) = node.parent {
            chars[p] += chars[ix];
            link_chars[p] += link_chars[ix];
        }
    }
    TextStats { chars, link_chars }
}

/// Marks boilerplate subtrees.
fn prune(dom: &Dom, by_name: bool) -> Vec<bool> {
    let n = dom.nodes.len();
    let nothing_removed = vec![false; n];
    let raw = text_stats(dom, &nothing_removed);
    let page_chars = raw.chars[dom.body].max(1);
    // Elements that contain the article body by its own markup are never pruned by name:
    // `content-sidebar-wrap` wraps the content as well as the sidebar.
    let mut holds_article = vec![false; n];
    for ix in (0..n).rev() {
        let node = &dom.nodes[ix];
        if node.tag() == "main" || marker_tier(node).is_some_and(|t| t <= 1) {
            holds_article[ix] = true;
        }
        if holds_article[ix] {
            if let Some(p) = node.parent {
                holds_article[p] = true;
            }
        }
    }
    let mut removed = vec![false; n];
    for (ix, node) in dom.nodes.iter().enumerate() {
        let NodeKind::Element { tag, id_class, .. } = &node.kind else { continue };
        if DROPPED_TAGS.contains(&tag.as_str()) || is_hidden(node) {
            removed[ix] = true;
            continue;
        }
        if matches!(tag.as_str(), "html" | "body") {
            continue;
        }
        // A wrapper holding most of the page is not a widget, whatever its name says.
        let is_wrapper = raw.chars[ix] * 10 > page_chars * 6 || holds_article[ix];
        if is_wrapper {
            continue;
        }
        if !by_name {
            continue;
        }
        // Headers of articles carry the lead paragraph; page headers are short or links.
        let lead_header = matches!(tag.as_str(), "header")
            && raw.chars[ix].saturating_sub(raw.link_chars[ix]) >= 150;
        let by_tag = BOILERPLATE_TAGS.contains(&tag.as_str()) && !lead_header;
        let by_role = node.attr("role").is_some_and(|r| BOILERPLATE_ROLES.contains(&r));
        let by_class = !matches!(tag.as_str(), "article" | "main")
            && is_boilerplate_class(id_class)
            && marker_tier(node).is_none_or(|tier| tier >= 4);
        if by_tag || by_role || by_class {
            removed[ix] = true;
        }
    }
    removed
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "figure"
            | "address"
            | "center"
            | "hr"
            | "br"
            | "details"
            | "summary"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "form"
            | "fieldset"
            | "body"
            | "html"
            | "hgroup"
            | "q"
    )
}

fn is_paragraph_like(tag: &str) -> bool {
    matches!(tag, "p" | "pre" | "td" | "blockquote" | "li" | "dd" | "h2" | "h3" | "h4")
}

/// `true` for nodes that are pruned or lie inside a pruned subtree.
fn inside_removed(dom: &Dom, removed: &[bool]) -> Vec<bool> {
    let mut inside: Vec<bool> = Vec::with_capacity(dom.nodes.len());
    for (ix, node) in dom.nodes.iter().enumerate() {
        // Parents precede children in the arena, so `inside[p]` is already known.
        let value = removed[ix] || node.parent.is_some_and(|p| inside[p]);
        inside.push(value);
    }
    inside
}

/// Readability-style container scores.
fn paragraph_scores(dom: &Dom, removed: &[bool], stats: &TextStats) -> Vec<f64> {
    let n = dom.nodes.len();
    let mut score = vec![0f64; n];
    let ancestor_removed = inside_removed(dom, removed);
    for (ix, node) in dom.nodes.iter().enumerate() {
        if ancestor_removed[ix] {
            continue;
        }
        let tag = node.tag();
        let paragraph = is_paragraph_like(tag)
            || (tag == "div"
                && node
                    .children
                    .iter()
                    .any(|&c| dom.nodes[c].text().is_some_and(|t| t.trim().chars().count() >= 25)));
        if !paragraph || stats.chars[ix] < 25 {
            continue;
        }
        let text_len = stats.chars[ix] as f64;
        let link_density = stats.link_chars[ix] as f64 / text_len;
        if link_density > 0.5 {
            continue;
        }
        let commas = count_commas(dom, ix) as f64;
        let value = 1.0 + commas + (text_len / 100.0).min(3.0);
        for (level, anc) in dom.ancestors(ix).take(5).enumerate() {
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => (l as f64) * 3.0,
            };
            score[anc] += value / divider;
        }
    }
    for (ix, node) in dom.nodes.iter().enumerate() {
        if score[ix] == 0.0 {
            continue;
        }
        let tag_bonus = match node.tag() {
            "article" => 10.0,
            "div" | "main" | "section" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        let ic = node.id_class();
        let class_bonus = if is_boilerplate_class(ic) {
            -25.0
        } else if is_content_class(ic) {
            25.0
        } else {
            0.0
        };
        let chars = stats.chars[ix].max(1) as f64;
        let link_density = stats.link_chars[ix] as f64 / chars;
        score[ix] = (score[ix] + tag_bonus + class_bonus) * (1.0 - link_density);
    }
    score
}

fn count_commas(dom: &Dom, root: NodeIx) -> usize {
    let mut commas = 0;
    dom.walk(
        root,
        |ix, ev| {
            if ev == WalkEvent::Enter {
                if let Some(t) = dom.nodes[ix].text() {
                    commas += t.chars().filter(|c| matches!(c, ',' | '，' | '、' | '،')).count();
                }
            }
        },
        &[],
    );
    commas
}

/// One emitted block of text.
#[derive(Debug, Default)]
struct Block {
    text: String,
    chars: usize,
    link_chars: usize,
    heading: bool,
}

/// Writes the blocks of the subtree at `root`, skipping pruned subtrees.
fn emit_blocks(dom: &Dom, root: NodeIx, removed: &[bool]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = Block::default();
    let mut link_depth = 0usize;
    let mut heading_depth = 0usize;
    let mut pre_depth = 0usize;
    let flush = |current: &mut Block, blocks: &mut Vec<Block>| {
        let text = current.text.trim();
        if !text.is_empty() {
            let block = Block {
                text: text.to_string(),
                chars: current.chars,
                link_chars: current.link_chars,
                heading: current.heading,
            };
            blocks.push(block);
        }
        *current = Block::default();
    };
    dom.walk(
        root,
        |ix, ev| {
            let node = &dom.nodes[ix];
            match &node.kind {
                NodeKind::Text(t) => {
                    if ev != WalkEvent::Enter {
                        return;
                    }
                    if pre_depth > 0 {
                        current.text.push_str(t);
                    } else {
                        push_collapsed(&mut current.text, t);
                    }
                    let n = t.chars().filter(|c| !c.is_whitespace()).count();
                    current.chars += n;
                    if link_depth > 0 {
                        current.link_chars += n;
                    }
                    if heading_depth > 0 {
                        current.heading = true;
                    }
                }
                NodeKind::Element { tag, .. } => {
                    let tag = tag.as_str();
                    let delta = |d: &mut usize| match ev {
                        WalkEvent::Enter => *d += 1,
                        WalkEvent::Leave => *d = d.saturating_sub(1),
                    };
                    match tag {
                        "a" => delta(&mut link_depth),
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => delta(&mut heading_depth),
                        "pre" => delta(&mut pre_depth),
                        _ => {}
                    }
                    if tag == "br" {
                        if ev == WalkEvent::Enter {
                            current.text.push('\n');
                        }
                    } else if is_block(tag) {
                        flush(&mut current, &mut blocks);
                    } else if matches!(tag, "td" | "th" | "span" | "em" | "strong" | "b" | "i")
                        && ev == WalkEvent::Leave
                    {
                        // Inline elements: no separator needed; whitespace in the source decides.
                    }
                }
            }
        },
        removed,
    );
    flush(&mut current, &mut blocks);
    blocks
}

/// Appends `text` with runs of whitespace collapsed to one space (HTML rendering rules).
fn push_collapsed(out: &mut String, text: &str) {
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

/// Openings of short lines that introduce widgets, not article text (the languages of the
/// corpora: mostly German and English).
const BOILERPLATE_OPENINGS: &[&str] = &[
    "auch interessant",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "das thema könnte dich auch interessieren",
    "mehr zum thema",
    "mehr zu diesem thema",
    "weitere artikel",
    "weitere informationen",
    "weiterführende links",
    "weiterführender link",
    "ähnliche artikel",
    "ähnliche beiträge",
    "verwandte artikel",
    "lesen sie auch",
    "lies auch",
    "siehe auch",
    "related",
    "you might also like",
    "you may also like",
    "read more",
    "read also",
    "more from",
    "more on this",
    "recommended",
    "weiterlesen",
    "mehr lesen",
    "kommentar verfassen",
    "kommentare",
    "kommentieren",
    "kommentar schreiben",
    "kommentare schreiben",
    "leave a comment",
    "leave a reply",
    "share this",
    "teilen",
    "diesen artikel teilen",
    "möchten sie den artikel teilen",
    "war der artikel nützlich",
    "war dieser artikel hilfreich",
    "foto:",
    "fotos:",
    "bild:",
    "bildquelle",
    "quelle:",
    "credit:",
    "credits:",
    "photo:",
    "image:",
    "anzeige",
    "- anzeige",
    "werbung",
    "schlagworte",
    "schlagwörter",
    "tags:",
    "stichworte",
    "copyright",
    "©",
    "alle rechte vorbehalten",
    "all rights reserved",
    "zum shop",
    "jetzt kaufen",
    "newsletter",
    "abonnieren",
    "subscribe",
    "sign up",
    "melden sie sich an",
    "sie müssen sich einloggen",
    "letzte änderung",
    "zuletzt aktualisiert",
    "last updated",
    "aufrufe:",
    "views:",
    "noch keine bewertungen",
    "bewertung:",
    "zurück zur übersicht",
    "zurück",
    "nach oben",
    "drucken",
    "print",
    "vorschau auf den nächsten artikel",
    "nächster artikel",
    "vorheriger artikel",
    "previous post",
    "next post",
    "posted in",
    "filed under",
    "kategorie:",
    "kategorien:",
    "veröffentlicht am",
    "erstellt am",
    "der beitrag wurde am",
    "published on",
    "posted on",
    "abbildung",
    "titelbild",
    "quelle",
    "quellen",
    "źródło",
    "zobacz",
    "reklama",
    "polecamy",
    "comments are closed",
    "bisher keine kommentare",
    "keine kommentare",
    "empfohlene beiträge",
    "empfehlungen",
    "lesen sie",
    "if you enjoyed",
    "neugierig geworden",
    "dieses skript als pdf",
    "kategorie",
    "permalien",
    "permalink",
    "get regular updates",
    "never miss",
    "do you want to be informed",
    "sie sind aktuell nicht eingeloggt",
    "alle angaben ohne gewähr",
    "gefällt dir",
    "sie lesen gern",
    "pour lire la suite",
    "pour accéder",
    "crédits photo",
    "photo :",
    "instant access",
    "immediate online access",
    "this post contains references",
    "um kommentare",
    "verraten sie",
    "czytasz",
    "zapraszamy",
    "czekamy",
    "bild anzeigen",
    "beitragsbild",
    "mehr aus der sendung",
    "be sociable",
    "teilnehmende blogs",
    "aktuelle berichte",
    "schon gelesen",
    "seite teilen",
    "diese seite teilen",
    "news teilen",
    "themen im artikel",
    "mehr zu ",
    "zum weiterlesen",
    "lust auf mehr",
    "unterstütze",
    "mehr themen",
    "weitere beiträge",
    "weitere aktuelle",
    "noch mehr",
    "dieser artikel gefällt",
    "temas relacionados",
    "veja também",
    "nos siga",
    "más sobre",
    "contenido relacionado",
    "kontakt",
    "aktualisiert am",
    "zusatzinformationen",
    "zum newsletter",
    "weitere pressemitteilungen",
    "kommentierte artikel",
    "über den autor",
    "inhaltsverzeichnis",
    "pressemitteilung als pdf",
    "erschienen in",
    "wir respektieren",
    "this article is the copyrighted",
    "written permission",
    "for the latest stories",
    "follow us",
    "release date",
    "¡mira",
    "hazte miembro",
    "kommende events",
    "mehr kolumnen",
    "we recommend",
    "bei den verlinkungen",
    "*werbung",
    "about the author",
    "share on",
    "sharing is caring",
    "see also",
    "see more",
    "more stories",
    "top stories",
    "most read",
    "meistgelesen",
    "beliebt",
];

fn is_boilerplate_line(text: &str) -> bool {
    if text.chars().count() > 120 {
        return false;
    }
    let lower = text.trim_start().to_lowercase();
    BOILERPLATE_OPENINGS.iter().any(|o| lower.starts_with(o))
}

/// Keeps blocks that read as text: drops link lists, link-only lines and widget captions.
fn filter_blocks(blocks: Vec<Block>) -> Vec<Block> {
    blocks
        .into_iter()
        .filter(|b| !is_boilerplate_line(&b.text))
        .filter(|b| {
            let density = b.link_chars as f64 / b.chars.max(1) as f64;
            if b.heading {
                return density < 0.6;
            }
            !(density > 0.5 || (density > 0.3 && b.chars < 200))
        })
        .collect()
}

fn join_blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        // Lines broken by <br> keep single newlines; stray spaces around them go.
        let mut first = true;
        for line in b.text.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if !first {
                out.push('\n');
            }
            out.push_str(line);
            first = false;
        }
    }
    out
}

/// The extracted main text, blocks separated by blank lines.
pub(crate) fn main_text(dom: &Dom) -> String {
    let text = main_text_with(dom, true);
    if text.chars().count() >= 250 {
        return text;
    }
    // Pruning by names removed too much (a wrapper called `sidebar-layout`): try without it.
    let lenient = main_text_with(dom, false);
    if lenient.chars().count() > text.chars().count() * 2 {
        lenient
    } else {
        text
    }
}

fn main_text_with(dom: &Dom, prune_by_name: bool) -> String {
    let removed = prune(dom, prune_by_name);
    let stats = text_stats(dom, &removed);
    let body = dom.body;
    let ancestor_removed = inside_removed(dom, &removed);

    // Readability candidate.
    let scores = paragraph_scores(dom, &removed, &stats);
    let best = (0..dom.nodes.len())
        .filter(|&ix| !ancestor_removed[ix] && scores[ix] > 0.0)
        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let readability_text = best.map(|ix| extract_region(dom, ix, &removed, &scores));
    let readability_len = readability_text.as_ref().map_or(0, |t| t.chars().count());

    // Marker candidate.
    let mut marker_text = None;
    let mut marker_node = None;
    for tier in 0..=5u8 {
        let found = (0..dom.nodes.len()).find(|&ix| {
            !ancestor_removed[ix]
                && stats.chars[ix] >= 100
                && marker_tier(&dom.nodes[ix]) == Some(tier)
        });
        if let Some(ix) = found {
            let text = join_blocks(&filter_blocks(emit_blocks(dom, ix, &removed)));
            if text.chars().count() >= 100 {
                marker_text = Some(text);
                marker_node = Some(ix);
                break;
            }
        }
    }

    let (chosen, container) = match (marker_text, readability_text) {
        (Some(m), Some(r)) => {
            if m.chars().count() * 3 >= readability_len {
                (m, marker_node)
            } else {
                (r, best)
            }
        }
        (Some(m), None) => (m, marker_node),
        (None, Some(r)) => (r, best),
        (None, None) => (String::new(), None),
    };
    if chosen.chars().count() >= 100 {
        let lead = container.map(|c| lead_text(dom, c, &ancestor_removed)).unwrap_or_default();
        if !lead.is_empty() && !chosen.contains(&lead) {
            return format!("{lead}\n\n{chosen}");
        }
        return chosen;
    }
    let whole = join_blocks(&filter_blocks(emit_blocks(dom, body, &removed)));
    if whole.chars().count() > chosen.chars().count() {
        whole
    } else {
        chosen
    }
}

/// Class words of the lead paragraph that many sites place above the article body container.
const LEAD_WORDS: &[&str] = &[
    "intro",
    "lead",
    "teaser",
    "excerpt",
    "summary",
    "subtitle",
    "standfirst",
    "description",
    "abstract",
    "kicker",
    "deck",
    "dek",
    "subheadline",
    "subline",
    "vorspann",
    "chapeau",
    "chapo",
];

/// The lead (intro, standfirst) written before `container`, inside its nearest ancestors.
fn lead_text(dom: &Dom, container: NodeIx, inside_removed: &[bool]) -> String {
    let Some(scope) = dom.ancestors(container).take(4).last() else { return String::new() };
    let mut blocks = Vec::new();
    let mut ix = scope + 1;
    while ix < container {
        let node = &dom.nodes[ix];
        let is_lead = !inside_removed[ix]
            && !matches!(node.tag(), "" | "a" | "meta" | "script")
            && (node.attr("itemprop").is_some_and(|v| v.eq_ignore_ascii_case("description"))
                || words_of(node.id_class()).any(|w| LEAD_WORDS.contains(&w)));
        if is_lead {
            let found = filter_blocks(emit_blocks(dom, ix, inside_removed));
            let chars: usize = found.iter().map(|b| b.chars).sum();
            if chars >= 40 {
                blocks.extend(found);
            }
            // Skip the lead's subtree.
            let mut end = ix + 1;
            while end < dom.nodes.len() && dom.ancestors(end).any(|a| a == ix) {
                end += 1;
            }
            ix = end;
            continue;
        }
        ix += 1;
    }
    join_blocks(&blocks)
}

/// All text of a fragment (feed content), only scripts and styles removed.
pub(crate) fn all_text(dom: &Dom) -> String {
    let removed: Vec<bool> = dom
        .nodes
        .iter()
        .map(|n| matches!(n.tag(), "script" | "style" | "noscript" | "template"))
        .collect();
    join_blocks(&emit_blocks(dom, dom.body, &removed))
}

/// Text of the best candidate plus its siblings that read as article text.
fn extract_region(dom: &Dom, best: NodeIx, removed: &[bool], scores: &[f64]) -> String {
    let threshold = (scores[best] * 0.2).max(10.0);
    let Some(parent) = dom.nodes[best].parent else {
        return join_blocks(&filter_blocks(emit_blocks(dom, best, removed)));
    };
    let mut blocks = Vec::new();
    for &sibling in &dom.nodes[parent].children {
        if removed[sibling] {
            continue;
        }
        let include = sibling == best || scores[sibling] >= threshold || {
            let node = &dom.nodes[sibling];
            node.tag() == "p" && {
                let bs = emit_blocks(dom, sibling, removed);
                let chars: usize = bs.iter().map(|b| b.chars).sum();
                let links: usize = bs.iter().map(|b| b.link_chars).sum();
                chars > 80 && (links as f64) < chars as f64 * 0.25
            }
        };
        if include {
            blocks.extend(emit_blocks(dom, sibling, removed));
        }
    }
    join_blocks(&filter_blocks(blocks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(html: &str) -> String {
        main_text(&Dom::from_html(&scraper::Html::parse_document(html)))
    }

    const LOREM: &str = "The council voted on Tuesday, after a long debate, to extend the \
        program for another year, citing strong demand from residents and local businesses.";

    fn check(html: &str, must: &[&str], must_not: &[&str]) {
        let text = extract(html);
        for m in must {
            assert!(text.contains(m), "missing {m:?} in {text:?}");
        }
        for m in must_not {
            assert!(!text.contains(m), "unexpected {m:?} in {text:?}");
        }
    }

    #[test]
    fn keeps_article_and_drops_boilerplate() {
        let html = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/a>World</a></nav>
            <div class=cookie-banner>We use cookies to improve your experience</div>
            <article><h1>Big news</h1><p>First paragraph. {LOREM}</p>
            <h2>A subheading</h2><blockquote>A quoted remark, said the mayor, is kept.</blockquote>
            <p>Second paragraph. {LOREM}</p>
            <div class=share-buttons>Share on Facebook</div></article>
            <div id=comments><p>Great article, thanks, I loved it a lot and more.</p></div>
            <aside><ul><li><a href=/r1>Related story one</a></li><li><a href=/r2>Related two</a></li></ul></aside>
            <footer>Copyright 2024</footer></body></html>"
        );
        check(
            &html,
            &["First paragraph.", "A subheading", "A quoted remark", "Second paragraph."],
            &["Home", "cookies", "Share on", "Great article", "Related story", "Copyright"],
        );
        let text = extract(&html);
        assert!(
            text.contains(
                "year, citing strong demand from residents and local businesses.\n\nA subheading"
            ),
            "{text:?}"
        );
    }

    #[test]
    fn finds_content_without_markers() {
        let html = format!(
            "<body><div id=top><a href=/x>Link one</a> | <a href=/y>Link two</a></div>
            <div id=x1><div><p>{LOREM}</p><p>{LOREM} Again.</p><p>Third. {LOREM}</p></div></div>
            <div><a href=/1>More news here</a><br><a href=/2>And more news there</a></div></body>"
        );
        check(&html, &["Third.", "Again."], &["Link one", "More news"]);
    }

    #[test]
    fn wordpress_taxonomy_classes_do_not_prune_the_post() {
        let html = format!(
            "<body><div id=post-1 class='post-1 post type-post tag-meta category-comment hentry'>
            <div class=entry-content><p>{LOREM}</p><p>Closing words, {LOREM}</p></div>
            <div class=entry-meta>Posted on 3 May 2021</div></div></body>"
        );
        check(&html, &["Closing words"], &["Posted on"]);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for html in ["", "<", "<html>", "<body></body>", "<p>x</p>", "\u{0}\u{feff}<a>"] {
            let _ = extract(html);
        }
    }
}
