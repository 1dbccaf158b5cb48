//! The HTML pages. Each handler reads the corpus on a blocking thread and renders with the
//! shared [`render`](crate::render) code.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use echotrace_store::views::DocumentQuery;
use echotrace_store::{
    ClaimCluster, ReuseFilter, ReusePair, SearchFilters, SearchResults, TimelineSubject,
};
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::render::article::article_body;
use crate::render::graph::{outlet_graph, GraphView};
use crate::render::{self, charts, figure, links, number, page, Links};
use crate::state::AppState;

/// An [`AppError`] shown as an HTML page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(error: AppError) -> Self {
        PageError(error)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self.0 {
            tracing::error!(%detail, "page failed");
        }
        let status = self.0.status();
        let body = page(
            status.canonical_reason().unwrap_or("Error"),
            "",
            &[],
            html! {
                h1 { (status.as_u16()) " · " (status.canonical_reason().unwrap_or("Error")) }
                p.lede { (self.0.public_message()) }
                p { a href="/" { "Back to the overview" } }
            },
        );
        (status, Html(body.into_string())).into_response()
    }
}

type PageResult = Result<Html<String>, PageError>;

fn done(markup: Markup) -> PageResult {
    Ok(Html(markup.into_string()))
}

/// Query errors are the user's; everything else is internal.
pub(crate) fn store_error(error: echotrace_store::Error) -> AppError {
    match error {
        echotrace_store::Error::Query(reason) => AppError::BadRequest(reason),
        echotrace_store::Error::Index(inner) => {
            let message = inner.to_string();
            if message.starts_with("invalid query") {
                AppError::BadRequest(message)
            } else {
                AppError::Internal(message)
            }
        }
        other => AppError::internal(other),
    }
}

pub async fn overview(State(state): State<AppState>) -> PageResult {
    let data = state.overview().await?;
    let (overview, clusters) = (&data.overview, &data.claims);
    let links = Links::Server;
    let range = match (&overview.first_published, &overview.last_published) {
        (Some(first), Some(last)) => format!("{first} – {last}"),
        _ => "no dates".into(),
    };
    done(page(
        "Overview",
        "/",
        &[],
        html! {
            h1 { "The corpus at a glance" }
            p.lede { "What the articles claim, whom they cite, how they argue, and which outlets carry it." }
            div.figures {
                (figure(&number(overview.documents), "articles"))
                (figure(&number(overview.outlets), "outlets"))
                (figure(&range, &format!("published ({} undated)", overview.undated)))
                (figure(&number(overview.attributions), "attributions"))
                (figure(&render::percent(overview.vague_attributions as f64 / overview.attributions.max(1) as f64), "cite vague sources"))
                (figure(&number(overview.technique_spans), "technique spans"))
            }
            section.card {
                h3 { "Activity over time by outlet" }
                (charts::timeline(&overview.activity, "Articles published"))
            }
            div.grid {
                section.card { h3 { "Top narratives" }
                    @if overview.top_narratives.is_empty() { p.muted { "No catalog narrative matched." } }
                    @else { (render::narratives_table(&overview.top_narratives, links)) } }
                section.card { h3 { "Top claim clusters" }
                    @if clusters.is_empty() { p.muted { "No claim is carried by two outlets yet." } }
                    @else { (render::links::claim_clusters_table(clusters, Links::Server)) p { a href="/claims" { "All claim clusters →" } } } }
                section.card { h3 { "Most-cited sources" } (render::sources_table(&overview.top_sources)) }
                section.card { h3 { "Vague-source share by outlet" } (render::vague_table(&overview.vague_share, links)) }
                section.card { h3 { "Outlets" } (render::count_table("Outlet", &overview.top_outlets, &|name| links.outlet(name))) }
                section.card { h3 { "Techniques" } (render::count_table("Technique", &overview.techniques, &|name| Some(format!("/search?q=*&technique={}", render::path_segment(name))))) }
                section.card { h3 { "Entities named in most articles" } (render::count_table("Entity", &overview.top_entities, &|name| Some(format!("/search?q=*&entity={}", render::path_segment(name))))) }
            }
        },
    ))
}

