//! Text reuse: which passages of one document reappear, lightly edited, in another.
//!
//! The method is passim's, on one machine:
//!
//! 1. **Fingerprints.** Every document's words are cut into overlapping n-word shingles
//!    ([`ReuseOptions::ngram`], 5 by default); a fixed subset of them (the hashes divisible by
//!    [`ReuseOptions::sample`]) is kept. Two copies of a passage keep the same subset, so a
//!    shared passage of 40 words still shares about nine fingerprints at a quarter of the
//!    memory.
//! 2. **Pruning.** A fingerprint of one document only is not looked up (it cannot seed a
//!    pair); one in more than [`ReuseOptions::max_df`] documents is a stock phrase, not reuse; one that recurs across many documents of the *same outlet* is that
//!    outlet's boilerplate (footers, bylines, newsletter pitches) and is dropped for that outlet.
//! 3. **Candidates.** Only documents marked new are looked up, against the whole index: a corpus
//!    that grows is compared incrementally, old pairs are never recomputed. A document is aligned
//!    with at most [`ReuseOptions::max_candidates`] others, those sharing the most fingerprints,
//!    so a story that thousands of outlets carry costs a bounded amount of work per copy.
//! 4. **Alignment.** Shared fingerprints of a pair are chained along the diagonal, tolerating
//!    gaps (a substituted word, a dropped sentence) up to [`ReuseOptions::max_gap`] words; each
//!    chain is extended word by word at both ends and scored by the longest common subsequence
//!    of its words. Reordered sentences become separate passages.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::words::{shingles, words, Word};

/// Settings of reuse detection. The defaults suit news articles.
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseOptions {
    /// Words per shingle.
    pub ngram: usize,
    /// Keep the shingles whose hash is divisible by this (1 keeps all).
    pub sample: u64,
    /// Passages shorter than this many code points (on either side) are not reported.
    pub min_chars: usize,
    /// The largest gap, in words, bridged inside one passage.
    pub max_gap: usize,
    /// Fewest shared fingerprints that make a passage.
    pub min_seeds: usize,
    /// Fingerprints in more documents than this are ignored as stock phrases.
    pub max_df: usize,
    /// Most documents a new document is aligned with: those sharing the most fingerprints.
    pub max_candidates: usize,
    /// A fingerprint is boilerplate of an outlet when it is in at least this many of its
    /// documents …
    pub boilerplate_min_docs: usize,
    /// … and in at least this share of them.
    pub boilerplate_share: f64,
}

impl Default for ReuseOptions {
    fn default() -> Self {
        ReuseOptions {
            ngram: 5,
            sample: 4,
            min_chars: 100,
            max_gap: 40,
            min_seeds: 3,
            max_df: 1000,
            max_candidates: 100,
            boilerplate_min_docs: 5,
            boilerplate_share: 0.3,
        }
    }
}

/// What the index needs to know of a document besides its text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocInfo {
    /// The caller's key for the document (the store's `doc_key`).
    pub key: i64,
    /// Publication day, `YYYY-MM-DD`.
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// Compare this document with the others (documents not new were compared before).
    pub is_new: bool,
}

/// Whether the direction of a reuse pair comes from publication dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The source was published on an earlier day than the target.
    Dated,
    /// A date is missing or both are the same day: the source is the document stored first.
    Undated,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Dated => "dated",
            Direction::Undated => "undated",
        }
    }
}

/// One side of a reuse pair: `[start, end)` code points of the document `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageSpan {
    pub key: i64,
    pub start: usize,
    pub end: usize,
}

/// A passage of `source` that reappears in `target`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseMatch {
    pub source: PassageSpan,
    pub target: PassageSpan,
    /// Words of the longest common subsequence of the two passages.
    pub aligned_words: usize,
    /// `2 · aligned / (words in source + words in target)`, in `[0, 1]`.
    pub similarity: f32,
    pub direction: Direction,
}

/// Fingerprints are already well-mixed hashes: the map uses them as they are.
#[derive(Debug, Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        // Kept fingerprints are multiples of the sample rate: fold high bits into the low ones
        // the table indexes by.
        self.0 = value ^ (value >> 29);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting {
    hash: u64,
    doc: u32,
    position: u32,
}

#[derive(Debug)]
struct Entry {
    info: DocInfo,
    outlet: Option<u32>,
    text: Box<str>,
}

