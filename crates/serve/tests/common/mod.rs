//! Test corpora: the sample corpus (`examples/corpus`) analysed by the full pipeline, built
//! the way the CLI builds it, plus hostile articles whose titles, outlets, URLs and bodies
//! carry script tags, event handlers and `javascript:` URLs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use echotrace_analyze::Pipeline;
use echotrace_attribution::AttributionAnalyzer;
use echotrace_entities::EntityAnalyzer;
use echotrace_ingest::{read_inputs, Input, ReadOptions};
use echotrace_model::{Analysis, DateSource, Document};
use echotrace_narratives::{Catalog, NarrativeAnalyzer};
use echotrace_serve::{AppState, NarrativeInfo, StateOptions};
use echotrace_store::{Corpus, OpenMode};
use echotrace_techniques::TechniqueAnalyzer;

pub fn sample_corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

/// The CLI's default pipeline: entities, attributions, techniques (fast tier), narratives.
pub fn pipeline() -> Pipeline {
    Pipeline::standard()
        .with(Box::new(EntityAnalyzer::new()))
        .with(Box::new(AttributionAnalyzer::new()))
        .with(Box::new(TechniqueAnalyzer::fast().expect("the embedded technique model loads")))
        .with(Box::new(NarrativeAnalyzer::starter()))
}

pub fn narratives() -> Vec<NarrativeInfo> {
    Catalog::starter()
        .narratives
        .into_iter()
        .map(|n| NarrativeInfo {
            id: n.id,
            title: n.title,
            summary: n.summary,
            disproof: n.disproof,
            debunks: n.debunks,
        })
        .collect()
}

/// Markers a hostile article tries to run; the tests check none of them runs or renders as
/// markup.
pub const XSS_TITLE: &str =
    "<script>document.title='pwned'</script>Ministry <img src=x onerror=\"window.__xss=1\"> warns";
pub const XSS_OUTLET: &str = "<svg onload=\"window.__xss=6\">Evil News";
pub const XSS_URL: &str = "javascript:window.__xss=5";

pub fn hostile_documents() -> Vec<Document> {
    let body = "\"We have numerous eyewitness accounts that the so-called rescuers are moving \
        cylinders,\" spokeswoman Elena Marsh told reporters. <script>window.__xss=2</script>\n\
        According to local residents, <a href=\"javascript:window.__xss=3\">click here</a> \
        \"><img src=x onerror=window.__xss=4> the terrorists will stage a provocation.\n\
        <iframe src=\"javascript:window.__xss=7\"></iframe> <b onmouseover=\"window.__xss=8\">x</b>";
    let mut first = Document::new("xss-1", body);
    first.title = Some(XSS_TITLE.into());
    first.outlet = Some(XSS_OUTLET.into());
    first.url = Some(XSS_URL.into());
    let day = chrono::NaiveDate::from_ymd_opt(2025, 4, 3).expect("a valid day");
    first.set_published(day, DateSource::Metadata);
    // An id that needs percent-encoding and would close a tag if it were not escaped.
    let mut second = Document::new("xss-<i>\"2\"</i>/x?y#z", format!("{body}\nSecond copy."));
    second.title = Some("\"><script>window.__xss=9</script>".into());
    second.outlet = Some(XSS_OUTLET.into());
    vec![first, second]
}

/// The sample corpus's documents as the ingest readers produce them.
pub fn sample_documents() -> Vec<Document> {
    read_inputs(vec![Input::Path(sample_corpus_dir())], ReadOptions::default())
        .filter_map(|event| event.document().cloned())
        .collect()
}

/// A corpus in a new temporary directory holding the sample corpus and, when `hostile`, the
/// hostile articles.
pub fn build_corpus(hostile: bool) -> (tempfile::TempDir, Vec<Analysis>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pipeline = pipeline();
    let mut documents = sample_documents();
    assert!(documents.len() >= 9, "the sample corpus has its documents");
    // A short text of our own that the starter catalog's White Helmets narrative matches (the
    // fictional sample corpus matches none), so that narrative pages have content.
    let mut narrative = Document::new(
        "narrative-1",
        "The ministry said the White Helmets are preparing a provocation with chemical weapons \
         in Idlib to accuse Syrian government forces.",
    );
    narrative.title = Some("Ministry repeats chemical provocation warning".into());
    narrative.outlet = Some("Kestrel News Agency".into());
    narrative.set_published(
        chrono::NaiveDate::from_ymd_opt(2025, 4, 4).expect("a valid day"),
        DateSource::Metadata,
    );
    documents.push(narrative);
    if hostile {
        documents.extend(hostile_documents());
    }
    let records: Vec<Analysis> = documents.into_iter().map(|d| pipeline.run(d)).collect();
    let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("open corpus");
    corpus.ingest(records.clone(), 100).expect("ingest");
    // Link as `echotrace ingest` does: reuse pairs, claim clusters.
    corpus.link(&echotrace_store::LinkOptions::default()).expect("link");
    (dir, records)
}

