//! Words with their code point offsets: the unit that reuse detection and claim clustering
//! compare.
//!
//! A word is a maximal run of alphanumeric characters, lower-cased. Punctuation, quote marks
//! and whitespace separate words and are otherwise ignored, so that `"Idlib"`, `“Idlib”` and
//! `«Idlib»` compare equal and a changed quote style does not break a match.

use std::ops::Range;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Hash of the lower-cased word.
    pub hash: u64,
    /// `[start, end)` in code points of the text.
    pub chars: Range<usize>,
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut lowered = String::new();
    let mut start = None;
    let mut position = 0usize;
    for c in text.chars() {
        // ASCII first: the same answers as the Unicode methods, without their tables.
        let alphanumeric =
            if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() };
        if alphanumeric {
            if start.is_none() {
                start = Some(position);
                lowered.clear();
            }
            if c.is_ascii() {
                lowered.push(c.to_ascii_lowercase());
            } else {
                lowered.extend(c.to_lowercase());
            }
        } else if let Some(begin) = start.take() {
            out.push(Word { hash: hash_word(&lowered), chars: begin..position });
        }
        position += 1;
    }
    if let Some(begin) = start {
        out.push(Word { hash: hash_word(&lowered), chars: begin..position });
    }
    out
}

fn hash_word(word: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(word.as_bytes())
}

/// The hash of the `n` words starting at each position (`words.len() - n + 1` values, none when
/// the text is shorter than `n` words).
pub fn shingles(words: &[Word], n: usize) -> impl Iterator<Item = (usize, u64)> + '_ {
    let n = n.max(1);
    words.windows(n).enumerate().map(|(position, window)| {
        let mut hash = 0x9e37_79b9_7f4a_7c15_u64;
        for word in window {
            // Order matters: rotate before mixing so that "a b" and "b a" differ.
            hash = (hash.rotate_left(23) ^ word.hash).wrapping_mul(0x0100_0000_01b3);
        }
        (position, hash ^ (hash >> 29))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        words(text).iter().map(|w| chars[w.chars.clone()].iter().collect()).collect()
    }

    #[test]
    fn words_are_alphanumeric_runs_with_code_point_offsets() {
        assert_eq!(texts("«Élan» vital, don’t 42!"), ["Élan", "vital", "don", "t", "42"]);
        let w = words("\u{feff}Ab cd");
        assert_eq!(w[0].chars, 1..3, "a BOM counts as one code point");
        assert_eq!(w[1].chars, 4..6);
        assert!(words("  ,,, ").is_empty());
    }

    #[test]
    fn case_and_quotes_do_not_change_hashes() {
        let a: Vec<u64> = words("\"The White Helmets\"").iter().map(|w| w.hash).collect();
        let b: Vec<u64> = words("“the white HELMETS”").iter().map(|w| w.hash).collect();
        assert_eq!(a, b);
    }

    #[test]
    fn shingles_depend_on_order() {
        let ab: Vec<u64> = shingles(&words("alpha beta"), 2).map(|(_, h)| h).collect();
        let ba: Vec<u64> = shingles(&words("beta alpha"), 2).map(|(_, h)| h).collect();
        assert_eq!(ab.len(), 1);
        assert_ne!(ab, ba);
        assert_eq!(shingles(&words("one two"), 5).count(), 0);
    }
}
