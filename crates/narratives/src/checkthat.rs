//! Claim retrieval in the CheckThat! 2020 Task 2 format: verified claims, tweet queries, qrels,
//! TREC run lines, and the official MAP@5 and MRR.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::bm25::{Bm25Index, Bm25Params};
use crate::calibration::Logistic;
use crate::error::{io_error, Error, Result};
use crate::matcher::coverage;
use crate::text::{normalize_tweet, terms};

/// A fact-checked claim (`vclaim_id<TAB>vclaim<TAB>title`).
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedClaim {
    pub id: String,
    pub claim: String,
    pub title: String,
}

/// A query (`tweet_id<TAB>tweet_content`).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub id: String,
    pub text: String,
}

/// One line of a TREC run: `qid Q0 docid rank score tag`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunLine {
    pub query: String,
    pub doc: String,
    pub rank: usize,
    pub score: f32,
    pub tag: String,
}

impl fmt::Display for RunLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Q0 {} {} {:.4} {}", self.query, self.doc, self.rank, self.score, self.tag)
    }
}

/// Which retriever ranks the verified claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Lexical,
    Semantic,
    Fused,
    Fast,
}

impl PathKind {
    pub const ALL: [PathKind; 4] =
        [PathKind::Lexical, PathKind::Semantic, PathKind::Fused, PathKind::Fast];

    pub fn as_str(self) -> &'static str {
        match self {
            PathKind::Lexical => "lexical",
            PathKind::Semantic => "semantic",
            PathKind::Fused => "fused",
            PathKind::Fast => "fast",
        }
    }
}

impl std::str::FromStr for PathKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        PathKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::UnknownPathKind(s.to_string()))
    }
}

fn tsv_rows(path: &Path) -> Result<Vec<(usize, Vec<String>)>> {
    let text = std::fs::read_to_string(path).map_err(io_error(path))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: e.position().map_or(0, |p| p.line() as usize),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

fn missing_column(path: &Path, line: usize) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        line,
        message: "expected at least two tab-separated columns".into(),
    }
}

/// Reads `verified_claims.docs.tsv`.
pub fn read_verified_claims(path: &Path) -> Result<Vec<VerifiedClaim>> {
    tsv_rows(path)?
        .into_iter()
        .map(|(line, mut row)| {
            if row.len() < 2 {
                return Err(missing_column(path, line));
            }
            row.resize(3, String::new());
            let title = row.pop().unwrap_or_default();
            let claim = row.pop().unwrap_or_default();
            let id = row.pop().unwrap_or_default();
            Ok(VerifiedClaim { id, claim, title })
        })
        .collect()
}

/// Reads `tweets.queries.tsv`.
pub fn read_queries(path: &Path) -> Result<Vec<Query>> {
    tsv_rows(path)?
        .into_iter()
        .map(|(line, row)| match row.as_slice() {
            [id, text, ..] => Ok(Query { id: id.clone(), text: text.clone() }),
            _ => Err(missing_column(path, line)),
        })
        .collect()
}

/// Reads qrels (`qid 0 docid relevance`, tabs or spaces): the relevant documents of each query.
pub fn read_qrels(path: &Path) -> Result<HashMap<String, HashSet<String>>> {
    let text = std::fs::read_to_string(path).map_err(io_error(path))?;
    let mut qrels: HashMap<String, HashSet<String>> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [] => {}
            [query, _, doc, relevance] => {
                if relevance.parse::<f32>().is_ok_and(|r| r > 0.0) {
                    qrels.entry(query.to_string()).or_default().insert(doc.to_string());
                }
            }
            _ => {
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    line: i + 1,
                    message: "expected `qid 0 docid relevance`".into(),
                })
            }
        }
    }
    Ok(qrels)
}

/// BM25 over verified claims (claim text and title), queried with normalised tweets.
#[derive(Debug)]
pub struct ClaimRetriever {
    claims: Vec<VerifiedClaim>,
    documents: Vec<Vec<String>>,
    index: Bm25Index,
}

impl ClaimRetriever {
    pub fn new(claims: Vec<VerifiedClaim>) -> Self {
        ClaimRetriever::with_params(claims, Bm25Params::default())
    }

    pub fn with_params(claims: Vec<VerifiedClaim>, params: Bm25Params) -> Self {
        let documents: Vec<Vec<String>> =
            claims.iter().map(|c| terms(&format!("{} {}", c.claim, c.title))).collect();
        let index = Bm25Index::new(&documents, params);
        ClaimRetriever { claims, documents, index }
    }

    pub fn claims(&self) -> &[VerifiedClaim] {
        &self.claims
    }

    /// The `k` best claims for a tweet, as `(claim index, BM25 score)`, best first.
    pub fn search(&self, tweet: &str, k: usize) -> Vec<(usize, f32)> {
        self.index.top(&terms(&normalize_tweet(tweet)), k)
    }

