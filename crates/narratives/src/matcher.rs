//! Matching a document's claims against the narrative catalog.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use echotrace_analyze::{Analyzer, Context, WordHasher};
use echotrace_model::{Layers, NarrativeMatch, Span};

use echotrace_embed::MiniLm;

use crate::bm25::{Bm25Index, Bm25Params};
use crate::calibration::Logistic;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::semantic::{DenseIndex, Fusion, FusionModels};
use crate::text::terms;

/// Calibration of the coverage score (see [`coverage`]) into the probability that a claim states
/// the matched narrative, fitted on the CheckThat! 2020 train split by
/// [`crate::checkthat::fit_coverage_calibration`] (`cargo run --release -p echotrace-narratives
/// --example calibrate`).
pub const COVERAGE_CALIBRATION: Logistic = Logistic { slope: 8.94, intercept: -3.90 };

/// A set of words probed once per term of every claim, so hashed with [`WordHasher`].
type WordSet<T> = HashSet<T, BuildHasherDefault<WordHasher>>;

/// A claim of a document: its span (code points) and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub span: Span,
    pub text: String,
}

/// One passage of the catalog (a title, summary, phrasing or the keyword list) with its
/// narrative and the BM25 score it gives itself, the ceiling a claim can reach against it.
#[derive(Debug)]
struct Passage {
    narrative: usize,
    self_score: f32,
    terms: WordSet<String>,
}

/// A claim must share at least this many distinct words with a passage to match it: short
/// titles ("The Moon landings were faked") otherwise reach full coverage on any sentence with
/// two common words.
const MIN_SHARED_TERMS: usize = 3;

/// Scores claims against every narrative of a catalog with BM25 over its passages, and with
/// [`NarrativeMatcher::with_semantic`] also by MiniLM cosine.
#[derive(Debug)]
pub struct NarrativeMatcher {
    catalog: Arc<Catalog>,
    index: Bm25Index,
    passages: Vec<Passage>,
    calibration: Logistic,
    semantic: Option<Semantic>,
    /// Per narrative, the term lists of its anchors (see [`crate::Narrative::anchors`]).
    anchors: Vec<Vec<Vec<String>>>,
    /// Matches with a calibrated score below this are dropped.
    pub threshold: f32,
}

/// The semantic side of a matcher: the model, the embedded passages (title, summary and
/// phrasings of each narrative) and the pairwise fusion of coverage and cosine.
#[derive(Debug)]
struct Semantic {
    model: Arc<MiniLm>,
    passages: DenseIndex,
    owners: Vec<usize>,
    fusion: Fusion,
}

/// In semantic mode, a claim goes through the transformer only when its best BM25 coverage
/// of some narrative reaches this: a claim sharing no weighted words with any narrative is not
/// worth 50 ms of MiniLM. The cheap first stage that makes the semantic matcher affordable on a
/// corpus.
pub const SEMANTIC_GATE: f32 = 0.15;

/// How much of a passage's BM25 weight a query covers: `bm25(query, passage) /
/// bm25(passage, passage)`, capped at 1. Unlike raw BM25 it is comparable across catalogs.
pub fn coverage(score: f32, self_score: f32) -> f32 {
    if self_score <= 0.0 {
        0.0
    } else {
        (score / self_score).min(1.0)
    }
}

impl NarrativeMatcher {
    pub fn new(catalog: Arc<Catalog>) -> Self {
        let mut documents = Vec::new();
        let mut owners = Vec::new();
        for (i, n) in catalog.narratives.iter().enumerate() {
            let mut fields = vec![n.title.clone(), n.summary.clone(), n.keywords.join(" ")];
            fields.extend(n.phrasings.iter().cloned());
            for field in fields {
                let field_terms = terms(&field);
                if !field_terms.is_empty() {
                    documents.push(field_terms);
                    owners.push(i);
                }
            }
        }
        let index = Bm25Index::new(&documents, Bm25Params::default());
        let passages = owners
            .into_iter()
            .zip(&documents)
            .enumerate()
            .map(|(p, (narrative, doc))| Passage {
                narrative,
                self_score: index.scores(doc).get(p).copied().unwrap_or(0.0),
                terms: doc.iter().cloned().collect(),
            })
            .collect();
        let anchors = catalog
            .narratives
            .iter()
            .map(|n| n.anchors.iter().map(|a| terms(a)).collect())
            .collect();
        NarrativeMatcher {
            catalog,
            index,
            passages,
            calibration: COVERAGE_CALIBRATION,
            semantic: None,
            anchors,
            threshold: 0.5,
        }
    }

