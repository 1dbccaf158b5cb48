//! Token features shared by training and inference, so that both see exactly the same input:
//! hashed lower-case words, crude stems, shapes, quotation state and the cue lexicon's prior.

use echotrace_analyze::{Context, TokenKind};
use xxhash_rust::xxh3::xxh3_64;

use crate::lexicon::Lexicon;
use crate::perceptron::mix;

/// What one token contributes to features, computed once per document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenInfo {
    pub word: u64,
    pub stem: u64,
    pub suffix: u64,
    pub shape: u8,
    /// Inside a quotation (the quote marks themselves count as inside).
    pub in_quote: bool,
    /// The token is an opening (1) or closing (2) quotation mark, or 0.
    pub quote_mark: u8,
    /// Coarse class: 0 word, 1 comma, 2 colon, 3 sentence end, 4 quote, 5 other punctuation,
    /// 6 number, 7 "that".
    pub class: u8,
    /// Cue lexicon buckets: how often the word begins / continues a cue in training.
    pub begin_prior: u8,
    pub inside_prior: u8,
    /// The stem's "begins a cue" bucket.
    pub stem_prior: u8,
    /// [`crate::vocab`] flags: what the token is, and what the word runs inside it are.
    pub flags: u32,
}

impl TokenInfo {
    /// Neither the word nor its stem (almost) ever begins a cue in training: the cue tagger
    /// does not score such a token outside a cue, in training as at run time.
    pub fn never_begins_cue(&self) -> bool {
        matches!(self.begin_prior, 0 | 1 | 9) && matches!(self.stem_prior, 0 | 1 | 9)
    }
}

/// Per-document token features plus the sentence index of each token.
#[derive(Debug)]
pub(crate) struct DocFeatures<'c> {
    pub tokens: Vec<TokenInfo>,
    pub sentence: &'c [u32],
    /// Lines (text between line breaks) as token ranges with the union of their tokens' flags.
    pub lines: Vec<(std::ops::Range<usize>, u32)>,
    /// The union of the flags of each sentence's tokens.
    pub sentence_flags: Vec<u32>,
}

pub(crate) const SHAPE_LOWER: u8 = 0;
pub(crate) const SHAPE_CAPITAL: u8 = 1;
pub(crate) const SHAPE_UPPER: u8 = 2;
pub(crate) const SHAPE_NUMBER: u8 = 3;
pub(crate) const SHAPE_PUNCT: u8 = 4;

pub(crate) const CLASS_COMMA: u8 = 1;
pub(crate) const CLASS_COLON: u8 = 2;
pub(crate) const CLASS_END: u8 = 3;
pub(crate) const CLASS_QUOTE: u8 = 4;
pub(crate) const CLASS_THAT: u8 = 7;

/// The hash of a word's bytes: one or two multiplications for the words of news text (up to 16
/// bytes), xxh3 beyond. Every word-keyed table (lexicon, stems, vocabulary) and every feature
/// goes through it.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    if bytes.len() > 16 {
        return xxh3_64(bytes);
    }
    let mut lanes = [0u64; 2];
    for (i, &b) in bytes.iter().enumerate() {
        lanes[i >> 3] |= (b as u64) << ((i & 7) * 8);
    }
    hash_lanes(lanes[0], lanes[1], bytes.len())
}

/// [`hash_bytes`] of up to 16 bytes held little-endian, zero-padded, in two lanes.
#[inline]
fn hash_lanes(lo: u64, hi: u64, len: usize) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = (lo ^ (len as u64).rotate_right(8)).wrapping_mul(K);
    let h = if len > 8 { (h.rotate_left(31) ^ hi).wrapping_mul(K) } else { h };
    h ^ (h >> 29)
}

/// The first `len` bytes of two lanes, the rest zeroed.
#[inline]
fn prefix_lanes(lo: u64, hi: u64, len: usize) -> (u64, u64) {
    let mask = |k: usize| {
        if k == 0 {
            0
        } else if k >= 8 {
            u64::MAX
        } else {
            u64::MAX >> (64 - 8 * k)
        }
    };
    if len >= 8 {
        (lo, hi & mask(len - 8))
    } else {
        (lo & mask(len), 0)
    }
}

