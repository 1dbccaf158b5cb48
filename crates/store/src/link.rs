//! Cross-document links of a corpus: [`Corpus::link`] feeds the stored documents to
//! `echotrace-link` and keeps its results (reuse passages, claim clusters) in SQL; the query
//! methods read them back with the documents they join (reuse pairs, claim clusters, timelines,
//! the outlet graph).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use echotrace_link::claims::{cluster_claims, Claim, ClaimOptions};
use echotrace_link::graph::{EdgeKind, GraphEdge, GraphNode, NodeKind, OutletGraph};
pub use echotrace_link::reuse::Direction;
use echotrace_link::reuse::{passage_clusters, DocInfo, ReuseIndex, ReuseOptions};
use rusqlite::{params, OptionalExtension, TransactionBehavior::Immediate};
use serde::Serialize;

use crate::{Corpus, Count, Error, Result};

/// Settings of [`Corpus::link`].
#[derive(Debug, Clone, Default)]
pub struct LinkOptions {
    pub reuse: ReuseOptions,
    pub claims: ClaimOptions,
    /// Forget the stored pairs and compare every document again (after changing options).
    pub full: bool,
}

/// What one [`Corpus::link`] did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinkSummary {
    pub documents: usize,
    /// Documents compared in this run (not linked before).
    pub new_documents: usize,
    pub candidate_pairs: usize,
    pub new_pairs: usize,
    pub pairs: usize,
    pub passage_clusters: usize,
    pub claim_clusters: usize,
    #[serde(skip)]
    pub elapsed: Duration,
}

/// Which reuse pairs [`Corpus::reuse_pairs`] returns.
#[derive(Debug, Clone, Default)]
pub struct ReuseFilter {
    /// Only pairs with this document (id) on either side.
    pub document: Option<String>,
    /// Only passages of at least this many code points on both sides.
    pub min_chars: usize,
    /// Only pairs whose two documents both match this catalog narrative.
    pub narrative: Option<String>,
    /// At most this many pairs (0: all), longest passages first when limited.
    pub limit: usize,
}

/// Code points of context [`Passage::before`] and [`Passage::after`] carry.
pub const PASSAGE_CONTEXT: usize = 100;

/// One side of a reuse pair, with what a reader needs to show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// `[start, end)` code points in the document's text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Up to [`PASSAGE_CONTEXT`] code points of the text before and after the passage.
    pub before: String,
    pub after: String,
}

/// A passage of `source` reused in `target`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReusePair {
    pub pair: i64,
    /// Pairs whose passages overlap in some document share a cluster (the smallest pair number).
    pub cluster: Option<i64>,
    pub source: Passage,
    pub target: Passage,
    pub similarity: f32,
    pub direction: Direction,
}

/// One claim of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimMember {
    /// The document id.
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// `[start, end)` code points of the claim in the text; `None` for a headline.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub text: String,
    /// Who the document says made the claim.
    pub source: Option<String>,
    pub source_vague: bool,
}

/// Claims asserting the same thing across documents, earliest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimCluster {
    pub id: String,
    pub representative: String,
    pub first: ClaimMember,
    pub members: Vec<ClaimMember>,
    pub documents: u64,
    pub outlets: Vec<String>,
}

/// Reuse between one outlet and the others (see [`Corpus::outlet_reuse`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OutletReuse {
    /// Outlets whose earlier text this outlet's documents carry.
    pub copies: Vec<Count>,
    /// Outlets whose later documents carry this outlet's text.
    pub copied_by: Vec<Count>,
}

/// What a timeline counts documents of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimelineSubject {
    /// Entity id or canonical name.
    Entity(String),
    /// Claim cluster id.
    Claim(String),
    /// Technique name (any case, `_`, `-` or space).
    Technique(String),
    /// Narrative id of the catalog.
    Narrative(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Day,
    /// ISO weeks, named by their Monday.
    Week,
}

/// Documents per bucket and outlet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub bucket: Bucket,
    pub points: Vec<TimelinePoint>,
    /// Matching documents without a publication date (not in `points`).
    pub undated: u64,
}

