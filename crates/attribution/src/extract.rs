//! From tagger output to attributions: cue spans, their source and content, the rules that
//! the taggers do not learn well (outlet relays, quotation boundaries, "reports surfaced"), the
//! kind of each attribution, vague sources, source resolution and chains.

use std::sync::LazyLock;

use echotrace_analyze::Context;
use echotrace_model::{
    Attribution, AttributionKind, AttributionSource, Entity, EntityType, Segment,
};
use regex::Regex;

use crate::features::{DocFeatures, PrefixCounts, CLASS_COMMA};
use crate::model::{inference_window, Model, ROLE_CONTENT, ROLE_SOURCE};
use crate::vocab::{
    R_CROWD_NOUN, R_REPORT_NOUN, R_SURFACED, T_AUXILIARY, T_CONJUNCTION, T_SOURCE_STOP,
};

/// An attribution as token ranges, before it becomes code point segments.
#[derive(Debug, Clone)]
struct Found {
    cue: (usize, usize),
    source: Option<(usize, usize)>,
    content: (usize, usize),
    relay: bool,
}

/// "Press TV reports:" at the start of a line: an outlet relaying what follows.
static RELAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*([A-Z][A-Za-z0-9&.'’]*(?: [A-Z][A-Za-z0-9&.'’]*){0,3}) (reports|reported|writes|wrote):",
    )
    .expect("valid regex")
});

/// "reports surfaced", "rumours emerged": an unnamed source with a cue the taggers rarely see.
static SURFACED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(reports|rumou?rs|claims|allegations|accounts) (surfaced|emerged|circulated|appeared)(?-u:\b)")
        .expect("valid regex")
});

/// "numerous witness reports saying that ...": unnamed reports as the source of what follows.
static REPORTS_SAYING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)((?:(?:numerous|many|several|multiple|some|new|credible|unconfirmed|local|media|witness|eyewitness|intelligence|news) )+(?:reports|accounts|claims|testimonies|sources)) (saying|stating|suggesting|claiming|indicating|alleging|that)(?-u:\b)")
        .expect("valid regex")
});

/// "many experts have already dubbed ...": a quantified, unnamed group speaking.
static CROWD_SAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)((?:many|some|several|numerous|most|other|local|independent|western|foreign) (?:experts|analysts|observers|residents|witnesses|eyewitnesses|commentators|sources|officials|critics|people|activists|journalists|diplomats|locals))(?: (?:have|has|had|also|already|repeatedly|long|previously|reportedly))* (said|say|says|believe|believes|think|thinks|claim|claims|claimed|warn|warned|warns|dubbed|called|call|described|describe|suggest|suggested|noted|argue|argued|reported|report|told|allege|alleged|insist|insisted|agree|agreed|fear|feared|suspect|suspected|confirmed|stated)(?-u:\b)")
        .expect("valid regex")
});

/// Attributions found by patterns rather than by the taggers: unnamed reports that "surfaced"
/// or are "saying" something. Their content runs from the cue to the end of the sentence.
#[inline(never)] // a unit of its own in profiles
/// Each regex runs only over the lines holding a word all its matches need.
fn rule_attributions(cx: &Context<'_>, doc: &DocFeatures<'_>) -> Vec<Found> {
    let mut out = Vec::new();
    let rules =
        [(&*SURFACED, R_SURFACED), (&*REPORTS_SAYING, R_REPORT_NOUN), (&*CROWD_SAYS, R_CROWD_NOUN)];
    for (regex, needed) in rules {
        for line in doc.lines_with(cx, needed) {
            for m in regex.captures_iter(&cx.text[line.clone()]) {
                let (Some(source), Some(cue)) = (m.get(1), m.get(2)) else { continue };
                let (Some(s), Some(se), Some(c)) = (
                    token_at(cx, line.start + source.start()),
                    token_at(cx, (line.start + source.end()).saturating_sub(1)),
                    token_at(cx, line.start + cue.start()),
                ) else {
                    continue;
                };
                let sentence_end = cx.sentence_tokens(cx.sentence_of_token[c] as usize).end;
                // "reports saying that ...": the cue is "saying", the content starts at "that".
                let content_start = c + 1;
                if content_start < sentence_end {
                    out.push(Found {
                        cue: (c, c + 1),
                        source: Some((s, se + 1)),
                        content: (content_start, sentence_end),
                        relay: false,
                    });
                }
            }
        }
    }
    out
}

