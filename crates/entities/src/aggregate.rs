//! `echotrace entities PATH...`: the entities of a set of analysed documents, with mention
//! counts, types, ids and surface forms.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use echotrace_model::{Analysis, EntityType};
use serde::Serialize;

/// One entity across documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitySummary {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Mentions in all documents.
    pub mentions: usize,
    /// Documents that mention it.
    pub documents: usize,
    /// Each spelling seen, with its count, most frequent first.
    pub surface_forms: Vec<(String, usize)>,
}

/// Aggregates the entity layers of `records` by entity id, most mentioned first (ties by id).
/// An id seen with several types takes its most frequent one.
pub fn summarize_entities<'a>(
    records: impl IntoIterator<Item = &'a Analysis>,
) -> Vec<EntitySummary> {
    struct Acc {
        name: String,
        kinds: HashMap<EntityType, usize>,
        mentions: usize,
        documents: usize,
        forms: BTreeMap<String, usize>,
    }
    let mut by_id: HashMap<String, Acc> = HashMap::new();
    for record in records {
        let mut seen_here: Vec<&str> = Vec::new();
        for e in &record.layers.entities {
            let acc = by_id.entry(e.id.clone()).or_insert_with(|| Acc {
                name: e.name.clone(),
                kinds: HashMap::new(),
                mentions: 0,
                documents: 0,
                forms: BTreeMap::new(),
            });
            acc.mentions += 1;
            *acc.kinds.entry(e.kind).or_default() += 1;
            *acc.forms.entry(e.text.clone()).or_default() += 1;
            if !seen_here.contains(&e.id.as_str()) {
                seen_here.push(&e.id);
                acc.documents += 1;
            }
        }
    }
    let mut out: Vec<EntitySummary> = by_id
        .into_iter()
        .map(|(id, acc)| {
            let kind = acc
                .kinds
                .iter()
                .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
                .map(|(k, _)| *k)
                .unwrap_or(EntityType::Other);
            let mut surface_forms: Vec<(String, usize)> = acc.forms.into_iter().collect();
            surface_forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            EntitySummary {
                id,
                name: acc.name,
                kind,
                mentions: acc.mentions,
                documents: acc.documents,
                surface_forms,
            }
        })
        .collect();
    out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.id.cmp(&b.id)));
    out
}

/// Writes summaries as an aligned text table: mentions, documents, type, id, name, spellings.
pub fn write_entity_table(
    summaries: &[EntitySummary],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let id_width = summaries.iter().map(|s| s.id.chars().count()).max().unwrap_or(2).clamp(2, 60);
    writeln!(
        out,
        "{:>8} {:>5} {:<12} {:<id_width$} surface forms",
        "mentions", "docs", "type", "id"
    )?;
    for s in summaries {
        let forms: Vec<String> =
            s.surface_forms.iter().map(|(f, n)| format!("{f} ({n})")).collect();
        writeln!(
            out,
            "{:>8} {:>5} {:<12} {:<id_width$} {}",
            s.mentions,
            s.documents,
            s.kind.as_str(),
            s.id,
            forms.join(", ")
        )?;
    }
    Ok(())
}

/// Writes one JSON object per summary and line.
pub fn write_entity_jsonl(
    summaries: &[EntitySummary],
    out: &mut impl Write,
) -> std::io::Result<()> {
    for s in summaries {
        serde_json::to_writer(&mut *out, s).map_err(std::io::Error::other)?;
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use echotrace_model::{Document, Entity};

    fn record(id: &str, entities: &[(&str, &str, EntityType)]) -> Analysis {
        let mut r = Analysis::new(Document::new(id, "text"));
        for (text, eid, kind) in entities {
            r.layers.entities.push(Entity {
                start: 0,
                end: 1,
                text: text.to_string(),
                kind: *kind,
                id: eid.to_string(),
                name: eid.to_string(),
            });
        }
        r
    }

    #[test]
    fn counts_mentions_documents_and_spellings() {
        use EntityType::Place;
        let a = record(
            "a",
            &[("Sarakeb", "place:saraqib", Place), ("Saraqib", "place:saraqib", Place)],
        );
        let b =
            record("b", &[("Serakab", "place:saraqib", Place), ("Idlib", "place:idlib", Place)]);
        let summary = summarize_entities([&a, &b]);
        assert_eq!(summary.len(), 2);
        assert_eq!(summary[0].id, "place:saraqib");
        assert_eq!((summary[0].mentions, summary[0].documents), (3, 2));
        assert_eq!(summary[0].surface_forms.len(), 3);
        let mut table = Vec::new();
        write_entity_table(&summary, &mut table).expect("writes");
        let table = String::from_utf8(table).expect("utf-8");
        assert!(table.contains("Serakab (1)"), "{table}");
        let mut jsonl = Vec::new();
        write_entity_jsonl(&summary, &mut jsonl).expect("writes");
        let first: serde_json::Value =
            serde_json::from_slice(jsonl.split(|b| *b == b'\n').next().expect("a line"))
                .expect("json");
        assert_eq!(first["type"], "place");
    }
}
