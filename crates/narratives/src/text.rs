//! Text normalisation and tokenisation shared by the retrievers.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::OnceLock;

use echotrace_analyze::WordMemo;
use rust_stemmers::{Algorithm, Stemmer};

/// English function words that carry no topic; dropped before indexing and querying.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from",
    "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "just", "me", "more", "most", "my", "no", "not", "of", "on", "or", "our", "out",
    "over", "said", "says", "she", "so", "some", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "to", "too", "up", "us", "was", "we", "were",
    "what", "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you", "your",
    "s", "t", "rt", "amp", "via",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

fn is_stopword(word: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect()).contains(word)
}

/// Distinct words a thread remembers the stems of before it starts afresh: far more than the
/// vocabulary of a batch of news, so in practice the stemmer runs once per word form.
const STEM_CACHE_LIMIT: usize = 200_000;

thread_local! {
    /// Lower-cased word → its stem, or `None` for a stopword. Stemming is the costliest step of
    /// [`terms`], and every sentence of every document passes through it several times.
    static STEMS: RefCell<WordMemo<Option<String>>> = RefCell::new(WordMemo::new(STEM_CACHE_LIMIT));
}

/// Appends the stem of `word` to `out` unless it is a stopword; `lower` is scratch space.
fn push_stem(word: &str, lower: &mut String, out: &mut Vec<String>) {
    lower.clear();
    if word.is_ascii() {
        lower.push_str(word);
        lower.make_ascii_lowercase();
    } else {
        lower.push_str(&word.to_lowercase());
    }
    let stem = STEMS.with(|cache| {
        cache
            .borrow_mut()
            .get_or_compute(lower, |w| (!is_stopword(w)).then(|| stemmer().stem(w).into_owned()))
    });
    out.extend(stem);
}

/// Lower-cased, stemmed content words of `text`. Letters and digits form words; everything
/// else separates them. CamelCase is split (`#DefundTheCBC` → `defund the cbc`) so hashtags and
/// handles meet the words of ordinary prose.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut lower = String::new();
    let mut prev: Option<char> = None;
    let mut flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            push_stem(word, &mut lower, out);
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            // A lower→upper change inside a word starts a new word (camel case).
            if let Some(p) = prev {
                if p.is_lowercase() && c.is_uppercase() {
                    flush(&mut word, &mut out);
                }
            }
            word.push(c);
        } else {
            // Apostrophes (possessives, contractions: the stem before it stays) and every
            // other non-word character end a word.
            flush(&mut word, &mut out);
        }
        prev = Some(c);
    }
    flush(&mut word, &mut out);
    out
}

/// Removes what a tweet carries besides its claim: links, the embedded signature
/// (`— Name (@handle) January 14, 2020`), `pic.twitter.com` references and the `@`/`#` marks
/// (the words themselves stay; [`terms`] splits their camel case).
pub fn normalize_tweet(tweet: &str) -> String {
    let body = match tweet.rfind(" — ").or_else(|| tweet.rfind("— ")) {
        // The signature follows the last em dash; keep the handle words but not the date.
        Some(i) => {
            let (head, tail) = tweet.split_at(i);
            let handle_part = tail.split(')').next().unwrap_or("");
            format!("{head} {handle_part}")
        }
        None => tweet.to_string(),
    };
    let mut out = String::with_capacity(body.len());
    for piece in body.split_whitespace() {
        let lower = piece.to_ascii_lowercase();
        if let Some(pos) = lower.find("http").or_else(|| lower.find("pic.twitter.com")) {
            // `#DefundTheCBChttps://t.co/…`: keep what precedes the glued link.
            out.push_str(&piece[..pos]);
            out.push(' ');
            continue;
        }
        out.push_str(piece.trim_start_matches(['@', '#']));
        out.push(' ');
    }
    out.replace(['#', '@'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &[&str]) {
        assert_eq!(terms(input), expect, "terms of {input:?}");
    }

    #[test]
    fn terms_stem_drop_stopwords_and_split_camel_case() {
        check("The White Helmets staged attacks", &["white", "helmet", "stage", "attack"]);
        check("#DefundTheCBC now", &["defund", "cbc", "now"]);
        check("Russia's claims", &["russia", "claim"]);
        check("", &[]);
    }

    #[test]
    fn tweets_lose_links_and_signature_date() {
        let tweet = "CBC deletes Trump #Defund https://t.co/x — Brad (@BradT) December 26, 2019";
        let normal = normalize_tweet(tweet);
        assert!(!normal.contains("http"), "{normal}");
        assert!(!normal.contains("2019"), "{normal}");
        assert!(normal.contains("Defund"), "{normal}");
        assert!(normal.contains("BradT"), "{normal}");
    }
}
