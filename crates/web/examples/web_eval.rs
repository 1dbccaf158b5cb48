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
            let dump = std::env::var_os("WEB_EVAL_DUMP").map(std::path::PathBuf::from);
            let cpu_start = cpu_seconds();
            let report = echotrace_web::eval_html_with(dir, |url, text, (tp, fp, fneg)| {
                if let Some(dump) = &dump {
                    let name: String = url
                        .chars()
                        .map(|c| if c.is_alphanumeric() { c } else { '_' })
                        .take(150)
                        .collect();
                    let _ = std::fs::write(dump.join(name), text);
                }
                if show_errors && (fp > 0 || fneg > 0) {
                    println!("FP {fp} FN {fneg} TP {tp} len {} {url}", text.chars().count());
                }
            })?;
            println!("{report}");
            print_cpu_rate(report.pages, cpu_start);
        }
        "dates" => {
            let cpu_start = cpu_seconds();
            let report = echotrace_web::eval_dates_with(dir, |case| {
                if show_errors && case.gold != case.original.map(|(d, _)| d) {
                    println!("gold {:?} got {:?} {}", case.gold, case.original, case.url);
                }
            })?;
            println!("{report}");
            print_cpu_rate(report.pages, cpu_start);
        }
        "one" => {
            // `one FILE.html.gz`: print the extraction of one page.
            let file = std::fs::File::open(dir)?;
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(file), &mut bytes)?;
            match echotrace_web::extract_article(
                &bytes,
                None,
                positional.get(2).map(|s| s.as_str()),
            ) {
                Ok(a) => println!("{:#?}", a),
                Err(e) => println!("error: {e}"),
            }
        }
        other => anyhow::bail!("unknown evaluation {other}"),
    }
    Ok(())
}

/// CPU seconds (user + system) this process has used so far, from `/proc/self/stat` (Linux;
/// `None` elsewhere). Unlike wall time it does not grow when other jobs share the cores.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn print_cpu_rate(pages: usize, start: Option<f64>) {
    if let (Some(start), Some(end)) = (start, cpu_seconds()) {
        let rate = pages as f64 / (end - start).max(1e-9);
        println!(
            "cpu         {rate:.0} pages per CPU-second (whole run, reading and gunzip included)"
        );
    }
}
