//! Runs the web evaluations and prints their reports.
//!
//! ```text
//! cargo run --release -p echotrace-web --example web_eval -- html  ../shared/html/trafilatura-eval
//! cargo run --release -p echotrace-web --example web_eval -- dates ../shared/html/htmldate
//! ```
//! Add `--errors` to list the pages that lost points (for tuning the heuristics).

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_errors = args.iter().any(|a| a == "--errors");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (Some(kind), Some(dir)) = (positional.first(), positional.get(1)) else {
        anyhow::bail!("usage: web_eval html|dates DIR [--errors]");
    };
    let dir = Path::new(dir.as_str());
    match kind.as_str() {
        "html" => {
            let report = echotrace_web::eval_html_with(dir, |url, text, (tp, fp, fneg)| {
                if show_errors && (fp > 0 || fneg > 0) {
                    println!("FP {fp} FN {fneg} TP {tp} len {} {url}", text.chars().count());
                }
            })?;
            println!("{report}");
        }
        "dates" => {
            let report = echotrace_web::eval_dates_with(dir, |url, gold, predicted| {
                if show_errors && gold != predicted {
                    println!("gold {gold:?} got {predicted:?} {url}");
                }
            })?;
            println!("{report}");
        }
        other => anyhow::bail!("unknown evaluation {other}"),
    }
    Ok(())
}
