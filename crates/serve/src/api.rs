//! The JSON API under `/api/`: the pages' data, `POST /api/analyze` (analyse without storing)
//! and `POST /api/ingest` (only with `--allow-ingest` and its token).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use echotrace_model::{Analysis, DateSource, Document, TextSource};
use echotrace_store::views::{
    DocumentPage, NarrativeCount, NarrativeView, OutletProfile, Overview,
};
use echotrace_store::{
    Bucket, ClaimCluster, Count, IngestSummary, OutletGraph, ReuseFilter, ReusePair, SearchResults,
    Timeline, TimelineSubject,
};
use serde::Deserialize;

use crate::error::AppError;
use crate::pages::{store_error, ClaimParams, ListParams, SearchParams};
use crate::state::AppState;

type ApiResult<T> = Result<Json<T>, AppError>;

pub async fn overview(State(state): State<AppState>) -> ApiResult<Overview> {
    Ok(Json(state.overview().await?.overview.clone()))
}

pub async fn documents(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> ApiResult<DocumentPage> {
    let query = params.query(100);
    Ok(Json(state.read(move |c| c.list_documents(&query).map_err(store_error)).await?))
}

pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Analysis> {
    let lookup = id.clone();
    state
        .read(move |c| c.document(&lookup).map_err(store_error))
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("document {id}")))
}

pub async fn search(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> ApiResult<SearchResults> {
    let filters = params.filters(20)?;
    let query = params
        .query()
        .ok_or_else(|| AppError::BadRequest("give q (a query) or a filter".into()))?;
    Ok(Json(state.read(move |c| c.search(&query, &filters).map_err(store_error)).await?))
}

pub async fn narratives(State(state): State<AppState>) -> ApiResult<Vec<NarrativeCount>> {
    Ok(Json(state.read(|c| c.narrative_counts().map_err(store_error)).await?))
}

pub async fn narrative(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<NarrativeView> {
    let lookup = id.clone();
    state
        .read(move |c| c.narrative_view(&lookup, 1000).map_err(store_error))
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("narrative {id}")))
}

pub async fn outlets(State(state): State<AppState>) -> ApiResult<Vec<Count>> {
    Ok(Json(state.read(|c| c.outlets().map_err(store_error)).await?))
}

pub async fn outlet(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> ApiResult<OutletProfile> {
    let lookup = name.clone();
    state
        .read(move |c| c.outlet_profile(&lookup).map_err(store_error))
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("outlet {name}")))
}

#[derive(Debug, Deserialize, Default)]
pub struct ReuseParams {
    pub document: Option<String>,
    pub narrative: Option<String>,
    pub min_chars: Option<usize>,
    pub limit: Option<usize>,
}

pub async fn reuse(
    State(state): State<AppState>,
    Query(params): Query<ReuseParams>,
) -> ApiResult<Vec<ReusePair>> {
    let filter = ReuseFilter {
        document: params.document.filter(|d| !d.is_empty()),
        narrative: params.narrative.filter(|n| !n.is_empty()),
        min_chars: params.min_chars.unwrap_or(0),
        limit: params.limit.unwrap_or(100).clamp(1, 1000),
    };
    Ok(Json(state.read(move |c| c.reuse_pairs(&filter).map_err(store_error)).await?))
}

pub async fn claims(
    State(state): State<AppState>,
    Query(params): Query<ClaimParams>,
) -> ApiResult<Vec<ClaimCluster>> {
    let (min_outlets, limit) = (params.min_outlets(), params.limit(100));
    Ok(Json(state.read(move |c| c.claim_clusters(min_outlets, limit).map_err(store_error)).await?))
}

/// A claim cluster with its timeline.
#[derive(Debug, serde::Serialize)]
pub struct ClaimView {
    #[serde(flatten)]
    pub cluster: ClaimCluster,
    pub timeline: Timeline,
}

