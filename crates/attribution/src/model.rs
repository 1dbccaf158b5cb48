//! The learned parts: the cue lexicon, a cue tagger (B/I/O over tokens) and a role tagger
//! that, for one cue, labels the tokens around it as source, content or neither. Both taggers
//! are greedy left-to-right averaged perceptrons; [`train_attribution`] regenerates them from
//! PolNeAR's training split and [`Model::save`] writes them to `models/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use echotrace_analyze::Context;
use echotrace_model::Document;

use crate::brat::{parse_ann, BratAttribution, Fragments};
use crate::error::io_error;
use crate::features::{word_hash, CueView, DocFeatures, PrefixCounts};
use crate::lexicon::{counts_to_tsv, CueCounts, Lexicon};
use crate::perceptron::{Perceptron, Trainer};
use crate::{Error, Result};

pub(crate) const CUE_O: usize = 0;
pub(crate) const CUE_B: usize = 1;
pub(crate) const CUE_I: usize = 2;

pub(crate) const ROLE_O: usize = 0;
pub(crate) const ROLE_SOURCE: usize = 1;
pub(crate) const ROLE_CONTENT: usize = 2;
/// The "previous label" the role tagger sees right after the cue.
pub(crate) const ROLE_AFTER_CUE: usize = 3;

/// Hash table sizes (log2 of buckets per class).
const CUE_BITS: u32 = 16;
const ROLE_BITS: u32 = 16;
const EPOCHS: usize = 12;

/// The cue bias the embedded model uses (see [`Model::with_cue_bias`]).
pub const DEFAULT_CUE_BIAS: f32 = 4.0;

/// How far (in tokens) from its cue the role tagger looks, at most.
pub(crate) const MAX_REACH: usize = 60;

const CUE_MODEL: &[u8] = include_bytes!("../models/cue_tagger.bin");
const ROLE_MODEL: &[u8] = include_bytes!("../models/role_tagger.bin");
const LEXICON: &str = include_str!("../models/cue_lexicon.tsv");

/// The trained attribution model: cue lexicon, cue tagger and role tagger.
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) lexicon: Lexicon,
    lexicon_tsv: String,
    pub(crate) cue: Perceptron<3>,
    pub(crate) role: Perceptron<3>,
    /// Added to the score of "begins a cue" before the argmax: the perceptron is tuned for
    /// accuracy per token, and a small push towards cues trades precision for recall at the
    /// span level (tuned on PolNeAR dev).
    cue_bias: f32,
}

