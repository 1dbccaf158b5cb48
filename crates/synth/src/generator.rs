//! The generator: documents in publication order, each built from its own random stream, some
//! with passages copied (and lightly edited) from earlier documents.

use std::collections::VecDeque;
use std::io::Write;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::edits::{edit_passage, Edit};
use crate::outlets::Outlets;
use crate::pool::SentencePool;
use crate::random::Random;
use crate::{Error, Result};

/// Planted passages are between these many words long (in the source).
pub const PASSAGE_WORDS: std::ops::RangeInclusive<usize> = 40..=400;
/// A reusing document copies between these many passages.
pub const PASSAGES_PER_DOCUMENT: std::ops::RangeInclusive<usize> = 1..=3;
/// Body length of a document, in sentences (before planted passages are added).
const BODY_SENTENCES: std::ops::RangeInclusive<usize> = 6..=30;
/// Sentences per paragraph.
const PARAGRAPH_SENTENCES: std::ops::RangeInclusive<usize> = 1..=4;

/// What to generate. [`Default`] is the documented benchmark setting except for `documents`.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// Number of documents.
    pub documents: u64,
    /// Probability that a document copies passages from an earlier one, in `[0, 1]`.
    pub reuse_rate: f64,
    /// The same seed (and the same articles) gives byte-identical output.
    pub seed: u64,
    /// Number of synthetic outlets ("Outlet 1" … "Outlet N").
    pub outlets: usize,
    /// Publication day of the first document.
    pub first_day: NaiveDate,
    /// Documents are spread evenly, in order, over this many days.
    pub days: u32,
    /// How many earlier documents are kept as candidate sources of reuse (and how many of the
    /// current day's): memory is proportional to this, not to `documents`.
    pub source_window: usize,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            documents: 1000,
            reuse_rate: 0.2,
            seed: 7,
            outlets: 50,
            first_day: NaiveDate::from_ymd_opt(2016, 1, 1).expect("a valid date"),
            days: 730,
            source_window: 2000,
        }
    }
}

impl SynthConfig {
    /// Checks the settings before anything is generated.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.reuse_rate) {
            return Err(Error::Config(format!(
                "the reuse rate must be between 0 and 1, not {}",
                self.reuse_rate
            )));
        }
        if self.outlets == 0 || self.days == 0 || self.source_window == 0 {
            return Err(Error::Config(
                "outlets, days and the source window must be at least 1".into(),
            ));
        }
        if self.first_day.checked_add_days(chrono::Days::new(u64::from(self.days))).is_none() {
            return Err(Error::Config(format!(
                "{} plus {} days is out of range",
                self.first_day, self.days
            )));
        }
        Ok(())
    }
}

/// One generated document, as written to the JSON Lines output (the field names `echotrace
/// ingest` reads by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynthDocument {
    pub id: String,
    pub title: String,
    /// Serialised as `YYYY-MM-DD`.
    pub published: NaiveDate,
    pub outlet: String,
    pub url: String,
    pub text: String,
}

/// Where a passage lies: `[start, end)` in Unicode code points of the document's `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageLocation {
    pub id: String,
    pub start: usize,
    pub end: usize,
}

/// One planted reuse: a passage of an earlier document (`source`) copied into a later one
/// (`target`) with `edits`. One line of the truth file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlantedPassage {
    pub source: PassageLocation,
    pub target: PassageLocation,
    pub edits: Vec<Edit>,
}

/// A document and the passages planted in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub document: SynthDocument,
    pub planted: Vec<PlantedPassage>,
}

/// Totals of a generated corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SynthSummary {
    pub documents: u64,
    /// Documents with at least one planted passage.
    pub reusing_documents: u64,
    pub planted_passages: u64,
    /// Bytes of the documents' JSON Lines.
    pub bytes: u64,
}

/// A sentence of a kept document: byte range (to copy it) and code point range (for the truth).
#[derive(Debug, Clone, Copy)]
struct SentenceSpan {
    bytes: (usize, usize),
    chars: (usize, usize),
    words: usize,
}

