//! The fast path: a static embedding table distilled from MiniLM, in the manner of model2vec.
//!
//! Every WordPiece token of the vocabulary is run through the transformer alone
//! (`[CLS] token [SEP]`) and its pooled sentence vector is kept, minus the mean of all rows. A text is then embedded without
//! the transformer: the weighted mean of its tokens' rows, normalised. That costs a table lookup
//! per token instead of six attention layers, at a price in accuracy that
//! `echotrace eval claims` measures (the "fast" path).

use std::io::{BufWriter, Read, Write};
use std::path::Path;

use crate::error::{io_error, Error, Result};
use crate::minilm::MiniLm;
use crate::wordpiece::WordPiece;

const MAGIC: &[u8; 8] = b"ETSTAT02";
/// Tokens are distilled in batches of this many; three ids each, so the batch is cheap.
const DISTIL_BATCH: usize = 512;

/// One row per vocabulary id.
#[derive(Debug, Clone)]
pub struct StaticTable {
    tokenizer: WordPiece,
    dims: usize,
    rows: Vec<f32>,
}

impl StaticTable {
    /// Runs every vocabulary token through `model`; `progress` is called with the count done.
    pub fn distil(model: &MiniLm, mut progress: impl FnMut(usize, usize)) -> Result<StaticTable> {
        let tokenizer = model.tokenizer().clone();
        let n = tokenizer.len();
        let mut rows = Vec::with_capacity(n * 384);
        let ids: Vec<u32> = (0..n as u32).collect();
        let mut dims = 0;
        for chunk in ids.chunks(DISTIL_BATCH * 4) {
            let inputs: Vec<Vec<u32>> =
                chunk.iter().map(|&id| vec![tokenizer.cls, id, tokenizer.sep]).collect();
            for v in model.embed_ids_in_batches(&inputs, DISTIL_BATCH)? {
                dims = v.len();
                rows.extend(v);
            }
            progress(rows.len() / dims.max(1), n);
        }
        center(&mut rows, dims);
        Ok(StaticTable { tokenizer, dims, rows })
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    pub fn tokenizer(&self) -> &WordPiece {
        &self.tokenizer
    }

    /// The row of a vocabulary id.
    pub fn row(&self, id: u32) -> &[f32] {
        let start = id as usize * self.dims;
        &self.rows[start..start + self.dims]
    }

    /// The unit-length embedding of `text`, every token weighing the same.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        self.embed_ids(&self.tokenizer.encode(text), |_| 1.0)
    }

    /// The unit-length weighted mean of the rows of `ids` (all zeros when nothing weighs).
    pub fn embed_ids(&self, ids: &[u32], weight: impl Fn(u32) -> f32) -> Vec<f32> {
        let mut sum = vec![0f32; self.dims];
        for &id in ids {
            let w = weight(id);
            if w == 0.0 || id as usize >= self.tokenizer.len() {
                continue;
            }
            for (s, r) in sum.iter_mut().zip(self.row(id)) {
                *s += w * r;
            }
        }
        normalise(&mut sum);
        sum
    }

    /// Writes the table: a magic tag, the row count and width (u32 little endian), then the rows
    /// as f32 little endian. The vocabulary is not stored; it is read from `vocab.txt` on load.
    pub fn save(&self, path: &Path) -> Result<()> {
        let file = std::fs::File::create(path).map_err(io_error(path))?;
        let mut out = BufWriter::new(file);
        let write = |out: &mut BufWriter<std::fs::File>| -> std::io::Result<()> {
            out.write_all(MAGIC)?;
            out.write_all(&(self.tokenizer.len() as u32).to_le_bytes())?;
            out.write_all(&(self.dims as u32).to_le_bytes())?;
            for x in &self.rows {
                out.write_all(&x.to_le_bytes())?;
            }
            out.flush()
        };
        write(&mut out).map_err(io_error(path))
    }

    /// Reads a table written by [`StaticTable::save`] for the vocabulary `tokenizer`.
    pub fn load(path: &Path, tokenizer: WordPiece) -> Result<StaticTable> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(io_error(path))?;
        let bad = |message: String| Error::Model { path: path.to_path_buf(), message };
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(bad("not a static embedding table".into()));
        }
        let word = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize
        };
        let (n, dims) = (word(8), word(12));
        if n != tokenizer.len() {
            return Err(bad(format!("{n} rows for a vocabulary of {}", tokenizer.len())));
        }
        let body = &bytes[16..];
        if dims == 0 || body.len() != n * dims * 4 {
            return Err(bad(format!("{} bytes of rows, expected {n} × {dims} floats", body.len())));
        }
        let rows =
            body.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        Ok(StaticTable { tokenizer, dims, rows })
    }
}

/// Subtracts the mean row. A token alone pools with `[CLS]` and `[SEP]`, so every row shares a
/// large common direction; left in, it would dominate every sum and make all texts look alike.
fn center(rows: &mut [f32], dims: usize) {
    if dims == 0 || rows.is_empty() {
        return;
    }
    let n = (rows.len() / dims) as f32;
    let mut mean = vec![0f32; dims];
    for row in rows.chunks_exact(dims) {
        mean.iter_mut().zip(row).for_each(|(m, x)| *m += x / n);
    }
    for row in rows.chunks_exact_mut(dims) {
        row.iter_mut().zip(&mean).for_each(|(x, m)| *x -= m);
    }
}

/// Scales `v` to unit length; a zero vector stays zero.
pub fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// The dot product, which is the cosine for unit vectors.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> StaticTable {
        let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "white", "helmets"];
        let tokenizer =
            WordPiece::from_vocab(tokens.iter().map(|s| s.to_string()).collect(), Path::new("v"))
                .expect("vocab");
        let mut rows = vec![0f32; 6 * 2];
        rows[8..10].copy_from_slice(&[1.0, 0.0]);
        rows[10..12].copy_from_slice(&[0.0, 1.0]);
        StaticTable { tokenizer, dims: 2, rows }
    }

    #[test]
    fn texts_embed_as_the_weighted_normalised_mean_of_their_rows() {
        let table = tiny();
        let v = table.embed("White helmets");
        assert!((v[0] - v[1]).abs() < 1e-6 && (dot(&v, &v) - 1.0).abs() < 1e-6, "{v:?}");
        let ids = table.tokenizer().encode("white helmets");
        let leaning = table.embed_ids(&ids, |id| if id == 4 { 3.0 } else { 1.0 });
        assert!(leaning[0] > leaning[1]);
        assert_eq!(table.embed("nothing known"), vec![0.0, 0.0]);
    }

    #[test]
    fn centering_removes_the_common_direction() {
        let mut rows = vec![1.0, 2.0, 3.0, 2.0];
        center(&mut rows, 2);
        assert_eq!(rows, vec![-1.0, 0.0, 1.0, 0.0]);
    }

    #[test]
    fn a_saved_table_loads_back_and_a_foreign_file_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.bin");
        let table = tiny();
        table.save(&path).expect("save");
        let back = StaticTable::load(&path, table.tokenizer().clone()).expect("load");
        assert_eq!(back.rows, table.rows);
        std::fs::write(&path, b"ETSTAT02\x06\0\0\0\x02\0\0\0short").expect("write");
        let err = StaticTable::load(&path, table.tokenizer().clone()).expect_err("truncated");
        assert!(err.to_string().contains("expected 6 × 2"), "{err}");
    }
}
