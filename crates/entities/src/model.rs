//! The sequence model: an averaged structured perceptron over hashed features with first-order
//! BIO transitions, decoded exactly by Viterbi. Training is online and deterministic (a seeded
//! shuffle of documents per epoch); tagging a document runs its sentences in order so that the
//! document memory (how earlier occurrences were tagged) sees only the past, in training and in
//! use alike.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{LazyLock, OnceLock};

use std::cell::RefCell;

use echotrace_analyze::WordMemo;

use crate::features::{
    context_features, is_caps_line, token_features, word_features, DocumentMemory, TokenFacts,
};
use crate::lexicon::Lexicon;
use crate::tags::{Tag, TAG_COUNT};
use crate::{Error, Result};

type Row = [f32; TAG_COUNT];

const MAGIC: &[u8; 8] = b"ETNER\x00\x01\x00";

/// The file the crate embeds, written by [`NerModel::to_bytes`] from [`train_ner`]'s result.
static EMBEDDED_MODEL: &[u8] = include_bytes!("../models/ner-conll2003.bin.gz");

/// An open-addressing table from feature hash to weight row: lookups are the inner loop of
/// tagging, and the hashes are already uniform, so no hasher runs. Slots hold the key and the
/// index of a dense row, so that probes (most features of a text are unknown) touch only the
/// small slot array and the rows stay compact in cache. In front of the slots, a bitmap with one
/// bit per low-bit pattern of the keys present (4 bits per slot, so an eighth of the slot array's
/// bytes: it stays in cache) turns most unknown features away without touching the slots.
#[derive(Debug, Clone, Default)]
struct FeatureTable {
    slots: Vec<(u32, u32)>,
    rows: Vec<Row>,
    mask: usize,
    filter: Vec<u64>,
    filter_mask: usize,
}

/// Key 0 marks an empty slot, so a feature that hashes to 0 is stored as 1.
#[inline]
fn slot_key(key: u32) -> u32 {
    key.max(1)
}

impl FeatureTable {
    fn build(entries: Vec<(u32, Row)>) -> Self {
        let capacity = (entries.len() * 2).next_power_of_two().max(16);
        let filter_bits = capacity * 4;
        let mut table = FeatureTable {
            slots: vec![(0, 0); capacity],
            rows: Vec::with_capacity(entries.len()),
            mask: capacity - 1,
            filter: vec![0; filter_bits / 64],
            filter_mask: filter_bits - 1,
        };
        for (key, row) in entries {
            let key = slot_key(key);
            let bit = key as usize & table.filter_mask;
            table.filter[bit / 64] |= 1 << (bit % 64);
            let mut i = key as usize & table.mask;
            while table.slots[i].0 != 0 && table.slots[i].0 != key {
                i = (i + 1) & table.mask;
            }
            if table.slots[i].0 == key {
                let existing = &mut table.rows[table.slots[i].1 as usize];
                for (dst, src) in existing.iter_mut().zip(row) {
                    *dst += src;
                }
            } else {
                table.slots[i] = (key, table.rows.len() as u32);
                table.rows.push(row);
            }
        }
        table
    }

    #[inline]
    fn get(&self, key: u32) -> Option<&Row> {
        if self.slots.is_empty() {
            return None;
        }
        let key = slot_key(key);
        let bit = key as usize & self.filter_mask;
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mut i = key as usize & self.mask;
        loop {
            let (k, row) = self.slots[i];
            if k == key {
                return self.rows.get(row as usize);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    /// `(key, row)` pairs in key order.
    fn sorted_entries(&self) -> Vec<(u32, &Row)> {
        let mut entries: Vec<(u32, &Row)> = self
            .slots
            .iter()
            .filter(|(k, _)| *k != 0)
            .map(|(k, r)| (*k, &self.rows[*r as usize]))
            .collect();
        entries.sort_by_key(|(k, _)| *k);
        entries
    }
}

/// A trained tagger. Load the embedded one once with [`NerModel::embedded`].
#[derive(Debug, Clone)]
pub struct NerModel {
    features: FeatureTable,
    transitions: [Row; TAG_COUNT],
    start: Row,
    /// Names these weights for the per-thread word memo (a clone has the same weights, so it
    /// shares the id); an address could be reused by another model once this one is dropped.
    id: u64,
}

/// The next [`NerModel::id`]; 0 is never given, so it marks an empty memo.
fn next_model_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Settings of [`train_ner`]. The defaults produced the embedded model.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training documents.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle of documents: the same seed and data give the same model.
    pub seed: u64,
    /// Feature rows whose largest absolute averaged weight is below this are dropped.
    pub prune_below: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 12, seed: 20_180_211, prune_below: 0.5 }
    }
}

