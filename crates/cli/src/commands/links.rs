//! The linking commands: link, reuse, claims (clusters), timeline, graph.

use std::io::{BufWriter, Write};

use echotrace_store::{
    Bucket, ClaimCluster, LinkOptions, LinkSummary, OpenMode, ReuseFilter, ReusePair,
    TimelineSubject,
};

use super::corpus::open;
use crate::args::{
    ClaimsArgs, GraphArgs, GraphFormat, LinkArgs, ListFormat, ReuseArgs, TimelineArgs,
    TimelineBucket,
};
use crate::exit::Outcome;

/// One line on what linking did.
pub(super) fn describe(summary: &LinkSummary) -> String {
    format!(
        "linked {} new of {} documents in {:.2} s: {} new reuse pairs ({} in all, {} passage \
         clusters), {} claim clusters",
        summary.new_documents,
        summary.documents,
        summary.elapsed.as_secs_f64(),
        summary.new_pairs,
        summary.pairs,
        summary.passage_clusters,
        summary.claim_clusters
    )
}

pub fn link(args: LinkArgs) -> anyhow::Result<Outcome> {
    let mut corpus = open(&args.corpus, OpenMode::ReadWrite)?;
    let summary = corpus.link(&LinkOptions { full: args.full, ..LinkOptions::default() })?;
    if !args.quiet {
        eprintln!("echotrace: {}", describe(&summary));
    }
    Ok(Outcome::Complete)
}

/// Warns once when some documents were never compared (a corpus ingested with --no-link).
fn warn_unlinked(corpus: &echotrace_store::Corpus) -> anyhow::Result<()> {
    let unlinked = corpus.unlinked_documents()?;
    if unlinked > 0 {
        eprintln!(
            "echotrace: {unlinked} documents are not linked yet; run `echotrace link` to include them"
        );
    }
    Ok(())
}

fn shorten(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}

fn or_dash(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("-")
}

pub fn reuse(args: ReuseArgs) -> anyhow::Result<Outcome> {
    let corpus = open(&args.corpus, OpenMode::ReadOnly)?;
    warn_unlinked(&corpus)?;
    let filter = ReuseFilter {
        document: args.document,
        min_chars: args.min_chars,
        limit: args.limit,
        ..Default::default()
    };
    let pairs = corpus.reuse_pairs(&filter)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ListFormat::Jsonl => {
            for pair in &pairs {
                serde_json::to_writer(&mut out, &reuse_json(pair))?;
                writeln!(out)?;
            }
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record([
                "source_id",
                "source_start",
                "source_end",
                "source_outlet",
                "source_published",
                "target_id",
                "target_start",
                "target_end",
                "target_outlet",
                "target_published",
                "similarity",
                "direction",
                "cluster",
            ])?;
            for p in &pairs {
                w.write_record([
                    p.source.id.clone(),
                    p.source.start.to_string(),
                    p.source.end.to_string(),
                    p.source.outlet.clone().unwrap_or_default(),
                    p.source.published.clone().unwrap_or_default(),
                    p.target.id.clone(),
                    p.target.start.to_string(),
                    p.target.end.to_string(),
                    p.target.outlet.clone().unwrap_or_default(),
                    p.target.published.clone().unwrap_or_default(),
                    format!("{:.3}", p.similarity),
                    p.direction.as_str().to_string(),
                    p.cluster.map(|c| c.to_string()).unwrap_or_default(),
                ])?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            for p in &pairs {
                writeln!(
                    out,
                    "{} {} [{}]  →  {} {} [{}]   similarity {:.2}, {} chars, {}",
                    or_dash(&p.source.published),
                    or_dash(&p.source.outlet),
                    p.source.id,
                    or_dash(&p.target.published),
                    or_dash(&p.target.outlet),
                    p.target.id,
                    p.similarity,
                    p.target.end - p.target.start,
                    p.direction.as_str()
                )?;
                writeln!(out, "    {}", shorten(&p.source.text, 160))?;
            }
            writeln!(out, "{} reuse pairs", pairs.len())?;
        }
    }
    out.flush()?;
    Ok(Outcome::Complete)
}

/// The documented JSONL shape of a reuse pair (`source`/`target` with id, start, end).
fn reuse_json(pair: &ReusePair) -> serde_json::Value {
    let side = |p: &echotrace_store::Passage| {
        serde_json::json!({
            "id": p.id, "start": p.start, "end": p.end,
            "outlet": p.outlet, "published": p.published,
        })
    };
    serde_json::json!({
        "source": side(&pair.source),
        "target": side(&pair.target),
        "similarity": (f64::from(pair.similarity) * 1000.0).round() / 1000.0,
        "direction": pair.direction.as_str(),
        "cluster": pair.cluster,
    })
}