#[derive(Debug, Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    pub outlet: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub entity: Option<String>,
    pub technique: Option<String>,
    pub limit: Option<usize>,
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn day(value: &Option<String>, name: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    match non_empty(value) {
        None => Ok(None),
        Some(text) => chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::BadRequest(format!("{name} must be a day, YYYY-MM-DD"))),
    }
}

impl SearchParams {
    pub fn filters(&self, default_limit: usize) -> Result<SearchFilters, AppError> {
        Ok(SearchFilters {
            outlet: non_empty(&self.outlet),
            since: day(&self.since, "since")?,
            until: day(&self.until, "until")?,
            entity: non_empty(&self.entity),
            technique: non_empty(&self.technique),
            limit: self.limit.unwrap_or(default_limit).clamp(1, 200),
        })
    }

    /// The query to run: `*` (everything) when only filters are given.
    pub fn query(&self) -> Option<String> {
        let q = self.q.trim();
        let has_filter = [&self.outlet, &self.since, &self.until, &self.entity, &self.technique]
            .iter()
            .any(|v| non_empty(v).is_some());
        match (q.is_empty(), has_filter) {
            (false, _) => Some(q.to_owned()),
            (true, true) => Some("*".into()),
            (true, false) => None,
        }
    }
}

pub async fn search(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> PageResult {
    let filters = params.filters(30)?;
    let results = match params.query() {
        None => None,
        Some(query) => {
            let filters = filters.clone();
            Some(state.read(move |c| c.search(&query, &filters).map_err(store_error)).await?)
        }
    };
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    done(page(
        "Search",
        "/search",
        &[],
        html! {
            h1 { "Search" }
            form.filters action="/search" method="get" {
                label { "Words, \"phrases\", OR, -excluded" input type="search" name="q" value=(params.q) autofocus; }
                label { "Outlet" input type="text" name="outlet" value=(value(&params.outlet)); }
                label { "Since" input type="date" name="since" value=(value(&params.since)); }
                label { "Until" input type="date" name="until" value=(value(&params.until)); }
                label { "Entity" input type="text" name="entity" value=(value(&params.entity)); }
                label { "Technique" input type="text" name="technique" value=(value(&params.technique)) list="techniques"; }
                button type="submit" { "Search" }
                datalist id="techniques" { @for t in render::TECHNIQUES { option value=(t) {} } }
            }
            @if let Some(results) = &results { (hits(results)) }
            @else { p.muted { "Type words to search titles, texts, outlets and entity names; filters narrow the results." } }
        },
    ))
}

fn hits(results: &SearchResults) -> Markup {
    html! {
        p.muted { (results.hits.len()) " of " (number(results.total as u64)) " matching articles" }
        ol.hits {
            @for hit in &results.hits {
                li {
                    div.hit-title { a href=(Links::Server.document(&hit.id)) { (render::display_title(hit.title.as_deref(), &hit.id)) } }
                    div.meta {
                        (render::outlet_link(hit.outlet.as_deref(), Links::Server))
                        span { (hit.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())) }
                        span.score { "score " (format!("{:.2}", hit.score)) }
                    }
                    div.snippet { (snippet(&hit.snippet.text, &hit.snippet.highlights)) }
                }
            }
        }
    }
}

/// The snippet with its highlighted code point ranges as `<mark>`.
pub fn snippet(text: &str, highlights: &[[usize; 2]]) -> Markup {
    let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    offsets.push(text.len());
    let chars = offsets.len() - 1;
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    let mut ranges: Vec<[usize; 2]> = highlights.to_vec();
    ranges.sort_unstable();
    for [start, end] in ranges {
        let (start, end) = (start.max(at).min(chars), end.min(chars));
        if start >= end {
            continue;
        }
        pieces.push((&text[offsets[at]..offsets[start]], false));
        pieces.push((&text[offsets[start]..offsets[end]], true));
        at = end;
    }
    pieces.push((&text[offsets[at]..], false));
    html! { @for (piece, marked) in pieces { @if marked { mark { (piece) } } @else { (piece) } } }
}

