//! Hashed linear models: a weight table indexed by `(feature bucket, class)`, the averaged
//! perceptron that trains it, Viterbi decoding for BIO tagging, and a compact sparse
//! quantised encoding for the committed model file.

use crate::{Error, Result};

/// Weights of a linear model over hashed features: `weights[bucket * classes + class]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HashedWeights {
    pub buckets: usize,
    pub classes: usize,
    pub weights: Vec<f32>,
}

impl HashedWeights {
    pub fn zeros(buckets: usize, classes: usize) -> Self {
        HashedWeights { buckets, classes, weights: vec![0.0; buckets * classes] }
    }

    /// The first weight of `id`'s bucket. The shipped tables have a power-of-two bucket count,
    /// where the remainder is a mask: a 64-bit division per feature was a tenth of tagging.
    #[inline]
    fn row(&self, id: u64) -> usize {
        let bucket = if self.buckets.is_power_of_two() {
            id & (self.buckets as u64 - 1)
        } else {
            id % self.buckets as u64
        };
        bucket as usize * self.classes
    }

    /// Adds the scores of every class for the features `ids` into `scores`; `N` is the number
    /// of classes, so the inner loop is unrolled.
    pub fn score_into<const N: usize>(&self, ids: &[u64], scores: &mut [f32; N]) {
        debug_assert_eq!(self.classes, N, "score_into with the wrong number of classes");
        for &id in ids {
            let row = self.row(id);
            let weights: &[f32; N] =
                self.weights[row..row + N].try_into().expect("a row is N weights");
            for (s, w) in scores.iter_mut().zip(weights) {
                *s += *w;
            }
        }
    }

    /// Sparse quantised encoding: scale, count, then (varint index gap, i16) pairs.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.buckets as u32).to_le_bytes());
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
        out.extend_from_slice(&scale.to_le_bytes());
        let entries: Vec<(usize, i16)> = self
            .weights
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let q = (w / scale).round() as i16;
                (q != 0).then_some((i, q))
            })
            .collect();
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        let mut previous = 0usize;
        for (index, q) in entries {
            write_varint(out, (index - previous) as u64);
            out.extend_from_slice(&q.to_le_bytes());
            previous = index;
        }
    }

    pub fn decode(input: &mut Reader<'_>) -> Result<Self> {
        let buckets = input.u32()? as usize;
        let classes = input.u32()? as usize;
        if buckets == 0 || classes == 0 || buckets.saturating_mul(classes) > 1 << 26 {
            return Err(Error::BadModel(format!("implausible table {buckets}x{classes}")));
        }
        let scale = input.f32()?;
        let count = input.u32()? as usize;
        let mut weights = vec![0f32; buckets * classes];
        let mut index = 0usize;
        for _ in 0..count {
            index += input.varint()? as usize;
            let q = i16::from_le_bytes(input.take::<2>()?);
            let slot = weights
                .get_mut(index)
                .ok_or_else(|| Error::BadModel("weight index out of range".into()))?;
            *slot = q as f32 * scale;
        }
        Ok(HashedWeights { buckets, classes, weights })
    }
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A cursor over model bytes that fails instead of panicking on truncated input.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    pub fn take<const N: usize>(&mut self) -> Result<[u8; N]> {
        if self.bytes.len() < N {
            return Err(Error::BadModel("truncated".into()));
        }
        let (head, rest) = self.bytes.split_at(N);
        self.bytes = rest;
        let mut out = [0u8; N];
        out.copy_from_slice(head);
        Ok(out)
    }

    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take::<4>()?))
    }

    pub fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_le_bytes(self.take::<4>()?))
    }

    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let [b] = self.take::<1>()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(Error::BadModel("varint too long".into()))
    }
}

/// Averaged perceptron training state: current weights plus the running sums that give the
/// average of the weights over all steps (the "lazy" trick: avg = w - acc / steps).
#[derive(Debug)]
pub(crate) struct AveragedPerceptron {
    pub current: HashedWeights,
    accumulated: Vec<f64>,
    pub steps: f64,
}

impl AveragedPerceptron {
    pub fn new(buckets: usize, classes: usize) -> Self {
        AveragedPerceptron {
            current: HashedWeights::zeros(buckets, classes),
            accumulated: vec![0.0; buckets * classes],
            steps: 1.0,
        }
    }

    /// Adds `delta` to the weights of `class` for every feature in `ids`.
    pub fn update(&mut self, ids: &[u64], class: usize, delta: f32) {
        for &id in ids {
            let i = self.current.row(id) + class;
            self.current.weights[i] += delta;
            self.accumulated[i] += self.steps * delta as f64;
        }
    }

