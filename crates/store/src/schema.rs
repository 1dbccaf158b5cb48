//! The SQL schema and its migrations. `docs/store.md` documents the tables for users.
//!
//! Migrations are append-only: migration N turns a version N-1 corpus into version N, and a
//! released migration is never edited. `schema_version` has one row per applied migration.

use rusqlite::{Connection, OptionalExtension};

/// The schema version this build writes. A corpus with a higher version is refused.
pub const SCHEMA_VERSION: i64 = 2;

/// Migration `i` (0-based) brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: documents, their analyses and span tables.
    r#"
    CREATE TABLE schema_version (
        version     INTEGER PRIMARY KEY,
        applied_at  TEXT NOT NULL
    );
    CREATE TABLE batches (
        batch        INTEGER PRIMARY KEY,
        kind         TEXT NOT NULL,
        documents    INTEGER NOT NULL,
        committed_at TEXT NOT NULL
    );
    CREATE TABLE documents (
        doc_key        INTEGER PRIMARY KEY,
        id             TEXT NOT NULL,
        version        INTEGER NOT NULL,
        is_current     INTEGER NOT NULL DEFAULT 1,
        content_hash   TEXT NOT NULL,
        title          TEXT,
        published      TEXT,
        published_from TEXT NOT NULL,
        outlet         TEXT,
        url            TEXT,
        language       TEXT,
        origin_path    TEXT,
        origin_line    INTEGER,
        text           TEXT NOT NULL,
        analysis       TEXT NOT NULL,
        batch          INTEGER NOT NULL,
        ingested_at    TEXT NOT NULL,
        UNIQUE (id, version)
    );
    CREATE UNIQUE INDEX documents_current_id ON documents (id) WHERE is_current = 1;
    CREATE INDEX documents_content_hash ON documents (content_hash) WHERE is_current = 1;
    CREATE INDEX documents_batch ON documents (batch);
    CREATE INDEX documents_published ON documents (published);
    CREATE INDEX documents_outlet ON documents (outlet);
    CREATE VIEW current_documents AS SELECT * FROM documents WHERE is_current = 1;

    CREATE TABLE entities (
        doc_key   INTEGER NOT NULL REFERENCES documents (doc_key),
        start     INTEGER NOT NULL,
        end       INTEGER NOT NULL,
        text      TEXT NOT NULL,
        type      TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        name      TEXT NOT NULL
    );
    CREATE INDEX entities_doc_key ON entities (doc_key);
    CREATE INDEX entities_entity_id ON entities (entity_id);

    CREATE TABLE attributions (
        doc_key       INTEGER NOT NULL REFERENCES documents (doc_key),
        idx           INTEGER NOT NULL,
        kind          TEXT NOT NULL,
        parent        INTEGER,
        source_start  INTEGER,
        source_end    INTEGER,
        source_text   TEXT,
        source_entity TEXT,
        source_vague  INTEGER,
        cue_start     INTEGER NOT NULL,
        cue_end       INTEGER NOT NULL,
        cue_text      TEXT NOT NULL,
        content_start INTEGER NOT NULL,
        content_end   INTEGER NOT NULL,
        content_text  TEXT NOT NULL
    );
    CREATE INDEX attributions_doc_key ON attributions (doc_key);

    CREATE TABLE techniques (
        doc_key   INTEGER NOT NULL REFERENCES documents (doc_key),
        start     INTEGER NOT NULL,
        end       INTEGER NOT NULL,
        technique TEXT NOT NULL,
        score     REAL NOT NULL
    );
    CREATE INDEX techniques_doc_key ON techniques (doc_key);
    CREATE INDEX techniques_technique ON techniques (technique);

    CREATE TABLE predictions (
        doc_key     INTEGER NOT NULL REFERENCES documents (doc_key),
        start       INTEGER NOT NULL,
        end         INTEGER NOT NULL,
        text        TEXT NOT NULL,
        target_date TEXT
    );
    CREATE INDEX predictions_doc_key ON predictions (doc_key);

    CREATE TABLE times (
        doc_key INTEGER NOT NULL REFERENCES documents (doc_key),
        start   INTEGER NOT NULL,
        end     INTEGER NOT NULL,
        text    TEXT NOT NULL,
        value   TEXT
    );
    CREATE INDEX times_doc_key ON times (doc_key);

    CREATE TABLE quantities (
        doc_key INTEGER NOT NULL REFERENCES documents (doc_key),
        start   INTEGER NOT NULL,
        end     INTEGER NOT NULL,
        text    TEXT NOT NULL,
        value   REAL,
        unit    TEXT
    );
    CREATE INDEX quantities_doc_key ON quantities (doc_key);

    CREATE TABLE narratives (
        doc_key      INTEGER NOT NULL REFERENCES documents (doc_key),
        narrative_id TEXT NOT NULL,
        title        TEXT NOT NULL,
        score        REAL NOT NULL,
        evidence     TEXT NOT NULL
    );
    CREATE INDEX narratives_doc_key ON narratives (doc_key);
    CREATE INDEX narratives_narrative_id ON narratives (narrative_id);

    CREATE TABLE relays (
        doc_key INTEGER NOT NULL REFERENCES documents (doc_key),
        outlet  TEXT NOT NULL
    );
    CREATE INDEX relays_doc_key ON relays (doc_key);

    CREATE TABLE syndication (
        doc_key      INTEGER PRIMARY KEY REFERENCES documents (doc_key),
        id           TEXT NOT NULL,
        original_id  TEXT NOT NULL,
        content_hash TEXT NOT NULL
    );
    CREATE INDEX syndication_original_id ON syndication (original_id);
    "#,
    // 2: cross-document links (echotrace-link): reuse passages, linked documents, claim clusters.
    r#"
    CREATE TABLE reuse_passages (
        pair          INTEGER PRIMARY KEY,
        source_key    INTEGER NOT NULL REFERENCES documents (doc_key),
        source_start  INTEGER NOT NULL,
        source_end    INTEGER NOT NULL,
        target_key    INTEGER NOT NULL REFERENCES documents (doc_key),
        target_start  INTEGER NOT NULL,
        target_end    INTEGER NOT NULL,
        aligned_words INTEGER NOT NULL,
        similarity    REAL NOT NULL,
        direction     TEXT NOT NULL,
        cluster       INTEGER
    );
    CREATE INDEX reuse_passages_source ON reuse_passages (source_key);
    CREATE INDEX reuse_passages_target ON reuse_passages (target_key);
    CREATE INDEX reuse_passages_cluster ON reuse_passages (cluster);

    CREATE TABLE linked_documents (
        doc_key   INTEGER PRIMARY KEY REFERENCES documents (doc_key),
        linked_at TEXT NOT NULL
    );

    CREATE TABLE claim_clusters (
        cluster         TEXT PRIMARY KEY,
        representative  TEXT NOT NULL,
        first_key       INTEGER NOT NULL REFERENCES documents (doc_key),
        first_published TEXT,
        documents       INTEGER NOT NULL,
        outlets         INTEGER NOT NULL
    );
    CREATE TABLE claim_members (
        cluster       TEXT NOT NULL REFERENCES claim_clusters (cluster),
        rank          INTEGER NOT NULL,
        doc_key       INTEGER NOT NULL REFERENCES documents (doc_key),
        start         INTEGER,
        end           INTEGER,
        text          TEXT NOT NULL,
        attribution   INTEGER,
        source        TEXT,
        source_vague  INTEGER NOT NULL
    );
    CREATE INDEX claim_members_cluster ON claim_members (cluster);
    CREATE INDEX claim_members_doc_key ON claim_members (doc_key);
    "#,
];

