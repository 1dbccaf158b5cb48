//! Rules that find or type mentions the sequence model misses or mistypes: people named after
//! titles and roles, organisation names built on a head word ("the Russian Defense Ministry",
//! "the Russian Center for Reconciliation of Warring Parties in Syria"), outlets named as such
//! ("Russia's Sputnik news agency"), and aliases that the text itself declares ("X, also known as
//! Y", "Y, formerly X", "X (ACRONYM)", "the so-called X").

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use echotrace_analyze::WordHasher;

use echotrace_model::EntityType;

/// A token of the analysed text: a byte range and its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// Title and role words before a person's name (lower case; a trailing dot is a separate token).
const TITLE_WORDS: &[&str] = &[
    "admiral",
    "ambassador",
    "brig",
    "brigadier",
    "capt",
    "captain",
    "chairman",
    "chairwoman",
    "chancellor",
    "col",
    "colonel",
    "commander",
    "congressman",
    "congresswoman",
    "dr",
    "emir",
    "envoy",
    "gen",
    "general",
    "governor",
    "imam",
    "king",
    "lt",
    "lieutenant",
    "maj",
    "major",
    "mayor",
    "minister",
    "mr",
    "mrs",
    "ms",
    "premier",
    "president",
    "prince",
    "princess",
    "prof",
    "professor",
    "queen",
    "rep",
    "secretary",
    "sen",
    "senator",
    "sergeant",
    "sgt",
    "sheikh",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "deputy",
    "vice",
    "prime",
    "counterpart",
    "leader",
    "chief",
    "head",
    "director",
    "commissioner",
    "lawmaker",
    "analyst",
    "expert",
    "journalist",
    "correspondent",
    "reporter",
    "activist",
    "officer",
    "official",
    "diplomat",
];

/// Words that head an organisation name.
const ORGANISATION_HEADS: &[&str] = &[
    "army",
    "battalion",
    "brigade",
    "brigades",
    "forces",
    "front",
    "guard",
    "movement",
    "agency",
    "assembly",
    "association",
    "authority",
    "bank",
    "bureau",
    "cabinet",
    "center",
    "centre",
    "church",
    "commission",
    "committee",
    "company",
    "corporation",
    "council",
    "court",
    "department",
    "directorate",
    "federation",
    "foundation",
    "fund",
    "government",
    "helmets",
    "institute",
    "league",
    "ministry",
    "network",
    "observatory",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "police",
    "programme",
    "program",
    "service",
    "university",
    "union",
];

/// Words that make an organisation an armed or political group.
const GROUP_WORDS: &[&str] = &[
    "ahrar",
    "battalion",
    "battalions",
    "brigade",
    "brigades",
    "front",
    "harakat",
    "hezbollah",
    "jabhat",
    "jaish",
    "jaysh",
    "liwa",
    "militia",
    "militias",
    "movement",
    "taliban",
    "tahrir",
    "mujahideen",
    "rebels",
    "forces",
];

/// Words after a name that say it is an outlet.
const OUTLET_CUES: &[&str] = &[
    "agency",
    "broadcaster",
    "channel",
    "daily",
    "magazine",
    "newspaper",
    "tv",
    "television",
    "website",
    "weekly",
];

/// Words that never start or extend a name to the left.
const STOP_WORDS: &[&str] = &[
    "a",
    "according",
    "after",
    "also",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "from",
    "however",
    "in",
    "it",
    "meanwhile",
    "moreover",
    "of",
    "on",
    "or",
    "said",
    "says",
    "so",
    "that",
    "the",
    "these",
    "this",
    "those",
    "to",
    "when",
    "while",
    "with",
    "he",
    "she",
    "they",
    "we",
    "i",
    "if",
    "its",
    "their",
    "his",
    "her",
    "our",
    "last",
    "early",
    "since",
    "later",
    "then",
    "now",
    "yesterday",
    "today",
    "earlier",
    "still",
    "instead",
    "separately",
    "previously",
    "recently",
    "finally",
    "indeed",
    "thus",
    "there",
    "here",
    "what",
    "who",
];

/// Whether a word never starts a name (a function word or a sentence-opening adverb).
pub(crate) fn is_stop_word(word: &str) -> bool {
    in_list(&STOP_SET, word)
}

fn lower(word: &str) -> String {
    word.to_lowercase()
}

/// A word list as a set, built on first use; hashed with [`WordHasher`], since these sets are
/// probed several times per token and SipHash was most of each probe.
type WordSet = LazyLock<HashSet<&'static str, BuildHasherDefault<WordHasher>>>;