pub fn claims(args: ClaimsArgs) -> anyhow::Result<Outcome> {
    let corpus = open(&args.corpus, OpenMode::ReadOnly)?;
    warn_unlinked(&corpus)?;
    let clusters = corpus.claim_clusters(args.min_outlets, args.limit)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ListFormat::Jsonl => {
            for cluster in &clusters {
                serde_json::to_writer(&mut out, cluster)?;
                writeln!(out)?;
            }
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record([
                "cluster",
                "rank",
                "id",
                "outlet",
                "published",
                "source",
                "source_vague",
                "text",
            ])?;
            for c in &clusters {
                for (rank, m) in c.members.iter().enumerate() {
                    w.write_record([
                        c.id.clone(),
                        rank.to_string(),
                        m.id.clone(),
                        m.outlet.clone().unwrap_or_default(),
                        m.published.clone().unwrap_or_default(),
                        m.source.clone().unwrap_or_default(),
                        m.source_vague.to_string(),
                        m.text.clone(),
                    ])?;
                }
            }
            w.flush()?;
        }
        ListFormat::Table => {
            for cluster in &clusters {
                write_cluster(&mut out, cluster)?;
            }
            writeln!(out, "{} claim clusters", clusters.len())?;
        }
    }
    out.flush()?;
    Ok(Outcome::Complete)
}

fn write_cluster(out: &mut impl Write, cluster: &ClaimCluster) -> std::io::Result<()> {
    writeln!(
        out,
        "{}  {} documents, {} outlets, {} echoes: {}",
        cluster.id,
        cluster.documents,
        cluster.outlets.len(),
        cluster.documents.saturating_sub(1),
        shorten(&cluster.representative, 120)
    )?;
    let first = &cluster.first;
    writeln!(
        out,
        "    first: {} {} [{}]",
        or_dash(&first.published),
        or_dash(&first.outlet),
        first.id
    )?;
    // The sources each outlet cites for this claim.
    let mut by_outlet: Vec<(String, Vec<String>)> = Vec::new();
    for member in &cluster.members {
        let outlet = member.outlet.clone().unwrap_or_else(|| "-".into());
        let source = match (&member.source, member.source_vague) {
            (Some(s), true) => format!("{s} (vague)"),
            (Some(s), false) => s.clone(),
            (None, _) => "headline".into(),
        };
        match by_outlet.iter_mut().find(|(o, _)| *o == outlet) {
            Some((_, sources)) if !sources.contains(&source) => sources.push(source),
            Some(_) => {}
            None => by_outlet.push((outlet, vec![source])),
        }
    }
    for (outlet, sources) in by_outlet {
        writeln!(out, "    {outlet}: {}", sources.join("; "))?;
    }
    Ok(())
}

pub fn timeline(args: TimelineArgs) -> anyhow::Result<Outcome> {
    let corpus = open(&args.corpus, OpenMode::ReadOnly)?;
    let subject = match (args.entity, args.claim, args.technique, args.narrative) {
        (Some(e), ..) => TimelineSubject::Entity(e),
        (_, Some(c), ..) => TimelineSubject::Claim(c),
        (_, _, Some(t), _) => TimelineSubject::Technique(t),
        (.., Some(n)) => TimelineSubject::Narrative(n),
        _ => anyhow::bail!("give one of --entity, --claim, --technique, --narrative"),
    };
    let bucket = match args.by {
        TimelineBucket::Day => Bucket::Day,
        TimelineBucket::Week => Bucket::Week,
    };
    let timeline = corpus.timeline(&subject, bucket)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ListFormat::Jsonl => {
            for point in &timeline.points {
                serde_json::to_writer(&mut out, point)?;
                writeln!(out)?;
            }
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(["date", "outlet", "documents"])?;
            for p in &timeline.points {
                w.write_record([p.date.as_str(), p.outlet.as_str(), &p.count.to_string()])?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            let max = timeline.points.iter().map(|p| p.count).max().unwrap_or(1).max(1);
            for p in &timeline.points {
                let bar = "█".repeat(((p.count * 40).div_ceil(max)) as usize);
                let outlet = if p.outlet.is_empty() { "-" } else { p.outlet.as_str() };
                writeln!(out, "{}  {:<24} {:>5} {bar}", p.date, shorten(outlet, 24), p.count)?;
            }
            let total: u64 = timeline.points.iter().map(|p| p.count).sum();
            writeln!(out, "{total} dated documents, {} undated", timeline.undated)?;
        }
    }
    out.flush()?;
    Ok(Outcome::Complete)
}

pub fn graph(args: GraphArgs) -> anyhow::Result<Outcome> {
    let corpus = open(&args.corpus, OpenMode::ReadOnly)?;
    warn_unlinked(&corpus)?;
    let graph = corpus.outlet_graph()?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        GraphFormat::Gexf => graph.write_gexf(&mut out)?,
        GraphFormat::Csv => graph.write_csv(&mut out)?,
        GraphFormat::Json => {
            serde_json::to_writer(&mut out, &graph)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(Outcome::Complete)
}