#[derive(Debug, Deserialize, Default)]
pub struct ListParams {
    pub offset: Option<u64>,
    pub limit: Option<u64>,
    pub outlet: Option<String>,
    pub narrative: Option<String>,
}

impl ListParams {
    pub fn query(&self, default_limit: u64) -> DocumentQuery {
        DocumentQuery {
            outlet: non_empty(&self.outlet),
            narrative: non_empty(&self.narrative),
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(default_limit).clamp(1, 500),
        }
    }
}

pub async fn documents(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> PageResult {
    let query = params.query(50);
    let page_query = query.clone();
    let listed = state.read(move |c| c.list_documents(&page_query).map_err(store_error)).await?;
    let link = |offset: u64| {
        let mut href = format!("/documents?offset={offset}");
        if let Some(outlet) = &query.outlet {
            href.push_str(&format!("&outlet={}", render::path_segment(outlet)));
        }
        href
    };
    let end = query.offset + listed.documents.len() as u64;
    done(page(
        "Articles",
        "/documents",
        &[],
        html! {
            h1 { "Articles" @if let Some(outlet) = &query.outlet { " from " (outlet) } }
            p.lede { "Newest first. " (number(listed.total)) " articles." }
            (render::documents_table(&listed.documents, Links::Server))
            div.pager {
                @if query.offset > 0 { a href=(link(query.offset.saturating_sub(query.limit))) { "← Newer" } }
                span.muted { (query.offset + u64::from(end > query.offset)) "–" (end) " of " (listed.total) }
                @if end < listed.total { a href=(link(end)) { "Older →" } }
            }
        },
    ))
}

/// Only web links become links: a `javascript:` or `data:` URL from an article stays text.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url.trim_start())
}

pub async fn document(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let lookup = id.clone();
    let (record, pairs, clusters) = state
        .read(move |c| {
            let Some(record) = c.document(&lookup).map_err(store_error)? else {
                return Ok((None, Vec::new(), Vec::new()));
            };
            let filter =
                ReuseFilter { document: Some(lookup.clone()), limit: 20, ..Default::default() };
            let pairs = c.reuse_pairs(&filter).map_err(store_error)?;
            let clusters = c.document_claim_clusters(&lookup).map_err(store_error)?;
            Ok((Some(record), pairs, clusters))
        })
        .await?;
    let record = record.ok_or_else(|| AppError::NotFound(format!("document {id}")))?;
    let doc = &record.document;
    let title = render::display_title(doc.title.as_deref(), &doc.id);
    done(page(
        &title,
        "/documents",
        &[],
        html! {
            h1 { (title) }
            div.meta {
                (render::outlet_link(doc.outlet.as_deref(), Links::Server))
                span { (doc.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())) }
                @if let Some(url) = &doc.url {
                    @match safe_url(url) {
                        Some(href) => a href=(href) rel="noopener noreferrer nofollow" { "original" },
                        None => span.muted { (url) },
                    }
                }
                @if !doc.relayed_from.is_empty() { span { "relays " (doc.relayed_from.join(", ")) } }
                span.muted { "id " (doc.id) }
                a href=(format!("/api/documents/{}", render::path_segment(&doc.id))) { "JSON" }
            }
            (article_body(&record, "", &|id| Links::Server.narrative(id)))
            (document_links(&doc.id, doc.published.map(|d| d.to_string()), &pairs, &clusters))
        },
    ))
}

