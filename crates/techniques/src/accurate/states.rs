//! MiniLM's last-layer hidden states aligned to our tokens: each sentence (cut into windows of
//! at most [`MAX_TOKENS`] WordPiece ids when longer) runs through the encoder on its own, and a
//! token's vector is the mean of the states of its word pieces.

use std::path::Path;

use echotrace_analyze::Context;
use echotrace_embed::minilm::{DIM, MAX_TOKENS};
use echotrace_embed::{MiniLm, WordPiece};

use crate::Result;

/// Sentences are encoded in batches of this many windows, shortest first.
const BATCH: usize = 16;
/// Names the alignment in the cache key: change it when the windows or the pooling change.
const CACHE_TAG: &str = "ptc-token-states-v1";

/// One [`DIM`]-wide row per token of a [`Context`] (zeros for a token with no word piece, such
/// as a lone control character).
#[derive(Debug, Clone)]
pub(crate) struct TokenStates {
    pub data: Vec<f32>,
}

impl TokenStates {
    pub fn row(&self, token: usize) -> &[f32] {
        &self.data[token * DIM..(token + 1) * DIM]
    }

    /// The mean of the rows of `range` (zeros for an empty range).
    pub fn mean(&self, range: std::ops::Range<usize>, out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        if range.is_empty() {
            return;
        }
        let scale = 1.0 / range.len() as f32;
        for i in range {
            out.iter_mut().zip(self.row(i)).for_each(|(o, x)| *o += x * scale);
        }
    }
}

/// Where each token's pieces sit: window, first row in the window (after `[CLS]`), count.
struct Placement {
    window: usize,
    first: usize,
    count: usize,
}

/// The model inputs of an article, sentence by sentence, and where each token went.
fn windows(tokenizer: &WordPiece, cx: &Context<'_>) -> (Vec<Vec<u32>>, Vec<Placement>) {
    let room = MAX_TOKENS - 2;
    let mut inputs: Vec<Vec<u32>> = Vec::new();
    let mut placements: Vec<Placement> = Vec::with_capacity(cx.tokens.len());
    let mut covered = 0;
    let pieces_of = |i: usize| {
        let mut pieces = tokenizer.encode(cx.tokens[i].text(cx.text));
        pieces.truncate(room);
        pieces
    };
    let sentences = (0..cx.sentences.len()).map(|s| cx.sentence_tokens(s));
    // Tokens outside every sentence (there should be none) get windows of their own.
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for range in sentences {
        if range.start > covered {
            ranges.push(covered..range.start);
        }
        covered = covered.max(range.end);
        ranges.push(range);
    }
    if covered < cx.tokens.len() {
        ranges.push(covered..cx.tokens.len());
    }
    for range in ranges {
        let mut current: Vec<u32> = vec![tokenizer.cls];
        for i in range {
            let pieces = pieces_of(i);
            if current.len() - 1 + pieces.len() > room {
                current.push(tokenizer.sep);
                inputs.push(std::mem::replace(&mut current, vec![tokenizer.cls]));
            }
            placements.push(Placement {
                window: inputs.len(),
                first: current.len(),
                count: pieces.len(),
            });
            current.extend(pieces);
        }
        if current.len() > 1 {
            current.push(tokenizer.sep);
            inputs.push(current);
        }
    }
    (inputs, placements)
}

/// The token states of an article, computed now.
pub(crate) fn token_states(minilm: &MiniLm, cx: &Context<'_>) -> Result<TokenStates> {
    let (inputs, placements) = windows(minilm.tokenizer(), cx);
    let states = minilm.token_states(&inputs, BATCH)?;
    let mut data = vec![0f32; cx.tokens.len() * DIM];
    for (token, place) in placements.iter().enumerate() {
        if place.count == 0 {
            continue;
        }
        let out = &mut data[token * DIM..(token + 1) * DIM];
        let rows = &states[place.window][place.first * DIM..(place.first + place.count) * DIM];
        let scale = 1.0 / place.count as f32;
        for row in rows.chunks_exact(DIM) {
            out.iter_mut().zip(row).for_each(|(o, x)| *o += x * scale);
        }
    }
    Ok(TokenStates { data })
}

/// [`token_states`] read from `cache` when an earlier call stored them for this text.
pub(crate) fn cached_token_states(
    minilm: &MiniLm,
    cache: &Path,
    cx: &Context<'_>,
) -> Result<TokenStates> {
    let want = cx.tokens.len() * DIM;
    let mut stored = echotrace_embed::cached_embeddings(cache, CACHE_TAG, &[cx.text], |_| {
        Ok(vec![
            token_states(minilm, cx)
                .map_err(|e| echotrace_embed::Error::Inference(e.to_string()))?
                .data,
        ])
    })?;
    match stored.pop() {
        Some(data) if data.len() == want => Ok(TokenStates { data }),
        _ => token_states(minilm, cx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use echotrace_model::Document;

    #[test]
    fn long_sentences_are_cut_into_windows_the_model_accepts() {
        let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "evil", "regime", "##s", "."];
        let tokenizer = WordPiece::from_vocab(
            vocab.iter().map(|s| s.to_string()).collect(),
            Path::new("vocab.txt"),
        )
        .expect("vocab");
        // A title, then one sentence of 200 two-piece words ("regimes"), then a short one.
        let text = format!("Evil\n\n{}.  Evil regime.", vec!["regimes"; 200].join(" "));
        let doc = Document::new("w", text);
        let cx = Context::new(&doc);
        let (inputs, placements) = windows(&tokenizer, &cx);
        assert_eq!(placements.len(), cx.tokens.len());
        assert!(inputs.iter().all(|w| w.len() <= MAX_TOKENS && w[0] == tokenizer.cls));
        assert!(inputs.iter().all(|w| *w.last().expect("non-empty") == tokenizer.sep));
        // Title, the long sentence in two windows, the short sentence.
        assert_eq!(inputs.len(), 4, "{:?}", inputs.iter().map(Vec::len).collect::<Vec<_>>());
        for (i, place) in placements.iter().enumerate() {
            let window = &inputs[place.window];
            let pieces = tokenizer.encode(cx.tokens[i].text(cx.text));
            assert_eq!(&window[place.first..place.first + place.count], pieces.as_slice());
        }
    }
}