pub async fn claim(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<ClaimView> {
    let lookup = id.clone();
    state
        .read(move |c| {
            let Some(cluster) = c.claim_cluster(&lookup).map_err(store_error)? else {
                return Ok(None);
            };
            let timeline = c
                .timeline(&TimelineSubject::Claim(lookup.clone()), Bucket::Day)
                .map_err(store_error)?;
            Ok(Some(ClaimView { cluster, timeline }))
        })
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("claim cluster {id}")))
}

#[derive(Debug, Deserialize, Default)]
pub struct TimelineParams {
    pub entity: Option<String>,
    pub claim: Option<String>,
    pub technique: Option<String>,
    pub narrative: Option<String>,
    /// `day` (default) or `week`.
    pub by: Option<String>,
}

pub async fn timeline(
    State(state): State<AppState>,
    Query(params): Query<TimelineParams>,
) -> ApiResult<Timeline> {
    let given = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    let subjects: Vec<TimelineSubject> = [
        given(params.entity).map(TimelineSubject::Entity),
        given(params.claim).map(TimelineSubject::Claim),
        given(params.technique).map(TimelineSubject::Technique),
        given(params.narrative).map(TimelineSubject::Narrative),
    ]
    .into_iter()
    .flatten()
    .collect();
    let [subject] = <[TimelineSubject; 1]>::try_from(subjects).map_err(|_| {
        AppError::BadRequest("give exactly one of entity, claim, technique and narrative".into())
    })?;
    let bucket = match params.by.as_deref().unwrap_or("day") {
        "day" => Bucket::Day,
        "week" => Bucket::Week,
        other => {
            return Err(AppError::BadRequest(format!("by must be day or week, not {other:?}")))
        }
    };
    Ok(Json(state.read(move |c| c.timeline(&subject, bucket).map_err(store_error)).await?))
}

pub async fn graph(State(state): State<AppState>) -> ApiResult<OutletGraph> {
    Ok(Json(state.read(|c| c.outlet_graph().map_err(store_error)).await?))
}

/// A document to analyse: `text` or `html` (a whole web page), and optional metadata.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    pub id: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<chrono::NaiveDate>,
}

impl DocumentInput {
    /// The document to run the pipeline on; web pages go through the article extractor.
    fn into_document(self) -> Result<Document, AppError> {
        let id = self.id.unwrap_or_default();
        let mut document = match (self.text, self.html) {
            (Some(text), None) => Document::new(id, text),
            (None, Some(html)) => {
                let article = echotrace_web::extract_article(
                    html.as_bytes(),
                    Some("utf-8"),
                    self.url.as_deref(),
                )
                .map_err(|e| AppError::BadRequest(format!("no article in the HTML: {e}")))?;
                let mut document = Document::new(id, article.text);
                document.text_from = TextSource::Html;
                document.title = article.title;
                document.outlet = article.outlet;
                document.url = article.url;
                document.language = article.language;
                if let Some(day) = article.published {
                    document.set_published(day, DateSource::Metadata);
                }
                document
            }
            _ => return Err(AppError::BadRequest("give exactly one of text and html".into())),
        };
        if document.text.trim().is_empty() {
            return Err(AppError::BadRequest("the text is empty".into()));
        }
        if self.title.is_some() {
            document.title = self.title;
        }
        if self.outlet.is_some() {
            document.outlet = self.outlet;
        }
        if self.url.is_some() {
            document.url = self.url;
        }
        if let Some(day) = self.published {
            document.set_published(day, DateSource::Metadata);
        }
        Ok(document)
    }
}