/// Words with a strong cue record ("said", "told", "reported") that the tagger left out
/// although a "that" clause follows: mostly speech nested inside quotations.
#[inline(never)] // a unit of its own in profiles
fn add_strong_cues(doc: &DocFeatures, cues: &mut Vec<(usize, usize)>) {
    let n = doc.tokens.len();
    let mut added = Vec::new();
    for i in 0..n {
        let t = &doc.tokens[i];
        if !(4..=5).contains(&t.begin_prior) || cues.iter().any(|&(s, e)| s <= i && i < e) {
            continue;
        }
        let that_follows = (i + 1..(i + 8).min(n))
            .take_while(|&j| {
                doc.sentence[j] == doc.sentence[i]
                    && doc.tokens[j].shape != crate::features::SHAPE_PUNCT
            })
            .any(|j| doc.tokens[j].class == crate::features::CLASS_THAT);
        if that_follows {
            added.push((i, i + 1));
        }
    }
    if !added.is_empty() {
        cues.extend(added);
        cues.sort_unstable();
    }
}

/// Words skipped between a source and its cue ("experts have already dubbed").
pub(crate) const AUXILIARIES: &[&str] = &[
    "have",
    "has",
    "had",
    "is",
    "are",
    "was",
    "were",
    "also",
    "already",
    "repeatedly",
    "reportedly",
    "officially",
    "recently",
    "previously",
    "then",
    "later",
    "once",
    "again",
    "not",
    "never",
    "publicly",
    "will",
    "would",
    "could",
    "may",
    "might",
    "been",
    "be",
    "did",
    "does",
    "do",
    "even",
    "still",
    "just",
    "now",
    "often",
    "first",
];

/// Words that end a source when walking back from the cue.
pub(crate) const SOURCE_STOPS: &[&str] = &[
    "that", "and", "but", "which", "who", "as", "while", "when", "because", "if", "to", "of", "it",
    "there",
];

/// The noun phrase right before a cue, when the tagger gave no source and the content follows.
fn source_before(doc: &DocFeatures, cs: usize, content: (usize, usize)) -> Option<(usize, usize)> {
    if content.0 < cs || cs == 0 {
        return None;
    }
    let is = |i: usize, flag: u32| doc.tokens[i].flags & flag != 0;
    let mut j = cs;
    while j > 0 && is(j - 1, T_AUXILIARY) && cs - j < 3 {
        j -= 1;
    }
    let end = j;
    while j > 0
        && end - j < 5
        && doc.sentence[j - 1] == doc.sentence[cs]
        && doc.tokens[j - 1].shape != crate::features::SHAPE_PUNCT
        && !is(j - 1, T_SOURCE_STOP)
    {
        j -= 1;
    }
    let boundary = j == 0
        || doc.sentence[j - 1] != doc.sentence[cs]
        || doc.tokens[j - 1].shape == crate::features::SHAPE_PUNCT
        || is(j - 1, T_CONJUNCTION);
    (j < end && boundary).then_some((j, end))
}

/// Trims punctuation from both ends of a source, and cuts an inverted source ("said General X
/// in a briefing") at the first preposition or comma.
fn tidy_source(
    cx: &Context<'_>,
    doc: &DocFeatures,
    (mut s, mut e): (usize, usize),
    cue_end: usize,
) -> Option<(usize, usize)> {
    if s >= cue_end {
        let cut = (s + 1..e).find(|&j| {
            doc.tokens[j].class == CLASS_COMMA
                || matches!(
                    cx.tokens[j].text(cx.text),
                    "in" | "at" | "on" | "during" | "to" | "via" | "after" | "before" | "from"
                )
        });
        if let Some(cut) = cut {
            e = cut;
        }
    }
    let is_punct = |i: usize| {
        doc.tokens[i].shape == crate::features::SHAPE_PUNCT
            && doc.tokens[i].class != crate::features::CLASS_QUOTE
    };
    while s < e && is_punct(s) {
        s += 1;
    }
    while e > s && (is_punct(e - 1) && cx.tokens[e - 1].text(cx.text) != ")") {
        e -= 1;
    }
    (e > s).then_some((s, e))
}