/// What [`DocFeatures::new`] takes from a token's text: the hashes of its lower-cased form, of
/// its [`stem`] and of its last three characters, and whether it is "that".
struct WordParts {
    word: u64,
    stem: u64,
    suffix: u64,
    that: bool,
    /// No lower-case letter (for the shape).
    no_lower: bool,
    /// Starts with an upper-case letter.
    first_upper: bool,
}

impl WordParts {
    /// The short ASCII words that are nearly all of news text, without a heap buffer (and
    /// whether the word is one run of letters and digits); `None` for anything else.
    #[inline]
    fn ascii(t: &str) -> Option<(WordParts, bool)> {
        let b = t.as_bytes();
        let n = b.len();
        if n > 16 || !b.is_ascii() {
            return None;
        }
        let mut low = [0u8; 16];
        let mut alnum = true;
        let mut no_lower = true;
        for (d, &s) in low.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
            alnum &= s.is_ascii_alphanumeric();
            no_lower &= !s.is_ascii_lowercase();
        }
        let lane = |k: usize| {
            u64::from_le_bytes([
                low[k],
                low[k + 1],
                low[k + 2],
                low[k + 3],
                low[k + 4],
                low[k + 5],
                low[k + 6],
                low[k + 7],
            ])
        };
        let (lo, hi) = (lane(0), lane(8));
        let lower = &low[..n];
        let stem_len = stem_len(lower);
        let (slo, shi) = prefix_lanes(lo, hi, stem_len);
        let start = n.saturating_sub(3);
        Some((
            WordParts {
                word: hash_lanes(lo, hi, n),
                stem: hash_lanes(slo, shi, stem_len),
                suffix: mix(0x5ef, hash_bytes(&lower[start..])),
                that: lower == b"that",
                no_lower,
                first_upper: b.first().is_some_and(u8::is_ascii_uppercase),
            },
            alnum,
        ))
    }

    /// Any token, through a lower-cased copy in `buffer`.
    fn general(t: &str, buffer: &mut String) -> WordParts {
        let word = word_hash(t, buffer);
        let lower = buffer.as_str();
        let suffix_start = lower.char_indices().rev().nth(2).map_or(0, |(b, _)| b);
        WordParts {
            word,
            stem: hash_bytes(stem(lower).as_bytes()),
            suffix: mix(0x5ef, hash_bytes(&lower.as_bytes()[suffix_start..])),
            that: lower == "that",
            no_lower: t.chars().all(|c| !c.is_lowercase()),
            first_upper: t.chars().next().is_some_and(char::is_uppercase),
        }
    }
}

/// The length of [`stem`] of lower-cased bytes.
#[inline]
fn stem_len(lower: &[u8]) -> usize {
    for suffix in [&b"ing"[..], b"ed", b"es", b"s"] {
        if lower.len() > suffix.len() + 2 && lower.ends_with(suffix) {
            return lower.len() - suffix.len();
        }
    }
    lower.len()
}

/// Hashes a lower-cased word, with typographic apostrophes folded to ASCII.
pub(crate) fn word_hash(word: &str, buffer: &mut String) -> u64 {
    buffer.clear();
    if word.is_ascii() {
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
        return hash_bytes(buffer.as_bytes());
    }
    for c in word.chars() {
        match c {
            '’' | '‘' => buffer.push('\''),
            c if c.is_ascii() => buffer.push(c.to_ascii_lowercase()),
            c => buffer.extend(c.to_lowercase()),
        }
    }
    hash_bytes(buffer.as_bytes())
}

/// A crude stem: strips common inflections so "says", "said" and "saying" share statistics with
/// their neighbours ("say", "sa" and "say").
pub(crate) fn stem(lower: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if lower.len() > suffix.len() + 2 && lower.ends_with(suffix) {
            return &lower[..lower.len() - suffix.len()];
        }
    }
    lower
}

