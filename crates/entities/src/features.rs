//! Feature extraction for the sequence tagger. Every feature is a template id plus one or more
//! strings, hashed to 32 bits without allocating; the model stores weights per hash.
//!
//! Three levels of context feed the features: the token and its neighbours (words, shapes,
//! affixes), the sentence (position, whether the whole line is in capitals as headlines are),
//! and the document (whether the word appears in lower case or title case elsewhere, and how the
//! tagger typed earlier occurrences of the same word).

use std::collections::{HashMap, HashSet};

use crate::lexicon::{Lexicon, LexiconHit};
use crate::tags::{ConllType, Tag};

/// How a word is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// Starts with an upper-case letter, and has lower-case letters.
    Title,
    /// Two or more letters, all upper case.
    Upper,
    /// Starts with a lower-case letter.
    Lower,
    /// Anything else: digits, punctuation, a single capital.
    Other,
}

pub(crate) fn case_of(word: &str) -> Case {
    let mut letters = 0usize;
    let mut upper = 0usize;
    let mut first_upper = None;
    for c in word.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            }
            if first_upper.is_none() {
                first_upper = Some(c.is_uppercase());
            }
        }
    }
    match first_upper {
        None => Case::Other,
        Some(false) => Case::Lower,
        Some(true) if letters >= 2 && upper == letters => Case::Upper,
        Some(true) if letters >= 2 => Case::Title,
        Some(true) => Case::Other,
    }
}

/// The shape of a word: `Xx` classes per character (`X` upper, `x` lower, `d` digit, others
/// as they are). `short` collapses runs ("Xx", "d-d"); `long` keeps up to eight characters.
pub(crate) fn shapes(word: &str) -> (String, String) {
    let mut short = String::with_capacity(8);
    let mut long = String::with_capacity(8);
    let mut last = '\0';
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if long.len() < 8 {
            long.push(class);
        }
        if class != last {
            short.push(class);
            last = class;
        }
    }
    (short, long)
}

/// Per-token facts computed once: case, lexicon hits, and the hashes of the strings that
/// features combine (word, lower case, shapes, affixes), so that each feature is a few
/// multiplications rather than a pass over a string.
#[derive(Debug, Clone)]
pub(crate) struct TokenFacts {
    pub case: Case,
    pub lexicon: LexiconHit,
    word: u64,
    /// Lower case with digits folded to `0`; also the key of the document memory.
    pub lower: u64,
    short_shape: u64,
    long_shape: u64,
    /// Hashes of the first and last 1–4 characters of the lower-cased word (0: too short).
    prefixes: [u64; 4],
    suffixes: [u64; 4],
}

impl TokenFacts {
    pub fn new(word: &str, lexicon: &Lexicon) -> Self {
        let lower: String = word
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect();
        let (short_shape, long_shape) = shapes(word);
        let mut prefixes = [0u64; 4];
        let mut suffixes = [0u64; 4];
        for n in 1..=4 {
            if let Some(p) = prefix(&lower, n) {
                prefixes[n - 1] = hash_str(p);
            }
            if let Some(x) = suffix(&lower, n) {
                suffixes[n - 1] = hash_str(x);
            }
        }
        TokenFacts {
            case: case_of(word),
            lexicon: lexicon.lookup(&lower),
            word: hash_str(word),
            lower: hash_str(&lower),
            short_shape: hash_str(&short_shape),
            long_shape: hash_str(&long_shape),
            prefixes,
            suffixes,
        }
    }
}

/// A hasher for keys that are already hashes.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PassThroughHasher(u64);

impl std::hash::Hasher for PassThroughHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = mix(self.0, *b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashBuilder = std::hash::BuildHasherDefault<PassThroughHasher>;

/// What the tagger knows about the whole document while tagging it.
#[derive(Debug, Default)]
pub(crate) struct DocumentMemory {
    /// Words (lower-case hashes) that appear in lower case somewhere in the document.
    seen_lower: HashSet<u64, HashBuilder>,
    /// Words that appear in title case inside a sentence (not first).
    seen_title_inside: HashSet<u64, HashBuilder>,
    /// How earlier occurrences of a word were tagged: counts per type.
    tagged: HashMap<u64, [u16; 4], HashBuilder>,
}

impl DocumentMemory {
    /// Scans every sentence of the document for the case features.
    pub fn new<'a>(sentences: impl IntoIterator<Item = &'a [TokenFacts]>) -> Self {
        let mut memory = DocumentMemory::default();
        for sentence in sentences {
            for (i, t) in sentence.iter().enumerate() {
                match t.case {
                    Case::Lower => {
                        memory.seen_lower.insert(t.lower);
                    }
                    Case::Title if i > 0 => {
                        memory.seen_title_inside.insert(t.lower);
                    }
                    _ => {}
                }
            }
        }
        memory
    }

    /// Records the tagger's decision for one sentence, for the sentences after it.
    pub fn record(&mut self, sentence: &[TokenFacts], tags: &[Tag]) {
        for (t, tag) in sentence.iter().zip(tags) {
            if let Some(kind) = tag.kind() {
                if matches!(t.case, Case::Title | Case::Upper) {
                    let counts = self.tagged.entry(t.lower).or_default();
                    counts[kind.index()] = counts[kind.index()].saturating_add(1);
                }
            }
        }
    }

    fn majority(&self, lower: u64) -> Option<ConllType> {
        let counts = self.tagged.get(&lower)?;
        let (best, &n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
        (n > 0).then_some(ConllType::ALL[best])
    }
}

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
}

