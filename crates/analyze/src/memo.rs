//! A bounded memo from a word to a value computed from that word alone: what analysers keep in
//! per-thread caches (stems, token facts, gazetteer keys), so that a word form met again in a
//! document or a corpus costs a lookup, not the computation.
//!
//! ```
//! use echotrace_analyze::WordMemo;
//!
//! let mut lengths = WordMemo::new(2);
//! assert_eq!(lengths.get_or_compute("Idlib", |w| w.len()), 5);
//! assert_eq!(lengths.get_or_compute("Idlib", |_| unreachable!("remembered")), 5);
//! ```

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hasher (the one rustc uses): the keys are short words from one process,
/// so SipHash's protection against chosen keys buys nothing and costs most of a lookup.
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

/// Word → value, cleared when it would pass `limit` entries, so memory stays bounded whatever
/// the stream. The value must depend on the word alone: then what the memo holds never changes
/// a result.
#[derive(Debug, Clone)]
pub struct WordMemo<V> {
    map: HashMap<String, V, BuildHasherDefault<WordHasher>>,
    limit: usize,
}

impl<V: Clone> WordMemo<V> {
    pub fn new(limit: usize) -> Self {
        WordMemo { map: HashMap::default(), limit: limit.max(1) }
    }

    /// The value of `word`: remembered, or `compute(word)` remembered now.
    pub fn get_or_compute(&mut self, word: &str, compute: impl FnOnce(&str) -> V) -> V {
        if let Some(value) = self.map.get(word) {
            return value.clone();
        }
        let value = compute(word);
        if self.map.len() >= self.limit {
            self.map.clear();
        }
        self.map.insert(word.to_string(), value.clone());
        value
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_word_and_stays_within_its_limit() {
        let mut calls = 0;
        let mut memo = WordMemo::new(3);
        for word in ["a", "bb", "a", "ccc", "bb", "dddd", "eeeee"] {
            let len = memo.get_or_compute(word, |w| {
                calls += 1;
                w.len()
            });
            assert_eq!(len, word.len());
            assert!(memo.len() <= 3);
        }
        // a, bb, ccc computed; dddd clears the full memo; eeeee joins it.
        assert_eq!(calls, 5);
        assert_eq!(memo.len(), 2);
    }
}
