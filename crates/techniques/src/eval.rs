//! Cross-validation on the PTC train split with the official SI and TC scores.
//!
//! Folds are fixed by article: articles sorted by id (as numbers), article `i` in fold
//! `i mod k`. Each fold's model is trained on the other folds with the default options and
//! seed; SI is scored on the held-out articles' predicted spans, TC on their gold spans.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

use echotrace_analyze::Context;
use echotrace_model::Document;

use echotrace_embed::ModelDir;

use crate::corpus::{fold_of, load_split, AnnotatedArticle, TECHNIQUES};
use crate::features::{ArticleView, FeatureSink};
use crate::model::{train_on, Model, TrainOptions};
use crate::scorer::{SiCounts, TcCounts};
use crate::{Error, Result};

/// Which model runs: the linear fast tier (default) or the opt-in accurate tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    Fast,
    Accurate,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Fast => "fast",
            Tier::Accurate => "accurate",
        }
    }
}

impl FromStr for Tier {
    type Err = Error;
    fn from_str(s: &str) -> Result<Tier> {
        match s {
            "fast" | "default" => Ok(Tier::Fast),
            "accurate" => Ok(Tier::Accurate),
            other => Err(Error::Invalid(format!("unknown tier {other:?} (fast, accurate)"))),
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Cross-validated figures of one tier.
#[derive(Debug, Clone)]
pub struct Report {
    pub tier: Tier,
    pub folds: usize,
    pub articles: usize,
    pub si: SiCounts,
    pub tc: TcCounts,
    /// Wall-clock seconds spent analysing `timed_articles` held-out articles (text layer, SI
    /// and TC on found spans), training excluded.
    pub analysis_seconds: f64,
    /// How many articles `analysis_seconds` covers (all for the fast tier, a sample for the
    /// accurate one).
    pub timed_articles: usize,
    /// CPU seconds (all threads) of the same analyses, where the platform tells (Linux).
    pub cpu_seconds: Option<f64>,
    /// Size of the committed model of this tier, in bytes.
    pub model_bytes: usize,
}

impl Report {
    /// Held-out articles analysed per wall-clock second.
    pub fn articles_per_second(&self) -> f64 {
        if self.analysis_seconds > 0.0 {
            self.timed_articles as f64 / self.analysis_seconds
        } else {
            0.0
        }
    }

    /// Articles analysed per CPU second (all threads), which a loaded machine does not skew.
    pub fn articles_per_cpu_second(&self) -> Option<f64> {
        self.cpu_seconds.filter(|c| *c > 0.0).map(|c| self.timed_articles as f64 / c)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "tier {}: {}-fold cross-validation on {} PTC train articles (folds: sorted ids, i mod {})",
            self.tier, self.folds, self.articles, self.folds
        )?;
        writeln!(
            f,
            "  SI  P {:.4}  R {:.4}  F1 {:.4}  ({} predicted, {} gold spans after merging)",
            self.si.precision(),
            self.si.recall(),
            self.si.f1(),
            self.si.predicted,
            self.si.gold
        )?;
        writeln!(
            f,
            "  TC  micro-F1 {:.4}  ({} gold labels)",
            self.tc.micro_f1(),
            self.tc.gold.iter().sum::<usize>()
        )?;
        writeln!(f, "  {:<36} {:>5} {:>7} {:>7} {:>7}", "technique", "gold", "P", "R", "F1")?;
        for (name, gold, p, r, f1) in self.tc.table() {
            writeln!(f, "  {name:<36} {gold:>5} {p:>7.3} {r:>7.3} {f1:>7.3}")?;
        }
        let per_cpu = match self.articles_per_cpu_second() {
            Some(rate) => format!("{rate:.2} articles per CPU second"),
            None => "CPU time not measured".to_string(),
        };
        writeln!(
            f,
            "  speed {:.2} articles/s wall, {per_cpu} ({} articles in {:.2}s); model {} bytes",
            self.articles_per_second(),
            self.timed_articles,
            self.analysis_seconds,
            self.model_bytes
        )
    }
}

/// Accepts a split folder (holding `articles/`) or the PTC root (holding `train/articles/`).
pub fn resolve_split(dir: &Path) -> PathBuf {
    if dir.join("articles").is_dir() {
        dir.to_path_buf()
    } else {
        dir.join("train")
    }
}

/// Cross-validates `tier` with `folds` folds on the PTC train split under `dir`; the accurate
/// tier reads MiniLM from [`ModelDir::from_env`].
pub fn eval_ptc(dir: &Path, folds: usize, tier: Tier) -> Result<Report> {
    eval_ptc_with(dir, folds, tier, &ModelDir::from_env())
}

/// Held-out articles the accurate tier's speed is measured on (end to end, encoder included).
pub const ACCURATE_TIMED_ARTICLES: usize = 20;

/// [`eval_ptc`] with the models directory of the accurate tier.
pub fn eval_ptc_with(dir: &Path, folds: usize, tier: Tier, models: &ModelDir) -> Result<Report> {
    if folds < 2 {
        return Err(Error::Invalid(format!("need at least 2 folds, got {folds}")));
    }
    let articles = load_split(&resolve_split(dir))?;
    match tier {
        Tier::Fast => {
            let sweep = cross_validate_fast(&articles, folds, &TrainOptions::default(), &[])?;
            Ok(Report {
                tier,
                folds,
                articles: articles.len(),
                si: sweep.si,
                tc: sweep.tc,
                analysis_seconds: sweep.analysis_seconds,
                timed_articles: articles.len(),
                cpu_seconds: sweep.cpu_seconds,
                model_bytes: Model::embedded_size(),
            })
        }
        Tier::Accurate => {
            crate::accurate::cross_validate(&articles, folds, models, ACCURATE_TIMED_ARTICLES)
        }
    }
}

/// The outcome of a cross-validation of the fast tier, with SI also scored at extra span
/// biases (for choosing the default).
#[derive(Debug, Clone)]
pub struct FastSweep {
    pub si: SiCounts,
    pub tc: TcCounts,
    pub analysis_seconds: f64,
    /// CPU seconds of this thread over the same analyses.
    pub cpu_seconds: Option<f64>,
    /// `((span bias, merge gap), SI counts)` for each extra decoding asked for.
    pub si_by_bias: Vec<((f32, usize), SiCounts)>,
}

/// Cross-validates the fast tier with explicit options.
pub fn cross_validate_fast(
    articles: &[AnnotatedArticle],
    folds: usize,
    options: &TrainOptions,
    extra_decodings: &[(f32, usize)],
) -> Result<FastSweep> {
    if folds < 2 {
        return Err(Error::Invalid(format!("need at least 2 folds, got {folds}")));
    }
    let mut sweep = FastSweep {
        si: SiCounts::default(),
        tc: TcCounts::default(),
        analysis_seconds: 0.0,
        cpu_seconds: Some(0.0),
        si_by_bias: extra_decodings.iter().map(|d| (*d, SiCounts::default())).collect(),
    };
    for fold in 0..folds {
        let train: Vec<AnnotatedArticle> = articles
            .iter()
            .enumerate()
            .filter(|(i, _)| fold_of(*i, folds) != fold)
            .map(|(_, a)| a.clone())
            .collect();
        let model = train_on(&train, options);
        let variants: Vec<Model> = sweep
            .si_by_bias
            .iter()
            .map(|((bias, gap), _)| model.clone().with_decoding(*bias, *gap))
            .collect();
        let held_out = articles.iter().enumerate().filter(|(i, _)| fold_of(*i, folds) == fold);
        for (_, annotated) in held_out {
            let doc = Document::new(annotated.article.id.clone(), annotated.article.text.clone());
            let started = Instant::now();
            let cpu_before = thread_cpu_seconds();
            let cx = Context::new(&doc);
            let detected = model.detect(&cx);
            sweep.analysis_seconds += started.elapsed().as_secs_f64();
            sweep.cpu_seconds = match (sweep.cpu_seconds, cpu_before, thread_cpu_seconds()) {
                (Some(total), Some(a), Some(b)) => Some(total + (b - a)),
                _ => None,
            };
            let predicted: Vec<[usize; 2]> = detected.iter().map(|s| [s.start, s.end]).collect();
            sweep.si.add_article(&predicted, &annotated.si_spans);

            let view = ArticleView::new(&cx, model.word_rates());
            for (biased, (_, counts)) in variants.iter().zip(sweep.si_by_bias.iter_mut()) {
                let spans: Vec<[usize; 2]> =
                    biased.find_spans(&view).iter().map(|s| [s.start, s.end]).collect();
                counts.add_article(&spans, &annotated.si_spans);
            }
            score_tc(&model, &view, annotated, &mut sweep.tc);
        }
    }
    Ok(sweep)
}

/// Scores TC on the gold spans of one article: a span with k labels gets the k most probable
/// distinct techniques.
fn score_tc(
    model: &Model,
    view: &ArticleView<'_>,
    annotated: &AnnotatedArticle,
    counts: &mut TcCounts,
) {
    let mut sink = FeatureSink::default();
    let spans = &annotated.tc_spans; // sorted, so equal spans are adjacent
    let mut i = 0;
    while i < spans.len() {
        let mut j = i + 1;
        while j < spans.len() && (spans[j].start, spans[j].end) == (spans[i].start, spans[i].end) {
            j += 1;
        }
        let gold: Vec<usize> = spans[i..j].iter().map(|s| s.technique).collect();
        let probs = model.classify(view, spans[i].start, spans[i].end, &mut sink);
        let mut order: Vec<usize> = (0..TECHNIQUES.len()).collect();
        order.sort_by(|a, b| probs[*b].total_cmp(&probs[*a]));
        counts.add_span(&gold, &order[..gold.len().min(order.len())]);
        i = j;
    }
}

/// CPU seconds of the calling thread (Linux: `/proc/thread-self/schedstat`, nanoseconds).
pub(crate) fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// CPU seconds of the whole process, all threads (Linux: `/proc/self/stat`, user + system, in
/// clock ticks of 1/100 s).
pub(crate) fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = text.get(text.rfind(')')? + 1..)?.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some((user + system) as f64 / 100.0)
}