pub(crate) fn is_open_quote(t: &str) -> bool {
    matches!(t, "“" | "«" | "‘" | "„" | "‹")
}

pub(crate) fn is_close_quote(t: &str) -> bool {
    matches!(t, "”" | "»" | "’" | "›")
}

pub(crate) fn is_quote(t: &str) -> bool {
    t == "\"" || is_open_quote(t) || is_close_quote(t)
}

/// Marks quotation marks as opening or closing and every token inside a quotation. Straight
/// quotes toggle; a line break closes an open quotation, because news style reopens a quotation
/// that runs across paragraphs and a stray mark must not swallow the rest of the article.
pub(crate) fn quote_state(cx: &Context<'_>) -> (Vec<bool>, Vec<u8>) {
    let text = cx.text;
    let mut inside = vec![false; cx.tokens.len()];
    let mut marks = vec![0u8; cx.tokens.len()];
    let mut open = false;
    let mut opened_at = 0usize;
    for (i, token) in cx.tokens.iter().enumerate() {
        let t = token.text(text);
        if token.newlines_before > 0 && open {
            open = false;
        }
        // An unclosed quote running for more than 400 tokens is a stray mark, not a quotation.
        if open && i - opened_at > 400 {
            open = false;
        }
        let is_single = matches!(t, "‘" | "’");
        let straight = t == "\"";
        if token.kind == TokenKind::Punct && (straight || is_open_quote(t) || is_close_quote(t)) {
            // A single quote inside a double quotation is a nested quote: leave the state alone.
            if is_single && open {
                inside[i] = true;
                continue;
            }
            let opening = if straight { !open } else { is_open_quote(t) };
            if opening {
                open = true;
                opened_at = i;
                marks[i] = 1;
                inside[i] = true;
            } else {
                marks[i] = 2;
                inside[i] = open;
                open = false;
            }
            continue;
        }
        inside[i] = open;
    }
    (inside, marks)
}

impl<'c> DocFeatures<'c> {
    #[inline(never)] // a unit of its own in profiles
    pub fn new(cx: &'c Context<'_>, lexicon: &Lexicon) -> Self {
        let text = cx.text;
        let (inside, marks) = quote_state(cx);
        let mut buffer = String::new();
        let mut tokens = Vec::with_capacity(cx.tokens.len());
        for (i, token) in cx.tokens.iter().enumerate() {
            let t = token.text(text);
            let (parts, simple) = match WordParts::ascii(t) {
                Some((parts, alnum)) => (parts, alnum),
                None => (WordParts::general(t, &mut buffer), false),
            };
            let WordParts { word, stem: stem_hash, suffix, that, no_lower, first_upper } = parts;
            let shape = match token.kind {
                TokenKind::Number => SHAPE_NUMBER,
                TokenKind::Punct => SHAPE_PUNCT,
                TokenKind::Word if no_lower && t.len() > 1 => SHAPE_UPPER,
                TokenKind::Word if first_upper => SHAPE_CAPITAL,
                TokenKind::Word => SHAPE_LOWER,
            };
            let class = match (token.kind, t) {
                (TokenKind::Number, _) => 6,
                (_, ",") => CLASS_COMMA,
                (_, ":") => CLASS_COLON,
                (_, "." | "!" | "?" | ";") => CLASS_END,
                (TokenKind::Punct, q) if is_quote(q) => CLASS_QUOTE,
                (TokenKind::Punct, _) => 5,
                (_, _) if that => CLASS_THAT,
                _ => 0,
            };
            let (begin_prior, inside_prior, whole) = lexicon.entry(word);
            let runs = if simple {
                crate::vocab::simple_run_flags(t.as_bytes(), whole)
            } else {
                crate::vocab::run_flags(t, whole)
            };
            let flags = (whole & !crate::vocab::R_ALL) | runs;
            tokens.push(TokenInfo {
                word,
                stem: stem_hash,
                suffix,
                shape,
                in_quote: inside[i],
                quote_mark: marks[i],
                class,
                begin_prior,
                inside_prior,
                stem_prior: lexicon.stem_bucket(stem_hash),
                flags,
            });
        }
        let mut lines: Vec<(std::ops::Range<usize>, u32)> = Vec::new();
        let mut sentence_flags = vec![0u32; cx.sentences.len()];
        for (i, (info, token)) in tokens.iter().zip(&cx.tokens).enumerate() {
            match lines.last_mut() {
                Some((range, flags)) if token.newlines_before == 0 => {
                    range.end = i + 1;
                    *flags |= info.flags;
                }
                _ => lines.push((i..i + 1, info.flags)),
            }
            if let Some(f) = sentence_flags.get_mut(cx.sentence_of_token[i] as usize) {
                *f |= info.flags;
            }
        }
        DocFeatures { tokens, sentence: &cx.sentence_of_token, lines, sentence_flags }
    }
}

