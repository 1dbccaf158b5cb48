//! Tests on the real PTC train split, read from ../shared at run time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use echotrace_analyze::Pipeline;
use echotrace_model::Document;
use echotrace_techniques::corpus::{load_split, parse_tc_rows, read_articles};
use echotrace_techniques::formats::parse_si_rows;
use echotrace_techniques::{write_si, write_tc, Model, TechniqueAnalyzer, TECHNIQUES};

fn train_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ptc/train")).to_path_buf()
}

#[test]
fn committed_model_gives_valid_spans_on_every_train_article() -> anyhow::Result<()> {
    let pipeline = Pipeline::standard().with(Box::new(TechniqueAnalyzer::fast()?));
    let articles = read_articles(&train_dir().join("articles"))?;
    assert_eq!(articles.len(), 371);
    let mut total = 0usize;
    let mut seen_techniques = std::collections::HashSet::new();
    for article in articles {
        let length = article.text.chars().count();
        let record = pipeline.run(Document::new(article.id.clone(), article.text));
        let spans = &record.layers.techniques;
        for pair in spans.windows(2) {
            assert!(pair[0].start <= pair[1].start, "{}: spans not sorted", article.id);
            assert!(pair[0].end <= pair[1].start, "{}: spans overlap", article.id);
        }
        for span in spans {
            assert!(
                span.start < span.end && span.end <= length,
                "{}: {span:?} outside text",
                article.id
            );
            assert!(
                TECHNIQUES.contains(&span.technique.as_str()),
                "{}: {}",
                article.id,
                span.technique
            );
            assert!(span.score > 0.0 && span.score <= 1.0, "{}: score {}", article.id, span.score);
            seen_techniques.insert(span.technique.clone());
        }
        total += spans.len();
    }
    // The model finds propaganda in the corpus it was trained on, and more than one technique.
    assert!(total > 1000, "only {total} spans on 371 articles");
    assert!(seen_techniques.len() >= 5, "techniques used: {seen_techniques:?}");
    Ok(())
}

#[test]
fn si_output_parses_and_stays_inside_the_articles() -> anyhow::Result<()> {
    let model = Model::embedded()?;
    let dir = train_dir().join("articles");
    let lengths: HashMap<String, usize> =
        read_articles(&dir)?.into_iter().map(|a| (a.id, a.text.chars().count())).collect();
    let mut out = Vec::new();
    write_si(&model, &dir, &mut out)?;
    let rows = parse_si_rows(std::str::from_utf8(&out)?)?;
    assert!(!rows.is_empty());
    for (id, start, end) in rows {
        let length = lengths.get(&id).copied().unwrap_or_default();
        assert!(start < end && end <= length, "row {id} {start} {end} outside article of {length}");
    }
    Ok(())
}

#[test]
fn tc_output_fills_every_template_row() -> anyhow::Result<()> {
    let model = Model::embedded()?;
    let split = load_split(&train_dir())?;
    // A template from the gold spans of the first 20 articles, written to a temporary file.
    let mut template = String::new();
    for annotated in split.iter().take(20) {
        for span in &annotated.tc_spans {
            template
                .push_str(&format!("{}\t?\t{}\t{}\n", annotated.article.id, span.start, span.end));
        }
    }
    let path =
        std::env::temp_dir().join(format!("echotrace-tc-template-{}.txt", std::process::id()));
    std::fs::write(&path, &template)?;
    let mut out = Vec::new();
    let result = write_tc(&model, &train_dir().join("articles"), &path, &mut out);
    std::fs::remove_file(&path)?;
    result?;
    let given = parse_tc_rows(&template, &path)?;
    let filled = parse_tc_rows(std::str::from_utf8(&out)?, &path)?;
    assert_eq!(given.len(), filled.len());
    let mut correct = 0;
    let gold: Vec<_> = split.iter().take(20).flat_map(|a| a.tc_spans.iter()).collect();
    for ((g, f), label) in given.iter().zip(&filled).zip(&gold) {
        assert_eq!((&g.article_id, g.start, g.end), (&f.article_id, f.start, f.end));
        assert!(TECHNIQUES.contains(&f.technique.as_str()), "{}", f.technique);
        correct += (f.technique == TECHNIQUES[label.technique]) as usize;
    }
    // Training articles: the classifier should get most of its own training labels right.
    assert!(correct * 2 > given.len(), "{correct} of {} correct", given.len());
    // Rows of a repeated span get distinct techniques.
    for pair in given.windows(2).zip(filled.windows(2)) {
        let (g, f) = pair;
        if (&g[0].article_id, g[0].start, g[0].end) == (&g[1].article_id, g[1].start, g[1].end) {
            assert_ne!(f[0].technique, f[1].technique);
        }
    }
    Ok(())
}

#[test]
fn hostile_text_does_not_panic() -> anyhow::Result<()> {
    let pipeline = Pipeline::standard().with(Box::new(TechniqueAnalyzer::fast()?));
    for text in
        ["", "\u{feff}", "!!!", "\n\n\n", "“", "a\u{0}b\u{feff}c 😀😀 “open", &"evil ".repeat(5000)]
    {
        let length = text.chars().count();
        let record = pipeline.run(Document::new("x", text));
        for span in &record.layers.techniques {
            assert!(span.start < span.end && span.end <= length);
        }
    }
    Ok(())
}