/// Extracts the attributions of one document, sorted by cue start, with parents set.
#[inline(never)] // a unit of its own in profiles
pub(crate) fn extract(
    model: &Model,
    cx: &Context<'_>,
    doc: &DocFeatures<'_>,
    entities: &[Entity],
) -> Vec<Attribution> {
    if cx.tokens.is_empty() {
        return Vec::new();
    }
    let counts = PrefixCounts::new(doc);
    let mut found: Vec<Found> = Vec::new();

    for (start, end) in relay_cues(cx) {
        found.push(start_relay(cx, start, end));
    }
    found.extend(rule_attributions(cx, doc));
    let mut cues = model.tag_cues(doc);
    add_strong_cues(doc, &mut cues);
    for (cs, ce) in cues {
        // Rule findings win over the tagger where they share tokens (its cue, or its source:
        // "reports" in "reports surfaced" is a source, not a cue).
        let taken = |f: &Found| {
            (f.cue.0 < ce && cs < f.cue.1)
                || (!f.relay && f.source.is_some_and(|s| s.0 < ce && cs < s.1))
        };
        if found.iter().any(taken) {
            continue;
        }
        let view = doc.cue_view(cs, ce);
        let window = inference_window(cx, cs, ce);
        let labels = model.tag_roles(doc, &counts, &view, window.clone());
        if let Some(mut f) = assemble(doc, cs, ce, window.start, &labels) {
            f.source = f.source.or_else(|| source_before(doc, cs, f.content));
            f.source = f.source.and_then(|s| tidy_source(cx, doc, s, ce));
            found.push(f);
        }
    }
    found.sort_by_key(|f| f.cue);
    to_attributions(cx, doc, found, entities)
}

fn token_at(cx: &Context<'_>, byte: usize) -> Option<usize> {
    let i = cx.tokens.partition_point(|t| (t.end as usize) <= byte);
    (i < cx.tokens.len() && cx.tokens[i].start as usize <= byte).then_some(i)
}

/// Cue token ranges of line-initial outlet relays.
#[inline(never)] // a unit of its own in profiles
fn relay_cues(cx: &Context<'_>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for caps in RELAY.captures_iter(cx.text) {
        let (Some(name), Some(verb)) = (caps.get(1), caps.get(2)) else { continue };
        let (Some(s), Some(v)) = (token_at(cx, name.start()), token_at(cx, verb.start())) else {
            continue;
        };
        out.push((s, v));
    }
    out
}

/// A relay: source = the outlet name, cue = the verb and colon, content = the rest of the text.
fn start_relay(cx: &Context<'_>, source_start: usize, verb: usize) -> Found {
    let colon = (verb + 1).min(cx.tokens.len());
    let content_start = (colon + 1).min(cx.tokens.len());
    Found {
        cue: (verb, colon + 1),
        source: Some((source_start, verb)),
        content: (content_start, cx.tokens.len()),
        relay: true,
    }
}