const NONE: u64 = 0x4e4f_4e45;

/// Features per token of the cue tagger and of the role tagger.
pub(crate) const CUE_FEATURES: usize = 35;
pub(crate) const ROLE_FEATURES: usize = 22;

impl DocFeatures<'_> {
    /// Byte ranges of the lines holding a token with any of `flags`: no match of a pattern that
    /// spans no line break and needs such a token can lie elsewhere. A line runs from its first
    /// token to its last, so the text around it is white space, which ASCII `\b` and `^`/`$`
    /// see as they would in the whole text.
    pub fn lines_with<'s>(
        &'s self,
        cx: &'s Context<'_>,
        flags: u32,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 's {
        self.lines.iter().filter(move |(_, f)| f & flags != 0).map(move |(range, _)| {
            cx.tokens[range.start].start as usize..cx.tokens[range.end - 1].end as usize
        })
    }
}

impl DocFeatures<'_> {
    fn word(&self, i: isize) -> u64 {
        if i < 0 || i as usize >= self.tokens.len() {
            NONE
        } else {
            self.tokens[i as usize].word
        }
    }

    /// Features of token `i` for the cue tagger, given the previous token's label.
    #[inline]
    pub fn cue_features(&self, i: usize, previous_label: usize) -> [u64; CUE_FEATURES] {
        let t = &self.tokens[i];
        let ii = i as isize;
        let w0 = t.word;
        let (wm1, wp1, wm2, wp2) =
            (self.word(ii - 1), self.word(ii + 1), self.word(ii - 2), self.word(ii + 2));
        let prev = if i > 0 { Some(&self.tokens[i - 1]) } else { None };
        let next = self.tokens.get(i + 1);
        let prev_class = prev.map_or(9, |p| p.class) as u64;
        let next_class = next.map_or(9, |n| n.class) as u64;
        let sentence_start = i == 0 || self.sentence[i - 1] != self.sentence[i];
        let pl = previous_label as u64;
        [
            1,
            mix(2, w0),
            mix(3, wm1),
            mix(4, wp1),
            mix(5, wm2),
            mix(6, wp2),
            mix(mix(7, wm1), w0),
            mix(mix(8, w0), wp1),
            mix(9, t.stem),
            mix(10, t.shape as u64),
            mix(11, t.begin_prior as u64),
            mix(12, t.inside_prior as u64),
            mix(13, t.in_quote as u64),
            mix(mix(14, t.in_quote as u64), w0),
            mix(15, pl),
            mix(mix(16, pl), w0),
            mix(mix(17, pl), t.inside_prior as u64),
            mix(18, sentence_start as u64),
            mix(mix(19, next_class), t.stem),
            mix(mix(20, prev_class), t.stem),
            mix(mix(21, t.begin_prior as u64), t.in_quote as u64),
            mix(22, t.suffix),
            mix(mix(23, prev.map_or(9, |p| p.shape) as u64), t.begin_prior as u64),
            mix(mix(mix(24, prev_class), next_class), t.begin_prior as u64),
            mix(mix(25, next.map_or(0, |n| n.begin_prior) as u64), t.begin_prior as u64),
            mix(mix(26, prev.map_or(0, |p| p.begin_prior) as u64), t.inside_prior as u64),
            mix(mix(27, t.stem), wp1),
            mix(mix(28, wm1), t.begin_prior as u64),
            mix(
                mix(mix(29, prev.map_or(9, |p| p.shape) as u64), t.shape as u64),
                next.map_or(9, |n| n.shape) as u64,
            ),
            mix(mix(mix(30, t.in_quote as u64), prev_class), next_class),
            mix(mix(31, wp1), wp2),
            mix(mix(32, wm2), wm1),
            mix(33, t.stem_prior as u64),
            mix(mix(34, t.stem_prior as u64), next_class),
            mix(mix(35, t.stem_prior as u64), t.begin_prior as u64),
        ]
    }
}

