//! Grid over BM25 k1 and b on a CheckThat! split (tune on train, report dev):
//! `cargo run --release -p echotrace-narratives --example tune_bm25 [SPLIT_DIR]`.

use std::path::Path;

use echotrace_narratives::bm25::Bm25Params;
use echotrace_narratives::checkthat::{
    read_qrels, read_queries, read_verified_claims, score_run, ClaimRetriever,
};

fn main() -> anyhow::Result<()> {
    let split = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/claims/checkthat2020/train").into()
    });
    let split = Path::new(&split);
    let claims = read_verified_claims(&split.join("../verified_claims.docs.tsv"))?;
    let queries = read_queries(&split.join("tweets.queries.tsv"))?;
    let qrels = read_qrels(&split.join("tweet-vclaim-pairs.qrels"))?;
    for k1 in [0.6f32, 0.9, 1.2, 1.6, 2.0] {
        for b in [0.3f32, 0.5, 0.75, 0.9] {
            let retriever = ClaimRetriever::with_params(claims.clone(), Bm25Params { k1, b });
            let (map, mrr) = score_run(&retriever.run(&queries, 100, "t"), &qrels, 5);
            println!("k1 {k1:.1} b {b:.2}  MAP@5 {map:.4} MRR {mrr:.4}");
        }
    }
    Ok(())
}
