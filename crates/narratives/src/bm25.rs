//! Okapi BM25 over a small in-memory collection.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use echotrace_analyze::WordHasher;

/// Term → postings, hashed with [`WordHasher`]: every claim of every document probes it once per
/// term.
type Postings = HashMap<String, Vec<(u32, u32)>, BuildHasherDefault<WordHasher>>;

/// BM25 parameters: `k1` saturates term frequency, `b` normalises by document length.
#[derive(Debug, Clone, Copy)]
pub struct Bm25Params {
    pub k1: f32,
    pub b: f32,
}

impl Default for Bm25Params {
    fn default() -> Self {
        Bm25Params { k1: 1.2, b: 0.75 }
    }
}

/// An inverted index of term lists scored with BM25.
#[derive(Debug, Clone)]
pub struct Bm25Index {
    params: Bm25Params,
    /// term → (document, term frequency) postings.
    postings: Postings,
    doc_lengths: Vec<u32>,
    average_length: f32,
}

impl Bm25Index {
    /// Indexes documents given as term lists (see [`crate::text::terms`]).
    pub fn new(documents: &[Vec<String>], params: Bm25Params) -> Self {
        let mut postings = Postings::default();
        let mut doc_lengths = Vec::with_capacity(documents.len());
        for (doc, terms) in documents.iter().enumerate() {
            doc_lengths.push(terms.len() as u32);
            let mut counts: HashMap<&str, u32> = HashMap::new();
            for t in terms {
                *counts.entry(t.as_str()).or_default() += 1;
            }
            for (term, tf) in counts {
                postings.entry(term.to_string()).or_default().push((doc as u32, tf));
            }
        }
        let total: u64 = doc_lengths.iter().map(|&l| u64::from(l)).sum();
        let average_length = if doc_lengths.is_empty() {
            1.0
        } else {
            (total as f32 / doc_lengths.len() as f32).max(1.0)
        };
        Bm25Index { params, postings, doc_lengths, average_length }
    }

    pub fn len(&self) -> usize {
        self.doc_lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc_lengths.is_empty()
    }

    /// Robertson–Spärck Jones idf with the +1 inside the log (Lucene's form), never negative.
    pub fn idf(&self, term: &str) -> f32 {
        self.idf_of_df(self.postings.get(term).map_or(0, Vec::len))
    }

    fn idf_of_df(&self, df: usize) -> f32 {
        let n = self.doc_lengths.len() as f32;
        let df = df as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The BM25 score of every document for `query` (repeated query terms count once each time).
    pub fn scores(&self, query: &[String]) -> Vec<f32> {
        let mut scores = vec![0.0f32; self.doc_lengths.len()];
        let Bm25Params { k1, b } = self.params;
        for term in query {
            let Some(list) = self.postings.get(term) else { continue };
            let idf = self.idf_of_df(list.len());
            for &(doc, tf) in list {
                let tf = tf as f32;
                let length = self.doc_lengths[doc as usize] as f32;
                let norm = k1 * (1.0 - b + b * length / self.average_length);
                scores[doc as usize] += idf * tf * (k1 + 1.0) / (tf + norm);
            }
        }
        scores
    }

    /// The score of `query` against the document that has exactly the terms `query`, i.e. a
    /// document's self-score when called with its own terms.
    pub fn score_one(&self, query: &[String]) -> f32 {
        let Bm25Params { k1, b } = self.params;
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for term in query {
            *counts.entry(term).or_default() += 1;
        }
        let norm = k1 * (1.0 - b + b * query.len() as f32 / self.average_length.max(1e-6));
        query
            .iter()
            .map(|term| {
                let tf = counts[term.as_str()] as f32;
                self.idf(term) * tf * (k1 + 1.0) / (tf + norm)
            })
            .sum()
    }

    /// The `k` best documents as `(document, score)`, best first; ties by document order.
    /// Documents that share no term with the query are left out.
    pub fn top(&self, query: &[String], k: usize) -> Vec<(usize, f32)> {
        top_k(&self.scores(query), k)
    }
}

/// The `k` largest positive scores with their indices, best first; ties keep index order.
pub fn top_k(scores: &[f32], k: usize) -> Vec<(usize, f32)> {
    let mut ranked: Vec<(usize, f32)> =
        scores.iter().copied().enumerate().filter(|&(_, s)| s > 0.0).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(k);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[&str]) -> Vec<Vec<String>> {
        texts.iter().map(|t| t.split_whitespace().map(str::to_string).collect()).collect()
    }

    #[test]
    fn a_self_score_equals_the_documents_own_full_score() {
        let documents = docs(&["a b a", "a c", "d d e"]);
        let index = Bm25Index::new(&documents, Bm25Params::default());
        for (i, d) in documents.iter().enumerate() {
            let full = index.scores(d)[i];
            assert!((index.score_one(d) - full).abs() < 1e-5, "document {i}: {full}");
        }
    }

    #[test]
    fn idf_matches_hand_computation() {
        // 3 documents, "a" in 2 of them: ln((3 - 2 + 0.5) / (2 + 0.5) + 1) = ln(1.6).
        let index = Bm25Index::new(&docs(&["a b", "a c", "d"]), Bm25Params::default());
        assert!((index.idf("a") - 1.6f32.ln()).abs() < 1e-6);
        // Absent term: ln((3 + 0.5) / 0.5 + 1) = ln(8).
        assert!((index.idf("zzz") - 8f32.ln()).abs() < 1e-6);
    }

    #[test]
    fn score_matches_hand_computation() {
        // Documents of length 2, 2, 1 (avg 5/3); query "b" hits doc 0 once.
        // idf(b) = ln((3 - 1 + 0.5)/(1 + 0.5) + 1) = ln(8/3).
        // norm = 1.2 * (0.25 + 0.75 * 2 / (5/3)) = 1.2 * 1.15 = 1.38; tf part = 2.2 / 2.38.
        let index = Bm25Index::new(&docs(&["a b", "a c", "d"]), Bm25Params::default());
        let scores = index.scores(&["b".to_string()]);
        let expect = (8f32 / 3.0).ln() * 2.2 / 2.38;
        assert!((scores[0] - expect).abs() < 1e-5, "{} vs {expect}", scores[0]);
        assert_eq!(scores[1], 0.0);
        assert_eq!(scores[2], 0.0);
    }

    #[test]
    fn ranking_prefers_rarer_terms_and_shorter_documents() {
        let index = Bm25Index::new(
            &docs(&["white helmets stage attack", "white house", "white helmets", "cats"]),
            Bm25Params::default(),
        );
        let query: Vec<String> = ["white", "helmets"].iter().map(|s| s.to_string()).collect();
        let ranked: Vec<usize> = index.top(&query, 10).into_iter().map(|(d, _)| d).collect();
        // Doc 2 has both terms and is shortest; doc 0 has both but is longer; doc 1 only "white".
        assert_eq!(ranked, vec![2, 0, 1]);
    }

    #[test]
    fn empty_index_and_query_are_harmless() {
        let index = Bm25Index::new(&[], Bm25Params::default());
        assert!(index.top(&["x".to_string()], 5).is_empty());
        let index = Bm25Index::new(&docs(&["a"]), Bm25Params::default());
        assert!(index.top(&[], 5).is_empty());
    }
}
