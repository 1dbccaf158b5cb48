//! Feature extraction for the fast tier. Features are strings hashed straight into 64-bit ids
//! (no allocation per feature); the linear models map ids into weight buckets.
//!
//! Token features (span identification) describe a token, its neighbours and its sentence:
//! word and lowercase n-grams, suffix, shape, cue lexicons, quotes, `!`/`?`, position in the
//! sentence and article, the word's frequency in the article (repetition) and capitalised
//! context. Span features (technique classification) describe a candidate span: its words and
//! bigrams, boundaries, length, cues, whether its text recurs in the article, its context and
//! its sentence.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use echotrace_analyze::{Context, TokenKind, WordMemo};

use crate::lexicon::{cues_in, cues_of, CueSet};

/// FNV-1a of a string, with an avalanche so that the low bits depend on every byte.
pub(crate) const fn hash_str(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    avalanche(h)
}

const fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Combines a feature name (or an earlier combination) with a value hash; order matters.
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    avalanche(a.rotate_left(21) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The hash of a feature name, computed at compile time.
macro_rules! name {
    ($s:literal) => {
        const { hash_str($s) }
    };
}

/// A hasher for keys that are already well-mixed 64-bit hashes: passes them through.
#[derive(Debug, Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// A lexicon learned from the training labels: for each lowercase word (by hash), how often its
/// occurrences fall inside a propaganda span, as a bucket 0..=9 (tenths of the smoothed rate).
/// It lets the tagger see sentence-level evidence ("this sentence holds a word that is usually
/// propaganda") at the cost of one lookup per token.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct WordRates(pub HashKeyed<u8>);

/// The bucket of words the lexicon does not know.
const UNKNOWN_RATE: u8 = 10;

impl WordRates {
    /// Builds the lexicon from `(word hash, inside a span)` counts: words seen at least twice,
    /// rates smoothed towards the corpus-wide rate.
    pub fn from_counts(counts: &HashKeyed<(u32, u32)>) -> WordRates {
        let (inside, all) =
            counts.values().fold((0u64, 0u64), |(a, b), (i, n)| (a + *i as u64, b + *n as u64));
        let prior = if all > 0 { inside as f64 / all as f64 } else { 0.0 };
        let rates = counts
            .iter()
            .filter(|(_, (_, n))| *n >= 2)
            .map(|(h, (i, n))| {
                let rate = (*i as f64 + 2.0 * prior) / (*n as f64 + 2.0);
                (*h, ((rate * 10.0) as u8).min(9))
            })
            .collect();
        WordRates(rates)
    }

    fn rate(&self, word: u64) -> u8 {
        self.0.get(&word).copied().unwrap_or(UNKNOWN_RATE)
    }
}

/// Collects feature ids.
#[derive(Debug, Default)]
pub(crate) struct FeatureSink {
    pub ids: Vec<u64>,
}

impl FeatureSink {
    #[inline]
    fn flag(&mut self, name: u64) {
        self.ids.push(name);
    }
    #[inline]
    fn add(&mut self, name: u64, value: u64) {
        self.ids.push(mix(name, value));
    }
    #[inline]
    fn add2(&mut self, name: u64, a: u64, b: u64) {
        self.ids.push(mix(mix(name, a), b));
    }
}

/// Buckets a count for a feature value: exact below 4, then coarse ranges.
fn bucket(n: usize) -> u64 {
    match n {
        0..=3 => n as u64,
        4..=5 => 4,
        6..=10 => 5,
        11..=20 => 6,
        21..=40 => 7,
        _ => 8,
    }
}

/// A compressed word shape: `Xx`, `x`, `X`, `d`, or the punctuation itself.
fn shape(word: &str, kind: TokenKind) -> String {
    match kind {
        TokenKind::Number => "d".into(),
        TokenKind::Punct => word.to_string(),
        TokenKind::Word => {
            let mut out = String::new();
            for c in word.chars() {
                let class = if c.is_uppercase() {
                    'X'
                } else if c.is_lowercase() {
                    'x'
                } else if c.is_ascii_digit() {
                    'd'
                } else {
                    c
                };
                if !out.ends_with(class) {
                    out.push(class);
                }
            }
            out
        }
    }
}

fn is_quote(s: &str) -> bool {
    matches!(s, "\"" | "“" | "”" | "«" | "»" | "„")
}

fn suffix(word: &str, n: usize) -> &str {
    let start = word.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &word[start..]
}

/// Per-sentence facts that every token of the sentence shares.
#[derive(Debug, Clone, Default)]
struct SentenceFacts {
    tokens: std::ops::Range<usize>,
    exclamation: bool,
    question: bool,
    quoted: bool,
    cues: CueSet,
    words: usize,
    /// The highest learned rate of a known word in the sentence, and how many words rate ≥ 4.
    max_rate: u8,
    high_rate_words: usize,
}

/// Hashes of a token's strings, computed once per token.
#[derive(Debug, Clone, Copy, Default)]
struct TokenHashes {
    lower: u64,
    raw: u64,
    suffix: u64,
    shape: u64,
}

/// What a token's features need of its text alone: lower case, hashes, cue lexicon hits.
#[derive(Debug, Clone)]
struct WordFacts {
    kind: TokenKind,
    lower: Rc<str>,
    hashes: TokenHashes,
    cues: CueSet,
}

impl WordFacts {
    fn new(raw: &str, kind: TokenKind) -> Self {
        let lower: Rc<str> = raw.to_lowercase().into();
        let hashes = TokenHashes {
            lower: hash_str(&lower),
            raw: hash_str(raw),
            suffix: hash_str(suffix(&lower, 3)),
            shape: hash_str(&shape(raw, kind)),
        };
        WordFacts { kind, cues: cues_of(&lower), lower, hashes }
    }
}

/// Distinct token texts a thread remembers before it starts afresh.
const WORD_MEMO_LIMIT: usize = 200_000;

thread_local! {
    /// Token text → its [`WordFacts`]: lower-casing, four string hashes and a lexicon lookup
    /// per token were most of building an article's view.
    static WORDS: RefCell<WordMemo<WordFacts>> = RefCell::new(WordMemo::new(WORD_MEMO_LIMIT));
}

const START: u64 = hash_str("<s>");
const END: u64 = hash_str("</s>");

/// One article seen through the features: lowercase tokens, cues, repetition counts, quotes,
/// code point offsets. Built once per article and shared by both models.
#[derive(Debug)]
pub(crate) struct ArticleView<'a> {
    pub cx: &'a Context<'a>,
    pub lower: Vec<Rc<str>>,
    hashes: Vec<TokenHashes>,
    rates: Vec<u8>,
    cues: Vec<CueSet>,
    /// How many times the token's lowercase form occurs in the article.
    frequency: Vec<u32>,
    /// Whether the bigram starting at this token occurs more than once in the article.
    repeated_bigram: Vec<bool>,
    in_quotes: Vec<bool>,
    /// Code point offsets of each token.
    pub char_start: Vec<usize>,
    pub char_end: Vec<usize>,
    sentences: Vec<SentenceFacts>,
    pub sentence_of: Vec<usize>,
    /// Positions of every token, by lowercase hash, for finding repeated phrases.
    positions: HashKeyed<Vec<u32>>,
}

