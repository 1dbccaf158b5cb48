//! Embeddings of a fixed collection (a catalog, a claim set) kept on disk, keyed by a hash of
//! the model and the texts, so the transformer runs over a catalog once, not at every start.

use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use crate::error::Result;

/// The vectors of `texts`: read from `dir` when an earlier call stored them for the same model
/// and texts, else computed by `embed` and stored (a failed store only loses the cache).
pub fn cached_embeddings(
    dir: &Path,
    model: &str,
    texts: &[&str],
    embed: impl FnOnce(&[&str]) -> Result<Vec<Vec<f32>>>,
) -> Result<Vec<Vec<f32>>> {
    let mut hash = Xxh3::new();
    hash.update(model.as_bytes());
    for t in texts {
        hash.update(&(t.len() as u64).to_le_bytes());
        hash.update(t.as_bytes());
    }
    let path = dir.join(format!("{model}-{:016x}.f32", hash.digest()));
    if let Some(vectors) = read(&path, texts.len()) {
        return Ok(vectors);
    }
    let vectors = embed(texts)?;
    let mut bytes = Vec::with_capacity(vectors.iter().map(|v| v.len() * 4 + 4).sum());
    for v in &vectors {
        bytes.extend((v.len() as u32).to_le_bytes());
        v.iter().for_each(|x| bytes.extend(x.to_le_bytes()));
    }
    let partial = path.with_extension("partial");
    let stored = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&partial, &bytes))
        .and_then(|()| std::fs::rename(&partial, &path));
    if stored.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    Ok(vectors)
}

/// `count` length-prefixed vectors, or `None` for a missing or damaged file.
fn read(path: &Path, count: usize) -> Option<Vec<Vec<f32>>> {
    let bytes = std::fs::read(path).ok()?;
    let mut vectors = Vec::with_capacity(count);
    let mut at = 0;
    while at < bytes.len() {
        let len = u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        at += 4;
        let body = bytes.get(at..at + len * 4)?;
        vectors.push(
            body.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
        );
        at += len * 4;
    }
    (vectors.len() == count).then_some(vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_call_reads_what_the_first_stored_and_other_texts_miss() {
        let dir = tempfile::tempdir().expect("tempdir");
        let embed = |texts: &[&str]| Ok(texts.iter().map(|t| vec![t.len() as f32, 1.0]).collect());
        let first = cached_embeddings(dir.path(), "m", &["ab", "c"], embed).expect("computed");
        let again = cached_embeddings(dir.path(), "m", &["ab", "c"], |_| panic!("cache missed"))
            .expect("cached");
        assert_eq!(first, again);
        let mut called = false;
        cached_embeddings(dir.path(), "m", &["a", "bc"], |t| {
            called = true;
            embed(t)
        })
        .expect("computed");
        assert!(called, "different texts with the same concatenation must not share a cache");
    }

    #[test]
    fn a_damaged_cache_file_is_recomputed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let embed = |texts: &[&str]| Ok(texts.iter().map(|_| vec![0.5f32; 3]).collect());
        cached_embeddings(dir.path(), "m", &["x"], embed).expect("computed");
        for entry in std::fs::read_dir(dir.path()).expect("dir") {
            std::fs::write(entry.expect("entry").path(), b"\x03\0\0\0\0\0").expect("damage");
        }
        let v = cached_embeddings(dir.path(), "m", &["x"], embed).expect("recomputed");
        assert_eq!(v, vec![vec![0.5; 3]]);
    }
}
