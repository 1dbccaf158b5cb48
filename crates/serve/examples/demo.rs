//! Ingest, serve and report without the CLI (for screenshots and measurements while the
//! `echotrace serve` / `echotrace report` commands are wired):
//!
//! ```text
//! cargo run -p echotrace-serve --example demo -- ingest CORPUS PATH...
//! cargo run -p echotrace-serve --example demo -- serve CORPUS [ADDR]
//! cargo run -p echotrace-serve --example demo -- report CORPUS OUT.html
//! ```
//!
//! The pipeline is the CLI's default one (entities, attributions, fast techniques, starter
//! narratives); `serve` binds loopback (127.0.0.1:8080) unless given another address.

use std::sync::Arc;

use echotrace_analyze::Pipeline;
use echotrace_attribution::AttributionAnalyzer;
use echotrace_entities::EntityAnalyzer;
use echotrace_ingest::{read_inputs, Input, ReadOptions};
use echotrace_narratives::{Catalog, NarrativeAnalyzer};
use echotrace_serve::{AppState, NarrativeInfo, StateOptions};
use echotrace_store::{Corpus, OpenMode};
use echotrace_techniques::TechniqueAnalyzer;

fn pipeline() -> Result<Pipeline, Box<dyn std::error::Error>> {
    Ok(Pipeline::standard()
        .with(Box::new(EntityAnalyzer::new()))
        .with(Box::new(AttributionAnalyzer::new()))
        .with(Box::new(TechniqueAnalyzer::fast()?))
        .with(Box::new(NarrativeAnalyzer::starter())))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: demo ingest CORPUS PATH... | serve CORPUS [ADDR] | report CORPUS OUT";
    let (command, corpus) = match (args.first(), args.get(1)) {
        (Some(command), Some(corpus)) => (command.as_str(), corpus.clone()),
        _ => return Err(usage.into()),
    };
    match command {
        "ingest" => {
            let pipeline = pipeline()?;
            let inputs = args[2..].iter().map(|p| Input::Path(p.into())).collect();
            let records: Vec<_> = read_inputs(inputs, ReadOptions::default())
                .filter_map(|event| event.document().cloned())
                .map(|document| pipeline.run(document))
                .collect();
            let mut store = Corpus::open(&corpus, OpenMode::ReadWrite)?;
            println!("{}", store.ingest(records, 500)?);
        }
        "serve" => {
            let narratives = Catalog::starter()
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
            let state = AppState::open(
                &corpus,
                StateOptions {
                    pipeline: Some(Arc::new(pipeline()?)),
                    narratives,
                    ..StateOptions::default()
                },
            )?;
            let addr = args.get(2).map(String::as_str).unwrap_or("127.0.0.1:8080").parse()?;
            tokio::runtime::Runtime::new()?.block_on(echotrace_serve::serve(state, addr))?;
        }
        "report" => {
            let out = args.get(2).ok_or(usage)?;
            let store = Corpus::open(&corpus, OpenMode::ReadOnly)?;
            let summary = echotrace_serve::report::write_report(
                &store,
                &Default::default(),
                std::path::Path::new(out),
            )?;
            println!("{summary:?}");
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}
