//! Body sentences that are new at every draw: a word-bigram walk over the real articles'
//! sentences that never reproduces five consecutive words of them.
//!
//! Whole real sentences cannot fill a large corpus: 371 articles give about 16,000 sentences,
//! so in a million documents each would recur in about 1,100 of them, and every two documents
//! sharing a sentence share a passage of real text that no one planted (a 10,000-document
//! corpus built that way gave 585,000 reuse pairs against 3,953 planted). A bigram walk keeps
//! the articles' vocabulary, capitals, punctuation and local word order, and the guard below
//! keeps it from copying runs of them: the 5-word shingles reuse detection compares are then
//! new in almost every sentence, whatever the corpus size, and the only long runs two
//! documents share are the planted passages and the outlets' boilerplate.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::random::Random;

/// Words per guarded run: no run of this many words (alphanumeric runs, lower-cased, as the
/// reuse detector cuts them) of a generated sentence is a run of the articles.
pub(crate) const GUARDED_WORDS: usize = 5;
/// A walk is cut (and closed with a full stop) at this many tokens.
const MAX_TOKENS: usize = 40;
/// Shorter walks are not cut by the guard: they take the follower anyway.
const MIN_TOKENS: usize = 4;
/// Tokens of this many words or more (links, paths) are left out of the model.
const LONG_TOKEN_WORDS: usize = 4;
/// Followers tried before the guard gives up.
const TRIES: usize = 8;

/// Already-mixed 64-bit hashes are their own keys.
#[derive(Debug, Default, Clone, Copy)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// A token (whitespace-separated piece of a sentence) ends its sentence when it is followed by
/// this marker in [`Bigrams::tokens`].
const END: u32 = u32::MAX;

/// The walk's material: the articles' sentences as token ids, where each token type occurs,
/// and the hashes of every guarded run of the articles.
#[derive(Debug, Clone)]
pub(crate) struct Bigrams {
    /// Token ids of all sentences, each sentence followed by [`END`].
    tokens: Vec<u32>,
    /// Where sentences start in `tokens`.
    starts: Vec<u32>,
    /// For each token id, its positions in `tokens`.
    occurrences: Vec<Vec<u32>>,
    /// For each token id, its text and the hashes of its words.
    texts: Vec<Box<str>>,
    words: Vec<Box<[u64]>>,
    /// Hashes of every run of [`GUARDED_WORDS`] words inside a sentence of the articles.
    guarded: HashSet<u64, BuildHasherDefault<Identity>>,
}

impl Bigrams {
    pub(crate) fn new<S: AsRef<str>>(sentences: &[S]) -> Bigrams {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut model = Bigrams {
            tokens: Vec::new(),
            starts: Vec::new(),
            occurrences: Vec::new(),
            texts: Vec::new(),
            words: Vec::new(),
            guarded: HashSet::default(),
        };
        for sentence in sentences {
            if model.tokens.last().is_some_and(|&t| t != END) {
                model.tokens.push(END);
            }
            let mut window: Vec<u64> = Vec::new();
            for token in sentence.as_ref().split_whitespace() {
                if word_hashes(token).len() >= LONG_TOKEN_WORDS {
                    // A link or a path: its own words are a run of the articles. The walk
                    // never takes it; the sentence is cut there.
                    if model.tokens.last().is_some_and(|&t| t != END) {
                        model.tokens.push(END);
                    }
                    window.clear();
                    continue;
                }
                if model.tokens.last().is_none_or(|&t| t == END) {
                    model.starts.push(model.tokens.len() as u32);
                }
                let id = *ids.entry(token).or_insert_with(|| {
                    model.texts.push(token.into());
                    model.words.push(word_hashes(token).into());
                    model.occurrences.push(Vec::new());
                    (model.texts.len() - 1) as u32
                });
                model.occurrences[id as usize].push(model.tokens.len() as u32);
                model.tokens.push(id);
                for &word in &*model.words[id as usize] {
                    window.push(word);
                    if window.len() >= GUARDED_WORDS {
                        model.guarded.insert(run_hash(&window[window.len() - GUARDED_WORDS..]));
                    }
                }
            }
            if model.tokens.last().is_some_and(|&t| t != END) {
                model.tokens.push(END);
            }
        }
        model
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Whether `words` (at least [`GUARDED_WORDS`] of them) end with a run of the articles.
    #[cfg(test)]
    pub(crate) fn ends_with_article_run(&self, words: &[u64]) -> bool {
        words.len() >= GUARDED_WORDS
            && self.guarded.contains(&run_hash(&words[words.len() - GUARDED_WORDS..]))
    }

    /// One sentence: from the first token of a random article sentence, each next token is
    /// what follows a random occurrence of the current one, until a token that ends its
    /// sentence. A follower that would complete a run of the articles is redrawn; when every
    /// try would, the sentence ends there (with a full stop).
    pub(crate) fn sentence(&self, random: &mut Random) -> String {
        let mut at = self.starts[random.below(self.starts.len())] as usize;
        let mut out = String::new();
        let mut window: Vec<u64> = Vec::with_capacity(MAX_TOKENS * 2);
        let mut count = 0;
        loop {
            let id = self.tokens[at];
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&self.texts[id as usize]);
            window.extend_from_slice(&self.words[id as usize]);
            count += 1;
            if count >= MAX_TOKENS {
                break;
            }
            let occurrences = &self.occurrences[id as usize];
            let mut next = None;
            for _ in 0..TRIES {
                let candidate = occurrences[random.below(occurrences.len())] as usize + 1;
                let follower = self.tokens[candidate];
                if follower == END || count < MIN_TOKENS || !self.completes_run(&window, follower) {
                    next = Some(candidate);
                    break;
                }
            }
            match next {
                Some(candidate) if self.tokens[candidate] != END => at = candidate,
                // The article's sentence ends here: so does this one.
                Some(_) => return out,
                None => break,
            }
        }
        if !out.ends_with(['.', '!', '?', '"', '\u{201d}']) {
            out.push('.');
        }
        out
    }