/// Runs of `label` in `labels` as absolute token ranges.
fn runs(labels: &[u8], offset: usize, label: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (k, &l) in labels.iter().enumerate() {
        match (l as usize == label, start) {
            (true, None) => start = Some(k),
            (false, Some(s)) => {
                out.push((offset + s, offset + k));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((offset + s, offset + labels.len()));
    }
    out
}

/// Token distance from a run to the cue.
fn gap(run: (usize, usize), cs: usize, ce: usize) -> usize {
    if run.1 <= cs {
        cs - run.1
    } else {
        run.0.saturating_sub(ce)
    }
}

/// Picks the source and content runs nearest the cue; a content split around the cue (a quote
/// interrupted by "he said") is merged into one span.
fn assemble(
    doc: &DocFeatures,
    cs: usize,
    ce: usize,
    offset: usize,
    labels: &[u8],
) -> Option<Found> {
    let contents = runs(labels, offset, ROLE_CONTENT);
    let nearest = contents.iter().copied().min_by_key(|&r| gap(r, cs, ce))?;
    let mut content = nearest;
    // Join content runs separated only by a few tokens on the same side (a lone comma or a
    // tagger hiccup), and the other half of a split quote.
    for &run in &contents {
        let same_side = (run.0 >= ce) == (content.0 >= ce);
        let between =
            if run.0 >= content.1 { run.0 - content.1 } else { content.0.saturating_sub(run.1) };
        if same_side && between <= 2 {
            content = (content.0.min(run.0), content.1.max(run.1));
        }
    }
    if let Some(&other) =
        contents.iter().find(|&&r| (r.0 >= ce) != (content.0 >= ce) && gap(r, cs, ce) <= 4)
    {
        let split_quote = doc.tokens[other.0].in_quote || doc.tokens[other.1 - 1].in_quote;
        if split_quote && !doc.tokens[cs].in_quote {
            content = (content.0.min(other.0), content.1.max(other.1));
        }
    }
    // A cue outside a quotation whose content reaches into it attributes the whole quotation;
    // a cue inside one ("Local residents reported ... that") stays within it.
    let content = if doc.tokens[cs].in_quote {
        clip_to_quotation(doc, cs, content)
    } else {
        extend_to_quotation(doc, content)
    };
    let source = runs(labels, offset, ROLE_SOURCE)
        .into_iter()
        .filter(|r| {
            let outside = r.1 <= content.0 || r.0 >= content.1;
            // Between the halves of a split quotation: "…,” he said, “…"
            let between_halves = (r.0..r.1).all(|t| !doc.tokens[t].in_quote);
            outside || between_halves
        })
        .min_by_key(|&r| gap(r, cs, ce));
    Some(Found { cue: (cs, ce), source, content, relay: false })
}

/// Keeps the content of a cue inside a quotation within that quotation.
fn clip_to_quotation(
    doc: &DocFeatures,
    cue: usize,
    (start, end): (usize, usize),
) -> (usize, usize) {
    let close =
        (cue..doc.tokens.len()).find(|&j| doc.tokens[j].quote_mark == 2 || !doc.tokens[j].in_quote);
    let open = (0..=cue).rev().find(|&j| doc.tokens[j].quote_mark == 1 || !doc.tokens[j].in_quote);
    let end = close.map_or(end, |c| end.min(c));
    let start = open.map_or(start, |o| start.max(o + 1));
    if end > start {
        (start, end)
    } else {
        (start.min(end), end.max(start))
    }
}

/// When a content starts or ends inside a quotation, the whole quotation is the content.
fn extend_to_quotation(doc: &DocFeatures, (mut start, mut end): (usize, usize)) -> (usize, usize) {
    let n = doc.tokens.len();
    if start < n && doc.tokens[start].in_quote && doc.tokens[start].quote_mark != 2 {
        let mut s = start;
        while s > 0
            && doc.tokens[s - 1].in_quote
            && doc.tokens[s].quote_mark != 1
            && start - s < 400
        {
            s -= 1;
        }
        start = s;
    }
    if end > 0 && end <= n && doc.tokens[end - 1].in_quote && doc.tokens[end - 1].quote_mark != 2 {
        let mut e = end;
        while e < n && doc.tokens[e].in_quote && e - end < 400 {
            e += 1;
            if doc.tokens[e - 1].quote_mark == 2 {
                break;
            }
        }
        end = e;
    }
    // A content never ends on a comma or starts with one.
    while end > start + 1 && doc.tokens[end - 1].class == CLASS_COMMA {
        end -= 1;
    }
    (start, end)
}

fn segment(cx: &Context<'_>, (start, end): (usize, usize)) -> Segment {
    let bytes = cx.tokens[start].start as usize..cx.tokens[end - 1].end as usize;
    let [s, e] = cx.span(bytes.clone());
    Segment { start: s, end: e, text: cx.text[bytes].to_owned() }
}

/// Words that make a source unnamed when they are its head: "sources", "many experts".
const VAGUE_HEADS: &[&str] = &[
    "accounts",
    "activists",
    "analysts",
    "callers",
    "claims",
    "critics",
    "data",
    "diplomats",
    "experts",
    "eyewitnesses",
    "information",
    "insiders",
    "locals",
    "media",
    "observers",
    "officials",
    "others",
    "people",
    "reports",
    "residents",
    "rumors",
    "rumours",
    "someone",
    "some",
    "source",
    "sources",
    "witnesses",
    "many",
    "several",
    "insider",
    "witness",
    "reporting",
    "intelligence",
    "evidence",
    "documents",
    "studies",
    "polls",
    "footage",
];

/// Words that make any source unnamed ("an unnamed official", "one of the callers").
const VAGUE_MARKERS: &[&str] = &[
    "unnamed",
    "anonymous",
    "unidentified",
    "numerous",
    "various",
    "certain",
    "some",
    "many",
    "several",
    "one",
    "our",
    "local",
    "multiple",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "him", "her", "them", "we", "i", "you"];

const PERSON_HEADS: &[&str] = &[
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "general",
    "president",
    "expert",
    "head",
    "chief",
    "leader",
    "diplomat",
    "ambassador",
    "envoy",
    "commander",
    "director",
    "senator",
    "candidate",
    "lawyer",
    "analyst",
    "representative",
    "secretary",
    "man",
    "woman",
    "officer",
    "researcher",
    "professor",
    "governor",
    "mayor",
    "nominee",
];

const ORG_WORDS: &[&str] = &[
    "ministry",
    "department",
    "center",
    "centre",
    "agency",
    "network",
    "council",
    "committee",
    "office",
    "institute",
    "parliament",
    "government",
    "group",
    "organization",
    "organisation",
    "statement",
    "campaign",
    "tv",
    "news",
    "service",
    "army",
    "military",
    "union",
    "party",
    "commission",
    "court",
    "foundation",
    "administration",
    "embassy",
    "company",
    "board",
];

/// The lower-cased words of a source.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Whether a source names nobody that could be checked.
pub(crate) fn is_vague(text: &str) -> bool {
    let raw: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last) = raw.last() else { return false };
    // A capitalised word after the first names someone ("Russian officials" excepted below).
    let named = raw.iter().skip(1).any(|w| w.chars().next().is_some_and(char::is_uppercase));
    let words = words_of(text);
    let head = last.to_lowercase();
    let marked = words.iter().any(|w| VAGUE_MARKERS.contains(&w.as_str()));
    if named && !marked {
        return false;
    }
    if words.len() == 1
        && raw[0].chars().next().is_some_and(char::is_uppercase)
        && !VAGUE_HEADS.contains(&head.as_str())
    {
        return false;
    }
    VAGUE_HEADS.contains(&head.as_str())
        || (marked && !PRONOUNS.contains(&head.as_str()) && !named)
        || words.first().is_some_and(|w| w == "one") && words.iter().any(|w| w == "of")
}

/// A rough class of a source, for matching pronouns and descriptions to earlier sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SourceClass {
    Person,
    Organization,
    Unknown,
}

