//! The reuse benchmark: derived articles that embed lightly edited passages of real articles at
//! known offsets, and passage-level precision and recall of [`ReuseIndex`] on them.
//!
//! Each derived article is made of one to three passages (40–300 words of consecutive
//! sentences) from different source articles, separated by filler that shares no wording with
//! anything (shuffled words), and edited: about one word in fifteen replaced, a sentence dropped
//! (half the passages), straight quotes turned curly (half), two adjacent sentences swapped (one
//! in five). Sources are dated before the derived articles, so every planted pair has a known
//! direction. Everything is drawn from a seeded generator: the same seed gives the same set.
//!
//! Scoring: a planted passage is *found* when a detected pair joins its two documents and
//! overlaps it on both sides; a detected pair is *correct* when it overlaps a planted passage on
//! both sides (pairs of two derived articles that embed the same source passage count as
//! correct). Pairs between two source articles are natural reuse inside the source corpus:
//! counted apart, not scored; source articles that share text with another article (natural
//! reuse, common in PTC) are left out before deriving, so that every match has a known truth.

use std::ops::Range;
use std::path::Path;
use std::time::Instant;

use crate::reuse::{Direction, DocInfo, ReuseIndex, ReuseMatch, ReuseOptions};
use crate::{Error, Result};

/// Settings of the benchmark set.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalOptions {
    /// Derived articles to make.
    pub derived: usize,
    pub seed: u64,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions { derived: 1000, seed: 7 }
    }
}

/// A passage planted in a derived article.
#[derive(Debug, Clone, PartialEq)]
pub struct Planted {
    /// Index of the source article (key = index + 1).
    pub source: usize,
    pub source_chars: Range<usize>,
    /// Index of the derived article among all documents.
    pub target: usize,
    pub target_chars: Range<usize>,
}

/// The figures of one benchmark run.
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseEval {
    pub source_articles: usize,
    pub derived_articles: usize,
    pub planted: usize,
    pub found: usize,
    /// Detected pairs that involve a derived article.
    pub detected: usize,
    pub correct: usize,
    /// Correct pairs whose direction is the planted one (source article → derived).
    pub direction_correct: usize,
    /// Pairs between two source articles (not scored; none when the sources are clean).
    pub natural_pairs: usize,
    /// Articles of the directory left out because they share text with another article.
    pub excluded_articles: usize,
    /// Share of planted target characters covered by detected target passages.
    pub char_recall: f64,
    /// Share of detected target characters inside a planted passage.
    pub char_precision: f64,
    pub candidate_pairs: usize,
    pub seconds: f64,
}

impl ReuseEval {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.detected)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.planted)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn candidate_pairs_per_second(&self) -> f64 {
        self.candidate_pairs as f64 / self.seconds.max(1e-9)
    }
    pub fn documents_per_second(&self) -> f64 {
        (self.source_articles + self.derived_articles) as f64 / self.seconds.max(1e-9)
    }
}

impl std::fmt::Display for ReuseEval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "reuse: {} source articles ({} left out: they share text with another), {} derived, {} planted passages",
            self.source_articles, self.excluded_articles, self.derived_articles, self.planted
        )?;
        writeln!(
            f,
            "passages: precision {:.3} ({}/{} pairs)  recall {:.3} ({}/{} planted)  F1 {:.3}",
            self.precision(),
            self.correct,
            self.detected,
            self.recall(),
            self.found,
            self.planted,
            self.f1()
        )?;
        writeln!(
            f,
            "characters of planted passages: recall {:.3}  precision {:.3}; planted pairs found with the right direction: {}",
            self.char_recall, self.char_precision, self.direction_correct
        )?;
        write!(
            f,
            "speed: {:.2} s, {:.0} candidate pairs/s, {:.0} documents/s ({} threads)",
            self.seconds,
            self.candidate_pairs_per_second(),
            self.documents_per_second(),
            rayon::current_num_threads()
        )
    }
}

pub(crate) fn ratio(x: usize, y: usize) -> f64 {
    if y == 0 {
        0.0
    } else {
        x as f64 / y as f64
    }
}

/// SplitMix64: a small, seeded, portable generator (no dependency, same sequence everywhere).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 >= 1.0 - p
    }
}