/// A generated document kept as a candidate source of reuse.
#[derive(Debug)]
struct KeptDocument {
    id: String,
    text: String,
    sentences: Vec<SentenceSpan>,
}

/// A passage to insert into the document being built.
#[derive(Debug)]
struct Insertion {
    after_paragraph: usize,
    sentences: Vec<String>,
    source: PassageLocation,
    edits: Vec<Edit>,
}

/// The documents of a synthetic corpus, in publication order, one at a time: memory stays
/// bounded by [`SynthConfig::source_window`] whatever the number of documents.
#[derive(Debug)]
pub struct Generator<'a> {
    pool: &'a SentencePool,
    config: SynthConfig,
    outlets: Outlets,
    next: u64,
    current_day: Option<NaiveDate>,
    /// Documents of the current day: not yet valid sources (a source must be dated earlier).
    today: VecDeque<KeptDocument>,
    /// The latest documents of earlier days.
    earlier: VecDeque<KeptDocument>,
}

impl<'a> Generator<'a> {
    pub fn new(pool: &'a SentencePool, config: SynthConfig) -> Result<Generator<'a>> {
        config.validate()?;
        Ok(Generator {
            pool,
            outlets: Outlets::new(config.outlets),
            config,
            next: 0,
            current_day: None,
            today: VecDeque::new(),
            earlier: VecDeque::new(),
        })
    }

    fn day_of(&self, index: u64) -> NaiveDate {
        let offset = u128::from(index) * u128::from(self.config.days)
            / u128::from(self.config.documents.max(1));
        let offset = u64::try_from(offset).unwrap_or(u64::MAX).min(u64::from(self.config.days) - 1);
        self.config
            .first_day
            .checked_add_days(chrono::Days::new(offset))
            .expect("validate() checked first_day + days")
    }

    fn generate(&mut self, index: u64) -> Generated {
        let day = self.day_of(index);
        if self.current_day != Some(day) {
            self.earlier.extend(self.today.drain(..));
            while self.earlier.len() > self.config.source_window {
                self.earlier.pop_front();
            }
            self.current_day = Some(day);
        }
        let mut random = Random::for_stream(self.config.seed, index);
        let outlet = self.outlets.pick(random.unit()).clone();
        let title = self.pool.title(random.below(self.pool.article_count())).to_owned();
        let id = format!("synth-{index:07}");

        let paragraphs = self.body_paragraphs(&mut random);
        let insertions = if random.chance(self.config.reuse_rate) {
            self.insertions(paragraphs.len(), &mut random)
        } else {
            Vec::new()
        };

        let mut text = Builder::default();
        if let Some(byline) = &outlet.byline {
            text.push(byline);
            text.push("\n\n");
        }
        let mut sentences = Vec::new();
        let mut planted = Vec::new();
        for position in 0..=paragraphs.len() {
            for insertion in insertions.iter().filter(|i| i.after_paragraph == position) {
                text.paragraph_break();
                let start = text.chars;
                text.push_sentences(&insertion.sentences, &mut sentences);
                planted.push(PlantedPassage {
                    source: insertion.source.clone(),
                    target: PassageLocation { id: id.clone(), start, end: text.chars },
                    edits: insertion.edits.clone(),
                });
            }
            if let Some(paragraph) = paragraphs.get(position) {
                text.paragraph_break();
                text.push_sentences(paragraph, &mut sentences);
            }
        }
        text.paragraph_break();
        text.push(&outlet.footer);

        let url =
            format!("https://{}/{}/{}-{index}", outlet.host, day.format("%Y/%m/%d"), slug(&title));
        let document = SynthDocument {
            id: id.clone(),
            title,
            published: day,
            outlet: outlet.name,
            url,
            text: text.text,
        };
        if self.today.len() >= self.config.source_window {
            self.today.pop_front();
        }
        self.today.push_back(KeptDocument { id, text: document.text.clone(), sentences });
        Generated { document, planted }
    }

    /// New sentences walked from the pool's bigrams, grouped into paragraphs: two generated
    /// documents share runs of five words or more only where a passage was planted (or by the
    /// rare chance of two walks agreeing).
    fn body_paragraphs(&self, random: &mut Random) -> Vec<Vec<String>> {
        let count = random.between(*BODY_SENTENCES.start(), *BODY_SENTENCES.end());
        let mut paragraphs = Vec::new();
        let mut left = count;
        while left > 0 {
            let size =
                random.between(*PARAGRAPH_SENTENCES.start(), *PARAGRAPH_SENTENCES.end()).min(left);
            let paragraph: Vec<String> =
                (0..size).map(|_| self.pool.walk_sentence(random)).collect();
            left -= size;
            paragraphs.push(paragraph);
        }
        paragraphs
    }

    /// Passages copied from distinct earlier documents, edited, with where they go.
    fn insertions(&self, paragraphs: usize, random: &mut Random) -> Vec<Insertion> {
        if self.earlier.is_empty() {
            return Vec::new();
        }
        let wanted = random.between(*PASSAGES_PER_DOCUMENT.start(), *PASSAGES_PER_DOCUMENT.end());
        let mut used = Vec::new();
        let mut insertions = Vec::new();
        for _ in 0..wanted * 3 {
            if insertions.len() == wanted {
                break;
            }
            let pick = random.below(self.earlier.len());
            if used.contains(&pick) {
                continue;
            }
            used.push(pick);
            let source = &self.earlier[pick];
            let Some((first, last)) = choose_passage(&source.sentences, random) else { continue };
            let spans = &source.sentences[first..=last];
            let copied: Vec<&str> =
                spans.iter().map(|s| &source.text[s.bytes.0..s.bytes.1]).collect();
            let (sentences, edits) = edit_passage(&copied, self.pool.vocabulary(), random);
            insertions.push(Insertion {
                after_paragraph: random.below(paragraphs + 1),
                sentences,
                source: PassageLocation {
                    id: source.id.clone(),
                    start: spans[0].chars.0,
                    end: spans[spans.len() - 1].chars.1,
                },
                edits,
            });
        }
        insertions
    }
}

impl Iterator for Generator<'_> {
    type Item = Generated;

