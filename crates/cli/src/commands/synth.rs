//! `echotrace synth`: a synthetic corpus with planted reuse, for benchmarks.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::Instant;

use anyhow::Context as _;
use echotrace_synth::{write_corpus, SentencePool, SynthConfig};

use crate::args::SynthArgs;
use crate::exit::Outcome;

pub fn run(args: SynthArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let config = SynthConfig {
        documents: args.documents,
        reuse_rate: args.reuse_rate,
        seed: args.seed,
        ..SynthConfig::default()
    };
    config.validate()?;
    let pool = SentencePool::from_dir(&args.from)?;
    let create = |path: &std::path::Path| -> anyhow::Result<BufWriter<File>> {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(BufWriter::with_capacity(1 << 20, file))
    };
    let mut documents = create(&args.out)?;
    let mut truth = args.truth.as_deref().map(create).transpose()?;
    let summary =
        write_corpus(&pool, &config, &mut documents, truth.as_mut().map(|t| t as &mut dyn Write))?;
    eprintln!(
        "echotrace: {} documents ({} with planted reuse, {} passages) from {} sentences of {} \
         articles, {:.1} MB, seed {}, in {:.1} s",
        summary.documents,
        summary.reusing_documents,
        summary.planted_passages,
        pool.sentence_count(),
        pool.article_count(),
        summary.bytes as f64 / 1e6,
        config.seed,
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome::Complete)
}
