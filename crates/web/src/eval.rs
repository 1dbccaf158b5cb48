//! Evaluations behind `echotrace eval html` and `echotrace eval dates`.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::{extract_article, DatePreference, Error, Result};

/// Reads `{file}.gz`, or `{file}` itself where the set stores a page uncompressed.
fn read_page(dir: &Path, file: &str) -> Result<Vec<u8>> {
    let gz = dir.join(format!("{file}.gz"));
    let path = if gz.exists() { gz } else { dir.join(file) };
    let raw = std::fs::read(&path).map_err(|source| Error::File { path: path.clone(), source })?;
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(&raw[..])
        .read_to_end(&mut bytes)
        .map_err(|source| Error::File { path, source })?;
    Ok(bytes)
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let raw = std::fs::read(path).map_err(|source| Error::File { path: path.into(), source })?;
    serde_json::from_slice(&raw).map_err(|e| Error::EvalData(format!("{}: {e}", path.display())))
}

/// Collapses runs of whitespace to one space, as trafilatura's evaluation does.
fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Deserialize)]
struct HtmlCase {
    file: String,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

/// Main-text extraction scored with trafilatura's snippet metric.
#[derive(Debug, Clone, Default)]
pub struct HtmlEvalReport {
    /// Pages evaluated.
    pub pages: usize,
    /// Pages the extractor refused or found empty.
    pub failures: usize,
    /// "with" snippets found.
    pub true_positives: usize,
    /// "without" snippets found.
    pub false_positives: usize,
    /// "with" snippets missing.
    pub false_negatives: usize,
    /// "without" snippets missing.
    pub true_negatives: usize,
    /// Seconds spent in decoding, parsing and extraction (file reading excluded).
    pub extract_seconds: f64,
}

impl HtmlEvalReport {
    /// TP / (TP + FP).
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }
    /// TP / (TP + FN).
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }
    /// 2TP / (2TP + FP + FN).
    pub fn f1(&self) -> f64 {
        ratio(
            2 * self.true_positives,
            2 * self.true_positives + self.false_positives + self.false_negatives,
        )
    }
    /// (TP + TN) / all.
    pub fn accuracy(&self) -> f64 {
        let all =
            self.true_positives + self.false_positives + self.false_negatives + self.true_negatives;
        ratio(self.true_positives + self.true_negatives, all)
    }
    /// Pages per second of extraction on one thread.
    pub fn pages_per_second(&self) -> f64 {
        self.pages as f64 / self.extract_seconds.max(1e-9)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl fmt::Display for HtmlEvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "pages       {} ({} without extracted text)", self.pages, self.failures)?;
        writeln!(
            f,
            "snippets    TP {}  FP {}  FN {}  TN {}",
            self.true_positives, self.false_positives, self.false_negatives, self.true_negatives
        )?;
        writeln!(f, "precision   {:.3}", self.precision())?;
        writeln!(f, "recall      {:.3}", self.recall())?;
        writeln!(
            f,
            "f1          {:.3}   (trafilatura 2.2.0: 0.924, readability-lxml: 0.826)",
            self.f1()
        )?;
        writeln!(f, "accuracy    {:.3}", self.accuracy())?;
        write!(
            f,
            "speed       {:.0} pages/s (one thread, extraction only)",
            self.pages_per_second()
        )
    }
}

/// Scores one extracted text against its snippets; returns (tp, fp, fn, tn).
fn score_snippets(text: &str, with: &[String], without: &[String]) -> (usize, usize, usize, usize) {
    let text = collapse_whitespace(text);
    let found = |s: &String| text.contains(&collapse_whitespace(s));
    let tp = with.iter().filter(|s| found(s)).count();
    let fp = without.iter().filter(|s| found(s)).count();
    (tp, fp, with.len() - tp, without.len() - fp)
}

/// Runs the extractor over trafilatura's evaluation set (`evaldata.json` and `html/*.html.gz`).
///
/// # Errors
/// When `evaldata.json` cannot be read. Pages that fail to extract count as empty text.
pub fn eval_html(dir: &Path) -> Result<HtmlEvalReport> {
    eval_html_with(dir, |_, _, _| {})
}

/// [`eval_html`], calling `inspect(url, text, (tp, fp, fn))` for each page (for error analysis).
///
/// # Errors
/// As [`eval_html`].
pub fn eval_html_with(
    dir: &Path,
    mut inspect: impl FnMut(&str, &str, (usize, usize, usize)),
) -> Result<HtmlEvalReport> {
    let cases: BTreeMap<String, HtmlCase> = read_json(&dir.join("evaldata.json"))?;
    let mut report = HtmlEvalReport::default();
    for (url, case) in &cases {
        let bytes = read_page(&dir.join("html"), &case.file)?;
        let start = Instant::now();
        let text = match extract_article(&bytes, None, Some(url)) {
            Ok(article) => article.text,
            Err(_) => String::new(),
        };
        report.extract_seconds += start.elapsed().as_secs_f64();
        if text.is_empty() {
            report.failures += 1;
        }
        let (tp, fp, fneg, tn) = score_snippets(&text, &case.with, &case.without);
        inspect(url, &text, (tp, fp, fneg));
        report.pages += 1;
        report.true_positives += tp;
        report.false_positives += fp;
        report.false_negatives += fneg;
        report.true_negatives += tn;
    }
    Ok(report)
}

#[derive(Debug, Deserialize)]
struct DateCase {
    file: String,
    date: Option<String>,
}