impl<'a> ArticleView<'a> {
    pub fn new(cx: &'a Context<'a>, word_rates: &WordRates) -> Self {
        let text = cx.text;
        let n = cx.tokens.len();
        let mut lower = Vec::with_capacity(n);
        let mut hashes = Vec::with_capacity(n);
        let mut cues = Vec::with_capacity(n);
        WORDS.with(|memo| {
            let mut memo = memo.borrow_mut();
            for t in &cx.tokens {
                let raw = t.text(text);
                let mut facts = memo.get_or_compute(raw, |raw| WordFacts::new(raw, t.kind));
                if facts.kind != t.kind {
                    // The tokenizer's kind follows from the text; should it not, compute afresh.
                    facts = WordFacts::new(raw, t.kind);
                }
                lower.push(facts.lower);
                hashes.push(facts.hashes);
                cues.push(facts.cues);
            }
        });
        let rates: Vec<u8> = hashes.iter().map(|h| word_rates.rate(h.lower)).collect();
        let mut positions: HashKeyed<Vec<u32>> = HashKeyed::default();
        for (i, h) in hashes.iter().enumerate() {
            positions.entry(h.lower).or_default().push(i as u32);
        }
        let frequency =
            hashes.iter().map(|h| positions.get(&h.lower).map_or(1, |p| p.len() as u32)).collect();
        let bigram_key = |i: usize| mix(hashes[i].lower, hashes[i + 1].lower);
        let mut bigrams: HashKeyed<u32> = HashKeyed::default();
        for i in 0..n.saturating_sub(1) {
            *bigrams.entry(bigram_key(i)).or_default() += 1;
        }
        let repeated_bigram = (0..n)
            .map(|i| {
                i + 1 < n
                    && cx.tokens[i].kind == TokenKind::Word
                    && bigrams.get(&bigram_key(i)).copied().unwrap_or(0) > 1
            })
            .collect();
        let char_start = cx.tokens.iter().map(|t| cx.chars.char_offset(t.start as usize)).collect();
        let char_end = cx.tokens.iter().map(|t| cx.chars.char_offset(t.end as usize)).collect();

        let mut in_quotes = vec![false; n];
        let mut sentence_of = vec![0usize; n];
        let mut sentences = Vec::with_capacity(cx.sentences.len());
        for s in 0..cx.sentences.len() {
            let range = cx.sentence_tokens(s);
            let mut facts = SentenceFacts { tokens: range.clone(), ..Default::default() };
            let mut open = false;
            for i in range {
                sentence_of[i] = s;
                let tok = cx.tokens[i].text(text);
                if is_quote(tok) {
                    open = match tok {
                        "“" | "«" | "„" => true,
                        "”" | "»" => false,
                        _ => !open,
                    };
                    facts.quoted = true;
                } else {
                    in_quotes[i] = open;
                }
                facts.exclamation |= tok == "!";
                facts.question |= tok == "?";
                facts.cues |= cues[i];
                facts.words += (cx.tokens[i].kind == TokenKind::Word) as usize;
                if rates[i] != UNKNOWN_RATE {
                    facts.max_rate = facts.max_rate.max(rates[i]);
                    facts.high_rate_words += (rates[i] >= 4) as usize;
                }
            }
            sentences.push(facts);
        }
        ArticleView {
            cx,
            lower,
            hashes,
            rates,
            cues,
            frequency,
            repeated_bigram,
            in_quotes,
            char_start,
            char_end,
            sentences,
            sentence_of,
            positions,
        }
    }