    /// Adds MiniLM to the matcher: the catalog's titles, summaries and phrasings are embedded
    /// once here, and claims are scored by the pairwise fusion of BM25 coverage and cosine
    /// (fitted on CheckThat! train, see [`FusionModels`]).
    pub fn with_semantic(mut self, model: Arc<MiniLm>) -> Result<Self> {
        let mut texts = Vec::new();
        let mut owners = Vec::new();
        for (i, n) in self.catalog.narratives.iter().enumerate() {
            for text in std::iter::once(&n.title).chain([&n.summary]).chain(&n.phrasings) {
                if !text.trim().is_empty() {
                    texts.push(text.as_str());
                    owners.push(i);
                }
            }
        }
        let vectors = model.embed(&texts)?;
        let fusion = FusionModels::shipped()?.pairwise;
        self.semantic =
            Some(Semantic { model, passages: DenseIndex::new(&vectors), owners, fusion });
        Ok(self)
    }

    /// Whether claims are also scored by MiniLM.
    pub fn is_semantic(&self) -> bool {
        self.semantic.is_some()
    }

    /// The matcher over the embedded starter catalog.
    pub fn starter() -> Self {
        NarrativeMatcher::new(Arc::new(Catalog::starter()))
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The calibrated probability that `claim` states each narrative (catalog order).
    pub fn score_claim(&self, claim: &str) -> Vec<f32> {
        self.score_claims(&[claim]).pop().unwrap_or_default()
    }

    /// [`NarrativeMatcher::score_claim`] for many claims; in semantic mode the claims past the
    /// gate go through the transformer in one batch.
    pub fn score_claims(&self, claims: &[&str]) -> Vec<Vec<f32>> {
        let claim_terms: Vec<Vec<String>> = claims.iter().map(|c| terms(c)).collect();
        self.score_claims_with_terms(claims, &claim_terms)
    }

    /// [`NarrativeMatcher::score_claims`] when `claim_terms[i]` are already the [`terms`] of
    /// `claims[i]`.
    fn score_claims_with_terms(
        &self,
        claims: &[&str],
        claim_terms: &[Vec<String>],
    ) -> Vec<Vec<f32>> {
        let mut scores = self.unanchored_scores(claims, claim_terms);
        for (query, row) in claim_terms.iter().zip(&mut scores) {
            let words: WordSet<&str> = query.iter().map(String::as_str).collect();
            for (slot, anchors) in row.iter_mut().zip(&self.anchors) {
                let named = anchors
                    .iter()
                    .any(|a| !a.is_empty() && a.iter().all(|t| words.contains(t.as_str())));
                if !anchors.is_empty() && !named {
                    *slot = 0.0;
                }
            }
        }
        scores
    }

    /// `claim_terms[i]` are the [`terms`] of `claims[i]`.
    fn unanchored_scores(&self, claims: &[&str], claim_terms: &[Vec<String>]) -> Vec<Vec<f32>> {
        let coverages: Vec<Vec<f32>> = claim_terms.iter().map(|t| self.coverages(t)).collect();
        let Some(semantic) = &self.semantic else {
            return coverages
                .into_iter()
                .map(|best| {
                    best.into_iter()
                        .map(|x| if x > 0.0 { self.calibration.probability(x) } else { 0.0 })
                        .collect()
                })
                .collect();
        };
        let gated: Vec<usize> = (0..claims.len())
            .filter(|&i| coverages[i].iter().any(|&x| x >= SEMANTIC_GATE))
            .collect();
        let texts: Vec<&str> = gated.iter().map(|&i| claims[i]).collect();
        // A failing model (it cannot fail on text, only on a broken install) leaves the gated
        // claims unscored rather than aborting the document.
        let vectors = semantic.model.embed(&texts).unwrap_or_default();
        let mut out = vec![vec![0.0f32; self.catalog.len()]; claims.len()];
        for (&i, vector) in gated.iter().zip(&vectors) {
            let mut cosine = vec![f32::MIN; self.catalog.len()];
            for (&owner, c) in semantic.owners.iter().zip(semantic.passages.scores(vector)) {
                cosine[owner] = cosine[owner].max(c);
            }
            for (n, slot) in out[i].iter_mut().enumerate() {
                *slot = semantic.fusion.probability(&[coverages[i][n], cosine[n]]);
            }
        }
        out
    }

    /// The best BM25 coverage of any passage of each narrative by `claim` (catalog order),
    /// counting only passages the claim shares [`MIN_SHARED_TERMS`] words with.
    fn coverages(&self, query: &[String]) -> Vec<f32> {
        let mut best = vec![0.0f32; self.catalog.len()];
        if query.is_empty() {
            return best;
        }
        let query_terms: WordSet<&str> = query.iter().map(String::as_str).collect();
        for (passage, score) in self.passages.iter().zip(self.index.scores(query)) {
            if score <= 0.0
                || query_terms.iter().filter(|t| passage.terms.contains(**t)).count()
                    < MIN_SHARED_TERMS
            {
                continue;
            }
            let x = coverage(score, passage.self_score);
            let slot = &mut best[passage.narrative];
            *slot = slot.max(x);
        }
        best
    }

    /// Matches the claims of a document: for each narrative that some claim reaches the
    /// threshold for, the best score and the spans of every claim that does, best first.
    pub fn match_claims(&self, claims: &[Claim]) -> Vec<NarrativeMatch> {
        let claim_terms: Vec<Vec<String>> = claims.iter().map(|c| terms(&c.text)).collect();
        self.match_claims_with_terms(claims, &claim_terms)
    }

    /// [`NarrativeMatcher::match_claims`] when `claim_terms[i]` are already the [`terms`] of
    /// `claims[i]`.
    fn match_claims_with_terms(
        &self,
        claims: &[Claim],
        claim_terms: &[Vec<String>],
    ) -> Vec<NarrativeMatch> {
        let mut best = vec![0.0f32; self.catalog.len()];
        let mut evidence: Vec<Vec<Span>> = vec![Vec::new(); self.catalog.len()];
        let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
        for (claim, scores) in claims.iter().zip(self.score_claims_with_terms(&texts, claim_terms))
        {
            for (n, p) in scores.into_iter().enumerate() {
                if p >= self.threshold {
                    best[n] = best[n].max(p);
                    if !evidence[n].contains(&claim.span) {
                        evidence[n].push(claim.span);
                    }
                }
            }
        }
        let mut matches: Vec<NarrativeMatch> = self
            .catalog
            .narratives
            .iter()
            .zip(best.into_iter().zip(evidence))
            .filter(|(_, (score, _))| *score >= self.threshold)
            .map(|(n, (score, mut spans))| {
                spans.sort_unstable();
                NarrativeMatch { id: n.id.clone(), title: n.title.clone(), score, evidence: spans }
            })
            .collect();
        matches.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        matches
    }
}

/// The claims of a document: attribution contents, then every sentence with at least three
/// content words (shorter ones are headings, datelines and fragments).
pub fn document_claims(cx: &Context<'_>, layers: &Layers) -> Vec<Claim> {
    claims_with_terms(cx, layers).0
}

/// [`document_claims`] and the [`terms`] of each: the sentence test needs them, and so does
/// scoring, so every sentence is split and stemmed once.
fn claims_with_terms(cx: &Context<'_>, layers: &Layers) -> (Vec<Claim>, Vec<Vec<String>>) {
    let mut claims: Vec<Claim> = layers
        .attributions
        .iter()
        .map(|a| Claim { span: [a.content.start, a.content.end], text: a.content.text.clone() })
        .collect();
    let mut claim_terms: Vec<Vec<String>> = claims.iter().map(|c| terms(&c.text)).collect();
    for range in &cx.sentences {
        let Some(text) = cx.text.get(range.clone()) else { continue };
        let sentence_terms = terms(text);
        if sentence_terms.len() >= 3 {
            claims.push(Claim { span: cx.span(range.clone()), text: text.to_string() });
            claim_terms.push(sentence_terms);
        }
    }
    (claims, claim_terms)
}

/// The `narratives` stage of the pipeline: fills `layers.narratives`.
#[derive(Debug, Clone)]
pub struct NarrativeAnalyzer {
    matcher: Arc<NarrativeMatcher>,
}

impl NarrativeAnalyzer {
    pub fn new(matcher: Arc<NarrativeMatcher>) -> Self {
        NarrativeAnalyzer { matcher }
    }

