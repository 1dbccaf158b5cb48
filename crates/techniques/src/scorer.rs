//! The SemEval-2020 Task 11 scores, reimplemented from the task definition.
//!
//! * **SI** gives partial credit by character overlap. Overlapping spans are first merged on
//!   each side (per article). Then P = Σ_s Σ_t |s∩t|/|s| over predicted spans s, divided by the
//!   number of predicted spans; R = Σ_t Σ_s |s∩t|/|t| over gold spans t, divided by the number
//!   of gold spans; F1 = 2PR/(P+R). Sums run over all articles before dividing.
//! * **TC** is micro-F1 over the given gold spans, which equals accuracy because every gold row
//!   gets exactly one prediction: a span with k gold labels counts k times.

use crate::corpus::TECHNIQUES;

/// Merges overlapping `[start, end)` spans (touching spans stay apart), dropping empty ones;
/// the result is sorted.
///
/// ```
/// use echotrace_techniques::scorer::merge_spans;
/// assert_eq!(merge_spans(&[[5, 9], [0, 3], [2, 6], [9, 10]]), vec![[0, 9], [9, 10]]);
/// ```
pub fn merge_spans(spans: &[[usize; 2]]) -> Vec<[usize; 2]> {
    let mut sorted: Vec<[usize; 2]> = spans.iter().copied().filter(|s| s[0] < s[1]).collect();
    sorted.sort_unstable();
    let mut out: Vec<[usize; 2]> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match out.last_mut() {
            Some(last) if span[0] < last[1] => last[1] = last[1].max(span[1]),
            _ => out.push(span),
        }
    }
    out
}

/// Sums of partial credit, accumulated over articles.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SiCounts {
    /// Σ over predicted spans of the fraction of the span covered by gold.
    pub precision_credit: f64,
    pub predicted: usize,
    /// Σ over gold spans of the fraction of the span covered by predictions.
    pub recall_credit: f64,
    pub gold: usize,
}

impl SiCounts {
    /// Adds one article's predicted and gold spans (merged here).
    pub fn add_article(&mut self, predicted: &[[usize; 2]], gold: &[[usize; 2]]) {
        let predicted = merge_spans(predicted);
        let gold = merge_spans(gold);
        self.predicted += predicted.len();
        self.gold += gold.len();
        for s in &predicted {
            let covered: usize = gold.iter().map(|t| overlap(*s, *t)).sum();
            self.precision_credit += covered as f64 / (s[1] - s[0]) as f64;
        }
        for t in &gold {
            let covered: usize = predicted.iter().map(|s| overlap(*s, *t)).sum();
            self.recall_credit += covered as f64 / (t[1] - t[0]) as f64;
        }
    }

    pub fn merge(&mut self, other: &SiCounts) {
        self.precision_credit += other.precision_credit;
        self.predicted += other.predicted;
        self.recall_credit += other.recall_credit;
        self.gold += other.gold;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.precision_credit, self.predicted as f64)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.recall_credit, self.gold as f64)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

fn overlap(a: [usize; 2], b: [usize; 2]) -> usize {
    a[1].min(b[1]).saturating_sub(a[0].max(b[0]))
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

/// Harmonic mean, 0 when both are 0.
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// TC confusion counts per technique, accumulated over gold rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TcCounts {
    /// `correct[c]`: gold rows of class c predicted as c.
    pub correct: [usize; 14],
    /// `gold[c]`: gold rows of class c.
    pub gold: [usize; 14],
    /// `predicted[c]`: rows predicted as c.
    pub predicted: [usize; 14],
}

impl TcCounts {
    /// Adds the rows of one span: its gold labels and as many predicted labels (a multiset
    /// match, so the order does not matter).
    pub fn add_span(&mut self, gold: &[usize], predicted: &[usize]) {
        let mut unmatched: Vec<usize> = gold.to_vec();
        for &g in gold {
            self.gold[g] += 1;
        }
        for &p in predicted {
            self.predicted[p] += 1;
            if let Some(pos) = unmatched.iter().position(|&g| g == p) {
                unmatched.swap_remove(pos);
                self.correct[p] += 1;
            }
        }
    }

    pub fn merge(&mut self, other: &TcCounts) {
        for c in 0..14 {
            self.correct[c] += other.correct[c];
            self.gold[c] += other.gold[c];
            self.predicted[c] += other.predicted[c];
        }
    }

