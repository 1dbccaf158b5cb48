//! The cue lexicon learned from PolNeAR's training split: for each word, how often it begins a
//! cue, how often it continues one, and how often it occurs. Saved as a small TSV
//! (`models/cue_lexicon.tsv`) that people can read; the taggers see it as coarse buckets.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::features::{hash_bytes, stem, word_hash};
use crate::{Error, Result};

/// Counts of one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CueCounts {
    pub begins: u32,
    pub inside: u32,
    pub total: u32,
}

/// Word statistics for cue detection.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Word hash → (begin bucket, inside bucket, [`crate::vocab`] flags): one probe per token
    /// answers both the taggers and the rules.
    entries: PrehashedMap<(u8, u8, u32)>,
    /// "begins a cue" buckets per crude stem, so that an unseen inflection ("pledged") borrows
    /// the record of a seen one ("pledge").
    stems: PrehashedMap<u8>,
}

impl Default for Lexicon {
    /// No cue statistics, only the word classes of the rules.
    fn default() -> Self {
        Lexicon::from_counts(std::iter::empty())
    }
}

/// A map keyed by xxh3 hashes.
pub(crate) type PrehashedMap<V> = HashMap<u64, V, BuildHasherDefault<PrehashedKey>>;

/// The keys are xxh3 hashes already: hashing them again (SipHash) would only cost time.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PrehashedKey(u64);

impl Hasher for PrehashedKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// A ratio in six buckets; 0 is "never seen in a cue".
fn bucket(hits: u32, total: u32) -> u8 {
    if hits == 0 {
        return 0;
    }
    let ratio = hits as f32 / (total as f32 + 1.0);
    let b = match ratio {
        r if r < 0.02 => 1,
        r if r < 0.1 => 2,
        r if r < 0.3 => 3,
        r if r < 0.6 => 4,
        _ => 5,
    };
    // Words seen in cues only once or twice are not evidence of much.
    if hits < 3 {
        b.min(2) + 8
    } else {
        b
    }
}

impl Lexicon {
    /// The (begin, inside) buckets and the vocabulary flags of a word hash.
    #[inline]
    pub(crate) fn entry(&self, word: u64) -> (u8, u8, u32) {
        self.entries.get(&word).copied().unwrap_or((0, 0, 0))
    }

    /// The "begins a cue" bucket of a stem hash ([`hash_bytes`] of [`stem`] of the lower-cased word).
    pub(crate) fn stem_bucket(&self, stem: u64) -> u8 {
        self.stems.get(&stem).copied().unwrap_or(0)
    }

    /// Builds the lexicon from counts.
    pub fn from_counts<'a>(counts: impl IntoIterator<Item = (&'a str, CueCounts)>) -> Self {
        let mut buffer = String::new();
        let mut entries: PrehashedMap<(u8, u8, u32)> = HashMap::default();
        let mut stem_counts: HashMap<u64, (u32, u32)> = HashMap::new();
        for (word, c) in counts {
            let hash = word_hash(word, &mut buffer);
            entries.insert(hash, (bucket(c.begins, c.total), bucket(c.inside, c.total), 0));
            let entry = stem_counts.entry(hash_bytes(stem(&buffer).as_bytes())).or_default();
            entry.0 += c.begins;
            entry.1 += c.total;
        }
        for (&hash, &flags) in crate::vocab::VOCABULARY.iter() {
            entries.entry(hash).or_insert((0, 0, 0)).2 |= flags;
        }
        let stems = stem_counts.into_iter().map(|(k, (b, t))| (k, bucket(b, t))).collect();
        Lexicon { entries, stems }
    }

    /// Parses `word<TAB>begins<TAB>inside<TAB>total` lines (a `#` line is a comment).
    pub fn from_tsv(tsv: &str) -> Result<Self> {
        let mut counts = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let number = |i: usize| -> Result<u32> {
                fields
                    .get(i)
                    .and_then(|f| f.parse().ok())
                    .ok_or_else(|| Error::Model(format!("cue lexicon line {}: bad counts", n + 1)))
            };
            counts.push((
                fields[0],
                CueCounts { begins: number(1)?, inside: number(2)?, total: number(3)? },
            ));
        }
        Ok(Lexicon::from_counts(counts))
    }

    /// Words with cue statistics.
    pub fn len(&self) -> usize {
        self.entries.values().filter(|e| (e.0, e.1) != (0, 0)).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Writes counts as the TSV that [`Lexicon::from_tsv`] reads, most frequent cue words first.
pub fn counts_to_tsv(counts: &HashMap<String, CueCounts>) -> String {
    let mut rows: Vec<(&String, &CueCounts)> =
        counts.iter().filter(|(_, c)| c.begins + c.inside > 0).collect();
    rows.sort_by(|a, b| {
        (b.1.begins + b.1.inside).cmp(&(a.1.begins + a.1.inside)).then(a.0.cmp(b.0))
    });
    let mut out = String::from(
        "# word\tbegins_cue\tinside_cue\toccurrences (PolNeAR train; see train_attribution)\n",
    );
    for (word, c) in rows {
        out.push_str(&format!("{word}\t{}\t{}\t{}\n", c.begins, c.inside, c.total));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_words_by_their_cue_rate() {
        let lexicon =
            Lexicon::from_tsv("# header\nsaid\t90\t2\t100\nthe\t3\t0\t1000\n").expect("valid");
        let mut buffer = String::new();
        assert_eq!(lexicon.entry(word_hash("Said", &mut buffer)).0, 5);
        assert_eq!(lexicon.entry(word_hash("the", &mut buffer)).0, 1);
        assert_eq!(lexicon.entry(word_hash("unseen", &mut buffer)), (0, 0, 0));
        assert_eq!(lexicon.len(), 2);
        assert!(Lexicon::from_tsv("said\tx\t1\t2").is_err());
    }
}
