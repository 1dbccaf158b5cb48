//! The `entities` analyser: finds mentions (sequence model, gazetteer scan, rules), resolves
//! each to a canonical entity (gazetteer entry, declared alias, earlier full name in the
//! document, or a stable slug of its name) and fills `layers.entities`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use echotrace_analyze::{Analyzer, Context, TokenKind, WordMemo};
use echotrace_model::{Entity, EntityType, Layers};

use crate::gazetteer::{Gazetteer, MatchKind};
use crate::model::NerModel;
use crate::rules::{
    alias_declaration, is_acronym_of, is_capitalised, is_name_word, is_possessive, is_stop_word,
    is_title_word, organisation_kind, organisations_by_head, outlets_by_cue, people_after_titles,
    so_called_names, RuleMention, Tok,
};
use crate::tags::ConllType;
use crate::translit::{exact_key, is_article, skeleton_key, skeleton_strength};

/// How CoNLL-2003's types map onto echotrace's: PER → person, LOC → place, ORG → organization
/// (or group when the name has a group word such as "Front" or "Brigade", or outlet when the
/// text names it as one), MISC → other. In the other direction (for scoring against CoNLL)
/// person → PER, place → LOC, organization, group and outlet → ORG, other → MISC.
pub fn entity_type_of(conll: ConllType) -> EntityType {
    match conll {
        ConllType::Per => EntityType::Person,
        ConllType::Org => EntityType::Organization,
        ConllType::Loc => EntityType::Place,
        ConllType::Misc => EntityType::Other,
    }
}

/// The CoNLL-2003 type an echotrace type scores as (see [`entity_type_of`]).
pub fn conll_type_of(kind: EntityType) -> ConllType {
    match kind {
        EntityType::Person => ConllType::Per,
        EntityType::Place => ConllType::Loc,
        EntityType::Organization | EntityType::Group | EntityType::Outlet => ConllType::Org,
        EntityType::Other => ConllType::Misc,
    }
}

/// A rule over the words and tokens of a text.
type Rule = fn(&[&str], &[Tok]) -> Vec<RuleMention>;

/// Where a candidate mention came from; earlier sources win overlaps of equal length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Gazetteer,
    Rule,
    Model,
}

#[derive(Debug, Clone)]
struct Candidate {
    first: usize,
    end: usize,
    kind: EntityType,
    source: Source,
    entry: Option<usize>,
}

/// Fills `layers.entities`. Cheap to clone: the gazetteer is shared and the model is loaded once
/// per process.
#[derive(Debug, Clone)]
pub struct EntityAnalyzer {
    gazetteer: Arc<Gazetteer>,
    model: &'static NerModel,
}

impl Default for EntityAnalyzer {
    fn default() -> Self {
        EntityAnalyzer::new()
    }
}

impl EntityAnalyzer {
    /// The embedded model with the starter gazetteer.
    pub fn new() -> Self {
        EntityAnalyzer::with_gazetteer(Arc::new(Gazetteer::starter().clone()))
    }