/// A document for training: sentences of `(word, gold BIO tag)`.
pub type TrainingDocument = Vec<Vec<(String, Tag)>>;

fn allowed(prev: Option<usize>, cur: usize) -> bool {
    Tag(cur as u8).may_follow(prev.map(|p| Tag(p as u8)))
}

/// For each tag, the tags that may precede it (in tag order) and how many there are: worked out
/// once rather than tested per token and pair of tags.
static PREDECESSORS: LazyLock<[([u8; TAG_COUNT], usize); TAG_COUNT]> = LazyLock::new(|| {
    let mut out = [([0u8; TAG_COUNT], 0usize); TAG_COUNT];
    for (t, (list, len)) in out.iter_mut().enumerate() {
        for p in 0..TAG_COUNT {
            if allowed(Some(p), t) {
                list[*len] = p as u8;
                *len += 1;
            }
        }
    }
    out
});

/// The best BIO sequence for per-token scores under the transition weights.
fn viterbi(emissions: &[Row], transitions: &[Row; TAG_COUNT], start: &Row) -> Vec<Tag> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let predecessors = &*PREDECESSORS;
    let mut score = vec![[f32::NEG_INFINITY; TAG_COUNT]; n];
    let mut back = vec![[0u8; TAG_COUNT]; n];
    for t in 0..TAG_COUNT {
        if allowed(None, t) {
            score[0][t] = start[t] + emissions[0][t];
        }
    }
    for i in 1..n {
        for t in 0..TAG_COUNT {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            let (list, len) = &predecessors[t];
            for &p in &list[..*len] {
                let p = p as usize;
                let s = score[i - 1][p] + transitions[p][t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            score[i][t] = best + emissions[i][t];
            back[i][t] = arg;
        }
    }
    let mut last = 0usize;
    for t in 1..TAG_COUNT {
        if score[n - 1][t] > score[n - 1][last] {
            last = t;
        }
    }
    let mut out = vec![Tag::O; n];
    let mut cur = last;
    for i in (0..n).rev() {
        out[i] = Tag(cur as u8);
        cur = back[i][cur] as usize;
    }
    out
}

/// Per-sentence state shared by training and tagging: facts, caps flag and features.
struct PreparedSentence {
    facts: Vec<TokenFacts>,
    caps_line: bool,
}

fn prepare(words: &[&str], lexicon: &Lexicon) -> PreparedSentence {
    let facts: Vec<TokenFacts> = words.iter().map(|w| TokenFacts::new(w, lexicon)).collect();
    let caps_line = is_caps_line(&facts);
    PreparedSentence { facts, caps_line }
}

/// Distinct word forms a thread remembers before it starts afresh.
const WORD_MEMO_LIMIT: usize = 200_000;

thread_local! {
    /// Word → its facts under [`Lexicon::standard`] and the summed weights of its
    /// [`word_features`] under the model whose id is kept beside the memo. Both depend on the
    /// word alone; computing the facts (lower-casing, shapes, eight affix hashes) was a quarter
    /// of tagging, and the word features are 13 of a token's 30-odd weight lookups.
    static WORDS: RefCell<(u64, WordMemo<(TokenFacts, Row)>)> =
        RefCell::new((0, WordMemo::new(WORD_MEMO_LIMIT)));
}

impl NerModel {
    /// The model embedded in the crate, decoded once per process.
    pub fn embedded() -> &'static NerModel {
        static MODEL: OnceLock<NerModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            NerModel::from_bytes(EMBEDDED_MODEL)
                .expect("the embedded model is written by to_bytes; a unit test decodes it")
        })
    }

    /// Adds the weights of `features` to `row`, in order.
    fn add_weights(&self, features: &[u32], row: &mut Row) {
        for &f in features {
            if let Some(w) = self.features.get(f) {
                for (r, x) in row.iter_mut().zip(w) {
                    *r += x;
                }
            }
        }
    }

    /// The facts of each word of `words` under the standard lexicon and the summed weights of
    /// its word features, remembered per thread for this model.
    fn prepare_words(&self, words: &[&str]) -> (PreparedSentence, Vec<Row>) {
        let lexicon = Lexicon::standard();
        let model = self.id;
        let mut features = Vec::with_capacity(16);
        let (facts, rows): (Vec<TokenFacts>, Vec<Row>) = WORDS.with(|cell| {
            let (owner, memo) = &mut *cell.borrow_mut();
            if *owner != model {
                *memo = WordMemo::new(WORD_MEMO_LIMIT);
                *owner = model;
            }
            words
                .iter()
                .map(|w| {
                    memo.get_or_compute(w, |w| {
                        let facts = TokenFacts::new(w, lexicon);
                        features.clear();
                        word_features(&facts, &mut features);
                        let mut row = [0f32; TAG_COUNT];
                        self.add_weights(&features, &mut row);
                        (facts, row)
                    })
                })
                .unzip()
        });
        let caps_line = is_caps_line(&facts);
        (PreparedSentence { facts, caps_line }, rows)
    }

    /// Tags one document, given as sentences of words, returning one BIO tag per word.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let (prepared, word_rows): (Vec<PreparedSentence>, Vec<Vec<Row>>) =
            sentences.iter().map(|s| self.prepare_words(s)).unzip();
        let mut memory = DocumentMemory::new(prepared.iter().map(|p| p.facts.as_slice()));
        let mut features = Vec::with_capacity(64);
        let mut emissions = Vec::new();
        let mut out = Vec::with_capacity(sentences.len());
        for (sentence, rows) in prepared.iter().zip(&word_rows) {
            emissions.clear();
            for (i, &word_row) in rows.iter().enumerate() {
                // The same sum as over `token_features`: the word features come first.
                features.clear();
                context_features(&sentence.facts, sentence.caps_line, &memory, i, &mut features);
                let mut row = word_row;
                self.add_weights(&features, &mut row);
                emissions.push(row);
            }
            let tags = viterbi(&emissions, &self.transitions, &self.start);
            memory.record(&sentence.facts, &tags);
            out.push(tags);
        }
        out
    }

    /// Number of feature rows kept.
    pub fn feature_count(&self) -> usize {
        self.features.len()
    }

    /// The compact binary form: weights quantised to 16 bits, zero weights left out, gzipped.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let entries = self.features.sorted_entries();
        let max_abs =
            entries.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
        let scale = max_abs / i16::MAX as f32;
        let mut raw = Vec::with_capacity(entries.len() * 12);
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&(TAG_COUNT as u32).to_le_bytes());
        raw.extend_from_slice(&scale.to_le_bytes());
        for row in self.transitions.iter().chain(std::iter::once(&self.start)) {
            for w in row {
                raw.extend_from_slice(&w.to_le_bytes());
            }
        }
        raw.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        let mut previous = 0u32;
        for (key, row) in entries {
            write_varint(&mut raw, key - previous);
            previous = key;
            let quantised: Vec<i16> = row.iter().map(|w| (w / scale).round() as i16).collect();
            let mut mask = 0u16;
            for (t, q) in quantised.iter().enumerate() {
                if *q != 0 {
                    mask |= 1 << t;
                }
            }
            raw.extend_from_slice(&mask.to_le_bytes());
            for q in quantised.iter().filter(|q| **q != 0) {
                raw.extend_from_slice(&q.to_le_bytes());
            }
        }
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&raw).map_err(|e| Error::Model(e.to_string()))?;
        encoder.finish().map_err(|e| Error::Model(e.to_string()))
    }

    /// Reads what [`NerModel::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| Error::Model(format!("not a gzipped model: {e}")))?;
        let mut reader = ByteReader { bytes: &raw, pos: 0 };
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(Error::Model("not an echotrace NER model (bad magic)".into()));
        }
        if reader.u32()? as usize != TAG_COUNT {
            return Err(Error::Model("model has a different tag set".into()));
        }
        let scale = reader.f32()?;
        let mut transitions = [[0f32; TAG_COUNT]; TAG_COUNT];
        let mut start = [0f32; TAG_COUNT];
        for row in transitions.iter_mut().chain(std::iter::once(&mut start)) {
            for w in row.iter_mut() {
                *w = reader.f32()?;
            }
        }
        let n = reader.u32()? as usize;
        let mut entries = Vec::with_capacity(n.min(raw.len()));
        let mut key = 0u32;
        for _ in 0..n {
            key = key.wrapping_add(reader.varint()?);
            let mask = u16::from_le_bytes([reader.u8()?, reader.u8()?]);
            let mut row = [0f32; TAG_COUNT];
            for (t, w) in row.iter_mut().enumerate() {
                if mask & (1 << t) != 0 {
                    *w = i16::from_le_bytes([reader.u8()?, reader.u8()?]) as f32 * scale;
                }
            }
            entries.push((key, row));
        }
        Ok(NerModel {
            features: FeatureTable::build(entries),
            transitions,
            start,
            id: next_model_id(),
        })
    }
}

