//! Scoring against PolNeAR: precision, recall and F1 for Source, Cue and Content spans, exact
//! (same offsets once spaces and punctuation are trimmed from both ends of each fragment) and
//! overlap (any shared character, matched one-to-one), and for whole attributions (cue and
//! content both overlap, one-to-one), plus throughput.

use std::fmt;
use std::path::Path;
use std::time::Instant;

use echotrace_analyze::Pipeline;
use echotrace_model::{Analysis, Document};

use crate::brat::Fragments;
use crate::model::{read_polnear, AnnotatedArticle};
use crate::Result;

/// Matched, predicted and gold counts for one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Score) {
        self.matched += other.matched;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// What `echotrace eval polnear DIR` prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolnearReport {
    pub texts: usize,
    /// Seconds spent in the pipeline (reading files and scoring excluded).
    pub seconds: f64,
    pub source_exact: Score,
    pub source_overlap: Score,
    pub cue_exact: Score,
    pub cue_overlap: Score,
    pub content_exact: Score,
    pub content_overlap: Score,
    /// Whole attributions: cue and content both overlap.
    pub attribution_overlap: Score,
}

impl PolnearReport {
    pub fn texts_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.texts as f64 / self.seconds
        } else {
            0.0
        }
    }
}

impl fmt::Display for PolnearReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "PolNeAR attribution eval: {} texts", self.texts)?;
        writeln!(
            f,
            "{:<12} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}",
            "", "P", "R", "F1", "P", "R", "F1"
        )?;
        writeln!(f, "{:<12} {:^20}   {:^20}", "", "exact", "overlap")?;
        let rows = [
            ("Source", self.source_exact, self.source_overlap),
            ("Cue", self.cue_exact, self.cue_overlap),
            ("Content", self.content_exact, self.content_overlap),
        ];
        for (name, exact, overlap) in rows {
            writeln!(
                f,
                "{name:<12} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}   (gold {}, predicted {})",
                exact.precision(),
                exact.recall(),
                exact.f1(),
                overlap.precision(),
                overlap.recall(),
                overlap.f1(),
                overlap.gold,
                overlap.predicted
            )?;
        }
        let a = self.attribution_overlap;
        writeln!(
            f,
            "{:<12} {:>20}   {:>6.3} {:>6.3} {:>6.3}   (gold {}, predicted {})",
            "Attribution",
            "",
            a.precision(),
            a.recall(),
            a.f1(),
            a.gold,
            a.predicted
        )?;
        write!(
            f,
            "speed: {:.0} texts/s ({:.3} s in the pipeline)",
            self.texts_per_second(),
            self.seconds
        )
    }
}

/// Runs `pipeline` (which must include the attribution analyser) over a PolNeAR split and
/// scores it against the first annotation file of each article.
pub fn eval_polnear(dir: &Path, pipeline: &Pipeline) -> Result<PolnearReport> {
    let articles = read_polnear(dir)?;
    let mut report = PolnearReport { texts: articles.len(), ..PolnearReport::default() };
    for article in &articles {
        let started = Instant::now();
        let record = pipeline.run(Document::new(article.stem.clone(), article.text.clone()));
        report.seconds += started.elapsed().as_secs_f64();
        score_article(article, &record, &mut report);
    }
    Ok(report)
}

/// Adds one article's scores to `report`.
fn score_article(article: &AnnotatedArticle, record: &Analysis, report: &mut PolnearReport) {
    let chars: Vec<char> = article.text.chars().collect();
    let attributions = &record.layers.attributions;
    let predicted_sources: Vec<Fragments> = attributions
        .iter()
        .filter_map(|a| a.source.as_ref())
        .map(|s| vec![(s.start, s.end)])
        .collect();
    let predicted_cues: Vec<Fragments> =
        attributions.iter().map(|a| vec![(a.cue.start, a.cue.end)]).collect();
    let predicted_contents: Vec<Fragments> =
        attributions.iter().map(|a| vec![(a.content.start, a.content.end)]).collect();
    let gold = |label: &str| article.spans.get(label).cloned().unwrap_or_default();
    let pairs = [
        (gold("Source"), predicted_sources, &mut report.source_exact, &mut report.source_overlap),
        (gold("Cue"), predicted_cues, &mut report.cue_exact, &mut report.cue_overlap),
        (
            gold("Content"),
            predicted_contents,
            &mut report.content_exact,
            &mut report.content_overlap,
        ),
    ];
    for (gold_spans, predicted_spans, exact, overlap) in pairs {
        let gold_spans = unique(gold_spans.into_iter().map(|f| trim(&chars, &f)).collect());
        let predicted_spans =
            unique(predicted_spans.into_iter().map(|f| trim(&chars, &f)).collect());
        exact.add(Score {
            matched: gold_spans.iter().filter(|g| predicted_spans.contains(g)).count(),
            predicted: predicted_spans.len(),
            gold: gold_spans.len(),
        });
        overlap.add(Score {
            matched: max_matching(gold_spans.len(), predicted_spans.len(), |g, p| {
                overlaps(&gold_spans[g], &predicted_spans[p])
            }),
            predicted: predicted_spans.len(),
            gold: gold_spans.len(),
        });
    }
    let gold_attributions = &article.attributions;
    report.attribution_overlap.add(Score {
        matched: max_matching(gold_attributions.len(), attributions.len(), |g, p| {
            let (gold, predicted) = (&gold_attributions[g], &attributions[p]);
            overlaps(&gold.cue, &[(predicted.cue.start, predicted.cue.end)])
                && overlaps(&gold.content, &[(predicted.content.start, predicted.content.end)])
        }),
        predicted: attributions.len(),
        gold: gold_attributions.len(),
    });
}

