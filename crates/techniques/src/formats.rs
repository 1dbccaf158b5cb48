//! The SemEval-2020 Task 11 submission formats.
//!
//! * SI: one `article_id<TAB>start<TAB>end` row per span.
//! * TC: a template of `article_id<TAB>?<TAB>start<TAB>end` rows comes back with the technique
//!   filled in. When the same span appears on k rows (a span with k techniques), the rows get
//!   the k most probable distinct techniques, best first.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use echotrace_analyze::Context;
use echotrace_model::Document;

use crate::corpus::{read_articles, read_tc_rows, Article, TcRow, TECHNIQUES};
use crate::model::Model;
use crate::Result;

/// Writes the SI rows of every `article<ID>.txt` of `articles_dir`, in id order.
pub fn write_si(model: &Model, articles_dir: &Path, out: &mut impl Write) -> Result<()> {
    for article in read_articles(articles_dir)? {
        write_si_article(model, &article, out)?;
    }
    Ok(())
}

/// Writes the SI rows of one article.
pub fn write_si_article(model: &Model, article: &Article, out: &mut impl Write) -> Result<()> {
    let doc = Document::new(article.id.clone(), article.text.clone());
    let cx = Context::new(&doc);
    for span in model.identify(&cx) {
        writeln!(out, "{}\t{}\t{}", article.id, span.start, span.end)?;
    }
    Ok(())
}

/// Fills the technique column of the template `spans_file` for the articles of `articles_dir`
/// and writes the rows in template order. Rows of unknown articles or with spans outside the
/// text are still classified (on the part of the span inside the text, possibly empty) so that
/// the output has exactly the template's rows.
pub fn write_tc(
    model: &Model,
    articles_dir: &Path,
    spans_file: &Path,
    out: &mut impl Write,
) -> Result<()> {
    let articles: HashMap<String, Article> =
        read_articles(articles_dir)?.into_iter().map(|a| (a.id.clone(), a)).collect();
    let rows = read_tc_rows(spans_file)?;
    let labels = fill_techniques(model, &articles, &rows);
    for (row, technique) in rows.iter().zip(labels) {
        writeln!(out, "{}\t{}\t{}\t{}", row.article_id, technique, row.start, row.end)?;
    }
    Ok(())
}

/// The technique of each template row (see the module doc for repeated spans).
pub fn fill_techniques(
    model: &Model,
    articles: &HashMap<String, Article>,
    rows: &[TcRow],
) -> Vec<&'static str> {
    let mut by_article: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        by_article.entry(row.article_id.as_str()).or_default().push(i);
    }
    let mut labels = vec![TECHNIQUES[8]; rows.len()];
    let empty = Article { id: String::new(), text: String::new() };
    for (id, indices) in by_article {
        let article = articles.get(id).unwrap_or(&empty);
        let doc = Document::new(article.id.clone(), article.text.clone());
        let cx = Context::new(&doc);
        let spans: Vec<[usize; 2]> =
            indices.iter().map(|&i| [rows[i].start, rows[i].end]).collect();
        let rankings = model.rank_techniques(&cx, &spans);
        let mut seen: HashMap<[usize; 2], usize> = HashMap::new();
        for ((&i, span), ranking) in indices.iter().zip(&spans).zip(rankings) {
            let k = seen.entry(*span).or_default();
            labels[i] = TECHNIQUES[ranking[(*k).min(13)]];
            *k += 1;
        }
    }
    labels
}

/// Parses SI rows (`id<TAB>start<TAB>end`), checking the columns; for tests and tools that
/// read our output back.
pub fn parse_si_rows(text: &str) -> Result<Vec<(String, usize, usize)>> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        let parse = |s: &str| {
            s.parse::<usize>().map_err(|_| crate::Error::Parse {
                path: "<si>".into(),
                line: n + 1,
                message: format!("bad offset {s:?}"),
            })
        };
        if cols.len() != 3 || cols[0].is_empty() || !cols[0].bytes().all(|b| b.is_ascii_digit()) {
            return Err(crate::Error::Parse {
                path: "<si>".into(),
                line: n + 1,
                message: "expected id<TAB>start<TAB>end".into(),
            });
        }
        rows.push((cols[0].to_string(), parse(cols[1])?, parse(cols[2])?));
    }
    Ok(rows)
}
