//! A small deterministic random number generator (SplitMix64). Written out rather than taken
//! from a crate so that a seed gives the same corpus on every platform and every version of
//! our dependencies: benchmark figures quote a seed and must stay reproducible.

#[derive(Debug, Clone)]
pub(crate) struct Random(u64);

impl Random {
    /// A generator for one stream, e.g. one document: `seed` mixed with the stream number so
    /// that neighbouring streams are unrelated.
    pub(crate) fn for_stream(seed: u64, stream: u64) -> Random {
        let mut mixer = Random(seed ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let _ = mixer.next_u64();
        Random(mixer.next_u64() ^ stream)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (0 when `bound` is 0). The modulo bias is below 2^-40 for the
    /// bounds used here, far under anything a benchmark could notice.
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        (self.next_u64() % bound as u64) as usize
    }

    /// Uniform in `low..=high`.
    pub(crate) fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let draw = |seed, stream| {
            let mut random = Random::for_stream(seed, stream);
            (0..4).map(|_| random.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw(7, 3), draw(7, 3));
        assert_ne!(draw(7, 3), draw(7, 4));
        assert_ne!(draw(7, 3), draw(8, 3));
    }

    #[test]
    fn bounded_draws_stay_in_range_and_cover_it() {
        let mut random = Random::for_stream(1, 1);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let value = random.between(2, 6);
            assert!((2..=6).contains(&value));
            seen[value - 2] = true;
            assert!(random.unit() < 1.0);
        }
        assert!(seen.iter().all(|&s| s), "{seen:?}");
        assert_eq!(random.below(0), 0);
    }
}
