//! HTML rendering shared by the server's pages and the self-contained report. Everything goes
//! through maud, which escapes every interpolated value; nothing here uses `PreEscaped` on
//! text that came from a document.
//!
//! Pages never carry inline `style` attributes or scripts (the server's Content-Security-Policy
//! forbids both): colours are CSS classes or SVG presentation attributes.

pub mod article;
pub mod charts;
pub mod graph;
pub mod links;

use echotrace_store::views::{DocumentSummary, NarrativeCount, SourceCount, VagueShare};
use echotrace_store::Count;
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// The style sheet of the pages and the report.
pub const CSS: &str = include_str!("../../static/app.css");
/// The one script of the pages (progressive enhancement: focusing a chain; pages work without
/// it).
pub const JS: &str = include_str!("../../static/app.js");

/// The 14 SemEval-2020 Task 11 technique classes, in the order of their colours.
pub const TECHNIQUES: [&str; 14] = [
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Exaggeration,Minimisation",
    "Doubt",
    "Appeal_to_fear-prejudice",
    "Flag-Waving",
    "Causal_Oversimplification",
    "Slogans",
    "Appeal_to_Authority",
    "Black-and-White_Fallacy",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
    "Bandwagon,Reductio_ad_hitlerum",
];

/// The CSS class of a technique: `t-` and its name in lower case with runs of other characters
/// as `-` (`Name_Calling,Labeling` → `t-name-calling-labeling`); unknown names share
/// `t-other`, so a hostile technique name cannot smuggle a class in.
pub fn technique_class(name: &str) -> String {
    let known = TECHNIQUES.iter().any(|t| t.eq_ignore_ascii_case(name));
    if !known {
        return "t-other".into();
    }
    let mut class = String::from("t-");
    let mut dash = false;
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            if dash && !class.ends_with('-') {
                class.push('-');
            }
            dash = false;
            class.push(ch.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    class
}

/// Where a page's links point: the server's routes, or anchors inside the one-file report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    Server,
    Report,
}

impl Links {
    pub fn document(self, id: &str) -> String {
        match self {
            Links::Server => format!("/documents/{}", path_segment(id)),
            Links::Report => format!("#doc-{}", anchor_id(id)),
        }
    }

    pub fn outlet(self, name: &str) -> Option<String> {
        match self {
            Links::Server => Some(format!("/outlets/{}", path_segment(name))),
            Links::Report => None,
        }
    }

    pub fn claim(self, id: &str) -> String {
        match self {
            Links::Server => format!("/claims/{}", path_segment(id)),
            Links::Report => format!("#claim-{}", anchor_id(id)),
        }
    }

    pub fn narrative(self, id: &str) -> Option<String> {
        match self {
            Links::Server => Some(format!("/narratives/{}", path_segment(id))),
            Links::Report => None,
        }
    }
}

/// Percent-encodes everything but unreserved characters, so an id can never add a path
/// segment, a query or a scheme to a link.
pub fn path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A fragment identifier for a document id: its hex-encoded bytes when the id has anything but
/// ASCII letters, digits, `-` and `_`.
pub fn anchor_id(id: &str) -> String {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        id.to_owned()
    } else {
        id.bytes().map(|b| format!("{b:02x}")).collect()
    }
}

/// The navigation entries of the server's pages.
const NAV: [(&str, &str); 7] = [
    ("/", "Overview"),
    ("/documents", "Articles"),
    ("/narratives", "Narratives"),
    ("/claims", "Claims"),
    ("/outlets", "Outlets"),
    ("/graph", "Graph"),
    ("/search", "Search"),
];

/// A server page: style sheet and script from `/static/`, the header with search.
pub fn page(title: &str, active: &str, extra_nav: &[(&str, &str)], body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · echotrace" }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "echo" span { "trace" } }
                    nav {
                        @for (href, label) in NAV.iter().chain(extra_nav) {
                            @if *href == active {
                                a.active href=(href) aria-current="page" { (label) }
                            } @else {
                                a href=(href) { (label) }
                            }
                        }
                    }
                    form.search-box action="/search" method="get" role="search" {
                        input type="search" name="q" placeholder="Search articles…" aria-label="Search";
                    }
                }
                main { (body) }
                footer.bottom { "echotrace · evidence, not verdicts: spans, sources and scores with the text that supports them." }
            }
        }
    }
}

/// The report's page frame: the style sheet inline and a policy that forbids every script and
/// every request, so even a rendering bug could not run article content or leak a read.
pub fn report_page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                // The style sheet is a constant of this crate, not document text.
                style { (PreEscaped(CSS)) }
            }
            body.report { main { (body) } }
        }
    }
}

/// A number with thin thousands separators.
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A key figure with its label.
pub fn figure(value: &str, label: &str) -> Markup {
    html! { div.figure { div.value { (value) } div.label { (label) } } }
}