/// The id of a claim cluster of the corpus in `dir` (the most carried one).
pub fn claim_cluster_id(dir: &Path) -> String {
    let corpus = Corpus::open(dir, OpenMode::ReadOnly).expect("open corpus");
    let clusters = corpus.claim_clusters(1, 1).expect("claim clusters");
    clusters.first().map(|c| c.id.clone()).expect("the test corpus has a claim cluster")
}

pub fn state(dir: &Path, ingest_token: Option<&str>) -> AppState {
    AppState::open(
        dir,
        StateOptions {
            pipeline: Some(Arc::new(pipeline())),
            narratives: narratives(),
            ingest_token: ingest_token.map(str::to_owned),
            readers: Some(2),
            ..StateOptions::default()
        },
    )
    .expect("open app state")
}

/// Every tag of an HTML text with its attributes: `(name, [(attribute, value)])`. Text is
/// escaped by the renderer, so every `<` starts real markup.
pub fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if rest.starts_with("!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        // Attribute values are double-quoted by the renderer; a `>` inside quotes is text.
        let mut in_quotes = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quotes = !in_quotes;
                }
                c == '>' && !in_quotes
            })
            .map_or(rest.len(), |(i, _)| i);
        let inside = &rest[..end];
        rest = &rest[end.min(rest.len())..];
        if inside.starts_with('/') {
            // A closing tag has no attributes.
            continue;
        }
        let name: String = inside
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut attrs = inside[name.len()..].trim().trim_end_matches('/').trim();
        while !attrs.is_empty() {
            let key_end =
                attrs.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(attrs.len());
            let key = attrs[..key_end].to_ascii_lowercase();
            attrs = attrs[key_end..].trim_start();
            let mut value = String::new();
            if let Some(after) = attrs.strip_prefix('=') {
                let after = after.trim_start();
                if let Some(quoted) = after.strip_prefix('"') {
                    let close = quoted.find('"').unwrap_or(quoted.len());
                    value = quoted[..close].to_owned();
                    attrs = quoted.get(close + 1..).unwrap_or("").trim_start();
                } else {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = after[..close].to_owned();
                    attrs = after[close..].trim_start();
                }
            }
            if !key.is_empty() && key != "/" {
                attributes.push((key, value));
            }
        }
        out.push((name, attributes));
    }
    out
}

/// Panics when `html` holds markup that could run script: a script other than the server's
/// own file, an event-handler attribute, a `javascript:` URL, or an element that no page of
/// ours uses (img, iframe, object, embed, svg with handlers, base).
pub fn assert_no_hostile_markup(html: &str, context: &str) {
    for (name, attributes) in tags(html) {
        assert!(
            !matches!(name.as_str(), "img" | "iframe" | "object" | "embed" | "base" | "b" | "i"),
            "{context}: unexpected <{name}> element {attributes:?}"
        );
        if name == "script" {
            let src = attributes.iter().find(|(k, _)| k == "src").map(|(_, v)| v.as_str());
            assert_eq!(src, Some("/static/app.js"), "{context}: a script that is not ours");
        }
        for (key, value) in &attributes {
            assert!(!key.starts_with("on"), "{context}: event handler {key}={value:?} on <{name}>");
            let value = value.trim().to_ascii_lowercase();
            assert!(
                !value.starts_with("javascript:") && !value.starts_with("data:text/html"),
                "{context}: {key}={value:?} on <{name}>"
            );
        }
    }
    for marker in ["window.__xss", "document.title='pwned'"] {
        // The markers may appear as escaped text, never inside a tag.
        for (name, attributes) in tags(html) {
            for (key, value) in attributes {
                // Text attributes may hold it escaped, and our own links percent-encoded.
                let text_attribute = matches!(key.as_str(), "title" | "value" | "content");
                let own_link = key == "href" && (value.starts_with('/') || value.starts_with('#'));
                assert!(
                    !value.contains(marker) || text_attribute || own_link,
                    "{context}: {marker} in {key} of <{name}>"
                );
            }
        }
    }
}
