//! Prints the attributions, predictions, times and quantities of text files, one line each:
//! `cargo run --release -p echotrace-attribution --example show_attributions [--json] FILE...`.
//! With `--json`, one JSON line per file with the four layers in full (spans included), which is
//! what a change meant to keep the output as it was is checked with.

use echotrace_analyze::Pipeline;
use echotrace_attribution::AttributionAnalyzer;
use echotrace_model::Document;

fn main() -> anyhow::Result<()> {
    let pipeline = Pipeline::standard().with(Box::new(AttributionAnalyzer::new()));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    for path in args.into_iter().filter(|a| a != "--json") {
        let text = std::fs::read_to_string(&path)?;
        let record = pipeline.run(Document::new(path.clone(), text));
        if json {
            let layers = &record.layers;
            let line = serde_json::json!({
                "path": path,
                "attributions": layers.attributions,
                "predictions": layers.predictions,
                "times": layers.times,
                "quantities": layers.quantities,
            });
            println!("{line}");
            continue;
        }
        println!("== {path} (published {:?})", record.document.published);
        for (i, a) in record.layers.attributions.iter().enumerate() {
            let source = a.source.as_ref().map_or(String::from("-"), |s| {
                format!("{}{}", s.text, if s.vague { " [vague]" } else { "" })
            });
            let content: String = a.content.text.chars().take(70).collect();
            println!(
                "{i:>3} {:?} parent={:?} | {source} | {} | {content}",
                a.kind, a.parent, a.cue.text
            );
        }
        for p in &record.layers.predictions {
            let text: String = p.text.chars().take(90).collect();
            println!("  prediction {:?}: {text}", p.target_date);
        }
        for t in &record.layers.times {
            println!("  time {:?} = {:?}", t.text, t.value);
        }
        for q in &record.layers.quantities {
            println!("  quantity {:?} = {:?} {:?}", q.text, q.value, q.unit);
        }
    }
    Ok(())
}