    pub fn tick(&mut self) {
        self.steps += 1.0;
    }

    pub fn averaged(&self) -> HashedWeights {
        let mut out = self.current.clone();
        for (w, acc) in out.weights.iter_mut().zip(&self.accumulated) {
            *w -= (*acc / self.steps) as f32;
        }
        out
    }
}

/// BIO labels of span identification.
pub(crate) const OUTSIDE: usize = 0;
pub(crate) const BEGIN: usize = 1;
pub(crate) const INSIDE: usize = 2;

/// Transition scores: `[from][to]` with `from = 3` the sentence start.
pub(crate) type Transitions = [[f32; 3]; 4];

/// Whether `to` may follow `from` (an `I` only after `B` or `I`).
pub(crate) fn allowed(from: usize, to: usize) -> bool {
    !(to == INSIDE && (from == OUTSIDE || from == 3))
}

/// The best BIO label sequence for per-token emission scores (`emissions[t][label]`).
pub(crate) fn viterbi(emissions: &[[f32; 3]], transitions: &Transitions) -> Vec<usize> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; 3]; n];
    let mut back = vec![[0usize; 3]; n];
    for to in 0..3 {
        if allowed(3, to) {
            score[0][to] = transitions[3][to] + emissions[0][to];
        }
    }
    for t in 1..n {
        for to in 0..3 {
            let mut best = (f32::NEG_INFINITY, OUTSIDE);
            for from in 0..3 {
                if !allowed(from, to) {
                    continue;
                }
                let s = score[t - 1][from] + transitions[from][to];
                if s > best.0 {
                    best = (s, from);
                }
            }
            score[t][to] = best.0 + emissions[t][to];
            back[t][to] = best.1;
        }
    }
    let mut label =
        (0..3).fold(OUTSIDE, |b, l| if score[n - 1][l] > score[n - 1][b] { l } else { b });
    let mut path = vec![OUTSIDE; n];
    for t in (0..n).rev() {
        path[t] = label;
        label = back[t][label];
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_respects_bio_constraints() {
        let zero: Transitions = [[0.0; 3]; 4];
        // Token 0 prefers I, which cannot start a sentence: B is the best legal start.
        let path = viterbi(&[[0.0, 0.5, 1.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]], &zero);
        assert_eq!(path, [BEGIN, INSIDE, OUTSIDE]);
        assert_eq!(viterbi(&[], &zero), Vec::<usize>::new());
        // Strong penalties on starting a span anywhere but the sentence start: one long span
        // (1 + 0.5 + 0 + 0.9) beats B I O O (1 + 0.5 + 0.6 + 0) and two spans.
        let mut transitions = zero;
        for from in [OUTSIDE, BEGIN, INSIDE] {
            transitions[from][BEGIN] = -5.0;
        }
        let path = viterbi(
            &[[0.0, 1.0, 0.0], [0.0, 0.0, 0.5], [0.6, 0.0, 0.0], [0.0, 1.0, 0.9]],
            &transitions,
        );
        assert_eq!(path, [BEGIN, INSIDE, INSIDE, INSIDE]);
    }

    #[test]
    fn weights_round_trip_through_the_encoding() {
        let mut w = HashedWeights::zeros(16, 3);
        w.weights[5] = 1.5;
        w.weights[40] = -0.25;
        let mut bytes = Vec::new();
        w.encode(&mut bytes);
        let back = HashedWeights::decode(&mut Reader::new(&bytes)).expect("decodes");
        assert_eq!(back.buckets, 16);
        assert!((back.weights[5] - 1.5).abs() < 1e-3);
        assert!((back.weights[40] + 0.25).abs() < 1e-3);
        assert_eq!(back.weights.iter().filter(|w| **w != 0.0).count(), 2);
        assert!(HashedWeights::decode(&mut Reader::new(&bytes[..bytes.len() - 1])).is_err());
    }

    #[test]
    fn averaged_perceptron_averages_over_steps() {
        let mut p = AveragedPerceptron::new(8, 2);
        p.update(&[3], 1, 1.0); // step 1
        p.tick();
        p.tick(); // steps = 3: the weight was 1.0 during steps 1 and 2
        let avg = p.averaged();
        assert!((avg.weights[3 * 2 + 1] - (1.0 - 1.0 / 3.0)).abs() < 1e-6);
    }
}