    /// The lowercase hash of token `i`.
    pub fn word_hash(&self, i: usize) -> u64 {
        self.hashes[i].lower
    }

    pub fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    pub fn sentence_tokens(&self, s: usize) -> std::ops::Range<usize> {
        self.sentences[s].tokens.clone()
    }

    /// The lowercase word hash of token `j` within sentence `facts`, or a boundary marker.
    fn word_in(&self, facts: &SentenceFacts, j: isize) -> u64 {
        if j < facts.tokens.start as isize {
            START
        } else if j >= facts.tokens.end as isize {
            END
        } else {
            self.hashes[j as usize].lower
        }
    }

    fn cues_at(&self, facts: &SentenceFacts, j: isize) -> CueSet {
        if j >= facts.tokens.start as isize && j < facts.tokens.end as isize {
            self.cues[j as usize]
        } else {
            0
        }
    }

    /// The features of token `i`.
    pub fn token_features(&self, i: usize, sink: &mut FeatureSink) {
        let cx = self.cx;
        let tok = &cx.tokens[i];
        let raw = tok.text(cx.text);
        let s = self.sentence_of[i];
        let facts = &self.sentences[s];
        let ii = i as isize;
        let h = self.hashes[i];
        let w = h.lower;
        let (p1, p2) = (self.word_in(facts, ii - 1), self.word_in(facts, ii - 2));
        let (n1, n2) = (self.word_in(facts, ii + 1), self.word_in(facts, ii + 2));
        sink.flag(name!("bias"));
        sink.add(name!("w"), w);
        sink.add(name!("W"), h.raw);
        sink.add(name!("w-1"), p1);
        sink.add(name!("w-2"), p2);
        sink.add(name!("w+1"), n1);
        sink.add(name!("w+2"), n2);
        sink.add2(name!("bg-"), p1, w);
        sink.add2(name!("bg+"), w, n1);
        sink.add2(name!("sk"), p1, n1);
        sink.add2(name!("tg"), mix(p1, w), n1);
        sink.add(name!("sfx3"), h.suffix);
        sink.add(name!("sh"), h.shape);
        sink.add2(
            name!("sh-1"),
            self.hashes.get(i.wrapping_sub(1)).map_or(START, |p| p.shape),
            h.shape,
        );
        let pos_in_sentence = i - facts.tokens.start;
        let to_end = facts.tokens.end - i - 1;
        sink.add(name!("pos"), bucket(pos_in_sentence));
        sink.add(name!("toend"), bucket(to_end));
        sink.add(name!("sidx"), bucket(s));
        sink.add(name!("slen"), bucket(facts.words));
        if s == 0 {
            sink.flag(name!("title"));
        }
        let rate_at = |j: isize| {
            if j >= facts.tokens.start as isize && j < facts.tokens.end as isize {
                self.rates[j as usize] as u64
            } else {
                11
            }
        };
        let rate = rate_at(ii);
        sink.add(name!("lr"), rate);
        sink.add(name!("lr-1"), rate_at(ii - 1));
        sink.add(name!("lr+1"), rate_at(ii + 1));
        sink.add2(name!("lr-1+1"), rate_at(ii - 1), rate_at(ii + 1));
        sink.add(name!("smaxlr"), facts.max_rate as u64);
        sink.add(name!("shigh"), bucket(facts.high_rate_words));
        sink.add2(name!("lr*smax"), rate, facts.max_rate as u64);
        for cue in cues_in(self.cues[i]) {
            sink.add(name!("cue"), cue as u64);
        }
        for (prefix, j) in [
            (name!("cue-1"), ii - 1),
            (name!("cue+1"), ii + 1),
            (name!("cue-2"), ii - 2),
            (name!("cue+2"), ii + 2),
        ] {
            for cue in cues_in(self.cues_at(facts, j)) {
                sink.add(prefix, cue as u64);
            }
        }
        for cue in cues_in(facts.cues) {
            sink.add(name!("scue"), cue as u64);
        }
        if self.in_quotes[i] {
            sink.flag(name!("inq"));
            sink.add(name!("inq-w"), w);
        }
        if facts.quoted {
            sink.flag(name!("squote"));
        }
        if facts.exclamation {
            sink.flag(name!("excl"));
        }
        if facts.question {
            sink.flag(name!("ques"));
        }
        if tok.kind == TokenKind::Word {
            let first_upper = raw.chars().next().is_some_and(char::is_uppercase);
            let all_upper = raw.len() > 1 && raw.chars().all(|c| !c.is_lowercase());
            if all_upper {
                sink.flag(name!("allcaps"));
            } else if first_upper && pos_in_sentence > 0 {
                sink.flag(name!("capmid"));
                // Named-entity-like context: a capitalised run next to this one.
                let next_cap = i + 1 < facts.tokens.end
                    && cx.tokens[i + 1]
                        .text(cx.text)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase);
                if next_cap {
                    sink.flag(name!("caprun"));
                }
            }
            if self.lower[i].len() > 3 {
                sink.add(name!("freq"), bucket(self.frequency[i] as usize));
            }
            if self.repeated_bigram[i] {
                sink.flag(name!("repbg"));
            }
        }
    }

    /// Token indices overlapping the code point span `[start, end)` (empty when none).
    pub fn tokens_in(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let first = self.char_end.partition_point(|&e| e <= start);
        let last = self.char_start.partition_point(|&s| s < end);
        first..last.max(first)
    }

    /// Occurrences of the token sequence `range` (lowercase) in the article: in all, and
    /// starting before `range`.
    pub(crate) fn occurrences(&self, range: std::ops::Range<usize>) -> (usize, usize) {
        let pattern = &self.hashes[range.clone()];
        let Some(first) = pattern.first() else { return (0, 0) };
        let mut total = 0;
        let mut earlier = 0;
        for &p in self.positions.get(&first.lower).map_or(&[][..], |v| v.as_slice()) {
            let p = p as usize;
            let matches = self
                .hashes
                .get(p..p + pattern.len())
                .is_some_and(|window| window.iter().zip(pattern).all(|(a, b)| a.lower == b.lower));
            if matches {
                total += 1;
                earlier += (p < range.start) as usize;
            }
        }
        (total, earlier)
    }

    /// The highest article frequency of the tokens of `range` (0 for an empty range).
    pub(crate) fn max_frequency(&self, range: std::ops::Range<usize>) -> u32 {
        self.frequency[range].iter().copied().max().unwrap_or(0)
    }

    /// The features of the code point span `[start, end)` for technique classification.
    pub fn span_features(&self, start: usize, end: usize, sink: &mut FeatureSink) {
        let cx = self.cx;
        sink.flag(name!("bias"));
        let range = self.tokens_in(start, end);
        let n_tokens = range.len();
        sink.add(name!("len"), bucket(n_tokens));
        sink.add(name!("clen"), bucket(end.saturating_sub(start) / 10));
        if n_tokens == 0 {
            return;
        }
        let first = range.start;
        let last = range.end - 1;
        let mut words = 0usize;
        let mut caps = 0usize;
        let mut cues: CueSet = 0;
        for i in range.clone() {
            let w = self.hashes[i].lower;
            sink.add(name!("u"), w);
            if i + 1 < range.end {
                sink.add2(name!("b"), w, self.hashes[i + 1].lower);
            }
            cues |= self.cues[i];
            let tok = &cx.tokens[i];
            if tok.kind == TokenKind::Word {
                words += 1;
                if tok.text(cx.text).chars().next().is_some_and(char::is_uppercase) {
                    caps += 1;
                }
                sink.add(name!("sfx"), self.hashes[i].suffix);
            }
            match &*self.lower[i] {
                "!" => sink.flag(name!("has!")),
                "?" => sink.flag(name!("has?")),
                "#" => sink.flag(name!("hash")),
                other if is_quote(other) => sink.flag(name!("hasquote")),
                _ => {}
            }
        }
        sink.add(name!("first"), self.hashes[first].lower);
        sink.add(name!("last"), self.hashes[last].lower);
        if n_tokens == 1 {
            sink.add(name!("single"), self.hashes[first].lower);
        }
        sink.add(name!("words"), bucket(words));
        if let Some(quarters) = (caps * 4).checked_div(words) {
            sink.add(name!("capratio"), bucket(quarters));
        }
        for cue in cues_in(cues) {
            sink.add(name!("cue"), cue as u64);
        }
        // Repetition: how often the span's words recur in the article, and whether earlier.
        let (occurrences, earlier) = self.occurrences(range.clone());
        sink.add(name!("rep"), bucket(occurrences));
        sink.add(name!("repearly"), bucket(earlier));
        let max_freq = range
            .clone()
            .filter(|&i| self.lower[i].len() > 3)
            .map(|i| self.frequency[i] as usize)
            .max()
            .unwrap_or(0);
        sink.add(name!("maxfreq"), bucket(max_freq));
        // Context and sentence.
        let s = self.sentence_of[first];
        let facts = &self.sentences[s];
        let (f, l) = (first as isize, last as isize);
        sink.add(name!("c-1"), self.word_in(facts, f - 1));
        sink.add(name!("c-2"), self.word_in(facts, f - 2));
        sink.add(name!("c+1"), self.word_in(facts, l + 1));
        sink.add(name!("c+2"), self.word_in(facts, l + 2));
        sink.add2(name!("c-1f"), self.word_in(facts, f - 1), self.hashes[first].lower);
        if n_tokens * 10 >= facts.tokens.len().max(1) * 8 {
            sink.flag(name!("wholesent"));
        }
        if first == facts.tokens.start {
            sink.flag(name!("sentstart"));
        }
        if self.in_quotes[first] || (first > 0 && is_quote(&self.lower[first - 1])) {
            sink.flag(name!("quoted"));
        }
        if facts.exclamation {
            sink.flag(name!("sexcl"));
        }
        if facts.question {
            sink.flag(name!("sques"));
        }
        sink.add(name!("sidx"), bucket(s));
        for cue in cues_in(facts.cues & !cues) {
            sink.add(name!("scue"), cue as u64);
        }
        for i in facts.tokens.clone() {
            if (i < first || i > last) && cx.tokens[i].kind == TokenKind::Word {
                sink.add(name!("sw"), self.hashes[i].lower);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use echotrace_model::Document;

    #[test]
    fn shapes_and_suffixes() {
        let check = |word: &str, kind: TokenKind, expect: &str| {
            assert_eq!(shape(word, kind), expect, "shape of {word:?}");
        };
        check("Hello", TokenKind::Word, "Xx");
        check("NATO", TokenKind::Word, "X");
        check("al-Nusra", TokenKind::Word, "x-Xx");
        check("2018", TokenKind::Number, "d");
        check("!", TokenKind::Punct, "!");
        assert_eq!(suffix("terrorists", 3), "sts");
        assert_eq!(suffix("é", 3), "é");
        assert_eq!(bucket(7), bucket(10));
        assert_ne!(bucket(3), bucket(4));
    }

    #[test]
    fn hashing_is_stable_and_order_sensitive() {
        assert_eq!(hash_str("war"), hash_str("war"));
        assert_ne!(mix(hash_str("a"), hash_str("b")), mix(hash_str("b"), hash_str("a")));
    }

    #[test]
    fn view_finds_quotes_repetition_and_token_spans() {
        let doc = Document::new("t", "\u{feff}Title here\n\nHe said “total war” now. Total war!");
        let cx = Context::new(&doc);
        let view = ArticleView::new(&cx, &WordRates::default());
        let war = view.lower.iter().position(|w| &**w == "war").expect("token war");
        assert!(view.in_quotes[war], "war is inside the quotes");
        assert_eq!(view.frequency[war], 2);
        assert!(view.repeated_bigram[war - 1], "'total war' occurs twice");
        // Code point offsets count the BOM as one.
        let title = view.lower.iter().position(|w| &**w == "title").expect("token title");
        assert_eq!((view.char_start[title], view.char_end[title]), (1, 6));
        assert_eq!(view.tokens_in(1, 6), title..title + 1);
        let mut sink = FeatureSink::default();
        view.span_features(1, 11, &mut sink);
        assert!(sink.ids.contains(&mix(hash_str("u"), hash_str("title"))));
        assert!(sink.ids.contains(&mix(hash_str("u"), hash_str("here"))));
        let mut sink = FeatureSink::default();
        view.token_features(war, &mut sink);
        assert!(sink.ids.contains(&hash_str("inq")));
        assert!(sink.ids.contains(&mix(hash_str("w-1"), hash_str("total"))));
    }
}