    /// The embedded model with a gazetteer of the caller's (see [`Gazetteer::with_files`]).
    pub fn with_gazetteer(gazetteer: Arc<Gazetteer>) -> Self {
        EntityAnalyzer { gazetteer, model: NerModel::embedded() }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The mentions of a text, resolved; what [`Analyzer::analyze`] stores.
    pub fn entities(&self, cx: &Context<'_>) -> Vec<Entity> {
        let toks = split_tokens(cx);
        if toks.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = toks.iter().map(|t| &cx.text[t.start..t.end]).collect();
        let mut candidates = self.model_candidates(&toks, &words);
        candidates.extend(self.gazetteer_candidates(&toks, &words));
        let rules: [Rule; 4] =
            [people_after_titles, organisations_by_head, outlets_by_cue, so_called_names];
        for rule in rules {
            candidates.extend(rule(&words, &toks).into_iter().map(|m| Candidate {
                first: m.first,
                end: m.end,
                kind: m.kind,
                source: Source::Rule,
                entry: None,
            }));
        }
        let mut mentions = select(candidates, &words);
        self.add_declared_acronyms(&mut mentions, &toks, &words, cx.text);
        self.type_and_link(&mut mentions, &toks, &words, cx);
        self.resolve(&mentions, &toks, &words, cx)
    }

    fn model_candidates(&self, toks: &[Tok], words: &[&str]) -> Vec<Candidate> {
        let mut sentences: Vec<Vec<&str>> = Vec::new();
        let mut offsets = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if i == 0 || t.sentence != toks[i - 1].sentence {
                sentences.push(Vec::new());
                offsets.push(i);
            }
            if let Some(s) = sentences.last_mut() {
                s.push(words[i]);
            }
        }
        let tags = self.model.tag_document(&sentences);
        let mut out = Vec::new();
        for (offset, sentence_tags) in offsets.iter().zip(&tags) {
            for (s, e, kind) in crate::tags::chunks(sentence_tags) {
                let (mut first, end) = (offset + s, offset + e);
                // Titles are roles, not part of the name: "President Bashar al-Assad".
                if kind == ConllType::Per {
                    while first + 1 < end && (is_title_word(words[first]) || words[first] == ".") {
                        first += 1;
                    }
                }
                // "The", "Later" opening a sentence, quotes and "Western-backed" are not part of a
                // name; nor are punctuation marks at its end.
                while first + 1 < end
                    && (is_stop_word(words[first])
                        || !words[first].chars().any(char::is_alphanumeric)
                        || (words[first].contains('-') && !is_name_word(words[first])))
                {
                    first += 1;
                }
                let mut end = end;
                while end > first + 1 && !words[end - 1].chars().any(char::is_alphanumeric) {
                    end -= 1;
                }
                let lone_compound =
                    end - first == 1 && words[first].contains('-') && !is_name_word(words[first]);
                if !words[first].chars().any(char::is_alphanumeric) || lone_compound {
                    continue;
                }
                out.push(Candidate {
                    first,
                    end,
                    kind: entity_type_of(kind),
                    source: Source::Model,
                    entry: None,
                });
            }
        }
        out
    }

    /// Every token span that names a gazetteer entry: exactly, or by skeleton when the span is
    /// made of name words (so that "the ministry" never matches fuzzily). Keys are computed once
    /// per token and joined per span.
    fn gazetteer_candidates(&self, toks: &[Tok], words: &[&str]) -> Vec<Candidate> {
        let max = self.gazetteer.max_words().max(1) + 2;
        // Names are runs of name words joined by connectors; only their tokens need keys.
        let in_name: Vec<bool> =
            words.iter().map(|w| is_name_word(w) || is_connector(w) || is_possessive(w)).collect();
        let (exact, skeleton): (Vec<String>, Vec<String>) = words
            .iter()
            .zip(&in_name)
            .map(|(w, &n)| if n { word_keys(w) } else { (String::new(), String::new()) })
            .unzip();
        let first_word = |key: &str| key.split(' ').next().unwrap_or("").to_owned();
        let mut out = Vec::new();
        for first in 0..toks.len() {
            if !is_name_word(words[first]) {
                continue;
            }
            let starts = self.gazetteer.may_start_with(&first_word(&exact[first]))
                || self.gazetteer.may_start_with(&first_word(&skeleton[first]))
                || is_article(&exact[first]);
            if !starts {
                continue;
            }
            let sentence = toks[first].sentence;
            let mut limit = first + 1;
            while limit < toks.len()
                && limit - first < max
                && in_name[limit]
                && toks[limit].sentence == sentence
            {
                limit += 1;
            }
            for end in (first + 1..=limit).rev() {
                if !is_name_word(words[end - 1]) {
                    continue;
                }
                let exact_span = join_keys(&exact[first..end], &words[first..end], false);
                let skeleton_span = join_keys(&skeleton[first..end], &words[first..end], true);
                let Some((index, how)) = self.gazetteer.resolve_keys(&exact_span, &skeleton_span)
                else {
                    continue;
                };
                if how == MatchKind::Skeleton
                    && !words[first..end].iter().all(|w| is_name_word(w) || is_connector(w))
                {
                    continue;
                }
                let entry = &self.gazetteer.entries()[index];
                // Acronym aliases ("IS", "US") only match in capitals.
                let in_capitals =
                    !words[first..end].iter().any(|w| w.chars().any(char::is_lowercase));
                if !in_capitals && alias_requires_capitals(entry, &exact_span) {
                    continue;
                }
                out.push(Candidate {
                    first,
                    end,
                    kind: entry.kind,
                    source: Source::Gazetteer,
                    entry: Some(index),
                });
                break;
            }
        }
        out
    }