/// The fingerprints of a corpus, built by [`add`](ReuseIndex::add) and searched by
/// [`detect`](ReuseIndex::detect). Holds the texts: memory grows with the corpus's text size
/// plus 16 bytes per kept fingerprint.
#[derive(Debug)]
pub struct ReuseIndex {
    options: ReuseOptions,
    docs: Vec<Entry>,
    outlets: HashMap<String, u32>,
    outlet_docs: Vec<u32>,
    postings: Vec<Posting>,
    /// Where each fingerprint's postings start in `postings` and how many there are.
    runs: HashMap<u64, (u32, u32), BuildHasherDefault<KeyHasher>>,
    pruned: bool,
    boilerplate_dropped: usize,
}

/// Counts from one [`ReuseIndex::detect`] run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetectSummary {
    pub documents: usize,
    pub new_documents: usize,
    pub fingerprints: usize,
    pub boilerplate_fingerprints: usize,
    pub candidate_pairs: usize,
    pub matches: usize,
}

impl ReuseIndex {
    pub fn new(options: ReuseOptions) -> ReuseIndex {
        ReuseIndex {
            options,
            docs: Vec::new(),
            outlets: HashMap::new(),
            outlet_docs: Vec::new(),
            postings: Vec::new(),
            runs: HashMap::default(),
            pruned: false,
            boilerplate_dropped: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Adds a document. Documents may be added in any order; keys should be unique.
    pub fn add(&mut self, info: DocInfo, text: &str) {
        let Ok(doc) = u32::try_from(self.docs.len()) else {
            // Four billion documents: beyond what one index holds; the rest are not compared.
            return;
        };
        let outlet = info.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(|o| {
            let next = self.outlets.len() as u32;
            let id = *self.outlets.entry(o.to_lowercase()).or_insert(next);
            if id as usize == self.outlet_docs.len() {
                self.outlet_docs.push(0);
            }
            self.outlet_docs[id as usize] += 1;
            id
        });
        let sample = self.options.sample.max(1);
        let text_words = words(text);
        for (position, hash) in shingles(&text_words, self.options.ngram) {
            if hash % sample == 0 {
                self.postings.push(Posting {
                    hash,
                    doc,
                    position: u32::try_from(position).unwrap_or(u32::MAX),
                });
            }
        }
        self.docs.push(Entry { info, outlet, text: text.into() });
        self.pruned = false;
    }

    /// Sorts the postings and drops stock phrases and per-outlet boilerplate.
    fn prune(&mut self) {
        if self.pruned {
            return;
        }
        self.postings.sort_unstable();
        self.postings.dedup_by(|a, b| a.hash == b.hash && a.doc == b.doc);
        let mut keep = vec![true; self.postings.len()];
        let mut dropped = 0;
        let mut start = 0;
        while start < self.postings.len() {
            let hash = self.postings[start].hash;
            let end = start + self.postings[start..].partition_point(|p| p.hash == hash);
            let run = &self.postings[start..end];
            if run.len() > self.options.max_df {
                keep[start..end].iter_mut().for_each(|k| *k = false);
            } else if run.len() >= self.options.boilerplate_min_docs {
                let mut per_outlet: HashMap<u32, u32> = HashMap::new();
                for posting in run {
                    if let Some(outlet) = self.docs[posting.doc as usize].outlet {
                        *per_outlet.entry(outlet).or_default() += 1;
                    }
                }
                for (outlet, count) in per_outlet {
                    let of_outlet = f64::from(self.outlet_docs[outlet as usize]);
                    if count as usize >= self.options.boilerplate_min_docs
                        && f64::from(count) >= self.options.boilerplate_share * of_outlet
                    {
                        dropped += 1;
                        for (i, posting) in run.iter().enumerate() {
                            if self.docs[posting.doc as usize].outlet == Some(outlet) {
                                keep[start + i] = false;
                            }
                        }
                    }
                }
            }
            start = end;
        }
        let mut kept = keep.iter();
        self.postings.retain(|_| *kept.next().unwrap_or(&true));
        self.runs.clear();
        let mut start = 0;
        while start < self.postings.len() {
            let hash = self.postings[start].hash;
            let len = self.postings[start..].partition_point(|p| p.hash == hash);
            // Postings beyond u32::MAX are not reachable; an index that large does not fit a
            // machine this runs on anyway.
            // A fingerprint of one document cannot seed a pair: leaving it out of the lookup
            // table changes no result and keeps most of the table (text is mostly unique) out
            // of memory and out of the cache lines the lookups miss. Its posting stays, for
            // documents added later.
            if len == 1 {
                start += len;
                continue;
            }
            if let (Ok(at), Ok(n)) = (u32::try_from(start), u32::try_from(len)) {
                self.runs.insert(hash, (at, n));
            }
            start += len;
        }
        self.boilerplate_dropped = dropped;
        self.pruned = true;
    }

    /// Compares every new document with every other document and returns the reused passages,
    /// each pair once.
    pub fn detect(&mut self) -> (Vec<ReuseMatch>, DetectSummary) {
        self.prune();
        let new_docs: Vec<u32> =
            (0..self.docs.len() as u32).filter(|&d| self.docs[d as usize].info.is_new).collect();
        let results: Vec<(usize, Vec<ReuseMatch>)> =
            new_docs.par_iter().map(|&doc| self.detect_for(doc)).collect();
        let mut summary = DetectSummary {
            documents: self.docs.len(),
            new_documents: new_docs.len(),
            fingerprints: self.postings.len(),
            boilerplate_fingerprints: self.boilerplate_dropped,
            ..DetectSummary::default()
        };
        let mut matches = Vec::new();
        for (candidates, found) in results {
            summary.candidate_pairs += candidates;
            matches.extend(found);
        }
        summary.matches = matches.len();
        (matches, summary)
    }

    /// The postings of one fingerprint.
    fn run(&self, hash: u64) -> &[Posting] {
        match self.runs.get(&hash) {
            Some(&(start, len)) => &self.postings[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    fn detect_for(&self, doc: u32) -> (usize, Vec<ReuseMatch>) {
        let entry = &self.docs[doc as usize];
        let doc_words = words(&entry.text);
        let sample = self.options.sample.max(1);
        let mut seeds: HashMap<u32, Vec<(u32, u32)>> = HashMap::new();
        for (position, hash) in shingles(&doc_words, self.options.ngram) {
            if hash % sample != 0 {
                continue;
            }
            let run = self.run(hash);
            // Pruned for this document's outlet (boilerplate) or everywhere (stock phrase).
            if run.binary_search_by(|p| p.doc.cmp(&doc)).is_err() {
                continue;
            }
            for posting in run {
                let other = posting.doc;
                if other == doc || (self.docs[other as usize].info.is_new && other > doc) {
                    continue;
                }
                seeds.entry(other).or_default().push((position as u32, posting.position));
            }
        }
        let mut pairs: Vec<(u32, Vec<(u32, u32)>)> =
            seeds.into_iter().filter(|(_, s)| s.len() >= self.options.min_seeds).collect();
        let limit = self.options.max_candidates.max(1);
        if pairs.len() > limit {
            // The documents sharing the most fingerprints, ties to the earlier document.
            pairs.select_nth_unstable_by(limit - 1, |a, b| {
                b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0))
            });
            pairs.truncate(limit);
        }
        let candidates = pairs.len();
        let mut found = Vec::new();
        for (other, pair_seeds) in pairs {
            let other_entry = &self.docs[other as usize];
            let other_words = words(&other_entry.text);
            for aligned in align(&doc_words, &other_words, pair_seeds, &self.options) {
                found.push(self.orient(entry, other_entry, &doc_words, &other_words, aligned));
            }
        }
        (candidates, found)
    }

    fn orient(
        &self,
        a: &Entry,
        b: &Entry,
        a_words: &[Word],
        b_words: &[Word],
        aligned: Aligned,
    ) -> ReuseMatch {
        let span = |entry: &Entry, w: &[Word], range: &Range<usize>| PassageSpan {
            key: entry.info.key,
            start: w[range.start].chars.start,
            end: w[range.end - 1].chars.end,
        };
        let a_span = span(a, a_words, &aligned.a);
        let b_span = span(b, b_words, &aligned.b);
        let (a_first, direction) = match (&a.info.published, &b.info.published) {
            (Some(x), Some(y)) if x != y => (x < y, Direction::Dated),
            _ => (a.info.key <= b.info.key, Direction::Undated),
        };
        let (source, target) = if a_first { (a_span, b_span) } else { (b_span, a_span) };
        ReuseMatch {
            source,
            target,
            aligned_words: aligned.common,
            similarity: aligned.similarity,
            direction,
        }
    }
}

/// A passage pair in word positions.
#[derive(Debug, Clone, PartialEq)]
struct Aligned {
    a: Range<usize>,
    b: Range<usize>,
    common: usize,
    similarity: f32,
}

#[derive(Debug, Clone, Copy)]
struct Chain {
    first: (usize, usize),
    last: (usize, usize),
    seeds: usize,
}

/// Chains the shared fingerprints `(position in a, position in b)` into passages and scores them.
fn align(
    a: &[Word],
    b: &[Word],
    mut seeds: Vec<(u32, u32)>,
    options: &ReuseOptions,
) -> Vec<Aligned> {
    seeds.sort_unstable();
    let gap = options.max_gap.max(1);
    let mut chains: Vec<Chain> = Vec::new();
    let mut active: Vec<usize> = Vec::new();
    for (pa, pb) in seeds {
        let (pa, pb) = (pa as usize, pb as usize);
        active.retain(|&c| chains[c].last.0 + gap >= pa);
        let best = active
            .iter()
            .copied()
            .filter(|&c| {
                let (la, lb) = chains[c].last;
                pa > la && pb > lb && pb - lb <= gap
            })
            .min_by_key(|&c| {
                let (la, lb) = chains[c].last;
                (pa - la).abs_diff(pb - lb)
            });
        match best {
            Some(c) => {
                chains[c].last = (pa, pb);
                chains[c].seeds += 1;
            }
            None => {
                chains.push(Chain { first: (pa, pb), last: (pa, pb), seeds: 1 });
                active.push(chains.len() - 1);
            }
        }
    }
    let n = options.ngram.max(1);
    let mut out: Vec<Aligned> = Vec::new();
    for chain in chains.into_iter().filter(|c| c.seeds >= options.min_seeds) {
        let mut ra = chain.first.0..(chain.last.0 + n).min(a.len());
        let mut rb = chain.first.1..(chain.last.1 + n).min(b.len());
        extend(a, b, &mut ra, &mut rb);
        let chars = |w: &[Word], r: &Range<usize>| w[r.end - 1].chars.end - w[r.start].chars.start;
        if ra.is_empty()
            || rb.is_empty()
            || chars(a, &ra) < options.min_chars
            || chars(b, &rb) < options.min_chars
        {
            continue;
        }
        // Two chains over the same stretch (a repeated paragraph) give one passage.
        if out.iter().any(|o| overlaps(&o.a, &ra) && overlaps(&o.b, &rb)) {
            continue;
        }
        let common = common_words(&a[ra.clone()], &b[rb.clone()], chain.seeds, options);
        let similarity = (2 * common) as f32 / (ra.len() + rb.len()) as f32;
        out.push(Aligned { a: ra, b: rb, common, similarity });
    }
    out
}

fn overlaps(x: &Range<usize>, y: &Range<usize>) -> bool {
    x.start < y.end && y.start < x.end
}

/// Grows a passage pair word by word at both ends while the words agree, stepping over one
/// substituted word when the two words beyond it agree.
fn extend(a: &[Word], b: &[Word], ra: &mut Range<usize>, rb: &mut Range<usize>) {
    let same = |i: usize, j: usize| a[i].hash == b[j].hash;
    loop {
        if ra.start >= 1 && rb.start >= 1 && same(ra.start - 1, rb.start - 1) {
            ra.start -= 1;
            rb.start -= 1;
        } else if ra.start >= 3
            && rb.start >= 3
            && same(ra.start - 2, rb.start - 2)
            && same(ra.start - 3, rb.start - 3)
        {
            ra.start -= 3;
            rb.start -= 3;
        } else {
            break;
        }
    }
    loop {
        if ra.end < a.len() && rb.end < b.len() && same(ra.end, rb.end) {
            ra.end += 1;
            rb.end += 1;
        } else if ra.end + 2 < a.len()
            && rb.end + 2 < b.len()
            && same(ra.end + 1, rb.end + 1)
            && same(ra.end + 2, rb.end + 2)
        {
            ra.end += 3;
            rb.end += 3;
        } else {
            break;
        }
    }
}

/// The length of the longest common subsequence of two word runs; for very long passages an
/// estimate from the fingerprint density, to bound the quadratic cost.
fn common_words(a: &[Word], b: &[Word], seeds: usize, options: &ReuseOptions) -> usize {
    const MAX_CELLS: usize = 4_000_000;
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        let covered = seeds * options.sample.max(1) as usize + options.ngram;
        return covered.min(a.len()).min(b.len());
    }
    let mut previous = vec![0u32; b.len() + 1];
    let mut current = vec![0u32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            current[j + 1] =
                if x.hash == y.hash { previous[j] + 1 } else { current[j].max(previous[j + 1]) };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] as usize
}

/// Groups passages that overlap by at least half of the shorter one in the same document: a
/// passage many documents share becomes one cluster. `sides[i]` are the two
/// `(document key, [start, end))` sides of pair `i`; the result gives each pair its cluster,
/// named by the smallest pair index in it.
pub fn passage_clusters(sides: &[[(i64, Range<usize>); 2]]) -> Vec<usize> {
    overlap_groups(sides, |overlap, shorter| overlap >= shorter.div_ceil(2))
}

/// Groups pairs whose sides overlap in the same document, wherever `joins(overlap, shorter)`
/// accepts an overlap of `overlap` code points between passages the shorter of which has
/// `shorter`; the result names each pair's group by its smallest index.
pub(crate) fn overlap_groups(
    sides: &[[(i64, Range<usize>); 2]],
    joins: impl Fn(usize, usize) -> bool,
) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..sides.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut by_doc: Vec<(i64, usize, usize, usize)> = sides
        .iter()
        .enumerate()
        .flat_map(|(i, pair)| pair.iter().map(move |(key, r)| (*key, r.start, r.end, i)))
        .collect();
    by_doc.sort_unstable();
    // Sweep each document's passages by start; a passage joins the group of the furthest
    // reaching earlier passage when their overlap `joins`.
    let mut reach: Option<(i64, usize, usize, usize)> = None; // (key, start, end, pair)
    for &(key, start, end, pair) in &by_doc {
        if let Some((reach_key, reach_start, reach_end, reach_pair)) = reach {
            if reach_key == key && start < reach_end {
                let shorter = (end - start).min(reach_end - reach_start).max(1);
                if joins(reach_end.min(end) - start, shorter) {
                    let (x, y) = (find(&mut parent, reach_pair), find(&mut parent, pair));
                    parent[x.max(y)] = x.min(y);
                }
                if end <= reach_end {
                    continue;
                }
            }
        }
        reach = Some((key, start, end, pair));
    }
    (0..sides.len()).map(|i| find(&mut parent, i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "The ministry said on Tuesday that militants were preparing a staged \
        chemical incident in the north of the province, where several villages have been \
        evacuated. Residents told reporters that trucks carrying unmarked canisters had arrived \
        at night. Officials in the capital warned that any such incident would be used as a \
        pretext for strikes against government forces. The statement added that observers had \
        been informed and that a full report would follow within days.";

    fn index(docs: &[(&str, Option<&str>, Option<&str>)]) -> (Vec<ReuseMatch>, DetectSummary) {
        let mut index = ReuseIndex::new(ReuseOptions::default());
        for (i, (text, published, outlet)) in docs.iter().enumerate() {
            index.add(
                DocInfo {
                    key: i as i64 + 1,
                    published: published.map(String::from),
                    outlet: outlet.map(String::from),
                    is_new: true,
                },
                text,
            );
        }
        index.detect()
    }

    fn slice(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn finds_a_lightly_edited_copy_and_dates_its_direction() {
        let edited = BASE
            .replace("Tuesday", "Wednesday")
            .replace("Residents told reporters that trucks carrying unmarked canisters had arrived at night. ", "")
            .replace("warned", "cautioned");
        let target = format!("Breaking news from the region.\n\n“{edited}” More later.");
        let (matches, summary) = index(&[
            (&target, Some("2018-09-03"), Some("Echo Daily")),
            (BASE, Some("2018-09-01"), Some("First Wire")),
        ]);
        assert_eq!(summary.matches, 1, "{matches:?}");
        let m = &matches[0];
        assert_eq!(m.direction, Direction::Dated);
        assert_eq!(m.source.key, 2, "the earlier document is the source");
        let source = slice(BASE, m.source.start, m.source.end);
        assert!(source.starts_with("The ministry said"), "{source}");
        assert!(source.ends_with("within days"), "{source}");
        let copied = slice(&target, m.target.start, m.target.end);
        assert!(copied.starts_with("The ministry said on Wednesday"), "{copied}");
        assert!(m.similarity > 0.75 && m.similarity < 1.0, "{}", m.similarity);
    }

    #[test]
    fn unrelated_documents_and_short_overlaps_are_not_reuse() {
        let (matches, _) = index(&[
            (BASE, None, None),
            ("Markets rallied on Tuesday as investors welcomed the central bank's decision to hold rates, while oil prices fell for a third day.", None, None),
            ("The ministry said on Tuesday that it would respond.", None, None),
        ]);
        assert!(matches.is_empty(), "{matches:?}");
    }

    #[test]
    fn missing_or_equal_dates_are_undated() {
        let (matches, _) = index(&[(BASE, Some("2018-09-01"), None), (BASE, None, None)]);
        assert_eq!(matches.len(), 1);
        assert_eq!(matches[0].direction, Direction::Undated);
        assert_eq!(matches[0].source.key, 1, "undated: the document stored first");
        assert!((matches[0].similarity - 1.0).abs() < 1e-6);
    }

    #[test]
    fn outlet_boilerplate_is_not_reuse_but_copies_still_are() {
        let footer = "Subscribe to our newsletter to receive the latest reports from our \
            correspondents across the region every morning, and follow us on every platform \
            where we publish our independent journalism for readers everywhere.";
        let bodies = [
            "Farmers in the valley reported a poor harvest after weeks without rain.",
            "The city council approved a new budget for road repairs on Monday evening.",
            "A football club announced the signing of a young striker from abroad.",
            "Schools will reopen next week after the holiday, the education office said.",
            "A new bridge over the river opened to traffic after three years of work.",
            "Doctors at the regional hospital called for more staff during the winter.",
        ];
        let mut docs: Vec<String> = bodies.iter().map(|b| format!("{b}\n\n{footer}")).collect();
        docs.push(format!("{BASE}\n\n{footer}"));
        docs.push(format!("Copied: {BASE}"));
        let entries: Vec<(&str, Option<&str>, Option<&str>)> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.as_str(), None, Some(if i < 7 { "Same Outlet" } else { "Other" })))
            .collect();
        let (matches, summary) = index(&entries);
        assert!(summary.boilerplate_fingerprints > 0);
        assert_eq!(matches.len(), 1, "{matches:?}");
        assert_eq!((matches[0].source.key, matches[0].target.key), (7, 8));
    }

    #[test]
    fn only_new_documents_are_compared() {
        let mut index = ReuseIndex::new(ReuseOptions::default());
        index.add(DocInfo { key: 1, is_new: false, ..DocInfo::default() }, BASE);
        index.add(DocInfo { key: 2, is_new: false, ..DocInfo::default() }, BASE);
        assert!(index.detect().0.is_empty(), "old pairs are not recomputed");
        index.add(DocInfo { key: 3, is_new: true, ..DocInfo::default() }, BASE);
        let (matches, _) = index.detect();
        let mut pairs: Vec<(i64, i64)> =
            matches.iter().map(|m| (m.source.key, m.target.key)).collect();
        pairs.sort_unstable();
        assert_eq!(pairs, [(1, 3), (2, 3)]);
    }

    #[test]
    fn reordered_sentences_give_separate_passages() {
        let sentences: Vec<&str> = BASE.split_inclusive(". ").collect();
        let swapped = format!("{}{}{}{}", sentences[2], sentences[3], sentences[0], sentences[1]);
        let (matches, _) = index(&[(BASE, None, None), (&swapped, None, None)]);
        assert!(matches.len() >= 2, "{matches:?}");
    }

    #[test]
    fn fingerprints_of_one_document_are_not_looked_up_but_kept_for_later_documents() {
        let mut index = ReuseIndex::new(ReuseOptions::default());
        index.add(DocInfo { key: 1, is_new: true, ..DocInfo::default() }, BASE);
        index.add(
            DocInfo { key: 2, is_new: true, ..DocInfo::default() },
            "Markets rallied on Tuesday as investors welcomed the central bank's decision.",
        );
        assert!(index.detect().0.is_empty());
        assert!(index.runs.is_empty(), "nothing is shared, so nothing is looked up");
        index.add(DocInfo { key: 3, is_new: true, ..DocInfo::default() }, BASE);
        let (matches, _) = index.detect();
        assert_eq!(matches.len(), 1, "the copy added later is still found");
        assert!(index.runs.values().all(|&(_, n)| n >= 2));
    }

    #[test]
    fn passages_sharing_a_stretch_form_one_cluster() {
        let clusters = passage_clusters(&[
            [(1, 0..100), (2, 10..110)],
            [(1, 5..95), (3, 0..90)],
            [(4, 0..50), (5, 0..50)],
        ]);
        assert_eq!(clusters, [0, 0, 2]);
    }
}
