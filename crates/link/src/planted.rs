//! Scores reuse pairs found in a corpus against the passages a generator planted in it
//! (`echotrace synth --truth`): recall of the planted passages, and how many found pairs the
//! planted reuse explains.
//!
//! A planted passage is **found** when a pair links its two documents (in either direction)
//! with sides overlapping the planted spans. A found pair is **explained** when both of its
//! sides overlap stretches of one planted group: a source passage and every copy of it (two
//! documents that copied the same passage share it too, and a copy that was copied again
//! passes it on), grouped by [`passage_clusters`]. Pairs not explained are reuse no one
//! planted: chance agreement of generated text, or boilerplate that pruning let through.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use crate::eval::ratio;

/// One planted or found pair: two `(document id, [start, end))` sides, code points.
pub type SpanPair = [(String, Range<usize>); 2];

/// The outcome of [`score_planted`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlantedScore {
    pub planted: usize,
    pub found: usize,
    pub pairs: usize,
    pub explained: usize,
}

impl PlantedScore {
    /// Found planted passages / planted passages.
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.planted)
    }
    /// Explained pairs / found pairs.
    pub fn precision(&self) -> f64 {
        ratio(self.explained, self.pairs)
    }
}

impl fmt::Display for PlantedScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "planted passages {}: found {} (recall {:.3}); reuse pairs {}: explained by planted \
             reuse {} (precision {:.3}), unexplained {}",
            self.planted,
            self.found,
            self.recall(),
            self.pairs,
            self.explained,
            self.precision(),
            self.pairs - self.explained
        )
    }
}

fn overlaps(x: &Range<usize>, y: &Range<usize>) -> bool {
    x.start < y.end && y.start < x.end
}

/// Groups planted passages whose stretches overlap at all in some document (text flows on
/// through any shared stretch); the result names each passage's group by its smallest index.
fn planted_groups(sides: &[[(i64, Range<usize>); 2]]) -> Vec<usize> {
    crate::reuse::overlap_groups(sides, |_, _| true)
}

/// Scores `found` (source, target) pairs against `planted` (source, target) passages.
pub fn score_planted(planted: &[SpanPair], found: &[SpanPair]) -> PlantedScore {
    let mut keys: HashMap<&str, i64> = HashMap::new();
    for [(s, _), (t, _)] in planted {
        for id in [s, t] {
            let next = keys.len() as i64;
            keys.entry(id.as_str()).or_insert(next);
        }
    }
    let planted_sides: Vec<[(i64, Range<usize>); 2]> = planted
        .iter()
        .map(|[(s, sr), (t, tr)]| [(keys[s.as_str()], sr.clone()), (keys[t.as_str()], tr.clone())])
        .collect();
    let groups = planted_groups(&planted_sides);
    // Per document, its planted stretches with their group and passage.
    let mut stretches: HashMap<i64, Vec<(Range<usize>, usize, usize)>> = HashMap::new();
    for (i, sides) in planted_sides.iter().enumerate() {
        for (doc, range) in sides {
            stretches.entry(*doc).or_default().push((range.clone(), groups[i], i));
        }
    }
    let mut is_found = vec![false; planted.len()];
    let mut explained = 0;
    for [(a, ar), (b, br)] in found {
        let (Some(&ka), Some(&kb)) = (keys.get(a.as_str()), keys.get(b.as_str())) else {
            continue;
        };
        let empty = Vec::new();
        let on_a: Vec<&(Range<usize>, usize, usize)> =
            stretches.get(&ka).unwrap_or(&empty).iter().filter(|s| overlaps(&s.0, ar)).collect();
        let on_b: Vec<&(Range<usize>, usize, usize)> =
            stretches.get(&kb).unwrap_or(&empty).iter().filter(|s| overlaps(&s.0, br)).collect();
        let mut explains = false;
        for x in &on_a {
            for y in &on_b {
                explains |= x.1 == y.1;
                if x.2 == y.2 {
                    // Both sides of one planted passage: found, whichever the direction.
                    let [(ps, _), (pt, _)] = &planted_sides[x.2];
                    if (*ps, *pt) == (ka, kb) || (*ps, *pt) == (kb, ka) {
                        is_found[x.2] = true;
                    }
                }
            }
        }
        explained += usize::from(explains);
    }
    PlantedScore {
        planted: planted.len(),
        found: is_found.iter().filter(|&&f| f).count(),
        pairs: found.len(),
        explained,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: &str, ar: Range<usize>, b: &str, br: Range<usize>) -> SpanPair {
        [(a.to_string(), ar), (b.to_string(), br)]
    }

    #[test]
    fn found_explained_and_unexplained_pairs_are_counted() {
        let planted = [
            pair("a", 100..400, "b", 0..290),  // a → b
            pair("a", 150..450, "c", 50..340), // a → c: b and c share it
            pair("b", 0..200, "d", 500..700),  // b → d: a chain a → b → d
            pair("e", 0..300, "f", 0..300),    // not found
        ];
        let found = [
            pair("a", 110..390, "b", 5..280),   // finds planted 0
            pair("c", 60..330, "a", 160..440),  // finds planted 1, reversed
            pair("b", 10..250, "c", 60..300),   // siblings: explained, finds nothing
            pair("a", 120..300, "d", 510..690), // the chain: explained
            pair("b", 600..700, "e", 400..500), // nothing planted there
            pair("x", 0..100, "y", 0..100),     // unknown documents
        ];
        let score = score_planted(&planted, &found);
        assert_eq!(score, PlantedScore { planted: 4, found: 2, pairs: 6, explained: 4 });
        assert!((score.recall() - 0.5).abs() < 1e-9);
        assert!((score.precision() - 4.0 / 6.0).abs() < 1e-9);
        assert!(score.to_string().contains("recall 0.500"), "{score}");
    }

    #[test]
    fn a_copy_of_part_of_a_copy_passes_the_passage_on() {
        let planted = [
            pair("a", 0..300, "b", 100..400), // a → b
            pair("b", 350..700, "c", 0..350), // b → c: 50 of its 350 code points came from a
        ];
        let found = [pair("a", 250..300, "c", 0..50)];
        assert_eq!(score_planted(&planted, &found).explained, 1);
    }

    #[test]
    fn a_pair_in_the_right_documents_but_elsewhere_finds_nothing() {
        let planted = [pair("a", 100..400, "b", 0..290)];
        let found = [pair("a", 500..700, "b", 400..600)];
        let score = score_planted(&planted, &found);
        assert_eq!((score.found, score.explained), (0, 0));
    }
}