impl Model {
    /// The model embedded in the binary (trained by [`train_attribution`]), loaded once.
    pub fn embedded() -> Arc<Model> {
        static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                Arc::new(Model::from_parts(CUE_MODEL, ROLE_MODEL, LEXICON).expect(
                    "the embedded model files are written by train_attribution and checked by tests",
                ))
            })
            .clone()
    }

    /// Loads a model from the bytes of its three files.
    pub fn from_parts(cue: &[u8], role: &[u8], lexicon_tsv: &str) -> Result<Model> {
        Ok(Model {
            lexicon: Lexicon::from_tsv(lexicon_tsv)?,
            lexicon_tsv: lexicon_tsv.to_owned(),
            cue: Perceptron::from_bytes(cue)?,
            role: Perceptron::from_bytes(role)?,
            cue_bias: DEFAULT_CUE_BIAS,
        })
    }

    /// Loads the three files [`Model::save`] writes, e.g. a model just trained, without
    /// rebuilding the binary.
    pub fn load(dir: &Path) -> Result<Model> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(io_error(&path))
        };
        let lexicon = read("cue_lexicon.tsv")?;
        let lexicon = String::from_utf8(lexicon)
            .map_err(|_| Error::Model("cue_lexicon.tsv is not UTF-8".into()))?;
        Model::from_parts(&read("cue_tagger.bin")?, &read("role_tagger.bin")?, &lexicon)
    }

    /// The same model with another cue bias (see [`DEFAULT_CUE_BIAS`]).
    pub fn with_cue_bias(mut self, bias: f32) -> Model {
        self.cue_bias = bias;
        self
    }

    /// Writes `cue_tagger.bin`, `role_tagger.bin` and `cue_lexicon.tsv` into `dir` (the crate's
    /// `models/` directory is what the build embeds).
    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(io_error(&path))
        };
        write("cue_tagger.bin", &self.cue.to_bytes())?;
        write("role_tagger.bin", &self.role.to_bytes())?;
        write("cue_lexicon.tsv", self.lexicon_tsv.as_bytes())
    }

    /// Cue spans as token ranges `[start, end)`.
    #[inline(never)] // a unit of its own in profiles
    pub(crate) fn tag_cues(&self, doc: &DocFeatures) -> Vec<(usize, usize)> {
        let mut scores = [0f32; 3];
        let mut previous = CUE_O;
        let mut spans = Vec::new();
        let mut open: Option<usize> = None;
        for i in 0..doc.tokens.len() {
            // Tokens that (almost) never begin a cue in training are not scored outside a cue:
            // most of a text, and most of the time saved.
            let label = if previous == CUE_O && doc.tokens[i].never_begins_cue() {
                CUE_O
            } else {
                let features = doc.cue_features(i, previous);
                self.cue.scores(&features, &mut scores);
                scores[CUE_B] += self.cue_bias;
                let mut label = crate::perceptron::argmax(&scores);
                if label == CUE_I && previous == CUE_O {
                    label = CUE_B;
                }
                label
            };
            match label {
                CUE_B => {
                    if let Some(s) = open.take() {
                        spans.push((s, i));
                    }
                    open = Some(i);
                }
                CUE_I => {}
                _ => {
                    if let Some(s) = open.take() {
                        spans.push((s, i));
                    }
                }
            }
            previous = label;
        }
        if let Some(s) = open {
            spans.push((s, doc.tokens.len()));
        }
        spans
    }

    /// Role labels for the tokens of `window` around `cue` (cue tokens get [`ROLE_O`]).
    #[inline(never)] // a unit of its own in profiles
    pub(crate) fn tag_roles(
        &self,
        doc: &DocFeatures,
        counts: &PrefixCounts,
        cue: &CueView,
        window: std::ops::Range<usize>,
    ) -> Vec<u8> {
        let mut scores = [0f32; 3];
        let mut labels = Vec::with_capacity(window.len());
        let mut previous = ROLE_O;
        let mut content_after_cue = false;
        let mut outside_run = 0usize;
        let end = window.end;
        let cue_end_sentence = doc.sentence[cue.end.saturating_sub(1).max(cue.start)];
        for j in window {
            if j >= cue.start && j < cue.end {
                labels.push(ROLE_O as u8);
                previous = ROLE_AFTER_CUE;
                continue;
            }
            // Right of the cue, once a content has ended, later runs would be discarded by
            // assembly (it keeps the nearest): stop scoring. Likewise in the sentence after the
            // cue's once three tokens in a row are neither source nor content: a quotation
            // continued there ("… ,” he said. “…") starts at once.
            let past_sentence = j >= cue.end && doc.sentence[j] > cue_end_sentence;
            if (content_after_cue || past_sentence) && outside_run >= 3 {
                labels.resize(labels.len() + (end - j), ROLE_O as u8);
                break;
            }
            let features = doc.role_features(counts, cue, j, previous);
            let label = self.role.predict(&features, &mut scores);
            labels.push(label as u8);
            if j >= cue.end {
                content_after_cue |= label == ROLE_CONTENT;
                outside_run = if label == ROLE_O { outside_run + 1 } else { 0 };
            }
            previous = label;
        }
        labels
    }
}

/// The token window the role tagger labels for a cue: the cue's sentence and its neighbours,
/// capped at [`MAX_REACH`] tokens on each side.
pub(crate) fn role_window(
    cx: &Context<'_>,
    cue_start: usize,
    cue_end: usize,
) -> std::ops::Range<usize> {
    let sentence = cx.sentence_of_token[cue_start] as usize;
    let first = cx.sentence_tokens(sentence.saturating_sub(1)).start;
    let last_sentence = (cx.sentence_of_token[cue_end.saturating_sub(1).max(cue_start)] as usize
        + 1)
    .min(cx.sentences.len().saturating_sub(1));
    let last = cx.sentence_tokens(last_sentence).end.max(cue_end);
    first.max(cue_start.saturating_sub(MAX_REACH))..last.min(cue_end + MAX_REACH)
}

/// The narrower window used at run time: a neighbouring sentence is labelled only when the cue
/// sits at the edge of its own sentence ("… ,” he said." after a quotation of several
/// sentences; "He said:" before one). Elsewhere a neighbour almost never holds source or
/// content, and skipping it halves the tagging time.
pub(crate) fn inference_window(
    cx: &Context<'_>,
    cue_start: usize,
    cue_end: usize,
) -> std::ops::Range<usize> {
    let full = role_window(cx, cue_start, cue_end);
    let sentence = cx.sentence_of_token[cue_start] as usize;
    let own = cx.sentence_tokens(sentence);
    let end_sentence = cx.sentence_of_token[cue_end.saturating_sub(1).max(cue_start)] as usize;
    let own_end = cx.sentence_tokens(end_sentence).end;
    let start = if cue_start.saturating_sub(own.start) <= EDGE {
        full.start
    } else {
        own.start.max(full.start)
    };
    let end =
        if own_end.saturating_sub(cue_end) <= EDGE + 1 { full.end } else { own_end.min(full.end) };
    start..end.max(start)
}

