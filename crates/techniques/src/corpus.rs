//! Reading the SemEval-2020 Task 11 Propaganda Techniques Corpus (PTC) layout: a folder of
//! `article<ID>.txt` files, SI label files (`id<TAB>start<TAB>end`) and TC label files
//! (`id<TAB>technique<TAB>start<TAB>end`), all with code point offsets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The 14 technique classes of SemEval-2020 Task 11, spelled exactly as in `techniques.txt`.
pub const TECHNIQUES: [&str; 14] = [
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
];

/// The class index of a technique name, if it is one of [`TECHNIQUES`].
pub fn technique_index(name: &str) -> Option<usize> {
    TECHNIQUES.iter().position(|t| *t == name)
}

/// One article: its id (the digits of `article<ID>.txt`) and its text, BOM included.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub text: String,
}

/// A gold technique label: a `[start, end)` code point span and its class index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LabeledSpan {
    pub start: usize,
    pub end: usize,
    pub technique: usize,
}

/// An article with its gold labels.
#[derive(Debug, Clone)]
pub struct AnnotatedArticle {
    pub article: Article,
    /// SI spans as given (may overlap; the scorer merges them).
    pub si_spans: Vec<[usize; 2]>,
    /// TC rows, sorted; a span with several techniques appears once per technique.
    pub tc_spans: Vec<LabeledSpan>,
}

/// The article id of a file named `article<ID>.txt`, or `None` for any other name.
///
/// ```
/// use echotrace_techniques::corpus::article_id_from_file_name;
/// assert_eq!(article_id_from_file_name("article111111111.txt").as_deref(), Some("111111111"));
/// assert_eq!(article_id_from_file_name("notes.txt"), None);
/// ```
pub fn article_id_from_file_name(name: &str) -> Option<String> {
    let digits = name.strip_prefix("article")?.strip_suffix(".txt")?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.to_string())
}

fn read_to_string(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.into(), source })?;
    // Hostile input: invalid UTF-8 is replaced rather than refused, so one bad file does not
    // stop a corpus run. PTC itself is valid UTF-8, so offsets there are unaffected.
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    })
}

/// Reads every `article<ID>.txt` of `dir`, sorted by id (numerically when the ids have equal
/// length, which PTC's do, else as strings).
pub fn read_articles(dir: &Path) -> Result<Vec<Article>> {
    let entries =
        std::fs::read_dir(dir).map_err(|source| Error::Read { path: dir.into(), source })?;
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read { path: dir.into(), source })?;
        let name = entry.file_name();
        if let Some(id) = name.to_str().and_then(article_id_from_file_name) {
            files.push((id, entry.path()));
        }
    }
    if files.is_empty() {
        return Err(Error::NoArticles(dir.into()));
    }
    files.sort_by(|a, b| sort_key(&a.0).cmp(&sort_key(&b.0)));
    files.into_iter().map(|(id, path)| Ok(Article { id, text: read_to_string(&path)? })).collect()
}

/// Sorts ids as numbers: shorter digit strings first, then lexicographically.
pub(crate) fn sort_key(id: &str) -> (usize, &str) {
    (id.len(), id)
}

fn parse_offset(field: Option<&str>, path: &Path, line: usize) -> Result<usize> {
    let field = field.ok_or_else(|| Error::Parse {
        path: path.into(),
        line,
        message: "missing offset column".into(),
    })?;
    field.trim().parse().map_err(|_| Error::Parse {
        path: path.into(),
        line,
        message: format!("offset {field:?} is not a number"),
    })
}

/// Reads SI rows (`id<TAB>start<TAB>end`), grouped by article id.
pub fn read_si_labels(path: &Path) -> Result<BTreeMap<String, Vec<[usize; 2]>>> {
    let text = read_to_string(path)?;
    let mut out: BTreeMap<String, Vec<[usize; 2]>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or_default().trim().to_string();
        let start = parse_offset(cols.next(), path, n + 1)?;
        let end = parse_offset(cols.next(), path, n + 1)?;
        out.entry(id).or_default().push([start, end]);
    }
    Ok(out)
}