fn class_of(words: &[String], entity: Option<&Entity>) -> SourceClass {
    if let Some(e) = entity {
        return match e.kind {
            EntityType::Person => SourceClass::Person,
            EntityType::Organization | EntityType::Outlet | EntityType::Group => {
                SourceClass::Organization
            }
            _ => SourceClass::Unknown,
        };
    }
    if words.iter().any(|w| ORG_WORDS.contains(&w.as_str())) {
        SourceClass::Organization
    } else if words.iter().any(|w| PERSON_HEADS.contains(&w.as_str())) {
        SourceClass::Person
    } else {
        SourceClass::Unknown
    }
}

/// The entity mention that best covers a source span.
fn entity_for(entities: &[Entity], start: usize, end: usize) -> Option<&Entity> {
    entities.iter().filter(|e| e.start < end && start < e.end).max_by_key(|e| {
        (
            e.end.min(end) - e.start.max(start),
            matches!(e.kind, EntityType::Person | EntityType::Organization | EntityType::Outlet),
        )
    })
}

/// An earlier named source that later pronouns and descriptions may refer to.
#[derive(Debug)]
struct Antecedent {
    words: Vec<String>,
    cue_words: Vec<String>,
    class: SourceClass,
    entity: Option<String>,
}

/// The earlier source a pronoun ("she") or a definite description with a common-noun head ("the
/// ministry", "the Russian official", but not "the Foreign Ministry") refers to.
fn resolve<'a>(
    text: &str,
    words: &[String],
    antecedents: &'a [Antecedent],
) -> Option<&'a Antecedent> {
    let head = words.last()?;
    let pronoun = words.len() == 1 && PRONOUNS.contains(&head.as_str());
    let common_head = text
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
    let definite = words.len() >= 2
        && common_head
        && matches!(words[0].as_str(), "the" | "this" | "that" | "these" | "those");
    if !pronoun && !definite {
        return None;
    }
    let wanted = match head.as_str() {
        "he" | "she" | "him" | "her" => SourceClass::Person,
        "it" => SourceClass::Organization,
        h if PERSON_HEADS.contains(&h) => SourceClass::Person,
        h if ORG_WORDS.contains(&h) => SourceClass::Organization,
        _ => SourceClass::Unknown,
    };
    if definite {
        // "the ministry" → the last source that mentions a ministry; "the statement" → the last
        // source whose cue mentioned a statement.
        if let Some(a) = antecedents
            .iter()
            .rev()
            .take(12)
            .find(|a| a.words.contains(head) || a.cue_words.contains(head))
        {
            return Some(a);
        }
    }
    antecedents.iter().rev().take(12).find(|a| wanted == SourceClass::Unknown || a.class == wanted)
}