static TITLE_SET: WordSet = LazyLock::new(|| TITLE_WORDS.iter().copied().collect());
static HEAD_SET: WordSet = LazyLock::new(|| ORGANISATION_HEADS.iter().copied().collect());
static GROUP_SET: WordSet = LazyLock::new(|| GROUP_WORDS.iter().copied().collect());
static CUE_SET: WordSet = LazyLock::new(|| OUTLET_CUES.iter().copied().collect());
static STOP_SET: WordSet = LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Whether `word` is in `set` (lower-case ASCII words), ignoring ASCII case, without
/// allocating: these checks run several times per token.
fn in_list(set: &HashSet<&'static str, BuildHasherDefault<WordHasher>>, word: &str) -> bool {
    let mut buffer = [0u8; 24];
    if word.len() > buffer.len() || !word.is_ascii() {
        return false;
    }
    for (b, c) in buffer.iter_mut().zip(word.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    std::str::from_utf8(&buffer[..word.len()]).is_ok_and(|lower| set.contains(lower))
}

pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// "al-Nusra", "ash-Sham": a lower-case Arabic article joined to a capitalised name.
fn is_article_name(word: &str) -> bool {
    let Some((article, rest)) = word.split_once('-') else { return false };
    matches!(article, "al" | "el" | "ash" | "as" | "ad" | "an" | "ar" | "at" | "az" | "ath" | "ez")
        && is_capitalised(rest)
}

/// A word that can be part of a name: capitalised, or an article-joined name, but not a
/// compound that ends in lower case ("Damascus-based", "Western-backed").
pub(crate) fn is_name_word(word: &str) -> bool {
    (is_capitalised(word) || is_article_name(word))
        && !in_list(&STOP_SET, word)
        && word.rsplit('-').next().is_some_and(is_capitalised)
}

pub(crate) fn is_title_word(word: &str) -> bool {
    in_list(&TITLE_SET, word)
}

pub(crate) fn is_possessive(word: &str) -> bool {
    matches!(word, "'s" | "’s" | "'" | "’")
}

/// The type an organisation-like name implies from its words: a group when a group word is in
/// it, otherwise an organisation.
pub(crate) fn organisation_kind(words: &[&str]) -> EntityType {
    if words.iter().any(|w| in_list(&GROUP_SET, w)) {
        EntityType::Group
    } else {
        EntityType::Organization
    }
}

/// A mention found by a rule: a token range and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RuleMention {
    pub first: usize,
    pub end: usize,
    pub kind: EntityType,
}

/// People named after titles: "Major General Igor Konashenkov", "spokeswoman Maria Zakharova".
pub(crate) fn people_after_titles(words: &[&str], toks: &[Tok]) -> Vec<RuleMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_title_word(words[i]) {
            i += 1;
            continue;
        }
        // Skip the rest of the title ("Major General", "Maj. Gen.").
        let mut j = i + 1;
        while j < words.len()
            && toks[j].sentence == toks[i].sentence
            && (is_title_word(words[j]) || words[j] == ".")
        {
            j += 1;
        }
        let first = j;
        while j < words.len()
            && j - first < 4
            && toks[j].sentence == toks[i].sentence
            && is_name_word(words[j])
            && !is_title_word(words[j])
            && !in_list(&HEAD_SET, words[j])
        {
            j += 1;
        }
        let run = &words[first..j];
        let plausible = !run.is_empty()
            && !run.iter().any(|w| in_list(&GROUP_SET, w))
            // A lone capitalised word after a lower-case role is often a place or a group
            // ("the minister Moscow sent"); require a name of two words or a capitalised title.
            && (run.len() >= 2 || words[i..first].iter().any(|w| is_capitalised(w)));
        if plausible {
            out.push(RuleMention { first, end: j, kind: EntityType::Person });
        }
        i = j.max(i + 1);
    }
    out
}