/// Documents of one outlet (`""` when unknown) in one bucket: `date` is the day, or the Monday
/// of the week. The same shape as the overview's activity, so one chart draws both.
pub type TimelinePoint = crate::views::DayCount;

/// The two `(document key, code point range)` sides of a stored reuse pair.
type PairSides = [(i64, std::ops::Range<usize>); 2];

/// Sources that only point back at someone named earlier, or are a lone determiner left by the
/// extractor ("that said"): not nodes of the graph.
pub(crate) const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "its", "their",
    "our", "my", "this", "that", "these", "those", "the", "some", "one", "who", "which", "what",
    "there",
];

impl Corpus {
    fn sql<T>(&self, result: rusqlite::Result<T>) -> Result<T> {
        result.map_err(|e| Error::sqlite(self.db_path(), e))
    }

    fn has_links(&self) -> Result<bool> {
        let found: Option<i64> = self.sql(
            self.connection()
                .query_row(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reuse_passages'",
                    [],
                    |row| row.get(0),
                )
                .optional(),
        )?;
        Ok(found.is_some())
    }

    /// Current documents that [`Corpus::link`] has not compared yet (all of them in a corpus
    /// written before links existed).
    pub fn unlinked_documents(&self) -> Result<u64> {
        let sql = if self.has_links()? {
            "SELECT count(*) FROM current_documents
             WHERE doc_key NOT IN (SELECT doc_key FROM linked_documents)"
        } else {
            "SELECT count(*) FROM current_documents"
        };
        let count: i64 = self.sql(self.connection().query_row(sql, [], |row| row.get(0)))?;
        Ok(count.max(0) as u64)
    }