/// Turns token-level findings into attributions: segments, kinds, vague flags, entities and
/// resolved references, then parents.
#[inline(never)] // a unit of its own in profiles
fn to_attributions(
    cx: &Context<'_>,
    doc: &DocFeatures,
    found: Vec<Found>,
    entities: &[Entity],
) -> Vec<Attribution> {
    let mut out: Vec<Attribution> = Vec::with_capacity(found.len());
    let mut antecedents: Vec<Antecedent> = Vec::new();
    for f in found {
        if f.content.1 <= f.content.0 || f.cue.1 <= f.cue.0 {
            continue;
        }
        let cue = segment(cx, f.cue);
        let content = segment(cx, f.content);
        let cue_lower = cue.text.to_lowercase();
        let cue_words = words_of(&cue.text);
        let source = f.source.filter(|s| s.1 > s.0).map(|s| {
            let seg = segment(cx, s);
            let words = words_of(&seg.text);
            let mut entity = entity_for(entities, seg.start, seg.end);
            let resolved =
                if entity.is_none() { resolve(&seg.text, &words, &antecedents) } else { None };
            let vague = entity.is_none() && resolved.is_none() && is_vague(&seg.text);
            let entity_id = match (entity.take(), resolved) {
                (Some(e), _) => {
                    antecedents.push(Antecedent {
                        words: words.clone(),
                        cue_words: cue_words.clone(),
                        class: class_of(&words, Some(e)),
                        entity: Some(e.id.clone()),
                    });
                    Some(e.id.clone())
                }
                (None, Some(a)) => a.entity.clone(),
                (None, None) => {
                    let named = seg.text.chars().skip(1).any(char::is_uppercase)
                        || seg.text.chars().next().is_some_and(char::is_uppercase)
                            && words.len() == 1
                            && !PRONOUNS.contains(&words[0].as_str());
                    if named && !vague {
                        antecedents.push(Antecedent {
                            words: words.clone(),
                            cue_words: cue_words.clone(),
                            class: class_of(&words, None),
                            entity: None,
                        });
                    }
                    None
                }
            };
            AttributionSource {
                start: seg.start,
                end: seg.end,
                text: seg.text,
                entity: entity_id,
                vague,
            }
        });
        let quoted = (f.content.0..f.content.1).filter(|&t| doc.tokens[t].in_quote).count();
        let total = f.content.1 - f.content.0;
        let kind = if f.relay {
            AttributionKind::Relay
        } else if cue_lower.starts_with("according to") {
            AttributionKind::AccordingTo
        } else if quoted * 10 >= total * 9
            || (doc.tokens[f.content.0].in_quote
                && doc.tokens[f.content.1 - 1].in_quote
                && quoted * 10 >= total * 6)
        {
            AttributionKind::Direct
        } else if quoted > 0 {
            AttributionKind::Mixed
        } else {
            AttributionKind::Indirect
        };
        out.push(Attribution { source, cue, content, kind, parent: None });
    }
    set_parents(&mut out);
    out
}