fn hash_str(s: &str) -> u64 {
    let mut h = SEED;
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = mix(h, u64::from_le_bytes(buf));
    }
    mix(h, bytes.len() as u64 | 0xff00)
}

#[inline]
fn finish(h: u64) -> u32 {
    let h = h ^ (h >> 29);
    let h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (h ^ (h >> 32)) as u32
}

struct Sink<'a> {
    out: &'a mut Vec<u32>,
}

impl Sink<'_> {
    #[inline]
    fn one(&mut self, template: u64, a: u64) {
        self.out.push(finish(mix(mix(SEED, template), a)));
    }

    #[inline]
    fn two(&mut self, template: u64, a: u64, b: u64) {
        self.out.push(finish(mix(mix(mix(SEED, template), a), b)));
    }
}

/// The hash standing for "no token here" (before the first or after the last).
const BOUNDARY: u64 = 0x0b0b_0b0b_0b0b_0b0b;

/// The first `n` characters of `s`, when it has more than `n`.
fn prefix(s: &str, n: usize) -> Option<&str> {
    let end = s.char_indices().nth(n).map(|(i, _)| i)?;
    Some(&s[..end])
}

fn suffix(s: &str, n: usize) -> Option<&str> {
    let count = s.chars().count();
    if count <= n {
        return None;
    }
    let start = s.char_indices().nth(count - n).map(|(i, _)| i)?;
    Some(&s[start..])
}

/// Whether a sentence reads as a headline or a line in capitals: most of its words are all caps.
pub(crate) fn is_caps_line(sentence: &[TokenFacts]) -> bool {
    let words =
        sentence.iter().filter(|t| matches!(t.case, Case::Title | Case::Upper | Case::Lower));
    let (mut upper, mut total) = (0usize, 0usize);
    for t in words {
        total += 1;
        if t.case == Case::Upper {
            upper += 1;
        }
    }
    total >= 2 && upper * 5 >= total * 4
}

/// Appends the feature hashes of token `i` of `sentence` to `out`: [`word_features`], then
/// [`context_features`].
pub(crate) fn token_features(
    sentence: &[TokenFacts],
    caps_line: bool,
    memory: &DocumentMemory,
    i: usize,
    out: &mut Vec<u32>,
) {
    word_features(&sentence[i], out);
    context_features(sentence, caps_line, memory, i, out);
}

/// The features of a token that depend on its word alone (bias, word, lower case, shapes,
/// affixes), so a tagger may sum their weights once per word form.
pub(crate) fn word_features(t: &TokenFacts, out: &mut Vec<u32>) {
    let mut f = Sink { out };
    f.one(1, 0);
    f.one(2, t.word);
    f.one(3, t.lower);
    f.one(4, t.short_shape);
    f.one(5, t.long_shape);
    for n in 0..4u64 {
        if t.prefixes[n as usize] != 0 {
            f.one(6 + n, t.prefixes[n as usize]);
        }
        if t.suffixes[n as usize] != 0 {
            f.one(10 + n, t.suffixes[n as usize]);
        }
    }
}