    /// Micro-F1 over all rows.
    pub fn micro_f1(&self) -> f64 {
        let correct: usize = self.correct.iter().sum();
        let gold: usize = self.gold.iter().sum();
        let predicted: usize = self.predicted.iter().sum();
        f1(ratio(correct as f64, predicted as f64), ratio(correct as f64, gold as f64))
    }

    /// Precision, recall and F1 of one technique.
    pub fn per_technique(&self, c: usize) -> (f64, f64, f64) {
        let p = ratio(self.correct[c] as f64, self.predicted[c] as f64);
        let r = ratio(self.correct[c] as f64, self.gold[c] as f64);
        (p, r, f1(p, r))
    }

    /// `(name, gold count, precision, recall, f1)` for each technique.
    pub fn table(&self) -> Vec<(&'static str, usize, f64, f64, f64)> {
        (0..14)
            .map(|c| {
                let (p, r, f) = self.per_technique(c);
                (TECHNIQUES[c], self.gold[c], p, r, f)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn merging() {
        let check = |input: &[[usize; 2]], expect: &[[usize; 2]]| {
            assert_eq!(merge_spans(input), expect, "merge of {input:?}");
        };
        check(&[], &[]);
        check(&[[3, 3]], &[]);
        check(&[[0, 5], [5, 8]], &[[0, 5], [5, 8]]);
        check(&[[0, 5], [4, 8], [1, 2]], &[[0, 8]]);
        check(&[[10, 20], [0, 5]], &[[0, 5], [10, 20]]);
    }

    #[test]
    fn si_partial_credit_by_hand() {
        // Gold [0,10) and [20,30); predicted [5,15) and [20,30) and [40,50).
        // P: [5,15) covers 5 of 10 -> 0.5; [20,30) -> 1; [40,50) -> 0; P = 1.5/3 = 0.5.
        // R: [0,10) covered 5/10 -> 0.5; [20,30) -> 1; R = 1.5/2 = 0.75. F1 = 0.6.
        let mut counts = SiCounts::default();
        counts.add_article(&[[5, 15], [20, 30], [40, 50]], &[[0, 10], [20, 30]]);
        assert!(close(counts.precision(), 0.5));
        assert!(close(counts.recall(), 0.75));
        assert!(close(counts.f1(), 0.6));
    }

    #[test]
    fn si_merges_before_scoring_and_sums_over_articles() {
        // Predictions [0,4) and [2,8) merge into [0,8); gold [0,8): P = R = 1 in article 1.
        // Article 2: nothing predicted, gold [0,4): adds one gold span with 0 recall.
        let mut counts = SiCounts::default();
        counts.add_article(&[[0, 4], [2, 8]], &[[0, 8]]);
        counts.add_article(&[], &[[0, 4]]);
        assert_eq!(counts.predicted, 1);
        assert_eq!(counts.gold, 2);
        assert!(close(counts.precision(), 1.0));
        assert!(close(counts.recall(), 0.5));
        // One prediction spanning two gold spans gets full precision; each gold span full recall.
        let mut wide = SiCounts::default();
        wide.add_article(&[[0, 20]], &[[0, 10], [10, 20]]);
        assert!(close(wide.precision(), 1.0));
        assert!(close(wide.recall(), 1.0));
        assert_eq!(SiCounts::default().f1(), 0.0);
    }

    #[test]
    fn tc_counts_multi_label_spans_once_per_label() {
        // Span 1: gold {Doubt(5), Loaded(8)} predicted {Loaded, Repetition(10)}: 1 correct of 2.
        // Span 2: gold {Loaded} predicted {Loaded}: correct. Micro-F1 = 2/3.
        let mut counts = TcCounts::default();
        counts.add_span(&[5, 8], &[8, 10]);
        counts.add_span(&[8], &[8]);
        assert!(close(counts.micro_f1(), 2.0 / 3.0));
        let (p, r, f) = counts.per_technique(8);
        assert!(close(p, 1.0) && close(r, 1.0) && close(f, 1.0));
        let (p, r, _) = counts.per_technique(5);
        assert!(close(p, 0.0) && close(r, 0.0));
        assert_eq!(counts.predicted[10], 1);
    }
}
