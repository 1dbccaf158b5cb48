//! The article view: the text with every layer highlighted (like displaCy, for all layers at
//! once), the legend with its toggles, and the attribution chains.
//!
//! Layers overlap freely (an entity inside a quote inside a loaded-language span), so the text
//! is cut at every span boundary and each piece becomes one `<span>` whose classes name every
//! layer covering it. Toggles are checkboxes read by CSS (`:has`), so they work without
//! JavaScript, in the server's pages and in the mailed report alike.

use std::collections::BTreeMap;

use echotrace_model::{Analysis, AttributionKind};
use maud::{html, Markup};

use super::{technique_class, TECHNIQUES};

/// One highlighted span of one layer.
struct Mark {
    start: usize,
    end: usize,
    class: String,
    /// One line of the hover text.
    label: String,
    /// The attribution it belongs to (source, cue or content).
    attribution: Option<usize>,
}

/// Byte offsets of code point offsets: `offsets[i]` is where code point `i` starts, and the
/// last entry is the text length.
fn code_point_offsets(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    offsets.push(text.len());
    offsets
}

fn marks(record: &Analysis, chars: usize) -> Vec<Mark> {
    let layers = &record.layers;
    let mut marks = Vec::new();
    let mut push = |start: usize, end: usize, class: String, label: String, att: Option<usize>| {
        let end = end.min(chars);
        if start < end {
            marks.push(Mark { start, end, class, label, attribution: att });
        }
    };
    for entity in &layers.entities {
        let kind = entity.kind.as_str();
        push(
            entity.start,
            entity.end,
            format!("ent ent-{kind}"),
            format!("{kind}: {}", entity.name),
            None,
        );
    }
    for (index, attribution) in layers.attributions.iter().enumerate() {
        let number = index + 1;
        if let Some(source) = &attribution.source {
            let (class, label) = if source.vague {
                ("src vague", format!("vague source of attribution {number}"))
            } else {
                ("src", format!("source of attribution {number}"))
            };
            push(source.start, source.end, class.into(), label, Some(index));
        }
        push(
            attribution.cue.start,
            attribution.cue.end,
            "cue".into(),
            format!("cue of attribution {number}"),
            Some(index),
        );
        push(
            attribution.content.start,
            attribution.content.end,
            "content".into(),
            format!("content of attribution {number}"),
            Some(index),
        );
    }
    for technique in &layers.techniques {
        push(
            technique.start,
            technique.end,
            format!("tech {}", technique_class(&technique.technique)),
            format!("{} (score {:.2})", technique.technique.replace('_', " "), technique.score),
            None,
        );
    }
    for narrative in &layers.narratives {
        for span in &narrative.evidence {
            push(
                span[0],
                span[1],
                "narr".into(),
                format!("narrative: {} ({:.2})", narrative.title, narrative.score),
                None,
            );
        }
    }
    marks
}