/// An article's text reuse and the claims it shares with other articles: for each claim, where
/// it was first seen and how many articles carried it earlier (or without a date to tell).
fn document_links(
    id: &str,
    published: Option<String>,
    pairs: &[ReusePair],
    clusters: &[ClaimCluster],
) -> Markup {
    let others = |cluster: &'_ ClaimCluster| -> (usize, usize) {
        let mut earlier = 0;
        let mut undated = 0;
        for member in cluster.members.iter().filter(|m| m.id != id) {
            match (member.published.as_deref(), published.as_deref()) {
                (Some(theirs), Some(ours)) if theirs < ours => earlier += 1,
                (None, _) | (_, None) => undated += 1,
                _ => {}
            }
        }
        (earlier, undated)
    };
    html! {
        section.card #reuse {
            h3 { "Text reuse" }
            (links::reuse_pairs(pairs, Links::Server, "No passage of this article appears in another article of the corpus."))
        }
        section.card #claims {
            h3 { "Its claims elsewhere" }
            @if clusters.is_empty() { p.muted { "No claim of this article is carried by another article." } }
            @for cluster in clusters {
                @let (earlier, undated) = others(cluster);
                div.claim-row {
                    a href=(Links::Server.claim(&cluster.id)) { (links::quoted(&render::article::truncate(&cluster.representative, 200))) }
                    div.meta {
                        span { (cluster.documents) " articles, " (cluster.outlets.len()) " outlets" }
                        @if cluster.first.id == id {
                            span.badge { "earliest dated appearance" }
                        } @else {
                            span { "first seen " (cluster.first.published.as_deref().unwrap_or("undated")) " in "
                                a href=(Links::Server.document(&cluster.first.id)) { (cluster.first.outlet.as_deref().unwrap_or("an unknown outlet")) } }
                        }
                        span { (earlier) " earlier" }
                        @if undated > 0 { span { (undated) " undated" } }
                    }
                }
            }
        }
    }
}

pub async fn narratives(State(state): State<AppState>) -> PageResult {
    let counts = state.read(|c| c.narrative_counts().map_err(store_error)).await?;
    done(page(
        "Narratives",
        "/narratives",
        &[],
        html! {
            h1 { "Narratives" }
            p.lede { "Catalog narratives the articles repeat, by number of articles." }
            @if counts.is_empty() { p.muted { "No article matches a catalog narrative." } }
            @else { (render::narratives_table(&counts, Links::Server)) }
        },
    ))
}

pub async fn narrative(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let lookup = id.clone();
    let (view, pairs) = state
        .read(move |c| {
            let view = c.narrative_view(&lookup, 500).map_err(store_error)?;
            let filter =
                ReuseFilter { narrative: Some(lookup.clone()), limit: 10, ..Default::default() };
            let pairs = c.reuse_pairs(&filter).map_err(store_error)?;
            Ok((view, pairs))
        })
        .await?;
    let info = state.narrative(&id).cloned();
    if view.is_none() && info.is_none() {
        return Err(AppError::NotFound(format!("narrative {id}")).into());
    }
    let title = view
        .as_ref()
        .map(|v| v.title.clone())
        .or_else(|| info.as_ref().map(|i| i.title.clone()))
        .unwrap_or_else(|| id.clone());
    let documents = view.as_ref().map(|v| v.documents.as_slice()).unwrap_or(&[]);
    done(page(
        &title,
        "/narratives",
        &[],
        html! {
            h1 { (title) }
            @if let Some(info) = &info {
                @if !info.summary.is_empty() { p.lede { (info.summary) } }
                @if !info.disproof.is_empty() || !info.debunks.is_empty() {
                    section.card {
                        h3 { "Disproof" }
                        p { (info.disproof) }
                        @if !info.debunks.is_empty() {
                            ul { @for link in &info.debunks { li { @match safe_url(link) {
                                Some(href) => a href=(href) rel="noopener noreferrer" { (link) },
                                None => (link),
                            } } } }
                        }
                    }
                }
            }
            @if let Some(view) = &view {
                div.figures {
                    (figure(&number(view.documents.len() as u64), "articles"))
                    (figure(view.documents.first().and_then(|d| d.published.as_deref()).unwrap_or("—"), "first seen"))
                }
                section.card { h3 { "Timeline by outlet" } (charts::timeline(&view.activity, "Matching articles")) }
                @if let Some(first) = documents.first() {
                    p { "First appearance: " a href=(Links::Server.document(&first.id)) { (render::display_title(first.title.as_deref(), &first.id)) }
                        " (" (first.outlet.as_deref().unwrap_or("unknown outlet")) ", " (first.published.as_deref().unwrap_or("undated")) ")" }
                }
                section.card {
                    h3 { "Echoes: text shared between its articles" }
                    (links::reuse_pairs(&pairs, Links::Server, "Its articles share no passage: they repeat the narrative in their own words."))
                }
                section.card {
                    h3 { "Articles, earliest first" }
                    table.data {
                        thead { tr { th { "Published" } th { "Outlet" } th { "Title" } th.num { "Score" } } }
                        tbody { @for d in documents { tr {
                            td.nowrap { (d.published.as_deref().unwrap_or("—")) }
                            td { (render::outlet_link(d.outlet.as_deref(), Links::Server)) }
                            td { a href=(Links::Server.document(&d.id)) { (render::display_title(d.title.as_deref(), &d.id)) } }
                            td.num { (format!("{:.2}", d.score)) }
                        } } }
                    }
                }
            } @else {
                p.muted { "No article in this corpus matches this narrative." }
            }
        },
    ))
}