    /// Compares the documents not linked yet with the whole corpus (text reuse), then
    /// recomputes passage clusters and claim clusters. Incremental: pairs found earlier are kept,
    /// only new documents are aligned (unless `options.full`).
    pub fn link(&mut self, options: &LinkOptions) -> Result<LinkSummary> {
        self.writable()?;
        let started = Instant::now();
        let db_path = self.db_path().to_path_buf();
        let sql_error = |e| Error::sqlite(&db_path, e);
        {
            let tx =
                self.connection_mut().transaction_with_behavior(Immediate).map_err(sql_error)?;
            let stale = "(SELECT doc_key FROM documents WHERE is_current = 1)";
            let statements = if options.full {
                vec![
                    "DELETE FROM reuse_passages".to_string(),
                    "DELETE FROM linked_documents".to_string(),
                ]
            } else {
                vec![
                    format!("DELETE FROM reuse_passages WHERE source_key NOT IN {stale} OR target_key NOT IN {stale}"),
                    format!("DELETE FROM linked_documents WHERE doc_key NOT IN {stale}"),
                ]
            };
            for sql in statements {
                tx.execute(&sql, []).map_err(sql_error)?;
            }
            tx.commit().map_err(sql_error)?;
        }

        let mut index = ReuseIndex::new(options.reuse.clone());
        let mut new_keys = Vec::new();
        {
            let mut statement = self.sql(self.connection().prepare(
                "SELECT d.doc_key, d.text, d.published, d.outlet, l.doc_key IS NULL
                 FROM current_documents d LEFT JOIN linked_documents l USING (doc_key)
                 ORDER BY d.doc_key",
            ))?;
            let mut rows = self.sql(statement.query([]))?;
            while let Some(row) = self.sql(rows.next())? {
                let key: i64 = self.sql(row.get(0))?;
                let text: String = self.sql(row.get(1))?;
                let is_new: bool = self.sql(row.get(4))?;
                if is_new {
                    new_keys.push(key);
                }
                let info = DocInfo {
                    key,
                    published: self.sql(row.get(2))?,
                    outlet: self.sql(row.get(3))?,
                    is_new,
                };
                index.add(info, &text);
            }
        }
        let mut summary = LinkSummary {
            documents: index.len(),
            new_documents: new_keys.len(),
            ..LinkSummary::default()
        };
        if !new_keys.is_empty() {
            let (matches, detected) = index.detect();
            summary.candidate_pairs = detected.candidate_pairs;
            summary.new_pairs = matches.len();
            let now = crate::now();
            let tx =
                self.connection_mut().transaction_with_behavior(Immediate).map_err(sql_error)?;
            {
                let mut insert = tx
                    .prepare(
                        "INSERT INTO reuse_passages (source_key, source_start, source_end,
                         target_key, target_start, target_end, aligned_words, similarity, direction)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    )
                    .map_err(sql_error)?;
                for m in &matches {
                    insert
                        .execute(params![
                            m.source.key,
                            m.source.start as i64,
                            m.source.end as i64,
                            m.target.key,
                            m.target.start as i64,
                            m.target.end as i64,
                            m.aligned_words as i64,
                            f64::from(m.similarity),
                            m.direction.as_str(),
                        ])
                        .map_err(sql_error)?;
                }
                let mut linked = tx
                    .prepare("INSERT OR REPLACE INTO linked_documents (doc_key, linked_at) VALUES (?1, ?2)")
                    .map_err(sql_error)?;
                for key in &new_keys {
                    linked.execute(params![key, now]).map_err(sql_error)?;
                }
            }
            tx.commit().map_err(sql_error)?;
        }
        drop(index);
        summary.passage_clusters = self.update_passage_clusters(&mut summary.pairs)?;
        summary.claim_clusters = self.update_claim_clusters(&options.claims)?;
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    fn update_passage_clusters(&mut self, pairs: &mut usize) -> Result<usize> {
        let rows: Vec<(i64, PairSides)> = {
            let mut statement = self.sql(self.connection().prepare(
                "SELECT pair, source_key, source_start, source_end, target_key, target_start, target_end
                 FROM reuse_passages ORDER BY pair",
            ))?;
            let mapped = self.sql(statement.query_map([], |row| {
                let at = |i: usize| row.get::<_, i64>(i).map(|v| v.max(0) as usize);
                Ok((row.get(0)?, [(row.get(1)?, at(2)?..at(3)?), (row.get(4)?, at(5)?..at(6)?)]))
            }))?;
            self.sql(mapped.collect::<rusqlite::Result<_>>())?
        };
        *pairs = rows.len();
        let sides: Vec<_> = rows.iter().map(|(_, sides)| sides.clone()).collect();
        let clusters = passage_clusters(&sides);
        let db_path = self.db_path().to_path_buf();
        let sql_error = |e| Error::sqlite(&db_path, e);
        let tx = self.connection_mut().transaction_with_behavior(Immediate).map_err(sql_error)?;
        {
            let mut update = tx
                .prepare("UPDATE reuse_passages SET cluster = ?1 WHERE pair = ?2")
                .map_err(sql_error)?;
            for (i, (pair, _)) in rows.iter().enumerate() {
                update.execute(params![rows[clusters[i]].0, pair]).map_err(sql_error)?;
            }
        }
        tx.commit().map_err(sql_error)?;
        Ok(clusters.iter().collect::<HashSet<_>>().len())
    }

