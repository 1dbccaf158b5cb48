//! What every handler shares: read-only corpus connections, the analysis pipeline, the
//! narrative catalog and, when enabled, the ingest writer.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use echotrace_analyze::Pipeline;
use echotrace_store::views::Overview;
use echotrace_store::{ClaimCluster, Corpus, OpenMode};

use crate::error::{AppError, Error, Result};

/// The shortest ingest token accepted: a guessable token would make the write endpoint open.
pub const MIN_TOKEN_CHARS: usize = 16;

/// Limits of `POST /api/analyze` and `POST /api/ingest`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub body_bytes: usize,
    /// Longest analysis of one request.
    pub analyze_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { body_bytes: 2 << 20, analyze_timeout: Duration::from_secs(10) }
    }
}

/// A catalog narrative's description, for narrative pages (disproof and debunk links).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct NarrativeInfo {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub disproof: String,
    pub debunks: Vec<String>,
}

/// How long the overview is served from memory: it aggregates the whole corpus (hundreds of
/// milliseconds on a large one) and changes only when documents are ingested.
pub const OVERVIEW_TTL: Duration = Duration::from_secs(30);

/// The overview and its top claim clusters, as the `/` page and `/api/overview` show them.
#[derive(Debug, Clone)]
pub(crate) struct OverviewData {
    pub overview: Overview,
    pub claims: Vec<ClaimCluster>,
}

/// SQLite connections are not shared between threads, so the server keeps a few read-only
/// corpora and lends one to each request (on a blocking thread).
struct ReaderPool {
    readers: Vec<Mutex<Corpus>>,
    next: AtomicUsize,
}

impl ReaderPool {
    fn with<T>(&self, f: impl FnOnce(&Corpus) -> T) -> T {
        // Prefer an idle reader; when all are busy, queue on one in turn.
        for reader in &self.readers {
            if let Ok(corpus) = reader.try_lock() {
                return f(&corpus);
            }
        }
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        let corpus = match self.readers[index].lock() {
            Ok(corpus) => corpus,
            // A panic in another request cannot leave a read-only connection half-written.
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&corpus)
    }
}

/// The ingest endpoint's writer and the token it requires.
struct Ingest {
    token: String,
    writer: Mutex<Corpus>,
}

/// State shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    corpus_dir: PathBuf,
    readers: ReaderPool,
    pipeline: Option<Arc<Pipeline>>,
    narratives: Vec<NarrativeInfo>,
    ingest: Option<Ingest>,
    limits: Limits,
    overview: Mutex<Option<(Instant, Arc<OverviewData>)>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("corpus", &self.inner.corpus_dir)
            .field("readers", &self.inner.readers.readers.len())
            .field("analyze", &self.inner.pipeline.is_some())
            .field("ingest", &self.inner.ingest.is_some())
            .finish()
    }
}

/// How to build an [`AppState`].
#[derive(Default)]
pub struct StateOptions {
    /// The pipeline `POST /api/analyze` runs (and ingest, when enabled); without one the
    /// endpoint answers 503.
    pub pipeline: Option<Arc<Pipeline>>,
    /// Catalog narratives, for the narrative pages' summaries, disproofs and debunk links.
    pub narratives: Vec<NarrativeInfo>,
    /// `Some(token)`: open the corpus read-write too and accept `POST /api/ingest` with
    /// `Authorization: Bearer <token>`.
    pub ingest_token: Option<String>,
    /// Read-only connections (default: one per core, 2 to 8).
    pub readers: Option<usize>,
    pub limits: Limits,
}

impl std::fmt::Debug for StateOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateOptions")
            .field("pipeline", &self.pipeline.is_some())
            .field("ingest", &self.ingest_token.is_some())
            .field("readers", &self.readers)
            .finish()
    }
}