    /// Whether appending `follower`'s words to `window` makes any run of the articles.
    fn completes_run(&self, window: &[u64], follower: u32) -> bool {
        let added = &self.words[follower as usize];
        if added.is_empty() {
            return false;
        }
        let mut run: Vec<u64> = window[window.len().saturating_sub(GUARDED_WORDS - 1)..].to_vec();
        for &word in &**added {
            run.push(word);
            if run.len() >= GUARDED_WORDS
                && self.guarded.contains(&run_hash(&run[run.len() - GUARDED_WORDS..]))
            {
                return true;
            }
        }
        false
    }
}

/// The hashes of a token's words: its maximal alphanumeric runs, lower-cased (`"U.S.-led"` is
/// `u`, `s`, `led`), as `echotrace-link` cuts text.
pub(crate) fn word_hashes(token: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut hash: Option<u64> = None;
    for c in token.chars() {
        if c.is_alphanumeric() {
            let h = hash.unwrap_or(0xcbf2_9ce4_8422_2325);
            let mut mixed = h;
            for lower in c.to_lowercase() {
                mixed = (mixed ^ u64::from(u32::from(lower))).wrapping_mul(0x0100_0000_01b3);
            }
            hash = Some(mixed);
        } else if let Some(h) = hash.take() {
            out.push(h);
        }
    }
    out.extend(hash);
    out
}

fn run_hash(words: &[u64]) -> u64 {
    let mut hash = 0x9e37_79b9_7f4a_7c15_u64;
    for &word in words {
        hash = (hash.rotate_left(23) ^ word).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
    hash ^ (hash >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<u64> {
        text.split_whitespace().flat_map(word_hashes).collect()
    }

    #[test]
    fn words_are_cut_as_the_reuse_detector_cuts_them() {
        assert_eq!(word_hashes("U.S.-led").len(), 3);
        assert_eq!(word_hashes("\u{201c}Idlib,\u{201d}"), word_hashes("idlib"));
        assert!(word_hashes("—").is_empty());
    }

    /// Sentences of 8–16 words drawn from a 40-word vocabulary: many bigrams, and every
    /// 5-word run of them guarded.
    fn invented_sentences() -> Vec<String> {
        let vocabulary: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
        let mut random = Random::for_stream(11, 0);
        (0..300)
            .map(|_| {
                let n = random.between(8, 16);
                let words: Vec<&str> =
                    (0..n).map(|_| vocabulary[random.below(40)].as_str()).collect();
                format!("{}.", words.join(" "))
            })
            .collect()
    }

    #[test]
    fn walks_never_copy_five_words_of_the_articles() {
        let sentences = invented_sentences();
        let model = Bigrams::new(&sentences);
        let mut random = Random::for_stream(3, 9);
        let mut seen = HashSet::new();
        let mut lengths = 0;
        for _ in 0..500 {
            let sentence = model.sentence(&mut random);
            assert!(sentence.ends_with('.'), "{sentence}");
            let words = words_of(&sentence);
            lengths += words.len();
            assert!(words.len() <= MAX_TOKENS, "{sentence}");
            for end in GUARDED_WORDS..=words.len() {
                assert!(!model.ends_with_article_run(&words[..end]), "{sentence}");
            }
            seen.insert(sentence);
        }
        assert!(seen.len() > 490, "walks differ: {} distinct of 500", seen.len());
        assert!(lengths / 500 >= 5, "sentences of {} words on average", lengths / 500);
    }

    #[test]
    fn the_articles_runs_are_all_guarded() {
        let sentences = invented_sentences();
        let model = Bigrams::new(&sentences);
        for sentence in &sentences {
            let words = words_of(sentence);
            for end in GUARDED_WORDS..=words.len() {
                assert!(model.ends_with_article_run(&words[..end]));
            }
        }
        // A run that is not in the articles is not.
        assert!(!model.ends_with_article_run(&words_of("word1 word1 word1 word1 word1 word1")));
    }
}