    /// "X (ACRONYM)": the acronym becomes a mention of X wherever it appears.
    fn add_declared_acronyms(
        &self,
        mentions: &mut Vec<Candidate>,
        toks: &[Tok],
        words: &[&str],
        text: &str,
    ) {
        let mut acronyms: Vec<(String, usize)> = Vec::new();
        for (m, mention) in mentions.iter().enumerate() {
            let (open, inner, close) = (mention.end, mention.end + 1, mention.end + 2);
            if close < words.len() && words[open] == "(" && words[close] == ")" {
                let name = &text[toks[mention.first].start..toks[mention.end - 1].end];
                if is_acronym_of(words[inner], name) {
                    acronyms.push((words[inner].to_owned(), m));
                }
            }
        }
        if acronyms.is_empty() {
            return;
        }
        let mut added = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if let Some((_, m)) = acronyms.iter().find(|(a, _)| a == w) {
                let covered = mentions.iter().any(|c| c.first <= i && i < c.end);
                if !covered {
                    let source = &mentions[*m];
                    added.push(Candidate {
                        first: i,
                        end: i + 1,
                        kind: source.kind,
                        source: Source::Rule,
                        entry: source.entry,
                    });
                }
            }
        }
        mentions.extend(added);
        mentions.sort_by_key(|c| c.first);
    }

    /// Refines types from the gazetteer and the words of each name.
    fn type_and_link(
        &self,
        mentions: &mut [Candidate],
        toks: &[Tok],
        words: &[&str],
        cx: &Context<'_>,
    ) {
        for m in mentions.iter_mut() {
            if m.entry.is_none() {
                let surface = &cx.text[toks[m.first].start..toks[m.end - 1].end];
                if let Some((entry, _)) = self.gazetteer.resolve(surface) {
                    let plausible = m.kind == entry.kind
                        || m.source != Source::Gazetteer && kinds_compatible(m.kind, entry.kind);
                    if plausible {
                        m.entry = self.gazetteer.index_of(&entry.id);
                    }
                }
            }
            if let Some(i) = m.entry {
                m.kind = self.gazetteer.entries()[i].kind;
                continue;
            }
            let surface = &cx.text[toks[m.first].start..toks[m.end - 1].end];
            if m.kind == EntityType::Organization {
                m.kind = organisation_kind(&words[m.first..m.end]);
                let relayed =
                    cx.document.relayed_from.iter().any(|r| exact_key(r) == exact_key(surface));
                if relayed {
                    m.kind = EntityType::Outlet;
                }
            }
        }
    }

    fn resolve(
        &self,
        mentions: &[Candidate],
        toks: &[Tok],
        words: &[&str],
        cx: &Context<'_>,
    ) -> Vec<Entity> {
        let surfaces: Vec<&str> =
            mentions.iter().map(|m| &cx.text[toks[m.first].start..toks[m.end - 1].end]).collect();
        // Canonical (id, name, kind) for each mention, starting from its own name.
        let mut canon: Vec<(String, String, EntityType)> = mentions
            .iter()
            .zip(&surfaces)
            .map(|(m, s)| match m.entry {
                Some(i) => {
                    let e = &self.gazetteer.entries()[i];
                    (e.id.clone(), e.name.clone(), e.kind)
                }
                None => {
                    let name = clean_name(s);
                    (slug_id(m.kind, &name), name, m.kind)
                }
            })
            .collect();

        // Declared aliases between adjacent mentions: "X, also known as Y", "Y, formerly X".
        for a in 0..mentions.len() {
            let Some(b) = (a + 1..mentions.len()).find(|&b| mentions[b].first >= mentions[a].end)
            else {
                continue;
            };
            let between = &cx.text[toks[mentions[a].end - 1].end..toks[mentions[b].first].start];
            let declared = alias_declaration(between).is_some()
                || (between.trim() == "(" && is_acronym_of(surfaces[b], surfaces[a]));
            if between.len() > 40 || !declared {
                continue;
            }
            let (ga, gb) = (mentions[a].entry, mentions[b].entry);
            if ga.is_some() && gb.is_some() {
                continue; // Two known entries: the gazetteer's relations say how they relate.
            }
            // The gazetteer entry wins; otherwise the first name (current name) is canonical.
            let (from, to) = if gb.is_some() && ga.is_none() { (a, b) } else { (b, a) };
            let (old_id, target) = (canon[from].0.clone(), canon[to].clone());
            for c in canon.iter_mut() {
                if c.0 == old_id {
                    *c = target.clone();
                }
            }
        }

        // Within the document, a short form joins the full name it abbreviates: "Zakharova"
        // after "Maria Zakharova"; a spelling with the same skeleton joins the first spelling.
        let mut full_names: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, m) in mentions.iter().enumerate() {
            if canon[i].2 == EntityType::Person && m.end - m.first >= 2 {
                let last = exact_key(words[m.end - 1]);
                full_names.entry(last).or_default().push(i);
            }
        }
        // An organisation named by the tail of a longer name in the document is that
        // organisation: "Foreign Ministry" after "Russian Foreign Ministry".
        let keys: Vec<String> = surfaces.iter().map(|s| exact_key(s)).collect();
        for i in 0..mentions.len() {
            if mentions[i].entry.is_some()
                || !matches!(canon[i].2, EntityType::Organization | EntityType::Group)
            {
                continue;
            }
            let tail = format!(" {}", keys[i]);
            let owners: Vec<usize> = (0..mentions.len())
                .filter(|&j| j != i && canon[j].2 == canon[i].2 && keys[j].ends_with(&tail))
                .collect();
            if let Some(&o) = owners.first() {
                if owners.iter().all(|&j| canon[j].0 == canon[o].0) {
                    canon[i] = canon[o].clone();
                }
            }
        }
        let mut first_by_skeleton: HashMap<(String, EntityType), usize> = HashMap::new();
        for i in 0..mentions.len() {
            let m = &mentions[i];
            if m.entry.is_none()
                && m.end - m.first == 1
                && matches!(
                    canon[i].2,
                    EntityType::Person | EntityType::Other | EntityType::Organization
                )
            {
                if let Some(owners) = full_names.get(&exact_key(words[m.first])) {
                    let ids: Vec<&String> = owners.iter().map(|&o| &canon[o].0).collect();
                    if ids.iter().all(|id| *id == ids[0]) {
                        canon[i] = canon[owners[0]].clone();
                        continue;
                    }
                }
            }
            if m.entry.is_none() {
                let skeleton = skeleton_key(surfaces[i]);
                if skeleton_strength(&skeleton) >= 5 {
                    let key = (skeleton, canon[i].2);
                    match first_by_skeleton.get(&key) {
                        Some(&j) => canon[i] = canon[j].clone(),
                        None => {
                            first_by_skeleton.insert(key, i);
                        }
                    }
                }
            }
        }

        let mut out: Vec<Entity> = mentions
            .iter()
            .zip(canon)
            .zip(&surfaces)
            .map(|((m, (id, name, kind)), surface)| {
                let [start, end] = cx.span(toks[m.first].start..toks[m.end - 1].end);
                Entity { start, end, text: (*surface).to_owned(), kind, id, name }
            })
            .collect();
        out.sort_by_key(|e| (e.start, e.end));
        out
    }
}

