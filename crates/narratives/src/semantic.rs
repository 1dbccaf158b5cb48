//! Dense retrieval and its fusion with BM25.
//!
//! Two encoders turn text into unit vectors: all-MiniLM-L6-v2 itself (the semantic path) and the
//! static table distilled from it (the fast path, a lookup per token, weighted here by the
//! token's inverse document frequency in the collection searched). A [`Fusion`] model, a
//! logistic regression fitted on CheckThat! train queries, combines BM25 and cosine evidence into
//! one calibrated probability of a match.

use std::collections::HashMap;

use echotrace_embed::{MiniLm, StaticTable, WordPiece};
use serde::{Deserialize, Serialize};

use crate::adapter::QueryAdapter;
use crate::error::{Error, Result};

/// The encoder of a dense path.
#[derive(Debug)]
pub enum Encoder<'a> {
    MiniLm(&'a MiniLm),
    Static { table: &'a StaticTable, idf: TokenIdf },
}

impl Encoder<'_> {
    /// A short name, also the cache key of the model.
    pub fn name(&self) -> &'static str {
        match self {
            Encoder::MiniLm(_) => "minilm",
            Encoder::Static { .. } => "static",
        }
    }

    /// Unit vectors for `texts`, in order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        match self {
            Encoder::MiniLm(model) => model.embed(texts).map_err(Error::from),
            Encoder::Static { table, idf } => Ok(texts
                .iter()
                .map(|t| table.embed_ids(&table.tokenizer().encode(t), |id| idf.weight(id)))
                .collect()),
        }
    }
}

/// Inverse document frequency of WordPiece ids over a collection, BM25-style and positive.
/// Ids the collection never uses get the weight of a token seen once.
#[derive(Debug, Clone)]
pub struct TokenIdf {
    idf: HashMap<u32, f32>,
    unseen: f32,
}

impl TokenIdf {
    pub fn fit(tokenizer: &WordPiece, texts: &[&str]) -> TokenIdf {
        let mut df: HashMap<u32, u32> = HashMap::new();
        for text in texts {
            let mut ids = tokenizer.encode(text);
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                *df.entry(id).or_default() += 1;
            }
        }
        let n = texts.len() as f32;
        let idf_of = |df: f32| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        TokenIdf {
            idf: df.into_iter().map(|(id, d)| (id, idf_of(d as f32))).collect(),
            unseen: idf_of(1.0),
        }
    }

    pub fn weight(&self, id: u32) -> f32 {
        self.idf.get(&id).copied().unwrap_or(self.unseen)
    }
}

/// Unit vectors of a collection, scored against a query vector by cosine.
#[derive(Debug, Clone, Default)]
pub struct DenseIndex {
    dims: usize,
    rows: Vec<f32>,
}

impl DenseIndex {
    pub fn new(vectors: &[Vec<f32>]) -> DenseIndex {
        let dims = vectors.first().map_or(0, Vec::len);
        let mut rows = Vec::with_capacity(vectors.len() * dims);
        for v in vectors {
            rows.extend_from_slice(v);
            rows.resize(rows.len() + dims - v.len().min(dims), 0.0);
        }
        DenseIndex { dims, rows }
    }