/// The tables that hold one row per span of a current document version.
pub(crate) const SPAN_TABLES: &[&str] = &[
    "entities",
    "attributions",
    "techniques",
    "predictions",
    "times",
    "quantities",
    "narratives",
    "relays",
];

/// The schema version of the database, 0 for an empty database.
pub(crate) fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    let has_table: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    if has_table.is_none() {
        return Ok(0);
    }
    conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_version", [], |row| row.get(0))
}

/// Applies the migrations after `from`, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection, from: i64) -> rusqlite::Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= from {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
            rusqlite::params![version, crate::now()],
        )?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_reach_the_current_version_and_span_tables_exist() {
        let mut conn = Connection::open_in_memory().expect("opens");
        assert_eq!(current_version(&conn).expect("reads"), 0);
        migrate(&mut conn, 0).expect("migrates");
        assert_eq!(current_version(&conn).expect("reads"), SCHEMA_VERSION);
        assert_eq!(MIGRATIONS.len() as i64, SCHEMA_VERSION);
        for table in SPAN_TABLES {
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE doc_key = 0");
            let count: i64 = conn.query_row(&sql, [], |row| row.get(0)).expect(table);
            assert_eq!(count, 0);
        }
        // `start` and `end` are plain column names in SQLite: users need no quoting.
        conn.query_row("SELECT COUNT(*) FROM entities WHERE end > start", [], |r| {
            r.get::<_, i64>(0)
        })
        .expect("end is usable unquoted");
    }
}