/// Sets `parent` of each attribution to the attribution with the smallest content that holds
/// its cue (and is not itself held by it).
#[inline(never)] // a unit of its own in profiles
fn set_parents(attributions: &mut [Attribution]) {
    let n = attributions.len();
    for i in 0..n {
        let cue = &attributions[i].cue;
        let mut best: Option<(usize, usize)> = None;
        for j in 0..n {
            if i == j {
                continue;
            }
            let outer = &attributions[j];
            let holds = outer.content.start <= cue.start && cue.end <= outer.content.end;
            let overlaps_cue = outer.cue.start < cue.end && cue.start < outer.cue.end;
            let size = outer.content.end - outer.content.start;
            let inner_size = attributions[i].content.end - attributions[i].content.start;
            if holds
                && !overlaps_cue
                && (size > inner_size || (size == inner_size && j < i))
                && best.is_none_or(|(_, s)| size < s)
            {
                best = Some((j, size));
            }
        }
        attributions[i].parent = best.map(|(j, _)| j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use echotrace_model::Document;

    /// Runs extraction on `text` and compares (source, cue, content, kind) of each attribution.
    fn check(text: &str, expect: &[(&str, &str, &str, AttributionKind)]) {
        let doc = Document::new("check", text);
        let cx = Context::new(&doc);
        let got: Vec<(String, String, String, AttributionKind)> = extract(
            &Model::embedded(),
            &cx,
            &DocFeatures::new(&cx, &Model::embedded().lexicon),
            &[],
        )
        .into_iter()
        .map(|a| (a.source.map(|s| s.text).unwrap_or_default(), a.cue.text, a.content.text, a.kind))
        .collect();
        let expect: Vec<(String, String, String, AttributionKind)> = expect
            .iter()
            .map(|(s, c, t, k)| (s.to_string(), c.to_string(), t.to_string(), *k))
            .collect();
        assert_eq!(got, expect, "attributions of {text:?}");
    }

    #[test]
    fn attribution_patterns() {
        use AttributionKind::*;
        check(
            "\"We will not leave,\" he said, \"until the job is done.\"",
            &[("he", "said", "\"We will not leave,\" he said, \"until the job is done.\"", Direct)],
        );
        check(
            "According to the ministry, the convoy left on Monday.",
            &[("the ministry", "According to", "the convoy left on Monday", AccordingTo)],
        );
        check(
            "The ministry told Izvestia: \"The militants are preparing a provocation.\"",
            &[("The ministry", "told", "\"The militants are preparing a provocation.\"", Direct)],
        );
        check(
            "Savchenko accused Western countries of supporting the militants.",
            &[("Savchenko", "accused", "Western countries of supporting the militants", Indirect)],
        );
        check(
            "Officials warned of an upcoming attack.",
            &[("Officials", "warned of", "an upcoming attack", Indirect)],
        );
        check(
            "The spokesman said «we are ready».",
            &[("The spokesman", "said", "«we are ready»", Direct)],
        );
        check(
            "Press TV reports: The statement said that \"numerous witness reports\" exist.",
            &[
                (
                    "Press TV",
                    "reports:",
                    "The statement said that \"numerous witness reports\" exist.",
                    Relay,
                ),
                ("The statement", "said", "that \"numerous witness reports\" exist", Mixed),
            ],
        );
        check("Nothing here is attributed.", &[]);
        check("", &[]);
    }

    #[test]
    fn pronouns_take_the_entity_of_the_earlier_source() {
        let text = "Maria Zakharova said the talks failed. She added that Moscow would respond.";
        let doc = Document::new("p", text);
        let cx = Context::new(&doc);
        let entities = [Entity {
            start: 0,
            end: 15,
            text: "Maria Zakharova".into(),
            kind: EntityType::Person,
            id: "person:maria-zakharova".into(),
            name: "Maria Zakharova".into(),
        }];
        let doc = DocFeatures::new(&cx, &Model::embedded().lexicon);
        let found = extract(&Model::embedded(), &cx, &doc, &entities);
        let ids: Vec<Option<&str>> =
            found.iter().map(|a| a.source.as_ref().and_then(|s| s.entity.as_deref())).collect();
        assert_eq!(ids, [Some("person:maria-zakharova"), Some("person:maria-zakharova")]);

        let text = "The Russian Foreign Ministry said the talks failed. The ministry added that Moscow would respond.";
        let doc = Document::new("d", text);
        let cx = Context::new(&doc);
        let entities = [Entity {
            start: 4,
            end: 28,
            text: "Russian Foreign Ministry".into(),
            kind: EntityType::Organization,
            id: "org:russian-foreign-ministry".into(),
            name: "Russian Foreign Ministry".into(),
        }];
        let doc = DocFeatures::new(&cx, &Model::embedded().lexicon);
        let found = extract(&Model::embedded(), &cx, &doc, &entities);
        let sources: Vec<(&str, Option<&str>)> = found
            .iter()
            .filter_map(|a| a.source.as_ref())
            .map(|s| (s.text.as_str(), s.entity.as_deref()))
            .collect();
        assert_eq!(
            sources,
            [
                ("The Russian Foreign Ministry", Some("org:russian-foreign-ministry")),
                ("The ministry", Some("org:russian-foreign-ministry"))
            ]
        );
    }

    fn check_vague(source: &str, expect: bool) {
        assert_eq!(is_vague(source), expect, "is_vague({source:?})");
    }

    #[test]
    fn vague_sources() {
        for s in [
            "numerous witness reports",
            "Local residents",
            "many experts",
            "one of the callers",
            "sources",
            "reports",
            "our data",
            "an unnamed official",
            "officials",
        ] {
            check_vague(s, true);
        }
        for s in [
            "the Russian Foreign Ministry",
            "Maria Zakharova",
            "he",
            "Konashenkov",
            "Press TV",
            "The ministry",
            "Russian Defense Ministry Spokesman Major General Igor Konashenkov",
        ] {
            check_vague(s, false);
        }
    }

    #[test]
    fn parents_follow_containing_content() {
        let seg = |s: usize, e: usize| Segment { start: s, end: e, text: String::new() };
        let att = |cue: (usize, usize), content: (usize, usize)| Attribution {
            source: None,
            cue: seg(cue.0, cue.1),
            content: seg(content.0, content.1),
            kind: AttributionKind::Indirect,
            parent: None,
        };
        let mut list = vec![
            att((0, 5), (6, 100)),
            att((20, 25), (26, 80)),
            att((40, 45), (46, 60)),
            att((90, 95), (96, 99)),
        ];
        set_parents(&mut list);
        let parents: Vec<Option<usize>> = list.iter().map(|a| a.parent).collect();
        assert_eq!(parents, [None, Some(0), Some(1), Some(0)]);
    }
}
