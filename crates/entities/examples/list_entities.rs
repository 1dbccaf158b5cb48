//! What `echotrace entities PATH...` prints: the entities of `.txt` files (or of every `.txt`
//! file in a directory) as a table, or as JSON Lines with `--jsonl`.
//!
//! `cargo run --release -p echotrace-entities --example list_entities -- ../shared/seeds`

use std::path::PathBuf;

use echotrace_analyze::Pipeline;
use echotrace_entities::{
    summarize_entities, write_entity_jsonl, write_entity_table, EntityAnalyzer,
};
use echotrace_model::Document;

fn main() -> anyhow::Result<()> {
    let mut jsonl = false;
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--jsonl" {
            jsonl = true;
        } else {
            let path = PathBuf::from(arg);
            if path.is_dir() {
                let mut files: Vec<PathBuf> = std::fs::read_dir(&path)?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                    .collect();
                files.sort();
                paths.extend(files);
            } else {
                paths.push(path);
            }
        }
    }
    let pipeline = Pipeline::standard().with(Box::new(EntityAnalyzer::new()));
    let mut records = Vec::with_capacity(paths.len());
    for path in &paths {
        let text = String::from_utf8_lossy(&std::fs::read(path)?).into_owned();
        records.push(pipeline.run(Document::new(path.display().to_string(), text)));
    }
    let summary = summarize_entities(&records);
    let mut out = std::io::stdout().lock();
    if jsonl {
        write_entity_jsonl(&summary, &mut out)?;
    } else {
        write_entity_table(&summary, &mut out)?;
    }
    Ok(())
}
