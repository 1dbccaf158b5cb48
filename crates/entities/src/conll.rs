//! CoNLL-2003 column files: reading them for training, tagging them (`echotrace ner --format
//! conll`) and scoring the tagger on them (`echotrace eval conll`) with conlleval's semantics.

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::model::{NerModel, TrainingDocument};
use crate::tags::{bio_from_iob, chunks, iob1_from_bio, ConllType, Tag};
use crate::{Error, Result};

/// One line of a CoNLL file, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    DocStart,
    Blank,
    Token,
}

fn kind_of(line: &str) -> LineKind {
    if line.trim().is_empty() {
        LineKind::Blank
    } else if line.starts_with("-DOCSTART-") {
        LineKind::DocStart
    } else {
        LineKind::Token
    }
}

/// A document of a CoNLL file: the line range it spans and its sentences as line ranges.
#[derive(Debug, Clone)]
struct DocumentLines {
    lines: std::ops::Range<usize>,
    sentences: Vec<std::ops::Range<usize>>,
}

fn split_documents(lines: &[&str]) -> Vec<DocumentLines> {
    let mut documents: Vec<DocumentLines> = Vec::new();
    let mut current = DocumentLines { lines: 0..0, sentences: Vec::new() };
    let mut sentence_start: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        let kind = kind_of(line);
        if kind != LineKind::Token {
            if let Some(s) = sentence_start.take() {
                current.sentences.push(s..i);
            }
        }
        if kind == LineKind::DocStart && i > current.lines.start {
            current.lines.end = i;
            documents.push(std::mem::replace(
                &mut current,
                DocumentLines { lines: i..i, sentences: Vec::new() },
            ));
        }
        if kind == LineKind::Token && sentence_start.is_none() {
            sentence_start = Some(i);
        }
    }
    if let Some(s) = sentence_start {
        current.sentences.push(s..lines.len());
    }
    current.lines.end = lines.len();
    if !current.lines.is_empty() {
        documents.push(current);
    }
    documents
}

fn first_column(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or("")
}

/// Parses the text of a CoNLL-2003 file into training documents (word, gold tag as BIO). `name`
/// is used in error messages. A token line needs at least two columns (word … tag).
pub fn parse_conll(text: &str, name: &str) -> Result<Vec<TrainingDocument>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for document in split_documents(&lines) {
        let mut sentences = Vec::with_capacity(document.sentences.len());
        for range in document.sentences {
            let mut words = Vec::with_capacity(range.len());
            let mut tags = Vec::with_capacity(range.len());
            for i in range {
                let columns: Vec<&str> = lines[i].split_whitespace().collect();
                if columns.len() < 2 {
                    return Err(Error::Conll {
                        path: name.to_owned(),
                        line: i + 1,
                        message: "expected a word and a tag column".into(),
                    });
                }
                words.push(columns[0].to_owned());
                tags.push(columns[columns.len() - 1]);
            }
            let bio = bio_from_iob(&tags);
            sentences.push(words.into_iter().zip(bio).collect());
        }
        if !sentences.is_empty() {
            out.push(sentences);
        }
    }
    Ok(out)
}

/// Reads and parses a CoNLL-2003 file (see [`parse_conll`]).
pub fn read_conll(path: &Path) -> Result<Vec<TrainingDocument>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_conll(&text, &path.display().to_string())
}

fn tag_lines(model: &NerModel, lines: &[&str], document: &DocumentLines) -> Vec<Vec<Tag>> {
    let sentences: Vec<Vec<&str>> = document
        .sentences
        .iter()
        .map(|r| lines[r.clone()].iter().map(|l| first_column(l)).collect())
        .collect();
    model.tag_document(&sentences)
}

