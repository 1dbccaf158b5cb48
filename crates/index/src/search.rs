//! Queries: parsing, filters, ranking and snippets.

use std::ops::Bound;

use chrono::NaiveDate;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

use crate::schema::day_to_datetime;
use crate::{entity_key, outlet_key, technique_key, Error, Result, SearchIndex};

/// A query and its filters. Build with [`SearchRequest::new`] and set the public fields.
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    /// tantivy query syntax: words (all must match), `"phrases"`, `AND`/`OR`, `-word` (exclude),
    /// `field:value` with `title`, `text`, `outlet`, `entity`, `entity_name`, `technique`,
    /// `published:[2018-01-01T00:00:00Z TO 2019-01-01T00:00:00Z]`. Empty or `*` matches all.
    pub query: &'a str,
    /// Exact outlet name, case-insensitive.
    pub outlet: Option<&'a str>,
    /// First publication day included.
    pub since: Option<NaiveDate>,
    /// Last publication day included.
    pub until: Option<NaiveDate>,
    /// An entity id or canonical name, case-insensitive.
    pub entity: Option<&'a str>,
    /// A technique name (`Loaded_Language`, `loaded language`).
    pub technique: Option<&'a str>,
    /// Hits returned (at least 1).
    pub limit: usize,
}

impl<'a> SearchRequest<'a> {
    pub fn new(query: &'a str) -> Self {
        SearchRequest {
            query,
            outlet: None,
            since: None,
            until: None,
            entity: None,
            technique: None,
            limit: 10,
        }
    }
}

/// One ranked match.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexHit {
    pub id: String,
    pub score: f32,
}

/// The best fragment of a text for a query, with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Highlight {
    /// The fragment (at most about 150 characters).
    pub text: String,
    /// Where the fragment starts in the document text, in code points.
    pub start: usize,
    /// `[start, end)` code point ranges inside `text` that match the query.
    pub highlights: Vec<[usize; 2]>,
}

/// Ranked hits (best first), the number of all matches, and what is needed to highlight them.
pub struct SearchResults {
    pub hits: Vec<IndexHit>,
    /// Matches in the whole index, beyond `limit`.
    pub total: usize,
    snippets: SnippetGenerator,
}

impl std::fmt::Debug for SearchResults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchResults")
            .field("hits", &self.hits)
            .field("total", &self.total)
            .finish()
    }
}

/// The snippet length, in bytes of text, that tantivy aims for.
const SNIPPET_CHARS: usize = 160;

impl SearchResults {
    /// The best fragment of `text` (a hit's document text) for the query. Falls back to the
    /// start of the text when the query matched only other fields.
    pub fn snippet(&self, text: &str) -> Highlight {
        let snippet = self.snippets.snippet(text);
        if snippet.fragment().is_empty() {
            let end = floor_char_boundary(text, SNIPPET_CHARS);
            return Highlight { text: text[..end].to_owned(), start: 0, highlights: Vec::new() };
        }
        let fragment = snippet.fragment();
        let start = text.get(..snippet.fragment_range().start).map_or(0, |s| s.chars().count());
        let highlights = tantivy::snippet::collapse_overlapped_ranges(snippet.highlighted())
            .into_iter()
            .filter_map(|range| {
                let before = fragment.get(..range.start)?.chars().count();
                let inside = fragment.get(range)?.chars().count();
                Some([before, before + inside])
            })
            .collect();
        Highlight { text: fragment.to_owned(), start, highlights }
    }
}

fn floor_char_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    (0..=index).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