/// Signed distance buckets for the role tagger.
fn distance_bucket(d: isize) -> u64 {
    let a = d.unsigned_abs();
    let b = match a {
        0..=4 => a as u64,
        5..=7 => 5,
        8..=12 => 6,
        13..=20 => 7,
        21..=35 => 8,
        36..=60 => 9,
        _ => 10,
    };
    if d < 0 {
        b + 16
    } else {
        b
    }
}

/// What the role tagger knows about one cue, computed once per cue.
#[derive(Debug, Clone)]
pub(crate) struct CueView {
    pub start: usize,
    pub end: usize,
    pub stem: u64,
    pub word: u64,
    pub next_word: u64,
    pub prev_word: u64,
    pub next_class: u8,
    pub prev_class: u8,
    /// The sentence of the cue's first token.
    pub sentence: u32,
}

/// Running counts of separators, for O(1) "between" queries: before token `i`, how many
/// commas, quotation marks, colons, likely cue words and sentence ends there are (one array per
/// token, so a query reads two cache lines rather than ten).
#[derive(Debug)]
pub(crate) struct PrefixCounts {
    counts: Vec<[u32; 5]>,
}

const COMMAS: usize = 0;
const QUOTES: usize = 1;
const COLONS: usize = 2;
const CUES: usize = 3;
const ENDS: usize = 4;

impl PrefixCounts {
    pub fn new(doc: &DocFeatures) -> Self {
        let mut counts = Vec::with_capacity(doc.tokens.len() + 1);
        let mut running = [0u32; 5];
        counts.push(running);
        for t in &doc.tokens {
            running[COMMAS] += (t.class == CLASS_COMMA) as u32;
            running[QUOTES] += (t.class == CLASS_QUOTE) as u32;
            running[COLONS] += (t.class == CLASS_COLON) as u32;
            running[CUES] += (t.begin_prior >= 4) as u32;
            running[ENDS] += (t.class == CLASS_END) as u32;
            counts.push(running);
        }
        PrefixCounts { counts }
    }

    /// The five counts between token positions `lo` and `hi`, each capped at 3.
    #[inline]
    fn between(&self, lo: usize, hi: usize) -> [u64; 5] {
        let (a, b) = (&self.counts[lo.min(hi)], &self.counts[hi.max(lo)]);
        std::array::from_fn(|k| (b[k] - a[k]).min(3) as u64)
    }
}