fn is_connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "for"
            | "the"
            | "and"
            | "in"
            | "on"
            | "al"
            | "el"
            | "bin"
            | "ibn"
            | "de"
            | "'s"
            | "’s"
            | "-"
    )
}

fn kinds_compatible(model: EntityType, gazetteer: EntityType) -> bool {
    use EntityType::*;
    matches!(
        (model, gazetteer),
        (Organization | Group | Outlet | Other, Organization | Group | Outlet)
            | (Place | Other, Place)
            | (Person | Other, Person)
            | (_, Group)
    )
}

/// The key of a token span from the keys of its tokens: possessive endings glue to the word
/// before them, and (for skeletons) articles standing alone before a word are dropped, as
/// [`exact_key`] and [`skeleton_key`] do on the whole span.
fn join_keys(keys: &[String], words: &[&str], drop_articles: bool) -> String {
    let mut out = String::with_capacity(keys.iter().map(|k| k.len() + 1).sum());
    for (i, key) in keys.iter().enumerate() {
        if key.is_empty()
            || (drop_articles && i + 1 < keys.len() && is_article(&exact_key(words[i])))
        {
            continue;
        }
        if !out.is_empty() && !is_possessive(words[i]) {
            out.push(' ');
        }
        out.push_str(key);
    }
    out
}