impl SearchIndex {
    /// Runs `request`: ranked by BM25 (title matches weigh double), filters applied.
    pub fn search(&self, request: &SearchRequest<'_>) -> Result<SearchResults> {
        let fields = &self.fields;
        let query_text = request.query.trim();
        let text_query: Box<dyn Query> = if query_text.is_empty() || query_text == "*" {
            Box::new(AllQuery)
        } else {
            let mut parser = QueryParser::for_index(
                &self.index,
                vec![fields.title, fields.text, fields.outlet, fields.entity_name],
            );
            parser.set_conjunction_by_default();
            parser.set_field_boost(fields.title, 2.0);
            parser.parse_query(query_text).map_err(|e| Error::Query {
                query: request.query.to_owned(),
                reason: e.to_string(),
            })?
        };

        // Highlights come from the words of the query, not from the filters.
        let searcher = self.reader.searcher();
        let mut snippets = SnippetGenerator::create(&searcher, &*text_query, fields.text)
            .map_err(|e| Error::from_tantivy(&self.path, e))?;
        snippets.set_max_num_chars(SNIPPET_CHARS);

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        let key_filter = |field, key: String| -> (Occur, Box<dyn Query>) {
            let term = Term::from_field_text(field, &key);
            (Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic)))
        };
        if let Some(outlet) = request.outlet {
            clauses.push(key_filter(fields.outlet_key, outlet_key(outlet)));
        }
        if let Some(entity) = request.entity {
            clauses.push(key_filter(fields.entity, entity_key(entity)));
        }
        if let Some(technique) = request.technique {
            clauses.push(key_filter(fields.technique, technique_key(technique)));
        }
        if request.since.is_some() || request.until.is_some() {
            let day_term = |day| Term::from_field_date(fields.published, day_to_datetime(day));
            let lower =
                request.since.map_or(Bound::Unbounded, |day| Bound::Included(day_term(day)));
            let upper =
                request.until.map_or(Bound::Unbounded, |day| Bound::Included(day_term(day)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        let query = BooleanQuery::new(clauses);

        let collector = (TopDocs::with_limit(request.limit.max(1)).order_by_score(), Count);
        let (top, total) =
            searcher.search(&query, &collector).map_err(|e| Error::from_tantivy(&self.path, e))?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let entry: TantivyDocument =
                searcher.doc(address).map_err(|e| Error::from_tantivy(&self.path, e))?;
            if let Some(id) = entry.get_first(fields.id).and_then(|v| v.as_str()) {
                hits.push(IndexHit { id: id.to_owned(), score });
            }
        }
        Ok(SearchResults { hits, total, snippets })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::{Access, IndexedDocument};

    const PRESS: &str =
        "The so-called rescue group White Helmets is preparing a chemical provocation \
                         in Idlib, the spokesman said, citing numerous witness reports.";
    const REVIEW: &str = "Militants in Saraqib staged a chemical attack, a Russian general said.";
    const OTHER: &str = "Markets rallied on Tuesday as oil prices rose in Europe.";

    fn sample_index(dir: &Path) -> SearchIndex {
        let mut index = SearchIndex::open(dir, Access::ReadWrite).expect("opens");
        let docs = [
            IndexedDocument {
                id: "press",
                title: Some("Terrorists plan provocation"),
                text: PRESS,
                outlet: Some("Press TV"),
                published: NaiveDate::from_ymd_opt(2018, 9, 3),
                entity_ids: vec!["e:white_helmets", "e:idlib"],
                entity_names: vec!["White Helmets", "Idlib"],
                techniques: vec!["Name_Calling,Labeling", "Appeal_to_fear-prejudice"],
            },
            IndexedDocument {
                id: "review",
                title: Some("Russian press review"),
                text: REVIEW,
                outlet: Some("RIA"),
                published: NaiveDate::from_ymd_opt(2019, 2, 12),
                entity_ids: vec!["e:saraqib"],
                entity_names: vec!["Saraqib"],
                techniques: vec!["Loaded_Language"],
            },
            IndexedDocument { id: "other", text: OTHER, ..Default::default() },
        ];
        for doc in &docs {
            index.replace(doc).expect("adds");
        }
        index.commit(7).expect("commits");
        index
    }

    fn ids(index: &SearchIndex, request: &SearchRequest<'_>) -> Vec<String> {
        let mut ids: Vec<String> =
            index.search(request).expect("searches").hits.into_iter().map(|h| h.id).collect();
        ids.sort();
        ids
    }

    #[test]
    fn queries_and_filters_select_the_expected_documents() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = sample_index(dir.path());
        let check = |request: SearchRequest<'_>, expect: &[&str]| {
            assert_eq!(ids(&index, &request), expect, "{request:?}");
        };
        check(SearchRequest::new("chemical"), &["press", "review"]);
        check(SearchRequest::new("\"chemical provocation\""), &["press"]);
        check(SearchRequest::new("\"provocation chemical\""), &[]);
        check(SearchRequest::new("chemical -idlib"), &["review"]);
        check(SearchRequest::new("saraqib OR markets"), &["other", "review"]);
        check(SearchRequest::new("chemical markets"), &[]);
        check(SearchRequest::new("title:provocation"), &["press"]);
        check(SearchRequest::new("outlet:press"), &["press"]);
        check(SearchRequest::new("technique:loaded_language"), &["review"]);
        check(SearchRequest::new("*"), &["other", "press", "review"]);
        check(SearchRequest { outlet: Some("press tv"), ..SearchRequest::new("") }, &["press"]);
        check(SearchRequest { outlet: Some("press"), ..SearchRequest::new("") }, &[]);
        check(SearchRequest { entity: Some("E:SARAQIB"), ..SearchRequest::new("") }, &["review"]);
        check(
            SearchRequest { entity: Some("white helmets"), ..SearchRequest::new("") },
            &["press"],
        );
        check(
            SearchRequest { technique: Some("name calling, labeling"), ..SearchRequest::new("") },
            &[],
        );
        check(
            SearchRequest { technique: Some("Name_Calling,Labeling"), ..SearchRequest::new("") },
            &["press"],
        );
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        check(
            SearchRequest { since: day(2018, 9, 3), ..SearchRequest::new("") },
            &["press", "review"],
        );
        check(SearchRequest { since: day(2018, 9, 4), ..SearchRequest::new("") }, &["review"]);
        check(
            SearchRequest { until: day(2018, 9, 3), ..SearchRequest::new("chemical") },
            &["press"],
        );
        check(
            SearchRequest {
                since: day(2019, 1, 1),
                until: day(2019, 12, 31),
                ..SearchRequest::new("")
            },
            &["review"],
        );
    }

    #[test]
    fn title_matches_rank_first_and_count_all_matches() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = sample_index(dir.path());
        let results = index
            .search(&SearchRequest { limit: 1, ..SearchRequest::new("provocation OR staged") })
            .expect("searches");
        assert_eq!(results.total, 2);
        assert_eq!(results.hits.len(), 1);
        assert_eq!(results.hits[0].id, "press");
    }

    #[test]
    fn snippets_mark_matched_words_in_code_points() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = sample_index(dir.path());
        let results = index.search(&SearchRequest::new("witness")).expect("searches");
        let snippet = results.snippet(PRESS);
        assert_eq!(snippet.highlights.len(), 1);
        let [start, end] = snippet.highlights[0];
        let marked: String = snippet.text.chars().skip(start).take(end - start).collect();
        assert_eq!(marked, "witness");
        let in_document: String =
            PRESS.chars().skip(snippet.start + start).take(end - start).collect();
        assert_eq!(in_document, "witness");

        let accented = "Émile — «témoin» said the witness in Saraqib.";
        let snippet = results.snippet(accented);
        let [start, end] = snippet.highlights[0];
        assert_eq!(
            snippet.text.chars().skip(start).take(end - start).collect::<String>(),
            "witness"
        );
    }

    #[test]
    fn snippet_falls_back_to_the_start_when_only_the_title_matched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = sample_index(dir.path());
        let results = index.search(&SearchRequest::new("title:terrorists")).expect("searches");
        let snippet = results.snippet(PRESS);
        assert!(PRESS.starts_with(&snippet.text));
        assert!(snippet.highlights.is_empty());
    }

    #[test]
    fn bad_syntax_is_a_query_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = sample_index(dir.path());
        for query in ["nosuchfield:x", "published:[yesterday TO today]"] {
            let err = index.search(&SearchRequest::new(query)).expect_err(query);
            assert!(matches!(err, Error::Query { .. }), "{query}: {err}");
        }
    }

    #[test]
    fn replace_keeps_one_entry_per_id_and_markers_persist() {
        let dir = tempfile::tempdir().expect("tempdir");
        {
            let mut index = sample_index(dir.path());
            let changed =
                IndexedDocument { id: "other", text: "Now about Idlib.", ..Default::default() };
            index.replace(&changed).expect("replaces");
            index.commit(8).expect("commits");
            assert_eq!(index.num_documents(), 3);
            assert_eq!(ids(&index, &SearchRequest::new("idlib")), ["other", "press"]);
            index.remove("press").expect("removes");
            index.replace(&changed).expect("replaces");
            index.discard_uncommitted().expect("rolls back");
            assert_eq!(index.num_documents(), 3);
        }
        let index = SearchIndex::open(dir.path(), Access::ReadOnly).expect("reopens");
        assert_eq!(index.committed_marker().expect("marker"), Some(8));
        let mut all = index.document_ids().expect("ids");
        all.sort();
        assert_eq!(all, ["other", "press", "review"]);
        index.verify().expect("checksums match");
    }

    #[test]
    fn read_only_access_cannot_write_and_needs_an_index() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = SearchIndex::open(dir.path(), Access::ReadOnly).expect_err("no index yet");
        assert!(matches!(err, Error::Missing { .. }), "{err}");
        drop(sample_index(dir.path()));
        let mut index = SearchIndex::open(dir.path(), Access::ReadOnly).expect("opens");
        let err = index.commit(9).expect_err("read-only");
        assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
    }

    #[test]
    fn a_second_writer_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let _first = sample_index(dir.path());
        let err = SearchIndex::open(dir.path(), Access::ReadWrite).expect_err("locked");
        assert!(matches!(err, Error::Locked { .. }), "{err}");
    }

    #[test]
    fn garbage_meta_file_is_reported_as_corrupt() {
        let dir = tempfile::tempdir().expect("tempdir");
        drop(sample_index(dir.path()));
        std::fs::write(dir.path().join("meta.json"), b"{ not json").expect("overwrites");
        let err = SearchIndex::open(dir.path(), Access::ReadWrite).expect_err("corrupt");
        assert!(err.is_corrupt(), "{err}");
    }
}