/// The highlighted text, in a `<div class="text">`.
pub fn highlighted_text(record: &Analysis, prefix: &str) -> Markup {
    let text = &record.document.text;
    let offsets = code_point_offsets(text);
    let chars = offsets.len() - 1;
    let marks = marks(record, chars);
    // Where each attribution first appears in the text: the target of "show in text" links.
    let mut anchors: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (index, attribution) in record.layers.attributions.iter().enumerate() {
        let start = attribution
            .source
            .as_ref()
            .map_or(attribution.cue.start, |s| s.start)
            .min(attribution.cue.start)
            .min(attribution.content.start)
            .min(chars);
        anchors.entry(start).or_default().push(index);
    }
    let mut boundaries: Vec<usize> = vec![0, chars];
    for mark in &marks {
        boundaries.push(mark.start);
        boundaries.push(mark.end);
    }
    boundaries.extend(anchors.keys().copied());
    boundaries.sort_unstable();
    boundaries.dedup();
    // Sweep: marks sorted by start enter the active set, and leave once they end.
    let mut by_start: Vec<usize> = (0..marks.len()).collect();
    by_start.sort_by_key(|&i| (marks[i].start, std::cmp::Reverse(marks[i].end)));
    let mut next_mark = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut pieces: Vec<Piece<'_>> = Vec::with_capacity(boundaries.len());
    for window in boundaries.windows(2) {
        let (start, end) = (window[0], window[1]);
        active.retain(|&i| marks[i].end > start);
        while next_mark < by_start.len() && marks[by_start[next_mark]].start <= start {
            if marks[by_start[next_mark]].end > start {
                active.push(by_start[next_mark]);
            }
            next_mark += 1;
        }
        pieces.push(Piece {
            anchors: anchors.get(&start).map(Vec::as_slice).unwrap_or(&[]),
            text: &text[offsets[start]..offsets[end]],
            attributes: (!active.is_empty()).then(|| segment_attributes(&marks, &active)),
        });
    }
    html! {
        div.text {
            @for piece in &pieces {
                @for index in piece.anchors {
                    span.anchor id=(format!("{prefix}t-att-{}", index + 1)) {}
                }
                @match &piece.attributes {
                    None => (piece.text),
                    Some((class, title, atts)) if atts.is_empty() => {
                        span class=(class) title=(title) { (piece.text) }
                    }
                    Some((class, title, atts)) => {
                        span class=(class) title=(title) data-att=(atts) { (piece.text) }
                    }
                }
            }
        }
    }
}

/// A run of text between two span boundaries.
struct Piece<'a> {
    /// Attributions (0-based) whose first span starts here.
    anchors: &'a [usize],
    text: &'a str,
    /// Classes, hover text and attribution numbers, when any layer covers the piece.
    attributes: Option<(String, String, String)>,
}

/// Classes, hover text and attribution numbers of a piece covered by `active` marks.
fn segment_attributes(marks: &[Mark], active: &[usize]) -> (String, String, String) {
    let mut classes: Vec<&str> = Vec::new();
    let mut labels: Vec<&str> = Vec::new();
    let mut attributions: Vec<usize> = Vec::new();
    for &i in active {
        for class in marks[i].class.split(' ') {
            if !classes.contains(&class) {
                classes.push(class);
            }
        }
        if !labels.contains(&marks[i].label.as_str()) {
            labels.push(&marks[i].label);
        }
        if let Some(index) = marks[i].attribution {
            if !attributions.contains(&(index + 1)) {
                attributions.push(index + 1);
            }
        }
    }
    let attributions: Vec<String> = attributions.iter().map(usize::to_string).collect();
    (classes.join(" "), labels.join("\n"), attributions.join(" "))
}

/// The layer toggles and the technique colour legend. Must precede the text inside the same
/// `.doc` element: the CSS reads the checkboxes with `:has`.
pub fn legend(record: &Analysis) -> Markup {
    let layers = &record.layers;
    let mut techniques: BTreeMap<&str, usize> = BTreeMap::new();
    for technique in &layers.techniques {
        *techniques.entry(technique.technique.as_str()).or_default() += 1;
    }
    let vague =
        layers.attributions.iter().filter(|a| a.source.as_ref().is_some_and(|s| s.vague)).count();
    let toggle = |id: &str, label: &str, count: usize, swatch: &str| {
        html! {
            label.toggle {
                input type="checkbox" class=(id) checked;
                span class=(format!("swatch {swatch}")) {}
                (label) " " span.count { (count) }
            }
        }
    };
    html! {
        div.legend role="group" aria-label="Highlight layers" {
            (toggle("show-ent", "Entities", layers.entities.len(), "sw-ent"))
            (toggle("show-att", "Attributions", layers.attributions.len(), "sw-att"))
            (toggle("show-tech", "Techniques", layers.techniques.len(), "sw-tech"))
            (toggle("show-narr", "Narratives", layers.narratives.len(), "sw-narr"))
            div.keys {
                span.key { span.ent.ent-person { "person" } }
                span.key { span.ent.ent-organization { "organization" } }
                span.key { span.ent.ent-place { "place" } }
                span.key { span.ent.ent-group { "group" } }
                span.key { span.ent.ent-outlet { "outlet" } }
                span.key { span.src { "source" } " → " span.cue { "cue" } " → " span.content { "content" } }
                span.key { span.src.vague { "vague source" } " " span.count { (vague) } }
            }
            @if !techniques.is_empty() {
                div.keys.technique-keys {
                    @for (name, count) in &techniques {
                        span.key {
                            span class=(format!("tech {}", technique_class(name))) {
                                (name.replace('_', " "))
                            }
                            " " span.count { (count) }
                        }
                    }
                }
            }
        }
    }
}