    /// The coverage (see [`coverage`]) of claim `doc` by a tweet that scored `score` on it.
    pub fn coverage(&self, doc: usize, score: f32) -> f32 {
        let self_score = self
            .documents
            .get(doc)
            .map_or(0.0, |d| self.index.scores(d).get(doc).copied().unwrap_or(0.0));
        coverage(score, self_score)
    }

    /// TREC run lines for every query: the `top` best claims of each.
    pub fn run(&self, queries: &[Query], top: usize, tag: &str) -> Vec<RunLine> {
        let mut lines = Vec::new();
        for q in queries {
            for (rank, (doc, score)) in self.search(&q.text, top).into_iter().enumerate() {
                lines.push(RunLine {
                    query: q.id.clone(),
                    doc: self.claims[doc].id.clone(),
                    rank: rank + 1,
                    score,
                    tag: tag.to_string(),
                });
            }
        }
        lines
    }
}

/// `echotrace claims match --catalog verified_claims.docs.tsv --queries tweets.queries.tsv
/// [--top 5] --format trec`: the run lines, best first within each query.
pub fn match_claims_files(
    catalog: &Path,
    queries: &Path,
    top: usize,
    tag: &str,
) -> Result<Vec<RunLine>> {
    let retriever = ClaimRetriever::new(read_verified_claims(catalog)?);
    Ok(retriever.run(&read_queries(queries)?, top, tag))
}

/// Official CheckThat! 2020 average precision at `k`: precision at each relevant rank within
/// the top `k`, summed and divided by the number of relevant documents.
pub fn average_precision_at(ranked: &[&str], relevant: &HashSet<String>, k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    let mut hits = 0usize;
    let mut sum = 0.0f64;
    for (i, doc) in ranked.iter().take(k).enumerate() {
        if relevant.contains(*doc) {
            hits += 1;
            sum += hits as f64 / (i + 1) as f64;
        }
    }
    sum / relevant.len() as f64
}

/// Reciprocal rank of the first relevant document in the whole ranking (0 when none).
pub fn reciprocal_rank(ranked: &[&str], relevant: &HashSet<String>) -> f64 {
    ranked.iter().position(|d| relevant.contains(*d)).map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// MAP@k and MRR of a run over the queries of `qrels` (a query absent from the run scores 0).
pub fn score_run(
    run: &[RunLine],
    qrels: &HashMap<String, HashSet<String>>,
    k: usize,
) -> (f64, f64) {
    if qrels.is_empty() {
        return (0.0, 0.0);
    }
    let mut by_query: HashMap<&str, Vec<&RunLine>> = HashMap::new();
    for line in run {
        by_query.entry(line.query.as_str()).or_default().push(line);
    }
    let (mut map, mut mrr) = (0.0, 0.0);
    for (query, relevant) in qrels {
        let mut lines = by_query.get(query.as_str()).cloned().unwrap_or_default();
        lines.sort_by_key(|l| l.rank);
        let ranked: Vec<&str> = lines.iter().map(|l| l.doc.as_str()).collect();
        map += average_precision_at(&ranked, relevant, k);
        mrr += reciprocal_rank(&ranked, relevant);
    }
    let n = qrels.len() as f64;
    (map / n, mrr / n)
}

/// One retrieval path's figures on a split.
#[derive(Debug, Clone, PartialEq)]
pub struct PathReport {
    pub path: PathKind,
    pub map_at_5: f64,
    pub mrr: f64,
    pub queries: usize,
    pub queries_per_second: f64,
}

/// The figures of `eval_claims`; paths not built into the binary are listed in `unavailable`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub split: PathBuf,
    pub claims: usize,
    pub paths: Vec<PathReport>,
    pub unavailable: Vec<PathKind>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "CheckThat! 2020 Task 2: {} ({} verified claims)",
            self.split.display(),
            self.claims
        )?;
        writeln!(
            f,
            "{:<9} {:>7} {:>7} {:>8} {:>10}",
            "path", "MAP@5", "MRR", "queries", "queries/s"
        )?;
        for p in &self.paths {
            writeln!(
                f,
                "{:<9} {:>7.4} {:>7.4} {:>8} {:>10.0}",
                p.path.as_str(),
                p.map_at_5,
                p.mrr,
                p.queries,
                p.queries_per_second
            )?;
        }
        for p in &self.unavailable {
            writeln!(f, "{:<9} not built into this binary", p.as_str())?;
        }
        Ok(())
    }
}

/// The verified claims of a split directory: `verified_claims.docs.tsv` in it or its parent.
fn verified_claims_of(split: &Path) -> PathBuf {
    let inside = split.join("verified_claims.docs.tsv");
    if inside.exists() {
        inside
    } else {
        split.parent().unwrap_or(split).join("verified_claims.docs.tsv")
    }
}