/// One row of a TC file or template: `id<TAB>technique-or-?<TAB>start<TAB>end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcRow {
    pub article_id: String,
    /// The technique column as written (`?` in a template).
    pub technique: String,
    pub start: usize,
    pub end: usize,
}

/// Reads TC rows (a gold label file or a template with `?` in the technique column).
pub fn read_tc_rows(path: &Path) -> Result<Vec<TcRow>> {
    let text = read_to_string(path)?;
    parse_tc_rows(&text, path)
}

/// Parses TC rows from text; `path` names the source in errors.
pub fn parse_tc_rows(text: &str, path: &Path) -> Result<Vec<TcRow>> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(Error::Parse {
                path: path.into(),
                line: n + 1,
                message: format!("expected 4 tab-separated columns, found {}", cols.len()),
            });
        }
        rows.push(TcRow {
            article_id: cols[0].trim().to_string(),
            technique: cols[1].trim().to_string(),
            start: parse_offset(Some(cols[2]), path, n + 1)?,
            end: parse_offset(Some(cols[3]), path, n + 1)?,
        });
    }
    Ok(rows)
}

/// Loads a PTC split folder (`articles/`, `labels-si/`, `labels-tc/`). Articles without a
/// label file have no spans.
pub fn load_split(split_dir: &Path) -> Result<Vec<AnnotatedArticle>> {
    let articles = read_articles(&split_dir.join("articles"))?;
    let mut out = Vec::with_capacity(articles.len());
    for article in articles {
        let si_path =
            split_dir.join("labels-si").join(format!("article{}.task-si.labels", article.id));
        let tc_path =
            split_dir.join("labels-tc").join(format!("article{}.task-flc-tc.labels", article.id));
        let si_spans = if si_path.exists() {
            read_si_labels(&si_path)?.into_values().flatten().collect()
        } else {
            Vec::new()
        };
        let mut tc_spans = Vec::new();
        if tc_path.exists() {
            for row in read_tc_rows(&tc_path)? {
                let technique = technique_index(&row.technique)
                    .ok_or_else(|| Error::UnknownTechnique(row.technique.clone()))?;
                tc_spans.push(LabeledSpan { start: row.start, end: row.end, technique });
            }
        }
        tc_spans.sort();
        out.push(AnnotatedArticle { article, si_spans, tc_spans });
    }
    Ok(out)
}

/// The fold (0..k) of the article at position `index` of the id-sorted article list: articles
/// are sorted by id as numbers and article `i` goes to fold `i mod k`. Fixed, so that every run
/// and every tier uses the same split.
pub fn fold_of(index: usize, folds: usize) -> usize {
    index % folds.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technique_names_match_techniques_txt() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ptc/techniques.txt");
        let listed: Vec<String> = std::fs::read_to_string(path)
            .expect("the PTC corpus is in ../shared")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_string())
            .collect();
        assert_eq!(listed, TECHNIQUES);
    }

    #[test]
    fn parses_template_rows_and_rejects_bad_ones() {
        let rows =
            parse_tc_rows("123\t?\t4\t10\n\n9\tDoubt\t0\t3\n", Path::new("t")).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            TcRow { article_id: "123".into(), technique: "?".into(), start: 4, end: 10 }
        );
        assert!(parse_tc_rows("123\t?\t4\n", Path::new("t")).is_err());
        assert!(parse_tc_rows("123\t?\tx\t4\n", Path::new("t")).is_err());
    }

    #[test]
    fn folds_cycle_over_sorted_positions() {
        let folds: Vec<usize> = (0..7).map(|i| fold_of(i, 3)).collect();
        assert_eq!(folds, [0, 1, 2, 0, 1, 2, 0]);
        assert_eq!(fold_of(5, 0), 0);
    }
}
