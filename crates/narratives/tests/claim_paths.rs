//! The claim retrieval paths on a reduced CheckThat! 2020 dev split, written at run time from
//! ../shared: every verified claim some dev query needs, plus the first 1,500 others, so that
//! MiniLM embeds the catalog in about a minute. Needs the installed model
//! (`scripts/install-models`, which `.ci/run` runs).

use std::collections::HashSet;
use std::path::Path;

use echotrace_embed::ModelDir;
use echotrace_narratives::checkthat::LoadedModels;
use echotrace_narratives::{eval_claims, PathKind};

const SPLIT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/claims/checkthat2020");

fn reduced_split(dir: &Path) {
    let shared = Path::new(SPLIT);
    let qrels =
        std::fs::read_to_string(shared.join("dev/tweet-vclaim-pairs.qrels")).expect("qrels");
    let needed: HashSet<&str> = qrels.lines().filter_map(|l| l.split_whitespace().nth(2)).collect();
    let claims = std::fs::read(shared.join("verified_claims.docs.tsv")).expect("claims");
    let mut reader = csv::ReaderBuilder::new().delimiter(b'\t').from_reader(claims.as_slice());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_path(dir.join("verified_claims.docs.tsv"))
        .expect("write");
    writer.write_record(reader.headers().expect("header")).expect("header");
    let mut others = 0;
    for record in reader.records() {
        let record = record.expect("row");
        let keep = needed.contains(&record[0]) || {
            others += 1;
            others <= 1500
        };
        if keep {
            writer.write_record(&record).expect("row");
        }
    }
    writer.flush().expect("flush");
    for name in ["tweets.queries.tsv", "tweet-vclaim-pairs.qrels"] {
        std::fs::copy(shared.join("dev").join(name), dir.join(name)).expect("copy");
    }
}

#[test]
fn fusion_beats_each_retriever_alone_and_the_fast_path_stays_close() {
    let dir = tempfile::tempdir().expect("tempdir");
    reduced_split(dir.path());
    let models = LoadedModels::load(&ModelDir::from_env())
        .expect("model installed: run scripts/install-models");
    let report = eval_claims(dir.path(), &PathKind::ALL, Some(&models)).expect("eval");
    let map = |kind: PathKind| {
        report.paths.iter().find(|p| p.path == kind).map(|p| p.map_at_5).expect("path reported")
    };
    let (lexical, semantic, fused, fast) = (
        map(PathKind::Lexical),
        map(PathKind::Semantic),
        map(PathKind::Fused),
        map(PathKind::Fast),
    );
    assert!(report.unavailable.is_empty(), "{report}");
    assert!(semantic > 0.7, "{report}");
    assert!(fused > lexical + 0.05 && fused > semantic + 0.01, "{report}");
    assert!(fast > lexical && fast >= fused - 0.03, "{report}");
    let (embedded, of) = report.fast_embedded.expect("fast path ran");
    assert!(embedded < of, "the gate let every query through: {report}");
}