    fn next(&mut self) -> Option<Generated> {
        if self.next >= self.config.documents {
            return None;
        }
        let index = self.next;
        self.next += 1;
        Some(self.generate(index))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.config.documents - self.next).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

/// A run of whole sentences `first..=last` of [`PASSAGE_WORDS`] words, starting at a random
/// sentence and growing forward, then backward; `None` when the document is too short.
fn choose_passage(sentences: &[SentenceSpan], random: &mut Random) -> Option<(usize, usize)> {
    if sentences.is_empty() {
        return None;
    }
    let (min_words, max_words) = (*PASSAGE_WORDS.start(), *PASSAGE_WORDS.end());
    let wanted = random.between(min_words, max_words);
    let mut first = random.below(sentences.len());
    let mut last = first;
    let mut words = sentences[first].words;
    while words < wanted
        && last + 1 < sentences.len()
        && words + sentences[last + 1].words <= max_words
    {
        last += 1;
        words += sentences[last].words;
    }
    while words < wanted && first > 0 && words + sentences[first - 1].words <= max_words {
        first -= 1;
        words += sentences[first].words;
    }
    (min_words..=max_words).contains(&words).then_some((first, last))
}

/// Text under construction, with its length in code points.
#[derive(Debug, Default)]
struct Builder {
    text: String,
    chars: usize,
}

impl Builder {
    fn push(&mut self, piece: &str) {
        self.text.push_str(piece);
        self.chars += piece.chars().count();
    }

    fn paragraph_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.push("\n\n");
        }
    }

    /// Appends sentences separated by one space, recording each one's span.
    fn push_sentences<S: AsRef<str>>(&mut self, sentences: &[S], spans: &mut Vec<SentenceSpan>) {
        for (i, sentence) in sentences.iter().enumerate() {
            if i > 0 {
                self.push(" ");
            }
            let sentence = sentence.as_ref();
            let (byte_start, char_start) = (self.text.len(), self.chars);
            self.push(sentence);
            spans.push(SentenceSpan {
                bytes: (byte_start, self.text.len()),
                chars: (char_start, self.chars),
                words: sentence.split_whitespace().count(),
            });
        }
    }
}