/// Reads `article*.txt` from `dir` (sorted by name): the source articles.
pub fn read_articles(dir: &Path) -> Result<Vec<String>> {
    let read = |e: std::io::Error| Error::Read { path: dir.to_path_buf(), source: e };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(read)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).map_err(|e| Error::Read { path: p.clone(), source: e }))
        .collect()
}

/// Sentences of a text as byte ranges: split after `.`, `!` or `?` followed by whitespace, and
/// at line breaks.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let end_here = b == b'\n'
            || (matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(|n| *n == b' '));
        if end_here {
            let s = text[start..=i].trim();
            if s.split_whitespace().count() >= 3 {
                let offset = start + text[start..=i].find(s).unwrap_or(0);
                out.push(offset..offset + s.len());
            }
            start = i + 1;
        }
    }
    let tail = text[start..].trim();
    if tail.split_whitespace().count() >= 3 {
        let offset = start + text[start..].find(tail).unwrap_or(0);
        out.push(offset..offset + tail.len());
    }
    out
}

/// Builds the source articles plus `options.derived` derived ones. Returns the documents (the
/// sources first) and the planted passages.
pub fn derive(sources: &[String], options: &EvalOptions) -> (Vec<String>, Vec<Planted>) {
    let mut rng = Rng::new(options.seed);
    let vocabulary: Vec<String> = sources
        .iter()
        .flat_map(|s| s.split_whitespace())
        .filter(|w| w.chars().all(char::is_alphabetic) && w.len() > 2)
        .map(str::to_lowercase)
        .step_by(7)
        .collect();
    let mut docs: Vec<String> = sources.to_vec();
    let mut planted = Vec::new();
    let source_sentences: Vec<Vec<Range<usize>>> = sources.iter().map(|s| sentences(s)).collect();
    if vocabulary.is_empty() || sources.is_empty() {
        return (docs, planted);
    }
    let filler = |rng: &mut Rng| -> String {
        let count = 2 + rng.below(4);
        let mut out = String::new();
        for _ in 0..count {
            let len = 8 + rng.below(12);
            let words: Vec<&str> =
                (0..len).map(|_| vocabulary[rng.below(vocabulary.len())].as_str()).collect();
            let mut sentence = words.join(" ");
            if let Some(first) = sentence.get(0..1) {
                sentence.replace_range(0..1, &first.to_uppercase());
            }
            out.push_str(&sentence);
            out.push_str(". ");
        }
        out
    };
    for _ in 0..options.derived {
        let target = docs.len();
        let mut text = filler(&mut rng);
        let mut used = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let source = rng.below(sources.len());
            if used.contains(&source) || source_sentences[source].len() < 3 {
                continue;
            }
            used.push(source);
            let sents = &source_sentences[source];
            let first = rng.below(sents.len());
            let wanted = 40 + rng.below(260);
            let mut last = first;
            let word_count =
                |r: &Range<usize>| sources[source][r.clone()].split_whitespace().count();
            let mut words_in = word_count(&sents[first]);
            while words_in < wanted && last + 1 < sents.len() {
                last += 1;
                words_in += word_count(&sents[last]);
            }
            if words_in < 40 {
                continue;
            }
            let source_range = sents[first].start..sents[last].end;
            let mut pieces: Vec<String> =
                (first..=last).map(|i| sources[source][sents[i].clone()].to_string()).collect();
            // Edits.
            if pieces.len() >= 4 && rng.chance(0.5) {
                let drop = 1 + rng.below(pieces.len() - 2);
                pieces.remove(drop);
            }
            if pieces.len() >= 4 && rng.chance(0.2) {
                let at = 1 + rng.below(pieces.len() - 3);
                pieces.swap(at, at + 1);
            }
            let curly = rng.chance(0.5);
            let mut edited = String::new();
            for piece in &pieces {
                for word in piece.split(' ') {
                    let replaced = if rng.below(15) == 0 && word.chars().all(char::is_alphabetic) {
                        vocabulary[rng.below(vocabulary.len())].clone()
                    } else if curly {
                        word.replacen('"', "\u{201c}", 1)
                            .replace('"', "\u{201d}")
                            .replace('\'', "\u{2019}")
                    } else {
                        word.to_string()
                    };
                    edited.push_str(&replaced);
                    edited.push(' ');
                }
            }
            let edited = edited.trim_end();
            let start = text.chars().count();
            text.push_str(edited);
            let end = text.chars().count();
            text.push(' ');
            text.push_str(&filler(&mut rng));
            let chars = |bytes: usize| sources[source][..bytes].chars().count();
            planted.push(Planted {
                source,
                source_chars: chars(source_range.start)..chars(source_range.end),
                target,
                target_chars: start..end,
            });
        }
        docs.push(text);
    }
    (docs, planted)
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Runs the benchmark on the articles of `dir`.
pub fn eval_reuse(dir: &Path, options: &EvalOptions, reuse: &ReuseOptions) -> Result<ReuseEval> {
    let (sources, excluded) = clean_sources(dir, reuse)?;
    let (docs, planted) = derive(&sources, options);
    let started = Instant::now();
    let mut index = ReuseIndex::new(reuse.clone());
    for (i, text) in docs.iter().enumerate() {
        // Sources in 2019, derived articles in 2020: every planted pair has a dated direction.
        let published = if i < sources.len() { "2019-01-01" } else { "2020-01-01" };
        let info = DocInfo {
            key: i as i64 + 1,
            published: Some(published.to_string()),
            outlet: None,
            is_new: true,
        };
        index.add(info, text);
    }
    let (matches, summary) = index.detect();
    let seconds = started.elapsed().as_secs_f64();
    let mut eval = score(&sources, &docs, &planted, &matches, summary.candidate_pairs, seconds);
    eval.excluded_articles = excluded;
    Ok(eval)
}