/// Whether the names of `entry` with exact key `key` are all written in capitals.
fn alias_requires_capitals(entry: &crate::gazetteer::GazetteerEntry, key: &str) -> bool {
    let mut matching = std::iter::once(&entry.name)
        .chain(&entry.aliases)
        .filter(|a| exact_key(a) == key)
        .peekable();
    matching.peek().is_some()
        && matching.all(|a| a.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
}

/// Chooses non-overlapping mentions: longer spans first, then gazetteer over rules over model.
/// A model span that overlaps a chosen one keeps the name words outside it.
fn select(mut candidates: Vec<Candidate>, words: &[&str]) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        let by_source = |c: &Candidate| (c.source == Source::Model) as u8;
        by_source(a)
            .cmp(&by_source(b))
            .then((b.end - b.first).cmp(&(a.end - a.first)))
            .then(a.source.cmp(&b.source))
            .then(a.first.cmp(&b.first))
    });
    let mut taken = vec![false; words.len()];
    let mut out = Vec::new();
    for c in candidates {
        if c.first >= c.end || c.end > words.len() {
            continue;
        }
        if !taken[c.first..c.end].iter().any(|t| *t) {
            taken[c.first..c.end].iter_mut().for_each(|t| *t = true);
            out.push(c);
            continue;
        }
        if c.source != Source::Model {
            continue;
        }
        // Keep the free runs of a model span that start with a name word.
        let mut i = c.first;
        while i < c.end {
            if taken[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < c.end && !taken[i] {
                i += 1;
            }
            let run = &words[start..i];
            let useful = run.first().is_some_and(|w| is_name_word(w) && !is_title_word(w))
                && run.last().is_some_and(|w| !is_possessive(w) && *w != "(" && *w != ",");
            if useful {
                taken[start..i].iter_mut().for_each(|t| *t = true);
                out.push(Candidate { first: start, end: i, ..c.clone() });
            }
        }
    }
    out.sort_by_key(|c| c.first);
    out
}

