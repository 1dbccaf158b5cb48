//! Lists the pages of the htmldate set where the date is wrong, with the gold day, the predicted
//! day and the rule that fired, counts right answers per rule, and scores the two halves of an
//! even/odd split (pages in the gold file's URL order) so that a rule tuned on one half can be
//! checked on the other.
//!
//! ```text
//! cargo run --release -p echotrace-web --example date_failures -- ../shared/html/htmldate
//! cargo run --release -p echotrace-web --example date_failures -- ../shared/html/htmldate --half even
//! ```
//! `--half even|odd` lists only that half's failures (the figures always show both);
//! `--explain FILE [URL]` prints the evidence weighed for one page.
//! `--latest` lists the failures of the latest-date preference instead of the original.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--explain FILE URL`: the evidence weighed for one page.
    if let Some(i) = args.iter().position(|a| a == "--explain") {
        let (Some(file), url) = (args.get(i + 1), args.get(i + 2)) else {
            anyhow::bail!("usage: date_failures --explain FILE [URL]");
        };
        let raw = std::fs::read(file)?;
        let mut bytes = Vec::new();
        if raw.starts_with(&[0x1f, 0x8b]) {
            std::io::Read::read_to_end(
                &mut flate2::read::MultiGzDecoder::new(&raw[..]),
                &mut bytes,
            )?;
        } else {
            bytes = raw;
        }
        println!("{}", echotrace_web::explain_date(&bytes, url.map(String::as_str)));
        return Ok(());
    }
    let dir = args.iter().find(|a| !a.starts_with("--")).map(String::as_str);
    let Some(dir) = dir else {
        anyhow::bail!("usage: date_failures DIR [--half even|odd] [--latest]");
    };
    let only = args.iter().position(|a| a == "--half").and_then(|i| args.get(i + 1)).cloned();
    let latest = args.iter().any(|a| a == "--latest");
    // Per rule: pages it decided, and how many of those it got right, in each preference.
    let mut by_rule: BTreeMap<String, [(usize, usize); 2]> = BTreeMap::new();
    let show = |d: Option<NaiveDate>| d.map_or("-".to_string(), |d| d.to_string());
    let cpu_start = cpu_seconds();
    let report = echotrace_web::eval_dates_with(Path::new(dir), |case| {
        let half = if case.index % 2 == 0 { "even" } else { "odd" };
        for (slot, predicted) in [case.original, case.latest].into_iter().enumerate() {
            let rule = predicted.map_or("none".to_string(), |(_, s)| format!("{s:?}"));
            let entry = &mut by_rule.entry(rule).or_default()[slot];
            entry.0 += 1;
            entry.1 += usize::from(case.gold == predicted.map(|(d, _)| d));
        }
        let predicted = if latest { case.latest } else { case.original };
        let got = predicted.map(|(d, _)| d);
        if case.gold == got || only.as_deref().is_some_and(|h| h != half) {
            return;
        }
        let rule = predicted.map_or("none".to_string(), |(_, s)| format!("{s:?}"));
        println!("{half:4} gold {} got {} {rule:12} {}", show(case.gold), show(got), case.url);
    })?;
    println!("\nrule          original: pages right   latest: pages right");
    for (rule, [(lp, lr), (op, or)]) in &by_rule {
        println!("{rule:12} {lp:14} {lr:6} {op:16} {or:6}");
    }
    println!("{report}");
    if let (Some(start), Some(end)) = (cpu_start, cpu_seconds()) {
        let pages = report.pages as f64 / (end - start).max(1e-9);
        println!(
            "cpu         {pages:.0} pages per CPU-second (whole run, reading and gunzip included)"
        );
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
