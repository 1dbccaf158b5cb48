//! A query-side linear adapter on frozen MiniLM embeddings.
//!
//! Tweets and fact-checked claims are written differently (handles, hashtags, emphasis on one
//! side; neutral summaries on the other), so the zero-shot cosine of MiniLM misranks many pairs.
//! Fine-tuning the transformer is out of reach on a CPU, and its 90 MB of weights could not be
//! committed; a 384 × 384 map applied to the query's vector before the cosine can be fitted in
//! seconds from the cached embeddings of the CheckThat! train pairs and is small enough to ship.
//!
//! Fitting: the map starts at the identity and follows the gradient of a softmax
//! cross-entropy over one relevant claim against the 40 claims nearest to the query under the
//! frozen cosine (hard negatives), with an L2 pull back towards the identity. The order of the
//! examples is fixed, so the fit is deterministic.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// Options of [`QueryAdapter::fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdapterOptions {
    pub epochs: usize,
    pub rate: f32,
    /// Softmax temperature over the cosines.
    pub temperature: f32,
    /// Weight of the pull towards the identity.
    pub lambda: f32,
    pub hard_negatives: usize,
}

impl Default for AdapterOptions {
    fn default() -> Self {
        AdapterOptions {
            epochs: 10,
            rate: 0.02,
            temperature: 0.05,
            lambda: 0.01,
            hard_negatives: 40,
        }
    }
}

/// A linear map on query vectors; the result is normalised, so cosines stay cosines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryAdapter {
    pub dims: usize,
    /// The L2 weight it was fitted with (chosen by cross-validation on train).
    pub lambda: f32,
    /// Row-major `dims × dims`.
    pub weights: Vec<f32>,
}

impl QueryAdapter {
    pub fn identity(dims: usize) -> QueryAdapter {
        let mut weights = vec![0f32; dims * dims];
        (0..dims).for_each(|i| weights[i * dims + i] = 1.0);
        QueryAdapter { dims, lambda: 0.0, weights }
    }

    fn map(&self, query: &[f32]) -> Vec<f32> {
        self.weights.chunks_exact(self.dims).map(|row| echotrace_embed::dot(row, query)).collect()
    }

    /// The adapted unit vector of `query`. A vector of another length passes unchanged.
    pub fn apply(&self, query: &[f32]) -> Vec<f32> {
        if query.len() != self.dims {
            return query.to_vec();
        }
        let mut v = self.map(query);
        echotrace_embed::normalise(&mut v);
        v
    }

    /// Fits the adapter on `queries` (unit vectors) whose relevant rows of `claims` are
    /// `relevant[k]`; queries without a relevant claim are skipped.
    pub fn fit(
        queries: &[Vec<f32>],
        relevant: &[HashSet<usize>],
        claims: &[Vec<f32>],
        options: &AdapterOptions,
    ) -> QueryAdapter {
        let dims = claims.first().map_or(0, Vec::len);
        let mut adapter = QueryAdapter::identity(dims);
        adapter.lambda = options.lambda;
        let negatives: Vec<Vec<usize>> = queries
            .iter()
            .zip(relevant)
            .map(|(q, rel)| nearest(q, claims, options.hard_negatives, rel))
            .collect();
        let tau = options.temperature;
        let mut gradient = vec![0f32; dims];
        for _ in 0..options.epochs {
            for ((q, rel), negatives) in queries.iter().zip(relevant).zip(&negatives) {
                if q.len() != dims {
                    continue;
                }
                let mut positives: Vec<usize> = rel.iter().copied().collect();
                positives.sort_unstable();
                for pos in positives {
                    let mapped = adapter.map(q);
                    let candidates: Vec<&[f32]> = std::iter::once(pos)
                        .chain(negatives.iter().copied())
                        .map(|c| claims[c].as_slice())
                        .collect();
                    let logits: Vec<f32> =
                        candidates.iter().map(|c| echotrace_embed::dot(&mapped, c) / tau).collect();
                    let max = logits.iter().copied().fold(f32::MIN, f32::max);
                    let z: f32 = logits.iter().map(|l| (l - max).exp()).sum();
                    // The loss's gradient with respect to the mapped query.
                    gradient.iter_mut().for_each(|g| *g = 0.0);
                    for (j, c) in candidates.iter().enumerate() {
                        let p = (logits[j] - max).exp() / z - if j == 0 { 1.0 } else { 0.0 };
                        gradient.iter_mut().zip(*c).for_each(|(g, x)| *g += p * x / tau);
                    }
                    for (i, row) in adapter.weights.chunks_exact_mut(dims).enumerate() {
                        for (j, w) in row.iter_mut().enumerate() {
                            let identity = if i == j { 1.0 } else { 0.0 };
                            *w -= options.rate
                                * (gradient[i] * q[j] + options.lambda * (*w - identity));
                        }
                    }
                }
            }
        }
        // Four decimals are plenty for a map near the identity, and keep the shipped file small.
        adapter.weights.iter_mut().for_each(|w| *w = (*w * 1e4).round() / 1e4);
        adapter
    }
}