/// The canonical form of a name seen in the text: spacing normalised, a leading "the" and a
/// trailing possessive removed.
fn clean_name(surface: &str) -> String {
    let mut words: Vec<&str> = surface.split_whitespace().collect();
    if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
        words.remove(0);
    }
    let mut name = words.join(" ");
    for suffix in ["'s", "’s"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            name = stripped.to_owned();
        }
    }
    name
}

/// A stable id for a name not in the gazetteer: `type:slug`, e.g. `person:ahmad-kazem`.
pub fn slug_id(kind: EntityType, name: &str) -> String {
    let key = exact_key(name);
    let mut slug = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("{}:{}", kind.as_str(), slug.trim_matches('-'))
}

/// The context's tokens, with possessive endings split off ("Russia’s" → "Russia", "’s") as
/// CoNLL-2003 tokenises them.
fn split_tokens(cx: &Context<'_>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(cx.tokens.len() + 8);
    for (i, t) in cx.tokens.iter().enumerate() {
        let sentence = cx.sentence_of_token.get(i).copied().unwrap_or(0) as usize;
        let (start, end) = (t.start as usize, t.end as usize);
        let word = &cx.text[start..end];
        if t.kind == TokenKind::Word && word.chars().count() > 3 {
            for suffix in ["'s", "’s"] {
                if word.ends_with(suffix) && is_capitalised(word) {
                    let cut = end - suffix.len();
                    out.push(Tok { start, end: cut, sentence });
                    out.push(Tok { start: cut, end, sentence });
                }
            }
            if out.last().is_some_and(|last| last.end == end) {
                continue;
            }
        }
        out.push(Tok { start, end, sentence });
    }
    out
}

impl Analyzer for EntityAnalyzer {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn analyze(&self, cx: &Context<'_>, layers: &mut Layers) {
        layers.entities = self.entities(cx);
    }
}

/// Distinct words a thread remembers the keys of before it starts afresh.
const KEY_CACHE_LIMIT: usize = 100_000;

thread_local! {
    /// Word → its exact and skeleton keys; they depend on the word alone, and name words
    /// recur through a document and a corpus.
    static WORD_KEYS: RefCell<WordMemo<(String, String)>> = RefCell::new(WordMemo::new(KEY_CACHE_LIMIT));
}