/// Organisation names built on a head word, with their modifiers and "of/for …" complements.
pub(crate) fn organisations_by_head(words: &[&str], toks: &[Tok]) -> Vec<RuleMention> {
    let mut out = Vec::new();
    for head in 0..words.len() {
        if !is_capitalised(words[head]) || !in_list(&HEAD_SET, words[head]) {
            continue;
        }
        let sentence = toks[head].sentence;
        // Left: capitalised modifiers, across a possessive ("Russia's Defense Ministry").
        let mut first = head;
        while first > 0 && toks[first - 1].sentence == sentence {
            let w = words[first - 1];
            if is_name_word(w) && !is_title_word(w) {
                first -= 1;
            } else if is_possessive(w) && first >= 2 && is_name_word(words[first - 2]) {
                first -= 2;
            } else {
                break;
            }
        }
        // Right: "of|for|on [the] Capitalised…", and "in X" once a complement started. Not
        // "and": "the UN Security Council and the OPCW" are two names.
        let mut end = head + 1;
        let mut complement = false;
        while let Some(&connector) = words.get(end) {
            let c = lower(connector);
            let allowed = matches!(c.as_str(), "of" | "for" | "on") || (c == "in" && complement);
            if !allowed {
                break;
            }
            let mut k = end + 1;
            if words.get(k).is_some_and(|w| *w == "the") {
                k += 1;
            }
            let start_of_words = k;
            while k < words.len() && toks[k].sentence == sentence && is_name_word(words[k]) {
                k += 1;
            }
            if k == start_of_words {
                break;
            }
            complement = true;
            end = k;
        }
        if end - first >= 2 {
            let kind = organisation_kind(&words[first..end]);
            out.push(RuleMention { first, end, kind });
        }
    }
    out
}

/// Names followed by an outlet word: "Russia's Sputnik news agency", "the Izvestia newspaper".
pub(crate) fn outlets_by_cue(words: &[&str], toks: &[Tok]) -> Vec<RuleMention> {
    let mut out = Vec::new();
    for cue in 1..words.len() {
        // A capitalised cue is part of a name ("Syrian Arab News Agency"): not this rule's.
        if !in_list(&CUE_SET, words[cue]) || is_capitalised(words[cue]) {
            continue;
        }
        // "news agency", "news website": step over "news".
        let mut end = cue;
        if words[end - 1].eq_ignore_ascii_case("news")
            && end >= 2
            && !is_capitalised(words[end - 1])
        {
            end -= 1;
        }
        let mut first = end;
        while first > 0
            && end - first < 4
            && toks[first - 1].sentence == toks[cue].sentence
            && is_name_word(words[first - 1])
        {
            first -= 1;
        }
        if first < end {
            out.push(RuleMention { first, end, kind: EntityType::Outlet });
        }
    }
    out
}

/// Names introduced with "so-called" ("the so-called Caliphate Cubs"): the name without the
/// distancing word, typed as a group when it has a group word, otherwise as other.
pub(crate) fn so_called_names(words: &[&str], toks: &[Tok]) -> Vec<RuleMention> {
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if !word.eq_ignore_ascii_case("so-called") && !word.eq_ignore_ascii_case("so–called") {
            continue;
        }
        let first = i + 1;
        let mut end = first;
        while end < words.len()
            && end - first < 6
            && toks[end].sentence == toks[i].sentence
            && is_name_word(words[end])
        {
            end += 1;
        }
        if end > first {
            let kind = match organisation_kind(&words[first..end]) {
                EntityType::Group => EntityType::Group,
                _ => EntityType::Other,
            };
            out.push(RuleMention { first, end, kind });
        }
    }
    out
}

/// How a text declares that two names are one entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AliasDeclaration {
    /// "X, also known as Y", "X (Y)": the first name is canonical.
    FirstIsCanonical,
    /// "Y, formerly X", "Y, formerly known as X": the first (current) name is canonical too,
    /// but the second is an older name.
    FormerName,
}

/// The declaration, if the text between two mentions declares an alias.
pub(crate) fn alias_declaration(between: &str) -> Option<AliasDeclaration> {
    let t = between.trim();
    let t = t.strip_prefix(',').unwrap_or(t).trim();
    let t = t.strip_suffix("the").unwrap_or(t).trim();
    let t = lower(t);
    match t.as_str() {
        "also known as" | "a.k.a." | "aka" | "known as" | "also called" => {
            Some(AliasDeclaration::FirstIsCanonical)
        }
        "formerly"
        | "formerly known as"
        | "previously known as"
        | "once known as"
        | "formerly called"
        | "previously" => Some(AliasDeclaration::FormerName),
        _ => None,
    }
}