    fn update_claim_clusters(&mut self, options: &ClaimOptions) -> Result<usize> {
        let mut claims = Vec::new();
        {
            let mut statement = self.sql(self.connection().prepare(
                "SELECT a.doc_key, d.published, d.outlet, a.idx, a.content_start, a.content_end,
                        a.content_text,
                        COALESCE((SELECT e.name FROM entities e
                                  WHERE e.doc_key = a.doc_key AND e.entity_id = a.source_entity
                                  LIMIT 1), a.source_text),
                        COALESCE(a.source_vague, 0)
                 FROM attributions a JOIN current_documents d USING (doc_key)",
            ))?;
            let mapped = self.sql(statement.query_map([], |row| {
                Ok(Claim {
                    doc: row.get(0)?,
                    published: row.get(1)?,
                    outlet: row.get(2)?,
                    attribution: Some(row.get::<_, i64>(3)?.max(0) as usize),
                    start: row.get::<_, i64>(4)?.max(0) as usize,
                    end: row.get::<_, i64>(5)?.max(0) as usize,
                    text: row.get(6)?,
                    source: row.get(7)?,
                    source_vague: row.get(8)?,
                })
            }))?;
            claims.extend(self.sql(mapped.collect::<rusqlite::Result<Vec<_>>>())?);
            let mut statement = self.sql(self.connection().prepare(
                "SELECT doc_key, published, outlet, title FROM current_documents
                 WHERE title IS NOT NULL AND title != ''",
            ))?;
            let mapped = self.sql(statement.query_map([], |row| {
                Ok(Claim {
                    doc: row.get(0)?,
                    published: row.get(1)?,
                    outlet: row.get(2)?,
                    text: row.get(3)?,
                    ..Claim::default()
                })
            }))?;
            claims.extend(self.sql(mapped.collect::<rusqlite::Result<Vec<_>>>())?);
        }
        let groups = cluster_claims(&claims, options);
        let db_path = self.db_path().to_path_buf();
        let sql = |e| Error::sqlite(&db_path, e);
        let tx = self.connection_mut().transaction_with_behavior(Immediate).map_err(sql)?;
        tx.execute("DELETE FROM claim_members", []).map_err(sql)?;
        tx.execute("DELETE FROM claim_clusters", []).map_err(sql)?;
        {
            let mut cluster = tx
                .prepare(
                    "INSERT OR IGNORE INTO claim_clusters (cluster, representative, first_key,
                     first_published, documents, outlets) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(sql)?;
            let mut member = tx
                .prepare(
                    "INSERT INTO claim_members (cluster, rank, doc_key, start, end, text,
                     attribution, source, source_vague) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(sql)?;
            for group in &groups {
                let first = &claims[group.members[0]];
                cluster
                    .execute(params![
                        group.id,
                        first.text,
                        first.doc,
                        first.published,
                        group.documents as i64,
                        group.outlets as i64
                    ])
                    .map_err(sql)?;
                for (rank, &m) in group.members.iter().enumerate() {
                    let claim = &claims[m];
                    let (start, end) = match claim.attribution {
                        Some(_) => (Some(claim.start as i64), Some(claim.end as i64)),
                        None => (None, None),
                    };
                    member
                        .execute(params![
                            group.id,
                            rank as i64,
                            claim.doc,
                            start,
                            end,
                            claim.text,
                            claim.attribution.map(|a| a as i64),
                            claim.source,
                            claim.source_vague
                        ])
                        .map_err(sql)?;
                }
            }
        }
        tx.commit().map_err(sql)?;
        Ok(groups.len())
    }