/// [`exact_key`] and [`skeleton_key`] of one word, remembered per thread.
fn word_keys(word: &str) -> (String, String) {
    WORD_KEYS
        .with(|cache| cache.borrow_mut().get_or_compute(word, |w| (exact_key(w), skeleton_key(w))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use echotrace_model::Document;

    fn entities(text: &str) -> Vec<Entity> {
        let document = Document::new("t", text);
        let cx = Context::new(&document);
        EntityAnalyzer::new().entities(&cx)
    }

    fn find<'e>(found: &'e [Entity], text: &str) -> &'e Entity {
        found.iter().find(|e| e.text == text).unwrap_or_else(|| panic!("{text:?} in {found:#?}"))
    }

    #[test]
    fn titles_roles_and_organisations() {
        let found = entities("Russian Defense Ministry Spokesman Major General Igor Konashenkov said on Monday that Foreign Ministry spokeswoman Maria Zakharova had lied.");
        let igor = find(&found, "Igor Konashenkov");
        assert_eq!((igor.kind, igor.id.as_str()), (EntityType::Person, "person:igor-konashenkov"));
        assert_eq!(
            find(&found, "Russian Defense Ministry").id,
            "organization:russian-defense-ministry"
        );
        assert_eq!(find(&found, "Maria Zakharova").kind, EntityType::Person);
    }

    #[test]
    fn short_names_join_the_full_name_in_the_document() {
        let found = entities(
            "Ahmad Kazem, head of a network, spoke on Friday. Later Kazem repeated the claim.",
        );
        let full = find(&found, "Ahmad Kazem");
        let short = find(&found, "Kazem");
        assert_eq!(full.id, "person:ahmad-kazem");
        assert_eq!((short.id.as_str(), short.name.as_str()), ("person:ahmad-kazem", "Ahmad Kazem"));
    }

    #[test]
    fn organisation_tails_join_the_full_name() {
        let found = entities("The Syrian Ministry of Tourism said so. Later the Ministry of Tourism denied it, as did the Foreign Office.");
        assert_eq!(
            find(&found, "Ministry of Tourism").id,
            find(&found, "Syrian Ministry of Tourism").id
        );
        assert_ne!(
            find(&found, "Foreign Office").id,
            find(&found, "Syrian Ministry of Tourism").id
        );
    }

    #[test]
    fn declared_aliases_and_acronyms() {
        let found = entities("Fighters of the Ansar Brigade, also known as Liwa al-Ansar, moved north. The Syrian Council of Elders (SCE) objected, and SCE leaders left.");
        let a = find(&found, "Ansar Brigade");
        let b = find(&found, "Liwa al-Ansar");
        assert_eq!(a.id, b.id);
        assert_eq!(a.kind, EntityType::Group);
        let council = find(&found, "Syrian Council of Elders");
        let acronyms: Vec<&Entity> = found.iter().filter(|e| e.text == "SCE").collect();
        assert_eq!(acronyms.len(), 2, "{found:#?}");
        assert!(acronyms.iter().all(|e| e.id == council.id));
    }

    #[test]
    fn spans_are_code_points_and_sorted() {
        let text = "“Ünal” said Saraqib’s mayor met Maria Zakharova in Moscow.";
        let found = entities(text);
        let chars: Vec<char> = text.chars().collect();
        for e in &found {
            let slice: String = chars[e.start..e.end].iter().collect();
            assert_eq!(slice, e.text);
        }
        assert!(found.windows(2).all(|w| w[0].start <= w[1].start));
        assert_eq!(find(&found, "Saraqib").id, "place:saraqib");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for text in [
            "",
            " ",
            "((((",
            "al-",
            "'s",
            "The",
            "(HTS)",
            "X (",
            "A, also known as",
            "\u{feff}Ünal’s",
        ] {
            let _ = entities(text);
        }
    }

    #[test]
    fn generated_hostile_texts_do_not_panic_and_spans_stay_valid() {
        // A deterministic generator over pieces that stress tokens, rules and spans.
        const PIECES: &[&str] = &[
            "al-",
            "Al",
            "’s",
            "'s",
            "(",
            ")",
            "HTS",
            "Saraqib",
            " ",
            "\n",
            "\n\n",
            ",",
            ".",
            "also known as",
            "formerly",
            "Ministry",
            "of",
            "the",
            "Major",
            "General",
            "É",
            "🙂",
            "\u{feff}",
            "-",
            "“",
            "”",
            "Jisr",
            "ash-",
            "Shugur",
            "Maria",
            "Zakharova",
            "news agency",
            "so-called",
            "A",
            "U.S.",
            "'",
            "Front",
            "Idlib",
            "ИГИЛ",
            "داعش",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let analyzer = EntityAnalyzer::new();
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
                if matches!(state % 3, 0) {
                    text.push(' ');
                }
            }
            let document = Document::new("fuzz", text.clone());
            let cx = Context::new(&document);
            let chars: Vec<char> = text.chars().collect();
            for e in analyzer.entities(&cx) {
                assert!(e.start < e.end && e.end <= chars.len(), "{e:?} in {text:?}");
                assert_eq!(chars[e.start..e.end].iter().collect::<String>(), e.text);
            }
        }
    }

    #[test]
    fn slugs_are_stable() {
        assert_eq!(slug_id(EntityType::Person, "Maria  Zakharova"), "person:maria-zakharova");
        assert_eq!(slug_id(EntityType::Place, "Ma'arrat al-Nu'man"), "place:maarrat-al-numan");
    }
}