impl DocFeatures<'_> {
    pub fn cue_view(&self, start: usize, end: usize) -> CueView {
        let t = &self.tokens[start];
        CueView {
            start,
            end,
            stem: t.stem,
            word: t.word,
            next_word: self.word(end as isize),
            prev_word: self.word(start as isize - 1),
            next_class: self.tokens.get(end).map_or(9, |n| n.class),
            prev_class: if start > 0 { self.tokens[start - 1].class } else { 9 },
            sentence: self.sentence[start],
        }
    }

    /// Features of token `j` for the role tagger around `cue`, given the previous label.
    pub fn role_features(
        &self,
        counts: &PrefixCounts,
        cue: &CueView,
        j: usize,
        previous_label: usize,
    ) -> [u64; ROLE_FEATURES] {
        let t = &self.tokens[j];
        let right = j >= cue.end;
        let d = if right { (j - cue.end) as isize } else { j as isize - cue.start as isize };
        let dir = right as u64;
        let db = distance_bucket(d);
        let coarse = db.min(6) | (db & 16);
        let (lo, hi) = if right { (cue.end, j) } else { (j + 1, cue.start) };
        let [commas, quotes, colons, cues, ends] = counts.between(lo, hi);
        let relative_sentence = (self.sentence[j] as i64 - cue.sentence as i64).clamp(-2, 2) as u64;
        let pl = previous_label as u64;
        let that_after = (self.tokens.get(cue.end).is_some_and(|n| n.class == CLASS_THAT)) as u64;
        let ii = j as isize;
        [
            mix(mix(2, t.word), dir),
            mix(mix(3, t.word), db),
            mix(mix(mix(4, cue.stem), dir), coarse),
            mix(mix(mix(5, t.in_quote as u64), dir), relative_sentence),
            mix(mix(mix(7, commas), dir), coarse),
            mix(mix(mix(8, quotes), dir), t.in_quote as u64),
            mix(mix(11, pl), db),
            mix(mix(12, pl), t.word),
            mix(mix(mix(13, t.shape as u64), dir), coarse),
            mix(mix(14, cue.next_word), dir),
            mix(mix(15, cue.prev_word), dir),
            mix(mix(16, self.word(ii - 1)), dir),
            mix(mix(17, self.word(ii + 1)), dir),
            mix(mix(mix(18, that_after), dir), coarse),
            mix(mix(mix(19, colons), dir), relative_sentence),
            mix(mix(mix(mix(20, cue.next_class as u64), cue.prev_class as u64), dir), coarse),
            mix(mix(mix(21, cues), dir), coarse),
            mix(mix(22, t.begin_prior as u64), dir),
            mix(mix(mix(23, ends), dir), t.in_quote as u64),
            mix(mix(mix(24, pl), dir), t.class as u64),
            mix(mix(mix(25, cue.word), dir), t.shape as u64),
            mix(mix(mix(27, t.quote_mark as u64), dir), pl),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use echotrace_model::Document;

    #[test]
    fn the_ascii_path_hashes_as_the_general_one() {
        let mut buffer = String::new();
        for word in
            ["said", "Saying", "that", "THAT", "a", "pick-ups", "U.S.", "twelve-year", "1,000"]
        {
            let (fast, _) = WordParts::ascii(word).expect("short ASCII");
            let general = WordParts::general(word, &mut buffer);
            assert_eq!(
                (fast.word, fast.stem, fast.suffix, fast.that, fast.no_lower, fast.first_upper),
                (
                    general.word,
                    general.stem,
                    general.suffix,
                    general.that,
                    general.no_lower,
                    general.first_upper
                ),
                "{word}"
            );
        }
        assert!(WordParts::ascii("Zakharova’s").is_none());
        assert!(WordParts::ascii("internationalisation").is_none());
    }

    #[test]
    fn stems_and_quote_state() {
        assert_eq!(stem("says"), "say");
        assert_eq!(stem("saying"), "say");
        assert_eq!(stem("is"), "is");
        let doc = Document::new("d", "He said: “We left,” and \"so\" on.\nNext");
        let cx = Context::new(&doc);
        let (inside, marks) = quote_state(&cx);
        let words: Vec<(&str, bool)> =
            cx.tokens.iter().zip(&inside).map(|(t, &q)| (t.text(cx.text), q)).collect();
        assert_eq!(words[3], ("“", true));
        assert_eq!(words[4], ("We", true));
        assert_eq!(words[8], ("and", false));
        assert_eq!(words[10], ("so", true));
        assert_eq!(words[14], ("Next", false));
        assert_eq!(marks[3], 1);
        assert_eq!(marks[7], 2);
    }
}