    /// Stored reuse pairs (see [`ReuseFilter`]), oldest source first (longest first when
    /// limited).
    pub fn reuse_pairs(&self, filter: &ReuseFilter) -> Result<Vec<ReusePair>> {
        if !self.has_links()? {
            return Ok(Vec::new());
        }
        let order = if filter.limit > 0 {
            "(r.target_end - r.target_start) DESC, r.pair"
        } else {
            "s.published IS NULL, s.published, r.pair"
        };
        // With a document, find its key first so that the two reuse indexes answer (an `OR`
        // over the joined ids would scan every pair).
        let by_document = if filter.document.is_some() {
            "(r.source_key = (SELECT doc_key FROM current_documents WHERE id = ?1)
              OR r.target_key = (SELECT doc_key FROM current_documents WHERE id = ?1))"
        } else {
            "?1 IS NULL"
        };
        let sql = format!(
            "SELECT r.pair, r.cluster, r.similarity, r.direction,
                    s.id, s.title, s.outlet, s.published, r.source_start, r.source_end,
                    substr(s.text, r.source_start + 1, r.source_end - r.source_start),
                    substr(s.text, max(1, r.source_start + 1 - ?4), min(?4, r.source_start)),
                    substr(s.text, r.source_end + 1, ?4),
                    t.id, t.title, t.outlet, t.published, r.target_start, r.target_end,
                    substr(t.text, r.target_start + 1, r.target_end - r.target_start),
                    substr(t.text, max(1, r.target_start + 1 - ?4), min(?4, r.target_start)),
                    substr(t.text, r.target_end + 1, ?4)
             FROM reuse_passages r
             JOIN current_documents s ON s.doc_key = r.source_key
             JOIN current_documents t ON t.doc_key = r.target_key
             WHERE {by_document}
               AND r.source_end - r.source_start >= ?2 AND r.target_end - r.target_start >= ?2
               AND (?5 IS NULL OR (
                    EXISTS (SELECT 1 FROM narratives n
                            WHERE n.doc_key = r.source_key AND n.narrative_id = ?5)
                    AND EXISTS (SELECT 1 FROM narratives n
                                WHERE n.doc_key = r.target_key AND n.narrative_id = ?5)))
             ORDER BY {order} LIMIT ?3"
        );
        let limit = if filter.limit == 0 { -1 } else { filter.limit as i64 };
        let mut statement = self.sql(self.connection().prepare(&sql))?;
        let mapped = self.sql(statement.query_map(
            params![
                filter.document,
                filter.min_chars as i64,
                limit,
                PASSAGE_CONTEXT as i64,
                filter.narrative
            ],
            |row| {
                let passage = |at: usize| -> rusqlite::Result<Passage> {
                    Ok(Passage {
                        id: row.get(at)?,
                        title: row.get(at + 1)?,
                        outlet: row.get(at + 2)?,
                        published: row.get(at + 3)?,
                        start: row.get::<_, i64>(at + 4)?.max(0) as usize,
                        end: row.get::<_, i64>(at + 5)?.max(0) as usize,
                        text: row.get(at + 6)?,
                        before: row.get(at + 7)?,
                        after: row.get(at + 8)?,
                    })
                };
                let direction: String = row.get(3)?;
                Ok(ReusePair {
                    pair: row.get(0)?,
                    cluster: row.get(1)?,
                    similarity: row.get::<_, f64>(2)? as f32,
                    direction: if direction == "dated" {
                        Direction::Dated
                    } else {
                        Direction::Undated
                    },
                    source: passage(4)?,
                    target: passage(13)?,
                })
            },
        ))?;
        self.sql(mapped.collect())
    }

    /// Every stored reuse pair as `[(source id, [start, end)), (target id, [start, end))]`,
    /// code points, in pair order: what scoring against planted truth needs, without the texts
    /// [`Corpus::reuse_pairs`] cuts out.
    pub fn reuse_spans(&self) -> Result<Vec<echotrace_link::planted::SpanPair>> {
        if !self.has_links()? {
            return Ok(Vec::new());
        }
        let mut statement = self.sql(self.connection().prepare(
            "SELECT s.id, r.source_start, r.source_end, t.id, r.target_start, r.target_end
             FROM reuse_passages r
             JOIN current_documents s ON s.doc_key = r.source_key
             JOIN current_documents t ON t.doc_key = r.target_key
             ORDER BY r.pair",
        ))?;
        let mapped = self.sql(statement.query_map([], |row| {
            let at = |i: usize| row.get::<_, i64>(i).map(|v| v.max(0) as usize);
            Ok([(row.get(0)?, at(1)?..at(2)?), (row.get(3)?, at(4)?..at(5)?)])
        }))?;
        self.sql(mapped.collect())
    }

    /// Claim clusters with at least `min_outlets` outlets, most documents first (`limit` 0: all).
    pub fn claim_clusters(&self, min_outlets: usize, limit: usize) -> Result<Vec<ClaimCluster>> {
        let limit = if limit == 0 { -1 } else { limit as i64 };
        self.claim_clusters_where(
            "SELECT cluster FROM claim_clusters WHERE outlets >= ?1
             ORDER BY documents DESC, first_published IS NULL, first_published, cluster LIMIT ?2",
            params![min_outlets as i64, limit],
        )
    }

    /// The claim clusters a document takes part in, most documents first.
    pub fn document_claim_clusters(&self, id: &str) -> Result<Vec<ClaimCluster>> {
        self.claim_clusters_where(
            "SELECT c.cluster FROM claim_clusters c
             WHERE c.cluster IN (SELECT m.cluster FROM claim_members m
                                 JOIN current_documents d USING (doc_key) WHERE d.id = ?1)
             ORDER BY c.documents DESC, c.cluster",
            params![id],
        )
    }

    /// The clusters whose ids `sql` selects, in its order.
    fn claim_clusters_where(
        &self,
        sql: &str,
        values: impl rusqlite::Params,
    ) -> Result<Vec<ClaimCluster>> {
        if !self.has_links()? {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = {
            let mut statement = self.sql(self.connection().prepare(sql))?;
            let mapped = self.sql(statement.query_map(values, |row| row.get(0)))?;
            self.sql(mapped.collect::<rusqlite::Result<_>>())?
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(cluster) = self.claim_cluster(&id)? {
                out.push(cluster);
            }
        }
        Ok(out)
    }

    /// The outlets whose text reappears in `outlet`'s documents (`copies`) and those that
    /// reuse `outlet`'s text (`copied_by`), with the number of passage pairs, most first.
    pub fn outlet_reuse(&self, outlet: &str) -> Result<OutletReuse> {
        let mut reuse = OutletReuse::default();
        if !self.has_links()? {
            return Ok(reuse);
        }
        for (mine, other, into) in [("t", "s", &mut reuse.copies), ("s", "t", &mut reuse.copied_by)]
        {
            let sql = format!(
                "SELECT {other}.outlet, count(*) AS pairs FROM reuse_passages r
                 JOIN current_documents s ON s.doc_key = r.source_key
                 JOIN current_documents t ON t.doc_key = r.target_key
                 WHERE lower(trim({mine}.outlet)) = lower(trim(?1))
                   AND {other}.outlet IS NOT NULL AND trim({other}.outlet) != ''
                   AND lower(trim({other}.outlet)) != lower(trim(?1))
                 GROUP BY lower(trim({other}.outlet)) ORDER BY pairs DESC, 1 LIMIT 50"
            );
            let mut statement = self.sql(self.connection().prepare(&sql))?;
            let mapped = self.sql(statement.query_map([outlet], |row| {
                Ok(Count { name: row.get(0)?, count: row.get::<_, i64>(1)?.max(0) as u64 })
            }))?;
            *into = self.sql(mapped.collect())?;
        }
        Ok(reuse)
    }

    /// One claim cluster by id.
    pub fn claim_cluster(&self, id: &str) -> Result<Option<ClaimCluster>> {
        if !self.has_links()? {
            return Ok(None);
        }
        let head: Option<(String, i64)> = self.sql(
            self.connection()
                .query_row(
                    "SELECT representative, documents FROM claim_clusters WHERE cluster = ?1",
                    [id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional(),
        )?;
        let Some((representative, documents)) = head else {
            return Ok(None);
        };
        let mut statement = self.sql(self.connection().prepare(
            "SELECT d.id, d.title, d.outlet, d.published, m.start, m.end, m.text, m.source,
                    m.source_vague
             FROM claim_members m JOIN current_documents d USING (doc_key)
             WHERE m.cluster = ?1 ORDER BY m.rank",
        ))?;
        let mapped = self.sql(statement.query_map([id], |row| {
            Ok(ClaimMember {
                id: row.get(0)?,
                title: row.get(1)?,
                outlet: row.get(2)?,
                published: row.get(3)?,
                start: row.get::<_, Option<i64>>(4)?.map(|v| v.max(0) as usize),
                end: row.get::<_, Option<i64>>(5)?.map(|v| v.max(0) as usize),
                text: row.get(6)?,
                source: row.get(7)?,
                source_vague: row.get(8)?,
            })
        }))?;
        let members: Vec<ClaimMember> = self.sql(mapped.collect())?;
        let Some(first) = members.first().cloned() else {
            return Ok(None);
        };
        let mut outlets: Vec<String> = Vec::new();
        for member in &members {
            if let Some(outlet) = &member.outlet {
                if !outlets.iter().any(|o| o.eq_ignore_ascii_case(outlet)) {
                    outlets.push(outlet.clone());
                }
            }
        }
        Ok(Some(ClaimCluster {
            id: id.to_string(),
            representative,
            first,
            members,
            documents: documents.max(0) as u64,
            outlets,
        }))
    }

    /// Documents per day or week and outlet that mention an entity, carry a claim of a cluster,
    /// use a technique or match a narrative.
    pub fn timeline(&self, subject: &TimelineSubject, bucket: Bucket) -> Result<Timeline> {
        let (sql, value) = match subject {
            TimelineSubject::Entity(id) => (
                "SELECT DISTINCT d.doc_key, d.published, d.outlet FROM entities e
                 JOIN current_documents d USING (doc_key)
                 WHERE e.entity_id = ?1 OR lower(e.name) = lower(?1)",
                id.clone(),
            ),
            TimelineSubject::Technique(name) => (
                "SELECT DISTINCT d.doc_key, d.published, d.outlet FROM techniques t
                 JOIN current_documents d USING (doc_key)
                 WHERE lower(replace(replace(t.technique, '-', '_'), ' ', '_')) = ?1",
                name.trim().to_lowercase().replace(['-', ' '], "_"),
            ),
            TimelineSubject::Narrative(id) => (
                "SELECT DISTINCT d.doc_key, d.published, d.outlet FROM narratives n
                 JOIN current_documents d USING (doc_key) WHERE n.narrative_id = ?1",
                id.clone(),
            ),
            TimelineSubject::Claim(id) => {
                if !self.has_links()? {
                    return Ok(Timeline { bucket, points: Vec::new(), undated: 0 });
                }
                (
                    "SELECT DISTINCT d.doc_key, d.published, d.outlet FROM claim_members m
                     JOIN current_documents d USING (doc_key) WHERE m.cluster = ?1",
                    id.clone(),
                )
            }
        };
        let mut statement = self.sql(self.connection().prepare(sql))?;
        let mapped = self.sql(statement.query_map([value], |row| {
            Ok((row.get::<_, Option<String>>(1)?, row.get::<_, Option<String>>(2)?))
        }))?;
        let rows: Vec<(Option<String>, Option<String>)> = self.sql(mapped.collect())?;
        let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
        let mut undated = 0;
        for (published, outlet) in rows {
            let Some(date) = published.as_deref().and_then(|p| bucket_date(p, bucket)) else {
                undated += 1;
                continue;
            };
            *counts.entry((date, outlet.unwrap_or_default())).or_default() += 1;
        }
        let points = counts
            .into_iter()
            .map(|((date, outlet), count)| TimelinePoint { date, outlet, count })
            .collect();
        Ok(Timeline { bucket, points, undated })
    }

    /// The outlet graph: reuse (text of one outlet reappearing in another's later document),
    /// relays (a document of one outlet saying it relays another) and citations (outlets →
    /// the sources their attributions name; vague sources marked).
    pub fn outlet_graph(&self) -> Result<OutletGraph> {
        let mut nodes: BTreeMap<String, GraphNode> = BTreeMap::new();
        let mut edges: Vec<GraphEdge> = Vec::new();
        let outlet_node = |nodes: &mut BTreeMap<String, GraphNode>, name: &str, documents: u64| {
            let id = OutletGraph::node_id(NodeKind::Outlet, name);
            nodes
                .entry(id.clone())
                .or_insert_with(|| GraphNode {
                    id: id.clone(),
                    label: name.trim().to_string(),
                    kind: NodeKind::Outlet,
                    vague: false,
                    documents: 0,
                })
                .documents += documents;
            id
        };
        let query = |sql: &str| -> Result<Vec<(String, String, u64, bool)>> {
            let mut statement = self.sql(self.connection().prepare(sql))?;
            let mapped = self.sql(statement.query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get::<_, i64>(2)?.max(0) as u64, row.get(3)?))
            }))?;
            self.sql(mapped.collect())
        };
        for (outlet, _, documents, _) in query(
            "SELECT outlet, '', count(*), 0 FROM current_documents
             WHERE outlet IS NOT NULL AND trim(outlet) != '' GROUP BY lower(trim(outlet))",
        )? {
            outlet_node(&mut nodes, &outlet, documents);
        }
        let mut flows = |rows: Vec<(String, String, u64, bool)>,
                         kind: EdgeKind,
                         nodes: &mut BTreeMap<String, GraphNode>| {
            let mut merged: BTreeMap<(String, String), u64> = BTreeMap::new();
            for (from, to, weight, _) in rows {
                let from = outlet_node(nodes, &from, 0);
                let to = outlet_node(nodes, &to, 0);
                if from != to {
                    *merged.entry((from, to)).or_default() += weight;
                }
            }
            edges.extend(merged.into_iter().map(|((source, target), weight)| GraphEdge {
                source,
                target,
                kind,
                weight,
            }));
        };
        if self.has_links()? {
            let rows = query(
                "SELECT s.outlet, t.outlet, count(*), 0 FROM reuse_passages r
                 JOIN current_documents s ON s.doc_key = r.source_key
                 JOIN current_documents t ON t.doc_key = r.target_key
                 WHERE s.outlet IS NOT NULL AND t.outlet IS NOT NULL
                   AND trim(s.outlet) != '' AND trim(t.outlet) != ''
                 GROUP BY s.outlet, t.outlet",
            )?;
            flows(rows, EdgeKind::Reuse, &mut nodes);
        }
        let rows = query(
            "SELECT r.outlet, d.outlet, count(DISTINCT d.doc_key), 0 FROM relays r
             JOIN current_documents d USING (doc_key)
             WHERE d.outlet IS NOT NULL AND trim(d.outlet) != '' AND trim(r.outlet) != ''
             GROUP BY r.outlet, d.outlet",
        )?;
        flows(rows, EdgeKind::Relay, &mut nodes);

        let rows = query(
            "SELECT d.outlet,
                    COALESCE((SELECT e.name FROM entities e
                              WHERE e.doc_key = a.doc_key AND e.entity_id = a.source_entity
                              LIMIT 1), a.source_text) AS source,
                    count(*), max(COALESCE(a.source_vague, 0))
             FROM attributions a JOIN current_documents d USING (doc_key)
             WHERE d.outlet IS NOT NULL AND trim(d.outlet) != '' AND a.source_text IS NOT NULL
             GROUP BY d.outlet, source",
        )?;
        let mut cites: BTreeMap<(String, String), u64> = BTreeMap::new();
        let mut cited_documents: HashMap<String, u64> = HashMap::new();
        for (outlet, source, weight, vague) in rows {
            let name = source.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() || PRONOUNS.contains(&name.to_lowercase().as_str()) {
                continue;
            }
            let from = outlet_node(&mut nodes, &outlet, 0);
            let id = OutletGraph::node_id(NodeKind::Source, &name);
            let node = nodes.entry(id.clone()).or_insert_with(|| GraphNode {
                id: id.clone(),
                label: name.clone(),
                kind: NodeKind::Source,
                vague,
                documents: 0,
            });
            node.vague |= vague;
            *cited_documents.entry(id.clone()).or_default() += weight;
            *cites.entry((from, id)).or_default() += weight;
        }
        for (id, count) in cited_documents {
            if let Some(node) = nodes.get_mut(&id) {
                node.documents = count;
            }
        }
        edges.extend(cites.into_iter().map(|((source, target), weight)| GraphEdge {
            source,
            target,
            kind: EdgeKind::Cites,
            weight,
        }));
        Ok(OutletGraph { nodes: nodes.into_values().collect(), edges })
    }
}

/// The bucket a `YYYY-MM-DD` day falls in, `None` when it is not a day.
fn bucket_date(day: &str, bucket: Bucket) -> Option<String> {
    let date = chrono::NaiveDate::parse_from_str(day.get(..10)?, "%Y-%m-%d").ok()?;
    let date = match bucket {
        Bucket::Day => date,
        Bucket::Week => {
            use chrono::Datelike;
            date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()))
        }
    };
    Some(date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_are_named_by_their_monday() {
        assert_eq!(bucket_date("2018-09-06", Bucket::Week).as_deref(), Some("2018-09-03"));
        assert_eq!(bucket_date("2018-09-03", Bucket::Week).as_deref(), Some("2018-09-03"));
        assert_eq!(bucket_date("2018-09-06", Bucket::Day).as_deref(), Some("2018-09-06"));
        assert_eq!(bucket_date("sometime", Bucket::Day), None);
    }
}