/// A table of documents with counts of their layers.
pub fn documents_table(documents: &[DocumentSummary], links: Links) -> Markup {
    html! {
        table.data {
            thead { tr {
                th { "Published" } th { "Outlet" } th { "Title" }
                th.num { "Entities" } th.num { "Attributions" } th.num { "Techniques" }
            } }
            tbody {
                @for doc in documents {
                    tr {
                        td.nowrap { (doc.published.as_deref().unwrap_or("—")) }
                        td { (outlet_link(doc.outlet.as_deref(), links)) }
                        td { a href=(links.document(&doc.id)) { (display_title(doc.title.as_deref(), &doc.id)) } }
                        td.num { (doc.entities) } td.num { (doc.attributions) } td.num { (doc.techniques) }
                    }
                }
            }
        }
    }
}

/// A document's title, or its id when it has none.
pub fn display_title(title: Option<&str>, id: &str) -> String {
    match title.map(str::trim) {
        Some(title) if !title.is_empty() => article::truncate(title, 160),
        _ => id.to_owned(),
    }
}

pub fn outlet_link(outlet: Option<&str>, links: Links) -> Markup {
    html! {
        @match outlet {
            None => span.muted { "—" },
            Some(name) => @match links.outlet(name) {
                Some(href) => a href=(href) { (name) },
                None => (name),
            },
        }
    }
}

/// Names with counts and a bar scaled to the largest count.
pub fn count_table(
    heading: &str,
    counts: &[Count],
    link: &dyn Fn(&str) -> Option<String>,
) -> Markup {
    let max = counts.iter().map(|c| c.count).max().unwrap_or(1).max(1);
    html! {
        table.data.counts {
            thead { tr { th { (heading) } th.num { "Count" } th.bar-cell {} } }
            tbody {
                @for count in counts {
                    tr {
                        td { @match link(&count.name) {
                            Some(href) => a href=(href) { (count.name.replace('_', " ")) },
                            None => (count.name.replace('_', " ")),
                        } }
                        td.num { (number(count.count)) }
                        td.bar-cell { (charts::bar(count.count as f64 / max as f64, "#4f46e5")) }
                    }
                }
            }
        }
    }
}

pub fn narratives_table(narratives: &[NarrativeCount], links: Links) -> Markup {
    html! {
        table.data {
            thead { tr { th { "Narrative" } th.num { "Articles" } th.num { "Outlets" } th { "First seen" } } }
            tbody {
                @for n in narratives {
                    tr {
                        td { @match links.narrative(&n.id) {
                            Some(href) => a href=(href) { (n.title) },
                            None => (n.title),
                        } }
                        td.num { (n.documents) } td.num { (n.outlets) }
                        td.nowrap { (n.first_seen.as_deref().unwrap_or("—")) }
                    }
                }
            }
        }
    }
}

/// A source's name; a vague one ("sources", "local residents") in red with a badge.
pub fn source_name(name: &str, vague: bool) -> Markup {
    html! {
        @if vague {
            span.src.vague title="vague or unverifiable source" { (name) }
            " " span.badge.badge-vague { "vague" }
        }
        @else { span.src { (name) } }
    }
}

pub fn sources_table(sources: &[SourceCount]) -> Markup {
    html! {
        table.data {
            thead { tr { th { "Source" } th.num { "Attributions" } th.num { "Articles" } th.num { "Outlets" } } }
            tbody {
                @for s in sources {
                    tr {
                        td { (source_name(&s.name, s.vague)) }
                        td.num { (s.attributions) } td.num { (s.documents) } td.num { (s.outlets) }
                    }
                }
            }
        }
    }
}

pub fn vague_table(shares: &[VagueShare], links: Links) -> Markup {
    html! {
        table.data {
            thead { tr { th { "Outlet" } th.num { "Attributions" } th.num { "Vague" } th.num { "Share" } th.bar-cell {} } }
            tbody {
                @for v in shares {
                    tr {
                        td { (outlet_link(Some(&v.outlet), links)) }
                        td.num { (v.attributions) } td.num { (v.vague) } td.num { (percent(v.share)) }
                        td.bar-cell { (charts::bar(v.share, "#dc2626")) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technique_classes() {
        for (name, expect) in [
            ("Loaded_Language", "t-loaded-language"),
            ("Name_Calling,Labeling", "t-name-calling-labeling"),
            ("whataboutism,straw_men,red_herring", "t-whataboutism-straw-men-red-herring"),
            ("x\" onmouseover=\"alert(1)", "t-other"),
        ] {
            assert_eq!(technique_class(name), expect);
        }
        for name in TECHNIQUES {
            assert!(CSS.contains(&format!(".{}", technique_class(name))), "no colour for {name}");
        }
    }

    #[test]
    fn ids_become_safe_paths_and_anchors() {
        assert_eq!(path_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(path_segment("javascript:alert(1)"), "javascript%3Aalert%281%29");
        assert_eq!(anchor_id("article111_x"), "article111_x");
        assert_eq!(anchor_id("a b"), "612062");
        assert_eq!(number(1234567), "1,234,567");
    }
}
