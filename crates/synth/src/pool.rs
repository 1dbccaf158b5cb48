//! The material documents are built from: the sentences and titles of real articles.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::bigrams::Bigrams;
use crate::random::Random;
use crate::{Error, Result};

/// Sentences shorter than this (in words) are headings, datelines or debris, not prose.
const MIN_SENTENCE_WORDS: usize = 4;
/// Longer "sentences" are usually lists or a splitter miss; they would dominate passages.
const MAX_SENTENCE_WORDS: usize = 120;
/// A pool this small would repeat sentences so often that background text looks reused.
pub(crate) const MIN_POOL_SENTENCES: usize = 50;

/// The sentences and titles of a set of real articles, in a deterministic order (files sorted
/// by name, sentences in reading order), the vocabulary word substitutions draw from, and the
/// bigram model body sentences are walked from.
#[derive(Debug, Clone)]
pub struct SentencePool {
    sentences: Vec<Box<str>>,
    titles: Vec<Box<str>>,
    vocabulary: Vec<Box<str>>,
    bigrams: Bigrams,
}

impl SentencePool {
    /// Reads every `*.txt` file of `dir` (not recursive), sorted by name: the first non-empty
    /// line is the title, the other lines are paragraphs. Undecodable bytes are replaced.
    pub fn from_dir(dir: &Path) -> Result<SentencePool> {
        let read_error = |source| Error::ReadArticles { path: dir.to_path_buf(), source };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(read_error)?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        paths.sort();
        let mut articles = Vec::with_capacity(paths.len());
        for path in &paths {
            let bytes = std::fs::read(path)
                .map_err(|source| Error::ReadArticles { path: path.clone(), source })?;
            articles.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        SentencePool::from_articles(&articles).map_err(|error| match error {
            Error::NoArticles { .. } => Error::NoArticles { path: dir.to_path_buf() },
            other => other,
        })
    }

    /// Builds the pool from article texts, each with its title on the first non-empty line.
    pub fn from_articles<S: AsRef<str>>(articles: &[S]) -> Result<SentencePool> {
        let mut sentences = Vec::new();
        let mut titles = Vec::new();
        let mut vocabulary = BTreeSet::new();
        for article in articles {
            let mut lines = article.as_ref().lines().map(clean_line).filter(|l| !l.is_empty());
            let Some(title) = lines.next() else { continue };
            titles.push(title.into_boxed_str());
            for paragraph in lines {
                for sentence in split_sentences(&paragraph) {
                    let words = sentence.split_whitespace().count();
                    if !(MIN_SENTENCE_WORDS..=MAX_SENTENCE_WORDS).contains(&words) {
                        continue;
                    }
                    for word in sentence.split_whitespace() {
                        if (3..=12).contains(&word.len())
                            && word.chars().all(|c| c.is_ascii_lowercase())
                        {
                            vocabulary.insert(word.to_owned().into_boxed_str());
                        }
                    }
                    sentences.push(sentence.to_owned().into_boxed_str());
                }
            }
        }
        if titles.is_empty() {
            return Err(Error::NoArticles { path: PathBuf::new() });
        }
        if sentences.len() < MIN_POOL_SENTENCES {
            return Err(Error::TooFewSentences {
                found: sentences.len(),
                needed: MIN_POOL_SENTENCES,
            });
        }
        let bigrams = Bigrams::new(&sentences);
        if bigrams.is_empty() {
            return Err(Error::TooFewSentences { found: 0, needed: MIN_POOL_SENTENCES });
        }
        Ok(SentencePool {
            sentences,
            titles,
            vocabulary: vocabulary.into_iter().collect(),
            bigrams,
        })
    }

    /// Number of sentences.
    pub fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    /// Number of articles (titles) read.
    pub fn article_count(&self) -> usize {
        self.titles.len()
    }

    #[cfg(test)]
    pub(crate) fn sentence(&self, index: usize) -> &str {
        &self.sentences[index % self.sentences.len()]
    }

    /// A new sentence walked from the articles' bigrams (see `bigrams`): their words and local
    /// order, never five words of them in a row.
    pub(crate) fn walk_sentence(&self, random: &mut Random) -> String {
        self.bigrams.sentence(random)
    }

    #[cfg(test)]
    pub(crate) fn bigrams(&self) -> &Bigrams {
        &self.bigrams
    }

    pub(crate) fn title(&self, index: usize) -> &str {
        &self.titles[index % self.titles.len()]
    }

    /// Lower-case words of the articles, for substitutions; never empty once built (the pool
    /// holds at least [`MIN_POOL_SENTENCES`] sentences of four words or more).
    pub(crate) fn vocabulary(&self) -> &[Box<str>] {
        &self.vocabulary
    }
}

/// One line of an article as prose: control characters (tabs, carriage returns, form feeds)
/// become spaces, runs of whitespace one space, trimmed.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Words before a full stop that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col", "capt",
    "prof", "inc", "co", "corp", "ltd", "vs", "no", "mt", "ft", "sgt", "maj", "adm", "rev", "jan",
    "feb", "aug", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
];

