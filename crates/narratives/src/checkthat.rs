//! Claim retrieval in the CheckThat! 2020 Task 2 format: verified claims, tweet queries, qrels,
//! TREC run lines, and the official MAP@5 and MRR.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::adapter::{AdapterOptions, QueryAdapter};
use crate::bm25::{top_k, Bm25Index, Bm25Params};
use crate::calibration::Logistic;
use crate::error::{io_error, Error, Result};
use crate::matcher::coverage;
use crate::semantic::{
    DenseIndex, Encoder, Evidence, Fusion, FusionModels, TokenIdf, PAIRWISE_FEATURES,
    RANKING_FEATURES,
};
use crate::text::{normalize_tweet, terms};
use echotrace_embed::{MiniLm, ModelDir, StaticTable};

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
    /// BM25.
    Lexical,
    /// all-MiniLM-L6-v2 cosine.
    Semantic,
    /// BM25 and MiniLM combined by the fitted fusion model.
    Fused,
    /// BM25 first; the transformer and the fusion only for queries BM25 is unsure of.
    Fast,
    /// The static table distilled from MiniLM (model2vec-style), measured for the record.
    Static,
}

impl PathKind {
    pub const ALL: [PathKind; 5] =
        [PathKind::Lexical, PathKind::Semantic, PathKind::Fused, PathKind::Fast, PathKind::Static];

    pub fn as_str(self) -> &'static str {
        match self {
            PathKind::Lexical => "lexical",
            PathKind::Semantic => "semantic",
            PathKind::Fused => "fused",
            PathKind::Fast => "fast",
            PathKind::Static => "static",
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
    index: Bm25Index,
    /// Each claim's BM25 score against its own terms, the denominator of [`coverage`].
    self_scores: Vec<f32>,
}

impl ClaimRetriever {
    pub fn new(claims: Vec<VerifiedClaim>) -> Self {
        ClaimRetriever::with_params(claims, Bm25Params::default())
    }

    pub fn with_params(claims: Vec<VerifiedClaim>, params: Bm25Params) -> Self {
        let documents: Vec<Vec<String>> =
            claims.iter().map(|c| terms(&format!("{} {}", c.claim, c.title))).collect();
        let index = Bm25Index::new(&documents, params);
        let self_scores = documents.iter().map(|d| index.score_one(d)).collect();
        ClaimRetriever { claims, index, self_scores }
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
        coverage(score, self.self_scores.get(doc).copied().unwrap_or(0.0))
    }