/// The whole article body: legend, highlighted text, side panels of chains, entities,
/// techniques and narratives. `narrative_href` links a narrative id to its page (the server)
/// or returns `None` (the report, which has no such pages).
///
/// `prefix` starts every element id, so that several articles can share one page (the report).
pub fn article_body(
    record: &Analysis,
    prefix: &str,
    narrative_href: &dyn Fn(&str) -> Option<String>,
) -> Markup {
    let layers = &record.layers;
    html! {
        div.doc {
            (legend(record))
            div.columns {
                article.reading { (highlighted_text(record, prefix)) }
                aside.panels {
                    (attribution_chains(record, prefix))
                    @if !layers.narratives.is_empty() {
                        section.panel {
                            h3 { "Narratives" }
                            ul.plain {
                                @for narrative in &layers.narratives {
                                    li {
                                        @if let Some(href) = narrative_href(&narrative.id) {
                                            a href=(href) { (narrative.title) }
                                        } @else {
                                            (narrative.title)
                                        }
                                        " " span.score { (format!("{:.2}", narrative.score)) }
                                    }
                                }
                            }
                        }
                    }
                    (entity_panel(record))
                }
            }
        }
    }
}

fn kind_name(kind: AttributionKind) -> &'static str {
    match kind {
        AttributionKind::Direct => "direct quote",
        AttributionKind::Indirect => "indirect",
        AttributionKind::Mixed => "mixed",
        AttributionKind::AccordingTo => "according to",
        AttributionKind::Relay => "relay",
    }
}

/// Every attribution as source → cue → content, vague sources marked, with links to the
/// enclosing attribution (`parent`) and to its place in the text.
pub fn attribution_chains(record: &Analysis, prefix: &str) -> Markup {
    let attributions = &record.layers.attributions;
    html! {
        section.panel.chains {
            h3 { "Attribution chains " span.count { (attributions.len()) } }
            @if attributions.is_empty() {
                p.muted { "No attributions found." }
            }
            ol.chains {
                @for (index, attribution) in attributions.iter().enumerate() {
                    @let number = index + 1;
                    li.chain id=(format!("{prefix}att-{number}")) data-att=(number) {
                        div.chain-head {
                            span.num { (number) }
                            span.kind { (kind_name(attribution.kind)) }
                            a.jump href=(format!("#{prefix}t-att-{number}")) { "in text" }
                            @if let Some(parent) = attribution.parent {
                                a.parent href=(format!("#{prefix}att-{}", parent + 1)) {
                                    "within " (parent + 1)
                                }
                            }
                        }
                        div.chain-body {
                            @match &attribution.source {
                                Some(source) => (super::source_name(&source.text, source.vague)),
                                None => span.muted { "(no source)" },
                            }
                            " → " span.cue { (attribution.cue.text) } " → "
                            span.content { (truncate(&attribution.content.text, 280)) }
                        }
                    }
                }
            }
        }
    }
}