/// How close (in tokens) to a sentence edge a cue must be for the neighbour to be labelled.
const EDGE: usize = 4;

/// One annotated article: its text and the attributions of its first annotation file.
#[derive(Debug, Clone)]
pub struct AnnotatedArticle {
    pub stem: String,
    pub text: String,
    pub attributions: Vec<BratAttribution>,
    /// Every text-bound span per label (`Source`, `Cue`, `Content`), for span-level scoring.
    pub spans: HashMap<String, Vec<Fragments>>,
}

/// Reads a PolNeAR split (`DIR/text/*.txt`, `DIR/attributions/<stem>_<annotator>.ann`), using the
/// first annotation file in sorted order for articles annotated more than once.
pub fn read_polnear(dir: &Path) -> Result<Vec<AnnotatedArticle>> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut ann_files: Vec<PathBuf> = std::fs::read_dir(&ann_dir)
        .map_err(io_error(&ann_dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    ann_files.sort();
    let mut first_ann: HashMap<String, PathBuf> = HashMap::new();
    for path in ann_files {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let Some((stem, _annotator)) = name.rsplit_once('_') else { continue };
        first_ann.entry(stem.to_owned()).or_insert(path);
    }
    let mut stems: Vec<&String> = first_ann.keys().collect();
    stems.sort();
    let mut articles = Vec::new();
    for stem in stems {
        let text_path = text_dir.join(format!("{stem}.txt"));
        let Ok(bytes) = std::fs::read(&text_path) else { continue };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let ann_path = &first_ann[stem];
        let ann = std::fs::read_to_string(ann_path).map_err(io_error(ann_path))?;
        let parsed = parse_ann(&ann)?;
        let mut spans: HashMap<String, Vec<Fragments>> = HashMap::new();
        for label in ["Source", "Cue", "Content"] {
            spans.insert(label.to_owned(), parsed.spans_of(label));
        }
        articles.push(AnnotatedArticle {
            stem: stem.clone(),
            text,
            attributions: parsed.attributions(),
            spans,
        });
    }
    if articles.is_empty() {
        return Err(Error::NoData(dir.to_path_buf()));
    }
    Ok(articles)
}

/// Token ranges overlapping code point `fragments`.
fn tokens_overlapping(token_chars: &[(usize, usize)], fragments: &[(usize, usize)]) -> Vec<usize> {
    let mut out = Vec::new();
    for &(fs, fe) in fragments {
        let first = token_chars.partition_point(|&(_, e)| e <= fs);
        for (i, &(ts, _)) in token_chars.iter().enumerate().skip(first) {
            if ts >= fe {
                break;
            }
            out.push(i);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Trains the cue lexicon, the cue tagger and the role tagger on a PolNeAR split (normally
/// `../shared/polnear/train`). Deterministic: the same data gives the same model. Save the
/// result with [`Model::save`] into `crates/attribution/models` to change what the build embeds
/// (the `train_attribution` example does both).
pub fn train_attribution(train_dir: &Path) -> Result<Model> {
    let articles = read_polnear(train_dir)?;
    let documents: Vec<Document> =
        articles.iter().map(|a| Document::new(a.stem.clone(), a.text.clone())).collect();
    let contexts: Vec<Context<'_>> = documents.iter().map(Context::new).collect();

    /// One attribution's cue as a token range and (token, role) pairs of its source and content.
    type GoldRoles = ((usize, usize), Vec<(usize, usize)>);
    // Gold labels per token.
    struct Gold {
        cue_labels: Vec<usize>,
        roles: Vec<GoldRoles>,
    }
    let mut golds = Vec::with_capacity(articles.len());
    let mut counts: HashMap<String, CueCounts> = HashMap::new();
    let mut buffer = String::new();
    for (article, cx) in articles.iter().zip(&contexts) {
        let token_chars: Vec<(usize, usize)> = cx
            .tokens
            .iter()
            .map(|t| {
                let [s, e] = cx.span(t.range());
                (s, e)
            })
            .collect();
        let mut cue_labels = vec![CUE_O; cx.tokens.len()];
        let mut roles = Vec::new();
        for attribution in &article.attributions {
            // The first fragment of a cue is the cue; later fragments ("said ... in a
            // statement") are rare and left to the overlap.
            let cue_tokens = tokens_overlapping(&token_chars, &attribution.cue[..1]);
            let (Some(&first), Some(&last)) = (cue_tokens.first(), cue_tokens.last()) else {
                continue;
            };
            cue_labels[first] = CUE_B;
            for label in &mut cue_labels[first + 1..=last] {
                *label = CUE_I;
            }
            let mut role_of: Vec<(usize, usize)> = Vec::new();
            if let Some(source) = &attribution.source {
                role_of.extend(
                    tokens_overlapping(&token_chars, source).into_iter().map(|t| (t, ROLE_SOURCE)),
                );
            }
            role_of.extend(
                tokens_overlapping(&token_chars, &attribution.content)
                    .into_iter()
                    .map(|t| (t, ROLE_CONTENT)),
            );
            roles.push(((first, last + 1), role_of));
        }
        for (token, label) in cx.tokens.iter().zip(&cue_labels) {
            let _ = word_hash(token.text(cx.text), &mut buffer);
            let entry = counts.entry(buffer.clone()).or_default();
            entry.total += 1;
            match *label {
                CUE_B => entry.begins += 1,
                CUE_I => entry.inside += 1,
                _ => {}
            }
        }
        golds.push(Gold { cue_labels, roles });
    }
    let lexicon_tsv = counts_to_tsv(&counts);
    let lexicon = Lexicon::from_tsv(&lexicon_tsv)?;
    let docs: Vec<DocFeatures> = contexts.iter().map(|cx| DocFeatures::new(cx, &lexicon)).collect();
    let prefix: Vec<PrefixCounts> = docs.iter().map(PrefixCounts::new).collect();

    let mut cue_trainer = Trainer::<3>::new(CUE_BITS);
    let mut role_trainer = Trainer::<3>::new(ROLE_BITS);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _epoch in 0..EPOCHS {
        // Deterministic shuffle (xorshift), so that training is reproducible.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &d in &order {
            let doc = &docs[d];
            let gold = &golds[d];
            let mut previous = CUE_O;
            for i in 0..doc.tokens.len() {
                let label = gold.cue_labels[i];
                // Match inference: tokens that never begin a cue are skipped outside a cue.
                if previous == CUE_O && doc.tokens[i].never_begins_cue() {
                    previous = label;
                    continue;
                }
                let features = doc.cue_features(i, previous);
                cue_trainer.learn(&features, label);
                previous = label;
            }
            let cx = &contexts[d];
            for ((cs, ce), role_of) in &gold.roles {
                let view = doc.cue_view(*cs, *ce);
                let window = role_window(cx, *cs, *ce);
                let mut labels = vec![ROLE_O; window.len()];
                for &(t, role) in role_of {
                    if window.contains(&t) {
                        labels[t - window.start] = role;
                    }
                }
                let mut previous = ROLE_O;
                for j in window.clone() {
                    if j >= *cs && j < *ce {
                        previous = ROLE_AFTER_CUE;
                        continue;
                    }
                    let label = labels[j - window.start];
                    let features = doc.role_features(&prefix[d], &view, j, previous);
                    role_trainer.learn(&features, label);
                    previous = label;
                }
            }
        }
    }
    Ok(Model {
        lexicon,
        lexicon_tsv,
        cue: cue_trainer.finish(),
        role: role_trainer.finish(),
        cue_bias: DEFAULT_CUE_BIAS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads_and_survives_save_and_load() {
        let model =
            Model::from_parts(CUE_MODEL, ROLE_MODEL, LEXICON).expect("embedded model parses");
        assert!(model.lexicon.len() > 1000, "the cue lexicon is the trained one");
        let dir = std::env::temp_dir()
            .join(format!("echotrace-attribution-model-{}", std::process::id()));
        model.save(&dir).expect("saves");
        let loaded = Model::load(&dir).expect("loads");
        assert_eq!(loaded.cue.to_bytes(), CUE_MODEL);
        assert_eq!(loaded.role.to_bytes(), ROLE_MODEL);
        assert_eq!(loaded.lexicon_tsv, LEXICON);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(Model::load(&dir).is_err());
    }

    #[test]
    fn reads_polnear_and_maps_gold_spans_to_tokens() {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/polnear/dev"));
        let articles = read_polnear(dir).expect("PolNeAR dev is readable");
        assert_eq!(articles.len(), 84);
        let attributions: usize = articles.iter().map(|a| a.attributions.len()).sum();
        assert!(attributions > 2000, "{attributions} attributions");
        let token_chars = [(0, 3), (4, 8), (9, 12)];
        assert_eq!(tokens_overlapping(&token_chars, &[(5, 10)]), [1, 2]);
        assert!(read_polnear(Path::new("/nonexistent")).is_err());
    }
}
