//! Read-only views of the corpus for the web UI, the HTTP API and the HTML report: document
//! lists with paging, the overview (activity per day by outlet, top narratives, most-cited
//! sources, vague-source share by outlet), outlet profiles and narrative pages.
//!
//! Every query reads the current document versions only and is bounded by a `LIMIT`, so a
//! page costs the same on a corpus of a hundred or a million documents (apart from the
//! aggregates, which SQLite answers from the indexes on `doc_key`, `outlet` and `published`).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::{Corpus, Count, Error, Result};

/// One line of a document list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentSummary {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Code points of text.
    pub length: u64,
    pub entities: u64,
    pub attributions: u64,
    pub techniques: u64,
}

/// A page of [`DocumentSummary`]s and the number of all matching documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentPage {
    pub total: u64,
    pub offset: u64,
    pub documents: Vec<DocumentSummary>,
}

/// Which documents [`Corpus::list_documents`] returns, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentQuery {
    /// Exact outlet name (case-insensitive).
    pub outlet: Option<String>,
    /// Documents matching a catalog narrative.
    pub narrative: Option<String>,
    pub offset: u64,
    pub limit: u64,
}

/// How many documents an outlet published on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub outlet: String,
    pub count: u64,
}

/// A narrative and the documents that match it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NarrativeCount {
    pub id: String,
    pub title: String,
    pub documents: u64,
    pub outlets: u64,
    /// Earliest publication day among its documents.
    pub first_seen: Option<String>,
}

/// A source of attributions (an official, a ministry, "local residents").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceCount {
    /// The canonical entity name when the source resolves to an entity, else the text.
    pub name: String,
    pub entity: Option<String>,
    pub vague: bool,
    /// Attributions citing it.
    pub attributions: u64,
    pub documents: u64,
    pub outlets: u64,
}

/// How much of an outlet's attributions cite vague sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VagueShare {
    pub outlet: String,
    pub attributions: u64,
    pub vague: u64,
    /// `vague / attributions` (0 when there are none).
    pub share: f64,
}

/// The corpus at a glance (the `/` page and the report's first section).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub documents: u64,
    pub outlets: u64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub undated: u64,
    pub attributions: u64,
    pub vague_attributions: u64,
    pub technique_spans: u64,
    /// Documents per day and outlet, in date order.
    pub activity: Vec<DayCount>,
    pub top_outlets: Vec<Count>,
    pub top_narratives: Vec<NarrativeCount>,
    pub top_sources: Vec<SourceCount>,
    pub top_entities: Vec<Count>,
    pub techniques: Vec<Count>,
    /// Outlets with the most attributions first.
    pub vague_share: Vec<VagueShare>,
}

/// One outlet: what it publishes, how it argues, whom it cites, whom it relays.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletProfile {
    pub name: String,
    pub documents: u64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// Technique spans by technique.
    pub techniques: Vec<Count>,
    /// Technique spans per 1,000 code points of the outlet's text.
    pub technique_density: f64,
    pub sources: Vec<SourceCount>,
    pub vague: VagueShare,
    /// Outlets its texts say they relay ("Press TV reports").
    pub relays: Vec<Count>,
    /// Outlets whose texts relay this one.
    pub relayed_by: Vec<Count>,
    pub narratives: Vec<NarrativeCount>,
    pub activity: Vec<DayCount>,
    pub recent: Vec<DocumentSummary>,
}

/// A catalog narrative as seen in this corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NarrativeView {
    pub id: String,
    pub title: String,
    pub documents: Vec<NarrativeDocument>,
    /// Matching documents per day and outlet.
    pub activity: Vec<DayCount>,
}

/// A document matching a narrative, earliest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NarrativeDocument {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub score: f64,
}

/// The totals of one outlet's documents.
struct OutletTotals {
    name: Option<String>,
    documents: u64,
    first_published: Option<String>,
    last_published: Option<String>,
    chars: u64,
}

/// How many rows the top lists of the views hold.
pub const VIEW_TOP: usize = 12;

/// Documents listed on an outlet page.
const RECENT: usize = 20;

fn non_negative(value: i64) -> u64 {
    value.max(0) as u64
}

const SUMMARY_COLUMNS: &str = "d.id, d.title, d.outlet, d.published, length(d.text), \
     (SELECT COUNT(*) FROM entities e WHERE e.doc_key = d.doc_key), \
     (SELECT COUNT(*) FROM attributions a WHERE a.doc_key = d.doc_key), \
     (SELECT COUNT(*) FROM techniques t WHERE t.doc_key = d.doc_key)";