/// Writes the derived articles of the benchmark (not the sources) as JSON Lines that
/// `echotrace ingest` reads: `id` (`derived-N`), `title`, `published` (from 2020-01-01 on, after
/// every source), `outlet` (one of ten made-up outlets) and `text`. Returns how many were written.
pub fn write_derived(
    dir: &Path,
    options: &EvalOptions,
    reuse: &ReuseOptions,
    out: &Path,
) -> Result<usize> {
    let (sources, _) = clean_sources(dir, reuse)?;
    let (docs, _) = derive(&sources, options);
    let write_error = |e: std::io::Error| Error::Read { path: out.to_path_buf(), source: e };
    let mut file = std::io::BufWriter::new(std::fs::File::create(out).map_err(write_error)?);
    let mut written = 0;
    for (k, text) in docs[sources.len()..].iter().enumerate() {
        let line = serde_json::json!({
            "id": format!("derived-{k}"),
            "title": format!("Derived article {k}"),
            "published": chrono_free_day(337 * 2 + 1 + k % 300),
            "outlet": format!("Derived Outlet {}", k % 10),
            "text": text,
        });
        use std::io::Write as _;
        writeln!(file, "{line}").map_err(write_error)?;
        written += 1;
    }
    use std::io::Write as _;
    file.flush().map_err(write_error)?;
    Ok(written)
}

/// The articles of `dir` that share no passage with another one, and how many were left out.
/// Articles that already share text would make every copy of theirs a true but unplanted match.
fn clean_sources(dir: &Path, reuse: &ReuseOptions) -> Result<(Vec<String>, usize)> {
    let articles = read_articles(dir)?;
    let natural = natural_reuse(&articles, reuse);
    let sources = articles
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !natural.contains(i))
        .map(|(_, a)| a)
        .collect();
    Ok((sources, natural.len()))
}

/// Indexes of the articles that share a passage with another article.
fn natural_reuse(articles: &[String], reuse: &ReuseOptions) -> std::collections::HashSet<usize> {
    let mut index = ReuseIndex::new(reuse.clone());
    for (i, text) in articles.iter().enumerate() {
        index.add(DocInfo { key: i as i64, is_new: true, ..DocInfo::default() }, text);
    }
    let (matches, _) = index.detect();
    matches.iter().flat_map(|m| [m.source.key as usize, m.target.key as usize]).collect()
}

