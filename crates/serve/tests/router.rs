//! Router tests through `tower::ServiceExt::oneshot`: every route (status, content type, key
//! content), the security headers, the limits of the write paths, and escaping of hostile
//! articles in every page and in the report.

mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use echotrace_serve::{app, route_table, AppState};
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    content_type: String,
    csp: String,
    nosniff: bool,
    body: String,
}

async fn send(state: &AppState, request: Request<Body>) -> Reply {
    let response = app(state.clone()).oneshot(request).await.expect("the router answers");
    let header_text = |name: header::HeaderName| {
        response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
    };
    let content_type = header_text(header::CONTENT_TYPE);
    let csp = header_text(header::CONTENT_SECURITY_POLICY);
    let nosniff = header_text(header::X_CONTENT_TYPE_OPTIONS) == "nosniff";
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 20).await.expect("body");
    Reply { status, content_type, csp, nosniff, body: String::from_utf8_lossy(&bytes).into() }
}

/// A request, the status and content type expected, and text the body must hold.
type Case = (Request<Body>, StatusCode, &'static str, String);

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

fn post(uri: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .expect("request")
}

/// The first sample document with a nested attribution (a parent), to show chains.
fn chained_document(records: &[echotrace_model::Analysis]) -> &echotrace_model::Analysis {
    records
        .iter()
        .find(|r| r.layers.attributions.iter().any(|a| a.parent.is_some()))
        .or_else(|| records.iter().max_by_key(|r| r.layers.attributions.len()))
        .expect("the sample corpus has documents")
}

#[tokio::test]
async fn every_route_answers_with_its_content() {
    let (dir, records) = common::build_corpus(false);
    let state = common::state(dir.path(), None);
    let document = chained_document(&records);
    let id = echotrace_serve::render::path_segment(&document.document.id);
    let outlet_name = records
        .iter()
        .find_map(|r| r.document.outlet.clone())
        .expect("sample documents have outlets");
    let outlet = echotrace_serve::render::path_segment(&outlet_name);
    let narrative = records
        .iter()
        .flat_map(|r| r.layers.narratives.iter())
        .next()
        .map(|n| n.id.clone())
        .expect("the sample corpus matches a starter narrative");
    let claim = echotrace_serve::render::path_segment(&common::claim_cluster_id(dir.path()));
    let html = "text/html; charset=utf-8";
    let json = "application/json";
    // (method, route) -> (request, status, content type prefix, text the body must hold)
    let mut cases: BTreeMap<(&str, &str), Case> = BTreeMap::new();
    let ok = StatusCode::OK;
    cases.insert(("GET", "/"), (get("/"), ok, html, "Activity over time by outlet".into()));
    cases.insert(
        ("GET", "/search"),
        (get("/search?q=ministry&since=2025-01-01"), ok, html, "<mark>".into()),
    );
    cases.insert(("GET", "/documents"), (get("/documents?limit=3"), ok, html, "Older →".into()));
    cases.insert(
        ("GET", "/documents/{id}"),
        (get(&format!("/documents/{id}")), ok, html, "class=\"legend\"".into()),
    );
    cases.insert(
        ("GET", "/narratives"),
        (get("/narratives"), ok, html, format!("/narratives/{narrative}")),
    );
    cases.insert(
        ("GET", "/narratives/{id}"),
        (get(&format!("/narratives/{narrative}")), ok, html, "First appearance".into()),
    );
    cases.insert(("GET", "/outlets"), (get("/outlets"), ok, html, format!("/outlets/{outlet}")));
    cases.insert(
        ("GET", "/outlets/{name}"),
        (get(&format!("/outlets/{outlet}")), ok, html, "Technique profile".into()),
    );
    cases.insert(
        ("GET", "/claims"),
        (get("/claims?min_outlets=1"), ok, html, format!("/claims/{claim}")),
    );
    cases.insert(
        ("GET", "/claims/{id}"),
        (get(&format!("/claims/{claim}")), ok, html, "First appearance".into()),
    );
    cases.insert(("GET", "/graph"), (get("/graph"), ok, html, "<svg class=\"graph\"".into()));
    cases.insert(
        ("GET", "/api/reuse"),
        (get("/api/reuse?min_chars=20&limit=5"), ok, json, "\"similarity\"".into()),
    );
    cases.insert(
        ("GET", "/api/claims"),
        (get("/api/claims?min_outlets=1"), ok, json, "\"representative\"".into()),
    );
    cases.insert(
        ("GET", "/api/claims/{id}"),
        (get(&format!("/api/claims/{claim}")), ok, json, "\"timeline\"".into()),
    );
    cases.insert(
        ("GET", "/api/timeline"),
        (
            get(&format!("/api/timeline?narrative={narrative}&by=week")),
            ok,
            json,
            "\"bucket\":\"week\"".into(),
        ),
    );
    cases.insert(("GET", "/api/graph"), (get("/api/graph"), ok, json, "\"kind\":\"cites\"".into()));
    cases.insert(
        ("GET", "/static/app.css"),
        (get("/static/app.css"), ok, "text/css", ".legend".into()),
    );
    cases.insert(
        ("GET", "/static/app.js"),
        (get("/static/app.js"), ok, "text/javascript", "addEventListener".into()),
    );
    cases.insert(
        ("GET", "/api/overview"),
        (get("/api/overview"), ok, json, "\"vague_share\"".into()),
    );
    cases.insert(
        ("GET", "/api/documents"),
        (get("/api/documents?limit=2&offset=1"), ok, json, "\"total\"".into()),
    );
    cases.insert(
        ("GET", "/api/documents/{id}"),
        (get(&format!("/api/documents/{id}")), ok, json, "\"attributions\"".into()),
    );
    cases.insert(
        ("GET", "/api/search"),
        (get("/api/search?q=%22foreign+ministry%22"), ok, json, "\"highlights\"".into()),
    );
    cases.insert(("GET", "/api/narratives"), (get("/api/narratives"), ok, json, narrative.clone()));
    cases.insert(
        ("GET", "/api/narratives/{id}"),
        (get(&format!("/api/narratives/{narrative}")), ok, json, "\"activity\"".into()),
    );
    cases.insert(
        ("GET", "/api/outlets"),
        (get("/api/outlets"), ok, json, format!("\"{outlet_name}\"")),
    );
    cases.insert(
        ("GET", "/api/outlets/{name}"),
        (get(&format!("/api/outlets/{outlet}")), ok, json, "\"technique_density\"".into()),
    );
    cases.insert(
        ("GET", "/api/openapi.json"),
        (get("/api/openapi.json"), ok, json, "\"openapi\":\"3.1.0\"".into()),
    );
    cases.insert(
        ("POST", "/api/analyze"),
        (
            post("/api/analyze", "application/json", r#"{"text":"\"We have numerous eyewitness accounts,\" spokeswoman Elena Marsh told reporters."}"#),
            ok,
            json,
            "\"source\":{\"start\":40,\"end\":63,\"text\":\"spokeswoman Elena Marsh\"".into(),
        ),
    );
    cases.insert(
        ("POST", "/api/ingest"),
        (
            post("/api/ingest", "application/json", r#"{"id":"n","text":"x"}"#),
            StatusCode::FORBIDDEN,
            json,
            "ingest is disabled".into(),
        ),
    );
    for (method, path) in route_table() {
        let (request, status, content_type, needle) = cases
            .remove(&(method, path))
            .unwrap_or_else(|| panic!("no test case for {method} {path}"));
        let reply = send(&state, request).await;
        let route = format!("{method} {path}");
        assert_eq!(reply.status, status, "{route}: {}", reply.body);
        assert!(reply.content_type.starts_with(content_type), "{route}: {}", reply.content_type);
        assert!(
            reply.body.contains(&needle),
            "{route}: no {needle:?} in {}",
            &reply.body[..reply.body.len().min(3000)]
        );
        assert!(reply.nosniff, "{route}: X-Content-Type-Options");
        assert!(
            reply.csp.contains("script-src 'self'") && !reply.csp.contains("unsafe"),
            "{route}: {}",
            reply.csp
        );
    }
    assert!(cases.is_empty(), "test cases for routes the router lacks: {:?}", cases.keys());
}

#[tokio::test]
async fn errors_are_pages_or_json_and_paths_never_reach_files() {
    let (dir, _) = common::build_corpus(false);
    let state = common::state(dir.path(), None);
    for uri in [
        "/documents/nope",
        "/outlets/nope",
        "/narratives/nope",
        "/claims/nope",
        "/nope",
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/..%2f..%2fetc/passwd",
    ] {
        let reply = send(&state, get(uri)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(reply.content_type.starts_with("text/html"), "{uri}");
        assert!(!reply.body.contains("[workspace]") && !reply.body.contains("root:"), "{uri}");
    }
    let reply = send(&state, get("/api/documents/nope")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.body, r#"{"error":"not found: document nope"}"#);
    let reply = send(&state, get("/api/claims/nope")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    for uri in [
        "/api/timeline",
        "/api/timeline?entity=a&technique=Doubt",
        "/api/timeline?technique=Doubt&by=month",
    ] {
        let reply = send(&state, get(uri)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}: {}", reply.body);
        assert!(reply.body.starts_with(r#"{"error":"#), "{uri}: {}", reply.body);
    }
    let reply = send(&state, get("/api/search?q=%22unclosed")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    let reply = send(&state, get("/search?q=x&since=yesterday")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("YYYY-MM-DD"));
}

#[tokio::test]
async fn analyze_reads_html_and_enforces_its_limits() {
    let (dir, _) = common::build_corpus(false);
    let state = common::state(dir.path(), None);
    let page = "<html><head><title>Dam opens | River News</title></head><body><article><h1>Dam opens</h1>\
        <p>The new dam opened on Monday after six years of work, the authority said.</p></article></body></html>";
    let reply = send(&state, post("/api/analyze", "text/html", page)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let record: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(record["title"], "Dam opens");
    assert_eq!(record["text_from"], "html");
    assert!(record["text"].as_str().is_some_and(|t| t.contains("six years of work")));
    let big = "a ".repeat(3 << 20);
    let reply = send(&state, post("/api/analyze", "text/plain", big)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let reply = send(&state, post("/api/analyze", "application/json", "{\"text\":\"\"}")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let reply = send(&state, get("/api/analyze")).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn ingest_needs_the_flag_and_the_token() {
    let (dir, _) = common::build_corpus(false);
    let token = "a-long-enough-test-token";
    let state = common::state(dir.path(), Some(token));
    let body = r#"[{"id":"new-1","text":"The ministry said on Tuesday that the dam will open.","outlet":"River News"}]"#;
    let reply = send(&state, post("/api/ingest", "application/json", body)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let wrong = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, "Bearer a-long-enough-test-tokem")
        .body(Body::from(body))
        .expect("request");
    assert_eq!(send(&state, wrong).await.status, StatusCode::UNAUTHORIZED);
    let right = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(body))
        .expect("request");
    let reply = send(&state, right).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("\"added\":1"), "{}", reply.body);
    let reply = send(&state, get("/api/documents/new-1")).await;
    assert_eq!(reply.status, StatusCode::OK, "the readers see the ingested document");
    let weak = echotrace_serve::AppState::open(
        dir.path(),
        echotrace_serve::StateOptions { ingest_token: Some("short".into()), ..Default::default() },
    );
    assert!(weak.is_err(), "a short token is refused");
}

#[tokio::test]
async fn hostile_articles_never_render_as_markup() {
    let (dir, records) = common::build_corpus(true);
    let state = common::state(dir.path(), None);
    let outlet = echotrace_serve::render::path_segment(common::XSS_OUTLET);
    let mut uris = vec![
        "/".to_owned(),
        "/documents".into(),
        "/outlets".into(),
        format!("/outlets/{outlet}"),
        "/narratives".into(),
        "/claims?min_outlets=1".into(),
        "/graph".into(),
        "/search?q=rescuers".into(),
        format!("/search?q=script&outlet={outlet}"),
    ];
    for record in &records {
        uris.push(format!(
            "/documents/{}",
            echotrace_serve::render::path_segment(&record.document.id)
        ));
    }
    for narrative in records.iter().flat_map(|r| &r.layers.narratives) {
        uris.push(format!("/narratives/{}", narrative.id));
    }
    let corpus = echotrace_store::Corpus::open(dir.path(), echotrace_store::OpenMode::ReadOnly)
        .expect("open");
    let clusters = corpus.claim_clusters(1, 0).expect("clusters");
    assert!(
        clusters.iter().any(|c| c.members.iter().any(|m| m.id == "xss-1")),
        "the hostile articles share a claim cluster: {clusters:?}"
    );
    for cluster in &clusters {
        uris.push(format!("/claims/{}", echotrace_serve::render::path_segment(&cluster.id)));
    }
    let pairs = corpus.reuse_pairs(&Default::default()).expect("pairs");
    assert!(
        pairs.iter().any(|p| p.source.id == "xss-1" || p.target.id == "xss-1"),
        "the hostile articles share text"
    );
    for uri in &uris {
        let reply = send(&state, get(uri)).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        common::assert_no_hostile_markup(&reply.body, uri);
    }
    // The hostile title is shown, as text.
    let reply = send(&state, get("/documents/xss-1")).await;
    assert!(
        reply.body.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;Ministry"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("<span class=\"muted\">javascript:window.__xss=5</span>"));
    let (report, _) =
        echotrace_serve::report::render_report(&corpus, &Default::default()).expect("report");
    assert!(report.contains("&lt;svg onload="), "the hostile outlet is in the report, escaped");
    for section in ["id=\"claims\"", "id=\"reuse\"", "id=\"graph\"", "class=\"reuse-pair\""] {
        assert!(report.contains(section), "the report has {section}");
    }
    // The report has no script at all.
    assert!(!report.contains("<script"));
    common::assert_no_hostile_markup(&report, "report");
}

#[test]
fn hostile_markup_detector_catches_what_it_looks_for() {
    for bad in [
        "<p>x</p><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<div onclick=\"x()\"></div>",
        "<svg onload=alert(1)>",
    ] {
        let caught = std::panic::catch_unwind(|| common::assert_no_hostile_markup(bad, "probe"));
        assert!(caught.is_err(), "not caught: {bad}");
    }
    common::assert_no_hostile_markup(
        "<p title=\"&lt;script&gt;\">&lt;img src=x onerror=alert(1)&gt; javascript:x</p><script src=\"/static/app.js\" defer></script>",
        "escaped",
    );
}
