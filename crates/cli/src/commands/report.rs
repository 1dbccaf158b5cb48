//! `echotrace report`: the self-contained HTML report (crate echotrace-serve).

use anyhow::Context as _;
use echotrace_serve::report::{write_report, ReportOptions};
use echotrace_store::{Corpus, OpenMode};

use crate::args::ReportArgs;
use crate::exit::Outcome;

pub fn run(args: ReportArgs) -> anyhow::Result<Outcome> {
    let corpus = Corpus::open(&args.corpus.corpus, OpenMode::ReadOnly)
        .with_context(|| format!("cannot open the corpus {}", args.corpus.corpus.display()))?;
    let options =
        ReportOptions { title: args.title, max_articles: args.max_articles, ..Default::default() };
    let summary = write_report(&corpus, &options, &args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "echotrace: wrote {} ({} KB): {} documents, {} with a section",
        args.out.display(),
        summary.bytes / 1000,
        summary.documents,
        summary.articles
    );
    Ok(Outcome::Complete)
}