fn read_summary(row: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        outlet: row.get(2)?,
        published: row.get(3)?,
        length: non_negative(row.get(4)?),
        entities: non_negative(row.get(5)?),
        attributions: non_negative(row.get(6)?),
        techniques: non_negative(row.get(7)?),
    })
}

fn counts(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<Count>> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params, |row| {
        Ok(Count { name: row.get(0)?, count: non_negative(row.get(1)?) })
    })?;
    rows.collect()
}

fn day_counts(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<DayCount>> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params, |row| {
        Ok(DayCount { date: row.get(0)?, outlet: row.get(1)?, count: non_negative(row.get(2)?) })
    })?;
    rows.collect()
}

fn narrative_counts(
    conn: &Connection,
    outlet: Option<&str>,
    limit: usize,
) -> rusqlite::Result<Vec<NarrativeCount>> {
    let mut statement = conn.prepare_cached(
        "SELECT n.narrative_id, MIN(n.title), COUNT(DISTINCT d.doc_key), \
                COUNT(DISTINCT d.outlet), MIN(d.published) AS first \
         FROM narratives n JOIN current_documents d USING (doc_key) \
         WHERE (?1 IS NULL OR d.outlet = ?1 COLLATE NOCASE) \
         GROUP BY n.narrative_id ORDER BY 3 DESC, first, 1 LIMIT ?2",
    )?;
    let rows = statement.query_map(params![outlet, limit as i64], |row| {
        Ok(NarrativeCount {
            id: row.get(0)?,
            title: row.get(1)?,
            documents: non_negative(row.get(2)?),
            outlets: non_negative(row.get(3)?),
            first_seen: row.get(4)?,
        })
    })?;
    rows.collect()
}

/// Sources grouped by resolved entity (else by lower-cased text), most attributions first.
fn source_counts(
    conn: &Connection,
    outlet: Option<&str>,
    limit: usize,
) -> rusqlite::Result<Vec<SourceCount>> {
    // A bare pronoun or determiner ("he said", "that said") names nobody unless it was
    // resolved to an entity.
    let unnamed =
        crate::link::PRONOUNS.iter().map(|p| format!("'{p}'")).collect::<Vec<_>>().join(", ");
    let mut statement = conn.prepare_cached(&format!(
        "SELECT COALESCE(MIN(e.name), MIN(a.source_text)), a.source_entity, MAX(a.source_vague), \
                COUNT(*), COUNT(DISTINCT a.doc_key), COUNT(DISTINCT d.outlet) \
         FROM attributions a JOIN current_documents d USING (doc_key) \
         LEFT JOIN (SELECT entity_id, MIN(name) AS name FROM entities GROUP BY entity_id) e \
              ON e.entity_id = a.source_entity \
         WHERE a.source_text IS NOT NULL AND (?1 IS NULL OR d.outlet = ?1 COLLATE NOCASE) \
           AND (a.source_entity IS NOT NULL OR lower(trim(a.source_text)) NOT IN ({unnamed})) \
         GROUP BY COALESCE(a.source_entity, lower(a.source_text)) \
         ORDER BY 4 DESC, 1 LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![outlet, limit as i64], |row| {
        Ok(SourceCount {
            name: row.get(0)?,
            entity: row.get(1)?,
            vague: row.get::<_, i64>(2)? != 0,
            attributions: non_negative(row.get(3)?),
            documents: non_negative(row.get(4)?),
            outlets: non_negative(row.get(5)?),
        })
    })?;
    rows.collect()
}

fn vague_shares(conn: &Connection, outlet: Option<&str>) -> rusqlite::Result<Vec<VagueShare>> {
    let mut statement = conn.prepare_cached(
        "SELECT d.outlet, COUNT(*), SUM(a.source_vague) \
         FROM attributions a JOIN current_documents d USING (doc_key) \
         WHERE d.outlet IS NOT NULL AND (?1 IS NULL OR d.outlet = ?1 COLLATE NOCASE) \
         GROUP BY d.outlet ORDER BY 2 DESC, 1",
    )?;
    let rows = statement.query_map(params![outlet], |row| {
        let attributions = non_negative(row.get(1)?);
        let vague = non_negative(row.get::<_, Option<i64>>(2)?.unwrap_or(0));
        Ok(VagueShare {
            outlet: row.get(0)?,
            attributions,
            vague,
            share: if attributions == 0 { 0.0 } else { vague as f64 / attributions as f64 },
        })
    })?;
    rows.collect()
}

