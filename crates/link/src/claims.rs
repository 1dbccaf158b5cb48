//! Claim clusters: claims that assert the same thing in different words, across documents.
//!
//! A claim is an attribution's content or a headline. Each becomes a set of content words
//! (lower-cased, stop words removed, Porter-stemmed); MinHash signatures with banding propose
//! candidate pairs, and a pair is kept when the IDF-weighted Jaccard similarity of the two word
//! sets reaches [`ClaimOptions::min_similarity`]. Kept pairs are joined transitively; clusters
//! that span at least two documents are returned, earliest claim first.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};

use crate::words::words;

/// One claim of one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claim {
    /// The caller's document key.
    pub doc: i64,
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// `[start, end)` code points of the claim in its document.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Who the document says made the claim (its attribution source), when known.
    pub source: Option<String>,
    pub source_vague: bool,
    /// Index of the attribution in its document, `None` for a headline.
    pub attribution: Option<usize>,
}

/// Settings of claim clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimOptions {
    /// IDF-weighted Jaccard similarity that makes two claims the same.
    pub min_similarity: f64,
    /// Claims with fewer content words are too short to compare.
    pub min_content_words: usize,
    /// MinHash bands and rows per band: `bands · rows` hashes per claim.
    pub bands: usize,
    pub rows: usize,
    /// Buckets with more claims than this are skipped (stock formulations).
    pub max_bucket: usize,
}

impl Default for ClaimOptions {
    fn default() -> Self {
        ClaimOptions {
            min_similarity: 0.5,
            min_content_words: 4,
            bands: 12,
            rows: 3,
            max_bucket: 500,
        }
    }
}

/// A group of claims; `members` index the input slice, earliest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimGroup {
    /// Stable while the earliest claim stays the earliest: `c` and 12 hex digits of the hash of
    /// its document and content words.
    pub id: String,
    pub members: Vec<usize>,
    /// Distinct documents and outlets among the members (a document without an outlet counts
    /// as one outlet).
    pub documents: usize,
    pub outlets: usize,
}

const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "between", "but", "by", "can", "could", "did", "do", "does",
    "during", "each", "for", "from", "had", "has", "have", "having", "he", "her", "here", "him",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "me", "might", "more",
    "most", "must", "my", "no", "not", "now", "of", "on", "once", "one", "only", "or", "other",
    "our", "out", "over", "said", "says", "say", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
];

/// Clusters `claims`; see the module documentation.
pub fn cluster_claims(claims: &[Claim], options: &ClaimOptions) -> Vec<ClaimGroup> {
    let stemmer = Stemmer::create(Algorithm::English);
    let stop: HashSet<&str> = STOP_WORDS.iter().copied().collect();
    let terms: Vec<Vec<u64>> =
        claims.iter().map(|c| content_terms(&c.text, &stemmer, &stop)).collect();

    let mut document_frequency: HashMap<u64, u32> = HashMap::new();
    for claim_terms in &terms {
        for term in claim_terms {
            *document_frequency.entry(*term).or_default() += 1;
        }
    }
    let total = claims.len().max(1) as f64;
    let idf = |term: &u64| {
        let df = f64::from(*document_frequency.get(term).unwrap_or(&1));
        (1.0 + total / df).ln()
    };

    let hashes = options.bands * options.rows;
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, claim_terms) in terms.iter().enumerate() {
        if claim_terms.len() < options.min_content_words {
            continue;
        }
        let signature: Vec<u64> = (0..hashes as u64)
            .map(|seed| {
                let salt = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(1);
                claim_terms.iter().map(|t| mix(t ^ salt)).min().unwrap_or(u64::MAX)
            })
            .collect();
        for (band, rows) in signature.chunks(options.rows.max(1)).enumerate() {
            let key = rows.iter().fold(band as u64 + 1, |acc, r| mix(acc ^ r));
            buckets.entry(key).or_default().push(i);
        }
    }

    let mut parent: Vec<usize> = (0..claims.len()).collect();
    let mut compared: HashSet<(usize, usize)> = HashSet::new();
    for members in buckets.values() {
        if members.len() < 2 || members.len() > options.max_bucket {
            continue;
        }
        for (n, &x) in members.iter().enumerate() {
            for &y in &members[n + 1..] {
                if claims[x].doc == claims[y].doc {
                    continue;
                }
                // Already in one cluster: nothing to learn (and nothing to remember), which
                // keeps a claim repeated by hundreds of documents from costing quadratic memory.
                let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
                if rx == ry || !compared.insert((x.min(y), x.max(y))) {
                    continue;
                }
                if weighted_jaccard(&terms[x], &terms[y], &idf) >= options.min_similarity {
                    parent[rx.max(ry)] = rx.min(ry);
                }
            }
        }
    }

    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..claims.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut out: Vec<ClaimGroup> = groups
        .into_values()
        .filter_map(|mut members| {
            let documents: HashSet<i64> = members.iter().map(|&m| claims[m].doc).collect();
            if documents.len() < 2 {
                return None;
            }
            members.sort_by(|&x, &y| chronological(&claims[x], &claims[y]));
            // A document without an outlet counts as an outlet of its own: an unknown
            // publisher is not known to be one of the others.
            let outlets: HashSet<String> = members
                .iter()
                .map(|&m| match claims[m].outlet.as_deref() {
                    Some(outlet) => outlet.to_lowercase(),
                    None => format!("\u{0}document {}", claims[m].doc),
                })
                .collect();
            let first = &claims[members[0]];
            let mut key = first.doc.to_le_bytes().to_vec();
            for term in &terms[members[0]] {
                key.extend_from_slice(&term.to_le_bytes());
            }
            let id = format!("c{:012x}", xxhash_rust::xxh3::xxh3_64(&key) >> 16);
            Some(ClaimGroup { id, documents: documents.len(), outlets: outlets.len(), members })
        })
        .collect();
    out.sort_by(|a, b| b.documents.cmp(&a.documents).then_with(|| a.id.cmp(&b.id)));
    out
}