/// `echotrace eval claims DIR`: MAP@5 and MRR of each requested path on a split directory
/// (`tweets.queries.tsv`, `tweet-vclaim-pairs.qrels`, verified claims beside or above it).
pub fn eval_claims(split: &Path, paths: &[PathKind]) -> Result<Report> {
    let retriever = ClaimRetriever::new(read_verified_claims(&verified_claims_of(split))?);
    let queries = read_queries(&split.join("tweets.queries.tsv"))?;
    let qrels = read_qrels(&split.join("tweet-vclaim-pairs.qrels"))?;
    let mut report = Report {
        split: split.to_path_buf(),
        claims: retriever.claims().len(),
        paths: Vec::new(),
        unavailable: Vec::new(),
    };
    for &path in paths {
        match path {
            PathKind::Lexical => {
                let started = Instant::now();
                let run = retriever.run(&queries, 100, "bm25");
                let seconds = started.elapsed().as_secs_f64().max(1e-9);
                let (map_at_5, mrr) = score_run(&run, &qrels, 5);
                report.paths.push(PathReport {
                    path,
                    map_at_5,
                    mrr,
                    queries: queries.len(),
                    queries_per_second: queries.len() as f64 / seconds,
                });
            }
            other => report.unavailable.push(other),
        }
    }
    Ok(report)
}

/// Fits [`crate::matcher::COVERAGE_CALIBRATION`]: for every query of a split, the coverage of
/// each of its top five claims, labelled by relevance.
pub fn fit_coverage_calibration(split: &Path) -> Result<Logistic> {
    let retriever = ClaimRetriever::new(read_verified_claims(&verified_claims_of(split))?);
    let queries = read_queries(&split.join("tweets.queries.tsv"))?;
    let qrels = read_qrels(&split.join("tweet-vclaim-pairs.qrels"))?;
    let mut examples = Vec::new();
    for q in &queries {
        let Some(relevant) = qrels.get(&q.id) else { continue };
        for (doc, score) in retriever.search(&q.text, 5) {
            let label = relevant.contains(&retriever.claims()[doc].id);
            examples.push((retriever.coverage(doc, score), label));
        }
    }
    Ok(Logistic::fit(&examples))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[&str]) -> HashSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn line(query: &str, doc: &str, rank: usize) -> RunLine {
        RunLine {
            query: query.into(),
            doc: doc.into(),
            rank,
            score: 1.0 / rank as f32,
            tag: "t".into(),
        }
    }

    #[test]
    fn average_precision_matches_hand_computation() {
        // Relevant at ranks 2 and 4 of two relevant: (1/2 + 2/4) / 2 = 0.5.
        assert_eq!(average_precision_at(&["a", "r1", "b", "r2", "c"], &set(&["r1", "r2"]), 5), 0.5);
        // Relevant at rank 6 is outside the top five.
        assert_eq!(average_precision_at(&["a", "b", "c", "d", "e", "r"], &set(&["r"]), 5), 0.0);
        assert_eq!(reciprocal_rank(&["a", "b", "c", "d", "e", "r"], &set(&["r"])), 1.0 / 6.0);
    }

    #[test]
    fn map_at_5_and_mrr_over_a_hand_made_run() {
        let qrels: HashMap<String, HashSet<String>> = [
            ("q1".to_string(), set(&["d1"])),
            ("q2".to_string(), set(&["d9"])),
            ("q3".to_string(), set(&["d3"])),
        ]
        .into_iter()
        .collect();
        // q1: relevant at rank 1 → AP 1, RR 1. q2: at rank 3 → AP 1/3, RR 1/3.
        // q3: absent from the run → 0, 0. Lines out of order must be sorted by rank.
        let run = vec![
            line("q2", "d9", 3),
            line("q1", "d1", 1),
            line("q1", "d2", 2),
            line("q2", "d7", 1),
            line("q2", "d8", 2),
        ];
        let (map, mrr) = score_run(&run, &qrels, 5);
        assert!((map - (1.0 + 1.0 / 3.0) / 3.0).abs() < 1e-12, "{map}");
        assert!((mrr - (1.0 + 1.0 / 3.0) / 3.0).abs() < 1e-12, "{mrr}");
    }

    #[test]
    fn run_lines_print_in_trec_format() {
        assert_eq!(line("7", "42", 1).to_string(), "7 Q0 42 1 1.0000 t");
    }

    #[test]
    fn path_kinds_parse_by_name() {
        assert_eq!("fused".parse::<PathKind>().ok(), Some(PathKind::Fused));
        assert!("bm42".parse::<PathKind>().is_err());
    }

    const SPLIT: &str =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/claims/checkthat2020/dev");

    #[test]
    fn dev_split_reads_completely() {
        let split = Path::new(SPLIT);
        let claims = read_verified_claims(&verified_claims_of(split)).expect("verified claims");
        assert_eq!(claims.len(), 10_375);
        let queries = read_queries(&split.join("tweets.queries.tsv")).expect("queries");
        assert_eq!(queries.len(), 197);
        let qrels = read_qrels(&split.join("tweet-vclaim-pairs.qrels")).expect("qrels");
        assert_eq!(qrels.len(), 197);
    }
}