const ACTIVITY_SQL: &str = "SELECT published, COALESCE(outlet, 'unknown outlet'), COUNT(*) \
     FROM current_documents WHERE published IS NOT NULL \
     AND (?1 IS NULL OR outlet = ?1 COLLATE NOCASE) GROUP BY 1, 2 ORDER BY 1, 2";

impl Corpus {
    fn view_error(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |e| Error::sqlite(self.db_path(), e)
    }

    /// A page of current documents, newest first (undated last), optionally of one outlet or
    /// one narrative.
    pub fn list_documents(&self, query: &DocumentQuery) -> Result<DocumentPage> {
        let conn = self.connection();
        let filter = "FROM current_documents d WHERE (?1 IS NULL OR d.outlet = ?1 COLLATE NOCASE) \
             AND (?2 IS NULL OR d.doc_key IN \
                  (SELECT doc_key FROM narratives WHERE narrative_id = ?2))";
        let total: i64 = conn
            .prepare_cached(&format!("SELECT COUNT(*) {filter}"))
            .and_then(|mut s| s.query_row(params![query.outlet, query.narrative], |row| row.get(0)))
            .map_err(self.view_error())?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} {filter} \
             ORDER BY d.published IS NULL, d.published DESC, d.id LIMIT ?3 OFFSET ?4"
        );
        let documents = conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                let rows = s.query_map(
                    params![
                        query.outlet,
                        query.narrative,
                        query.limit.min(1000) as i64,
                        query.offset.min(i64::MAX as u64) as i64
                    ],
                    read_summary,
                )?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(self.view_error())?;
        Ok(DocumentPage { total: non_negative(total), offset: query.offset, documents })
    }

    /// The summary line of one current document.
    pub fn document_summary(&self, id: &str) -> Result<Option<DocumentSummary>> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM current_documents d WHERE d.id = ?1");
        self.connection()
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_row([id], read_summary).optional())
            .map_err(self.view_error())
    }

    /// Counts, activity per day by outlet, top narratives, sources, entities and techniques,
    /// and the vague-source share by outlet.
    pub fn overview(&self) -> Result<Overview> {
        let conn = self.connection();
        let err = self.view_error();
        let number = |sql: &str| -> Result<u64> {
            conn.query_row(sql, [], |row| row.get::<_, Option<i64>>(0))
                .map(|n| non_negative(n.unwrap_or(0)))
                .map_err(&err)
        };
        let text = |sql: &str| -> Result<Option<String>> {
            conn.query_row(sql, [], |row| row.get(0)).map_err(&err)
        };
        Ok(Overview {
            documents: number("SELECT COUNT(*) FROM current_documents")?,
            outlets: number("SELECT COUNT(DISTINCT outlet) FROM current_documents")?,
            first_published: text("SELECT MIN(published) FROM current_documents")?,
            last_published: text("SELECT MAX(published) FROM current_documents")?,
            undated: number("SELECT COUNT(*) FROM current_documents WHERE published IS NULL")?,
            attributions: number("SELECT COUNT(*) FROM attributions")?,
            vague_attributions: number("SELECT SUM(source_vague) FROM attributions")?,
            technique_spans: number("SELECT COUNT(*) FROM techniques")?,
            activity: day_counts(conn, ACTIVITY_SQL, params![Option::<String>::None])
                .map_err(&err)?,
            top_outlets: counts(
                conn,
                "SELECT outlet, COUNT(*) FROM current_documents WHERE outlet IS NOT NULL \
                 GROUP BY outlet ORDER BY 2 DESC, 1 LIMIT ?1",
                [VIEW_TOP as i64],
            )
            .map_err(&err)?,
            top_narratives: narrative_counts(conn, None, VIEW_TOP).map_err(&err)?,
            top_sources: source_counts(conn, None, VIEW_TOP).map_err(&err)?,
            top_entities: counts(
                conn,
                "SELECT MIN(name), COUNT(DISTINCT doc_key) FROM entities \
                 GROUP BY entity_id ORDER BY 2 DESC, 1 LIMIT ?1",
                [VIEW_TOP as i64],
            )
            .map_err(&err)?,
            techniques: counts(
                conn,
                "SELECT technique, COUNT(*) FROM techniques GROUP BY technique \
                 ORDER BY 2 DESC, 1",
                [],
            )
            .map_err(&err)?,
            vague_share: vague_shares(conn, None).map_err(&err)?,
        })
    }

    /// Every outlet with its number of documents, most first.
    pub fn outlets(&self) -> Result<Vec<Count>> {
        counts(
            self.connection(),
            "SELECT outlet, COUNT(*) FROM current_documents WHERE outlet IS NOT NULL \
             GROUP BY outlet ORDER BY 2 DESC, 1",
            [],
        )
        .map_err(self.view_error())
    }

    /// The profile of one outlet (name matched case-insensitively), or `None` when no current
    /// document has it.
    pub fn outlet_profile(&self, name: &str) -> Result<Option<OutletProfile>> {
        let conn = self.connection();
        let err = self.view_error();
        let found: Option<OutletTotals> = conn
            .prepare_cached(
                "SELECT MIN(outlet), COUNT(*), MIN(published), MAX(published), \
                        SUM(length(text)) \
                 FROM current_documents WHERE outlet = ?1 COLLATE NOCASE",
            )
            .and_then(|mut s| {
                s.query_row([name], |row| {
                    Ok(OutletTotals {
                        name: row.get(0)?,
                        documents: non_negative(row.get(1)?),
                        first_published: row.get(2)?,
                        last_published: row.get(3)?,
                        chars: non_negative(row.get::<_, Option<i64>>(4)?.unwrap_or(0)),
                    })
                })
                .optional()
            })
            .map_err(&err)?;
        // An aggregate always answers one row: no outlet name means no document.
        let Some(OutletTotals {
            name: Some(name),
            documents,
            first_published,
            last_published,
            chars,
        }) = found
        else {
            return Ok(None);
        };
        let outlet = Some(name.as_str());
        let techniques = counts(
            conn,
            "SELECT t.technique, COUNT(*) FROM techniques t JOIN current_documents d \
             USING (doc_key) WHERE d.outlet = ?1 GROUP BY 1 ORDER BY 2 DESC, 1",
            [&name],
        )
        .map_err(&err)?;
        let spans: u64 = techniques.iter().map(|c| c.count).sum();
        let vague = vague_shares(conn, outlet)
            .map_err(&err)?
            .into_iter()
            .next()
            .unwrap_or(VagueShare { outlet: name.clone(), attributions: 0, vague: 0, share: 0.0 });
        let recent = conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM current_documents d WHERE d.outlet = ?1 \
                 ORDER BY d.published IS NULL, d.published DESC, d.id LIMIT ?2"
            ))
            .and_then(|mut s| {
                let rows = s.query_map(params![name, RECENT as i64], read_summary)?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(&err)?;
        Ok(Some(OutletProfile {
            documents,
            first_published,
            last_published,
            technique_density: spans as f64 * 1000.0 / chars.max(1) as f64,
            techniques,
            sources: source_counts(conn, outlet, VIEW_TOP).map_err(&err)?,
            vague,
            relays: counts(
                conn,
                "SELECT r.outlet, COUNT(DISTINCT r.doc_key) FROM relays r \
                 JOIN current_documents d USING (doc_key) WHERE d.outlet = ?1 \
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?2",
                params![name, VIEW_TOP as i64],
            )
            .map_err(&err)?,
            relayed_by: counts(
                conn,
                "SELECT d.outlet, COUNT(DISTINCT r.doc_key) FROM relays r \
                 JOIN current_documents d USING (doc_key) \
                 WHERE r.outlet = ?1 COLLATE NOCASE AND d.outlet IS NOT NULL \
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?2",
                params![name, VIEW_TOP as i64],
            )
            .map_err(&err)?,
            narratives: narrative_counts(conn, outlet, VIEW_TOP).map_err(&err)?,
            activity: day_counts(conn, ACTIVITY_SQL, params![name]).map_err(&err)?,
            recent,
            name,
        }))
    }

    /// The documents matching narrative `id` (earliest first, at most `limit`) and their
    /// activity per day by outlet, or `None` when no document matches it.
    pub fn narrative_view(&self, id: &str, limit: usize) -> Result<Option<NarrativeView>> {
        let conn = self.connection();
        let err = self.view_error();
        let documents = conn
            .prepare_cached(
                "SELECT d.id, d.title, d.outlet, d.published, MAX(n.score), MIN(n.title) \
                 FROM narratives n JOIN current_documents d USING (doc_key) \
                 WHERE n.narrative_id = ?1 GROUP BY d.doc_key \
                 ORDER BY d.published IS NULL, d.published, d.id LIMIT ?2",
            )
            .and_then(|mut s| {
                let rows = s.query_map(params![id, limit as i64], |row| {
                    Ok((
                        NarrativeDocument {
                            id: row.get(0)?,
                            title: row.get(1)?,
                            outlet: row.get(2)?,
                            published: row.get(3)?,
                            score: row.get::<_, Option<f64>>(4)?.unwrap_or(0.0),
                        },
                        row.get::<_, String>(5)?,
                    ))
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(&err)?;
        let Some(title) = documents.first().map(|(_, title)| title.clone()) else {
            return Ok(None);
        };
        let activity = day_counts(
            conn,
            "SELECT d.published, COALESCE(d.outlet, 'unknown outlet'), COUNT(DISTINCT d.doc_key) \
             FROM narratives n JOIN current_documents d USING (doc_key) \
             WHERE n.narrative_id = ?1 AND d.published IS NOT NULL \
             GROUP BY 1, 2 ORDER BY 1, 2",
            [id],
        )
        .map_err(&err)?;
        Ok(Some(NarrativeView {
            id: id.to_owned(),
            title,
            documents: documents.into_iter().map(|(doc, _)| doc).collect(),
            activity,
        }))
    }

    /// Every narrative matched in the corpus, most documents first.
    pub fn narrative_counts(&self) -> Result<Vec<NarrativeCount>> {
        narrative_counts(self.connection(), None, 10_000).map_err(self.view_error())
    }
}

#[cfg(test)]
mod tests {
    use echotrace_model::{
        Analysis, Attribution, AttributionKind, AttributionSource, Document, NarrativeMatch,
        Segment,
    };

    use super::*;
    use crate::OpenMode;

    fn record(id: &str, outlet: &str, day: &str, vague: bool) -> Analysis {
        let mut document = Document::new(id, format!("Text of {id}. Officials said it."));
        document.outlet = Some(outlet.into());
        document.title = Some(format!("Title {id}"));
        let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("test date");
        document.set_published(date, echotrace_model::DateSource::Metadata);
        let mut record = Analysis::new(document);
        record.layers.attributions.push(Attribution {
            source: Some(AttributionSource {
                start: 0,
                end: 4,
                text: if vague { "sources".into() } else { "Officials".into() },
                entity: None,
                vague,
            }),
            cue: Segment { start: 5, end: 9, text: "said".into() },
            content: Segment { start: 10, end: 12, text: "it".into() },
            kind: AttributionKind::Indirect,
            parent: None,
        });
        record.layers.narratives.push(NarrativeMatch {
            id: "n1".into(),
            title: "Narrative one".into(),
            score: 0.9,
            evidence: vec![[0, 4]],
        });
        record
    }

    fn corpus() -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("open");
        corpus
            .ingest(
                vec![
                    record("a", "Alpha", "2020-01-01", true),
                    record("b", "Alpha", "2020-01-02", false),
                    record("c", "Beta", "2020-01-02", false),
                ],
                10,
            )
            .expect("ingest");
        (dir, corpus)
    }

    #[test]
    fn documents_page_newest_first_and_filters_by_outlet() {
        let (_dir, corpus) = corpus();
        let page =
            corpus.list_documents(&DocumentQuery { limit: 2, ..Default::default() }).expect("list");
        assert_eq!(page.total, 3);
        let ids: Vec<&str> = page.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
        let alpha = corpus
            .list_documents(&DocumentQuery {
                outlet: Some("alpha".into()),
                limit: 10,
                ..Default::default()
            })
            .expect("list");
        assert_eq!(alpha.total, 2);
        assert_eq!(alpha.documents[0].attributions, 1);
    }

    #[test]
    fn overview_counts_activity_and_vague_share() {
        let (_dir, corpus) = corpus();
        let overview = corpus.overview().expect("overview");
        assert_eq!(overview.documents, 3);
        assert_eq!(overview.outlets, 2);
        assert_eq!(overview.vague_attributions, 1);
        assert_eq!(overview.activity.len(), 3);
        let alpha = overview.vague_share.iter().find(|v| v.outlet == "Alpha").expect("alpha");
        assert_eq!((alpha.attributions, alpha.vague), (2, 1));
        assert_eq!(overview.top_narratives[0].documents, 3);
        assert_eq!(overview.top_narratives[0].first_seen.as_deref(), Some("2020-01-01"));
    }

    #[test]
    fn outlet_profile_and_narrative_view() {
        let (_dir, corpus) = corpus();
        let beta = corpus.outlet_profile("BETA").expect("profile").expect("found");
        assert_eq!(beta.name, "Beta");
        assert_eq!(beta.documents, 1);
        assert_eq!(beta.sources[0].name, "Officials");
        assert!(corpus.outlet_profile("Gamma").expect("profile").is_none());
        let view = corpus.narrative_view("n1", 10).expect("view").expect("found");
        assert_eq!(view.documents[0].id, "a");
        assert_eq!(view.activity.len(), 3);
        assert!(corpus.narrative_view("nope", 10).expect("view").is_none());
    }
}