impl AppState {
    /// Opens the corpus in `dir` read-only (and read-write as well when an ingest token is
    /// given).
    pub fn open(dir: impl AsRef<Path>, options: StateOptions) -> Result<AppState> {
        let dir = dir.as_ref().to_path_buf();
        let ingest = match options.ingest_token {
            None => None,
            Some(token) if token.chars().count() < MIN_TOKEN_CHARS => {
                return Err(Error::WeakToken { min: MIN_TOKEN_CHARS })
            }
            Some(token) => {
                Some(Ingest { token, writer: Mutex::new(Corpus::open(&dir, OpenMode::ReadWrite)?) })
            }
        };
        let count = options.readers.unwrap_or_else(|| {
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(2, 8)
        });
        let readers = (0..count.max(1))
            .map(|_| Corpus::open(&dir, OpenMode::ReadOnly).map(Mutex::new))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(AppState {
            inner: Arc::new(Inner {
                corpus_dir: dir,
                readers: ReaderPool { readers, next: AtomicUsize::new(0) },
                pipeline: options.pipeline,
                narratives: options.narratives,
                ingest,
                limits: options.limits,
                overview: Mutex::new(None),
            }),
        })
    }

    /// Runs `f` on a read-only corpus on a blocking thread.
    pub(crate) async fn read<T, F>(&self, f: F) -> std::result::Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Corpus) -> std::result::Result<T, AppError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.inner.readers.with(f))
            .await
            .map_err(AppError::internal)?
    }

    /// The overview, computed at most once per [`OVERVIEW_TTL`] (and again after an ingest
    /// through the API). Two requests arriving together on a cold cache may both compute it.
    pub(crate) async fn overview(&self) -> std::result::Result<Arc<OverviewData>, AppError> {
        if let Some((at, data)) = self.cached_overview() {
            if at.elapsed() < OVERVIEW_TTL {
                return Ok(data);
            }
        }
        let data = self
            .read(|c| {
                let overview = c.overview().map_err(crate::pages::store_error)?;
                let claims = c.claim_clusters(2, 8).map_err(crate::pages::store_error)?;
                Ok(OverviewData { overview, claims })
            })
            .await?;
        let data = Arc::new(data);
        if let Ok(mut slot) = self.inner.overview.lock() {
            *slot = Some((Instant::now(), Arc::clone(&data)));
        }
        Ok(data)
    }

    fn cached_overview(&self) -> Option<(Instant, Arc<OverviewData>)> {
        self.inner.overview.lock().ok().and_then(|slot| slot.clone())
    }

    fn forget_overview(&self) {
        if let Ok(mut slot) = self.inner.overview.lock() {
            *slot = None;
        }
    }

    pub(crate) fn pipeline(&self) -> Option<Arc<Pipeline>> {
        self.inner.pipeline.clone()
    }

    pub(crate) fn narrative(&self, id: &str) -> Option<&NarrativeInfo> {
        self.inner.narratives.iter().find(|n| n.id == id)
    }

    pub(crate) fn limits(&self) -> Limits {
        self.inner.limits
    }

    pub(crate) fn ingest_enabled(&self) -> bool {
        self.inner.ingest.is_some()
    }

    /// Checks `token` in constant time and runs `f` on the writer.
    pub(crate) async fn write<T, F>(&self, token: &str, f: F) -> std::result::Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Corpus) -> std::result::Result<T, AppError> + Send + 'static,
    {
        let Some(ingest) = &self.inner.ingest else {
            return Err(AppError::Forbidden(
                "ingest is disabled: start the server with --allow-ingest --token".into(),
            ));
        };
        if !constant_time_eq(token.as_bytes(), ingest.token.as_bytes()) {
            return Err(AppError::Unauthorized);
        }
        let state = self.clone();
        let written = tokio::task::spawn_blocking(move || {
            let Some(ingest) = &state.inner.ingest else {
                return Err(AppError::internal("ingest writer vanished"));
            };
            let mut corpus = match ingest.writer.lock() {
                Ok(corpus) => corpus,
                Err(poisoned) => poisoned.into_inner(),
            };
            f(&mut corpus)
        })
        .await
        .map_err(AppError::internal)?;
        // The overview counts what was just written.
        self.forget_overview();
        written
    }
}

/// Compares secrets without an early exit, so response time tells nothing about the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut difference = a.len() ^ b.len();
    for (i, byte) in a.iter().enumerate() {
        difference |= usize::from(byte ^ b.get(i % b.len().max(1)).copied().unwrap_or(0));
    }
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn token_comparison() {
        for (a, b, expect) in [
            ("secret-token-123", "secret-token-123", true),
            ("secret-token-123", "secret-token-124", false),
            ("secret", "secret-token-123", false),
            ("", "x", false),
            ("", "", true),
        ] {
            assert_eq!(constant_time_eq(a.as_bytes(), b.as_bytes()), expect, "{a:?} {b:?}");
        }
    }
}