    pub fn len(&self) -> usize {
        self.rows.len().checked_div(self.dims).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` (zero-padded to the index's width).
    pub fn row(&self, i: usize) -> &[f32] {
        &self.rows[i * self.dims..(i + 1) * self.dims]
    }

    /// The cosine of every row with `query` (both unit length).
    pub fn scores(&self, query: &[f32]) -> Vec<f32> {
        if self.dims == 0 {
            return Vec::new();
        }
        self.rows.chunks_exact(self.dims).map(|row| echotrace_embed::dot(row, query)).collect()
    }
}

/// The evidence about one (query, candidate) pair that the fusion models weigh.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub bm25: f32,
    /// The query's best BM25 score over the collection.
    pub best_bm25: f32,
    /// The share of the candidate's own BM25 self-score the query reaches.
    pub coverage: f32,
    /// 0 for the query's best BM25 candidate.
    pub bm25_rank: usize,
    pub cosine: f32,
    pub best_cosine: f32,
    pub cosine_rank: usize,
}

/// The features of the ranking fusion (CheckThat! retrieval): scores relative to the query's
/// best and reciprocal ranks as well as the raw evidence.
pub const RANKING_FEATURES: [&str; 6] = [
    "bm25_relative",
    "bm25_coverage",
    "cosine",
    "cosine_relative",
    "bm25_reciprocal_rank",
    "cosine_reciprocal_rank",
];

/// The features of the pairwise fusion (does this claim state that narrative?): only what
/// does not depend on the size of the collection searched, so a model fitted on 10,000
/// fact-checked claims transfers to a catalog of a dozen narratives.
pub const PAIRWISE_FEATURES: [&str; 2] = ["bm25_coverage", "cosine"];

impl Evidence {
    pub fn ranking_features(&self) -> Vec<f32> {
        let relative = if self.best_bm25 > 0.0 { self.bm25 / self.best_bm25 } else { 0.0 };
        vec![
            relative,
            self.coverage,
            self.cosine,
            self.cosine - self.best_cosine,
            1.0 / (1.0 + self.bm25_rank as f32),
            1.0 / (1.0 + self.cosine_rank as f32),
        ]
    }

    pub fn pairwise_features(&self) -> Vec<f32> {
        vec![self.coverage, self.cosine]
    }
}

/// Logistic regression over standardised features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fusion {
    pub features: Vec<String>,
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    pub weights: Vec<f32>,
    pub bias: f32,
}

impl Fusion {
    /// The probability that a candidate with features `x` is a match.
    pub fn probability(&self, x: &[f32]) -> f32 {
        let z: f32 = self.bias
            + x.iter()
                .zip(&self.mean)
                .zip(&self.scale)
                .zip(&self.weights)
                .map(|(((x, m), s), w)| w * (x - m) / s)
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }

    /// Fits by full-batch gradient descent on the log loss with a small L2 penalty. Examples
    /// are `(features, is_match)`.
    pub fn fit(names: &[&str], examples: &[(Vec<f32>, bool)]) -> Fusion {
        let d = names.len();
        let n = examples.len().max(1) as f32;
        let mut mean = vec![0f32; d];
        for (x, _) in examples {
            mean.iter_mut().zip(x).for_each(|(m, v)| *m += v / n);
        }
        let mut scale = vec![0f32; d];
        for (x, _) in examples {
            scale.iter_mut().zip(x).zip(&mean).for_each(|((s, v), m)| *s += (v - m).powi(2) / n);
        }
        scale.iter_mut().for_each(|s| *s = s.sqrt().max(1e-6));
        let mut model = Fusion {
            features: names.iter().map(|s| s.to_string()).collect(),
            mean,
            scale,
            weights: vec![0.0; d],
            bias: 0.0,
        };
        let (rate, l2) = (0.5f32, 1e-3f32);
        for _ in 0..3000 {
            let mut grad = vec![0f32; d];
            let mut grad_bias = 0f32;
            for (x, label) in examples {
                let error = model.probability(x) - if *label { 1.0 } else { 0.0 };
                for (j, g) in grad.iter_mut().enumerate() {
                    *g += error * (x[j] - model.mean[j]) / model.scale[j];
                }
                grad_bias += error;
            }
            for (w, g) in model.weights.iter_mut().zip(&grad) {
                *w -= rate * (g / n + l2 * *w);
            }
            model.bias -= rate * grad_bias / n;
        }
        model
    }
}

/// The fusion models shipped with the build, fitted by `echotrace train claims` on the
/// CheckThat! 2020 train split, both over BM25 and MiniLM evidence: `ranking` orders the
/// candidates of a query, `pairwise` says whether one claim matches one catalog entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusionModels {
    pub ranking: Fusion,
    pub pairwise: Fusion,
    /// The fast path runs the transformer only for queries whose best BM25 coverage is below
    /// this.
    pub fast_gate: f32,
    /// The query-side adapter of the MiniLM retrieval paths (semantic, fused, fast); the
    /// narrative matcher's pairwise model is fitted on unadapted cosines and never uses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adapter: Option<QueryAdapter>,
}

const FUSION_JSON: &str = include_str!("../models/claim-fusion.json");

impl FusionModels {
    pub fn shipped() -> Result<FusionModels> {
        serde_json::from_str(FUSION_JSON).map_err(|e| Error::Parse {
            path: "crates/narratives/models/claim-fusion.json".into(),
            line: e.line(),
            message: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fusion_learns_which_feature_separates_matches() {
        // Matches have a high second feature; the first is noise.
        let examples: Vec<(Vec<f32>, bool)> = (0..40)
            .map(|i| {
                let label = i % 2 == 0;
                (vec![(i % 7) as f32, if label { 0.8 } else { 0.2 } + (i % 5) as f32 * 0.01], label)
            })
            .collect();
        let model = Fusion::fit(&["noise", "signal"], &examples);
        assert!(model.weights[1].abs() > 5.0 * model.weights[0].abs(), "{model:?}");
        assert!(model.probability(&[3.0, 0.8]) > 0.9);
        assert!(model.probability(&[3.0, 0.2]) < 0.1);
    }

    #[test]
    fn dense_scores_are_cosines_and_rare_tokens_weigh_more() {
        let index = DenseIndex::new(&[vec![1.0, 0.0], vec![0.0, 1.0]]);
        assert_eq!(index.len(), 2);
        assert_eq!(index.scores(&[0.6, 0.8]), vec![0.6, 0.8]);
        let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "douma"];
        let vocab =
            WordPiece::from_vocab(tokens.iter().map(|s| s.to_string()).collect(), "v".as_ref())
                .expect("vocab");
        let idf = TokenIdf::fit(&vocab, &["the douma", "the", "the"]);
        assert!(idf.weight(5) > idf.weight(4));
        assert!(idf.weight(4) > 0.0);
    }

    #[test]
    fn the_shipped_fusion_models_parse() {
        let models = FusionModels::shipped().expect("claim-fusion.json");
        assert_eq!(models.ranking.features, RANKING_FEATURES);
        assert_eq!(models.pairwise.features, PAIRWISE_FEATURES);
        assert_eq!(models.pairwise.weights.len(), PAIRWISE_FEATURES.len());
    }
}
