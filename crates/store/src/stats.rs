//! `echotrace stats`: what the corpus holds, the first thing a researcher runs.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::{Corpus, Error, Result};

/// A name and how often it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub name: String,
    pub count: u64,
}

/// Counts over the current document versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub corpus: PathBuf,
    pub documents: u64,
    /// Older versions kept for history (documents whose text changed under the same id).
    pub superseded_versions: u64,
    /// Documents stored as exact copies of another document's text (syndication).
    pub syndicated: u64,
    pub outlets: u64,
    /// Outlets by number of documents, at most [`TOP`].
    pub top_outlets: Vec<Count>,
    pub first_published: Option<NaiveDate>,
    pub last_published: Option<NaiveDate>,
    pub undated: u64,
    pub languages: Vec<Count>,
    /// Distinct entity ids.
    pub entities: u64,
    pub entity_mentions: u64,
    /// Entities (canonical name) by number of documents that mention them, at most [`TOP`].
    pub top_entities: Vec<Count>,
    pub technique_spans: u64,
    /// Every technique by number of spans.
    pub techniques: Vec<Count>,
    /// Batches committed since the corpus was created.
    pub batches: u64,
    /// Bytes of the corpus directory on disk (store and index).
    pub disk_bytes: u64,
}

/// How many outlets and entities the lists hold.
pub const TOP: usize = 10;

fn counts(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<Count>> {
    let mut statement = conn.prepare(sql)?;
    let rows = statement.query_map([], |row| {
        Ok(Count { name: row.get(0)?, count: row.get::<_, i64>(1)?.max(0) as u64 })
    })?;
    rows.collect()
}

fn number(conn: &Connection, sql: &str) -> rusqlite::Result<u64> {
    conn.query_row(sql, [], |row| row.get::<_, i64>(0)).map(|n| n.max(0) as u64)
}

fn directory_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(|entry| entry.ok())
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => directory_bytes(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}

impl Corpus {
    /// Counts documents, outlets, dates, languages, entities and techniques.
    pub fn stats(&self) -> Result<Stats> {
        let conn = self.connection();
        let sql = |e| Error::sqlite(self.db_path(), e);
        let current = "FROM documents WHERE is_current = 1";
        let date = |sql_text: &str| -> Result<Option<NaiveDate>> {
            let value: Option<String> =
                conn.query_row(sql_text, [], |row| row.get(0)).map_err(sql)?;
            Ok(value.and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok()))
        };
        Ok(Stats {
            corpus: self.dir().to_path_buf(),
            documents: number(conn, &format!("SELECT COUNT(*) {current}")).map_err(sql)?,
            superseded_versions: number(
                conn,
                "SELECT COUNT(*) FROM documents WHERE is_current = 0",
            )
            .map_err(sql)?,
            syndicated: number(
                conn,
                "SELECT COUNT(*) FROM syndication s JOIN documents d USING (doc_key) \
                 WHERE d.is_current = 1",
            )
            .map_err(sql)?,
            outlets: number(conn, &format!("SELECT COUNT(DISTINCT outlet) {current}"))
                .map_err(sql)?,
            top_outlets: counts(
                conn,
                &format!(
                    "SELECT outlet, COUNT(*) AS n {current} AND outlet IS NOT NULL \
                     GROUP BY outlet ORDER BY n DESC, outlet LIMIT {TOP}"
                ),
            )
            .map_err(sql)?,
            first_published: date(&format!("SELECT MIN(published) {current}"))?,
            last_published: date(&format!("SELECT MAX(published) {current}"))?,
            undated: number(conn, &format!("SELECT COUNT(*) {current} AND published IS NULL"))
                .map_err(sql)?,
            languages: counts(
                conn,
                &format!(
                    "SELECT COALESCE(language, 'unknown'), COUNT(*) AS n {current} \
                     GROUP BY 1 ORDER BY n DESC, 1"
                ),
            )
            .map_err(sql)?,
            entities: number(conn, "SELECT COUNT(DISTINCT entity_id) FROM entities")
                .map_err(sql)?,
            entity_mentions: number(conn, "SELECT COUNT(*) FROM entities").map_err(sql)?,
            top_entities: counts(
                conn,
                &format!(
                    "SELECT MIN(name), COUNT(DISTINCT doc_key) AS n FROM entities \
                     GROUP BY entity_id ORDER BY n DESC, 1 LIMIT {TOP}"
                ),
            )
            .map_err(sql)?,
            technique_spans: number(conn, "SELECT COUNT(*) FROM techniques").map_err(sql)?,
            techniques: counts(
                conn,
                "SELECT technique, COUNT(*) AS n FROM techniques GROUP BY technique \
                 ORDER BY n DESC, technique",
            )
            .map_err(sql)?,
            batches: number(conn, "SELECT COUNT(*) FROM batches").map_err(sql)?,
            disk_bytes: directory_bytes(self.dir()),
        })
    }
}

fn list(counts: &[Count]) -> String {
    counts.iter().map(|c| format!("{} ({})", c.name, c.count)).collect::<Vec<_>>().join(", ")
}

fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "corpus        {}", self.corpus.display())?;
        writeln!(
            f,
            "documents     {} ({} syndicated duplicates, {} older versions kept)",
            self.documents, self.syndicated, self.superseded_versions
        )?;
        write!(f, "outlets       {}", self.outlets)?;
        if !self.top_outlets.is_empty() {
            write!(f, ": {}", list(&self.top_outlets))?;
        }
        writeln!(f)?;
        match (self.first_published, self.last_published) {
            (Some(first), Some(last)) => {
                writeln!(f, "published     {first} to {last} ({} undated)", self.undated)?
            }
            _ => writeln!(f, "published     no dates ({} undated)", self.undated)?,
        }
        writeln!(f, "languages     {}", list(&self.languages))?;
        write!(f, "entities      {} distinct, {} mentions", self.entities, self.entity_mentions)?;
        if !self.top_entities.is_empty() {
            write!(f, "; most documents: {}", list(&self.top_entities))?;
        }
        writeln!(f)?;
        write!(f, "techniques    {} spans", self.technique_spans)?;
        if !self.techniques.is_empty() {
            write!(f, ": {}", list(&self.techniques))?;
        }
        writeln!(f)?;
        let per_document = self.disk_bytes / self.documents.max(1);
        write!(
            f,
            "on disk       {} ({} per document), {} batches",
            bytes(self.disk_bytes),
            bytes(per_document),
            self.batches
        )
    }
}

#[cfg(test)]
mod tests {
    use super::bytes;

    #[test]
    fn byte_sizes_read_naturally() {
        for (n, expect) in [(0, "0 B"), (999, "999 B"), (1500, "1.5 KB"), (12_300_000, "12.3 MB")] {
            assert_eq!(bytes(n), expect);
        }
    }
}