/// The features of token `i` that depend on its neighbours, its sentence and the document.
pub(crate) fn context_features(
    sentence: &[TokenFacts],
    caps_line: bool,
    memory: &DocumentMemory,
    i: usize,
    out: &mut Vec<u32>,
) {
    let mut f = Sink { out };
    let t = &sentence[i];
    let at = |j: isize| -> Option<&TokenFacts> {
        if j < 0 {
            None
        } else {
            sentence.get(j as usize)
        }
    };
    let lower_at = |j: isize| at(j).map_or(BOUNDARY, |t| t.lower);
    let shape_at = |j: isize| at(j).map_or(BOUNDARY, |t| t.short_shape);
    let ii = i as isize;
    f.one(14, lower_at(ii - 1));
    f.one(15, lower_at(ii + 1));
    f.one(16, lower_at(ii - 2));
    f.one(17, lower_at(ii + 2));
    f.one(18, shape_at(ii - 1));
    f.one(19, shape_at(ii + 1));
    f.two(20, shape_at(ii - 1), t.short_shape);
    f.two(21, t.short_shape, shape_at(ii + 1));
    f.two(22, lower_at(ii - 1), t.lower);
    f.two(23, t.lower, lower_at(ii + 1));
    f.two(33, lower_at(ii - 1), t.short_shape);
    f.two(34, t.short_shape, lower_at(ii + 1));
    f.two(35, lower_at(ii - 2), lower_at(ii - 1));
    if i == 0 {
        f.one(24, t.short_shape);
    }
    if caps_line {
        f.one(25, t.lower);
        f.one(26, t.short_shape);
    }
    // Lexicon (gazetteer) membership of this token and its neighbours.
    for (template, j) in [(27u64, ii), (28, ii - 1), (29, ii + 1)] {
        if let Some(n) = at(j) {
            let hit = n.lexicon.0;
            if hit != 0 {
                f.one(template, hit as u64);
                for bit in 0..32u64 {
                    if hit & (1 << bit) != 0 {
                        f.one(template + 100, bit);
                    }
                }
            }
        }
    }
    // Document-level evidence for capitalised words.
    if matches!(t.case, Case::Title | Case::Upper) {
        if let Some(kind) = memory.majority(t.lower) {
            f.one(30, kind.index() as u64);
            f.one(31, kind.index() as u64 * 8 + (i == 0) as u64 * 2 + caps_line as u64);
        }
        let lower_elsewhere = memory.seen_lower.contains(&t.lower);
        let title_inside = memory.seen_title_inside.contains(&t.lower);
        f.one(32, lower_elsewhere as u64 * 4 + title_inside as u64 * 2 + (i == 0) as u64);
        if caps_line {
            f.one(36, lower_elsewhere as u64 * 2 + title_inside as u64);
        }
    }
    f.two(39, lower_at(ii + 1), lower_at(ii + 2));
    for (template, j) in [(40u64, ii - 1), (41, ii + 1)] {
        if let Some(n) = at(j) {
            if matches!(n.case, Case::Title | Case::Upper) {
                if let Some(kind) = memory.majority(n.lower) {
                    f.one(template, kind.index() as u64);
                }
            }
        }
    }
    if i + 1 == sentence.len() {
        f.one(37, t.short_shape);
    }
    if sentence.len() == 1 {
        f.one(38, t.short_shape);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_cases() {
        let check = |word: &str, short: &str, long: &str, case: Case| {
            let (s, l) = shapes(word);
            assert_eq!((s.as_str(), l.as_str(), case_of(word)), (short, long, case), "{word}");
        };
        check("Konashenkov", "Xx", "Xxxxxxxx", Case::Title);
        check("HTS", "X", "XXX", Case::Upper);
        check("al-Nusra", "x-Xx", "xx-Xxxxx", Case::Lower);
        check("1996-08-22", "d-d-d", "dddd-dd-", Case::Other);
        check("U.S.", "X.X.", "X.X.", Case::Upper);
        check("A", "X", "X", Case::Other);
    }

    #[test]
    fn affixes_respect_char_boundaries() {
        assert_eq!(prefix("élan", 2), Some("él"));
        assert_eq!(suffix("Mesurier", 3), Some("ier"));
        assert_eq!(suffix("ab", 3), None);
        assert_eq!(prefix("ab", 3), None);
    }

    #[test]
    fn same_features_hash_the_same_and_differ_across_templates() {
        let lexicon = Lexicon::default();
        let words = ["Maria", "Zakharova", "said"];
        let facts: Vec<TokenFacts> = words.iter().map(|w| TokenFacts::new(w, &lexicon)).collect();
        let memory = DocumentMemory::new([facts.as_slice()]);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        token_features(&facts, false, &memory, 1, &mut a);
        token_features(&facts, false, &memory, 1, &mut b);
        assert_eq!(a, b);
        let unique: HashSet<u32> = a.iter().copied().collect();
        assert_eq!(unique.len(), a.len(), "no two templates collide on one token");
    }

    #[test]
    fn caps_lines_are_detected() {
        let lexicon = Lexicon::default();
        let facts = |s: &str| -> Vec<TokenFacts> {
            s.split(' ').map(|w| TokenFacts::new(w, &lexicon)).collect()
        };
        assert!(is_caps_line(&facts("SOCCER - JAPAN GET LUCKY WIN")));
        assert!(!is_caps_line(&facts("Japan got a lucky win")));
    }
}