/// Earlier publication first; undated claims after dated ones; then by document and position.
fn chronological(a: &Claim, b: &Claim) -> std::cmp::Ordering {
    let day = |c: &Claim| (c.published.is_none(), c.published.clone());
    day(a).cmp(&day(b)).then(a.doc.cmp(&b.doc)).then(a.start.cmp(&b.start))
}

fn content_terms(text: &str, stemmer: &Stemmer, stop: &HashSet<&str>) -> Vec<u64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<u64> = words(text)
        .into_iter()
        .filter_map(|w| {
            let word: String = chars[w.chars].iter().flat_map(|c| c.to_lowercase()).collect();
            if word.chars().count() < 2 || stop.contains(word.as_str()) {
                return None;
            }
            Some(xxhash_rust::xxh3::xxh3_64(stemmer.stem(&word).as_bytes()))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn weighted_jaccard(x: &[u64], y: &[u64], idf: &impl Fn(&u64) -> f64) -> f64 {
    let (mut i, mut j) = (0, 0);
    let (mut shared, mut union) = (0.0, 0.0);
    while i < x.len() || j < y.len() {
        if j == y.len() || (i < x.len() && x[i] < y[j]) {
            union += idf(&x[i]);
            i += 1;
        } else if i == x.len() || y[j] < x[i] {
            union += idf(&y[j]);
            j += 1;
        } else {
            let w = idf(&x[i]);
            shared += w;
            union += w;
            i += 1;
            j += 1;
        }
    }
    if union == 0.0 {
        0.0
    } else {
        shared / union
    }
}

fn mix(mut x: u64) -> u64 {
    // SplitMix64's finaliser: cheap and well spread.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(doc: i64, day: &str, outlet: &str, text: &str) -> Claim {
        Claim {
            doc,
            published: Some(day.to_string()),
            outlet: Some(outlet.to_string()),
            end: text.chars().count(),
            text: text.to_string(),
            ..Claim::default()
        }
    }

    #[test]
    fn rephrasings_across_documents_cluster_and_unrelated_claims_do_not() {
        let claims = [
            claim(3, "2018-09-05", "C", "the White Helmets are preparing a staged chemical attack in Idlib province"),
            claim(1, "2018-09-01", "A", "White Helmets preparing staged chemical attack in Idlib"),
            claim(2, "2018-09-03", "B", "militants of the White Helmets are preparing a chemical attack to be staged in Idlib"),
            claim(4, "2018-09-02", "D", "the central bank will keep interest rates unchanged until next spring"),
            claim(5, "2018-09-02", "E", "oil prices fell for a third day as demand weakened in Asia"),
        ];
        let groups = cluster_claims(&claims, &ClaimOptions::default());
        assert_eq!(groups.len(), 1, "{groups:?}");
        let group = &groups[0];
        assert_eq!(group.members, [1, 2, 0], "earliest first");
        assert_eq!((group.documents, group.outlets), (3, 3));
        assert!(group.id.starts_with('c') && group.id.len() == 13);
    }

    #[test]
    fn claims_of_one_document_alone_are_not_a_cluster() {
        let claims = [
            claim(1, "2018-09-01", "A", "White Helmets preparing staged chemical attack in Idlib"),
            claim(
                1,
                "2018-09-01",
                "A",
                "White Helmets preparing a staged chemical attack in Idlib",
            ),
        ];
        assert!(cluster_claims(&claims, &ClaimOptions::default()).is_empty());
    }

    #[test]
    fn short_claims_are_ignored() {
        let claims =
            [claim(1, "2018-09-01", "A", "he lied"), claim(2, "2018-09-02", "B", "he lied")];
        assert!(cluster_claims(&claims, &ClaimOptions::default()).is_empty());
    }
}