fn write_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct ByteReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| Error::Model("model file is truncated".into()))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn varint(&mut self) -> Result<u32> {
        let mut v = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u32) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Error::Model("bad varint in model file".into()))
    }
}

/// A small deterministic generator for the shuffle (SplitMix64).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Weights being trained, with the sums for averaging (the "w − u/c" form of the averaged
/// perceptron: `u` accumulates each update times the step at which it happened).
struct Trainer {
    index: HashMap<u32, usize>,
    weights: Vec<Row>,
    updates: Vec<Row>,
    transitions: [Row; TAG_COUNT],
    transition_updates: [Row; TAG_COUNT],
    start: Row,
    start_updates: Row,
    step: f32,
}

impl Trainer {
    fn row(&mut self, feature: u32) -> usize {
        let next = self.weights.len();
        let i = *self.index.entry(slot_key(feature)).or_insert(next);
        if i == next {
            self.weights.push([0.0; TAG_COUNT]);
            self.updates.push([0.0; TAG_COUNT]);
        }
        i
    }

    fn emissions(&self, token_features: &[Vec<u32>]) -> Vec<Row> {
        token_features
            .iter()
            .map(|fs| {
                let mut row = [0f32; TAG_COUNT];
                for f in fs {
                    if let Some(&i) = self.index.get(&slot_key(*f)) {
                        for (r, w) in row.iter_mut().zip(&self.weights[i]) {
                            *r += w;
                        }
                    }
                }
                row
            })
            .collect()
    }