fn score(
    sources: &[String],
    docs: &[String],
    planted: &[Planted],
    matches: &[ReuseMatch],
    candidate_pairs: usize,
    seconds: f64,
) -> ReuseEval {
    let n_sources = sources.len();
    let doc = |key: i64| (key - 1) as usize;
    let range = |s: &crate::reuse::PassageSpan| s.start..s.end;
    let mut found = vec![false; planted.len()];
    let (mut detected, mut correct, mut direction_correct, mut natural) = (0, 0, 0, 0);
    let mut covered: Vec<Vec<Range<usize>>> = vec![Vec::new(); docs.len()];
    let mut detected_chars = 0;
    let mut detected_inside = 0;
    for m in matches {
        let (s, t) = (doc(m.source.key), doc(m.target.key));
        if s < n_sources && t < n_sources {
            natural += 1;
            continue;
        }
        detected += 1;
        let mut ok = false;
        for (i, p) in planted.iter().enumerate() {
            let forward = p.source == s && p.target == t;
            let backward = p.source == t && p.target == s;
            let hit = (forward
                && overlap(&p.source_chars, &range(&m.source)) > 0
                && overlap(&p.target_chars, &range(&m.target)) > 0)
                || (backward
                    && overlap(&p.source_chars, &range(&m.target)) > 0
                    && overlap(&p.target_chars, &range(&m.source)) > 0);
            if hit {
                found[i] = true;
                ok = true;
                if forward && m.direction == Direction::Dated {
                    direction_correct += 1;
                }
            }
        }
        if !ok && s >= n_sources && t >= n_sources {
            // Two derived articles sharing a source passage.
            ok = planted.iter().any(|p| {
                p.target == s
                    && overlap(&p.target_chars, &range(&m.source)) > 0
                    && planted.iter().any(|q| {
                        q.target == t
                            && q.source == p.source
                            && overlap(&p.source_chars, &q.source_chars) > 0
                            && overlap(&q.target_chars, &range(&m.target)) > 0
                    })
            });
        }
        if ok {
            correct += 1;
        }
        for side in [&m.source, &m.target] {
            let d = doc(side.key);
            if d >= n_sources {
                let r = range(side);
                detected_chars += r.len();
                detected_inside += planted
                    .iter()
                    .filter(|p| p.target == d)
                    .map(|p| overlap(&p.target_chars, &r))
                    .sum::<usize>();
                covered[d].push(r);
            }
        }
    }
    let planted_chars: usize = planted.iter().map(|p| p.target_chars.len()).sum();
    let covered_chars: usize = planted
        .iter()
        .map(|p| {
            let mut hits: Vec<Range<usize>> = covered[p.target]
                .iter()
                .filter(|r| overlap(r, &p.target_chars) > 0)
                .map(|r| r.start.max(p.target_chars.start)..r.end.min(p.target_chars.end))
                .collect();
            hits.sort_by_key(|r| r.start);
            let mut total = 0;
            let mut reach = 0;
            for r in hits {
                let start = r.start.max(reach);
                if r.end > start {
                    total += r.end - start;
                }
                reach = reach.max(r.end);
            }
            total
        })
        .sum();
    ReuseEval {
        source_articles: n_sources,
        derived_articles: docs.len() - n_sources,
        planted: planted.len(),
        found: found.iter().filter(|f| **f).count(),
        detected,
        correct,
        direction_correct,
        natural_pairs: natural,
        excluded_articles: 0,
        char_recall: ratio(covered_chars, planted_chars),
        char_precision: ratio(detected_inside, detected_chars),
        candidate_pairs,
        seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Articles of random made-up words: no wording shared by chance.
    fn articles() -> Vec<String> {
        let mut rng = Rng::new(11);
        let mut word = || -> String {
            (0..3 + rng.below(6)).map(|_| (b'a' + rng.below(26) as u8) as char).collect()
        };
        (0..6)
            .map(|_| {
                (0..12)
                    .map(|_| {
                        let mut sentence = (0..14).map(|_| word()).collect::<Vec<_>>().join(" ");
                        sentence.push('.');
                        sentence
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn scale_run_finds_planted_passages_in_generated_text() {
        let dir = std::env::temp_dir().join(format!("echotrace-link-scale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("creates");
        // A vocabulary of 2,000 made-up words in random order: word pairs branch the way real
        // text does, so generated 5-word sequences rarely repeat.
        let mut rng = Rng::new(19);
        let vocabulary: Vec<String> = (0..2000)
            .map(|_| (0..3 + rng.below(6)).map(|_| (b'a' + rng.below(26) as u8) as char).collect())
            .collect();
        for i in 0..20 {
            let article: Vec<String> = (0..600)
                .map(|k| {
                    let word = vocabulary[rng.below(vocabulary.len())].clone();
                    if k % 15 == 14 {
                        format!("{word}.")
                    } else {
                        word
                    }
                })
                .collect();
            std::fs::write(dir.join(format!("article{i}.txt")), article.join(" ")).expect("writes");
        }
        let eval = eval_reuse_scale(&dir, 400, 3, &ReuseOptions::default()).expect("runs");
        std::fs::remove_dir_all(&dir).expect("removes");
        assert_eq!(eval.documents, 400);
        assert!(eval.planted > 40, "{eval}");
        assert!(eval.found * 10 >= eval.planted * 9, "{eval}");
        assert!(eval.correct * 10 >= eval.detected * 9, "{eval}");
    }

    #[test]
    fn benchmark_days_keep_their_order() {
        assert_eq!(chrono_free_day(1), "2018-01-01");
        assert!(chrono_free_day(30) < chrono_free_day(31));
        assert!(chrono_free_day(336) < chrono_free_day(337));
    }

    #[test]
    fn derived_passages_are_where_the_planted_offsets_say() {
        let sources = articles();
        let (docs, planted) = derive(&sources, &EvalOptions { derived: 20, seed: 3 });
        assert_eq!(docs.len(), sources.len() + 20);
        assert!(planted.len() >= 20);
        for p in &planted {
            let target: String = docs[p.target]
                .chars()
                .skip(p.target_chars.start)
                .take(p.target_chars.len())
                .collect();
            let source: String = docs[p.source]
                .chars()
                .skip(p.source_chars.start)
                .take(p.source_chars.len())
                .collect();
            let shared = target.split_whitespace().filter(|w| source.contains(w)).count();
            assert!(shared * 10 >= target.split_whitespace().count() * 7, "{source}\n{target}");
        }
        let (again, _) = derive(&sources, &EvalOptions { derived: 20, seed: 3 });
        assert_eq!(docs, again, "the same seed gives the same set");
    }

    #[test]
    fn scoring_counts_found_and_wrong_pairs() {
        let sources = articles();
        let (docs, planted) = derive(&sources, &EvalOptions { derived: 30, seed: 5 });
        let mut index = ReuseIndex::new(ReuseOptions::default());
        for (i, text) in docs.iter().enumerate() {
            let day = if i < sources.len() { "2019-01-01" } else { "2020-01-01" };
            index.add(
                DocInfo {
                    key: i as i64 + 1,
                    published: Some(day.into()),
                    outlet: None,
                    is_new: true,
                },
                text,
            );
        }
        let (matches, summary) = index.detect();
        let eval = score(&sources, &docs, &planted, &matches, summary.candidate_pairs, 1.0);
        assert!(eval.recall() > 0.9, "{eval:?}");
        assert!(eval.precision() > 0.9, "{eval:?}");
        // A pair that joins the wrong documents is not correct.
        let wrong = ReuseMatch {
            source: crate::reuse::PassageSpan { key: 1, start: 0, end: 50 },
            target: crate::reuse::PassageSpan { key: docs.len() as i64, start: 0, end: 50 },
            aligned_words: 10,
            similarity: 1.0,
            direction: Direction::Dated,
        };
        let planted_here: Vec<Planted> = planted
            .iter()
            .filter(|p| p.source != 0 || p.target != docs.len() - 1)
            .cloned()
            .collect();
        let eval = score(&sources, &docs, &planted_here, &[wrong], 0, 1.0);
        assert_eq!((eval.detected, eval.correct), (1, 0));
    }
}

/// Figures of a scale run: reuse detection over a generated corpus of `documents`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleEval {
    pub documents: usize,
    pub planted: usize,
    pub found: usize,
    pub detected: usize,
    pub correct: usize,
    pub candidate_pairs: usize,
    /// Seconds to build the fingerprint index (tokenise, hash, keep).
    pub index_seconds: f64,
    /// Seconds to prune, find candidates and align.
    pub detect_seconds: f64,
    /// Peak resident memory of the process (Linux `VmHWM`), when known.
    pub peak_rss_bytes: Option<u64>,
    pub text_bytes: usize,
}

impl std::fmt::Display for ScaleEval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total = self.index_seconds + self.detect_seconds;
        write!(
            f,
            "reuse at scale: {} documents ({:.0} MB of text), {} planted passages\n\
             index {:.2} s + detect {:.2} s = {:.2} s ({:.0} documents/s, {} candidate pairs)\n\
             recall {:.3} ({}/{})  precision {:.3} ({}/{})  peak memory {}",
            self.documents,
            self.text_bytes as f64 / 1e6,
            self.planted,
            self.index_seconds,
            self.detect_seconds,
            total,
            self.documents as f64 / total.max(1e-9),
            self.candidate_pairs,
            ratio(self.found, self.planted),
            self.found,
            self.planted,
            ratio(self.correct, self.detected),
            self.correct,
            self.detected,
            self.peak_rss_bytes
                .map_or("unknown".to_string(), |b| format!("{:.0} MB", b as f64 / 1e6)),
        )
    }
}

/// A word-bigram model of the source articles: text with their vocabulary and local word order
/// whose 5-word sequences rarely repeat by chance.
struct Bigrams {
    starts: Vec<usize>,
    words: Vec<String>,
    next: Vec<Vec<usize>>,
}

impl Bigrams {
    fn new(sources: &[String]) -> Bigrams {
        let mut ids: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut next: Vec<Vec<usize>> = Vec::new();
        let mut starts = Vec::new();
        for source in sources {
            let mut previous: Option<usize> = None;
            for token in source.split_whitespace() {
                let id = *ids.entry(token).or_insert_with(|| {
                    words.push(token.to_string());
                    next.push(Vec::new());
                    words.len() - 1
                });
                match previous {
                    Some(p) => next[p].push(id),
                    None => starts.push(id),
                }
                previous = if token.ends_with(['.', '!', '?']) { None } else { Some(id) };
            }
        }
        Bigrams { starts, words, next }
    }

    fn paragraph(&self, rng: &mut Rng, words: usize) -> String {
        let mut out = String::new();
        let mut count = 0;
        while count < words && !self.starts.is_empty() {
            let mut current = self.starts[rng.below(self.starts.len())];
            for _ in 0..40 {
                out.push_str(&self.words[current]);
                out.push(' ');
                count += 1;
                let followers = &self.next[current];
                if followers.is_empty() || self.words[current].ends_with(['.', '!', '?']) {
                    break;
                }
                current = followers[rng.below(followers.len())];
            }
        }
        out.trim_end().to_string()
    }
}

/// Generates `documents` documents of bigram text from the articles of `dir`, a fifth of them
/// embedding one or two lightly edited passages of an earlier document, and times reuse
/// detection over all of them.
pub fn eval_reuse_scale(
    dir: &Path,
    documents: usize,
    seed: u64,
    reuse: &ReuseOptions,
) -> Result<ScaleEval> {
    let sources = read_articles(dir)?;
    let bigrams = Bigrams::new(&sources);
    let mut rng = Rng::new(seed);
    let mut index = ReuseIndex::new(reuse.clone());
    let mut planted: Vec<Planted> = Vec::new();
    // Only the recent documents are kept to copy from: memory stays that of the index.
    let mut recent: Vec<(usize, String)> = Vec::new();
    let mut text_bytes = 0;
    let started = Instant::now();
    for doc in 0..documents {
        let words = 150 + rng.below(400);
        let mut text = bigrams.paragraph(&mut rng, words);
        // Passages are copied from a document's own text only, never from what it copied
        // itself: every true pair is then a planted one.
        let own = text.clone();
        if doc > 0 && !recent.is_empty() && rng.chance(0.2) {
            for _ in 0..1 + rng.below(2) {
                let (source, source_text) = &recent[rng.below(recent.len())];
                let source_text: &str = source_text;
                let source_words: Vec<(usize, &str)> = source_text
                    .split(' ')
                    .scan(0usize, |at, w| {
                        let start = *at;
                        *at += w.chars().count() + 1;
                        Some((start, w))
                    })
                    .collect();
                if source_words.len() < 60 {
                    continue;
                }
                let len = 40 + rng.below(source_words.len().min(300) - 40);
                let first = rng.below(source_words.len() - len + 1);
                let chosen = &source_words[first..first + len];
                let (start_char, last) = (chosen[0].0, chosen[len - 1]);
                let edited: Vec<String> = chosen
                    .iter()
                    .map(|(_, w)| {
                        if rng.below(15) == 0 {
                            bigrams.words[rng.below(bigrams.words.len())].clone()
                        } else {
                            w.replace('"', "\u{201d}")
                        }
                    })
                    .collect();
                text.push(' ');
                let target_start = text.chars().count();
                text.push_str(&edited.join(" "));
                let target_end = text.chars().count();
                text.push(' ');
                let words = 30 + rng.below(100);
                text.push_str(&bigrams.paragraph(&mut rng, words));
                planted.push(Planted {
                    source: *source,
                    source_chars: start_char..last.0 + last.1.chars().count(),
                    target: doc,
                    target_chars: target_start..target_end,
                });
            }
        }
        text_bytes += text.len();
        let day = 1 + doc * 700 / documents.max(1);
        let published = chrono_free_day(day);
        index.add(
            DocInfo { key: doc as i64 + 1, published: Some(published), outlet: None, is_new: true },
            &text,
        );
        if recent.len() < 2000 {
            recent.push((doc, own));
        } else {
            let slot = rng.below(recent.len());
            recent[slot] = (doc, own);
        }
    }
    let index_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let (matches, summary) = index.detect();
    let detect_seconds = started.elapsed().as_secs_f64();
    let mut found = vec![false; planted.len()];
    let mut by_pair: std::collections::HashMap<(usize, usize), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, p) in planted.iter().enumerate() {
        by_pair.entry((p.source, p.target)).or_default().push(i);
    }
    let mut correct = 0;
    for m in &matches {
        let (s, t) = ((m.source.key - 1) as usize, (m.target.key - 1) as usize);
        let mut ok = false;
        for (a, b, ra, rb) in [(s, t, &m.source, &m.target), (t, s, &m.target, &m.source)] {
            for &i in by_pair.get(&(a, b)).map(Vec::as_slice).unwrap_or(&[]) {
                let p = &planted[i];
                if overlap(&p.source_chars, &(ra.start..ra.end)) > 0
                    && overlap(&p.target_chars, &(rb.start..rb.end)) > 0
                {
                    found[i] = true;
                    ok = true;
                }
            }
        }
        if !ok {
            // Two documents that copied the same passage of a third share it too.
            let planted_in = |doc: usize| planted.iter().filter(move |p| p.target == doc);
            ok = planted_in(s).any(|p| {
                overlap(&p.target_chars, &(m.source.start..m.source.end)) > 0
                    && planted_in(t).any(|q| {
                        q.source == p.source
                            && overlap(&p.source_chars, &q.source_chars) > 0
                            && overlap(&q.target_chars, &(m.target.start..m.target.end)) > 0
                    })
            });
        }
        correct += usize::from(ok);
    }
    Ok(ScaleEval {
        documents,
        planted: planted.len(),
        found: found.iter().filter(|f| **f).count(),
        detected: matches.len(),
        correct,
        candidate_pairs: summary.candidate_pairs,
        index_seconds,
        detect_seconds,
        peak_rss_bytes: peak_rss_bytes(),
        text_bytes,
    })
}

/// `YYYY-MM-DD` of day `n` (1-based) counted from 2018-01-01, without a date library: months
/// are taken as 28 days, which keeps the order and is all a benchmark needs.
fn chrono_free_day(n: usize) -> String {
    let n = n.saturating_sub(1);
    let (year, rest) = (2018 + n / 336, n % 336);
    format!("{year}-{:02}-{:02}", rest / 28 + 1, rest % 28 + 1)
}

/// The process's peak resident memory from `/proc/self/status`, on Linux.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
