//! Writing analysis records in the formats `analyze` offers.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::Context as _;
use echotrace_model::Analysis;

use crate::args::RecordFormat;

/// Writes records one by one to stdout or a file.
pub struct RecordWriter {
    out: Box<dyn Write>,
    format: RecordFormat,
    written: usize,
}

impl RecordWriter {
    pub fn new(format: RecordFormat, path: Option<&Path>) -> anyhow::Result<Self> {
        let out: Box<dyn Write> = match path {
            Some(path) => Box::new(BufWriter::new(
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
            )),
            None => Box::new(BufWriter::new(io::stdout().lock())),
        };
        Ok(RecordWriter { out, format, written: 0 })
    }

    pub fn write(&mut self, record: &Analysis) -> io::Result<()> {
        match self.format {
            RecordFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, record)?;
                self.out.write_all(b"\n")?;
            }
            RecordFormat::Json => {
                self.out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, record)?;
            }
            RecordFormat::Text => write_text_summary(&mut self.out, record)?,
        }
        self.written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        if self.format == RecordFormat::Json {
            self.out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// Cuts `text` to at most `max` characters, marking the cut.
fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut}…")
}

/// A readable summary of one record for a person at a terminal.
fn write_text_summary(out: &mut dyn Write, r: &Analysis) -> io::Result<()> {
    let d = &r.document;
    let l = &r.layers;
    writeln!(out, "── {} ──", d.id)?;
    if let Some(title) = &d.title {
        writeln!(out, "title:      {}", excerpt(title, 100))?;
    }
    let published = match d.published {
        Some(date) => format!(
            "{date} (from {})",
            serde_json::to_value(d.published_from)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        ),
        None => "unknown".into(),
    };
    writeln!(out, "published:  {published}")?;
    if let Some(outlet) = &d.outlet {
        writeln!(out, "outlet:     {outlet}")?;
    }
    if !d.relayed_from.is_empty() {
        writeln!(out, "relays:     {}", d.relayed_from.join(", "))?;
    }
    writeln!(out, "language:   {}", d.language.as_deref().unwrap_or("unknown"))?;
    writeln!(
        out,
        "counts:     {} chars, {} sentences, {} entities, {} attributions, {} predictions, {} techniques, {} narratives",
        d.text.chars().count(),
        l.sentences.len(),
        l.entities.len(),
        l.attributions.len(),
        l.predictions.len(),
        l.techniques.len(),
        l.narratives.len()
    )?;
    if !l.entities.is_empty() {
        let mut names: Vec<(&str, &str)> =
            l.entities.iter().map(|e| (e.name.as_str(), e.kind.as_str())).collect();
        names.sort_unstable();
        names.dedup();
        let list: Vec<String> = names.iter().map(|(n, t)| format!("{n} ({t})")).collect();
        writeln!(out, "entities:   {}", excerpt(&list.join(", "), 300))?;
    }
    for a in &l.attributions {
        let source = match &a.source {
            Some(s) if s.vague => format!("{} [vague]", s.text),
            Some(s) => s.text.clone(),
            None => "(no source)".into(),
        };
        let depth =
            std::iter::successors(a.parent, |&p| l.attributions.get(p).and_then(|x| x.parent))
                .count();
        writeln!(
            out,
            "  {}{} —{}→ {}",
            "  ".repeat(depth),
            source,
            a.cue.text,
            excerpt(&a.content.text, 90)
        )?;
    }
    for p in &l.predictions {
        writeln!(out, "  prediction: {}", excerpt(&p.text, 100))?;
    }
    for t in &l.techniques {
        let text: String = d.text.chars().skip(t.start).take(t.end - t.start).collect();
        writeln!(out, "  technique {}: {}", t.technique, excerpt(&text, 80))?;
    }
    for n in &l.narratives {
        writeln!(out, "  narrative {} ({:.2}): {}", n.id, n.score, n.title)?;
    }
    writeln!(out)
}