/// Publication-date extraction scored by exact day.
///
/// The headline figures are for [`DatePreference::Original`], what [`crate::extract_article`]
/// reports; `latest_correct` scores [`DatePreference::Latest`] (htmldate's default reading, an
/// update beating the first publication) on the same pages.
#[derive(Debug, Clone, Default)]
pub struct DateEvalReport {
    /// Pages evaluated.
    pub pages: usize,
    /// Gold entries whose page file is missing (counted as no date found).
    pub missing_files: usize,
    /// Right day (or rightly no date).
    pub correct: usize,
    /// A date that is not the gold day.
    pub wrong: usize,
    /// No date where gold has one.
    pub missed: usize,
    /// Right day with the latest-date preference.
    pub latest_correct: usize,
    /// Seconds spent extracting (file reading excluded), both preferences from one parse.
    pub extract_seconds: f64,
    /// Right day on the pages with an even index in the gold file's URL order, and their number.
    pub even: (usize, usize),
    /// The same on the pages with an odd index (the two halves of the overfitting guard).
    pub odd: (usize, usize),
}

impl DateEvalReport {
    /// Share of pages with the right day.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.pages)
    }
    /// 2TP / (2TP + FP + FN), a wrong date being FP and no date FN.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.correct, 2 * self.correct + self.wrong + self.missed)
    }
    /// Share of pages with the right day when the latest date is preferred.
    pub fn latest_accuracy(&self) -> f64 {
        ratio(self.latest_correct, self.pages)
    }
    /// Pages per second (decoding, parsing and date extraction, one thread).
    pub fn pages_per_second(&self) -> f64 {
        self.pages as f64 / self.extract_seconds.max(1e-9)
    }
}

impl fmt::Display for DateEvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "pages       {} ({} files missing)", self.pages, self.missing_files)?;
        writeln!(f, "correct     {}  wrong {}  none {}", self.correct, self.wrong, self.missed)?;
        writeln!(
            f,
            "accuracy    {:.3}   (htmldate extensive: 0.949, newspaper4k: 0.810)",
            self.accuracy()
        )?;
        writeln!(
            f,
            "halves      even {:.3} ({} pages)  odd {:.3} ({} pages)",
            ratio(self.even.0, self.even.1),
            self.even.1,
            ratio(self.odd.0, self.odd.1),
            self.odd.1
        )?;
        writeln!(f, "f1          {:.3}", self.f1())?;
        writeln!(
            f,
            "latest      {:.3}   accuracy when the latest date (an update) is preferred",
            self.latest_accuracy()
        )?;
        write!(
            f,
            "speed       {:.0} pages/s (one thread, decoding, parsing and date extraction)",
            self.pages_per_second()
        )
    }
}

/// One page of the date evaluation, as passed to the `inspect` callback of [`eval_dates_with`].
#[derive(Debug, Clone)]
pub struct DateCaseResult<'a> {
    /// The page's URL (the key of the gold file).
    pub url: &'a str,
    /// Position in the gold file's URL order (even and odd halves).
    pub index: usize,
    /// The gold day, `None` where the page has no date.
    pub gold: Option<NaiveDate>,
    /// The prediction with [`DatePreference::Latest`] and the rule that gave it.
    pub latest: Option<(NaiveDate, crate::DateSource)>,
    /// The prediction with [`DatePreference::Original`].
    pub original: Option<(NaiveDate, crate::DateSource)>,
}

/// Runs date extraction over the htmldate set (`gold_dates.json` and `html/*.html.gz`).
///
/// # Errors
/// When `gold_dates.json` cannot be read.
pub fn eval_dates(dir: &Path) -> Result<DateEvalReport> {
    eval_dates_with(dir, |_| {})
}

/// [`eval_dates`], calling `inspect` with each page's gold day and predictions.
///
/// # Errors
/// As [`eval_dates`].
pub fn eval_dates_with(
    dir: &Path,
    mut inspect: impl FnMut(&DateCaseResult<'_>),
) -> Result<DateEvalReport> {
    let cases: BTreeMap<String, DateCase> = read_json(&dir.join("gold_dates.json"))?;
    let mut report = DateEvalReport::default();
    let preferences = [DatePreference::Original, DatePreference::Latest];
    for (index, (url, case)) in cases.iter().enumerate() {
        report.pages += 1;
        let gold = case.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let (original, latest) = match read_page(&dir.join("html"), &case.file) {
            Ok(bytes) => {
                let start = Instant::now();
                let found =
                    crate::article::dates_by_preference(&bytes, None, Some(url), &preferences);
                report.extract_seconds += start.elapsed().as_secs_f64();
                let found = found.unwrap_or_default();
                (found.first().copied().flatten(), found.get(1).copied().flatten())
            }
            Err(_) => {
                report.missing_files += 1;
                (None, None)
            }
        };
        inspect(&DateCaseResult { url, index, gold, latest, original });
        let right = gold == original.map(|(date, _)| date);
        let half = if index % 2 == 0 { &mut report.even } else { &mut report.odd };
        half.1 += 1;
        if right {
            half.0 += 1;
            report.correct += 1;
        } else if original.is_some() {
            report.wrong += 1;
        } else {
            report.missed += 1;
        }
        if gold == latest.map(|(date, _)| date) {
            report.latest_correct += 1;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_metric_collapses_whitespace_and_is_case_sensitive() {
        let with = vec!["a  b\nc".to_string(), "Missing".to_string()];
        let without = vec!["Footer".to_string(), "footer".to_string()];
        assert_eq!(score_snippets("x a b c y footer", &with, &without), (1, 1, 1, 1));
    }

    #[test]
    fn report_formulas() {
        let r = HtmlEvalReport {
            pages: 1,
            true_positives: 8,
            false_positives: 2,
            false_negatives: 2,
            true_negatives: 8,
            ..Default::default()
        };
        assert!((r.precision() - 0.8).abs() < 1e-9);
        assert!((r.f1() - 0.8).abs() < 1e-9);
        assert!((r.accuracy() - 0.8).abs() < 1e-9);
    }
}
