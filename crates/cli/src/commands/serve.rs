//! `echotrace serve`: the web UI and JSON API (crate echotrace-serve).

use std::sync::Arc;

use anyhow::Context as _;
use echotrace_serve::{AppState, NarrativeInfo, StateOptions};

use crate::args::ServeArgs;
use crate::exit::Outcome;
use crate::pipeline::pipeline_with;

pub fn run(args: ServeArgs) -> anyhow::Result<Outcome> {
    if !args.bind.ip().is_loopback() {
        eprintln!(
            "echotrace: warning: listening on {}, reachable from other machines; the UI has no \
             login",
            args.bind
        );
    }
    let options = args.pipeline.options();
    let catalog = match &options.catalog {
        Some(path) => echotrace_narratives::Catalog::load(path)?,
        None => echotrace_narratives::Catalog::starter(),
    };
    let narratives = catalog
        .narratives
        .into_iter()
        .map(|n| NarrativeInfo {
            id: n.id,
            title: n.title,
            summary: n.summary,
            disproof: n.disproof,
            debunks: n.debunks,
        })
        .collect();
    let token = if args.allow_ingest { args.token } else { None };
    let state = AppState::open(
        &args.corpus.corpus,
        StateOptions {
            pipeline: Some(Arc::new(pipeline_with(&options)?)),
            narratives,
            ingest_token: token,
            ..StateOptions::default()
        },
    )
    .with_context(|| format!("cannot serve the corpus {}", args.corpus.corpus.display()))?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(echotrace_serve::serve(state, args.bind))?;
    Ok(Outcome::Complete)
}