/// Reads the body by its content type: JSON ([`DocumentInput`], or a list of them when
/// `many`), `text/html` (a web page) or anything else as plain text.
fn inputs(headers: &HeaderMap, body: &Bytes, many: bool) -> Result<Vec<DocumentInput>, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let text = || {
        std::str::from_utf8(body)
            .map(str::to_owned)
            .map_err(|_| AppError::BadRequest("the body is not UTF-8".into()))
    };
    if content_type.starts_with("application/json") {
        let bad = |e: serde_json::Error| AppError::BadRequest(format!("invalid JSON: {e}"));
        if many && body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return serde_json::from_slice(body).map_err(bad);
        }
        return Ok(vec![serde_json::from_slice(body).map_err(bad)?]);
    }
    if content_type.starts_with("text/html") || content_type.starts_with("application/xhtml") {
        return Ok(vec![DocumentInput { html: Some(text()?), ..Default::default() }]);
    }
    Ok(vec![DocumentInput { text: Some(text()?), ..Default::default() }])
}

/// Runs the pipeline on a blocking thread, bounded by the configured timeout.
async fn analyse(state: &AppState, inputs: Vec<DocumentInput>) -> Result<Vec<Analysis>, AppError> {
    let pipeline = state.pipeline().ok_or_else(|| {
        AppError::Forbidden("this server was started without an analysis pipeline".into())
    })?;
    let documents =
        inputs.into_iter().map(DocumentInput::into_document).collect::<Result<Vec<_>, _>>()?;
    let work = tokio::task::spawn_blocking(move || {
        documents.into_iter().map(|document| pipeline.run(document)).collect::<Vec<_>>()
    });
    match tokio::time::timeout(state.limits().analyze_timeout, work).await {
        Err(_) => Err(AppError::Timeout),
        Ok(joined) => joined.map_err(AppError::internal),
    }
}

pub async fn analyze(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Analysis> {
    let inputs = inputs(&headers, &body, false)?;
    analyse(&state, inputs)
        .await?
        .into_iter()
        .next()
        .map(Json)
        .ok_or_else(|| AppError::internal("the pipeline returned no record"))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

pub async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<IngestSummary> {
    if !state.ingest_enabled() {
        return Err(AppError::Forbidden(
            "ingest is disabled: start the server with --allow-ingest --token".into(),
        ));
    }
    let token = bearer(&headers).ok_or(AppError::Unauthorized)?.to_owned();
    // Check the token before spending time on the analysis.
    state.write(&token, |_| Ok(())).await?;
    let inputs = inputs(&headers, &body, true)?;
    if inputs.iter().any(|i| i.id.as_deref().is_none_or(|id| id.trim().is_empty())) {
        return Err(AppError::BadRequest("every ingested document needs an id".into()));
    }
    let records = analyse(&state, inputs).await?;
    let summary = state
        .write(&token, move |corpus| {
            let summary =
                corpus.ingest(records, echotrace_store::DEFAULT_BATCH_SIZE).map_err(store_error)?;
            // Compare the new documents with the corpus, as `echotrace ingest` does.
            corpus.link(&echotrace_store::LinkOptions::default()).map_err(store_error)?;
            Ok(summary)
        })
        .await?;
    Ok(Json(summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_by_content_type() {
        let mut headers = HeaderMap::new();
        let plain = inputs(&headers, &Bytes::from_static(b"Some text."), false).expect("text");
        assert_eq!(plain[0].text.as_deref(), Some("Some text."));
        headers.insert(header::CONTENT_TYPE, "text/html; charset=utf-8".parse().expect("value"));
        let page = inputs(&headers, &Bytes::from_static(b"<p>x</p>"), false).expect("html");
        assert_eq!(page[0].html.as_deref(), Some("<p>x</p>"));
        headers.insert(header::CONTENT_TYPE, "application/json".parse().expect("value"));
        let many = inputs(&headers, &Bytes::from_static(b" [{\"id\":\"a\",\"text\":\"t\"}]"), true)
            .expect("json list");
        assert_eq!(many[0].id.as_deref(), Some("a"));
        assert!(inputs(&headers, &Bytes::from_static(b"{\"bogus\":1}"), false).is_err());
        assert!(DocumentInput::default().into_document().is_err());
        let both =
            DocumentInput { text: Some("a".into()), html: Some("b".into()), ..Default::default() };
        assert!(both.into_document().is_err());
    }
}
