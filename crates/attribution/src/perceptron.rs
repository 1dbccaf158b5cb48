//! A multiclass averaged perceptron over hashed features: a fixed table of `2^bits` buckets per
//! class, so the model has a known size, loads without parsing, and scores with a few array
//! reads per feature. Saved as 16-bit integers with one scale (the loss of precision does not
//! change argmax decisions measurably and halves the file).

use crate::{Error, Result};

const MAGIC: &[u8; 8] = b"ETAPRC01";

/// Combines two feature hashes (a template and a value, or two values): one multiplication and
/// one xor, since [`finish`] scrambles the result before it picks a bucket.
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b
}

/// A trained (averaged) model over `C` classes. Weights stay 16-bit integers in memory, as
/// saved: half the cache footprint of `f32`, which is what scoring spends its time on. A bucket's
/// `C` weights sit side by side, so a feature costs one bounds check and one cache line.
#[derive(Debug, Clone)]
pub(crate) struct Perceptron<const C: usize> {
    mask: u64,
    rows: Vec<[i16; C]>,
    scale: f32,
}

impl<const C: usize> Perceptron<C> {
    /// Writes per-class scores of `features` into `scores`.
    #[inline]
    pub fn scores(&self, features: &[u64], scores: &mut [f32; C]) {
        let mut sums = [0i32; C];
        for &f in features {
            let row = &self.rows[bucket(f, self.mask)];
            for c in 0..C {
                sums[c] += row[c] as i32;
            }
        }
        for (score, sum) in scores.iter_mut().zip(sums) {
            *score = sum as f32 * self.scale;
        }
    }

    /// The best class for `features`.
    pub fn predict(&self, features: &[u64], scores: &mut [f32; C]) -> usize {
        self.scores(features, scores);
        argmax(scores)
    }

    /// Quantises averaged `f32` weights to 16 bits with one scale.
    fn quantise(mask: u64, weights: &[f32]) -> Self {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let rows = weights
            .chunks_exact(C)
            .map(|row| std::array::from_fn(|c| (row[c] / scale).round() as i16))
            .collect();
        Perceptron { mask, rows, scale }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.rows.len() * C * 2);
        out.extend_from_slice(MAGIC);
        out.push(C as u8);
        out.push(self.mask.count_ones() as u8);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&self.scale.to_le_bytes());
        for w in self.rows.iter().flatten() {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let bad = |m: &str| Error::Model(m.to_owned());
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(bad("not a perceptron table (bad magic)"));
        }
        let classes = bytes[8] as usize;
        let bits = bytes[9] as u32;
        if classes != C || bits == 0 || bits > 26 {
            return Err(bad("implausible header (or another number of classes)"));
        }
        let scale = f32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
        let n = (1usize << bits) * classes;
        let body = &bytes[16..];
        if body.len() != n * 2 {
            return Err(bad("table size does not match its header"));
        }
        let rows = body
            .chunks_exact(2 * C)
            .map(|row| std::array::from_fn(|c| i16::from_le_bytes([row[2 * c], row[2 * c + 1]])))
            .collect();
        Ok(Perceptron { mask: (1u64 << bits) - 1, rows, scale })
    }
}

/// The bucket of feature hash `h` in a table of `mask + 1` (a power of two) buckets: the top
/// bits of a multiplication, which depend on every bit of `h`.
#[inline]
fn bucket(h: u64, mask: u64) -> usize {
    let h = (h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (h >> (64 - mask.count_ones())) as usize
}

pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// Collins' averaged perceptron trainer with lazy averaging.
#[derive(Debug)]
pub(crate) struct Trainer<const C: usize> {
    classes: usize,
    mask: u64,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    time: u32,
    scores: Vec<f32>,
}

impl<const C: usize> Trainer<C> {
    pub fn new(bits: u32) -> Self {
        let classes = C;
        let n = (1usize << bits) * classes;
        Trainer {
            classes,
            mask: (1u64 << bits) - 1,
            weights: vec![0.0; n],
            totals: vec![0.0; n],
            stamps: vec![0; n],
            time: 0,
            scores: vec![0.0; classes],
        }
    }

    /// Predicts with the current (unaveraged) weights, updates on a mistake, returns the guess.
    pub fn learn(&mut self, features: &[u64], gold: usize) -> usize {
        self.time += 1;
        self.scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in features {
            let base = bucket(f, self.mask) * self.classes;
            for c in 0..self.classes {
                self.scores[c] += self.weights[base + c];
            }
        }
        let guess = argmax(&self.scores);
        if guess != gold {
            for &f in features {
                let base = bucket(f, self.mask) * self.classes;
                self.update(base + gold, 1.0);
                self.update(base + guess, -1.0);
            }
        }
        guess
    }

    fn update(&mut self, index: usize, delta: f32) {
        let elapsed = (self.time - self.stamps[index]) as f64;
        self.totals[index] += elapsed * self.weights[index] as f64;
        self.stamps[index] = self.time;
        self.weights[index] += delta;
    }

    /// The averaged model.
    pub fn finish(self) -> Perceptron<C> {
        let time = self.time.max(1) as f64;
        let weights: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.totals)
            .zip(&self.stamps)
            .map(|((&w, &total), &stamp)| {
                ((total + (self.time - stamp) as f64 * w as f64) / time) as f32
            })
            .collect();
        Perceptron::quantise(self.mask, &weights)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_a_round_trip() {
        let mut trainer = Trainer::<2>::new(8);
        let data = [(vec![1u64, 10], 0usize), (vec![2u64, 10], 1), (vec![1u64, 11], 0)];
        for _ in 0..10 {
            for (features, gold) in &data {
                trainer.learn(features, *gold);
            }
        }
        let model = Perceptron::<2>::from_bytes(&trainer.finish().to_bytes()).expect("round trip");
        let mut scores = [0.0; 2];
        for (features, gold) in &data {
            assert_eq!(model.predict(features, &mut scores), *gold);
        }
        assert!(Perceptron::<2>::from_bytes(b"garbage").is_err());
        assert!(Perceptron::<3>::from_bytes(&model.to_bytes()).is_err(), "classes are checked");
    }
}