    /// The BM25 score of every claim for a tweet.
    pub fn scores(&self, tweet: &str) -> Vec<f32> {
        self.index.scores(&terms(&normalize_tweet(tweet)))
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
/// [--top 5] [--path P] --format trec`: the run lines of `path`, best first within each query.
pub fn match_claims_files(
    catalog: &Path,
    queries: &Path,
    top: usize,
    tag: &str,
    path: PathKind,
    models: Option<&LoadedModels>,
) -> Result<Vec<RunLine>> {
    let retriever = ClaimRetriever::new(read_verified_claims(catalog)?);
    Ok(run_path(&retriever, &read_queries(queries)?, path, models, top, tag)?.lines)
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

/// The figures of `eval_claims`; paths whose model is not installed are listed in
/// `unavailable`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub split: PathBuf,
    pub claims: usize,
    pub paths: Vec<PathReport>,
    pub unavailable: Vec<PathKind>,
    /// Seconds spent embedding the verified claims per encoder (0 when read from the cache).
    pub index_seconds: Vec<(&'static str, f64)>,
    /// How many queries of the fast path went through the transformer, of how many.
    pub fast_embedded: Option<(usize, usize)>,
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
            "{:<10} {:>7} {:>7} {:>8} {:>10}",
            "path", "MAP@5", "MRR", "queries", "queries/s"
        )?;
        for p in &self.paths {
            writeln!(
                f,
                "{:<10} {:>7.4} {:>7.4} {:>8} {:>10.1}",
                p.path.as_str(),
                p.map_at_5,
                p.mrr,
                p.queries,
                p.queries_per_second
            )?;
        }
        for p in &self.unavailable {
            writeln!(f, "{:<10} needs the embedding model: echotrace models install", p.as_str())?;
        }
        if let Some((embedded, of)) = self.fast_embedded {
            writeln!(f, "fast: {embedded} of {of} queries needed the transformer")?;
        }
        for (encoder, seconds) in &self.index_seconds {
            writeln!(
                f,
                "claims embedded with {encoder} in {seconds:.1} s (cached for later runs)"
            )?;
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

/// What the dense paths embed of a verified claim: the claim and its fact-check's title.
fn claim_text(claim: &VerifiedClaim) -> String {
    format!("{} {}", claim.claim, claim.title)
}

/// A dense retriever over the verified claims: an encoder and the claims' vectors.
#[derive(Debug)]
pub struct DenseClaims<'a> {
    pub encoder: Encoder<'a>,
    index: DenseIndex,
}

impl<'a> DenseClaims<'a> {
    /// Embeds the claims (through the cache in `cache` when given) and returns the retriever
    /// with the seconds the embedding took.
    pub fn build(
        encoder: Encoder<'a>,
        claims: &[VerifiedClaim],
        cache: Option<&Path>,
    ) -> Result<(DenseClaims<'a>, f64)> {
        let texts: Vec<String> = claims.iter().map(claim_text).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let started = Instant::now();
        let vectors = match cache {
            Some(dir) => echotrace_embed::cached_embeddings(dir, encoder.name(), &texts, |t| {
                encoder.embed(t).map_err(|e| echotrace_embed::Error::Inference(e.to_string()))
            })?,
            None => encoder.embed(&texts)?,
        };
        let seconds = started.elapsed().as_secs_f64();
        Ok((DenseClaims { encoder, index: DenseIndex::new(&vectors) }, seconds))
    }

    /// The cosine of every claim with each query, queries embedded in one batch and, when an
    /// adapter is given, mapped by it first.
    pub fn cosines(
        &self,
        queries: &[Query],
        adapter: Option<&QueryAdapter>,
    ) -> Result<Vec<Vec<f32>>> {
        Ok(self.cosines_of(&self.query_vectors(queries)?, adapter))
    }

    /// The unit vectors of the queries (normalised as for BM25).
    pub fn query_vectors(&self, queries: &[Query]) -> Result<Vec<Vec<f32>>> {
        let texts: Vec<String> = queries.iter().map(|q| normalize_tweet(&q.text)).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        self.encoder.embed(&texts)
    }

    /// The cosine of every claim with each query vector, adapted first when an adapter is given.
    pub fn cosines_of(
        &self,
        vectors: &[Vec<f32>],
        adapter: Option<&QueryAdapter>,
    ) -> Vec<Vec<f32>> {
        vectors
            .iter()
            .map(|v| match adapter {
                Some(adapter) => self.index.scores(&adapter.apply(v)),
                None => self.index.scores(v),
            })
            .collect()
    }

    /// The claims' vectors, in the retriever's order.
    pub fn claim_vectors(&self) -> Vec<Vec<f32>> {
        (0..self.index.len()).map(|i| self.index.row(i).to_vec()).collect()
    }
}

/// Candidates considered per query by the fused paths: the best of each retriever.
const FUSION_CANDIDATES: usize = 30;

/// The indices of the `k` largest values, best first, ties by index.
fn top_indices(values: &[f32], k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    let k = k.min(order.len());
    if k == 0 {
        return Vec::new();
    }
    order.select_nth_unstable_by(k - 1, |&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order.truncate(k);
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order
}

/// The rank of every entry of `values` (0 for the largest), ties by index.
fn ranks(values: &[f32]) -> Vec<usize> {
    let order = top_indices(values, values.len());
    let mut rank = vec![0; values.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// The fused candidates of one query with their evidence: the union of the top
/// [`FUSION_CANDIDATES`] by BM25 and by cosine.
fn fusion_candidates(
    retriever: &ClaimRetriever,
    bm25: &[f32],
    cosines: &[f32],
) -> Vec<(usize, Evidence)> {
    let best_bm25 = bm25.iter().copied().fold(0f32, f32::max);
    let best_cosine = cosines.iter().copied().fold(f32::MIN, f32::max);
    let (bm25_ranks, cosine_ranks) = (ranks(bm25), ranks(cosines));
    let mut ids = top_indices(bm25, FUSION_CANDIDATES);
    ids.extend(top_indices(cosines, FUSION_CANDIDATES));
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .map(|i| {
            let evidence = Evidence {
                bm25: bm25[i],
                best_bm25,
                coverage: retriever.coverage(i, bm25[i]),
                bm25_rank: bm25_ranks[i],
                cosine: cosines[i],
                best_cosine,
                cosine_rank: cosine_ranks[i],
            };
            (i, evidence)
        })
        .collect()
}

/// The `top` claims of one query by fused probability.
fn fused_ranking(
    retriever: &ClaimRetriever,
    fusion: &Fusion,
    bm25: &[f32],
    cosines: &[f32],
    top: usize,
) -> Vec<(usize, f32)> {
    let mut ranked: Vec<(usize, f32)> = fusion_candidates(retriever, bm25, cosines)
        .into_iter()
        .map(|(i, e)| (i, fusion.probability(&e.ranking_features())))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(top);
    ranked
}

fn run_lines(
    retriever: &ClaimRetriever,
    query: &Query,
    ranked: &[(usize, f32)],
    tag: &str,
) -> Vec<RunLine> {
    ranked
        .iter()
        .enumerate()
        .map(|(rank, &(doc, score))| RunLine {
            query: query.id.clone(),
            doc: retriever.claims()[doc].id.clone(),
            rank: rank + 1,
            score,
            tag: tag.to_string(),
        })
        .collect()
}

/// The encoders of the dense paths, loaded from an installed models directory.
#[derive(Debug)]
pub struct LoadedModels {
    pub minilm: MiniLm,
    pub table: StaticTable,
    pub cache: PathBuf,
}

impl LoadedModels {
    pub fn load(models: &ModelDir) -> Result<LoadedModels> {
        Ok(LoadedModels {
            minilm: models.load_minilm()?,
            table: models.load_static()?,
            cache: models.cache(),
        })
    }

    /// The MiniLM retriever over `claims`, with its embedding seconds.
    fn semantic(&self, claims: &[VerifiedClaim]) -> Result<(DenseClaims<'_>, f64)> {
        DenseClaims::build(Encoder::MiniLm(&self.minilm), claims, Some(&self.cache))
    }

    /// The static-table retriever over `claims`, with its embedding seconds.
    fn static_table(&self, claims: &[VerifiedClaim]) -> Result<(DenseClaims<'_>, f64)> {
        let texts: Vec<String> = claims.iter().map(claim_text).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let idf = TokenIdf::fit(self.table.tokenizer(), &texts);
        DenseClaims::build(Encoder::Static { table: &self.table, idf }, claims, Some(&self.cache))
    }
}

/// A split's data: the retriever over its verified claims, its queries and their qrels.
struct Split {
    retriever: ClaimRetriever,
    queries: Vec<Query>,
    qrels: HashMap<String, HashSet<String>>,
}

impl Split {
    fn read(dir: &Path) -> Result<Split> {
        Ok(Split {
            retriever: ClaimRetriever::new(read_verified_claims(&verified_claims_of(dir))?),
            queries: read_queries(&dir.join("tweets.queries.tsv"))?,
            qrels: read_qrels(&dir.join("tweet-vclaim-pairs.qrels"))?,
        })
    }
}

/// The best coverage any claim reaches for each query: how sure BM25 alone is.
fn lexical_confidence(retriever: &ClaimRetriever, bm25: &[Vec<f32>]) -> Vec<f32> {
    bm25.iter()
        .map(|scores| {
            top_indices(scores, 1).first().map_or(0.0, |&i| retriever.coverage(i, scores[i]))
        })
        .collect()
}

/// The rankings of the fast path, one per query: BM25 where its confidence reaches `gate`,
/// fused elsewhere; `cosines` is only read for the queries below the gate.
fn fast_rankings(
    retriever: &ClaimRetriever,
    bm25: &[Vec<f32>],
    cosines: &HashMap<usize, Vec<f32>>,
    fusion: &Fusion,
    gate: f32,
    top: usize,
) -> Vec<Vec<(usize, f32)>> {
    let confidence = lexical_confidence(retriever, bm25);
    (0..bm25.len())
        .map(|k| match cosines.get(&k) {
            Some(cos) if confidence[k] < gate => {
                fused_ranking(retriever, fusion, &bm25[k], cos, top)
            }
            _ => top_k(&bm25[k], top),
        })
        .collect()
}

/// TREC lines for rankings given in query order.
fn ranking_lines(
    retriever: &ClaimRetriever,
    queries: &[Query],
    rankings: &[Vec<(usize, f32)>],
    tag: &str,
) -> Vec<RunLine> {
    queries
        .iter()
        .zip(rankings)
        .flat_map(|(q, ranked)| run_lines(retriever, q, ranked, tag))
        .collect()
}

/// A run of one path: TREC lines and, for the fast path, how many queries needed the
/// transformer.
#[derive(Debug, Clone, PartialEq)]
pub struct PathRun {
    pub lines: Vec<RunLine>,
    pub embedded: Option<usize>,
}

/// Ranks the claims of `retriever` for every query by `path`, keeping the `top` best of each.
/// Every path but lexical needs `models`.
pub fn run_path(
    retriever: &ClaimRetriever,
    queries: &[Query],
    path: PathKind,
    models: Option<&LoadedModels>,
    top: usize,
    tag: &str,
) -> Result<PathRun> {
    let dense_lines = |cosines: &[Vec<f32>]| {
        let mut lines = Vec::new();
        for (q, cos) in queries.iter().zip(cosines) {
            let ranked: Vec<(usize, f32)> =
                top_indices(cos, top).into_iter().map(|i| (i, cos[i])).collect();
            lines.extend(run_lines(retriever, q, &ranked, tag));
        }
        lines
    };
    if path == PathKind::Lexical {
        return Ok(PathRun { lines: retriever.run(queries, top, tag), embedded: None });
    }
    let bm25: Vec<Vec<f32>> = queries.iter().map(|q| retriever.scores(&q.text)).collect();
    let models = models.ok_or(Error::PathUnavailable(path.as_str()))?;
    let fusion = FusionModels::shipped()?;
    let claims = retriever.claims();
    let adapter = fusion.adapter.as_ref();
    let lines = match path {
        PathKind::Lexical | PathKind::Semantic => {
            dense_lines(&models.semantic(claims)?.0.cosines(queries, adapter)?)
        }
        PathKind::Static => dense_lines(&models.static_table(claims)?.0.cosines(queries, None)?),
        PathKind::Fused => {
            let cosines = models.semantic(claims)?.0.cosines(queries, adapter)?;
            let mut lines = Vec::new();
            for ((q, scores), cos) in queries.iter().zip(&bm25).zip(&cosines) {
                let ranked = fused_ranking(retriever, &fusion.ranking, scores, cos, top);
                lines.extend(run_lines(retriever, q, &ranked, tag));
            }
            lines
        }
        PathKind::Fast => {
            // The transformer only for the queries BM25 is unsure of.
            let confidence = lexical_confidence(retriever, &bm25);
            let unsure: Vec<usize> =
                (0..queries.len()).filter(|&k| confidence[k] < fusion.fast_gate).collect();
            let unsure_queries: Vec<Query> = unsure.iter().map(|&k| queries[k].clone()).collect();
            let (semantic, _) = models.semantic(claims)?;
            let cosines: HashMap<usize, Vec<f32>> =
                unsure.iter().copied().zip(semantic.cosines(&unsure_queries, adapter)?).collect();
            let rankings =
                fast_rankings(retriever, &bm25, &cosines, &fusion.ranking, fusion.fast_gate, top);
            let lines = ranking_lines(retriever, queries, &rankings, tag);
            return Ok(PathRun { lines, embedded: Some(unsure.len()) });
        }
    };
    Ok(PathRun { lines, embedded: None })
}

/// `echotrace eval claims DIR`: MAP@5 and MRR of each requested path on a split directory
/// (`tweets.queries.tsv`, `tweet-vclaim-pairs.qrels`, verified claims beside or above it).
/// The dense and fused paths need `models`; without them they are listed as unavailable. Each
/// path is timed end to end over all queries (the claims' embeddings are built, or read from
/// the cache, before the clock starts).
pub fn eval_claims(
    split: &Path,
    paths: &[PathKind],
    models: Option<&LoadedModels>,
) -> Result<Report> {
    let data = Split::read(split)?;
    let mut report = Report {
        split: split.to_path_buf(),
        claims: data.retriever.claims().len(),
        paths: Vec::new(),
        unavailable: Vec::new(),
        index_seconds: Vec::new(),
        fast_embedded: None,
    };
    if let Some(models) = models {
        let claims = data.retriever.claims();
        if paths.iter().any(|p| !matches!(p, PathKind::Lexical | PathKind::Static)) {
            report.index_seconds.push(("minilm", models.semantic(claims)?.1));
        }
        if paths.contains(&PathKind::Static) {
            report.index_seconds.push(("static", models.static_table(claims)?.1));
        }
    }
    for &path in paths {
        if path != PathKind::Lexical && models.is_none() {
            report.unavailable.push(path);
            continue;
        }
        let started = Instant::now();
        let run = run_path(&data.retriever, &data.queries, path, models, 100, path.as_str())?;
        let seconds = started.elapsed().as_secs_f64();
        let (map_at_5, mrr) = score_run(&run.lines, &data.qrels, 5);
        if let Some(embedded) = run.embedded {
            report.fast_embedded = Some((embedded, data.queries.len()));
        }
        report.paths.push(PathReport {
            path,
            map_at_5,
            mrr,
            queries: data.queries.len(),
            queries_per_second: data.queries.len() as f64 / seconds.max(1e-9),
        });
    }
    Ok(report)
}

/// Gates the fast path may use; [`fit_fusion`] picks one on the train split.
const GATES: [f32; 8] = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/// The L2 weights towards the identity that [`fit_fusion`] tries for the query adapter.
const ADAPTER_LAMBDAS: [f32; 3] = [0.003, 0.01, 0.03];

/// Folds of the cross-fitting inside train: query `k` is in fold `k mod ADAPTER_FOLDS`.
const ADAPTER_FOLDS: usize = 4;

/// `echotrace train claims`: on a split's queries, fits the query adapter, then the fusion
/// models over every fused candidate of every query (labelled by the qrels), then picks the
/// fast path's gate: the lowest, so the most queries skip the transformer, whose MAP@5 stays
/// within 0.01 of the fused path's.
///
/// The adapter is cross-fitted so that the ranking fusion never learns from cosines of queries
/// the adapter was fitted on: queries are split into [`ADAPTER_FOLDS`] folds; for each L2
/// weight of [`ADAPTER_LAMBDAS`] an adapter fitted on the other folds scores each fold; the
/// weight with the best held-out MAP@5 is kept, its held-out cosines feed the ranking fusion and
/// the gate, and the shipped adapter is refitted on every query with it. The pairwise fusion
/// (the narrative matcher's) is fitted on unadapted cosines, as the matcher uses them.
pub fn fit_fusion(split: &Path, models: &LoadedModels) -> Result<FusionModels> {
    fit_fusion_with(split, models, |_| {})
}

/// [`fit_fusion`], reporting its progress to `log`.
pub fn fit_fusion_with(
    split: &Path,
    models: &LoadedModels,
    mut log: impl FnMut(&str),
) -> Result<FusionModels> {
    let data = Split::read(split)?;
    let retriever = &data.retriever;
    let bm25: Vec<Vec<f32>> = data.queries.iter().map(|q| retriever.scores(&q.text)).collect();
    let (semantic, _) = models.semantic(retriever.claims())?;
    let vectors = semantic.query_vectors(&data.queries)?;
    let claim_vectors = semantic.claim_vectors();
    let row: HashMap<&str, usize> =
        retriever.claims().iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let relevant: Vec<HashSet<usize>> = data
        .queries
        .iter()
        .map(|q| {
            data.qrels.get(&q.id).map_or_else(HashSet::new, |r| {
                r.iter().filter_map(|id| row.get(id.as_str()).copied()).collect()
            })
        })
        .collect();
    let semantic_map = |cosines: &[Vec<f32>]| {
        let rankings: Vec<Vec<(usize, f32)>> = cosines.iter().map(|c| top_k(c, 5)).collect();
        score_run(&ranking_lines(retriever, &data.queries, &rankings, "semantic"), &data.qrels, 5).0
    };
    let mut best: Option<(f64, f32, Vec<Vec<f32>>)> = None;
    for lambda in ADAPTER_LAMBDAS {
        let options = AdapterOptions { lambda, ..AdapterOptions::default() };
        let mut held_out = vec![Vec::new(); vectors.len()];
        for fold in 0..ADAPTER_FOLDS {
            let inside = |k: &usize| k % ADAPTER_FOLDS != fold;
            let (train_q, train_r): (Vec<Vec<f32>>, Vec<HashSet<usize>>) = (0..vectors.len())
                .filter(inside)
                .map(|k| (vectors[k].clone(), relevant[k].clone()))
                .unzip();
            let adapter = QueryAdapter::fit(&train_q, &train_r, &claim_vectors, &options);
            for k in (0..vectors.len()).filter(|k| !inside(k)) {
                held_out[k] = semantic.cosines_of(&vectors[k..=k], Some(&adapter)).remove(0);
            }
        }
        let map = semantic_map(&held_out);
        log(&format!("adapter lambda {lambda}: held-out semantic MAP@5 {map:.4}"));
        if best.as_ref().is_none_or(|(b, _, _)| map > *b) {
            best = Some((map, lambda, held_out));
        }
    }
    let (_, lambda, adapted) = best.expect("at least one lambda");
    let options = AdapterOptions { lambda, ..AdapterOptions::default() };
    let adapter = QueryAdapter::fit(&vectors, &relevant, &claim_vectors, &options);
    let plain = semantic.cosines_of(&vectors, None);
    let (mut ranking, mut pairwise) = (Vec::new(), Vec::new());
    for (k, q) in data.queries.iter().enumerate() {
        let Some(relevant) = data.qrels.get(&q.id) else { continue };
        for (i, evidence) in fusion_candidates(retriever, &bm25[k], &adapted[k]) {
            let label = relevant.contains(&retriever.claims()[i].id);
            ranking.push((evidence.ranking_features(), label));
        }
        for (i, evidence) in fusion_candidates(retriever, &bm25[k], &plain[k]) {
            let label = relevant.contains(&retriever.claims()[i].id);
            pairwise.push((evidence.pairwise_features(), label));
        }
    }
    let ranking = Fusion::fit(&RANKING_FEATURES, &ranking);
    let pairwise = Fusion::fit(&PAIRWISE_FEATURES, &pairwise);
    let all: HashMap<usize, Vec<f32>> = adapted.into_iter().enumerate().collect();
    let map_at = |gate: f32| {
        let rankings = fast_rankings(retriever, &bm25, &all, &ranking, gate, 100);
        score_run(&ranking_lines(retriever, &data.queries, &rankings, "fast"), &data.qrels, 5).0
    };
    let fused = map_at(f32::INFINITY);
    log(&format!("held-out fused MAP@5 {fused:.4}"));
    let fast_gate = GATES.into_iter().find(|&g| map_at(g) >= fused - 0.01).unwrap_or(f32::MAX);
    Ok(FusionModels { ranking, pairwise, fast_gate, adapter: Some(adapter) })
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
