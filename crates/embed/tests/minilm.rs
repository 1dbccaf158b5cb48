//! all-MiniLM-L6-v2 as run by candle against an independent implementation: the Hugging Face
//! tokenizer and a numpy BERT (`reference/minilm_reference.py` wrote `reference/minilm.json`).
//! Needs the installed model (`scripts/install-models`, which `.ci/run` runs).

use echotrace_embed::{dot, ModelDir};

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    ids: Vec<u32>,
    embedding: Vec<f32>,
}

fn cases() -> Vec<Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/minilm.json");
    let text = std::fs::read_to_string(path).expect("reference fixture");
    serde_json::from_str(&text).expect("fixture parses")
}

#[test]
fn token_ids_and_embeddings_match_the_reference_implementation() {
    let models = ModelDir::from_env();
    let minilm = models.load_minilm().expect("model installed: run scripts/install-models");
    let cases = cases();
    assert!(cases.len() >= 5);
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    // Embedded together, so padding of the shorter sentences is exercised too.
    let vectors = minilm.embed(&texts).expect("embed");
    for (case, vector) in cases.iter().zip(&vectors) {
        let ids = minilm.tokenizer().encode_for_model(&case.text, 256);
        assert_eq!(ids, case.ids, "token ids of {:?}", case.text);
        assert_eq!(vector.len(), case.embedding.len());
        let worst =
            vector.iter().zip(&case.embedding).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
        assert!(worst < 1e-4, "{:?}: largest difference {worst}", case.text);
    }
    // One at a time gives the same vectors as the padded batch.
    let alone = minilm.embed(&texts[..1]).expect("embed");
    assert!(dot(&alone[0], &vectors[0]) > 0.99999);
}

#[test]
fn the_static_table_ranks_a_paraphrase_above_an_unrelated_sentence() {
    let fast =
        ModelDir::from_env().load_static().expect("model installed: run scripts/install-models");
    let claim = fast.embed("the white helmets staged the chemical attack");
    let paraphrase = fast.embed("rescue workers faked a gas attack on camera");
    let unrelated = fast.embed("the central bank raised interest rates again");
    assert!(dot(&claim, &paraphrase) > dot(&claim, &unrelated) + 0.1);
}

#[test]
fn token_states_mean_pool_to_the_sentence_embedding() {
    let minilm = ModelDir::from_env()
        .load_transformer()
        .expect("model installed: run scripts/install-models");
    let texts =
        ["The so-called rescue group staged it.", "Numerous witnesses reported a provocation."];
    let ids: Vec<Vec<u32>> =
        texts.iter().map(|t| minilm.tokenizer().encode_for_model(t, 256)).collect();
    let states = minilm.token_states(&ids, 8).expect("token states");
    let pooled = minilm.embed(&texts).expect("embed");
    for ((row_ids, rows), sentence) in ids.iter().zip(&states).zip(&pooled) {
        let dim = echotrace_embed::minilm::DIM;
        assert_eq!(rows.len(), row_ids.len() * dim);
        let mut mean = vec![0f32; dim];
        for row in rows.chunks_exact(dim) {
            mean.iter_mut().zip(row).for_each(|(m, x)| *m += x / row_ids.len() as f32);
        }
        echotrace_embed::normalise(&mut mean);
        assert!(dot(&mean, sentence) > 0.9999, "pooled token states differ from embed");
    }
    let too_long = vec![vec![minilm.tokenizer().cls; 257]];
    assert!(minilm.token_states(&too_long, 1).is_err());
}
