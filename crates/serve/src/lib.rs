//! The newsroom view of echotrace: a web UI and a JSON API over a corpus ([`app`], [`serve`]),
//! and the self-contained HTML report ([`report`]). Both render through the same code
//! ([`render`]), which escapes every piece of document text: articles are hostile input.
//!
//! This is the only crate that knows HTTP. It reads the corpus through `echotrace-store`
//! (read-only unless ingest is enabled with a token) and analyses posted text with the
//! [`Pipeline`](echotrace_analyze::Pipeline) it is given.
//!
//! ```
//! use axum::body::Body;
//! use axum::http::Request;
//! use echotrace_model::{Analysis, Document};
//! use echotrace_serve::{app, AppState, StateOptions};
//! use echotrace_store::{Corpus, OpenMode};
//! use tower::ServiceExt;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let dir = tempfile::tempdir().unwrap();
//! let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).unwrap();
//! corpus.ingest(vec![Analysis::new(Document::new("a1", "<b>Hello</b>"))], 10).unwrap();
//! drop(corpus);
//!
//! let state = AppState::open(dir.path(), StateOptions::default()).unwrap();
//! let response = app(state)
//!     .oneshot(Request::get("/documents/a1").body(Body::empty()).unwrap())
//!     .await
//!     .unwrap();
//! assert_eq!(response.status(), 200);
//! let csp = response.headers()["content-security-policy"].to_str().unwrap();
//! assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
//! let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
//! let html = String::from_utf8(body.to_vec()).unwrap();
//! assert!(html.contains("&lt;b&gt;Hello&lt;/b&gt;") && !html.contains("<b>Hello"));
//! # });
//! ```

mod api;
mod error;
pub mod openapi;
mod pages;
pub mod render;
pub mod report;
mod state;

use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

pub use error::{AppError, Error, Result};
pub use state::{AppState, Limits, NarrativeInfo, StateOptions, MIN_TOKEN_CHARS};

/// The Content-Security-Policy of every response: scripts and styles only from this server,
/// no inline scripts, handlers or styles, no plugins, no framing, forms only to this server.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

/// One route: method, path (axum syntax, `{id}` for a parameter).
pub type RouteEntry = (&'static str, &'static str);

/// The router and the list of its routes, built together so that the list cannot drift from
/// what the router serves (the OpenAPI test compares the list with the document).
struct Routes {
    router: Router<AppState>,
    table: Vec<RouteEntry>,
}

impl Routes {
    fn get<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.table.push(("GET", path));
        self.router = self.router.route(path, get(handler));
        self
    }

    fn post<H, T>(mut self, path: &'static str, handler: H, body_limit: usize) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.table.push(("POST", path));
        self.router =
            self.router.route(path, post(handler).layer(DefaultBodyLimit::max(body_limit)));
        self
    }
}

fn routes(limits: Limits) -> Routes {
    Routes { router: Router::new(), table: Vec::new() }
        .get("/", pages::overview)
        .get("/search", pages::search)
        .get("/documents", pages::documents)
        .get("/documents/{id}", pages::document)
        .get("/narratives", pages::narratives)
        .get("/narratives/{id}", pages::narrative)
        .get("/outlets", pages::outlets)
        .get("/outlets/{name}", pages::outlet)
        .get("/claims", pages::claims)
        .get("/claims/{id}", pages::claim)
        .get("/graph", pages::graph)
        .get("/static/app.css", pages::stylesheet)
        .get("/static/app.js", pages::script)
        .get("/api/overview", api::overview)
        .get("/api/documents", api::documents)
        .get("/api/documents/{id}", api::document)
        .get("/api/search", api::search)
        .get("/api/narratives", api::narratives)
        .get("/api/narratives/{id}", api::narrative)
        .get("/api/outlets", api::outlets)
        .get("/api/outlets/{name}", api::outlet)
        .get("/api/reuse", api::reuse)
        .get("/api/claims", api::claims)
        .get("/api/claims/{id}", api::claim)
        .get("/api/timeline", api::timeline)
        .get("/api/graph", api::graph)
        .get("/api/openapi.json", openapi::handler)
        .post("/api/analyze", api::analyze, limits.body_bytes)
        .post("/api/ingest", api::ingest, limits.body_bytes)
}

/// Every route the router serves, as (method, path).
pub fn route_table() -> Vec<RouteEntry> {
    routes(Limits::default()).table
}

/// The application: pages, API and security headers, over `state`.
pub fn app(state: AppState) -> Router {
    routes(state.limits())
        .router
        .fallback(pages::not_found)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    response
}

/// Serves `state` on `addr` until Ctrl-C. Binds where it is told: the CLI defaults to
/// loopback and warns about any other address.
pub async fn serve(state: AppState, addr: SocketAddr) -> Result<()> {
    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|source| Error::Bind { addr, source })?;
    let local = listener.local_addr().map_err(Error::Serve)?;
    tracing::info!(%local, "serving");
    eprintln!("echotrace: serving on http://{local}/ (Ctrl-C stops)");
    serve_on(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serves `state` on an open listener until `shutdown` completes (tests and benchmarks bind
/// port 0 and read the address first).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await.map_err(Error::Serve)
}