/// Splits one paragraph into sentences: a `.`, `!` or `?` (and any closing quotes or
/// brackets) followed by a space and a capital, a digit or an opening quote ends a sentence,
/// unless the word before a full stop is an abbreviation or an initial.
pub(crate) fn split_sentences(paragraph: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end].1, '"' | '\'' | '”' | '’' | ')' | ']')
            {
                end += 1;
            }
            let space = end < chars.len() && chars[end].1 == ' ';
            let next = chars.get(end + 1).map(|&(_, c)| c);
            let opens = next.is_some_and(|n| {
                n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '\'' | '(')
            });
            if space
                && opens
                && !(c == '.' && ends_with_abbreviation(&paragraph[start..chars[i].0]))
            {
                let end_byte = chars[end].0;
                let sentence = paragraph[start..end_byte].trim();
                if !sentence.is_empty() {
                    sentences.push(sentence);
                }
                start = end_byte;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    let rest = paragraph[start..].trim();
    if !rest.is_empty() {
        sentences.push(rest);
    }
    sentences
}

fn ends_with_abbreviation(before: &str) -> bool {
    let word = before.rsplit(' ').next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut letters = word.chars();
    let single_initial =
        matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase());
    single_initial || ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(paragraph: &str, expect: &[&str]) {
        assert_eq!(split_sentences(paragraph), expect, "sentences of {paragraph:?}");
    }

    #[test]
    fn sentences_end_at_punctuation_before_a_capital() {
        check("One two. Three four! Five?", &["One two.", "Three four!", "Five?"]);
        check(
            "\"We will win,\" he said. \"They lost.\" Then silence.",
            &["\"We will win,\" he said.", "\"They lost.\"", "Then silence."],
        );
        check("It rose 3.5 percent. 2018 was worse.", &["It rose 3.5 percent.", "2018 was worse."]);
        check(
            "Mr. Smith met Dr. Jones in the U.S. Army base.",
            &["Mr. Smith met Dr. Jones in the U.S. Army base."],
        );
        check("John F. Kennedy spoke. it went on", &["John F. Kennedy spoke. it went on"]);
        check("", &[]);
        check("   ", &[]);
        check("No end", &["No end"]);
        check("Ends. ", &["Ends."]);
        check("Über. Ärger folgt.", &["Über.", "Ärger folgt."]);
    }

    #[test]
    fn lines_are_cleaned_of_control_characters() {
        assert_eq!(clean_line("\ta  b\r\u{c}c "), "a b c");
    }

    fn article(title: &str, sentences: usize) -> String {
        let body: Vec<String> =
            (0..sentences).map(|i| format!("Sentence number {i} has some words.")).collect();
        format!(
            "{title}\n\n{}\n\n\n{}",
            body[..sentences / 2].join(" "),
            body[sentences / 2..].join(" ")
        )
    }

    #[test]
    fn a_pool_keeps_titles_sentences_and_vocabulary() {
        let pool = SentencePool::from_articles(&[article("First", 40), article("Second", 30)])
            .expect("pool");
        assert_eq!(pool.article_count(), 2);
        assert_eq!(pool.sentence_count(), 70);
        assert_eq!(pool.title(1), "Second");
        assert_eq!(pool.sentence(0), "Sentence number 0 has some words.");
        let vocabulary: Vec<&str> = pool.vocabulary().iter().map(|w| &**w).collect();
        assert_eq!(vocabulary, ["has", "number", "some"]);
    }

    #[test]
    fn empty_or_tiny_inputs_are_refused() {
        assert!(matches!(SentencePool::from_articles::<&str>(&[]), Err(Error::NoArticles { .. })));
        assert!(matches!(
            SentencePool::from_articles(&["\n\n  \n"]),
            Err(Error::NoArticles { .. })
        ));
        assert!(matches!(
            SentencePool::from_articles(&[article("Only", 10)]),
            Err(Error::TooFewSentences { found: 10, .. })
        ));
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let error =
            SentencePool::from_dir(Path::new("/nonexistent/articles")).expect_err("missing");
        assert!(error.to_string().contains("/nonexistent/articles"), "{error}");
    }
}