/// `echotrace ner --format conll`: writes every line of the CoNLL text `input` to `out` with the
/// predicted tag (IOB1, as in CoNLL-2003) appended as the last column. Blank lines stay blank;
/// `-DOCSTART-` lines get an `O` so that every non-blank line has the same number of columns,
/// which conlleval requires. The first column is taken as the word; any other columns are kept.
pub fn tag_conll(model: &NerModel, input: &str, out: &mut impl Write) -> std::io::Result<()> {
    let lines: Vec<&str> = input.lines().collect();
    let documents = split_documents(&lines);
    let tagged: Vec<Vec<Vec<Tag>>> =
        documents.par_iter().map(|d| tag_lines(model, &lines, d)).collect();
    for (document, tags) in documents.iter().zip(tagged) {
        let mut predicted = vec![String::new(); document.lines.len()];
        for (range, sentence_tags) in document.sentences.iter().zip(tags) {
            for (i, tag) in range.clone().zip(iob1_from_bio(&sentence_tags)) {
                predicted[i - document.lines.start] = tag;
            }
        }
        for i in document.lines.clone() {
            let line = lines[i];
            match kind_of(line) {
                LineKind::Blank => writeln!(out)?,
                LineKind::DocStart => writeln!(out, "{} O", line.trim_end())?,
                LineKind::Token => {
                    writeln!(out, "{} {}", line.trim_end(), predicted[i - document.lines.start])?
                }
            }
        }
    }
    Ok(())
}

/// Exact-match counts for one entity type (or all of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntityCounts {
    /// Predicted entities whose span and type match a gold entity.
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl EntityCounts {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: EntityCounts) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

/// What `echotrace eval conll FILE` prints: entity-level exact-match scores (conlleval
/// semantics, micro-averaged) and tagging speed.
#[derive(Debug, Clone)]
pub struct ConllEvaluation {
    pub file: String,
    pub per_type: Vec<(ConllType, EntityCounts)>,
    pub overall: EntityCounts,
    pub tokens: usize,
    pub documents: usize,
    /// Tokens per second tagging the documents one after another on one thread.
    pub tokens_per_second_one_thread: f64,
    /// Tokens per second tagging documents in parallel on every thread of the rayon pool.
    pub tokens_per_second_all_threads: f64,
    pub threads: usize,
}

impl fmt::Display for ConllEvaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {} documents, {} tokens", self.file, self.documents, self.tokens)?;
        writeln!(
            f,
            "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
            "type", "precision", "recall", "F1", "gold", "pred", "correct"
        )?;
        let mut row = |name: &str, c: &EntityCounts| {
            writeln!(
                f,
                "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>7} {:>7} {:>7}",
                name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.gold,
                c.predicted,
                c.correct
            )
        };
        for (kind, counts) in &self.per_type {
            row(kind.as_str(), counts)?;
        }
        row("overall", &self.overall)?;
        writeln!(f, "speed: {:.0} tokens/s on 1 thread", self.tokens_per_second_one_thread)?;
        write!(
            f,
            "speed: {:.0} tokens/s on {} threads",
            self.tokens_per_second_all_threads, self.threads
        )
    }
}

fn score(gold: &[Tag], predicted: &[Tag], counts: &mut [EntityCounts; 4]) {
    let gold_chunks = chunks(gold);
    let predicted_chunks = chunks(predicted);
    for &(_, _, k) in &gold_chunks {
        counts[k.index()].gold += 1;
    }
    for chunk in &predicted_chunks {
        counts[chunk.2.index()].predicted += 1;
        if gold_chunks.contains(chunk) {
            counts[chunk.2.index()].correct += 1;
        }
    }
}