/// Whether `acronym` could abbreviate the words of `name` (its letters in order among the
/// initials, and most initials used): "HTS" for "Hayat Tahrir al-Sham", "RISS" for "Russian
/// Institute for Strategic Studies".
pub(crate) fn is_acronym_of(acronym: &str, name: &str) -> bool {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 2 || !letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    let initials: Vec<char> = name
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    let mut i = 0;
    for c in &initials {
        if i < letters.len() && *c == letters[i] {
            i += 1;
        }
    }
    i == letters.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(words: &[&str]) -> Vec<Tok> {
        words.iter().enumerate().map(|(i, _)| Tok { start: i, end: i + 1, sentence: 0 }).collect()
    }

    fn check(
        rule: fn(&[&str], &[Tok]) -> Vec<RuleMention>,
        text: &str,
        expect: &[(&str, EntityType)],
    ) {
        let words: Vec<&str> = text.split(' ').collect();
        let got: Vec<(String, EntityType)> = rule(&words, &toks(&words))
            .into_iter()
            .map(|m| (words[m.first..m.end].join(" "), m.kind))
            .collect();
        let expect: Vec<(String, EntityType)> =
            expect.iter().map(|(s, k)| (s.to_string(), *k)).collect();
        assert_eq!(got, expect, "{text}");
    }

    #[test]
    fn people_after_titles_and_roles() {
        use EntityType::Person;
        check(
            people_after_titles,
            "said Russian Defense Ministry Spokesman Major General Igor Konashenkov in",
            &[("Igor Konashenkov", Person)],
        );
        check(
            people_after_titles,
            "Foreign Ministry spokeswoman Maria Zakharova told",
            &[("Maria Zakharova", Person)],
        );
        check(people_after_titles, "Maj . Gen . Ivanov spoke", &[("Ivanov", Person)]);
        check(people_after_titles, "the President of France", &[]);
        check(people_after_titles, "the UN General Assembly voted", &[]);
        check(people_after_titles, "the spokesman Moscow sent", &[]);
    }

    #[test]
    fn organisations_by_their_head_word() {
        use EntityType::*;
        check(
            organisations_by_head,
            "by the Russian Defense Ministry and",
            &[("Russian Defense Ministry", Organization)],
        );
        check(
            organisations_by_head,
            "the Russian Center for Reconciliation of Warring Parties in Syria reported",
            &[("Russian Center for Reconciliation of Warring Parties in Syria", Organization)],
        );
        check(
            organisations_by_head,
            "provided by Russia ’s Defense Ministry ,",
            &[("Russia ’s Defense Ministry", Organization)],
        );
        check(
            organisations_by_head,
            "the Organization for the Prohibition of Chemical Weapons (",
            &[("Organization for the Prohibition of Chemical Weapons", Organization)],
        );
        check(organisations_by_head, "the ministry said", &[]);
        check(
            organisations_by_head,
            "the UN Security Council and the Organization for the Prohibition of Chemical Weapons",
            &[
                ("UN Security Council", Organization),
                ("Organization for the Prohibition of Chemical Weapons", Organization),
            ],
        );
        check(
            organisations_by_head,
            "of Damascus-based Syrian Human Rights Network ,",
            &[("Syrian Human Rights Network", Organization)],
        );
        check(organisations_by_head, "the Ministry in Moscow", &[]);
    }

    #[test]
    fn outlets_named_as_such() {
        check(
            outlets_by_cue,
            "told Russia ’s Sputnik news agency on",
            &[("Sputnik", EntityType::Outlet)],
        );
        check(outlets_by_cue, "the Izvestia newspaper wrote", &[("Izvestia", EntityType::Outlet)]);
        check(outlets_by_cue, "Press TV reports", &[]);
    }

    #[test]
    fn so_called_names_are_mentions() {
        check(
            so_called_names,
            "the so-called Caliphate Cubs were",
            &[("Caliphate Cubs", EntityType::Other)],
        );
        check(
            so_called_names,
            "the so-called Idlib Liberation Front said",
            &[("Idlib Liberation Front", EntityType::Group)],
        );
        check(so_called_names, "the so-called rescue group met", &[]);
    }

    #[test]
    fn declared_aliases() {
        assert_eq!(alias_declaration(", also known as "), Some(AliasDeclaration::FirstIsCanonical));
        assert_eq!(alias_declaration(", formerly "), Some(AliasDeclaration::FormerName));
        assert_eq!(alias_declaration(", formerly known as "), Some(AliasDeclaration::FormerName));
        assert_eq!(alias_declaration(" and "), None);
        assert_eq!(alias_declaration(", said "), None);
        assert!(is_acronym_of("HTS", "Hayat Tahrir al-Sham"));
        assert!(is_acronym_of("OPCW", "Organization for the Prohibition of Chemical Weapons"));
        assert!(is_acronym_of("RISS", "Russian Institute for Strategic Studies"));
        assert!(!is_acronym_of("UK", "Hayat Tahrir al-Sham"));
        assert!(!is_acronym_of("Syria", "Syrian Arab Republic"));
    }
}