    /// The analyser over the starter catalog, built once per process.
    pub fn starter() -> Self {
        static STARTER: std::sync::OnceLock<Arc<NarrativeMatcher>> = std::sync::OnceLock::new();
        NarrativeAnalyzer {
            matcher: STARTER.get_or_init(|| Arc::new(NarrativeMatcher::starter())).clone(),
        }
    }
}

impl Analyzer for NarrativeAnalyzer {
    fn name(&self) -> &'static str {
        "narratives"
    }

    fn analyze(&self, cx: &Context<'_>, layers: &mut Layers) {
        let (claims, claim_terms) = claims_with_terms(cx, layers);
        layers.narratives = self.matcher.match_claims_with_terms(&claims, &claim_terms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(claim: &str) -> Option<(String, f32)> {
        let matcher = NarrativeMatcher::starter();
        let claims = [Claim { span: [0, claim.chars().count()], text: claim.to_string() }];
        matcher.match_claims(&claims).into_iter().next().map(|m| (m.id, m.score))
    }

    #[test]
    fn claims_match_their_narrative_and_short_overlaps_do_not() {
        let found =
            best("Moscow says the White Helmets staged a false flag chemical attack in Idlib");
        assert_eq!(found.map(|f| f.0).as_deref(), Some("white-helmets-stage-chemical-attacks"));
        // An event narrative needs its event named.
        let found = best("Rebels staged the chemical attack and the hospital video used actors");
        assert_ne!(found.map(|f| f.0).as_deref(), Some("douma-attack-staged"));
        let found = best(
            "In Douma the rebels staged the chemical attack and the hospital video used actors",
        );
        assert_eq!(found.map(|f| f.0).as_deref(), Some("douma-attack-staged"));
        // Two words of a short title are not the narrative.
        assert_eq!(best("Fake news about the landing gear of the plane"), None);
        assert_eq!(best(""), None);
    }
}