pub async fn outlets(State(state): State<AppState>) -> PageResult {
    let outlets = state.read(|c| c.outlets().map_err(store_error)).await?;
    done(page(
        "Outlets",
        "/outlets",
        &[],
        html! {
            h1 { "Outlets" }
            p.lede { (outlets.len()) " outlets, by number of articles." }
            (render::count_table("Outlet", &outlets, &|name| Links::Server.outlet(name)))
        },
    ))
}

pub async fn outlet(State(state): State<AppState>, Path(name): Path<String>) -> PageResult {
    let lookup = name.clone();
    let (profile, reuse) = state
        .read(move |c| {
            let profile = c.outlet_profile(&lookup).map_err(store_error)?;
            let reuse = c.outlet_reuse(&lookup).map_err(store_error)?;
            Ok((profile, reuse))
        })
        .await?;
    let profile = profile.ok_or_else(|| AppError::NotFound(format!("outlet {name}")))?;
    let links = Links::Server;
    let range = match (&profile.first_published, &profile.last_published) {
        (Some(first), Some(last)) => format!("{first} – {last}"),
        _ => "no dates".into(),
    };
    done(page(
        &profile.name,
        "/outlets",
        &[],
        html! {
            h1 { (profile.name) }
            div.figures {
                (figure(&number(profile.documents), "articles"))
                (figure(&range, "published"))
                (figure(&format!("{:.1}", profile.technique_density), "technique spans per 1,000 characters"))
                (figure(&render::percent(profile.vague.share), &format!("of {} attributions cite vague sources", profile.vague.attributions)))
            }
            section.card { h3 { "Activity" } (charts::timeline(&profile.activity, "Articles published")) }
            div.grid {
                section.card { h3 { "Technique profile" } (render::count_table("Technique", &profile.techniques, &|_| None)) }
                section.card { h3 { "Sources it cites" } (render::sources_table(&profile.sources)) }
                section.card { h3 { "Outlets it relays" }
                    @if profile.relays.is_empty() { p.muted { "None found in its texts." } }
                    @else { (render::count_table("Outlet", &profile.relays, &|n| links.outlet(n))) } }
                section.card { h3 { "Outlets relaying it" }
                    @if profile.relayed_by.is_empty() { p.muted { "None found." } }
                    @else { (render::count_table("Outlet", &profile.relayed_by, &|n| links.outlet(n))) } }
                section.card { h3 { "Outlets whose text it carries" }
                    @if reuse.copies.is_empty() { p.muted { "No reused passage found." } }
                    @else { (render::count_table("Outlet (passage pairs)", &reuse.copies, &|n| links.outlet(n))) } }
                section.card { h3 { "Outlets that carry its text" }
                    @if reuse.copied_by.is_empty() { p.muted { "No reused passage found." } }
                    @else { (render::count_table("Outlet (passage pairs)", &reuse.copied_by, &|n| links.outlet(n))) } }
                section.card { h3 { "Narratives" }
                    @if profile.narratives.is_empty() { p.muted { "No catalog narrative matched." } }
                    @else { (render::narratives_table(&profile.narratives, links)) } }
            }
            h2 { "Latest articles" }
            (render::documents_table(&profile.recent, links))
            p { a href=(format!("/documents?outlet={}", render::path_segment(&profile.name))) { "All articles from " (profile.name) " →" } }
        },
    ))
}