/// The first words of a title, lower-case ASCII, joined by hyphens, for URLs.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "article".into()
    } else {
        words.join("-")
    }
}

/// Generates the corpus into `documents` (JSON Lines, one [`SynthDocument`] a line) and, when
/// given, the planted passages into `truth` (one [`PlantedPassage`] a line).
pub fn write_corpus(
    pool: &SentencePool,
    config: &SynthConfig,
    documents: &mut dyn Write,
    mut truth: Option<&mut dyn Write>,
) -> Result<SynthSummary> {
    let mut summary = SynthSummary::default();
    let mut line = Vec::with_capacity(16 * 1024);
    for generated in Generator::new(pool, config.clone())? {
        line.clear();
        serde_json::to_writer(&mut line, &generated.document)
            .map_err(|e| Error::Write(e.into()))?;
        line.push(b'\n');
        documents.write_all(&line).map_err(Error::Write)?;
        summary.documents += 1;
        summary.bytes += line.len() as u64;
        if !generated.planted.is_empty() {
            summary.reusing_documents += 1;
            summary.planted_passages += generated.planted.len() as u64;
        }
        if let Some(truth) = truth.as_deref_mut() {
            for planted in &generated.planted {
                serde_json::to_writer(&mut *truth, planted).map_err(|e| Error::Write(e.into()))?;
                truth.write_all(b"\n").map_err(Error::Write)?;
            }
        }
    }
    documents.flush().map_err(Error::Write)?;
    if let Some(truth) = truth {
        truth.flush().map_err(Error::Write)?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use super::*;

    const PTC_ARTICLES: &str =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ptc/train/articles");

    /// Articles of numbered, distinct sentences, so that the test can tell where text came from.
    fn invented_pool() -> SentencePool {
        let articles: Vec<String> = (0..30)
            .map(|a| {
                let paragraphs: Vec<String> = (0..6)
                    .map(|p| {
                        (0..4)
                            .map(|s| {
                                format!(
                                    "In article {a} paragraph {p} the \"minister\" said sentence {s} was \
                                     about the harbour, the budget and the weather on Monday."
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                format!("Headline number {a}\n\n{}", paragraphs.join("\n\n"))
            })
            .collect();
        SentencePool::from_articles(&articles).expect("a pool")
    }

    fn real_pool() -> SentencePool {
        SentencePool::from_dir(std::path::Path::new(PTC_ARTICLES)).expect("the PTC articles")
    }

    fn slice(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end.saturating_sub(start)).collect()
    }

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// Checks every invariant of a generated corpus; returns the planted passages.
    fn check_corpus(corpus: &[Generated], config: &SynthConfig) -> Vec<PlantedPassage> {
        let by_id: HashMap<&str, &SynthDocument> =
            corpus.iter().map(|g| (g.document.id.as_str(), &g.document)).collect();
        assert_eq!(by_id.len(), corpus.len(), "ids are unique");
        let mut previous_day = config.first_day;
        for generated in corpus {
            let document = &generated.document;
            assert!(document.published >= previous_day, "publication order");
            previous_day = document.published;
            assert!(document.outlet.starts_with("Outlet "), "{}", document.outlet);
            let footer = crate::outlets::Outlet::new(
                document.outlet["Outlet ".len()..].parse().expect("outlet number"),
            )
            .footer;
            assert!(document.text.ends_with(&footer), "{} ends with its footer", document.id);
            assert!(!document.text.contains('\r') && !document.title.is_empty());
        }
        let planted: Vec<PlantedPassage> = corpus.iter().flat_map(|g| g.planted.clone()).collect();
        for passage in &planted {
            let source = by_id[passage.source.id.as_str()];
            let target = by_id[passage.target.id.as_str()];
            assert!(source.published < target.published, "the source is dated earlier");
            let source_text = slice(&source.text, passage.source.start, passage.source.end);
            let target_text = slice(&target.text, passage.target.start, passage.target.end);
            let source_words = words(&source_text);
            let target_words = words(&target_text);
            assert!(
                PASSAGE_WORDS.contains(&source_text.split_whitespace().count()),
                "{} words: {source_text}",
                source_words.len()
            );
            // The offsets delimit the passage: most target words are source words, and the
            // target is no longer than the source (edits only remove or replace).
            let vocabulary: BTreeSet<&String> = source_words.iter().collect();
            let shared = target_words.iter().filter(|w| vocabulary.contains(w)).count();
            assert!(
                shared * 10 >= target_words.len() * 8,
                "{shared} of {} words shared\nsource: {source_text}\ntarget: {target_text}",
                target_words.len()
            );
            assert!(target_words.len() <= source_words.len());
            // Whole sentences: the slices start at a sentence start and end at its end, and
            // never reach the outlet's boilerplate.
            assert_eq!(source_text.trim(), source_text);
            assert_eq!(target_text.trim(), target_text);
            assert!(!source_text.contains("Outlet") && !target_text.contains("Outlet"));
            if passage.edits.is_empty() {
                // A copy is one paragraph: the source's paragraph breaks become spaces.
                let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(flat(&source_text), target_text);
            }
        }
        planted
    }

    #[test]
    fn planted_offsets_delimit_the_copied_passages() {
        let config = SynthConfig { documents: 1500, reuse_rate: 0.3, ..SynthConfig::default() };
        let corpus: Vec<Generated> =
            Generator::new(&invented_pool(), config.clone()).expect("generator").collect();
        let planted = check_corpus(&corpus, &config);
        let reusing = corpus.iter().filter(|g| !g.planted.is_empty()).count();
        // Documents of the first day have nothing earlier to copy from.
        assert!((350..550).contains(&reusing), "{reusing} of 1500 documents reuse");
        let per_document = planted.len() as f64 / reusing as f64;
        assert!((1.5..2.5).contains(&per_document), "{per_document} passages per document");
        let edits: BTreeSet<Edit> = planted.iter().flat_map(|p| p.edits.clone()).collect();
        assert_eq!(edits.len(), 4, "every kind of edit occurs: {edits:?}");
    }

    #[test]
    fn the_corpus_spreads_over_two_years_and_fifty_outlets() {
        let config = SynthConfig { documents: 3000, ..SynthConfig::default() };
        let corpus: Vec<Generated> =
            Generator::new(&invented_pool(), config).expect("generator").collect();
        let first = corpus[0].document.published;
        let last = corpus[corpus.len() - 1].document.published;
        assert_eq!(first, NaiveDate::from_ymd_opt(2016, 1, 1).expect("date"));
        assert_eq!((last - first).num_days(), 729);
        let outlets: BTreeSet<&str> = corpus.iter().map(|g| g.document.outlet.as_str()).collect();
        assert_eq!(outlets.len(), 50);
        let days: BTreeSet<NaiveDate> = corpus.iter().map(|g| g.document.published).collect();
        assert!(days.len() > 700, "{} distinct days", days.len());
    }

    #[test]
    fn the_output_is_deterministic_for_a_seed() {
        let pool = invented_pool();
        let write = |seed| {
            let config = SynthConfig { documents: 300, seed, ..SynthConfig::default() };
            let (mut documents, mut truth) = (Vec::new(), Vec::new());
            let summary =
                write_corpus(&pool, &config, &mut documents, Some(&mut truth)).expect("writes");
            (documents, truth, summary)
        };
        let (documents, truth, summary) = write(7);
        assert_eq!(write(7), (documents.clone(), truth.clone(), summary));
        assert_ne!(write(8).0, documents);
        assert_eq!(summary.documents, 300);
        assert_eq!(summary.bytes, documents.len() as u64);
        let truth_lines = String::from_utf8(truth).expect("utf-8");
        assert_eq!(truth_lines.lines().count() as u64, summary.planted_passages);
        for line in truth_lines.lines() {
            let planted: PlantedPassage = serde_json::from_str(line).expect("a truth line");
            assert!(planted.source.start < planted.source.end);
        }
        let first_line = String::from_utf8(documents).expect("utf-8");
        let first: serde_json::Value =
            serde_json::from_str(first_line.lines().next().expect("a line")).expect("json");
        let keys: Vec<&str> =
            first.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 6, "{keys:?}");
        assert_eq!(first["published"], "2016-01-01");
        assert_eq!(first["id"], "synth-0000000");
    }

    #[test]
    fn memory_is_bounded_by_the_source_window() {
        let config = SynthConfig {
            documents: 6_000,
            source_window: 50,
            reuse_rate: 0.5,
            ..SynthConfig::default()
        };
        let pool = invented_pool();
        let mut generator = Generator::new(&pool, config).expect("generator");
        let mut planted = 0;
        for _ in 0..6_000 {
            planted += generator.next().expect("a document").planted.len();
            assert!(generator.today.len() <= 50 && generator.earlier.len() <= 50);
        }
        assert!(generator.next().is_none());
        assert!(planted > 1500, "{planted}");
    }

    #[test]
    fn bad_settings_are_refused() {
        let pool = invented_pool();
        for config in [
            SynthConfig { reuse_rate: 1.5, ..SynthConfig::default() },
            SynthConfig { reuse_rate: f64::NAN, ..SynthConfig::default() },
            SynthConfig { outlets: 0, ..SynthConfig::default() },
            SynthConfig { days: 0, ..SynthConfig::default() },
            SynthConfig { first_day: NaiveDate::MAX, ..SynthConfig::default() },
        ] {
            assert!(matches!(Generator::new(&pool, config), Err(Error::Config(_))));
        }
        let none = SynthConfig { documents: 0, ..SynthConfig::default() };
        assert_eq!(Generator::new(&pool, none).expect("generator").count(), 0);
    }

    #[test]
    fn passages_are_whole_sentences_of_the_allowed_length() {
        let span = |words| SentenceSpan { bytes: (0, 0), chars: (0, 0), words };
        let mut random = Random::for_stream(1, 1);
        assert_eq!(choose_passage(&[], &mut random), None);
        assert_eq!(choose_passage(&[span(10), span(10)], &mut random), None, "too short");
        assert_eq!(choose_passage(&[span(500)], &mut random), None, "too long");
        for _ in 0..100 {
            let (first, last) =
                choose_passage(&[span(30), span(20), span(390)], &mut random).expect("a passage");
            // 30 + 20 words, or the 390-word sentence alone (30 + 20 + 390 is too long).
            assert!(matches!((first, last), (0, 1) | (2, 2)), "{first}..={last}");
        }
    }

    #[test]
    fn a_corpus_from_the_ptc_articles_holds_its_invariants() {
        let pool = real_pool();
        assert_eq!(pool.article_count(), 371);
        assert!(pool.sentence_count() > 5000, "{} sentences", pool.sentence_count());
        let config = SynthConfig { documents: 400, reuse_rate: 0.4, ..SynthConfig::default() };
        let corpus: Vec<Generated> =
            Generator::new(&pool, config.clone()).expect("generator").collect();
        let planted = check_corpus(&corpus, &config);
        assert!(planted.len() > 100, "{} planted", planted.len());
    }

    /// Lower-cased alphanumeric runs of `text` with their code point ranges (as the reuse
    /// detector cuts words).
    fn word_spans(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
        let mut out = Vec::new();
        let mut current: Option<(String, usize)> = None;
        let mut position = 0;
        for c in text.chars() {
            if c.is_alphanumeric() {
                current.get_or_insert_with(|| (String::new(), position)).0.extend(c.to_lowercase());
            } else if let Some((word, start)) = current.take() {
                out.push((word, start..position));
            }
            position += 1;
        }
        out.extend(current.map(|(word, start)| (word, start..position)));
        out
    }

    #[test]
    fn documents_share_long_runs_only_where_reuse_was_planted() {
        const RUN: usize = 8;
        let pool = real_pool();
        let config = SynthConfig { documents: 1500, reuse_rate: 0.3, ..SynthConfig::default() };
        let corpus: Vec<Generated> =
            Generator::new(&pool, config.clone()).expect("generator").collect();
        // Planted stretches, on both sides, and each outlet's byline and footer are expected to
        // recur; everything else is walked text.
        let mut expected: HashMap<&str, Vec<std::ops::Range<usize>>> = HashMap::new();
        for passage in corpus.iter().flat_map(|g| &g.planted) {
            for side in [&passage.source, &passage.target] {
                expected.entry(side.id.as_str()).or_default().push(side.start..side.end);
            }
        }
        let mut runs: HashMap<Vec<String>, BTreeSet<&str>> = HashMap::new();
        let (mut body_words, mut article_runs, mut windows) = (0, 0, 0);
        for generated in &corpus {
            let document = &generated.document;
            let paragraphs: Vec<&str> = document.text.split("\n\n").collect();
            let footer_start = document.text.chars().count()
                - paragraphs.last().expect("a footer").chars().count();
            let outlet = crate::outlets::Outlet::new(
                document.outlet["Outlet ".len()..].parse().expect("outlet number"),
            );
            let byline_end = outlet.byline.map_or(0, |b| b.chars().count());
            let skip = expected.get(document.id.as_str());
            let body: Vec<(String, std::ops::Range<usize>)> = word_spans(&document.text)
                .into_iter()
                .filter(|(_, r)| r.start >= byline_end && r.end <= footer_start)
                .filter(|(_, r)| {
                    !skip.is_some_and(|s| s.iter().any(|p| p.start < r.end && r.start < p.end))
                })
                .collect();
            body_words += body.len();
            let hashes: Vec<u64> =
                body.iter().flat_map(|(w, _)| crate::bigrams::word_hashes(w)).collect();
            for end in crate::bigrams::GUARDED_WORDS..=hashes.len() {
                windows += 1;
                article_runs += usize::from(pool.bigrams().ends_with_article_run(&hashes[..end]));
            }
            for window in body.windows(RUN) {
                let words: Vec<String> = window.iter().map(|(w, _)| w.clone()).collect();
                runs.entry(words).or_default().insert(document.id.as_str());
            }
        }
        assert!(body_words > 300_000, "{body_words} words of walked text");
        // Windows across masked stretches and sentences whose first words were kept whole make
        // a few; copying would make nearly all of them.
        assert!(article_runs * 100 < windows, "{article_runs} of {windows} 5-word runs copied");
        let shared = runs.values().filter(|docs| docs.len() > 1).count();
        assert!(
            shared * 10_000 < runs.len(),
            "{shared} of {} {RUN}-word runs are in more than one document",
            runs.len()
        );
    }

    #[test]
    fn ingest_reads_the_documents_with_the_same_text_and_fields() {
        use echotrace_ingest::{read_inputs, Event, Input, ReadOptions};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("docs.jsonl");
        let config = SynthConfig { documents: 200, reuse_rate: 0.5, ..SynthConfig::default() };
        let pool = real_pool();
        let mut file = std::fs::File::create(&path).expect("creates");
        write_corpus(&pool, &config, &mut file, None).expect("writes");
        let generated: Vec<Generated> = Generator::new(&pool, config).expect("generator").collect();
        let read: Vec<echotrace_model::Document> =
            read_inputs(vec![Input::Path(path)], ReadOptions::default())
                .map(|event| match event {
                    Event::Document(document) => *document,
                    other => panic!("unexpected {other:?}"),
                })
                .collect();
        assert_eq!(read.len(), 200);
        for (document, generated) in read.iter().zip(&generated) {
            let expected = &generated.document;
            assert_eq!(document.id, expected.id);
            assert_eq!(document.text, expected.text, "the truth's offsets stay valid");
            assert_eq!(document.title.as_deref(), Some(expected.title.as_str()));
            assert_eq!(document.outlet.as_deref(), Some(expected.outlet.as_str()));
            assert_eq!(document.url.as_deref(), Some(expected.url.as_str()));
            assert_eq!(document.published, Some(expected.published));
        }
    }
}