fn entity_panel(record: &Analysis) -> Markup {
    let mut entities: BTreeMap<(&str, &str), (usize, &'static str)> = BTreeMap::new();
    for entity in &record.layers.entities {
        let entry = entities.entry((entity.name.as_str(), entity.id.as_str())).or_insert((0, ""));
        entry.0 += 1;
        entry.1 = entity.kind.as_str();
    }
    let mut entities: Vec<_> = entities.into_iter().collect();
    entities.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    html! {
        @if !entities.is_empty() {
            section.panel {
                h3 { "Entities " span.count { (entities.len()) } }
                ul.plain.entity-list {
                    @for ((name, _id), (count, kind)) in entities.iter().take(40) {
                        li { span class=(format!("ent ent-{kind}")) { (name) } " " span.count { (count) } }
                    }
                }
            }
        }
    }
}

/// At most `max` characters of `text`, with an ellipsis when cut.
pub fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// The technique colour legend for the whole catalog of classes (overview and report).
pub fn technique_legend() -> Markup {
    html! {
        div.keys.technique-keys {
            @for name in TECHNIQUES {
                span.key { span class=(format!("tech {}", technique_class(name))) { (name.replace('_', " ")) } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use echotrace_model::{
        Analysis, Attribution, AttributionSource, Document, Entity, EntityType, Segment,
        TechniqueSpan,
    };

    use super::*;

    fn record(text: &str) -> Analysis {
        Analysis::new(Document::new("d", text))
    }

    #[test]
    fn overlapping_layers_split_into_pieces_with_all_classes() {
        let mut r = record("Él said <b>bad</b> things.");
        r.layers.entities.push(Entity {
            start: 0,
            end: 2,
            text: "Él".into(),
            kind: EntityType::Person,
            id: "p".into(),
            name: "Él".into(),
        });
        r.layers.techniques.push(TechniqueSpan {
            start: 1,
            end: 18,
            technique: "Loaded_Language".into(),
            score: 0.5,
        });
        let html = highlighted_text(&r, "").into_string();
        assert!(html.contains(r#"<span class="ent ent-person tech t-loaded-language""#), "{html}");
        assert!(html.contains("&lt;b&gt;bad&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
        assert!(html.contains(">É</span>"), "pieces cut at code points: {html}");
    }

    #[test]
    fn out_of_range_and_empty_spans_are_ignored() {
        let mut r = record("short");
        r.layers.techniques.push(TechniqueSpan {
            start: 3,
            end: 99,
            technique: "Doubt".into(),
            score: 0.1,
        });
        r.layers.techniques.push(TechniqueSpan {
            start: 50,
            end: 60,
            technique: "Doubt".into(),
            score: 0.1,
        });
        let html = highlighted_text(&r, "").into_string();
        assert!(html.contains(r#"t-doubt" title="Doubt (score 0.10)">rt</span>"#), "{html}");
    }

    #[test]
    fn chains_mark_vague_sources_and_link_parents() {
        let mut r = record("Sources said the minister said no.");
        let source = |text: &str, vague| AttributionSource {
            start: 0,
            end: 7,
            text: text.into(),
            entity: None,
            vague,
        };
        let segment = |start, end, text: &str| Segment { start, end, text: text.into() };
        r.layers.attributions.push(Attribution {
            source: Some(source("Sources", true)),
            cue: segment(8, 12, "said"),
            content: segment(13, 33, "the minister said no"),
            kind: AttributionKind::Indirect,
            parent: None,
        });
        r.layers.attributions.push(Attribution {
            source: Some(AttributionSource { start: 13, end: 25, ..source("the minister", false) }),
            cue: segment(26, 30, "said"),
            content: segment(31, 33, "no"),
            kind: AttributionKind::Indirect,
            parent: Some(0),
        });
        let chains = attribution_chains(&r, "").into_string();
        assert!(chains.contains(r##"<a class="parent" href="#att-1">within 1</a>"##), "{chains}");
        assert!(chains.contains("badge-vague"));
        let text = highlighted_text(&r, "").into_string();
        assert!(text.contains(r#"id="t-att-2""#));
        assert!(text.contains(r#"data-att="1 2""#), "{text}");
    }
}