#[derive(Debug, Deserialize, Default)]
pub struct ClaimParams {
    pub min_outlets: Option<usize>,
    pub limit: Option<usize>,
}

impl ClaimParams {
    pub fn min_outlets(&self) -> usize {
        self.min_outlets.unwrap_or(2).max(1)
    }

    pub fn limit(&self, default: usize) -> usize {
        self.limit.unwrap_or(default).clamp(1, 1000)
    }
}

pub async fn claims(
    State(state): State<AppState>,
    Query(params): Query<ClaimParams>,
) -> PageResult {
    let (min_outlets, limit) = (params.min_outlets(), params.limit(100));
    let clusters =
        state.read(move |c| c.claim_clusters(min_outlets, limit).map_err(store_error)).await?;
    done(page(
        "Claims",
        "/claims",
        &[],
        html! {
            h1 { "Claim clusters" }
            p.lede {
                "Attributed claims and headlines that say the same thing in different articles, grouped by their words. "
                "Carried by at least " (min_outlets) " outlet" @if min_outlets != 1 { "s" } "; most articles first."
            }
            form.filters.inline action="/claims" method="get" {
                label { "At least this many outlets" input type="number" name="min_outlets" min="1" value=(min_outlets); }
                button type="submit" { "Show" }
            }
            @if clusters.is_empty() { p.muted { "No claim cluster is carried by that many outlets." } }
            @else { (links::claim_clusters_table(&clusters, Links::Server)) }
        },
    ))
}

pub async fn claim(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let lookup = id.clone();
    let (cluster, timeline) = state
        .read(move |c| {
            let cluster = c.claim_cluster(&lookup).map_err(store_error)?;
            let subject = TimelineSubject::Claim(lookup.clone());
            let timeline =
                c.timeline(&subject, echotrace_store::Bucket::Day).map_err(store_error)?;
            Ok((cluster, timeline))
        })
        .await?;
    let cluster = cluster.ok_or_else(|| AppError::NotFound(format!("claim cluster {id}")))?;
    let first = &cluster.first;
    done(page(
        "Claim cluster",
        "/claims",
        &[],
        html! {
            h1 { (links::quoted(&render::article::truncate(&cluster.representative, 240))) }
            div.figures {
                (figure(&number(cluster.documents), "articles"))
                (figure(&number(cluster.outlets.len() as u64), "outlets"))
                (figure(first.published.as_deref().unwrap_or("undated"), "first seen"))
                (figure(&number(cluster.members.len().saturating_sub(1) as u64), "echoes"))
            }
            section.card {
                h3 { "Timeline by outlet" }
                (charts::timeline(&timeline.points, "Articles carrying the claim"))
                @if timeline.undated > 0 { p.muted { (timeline.undated) " undated articles are not in the chart." } }
            }
            section.card { h3 { "Sources each outlet gives" } (links::claim_sources(&cluster, Links::Server)) }
            section.card { (links::claim_echoes(&cluster, Links::Server)) }
            p { a href=(format!("/api/claims/{}", render::path_segment(&cluster.id))) { "JSON" } }
        },
    ))
}

pub async fn graph(State(state): State<AppState>) -> PageResult {
    let graph = state.read(|c| c.outlet_graph().map_err(store_error)).await?;
    done(page(
        "Outlet graph",
        "/graph",
        &[],
        html! {
            h1 { "Who copies whom, and whom they cite" }
            p.lede {
                "Outlets linked by text reuse (earlier → later) and explicit relays, and the sources their attributions name. "
                "Export the whole graph for Gephi with " code { "echotrace graph --format gexf" } " or read it from " a href="/api/graph" { "/api/graph" } "."
            }
            (outlet_graph(&graph, GraphView::default(), Links::Server))
        },
    ))
}

pub async fn stylesheet() -> impl IntoResponse {
    static_file("text/css; charset=utf-8", render::CSS)
}

pub async fn script() -> impl IntoResponse {
    static_file("text/javascript; charset=utf-8", render::JS)
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")],
        body,
    )
        .into_response()
}

/// Every other path: a 404 page. No path ever reaches the file system.
pub async fn not_found() -> PageError {
    PageError(AppError::NotFound("no such page".into()))
}