fn unique(mut spans: Vec<Fragments>) -> Vec<Fragments> {
    spans.retain(|f| !f.is_empty());
    spans.sort();
    spans.dedup();
    spans
}

/// Trims whitespace and punctuation from both ends of each fragment; drops emptied fragments.
fn trim(chars: &[char], fragments: &Fragments) -> Fragments {
    let trimmable =
        |c: char| c.is_whitespace() || c.is_ascii_punctuation() || is_unicode_punctuation(c);
    let mut out: Fragments = fragments
        .iter()
        .filter_map(|&(s, e)| {
            let e = e.min(chars.len());
            let mut s = s.min(e);
            let mut e2 = e;
            while s < e2 && trimmable(chars[s]) {
                s += 1;
            }
            while e2 > s && trimmable(chars[e2 - 1]) {
                e2 -= 1;
            }
            (e2 > s).then_some((s, e2))
        })
        .collect();
    out.sort_unstable();
    out
}

fn is_unicode_punctuation(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '«' | '»' | '—' | '–' | '…' | '„' | '‹' | '›' | '\u{feff}')
}

fn overlaps(a: &[(usize, usize)], b: &[(usize, usize)]) -> bool {
    a.iter().any(|&(s1, e1)| b.iter().any(|&(s2, e2)| s1 < e2 && s2 < e1))
}

/// Size of a maximum one-to-one matching between `left` and `right` items (Kuhn's algorithm).
fn max_matching(left: usize, right: usize, compatible: impl Fn(usize, usize) -> bool) -> usize {
    let adjacency: Vec<Vec<usize>> =
        (0..left).map(|l| (0..right).filter(|&r| compatible(l, r)).collect()).collect();
    let mut owner: Vec<Option<usize>> = vec![None; right];
    fn augment(
        l: usize,
        adjacency: &[Vec<usize>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for &r in &adjacency[l] {
            if seen[r] {
                continue;
            }
            seen[r] = true;
            if owner[r].is_none_or(|other| augment(other, adjacency, seen, owner)) {
                owner[r] = Some(l);
                return true;
            }
        }
        false
    }
    let mut matched = 0;
    for l in 0..left {
        let mut seen = vec![false; right];
        if augment(l, &adjacency, &mut seen, &mut owner) {
            matched += 1;
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_punctuation_and_spaces() {
        let chars: Vec<char> = "“Hello,” he said.".chars().collect();
        assert_eq!(trim(&chars, &vec![(0, 8)]), vec![(1, 6)]);
        assert_eq!(trim(&chars, &vec![(7, 9)]), Vec::<(usize, usize)>::new());
    }

    #[test]
    fn matching_is_one_to_one_and_maximal() {
        // Gold 0 overlaps predictions 0 and 1, gold 1 only prediction 0: both can match.
        let edges = [(0, 0), (0, 1), (1, 0)];
        assert_eq!(max_matching(2, 2, |g, p| edges.contains(&(g, p))), 2);
        // Two gold spans inside one prediction: only one matches.
        assert_eq!(max_matching(2, 1, |_, _| true), 1);
        assert_eq!(max_matching(0, 3, |_, _| true), 0);
    }

    #[test]
    fn scores_compute_f1() {
        let s = Score { matched: 5, predicted: 10, gold: 5 };
        assert!((s.f1() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(Score::default().f1(), 0.0);
    }
}