    fn update(&mut self, token_features: &[Vec<u32>], gold: &[Tag], predicted: &[Tag]) {
        let step = self.step;
        for i in 0..gold.len() {
            let (g, p) = (gold[i].index(), predicted[i].index());
            if g != p {
                for &f in &token_features[i] {
                    let r = self.row(f);
                    self.weights[r][g] += 1.0;
                    self.weights[r][p] -= 1.0;
                    self.updates[r][g] += step;
                    self.updates[r][p] -= step;
                }
            }
            let gold_prev = i.checked_sub(1).map(|j| gold[j].index());
            let pred_prev = i.checked_sub(1).map(|j| predicted[j].index());
            if (gold_prev, g) != (pred_prev, p) {
                match gold_prev {
                    Some(q) => {
                        self.transitions[q][g] += 1.0;
                        self.transition_updates[q][g] += step;
                    }
                    None => {
                        self.start[g] += 1.0;
                        self.start_updates[g] += step;
                    }
                }
                match pred_prev {
                    Some(q) => {
                        self.transitions[q][p] -= 1.0;
                        self.transition_updates[q][p] -= step;
                    }
                    None => {
                        self.start[p] -= 1.0;
                        self.start_updates[p] -= step;
                    }
                }
            }
        }
    }

    fn averaged(self, prune_below: f32) -> NerModel {
        let c = self.step.max(1.0);
        let average = |w: &Row, u: &Row| -> Row {
            let mut out = [0f32; TAG_COUNT];
            for t in 0..TAG_COUNT {
                out[t] = w[t] - u[t] / c;
            }
            out
        };
        let mut entries = Vec::with_capacity(self.index.len());
        for (key, i) in &self.index {
            let row = average(&self.weights[*i], &self.updates[*i]);
            if row.iter().any(|w| w.abs() >= prune_below) {
                entries.push((*key, row));
            }
        }
        let mut transitions = [[0f32; TAG_COUNT]; TAG_COUNT];
        for (t, row) in transitions.iter_mut().enumerate() {
            *row = average(&self.transitions[t], &self.transition_updates[t]);
        }
        let start = average(&self.start, &self.start_updates);
        NerModel { features: FeatureTable::build(entries), transitions, start, id: next_model_id() }
    }
}

