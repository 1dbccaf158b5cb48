//! The OpenAPI 3.1 document of the JSON API, written by hand: it is short, and a test checks
//! that it lists exactly the API routes the router serves.

use axum::Json;
use serde_json::{json, Value};

fn path_parameter(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description,
            "schema": { "type": "string" } })
}

fn query_parameter(name: &str, kind: &str, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description,
            "schema": { "type": kind } })
}

fn ok(description: &str) -> Value {
    json!({
        "200": { "description": description, "content": { "application/json": { "schema": { "type": "object" } } } },
        "400": { "$ref": "#/components/responses/Error" },
        "404": { "$ref": "#/components/responses/Error" }
    })
}

/// The document served at `/api/openapi.json`.
pub fn document() -> Value {
    let search_parameters = vec![
        query_parameter(
            "q",
            "string",
            "tantivy query: words, \"phrases\", OR, -excluded, field:value; `*` for all",
        ),
        query_parameter("outlet", "string", "exact outlet name, case-insensitive"),
        query_parameter("since", "string", "first publication day, YYYY-MM-DD"),
        query_parameter("until", "string", "last publication day, YYYY-MM-DD"),
        query_parameter("entity", "string", "entity id or canonical name"),
        query_parameter("technique", "string", "technique name (Loaded_Language …)"),
        query_parameter("limit", "integer", "hits to return (1–200, default 20)"),
    ];
    let analyze_body = json!({
        "required": true,
        "description": "A document: JSON with `text` or `html` (a web page) and optional id, title, outlet, url, published; or a raw body with Content-Type text/html or text/plain.",
        "content": {
            "application/json": { "schema": { "$ref": "#/components/schemas/DocumentInput" } },
            "text/html": { "schema": { "type": "string" } },
            "text/plain": { "schema": { "type": "string" } }
        }
    });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "echotrace API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read a corpus of analysed news articles: documents with their layers (entities, attribution chains, techniques, narratives), search, narratives, outlets, text reuse, claim clusters, timelines and the outlet graph; analyse posted text without storing it. Spans are [start, end) Unicode code point offsets."
        },
        "paths": {
            "/api/overview": { "get": { "summary": "Counts, activity per day by outlet, top narratives, most-cited sources, vague-source share by outlet", "responses": ok("The overview") } },
            "/api/documents": { "get": {
                "summary": "Documents, newest first, with paging",
                "parameters": [
                    query_parameter("offset", "integer", "documents to skip"),
                    query_parameter("limit", "integer", "documents to return (1–500, default 100)"),
                    query_parameter("outlet", "string", "only this outlet"),
                    query_parameter("narrative", "string", "only documents matching this narrative id")
                ],
                "responses": ok("A page of document summaries and the total") } },
            "/api/documents/{id}": { "get": {
                "summary": "One document's analysis record (echotrace/analysis@1)",
                "parameters": [path_parameter("id", "document id, percent-encoded")],
                "responses": ok("The analysis record") } },
            "/api/search": { "get": { "summary": "Full-text search with filters and highlighted snippets", "parameters": search_parameters, "responses": ok("Ranked hits and the number of matches") } },
            "/api/narratives": { "get": { "summary": "Narratives matched in the corpus, most articles first", "responses": ok("Narratives with counts") } },
            "/api/narratives/{id}": { "get": {
                "summary": "A narrative's matching documents (earliest first) and activity per day by outlet",
                "parameters": [path_parameter("id", "catalog narrative id")],
                "responses": ok("The narrative view") } },
            "/api/outlets": { "get": { "summary": "Outlets by number of documents", "responses": ok("Outlet counts") } },
            "/api/outlets/{name}": { "get": {
                "summary": "An outlet's profile: techniques, sources, vague share, relays, narratives, activity",
                "parameters": [path_parameter("name", "outlet name, case-insensitive")],
                "responses": ok("The outlet profile") } },
            "/api/reuse": { "get": {
                "summary": "Text reuse: aligned passage pairs (source earlier when dated), with context and similarity, longest first",
                "parameters": [
                    query_parameter("document", "string", "only pairs with this document id on either side"),
                    query_parameter("narrative", "string", "only pairs whose two documents match this narrative id"),
                    query_parameter("min_chars", "integer", "only passages of at least this many code points"),
                    query_parameter("limit", "integer", "pairs to return (1–1000, default 100)")
                ],
                "responses": ok("Reuse pairs") } },
            "/api/claims": { "get": {
                "summary": "Claim clusters: the same claim in different articles, most articles first",
                "parameters": [
                    query_parameter("min_outlets", "integer", "only clusters carried by at least this many outlets (default 2)"),
                    query_parameter("limit", "integer", "clusters to return (1–1000, default 100)")
                ],
                "responses": ok("Claim clusters with their members, first appearance and outlets") } },
            "/api/claims/{id}": { "get": {
                "summary": "One claim cluster, its members earliest first and its timeline per day by outlet",
                "parameters": [path_parameter("id", "claim cluster id")],
                "responses": ok("The claim cluster") } },
            "/api/timeline": { "get": {
                "summary": "Documents per day or week by outlet for one entity, claim cluster, technique or narrative",
                "parameters": [
                    query_parameter("entity", "string", "entity id or canonical name"),
                    query_parameter("claim", "string", "claim cluster id"),
                    query_parameter("technique", "string", "technique name"),
                    query_parameter("narrative", "string", "catalog narrative id"),
                    query_parameter("by", "string", "day (default) or week (named by its Monday)")
                ],
                "responses": ok("The timeline: points and the undated count") } },
            "/api/graph": { "get": { "summary": "The outlet graph: outlets and sources, with reuse, relay and cites edges", "responses": ok("Nodes and edges") } },
            "/api/openapi.json": { "get": { "summary": "This document", "responses": ok("OpenAPI 3.1") } },
            "/api/analyze": { "post": {
                "summary": "Analyse posted text or HTML with the full pipeline; nothing is stored",
                "requestBody": analyze_body,
                "responses": {
                    "200": { "description": "The analysis record", "content": { "application/json": { "schema": { "type": "object" } } } },
                    "400": { "$ref": "#/components/responses/Error" },
                    "413": { "$ref": "#/components/responses/Error" },
                    "503": { "$ref": "#/components/responses/Error" }
                } } },
            "/api/ingest": { "post": {
                "summary": "Analyse and store documents (JSON object or array of DocumentInput, each with an id). Only when the server runs with --allow-ingest; needs the bearer token.",
                "security": [ { "bearer": [] } ],
                "requestBody": analyze_body,
                "responses": {
                    "200": { "description": "Ingest counts", "content": { "application/json": { "schema": { "type": "object" } } } },
                    "401": { "$ref": "#/components/responses/Error" },
                    "403": { "$ref": "#/components/responses/Error" },
                    "413": { "$ref": "#/components/responses/Error" }
                } } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": { "Error": { "description": "An error", "content": { "application/json": { "schema": {
                "type": "object", "properties": { "error": { "type": "string" } } } } } } },
            "schemas": { "DocumentInput": { "type": "object", "additionalProperties": false, "properties": {
                "id": { "type": "string" }, "text": { "type": "string" }, "html": { "type": "string" },
                "title": { "type": "string" }, "outlet": { "type": "string" }, "url": { "type": "string" },
                "published": { "type": "string", "format": "date" } } } }
        }
    })
}

pub(crate) async fn handler() -> Json<Value> {
    Json(document())
}

/// The (method, path) pairs the document lists.
pub fn documented_routes() -> Vec<(String, String)> {
    let document = document();
    let mut routes = Vec::new();
    if let Some(paths) = document["paths"].as_object() {
        for (path, operations) in paths {
            if let Some(operations) = operations.as_object() {
                for method in operations.keys() {
                    routes.push((method.to_ascii_uppercase(), path.clone()));
                }
            }
        }
    }
    routes.sort();
    routes
}

#[cfg(test)]
mod tests {
    #[test]
    fn document_lists_exactly_the_api_routes() {
        let mut served: Vec<(String, String)> = crate::route_table()
            .into_iter()
            .filter(|(_, path)| path.starts_with("/api/"))
            .map(|(method, path)| (method.to_owned(), path.to_owned()))
            .collect();
        served.sort();
        assert_eq!(super::documented_routes(), served);
    }
}