/// `echotrace eval conll FILE`: tags the CoNLL text `input` (named `name` in the report) and
/// scores it against its own last column, read as IOB1 (IOB2 also works).
pub fn evaluate_conll(model: &NerModel, input: &str, name: &str) -> Result<ConllEvaluation> {
    let documents = parse_conll(input, name)?;
    let words: Vec<Vec<Vec<&str>>> = documents
        .iter()
        .map(|d| d.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect())
        .collect();
    let tokens: usize = words.iter().flatten().map(Vec::len).sum();

    let started = Instant::now();
    let predicted: Vec<Vec<Vec<Tag>>> = words.iter().map(|d| model.tag_document(d)).collect();
    let one_thread = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let parallel: Vec<Vec<Vec<Tag>>> = words.par_iter().map(|d| model.tag_document(d)).collect();
    let all_threads = started.elapsed().as_secs_f64();
    if parallel != predicted {
        return Err(Error::Model("parallel tagging disagrees with sequential tagging".into()));
    }

    let mut counts = [EntityCounts::default(); 4];
    for (document, tags) in documents.iter().zip(&predicted) {
        for (sentence, sentence_tags) in document.iter().zip(tags) {
            let gold: Vec<Tag> = sentence.iter().map(|(_, t)| *t).collect();
            score(&gold, sentence_tags, &mut counts);
        }
    }
    let mut overall = EntityCounts::default();
    for c in counts {
        overall.add(c);
    }
    Ok(ConllEvaluation {
        file: name.to_owned(),
        per_type: ConllType::ALL.iter().map(|k| (*k, counts[k.index()])).collect(),
        overall,
        tokens,
        documents: documents.len(),
        tokens_per_second_one_thread: tokens as f64 / one_thread.max(1e-9),
        tokens_per_second_all_threads: tokens as f64 / all_threads.max(1e-9),
        threads: rayon::current_num_threads(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- O O\n\nMaria NNP I-NP I-PER\nZakharova NNP I-NP I-PER\nspoke VBD I-VP O\n\nIn IN I-PP O\nIdlib NNP I-NP I-LOC\n\n-DOCSTART- -X- O O\n\nHTS NNP I-NP I-ORG\n";

    #[test]
    fn parses_documents_and_sentences() {
        let docs = parse_conll(SAMPLE, "sample").expect("parses");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].len(), 2);
        assert_eq!(docs[0][0][1].0, "Zakharova");
        assert_eq!(docs[0][0][1].1, Tag::inside(ConllType::Per));
        assert_eq!(docs[1][0][0].1, Tag::begin(ConllType::Org));
    }

    #[test]
    fn bad_lines_name_the_line() {
        let err = parse_conll("Word I-PER\nlonely\n", "f.txt").expect_err("one column");
        assert_eq!(err.to_string(), "f.txt:2: expected a word and a tag column");
    }

    #[test]
    fn tagging_keeps_every_line_and_adds_one_column() {
        let model = NerModel::embedded();
        let mut out = Vec::new();
        tag_conll(model, SAMPLE, &mut out).expect("writes");
        let out = String::from_utf8(out).expect("utf-8");
        let input_lines: Vec<&str> = SAMPLE.lines().collect();
        let output_lines: Vec<&str> = out.lines().collect();
        assert_eq!(input_lines.len(), output_lines.len());
        for (a, b) in input_lines.iter().zip(&output_lines) {
            if a.is_empty() {
                assert!(b.is_empty());
            } else {
                assert!(b.starts_with(a));
                assert_eq!(b.split(' ').count(), a.split(' ').count() + 1, "{b}");
            }
        }
    }

    #[test]
    fn scoring_counts_exact_matches_only() {
        let b = |k| Tag::begin(k);
        let i = |k| Tag::inside(k);
        let gold = [b(ConllType::Per), i(ConllType::Per), Tag::O, b(ConllType::Loc)];
        let predicted = [b(ConllType::Per), Tag::O, Tag::O, b(ConllType::Loc)];
        let mut counts = [EntityCounts::default(); 4];
        score(&gold, &predicted, &mut counts);
        assert_eq!(counts[0], EntityCounts { correct: 0, predicted: 1, gold: 1 });
        assert_eq!(counts[2], EntityCounts { correct: 1, predicted: 1, gold: 1 });
    }
}