/// The `k` rows of `claims` nearest to `query` by cosine, leaving out `skip`.
fn nearest(query: &[f32], claims: &[Vec<f32>], k: usize, skip: &HashSet<usize>) -> Vec<usize> {
    let mut scored: Vec<(usize, f32)> = claims
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(i, c)| (i, echotrace_embed::dot(query, c)))
        .collect();
    let k = k.min(scored.len());
    if k == 0 {
        return Vec::new();
    }
    scored.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(k);
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.into_iter().map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let mut v = v.to_vec();
        echotrace_embed::normalise(&mut v);
        v
    }

    #[test]
    fn identity_keeps_a_unit_vector() {
        let q = unit(&[0.3, -0.4, 0.5]);
        let adapted = QueryAdapter::identity(3).apply(&q);
        assert!(adapted.iter().zip(&q).all(|(a, b)| (a - b).abs() < 1e-6), "{adapted:?}");
    }

    #[test]
    fn fitting_learns_a_rotation_the_frozen_cosine_misses() {
        // Queries are written "rotated": query k points along axis k+1, its claim along axis k.
        // The frozen cosine ranks the wrong claim first; the fitted map ranks the right one.
        let dims = 4;
        let claims: Vec<Vec<f32>> = (0..dims)
            .map(|k| unit(&(0..dims).map(|j| if j == k { 1.0 } else { 0.1 }).collect::<Vec<_>>()))
            .collect();
        let queries: Vec<Vec<f32>> = (0..dims)
            .map(|k| {
                unit(
                    &(0..dims)
                        .map(|j| if j == (k + 1) % dims { 1.0 } else { 0.1 })
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let relevant: Vec<HashSet<usize>> = (0..dims).map(|k| HashSet::from([k])).collect();
        let best = |adapter: &QueryAdapter, q: &[f32]| {
            let a = adapter.apply(q);
            (0..dims)
                .max_by(|&x, &y| {
                    echotrace_embed::dot(&a, &claims[x])
                        .total_cmp(&echotrace_embed::dot(&a, &claims[y]))
                })
                .expect("claims")
        };
        let identity = QueryAdapter::identity(dims);
        assert!((0..dims).all(|k| best(&identity, &queries[k]) != k));
        let options =
            AdapterOptions { epochs: 50, rate: 0.1, hard_negatives: 3, ..Default::default() };
        let fitted = QueryAdapter::fit(&queries, &relevant, &claims, &options);
        for (k, query) in queries.iter().enumerate() {
            assert_eq!(best(&fitted, query), k, "query {k}");
        }
        assert_eq!(fitted, QueryAdapter::fit(&queries, &relevant, &claims, &options));
    }
}
