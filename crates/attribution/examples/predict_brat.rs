//! Writes the embedded model's attributions for every `TEXT_DIR/*.txt` as brat standoff into
//! `OUT_DIR/<stem>.ann`: `cargo run --release -p echotrace-attribution --example predict_brat
//! TEXT_DIR OUT_DIR`.

use std::path::PathBuf;

use echotrace_analyze::Pipeline;
use echotrace_attribution::{brat::to_brat, AttributionAnalyzer};
use echotrace_model::Document;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let input = PathBuf::from(
        args.next().ok_or_else(|| anyhow::anyhow!("usage: predict_brat TEXT_DIR OUT_DIR"))?,
    );
    let output = PathBuf::from(
        args.next().ok_or_else(|| anyhow::anyhow!("usage: predict_brat TEXT_DIR OUT_DIR"))?,
    );
    std::fs::create_dir_all(&output)?;
    let pipeline = Pipeline::standard().with(Box::new(AttributionAnalyzer::new()));
    for entry in std::fs::read_dir(&input)? {
        let path = entry?.path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc").to_owned();
        let text = String::from_utf8_lossy(&std::fs::read(&path)?).into_owned();
        let record = pipeline.run(Document::new(stem.clone(), text));
        std::fs::write(output.join(format!("{stem}.ann")), to_brat(&record))?;
    }
    Ok(())
}