/// Trains the tagger on `documents` (for the embedded model: CoNLL-2003 `train.txt`, read with
/// [`crate::read_conll`], with [`TrainOptions::default`]). Deterministic: the same data and
/// options give the same model, byte for byte. `progress` is called after each epoch with the
/// epoch number and the share of training tokens the model got wrong during it.
pub fn train_ner(
    documents: &[TrainingDocument],
    options: &TrainOptions,
    mut progress: impl FnMut(usize, f64),
) -> NerModel {
    let lexicon = Lexicon::standard();
    let mut trainer = Trainer {
        index: HashMap::new(),
        weights: Vec::new(),
        updates: Vec::new(),
        transitions: [[0.0; TAG_COUNT]; TAG_COUNT],
        transition_updates: [[0.0; TAG_COUNT]; TAG_COUNT],
        start: [0.0; TAG_COUNT],
        start_updates: [0.0; TAG_COUNT],
        step: 1.0,
    };
    let mut order: Vec<usize> = (0..documents.len()).collect();
    let mut rng = SplitMix(options.seed);
    for epoch in 1..=options.epochs {
        // Fisher–Yates with the seeded generator.
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let (mut errors, mut tokens) = (0usize, 0usize);
        for &d in &order {
            let document = &documents[d];
            let words: Vec<Vec<&str>> =
                document.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect();
            let prepared: Vec<PreparedSentence> =
                words.iter().map(|s| prepare(s, lexicon)).collect();
            let mut memory = DocumentMemory::new(prepared.iter().map(|p| p.facts.as_slice()));
            for ((sentence, words), gold) in prepared.iter().zip(&words).zip(document) {
                let token_features: Vec<Vec<u32>> = (0..words.len())
                    .map(|i| {
                        let mut fs = Vec::with_capacity(64);
                        token_features(&sentence.facts, sentence.caps_line, &memory, i, &mut fs);
                        fs
                    })
                    .collect();
                let emissions = trainer.emissions(&token_features);
                let predicted = viterbi(&emissions, &trainer.transitions, &trainer.start);
                let gold_tags: Vec<Tag> = gold.iter().map(|(_, t)| *t).collect();
                tokens += gold_tags.len();
                errors += gold_tags.iter().zip(&predicted).filter(|(g, p)| g != p).count();
                if predicted != gold_tags {
                    trainer.update(&token_features, &gold_tags, &predicted);
                }
                trainer.step += 1.0;
                memory.record(&sentence.facts, &predicted);
            }
        }
        progress(epoch, errors as f64 / tokens.max(1) as f64);
    }
    trainer.averaged(options.prune_below)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::ConllType;

    fn toy_documents() -> Vec<TrainingDocument> {
        let per = |w: &str, t: Tag| (w.to_owned(), t);
        let b = Tag::begin(ConllType::Per);
        let i = Tag::inside(ConllType::Per);
        let loc = Tag::begin(ConllType::Loc);
        vec![vec![
            vec![
                per("Maria", b),
                per("Zakharova", i),
                per("spoke", Tag::O),
                per("in", Tag::O),
                per("Moscow", loc),
            ],
            vec![
                per("Igor", b),
                per("Konashenkov", i),
                per("spoke", Tag::O),
                per("in", Tag::O),
                per("Idlib", loc),
            ],
        ]]
    }

    #[test]
    fn learns_a_toy_set_and_round_trips_through_bytes() {
        let options = TrainOptions { epochs: 5, seed: 1, prune_below: 0.0 };
        let model = train_ner(&toy_documents(), &options, |_, _| {});
        let sentence = vec!["Maria", "Zakharova", "spoke", "in", "Moscow"];
        let tags = model.tag_document(std::slice::from_ref(&sentence));
        assert_eq!(tags[0], toy_documents()[0][0].iter().map(|(_, t)| *t).collect::<Vec<_>>());
        let bytes = model.to_bytes().expect("serialises");
        let back = NerModel::from_bytes(&bytes).expect("deserialises");
        assert_eq!(back.tag_document(std::slice::from_ref(&sentence)), tags);
        assert_eq!(back.feature_count(), model.feature_count());
    }

    #[test]
    fn the_word_memo_never_serves_one_models_weights_to_another() {
        let sentence = vec!["Maria", "Zakharova", "spoke", "in", "Moscow"];
        let trained = train_ner(&toy_documents(), &TrainOptions::default(), |_, _| {});
        let alone = trained.tag_document(std::slice::from_ref(&sentence));
        // An untrained model tags everything O; tagging with it in between must not leave its
        // rows behind for the trained one, nor the trained one's for a model built after it.
        let untrained = TrainOptions { epochs: 0, ..TrainOptions::default() };
        let blank = train_ner(&toy_documents(), &untrained, |_, _| {});
        let blank_tags = blank.tag_document(std::slice::from_ref(&sentence));
        assert!(blank_tags[0].iter().all(|t| *t == Tag::O), "{blank_tags:?}");
        assert_eq!(trained.tag_document(std::slice::from_ref(&sentence)), alone);
        assert_ne!(alone, blank_tags);
        drop(blank);
        let again = train_ner(&toy_documents(), &untrained, |_, _| {});
        assert_eq!(again.tag_document(std::slice::from_ref(&sentence)), blank_tags);
    }

    #[test]
    fn training_is_deterministic() {
        let options = TrainOptions { epochs: 3, seed: 7, prune_below: 0.0 };
        let a = train_ner(&toy_documents(), &options, |_, _| {}).to_bytes().expect("bytes");
        let b = train_ner(&toy_documents(), &options, |_, _| {}).to_bytes().expect("bytes");
        assert_eq!(a, b);
    }

    #[test]
    fn corrupt_model_bytes_are_an_error() {
        assert!(NerModel::from_bytes(b"not gzip").is_err());
        let model = train_ner(&toy_documents(), &TrainOptions::default(), |_, _| {});
        let bytes = model.to_bytes().expect("bytes");
        assert!(NerModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    }

    #[test]
    fn viterbi_never_opens_with_inside() {
        let mut emissions = vec![[0f32; TAG_COUNT]; 2];
        emissions[0][Tag::inside(ConllType::Org).index()] = 10.0;
        let tags = viterbi(&emissions, &[[0.0; TAG_COUNT]; TAG_COUNT], &[0.0; TAG_COUNT]);
        assert_ne!(tags[0], Tag::inside(ConllType::Org));
    }
}
