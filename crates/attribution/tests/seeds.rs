//! End-to-end checks on the five seed articles in `../shared/seeds` (read at run time) and the
//! brat round trip on them.

use std::path::PathBuf;

use echotrace_analyze::Pipeline;
use echotrace_attribution::brat::{parse_ann, to_brat};
use echotrace_attribution::AttributionAnalyzer;
use echotrace_model::{Analysis, AttributionKind, Document};

fn seeds() -> Vec<Analysis> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("../shared/seeds is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 5, "five seed articles");
    let pipeline = Pipeline::standard().with(Box::new(AttributionAnalyzer::new()));
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("seed is UTF-8");
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("seed").to_owned();
            pipeline.run(Document::new(stem, text))
        })
        .collect()
}

#[test]
fn named_sources_are_found() {
    let records = seeds();
    let sources: Vec<&str> = records
        .iter()
        .flat_map(|r| r.layers.attributions.iter())
        .filter_map(|a| a.source.as_ref().map(|s| s.text.as_str()))
        .collect();
    for name in
        ["Russian Foreign Ministry", "Konashenkov", "Savchenko", "Zakharova", "Kazem", "Fitin"]
    {
        assert!(
            sources.iter().any(|s| s.contains(name)),
            "no source names {name}; sources: {sources:?}"
        );
    }
}

#[test]
fn unnamed_sources_are_vague() {
    let records = seeds();
    let attributions: Vec<_> = records.iter().flat_map(|r| r.layers.attributions.iter()).collect();
    for phrase in ["numerous witness reports", "Local residents", "many experts"] {
        let found: Vec<_> = attributions
            .iter()
            .filter_map(|a| a.source.as_ref())
            .filter(|s| s.text.contains(phrase))
            .collect();
        assert!(!found.is_empty(), "no attribution has the source {phrase:?}");
        assert!(found.iter().all(|s| s.vague), "{phrase:?} is not vague: {found:?}");
    }
    // A named official is not vague.
    assert!(attributions
        .iter()
        .filter_map(|a| a.source.as_ref())
        .filter(|s| s.text.contains("Zakharova"))
        .all(|s| !s.vague));
}

#[test]
fn press_tv_relays_its_attributions() {
    let records = seeds();
    let mut relays = 0;
    for record in &records {
        let list = &record.layers.attributions;
        for (index, relay) in
            list.iter().enumerate().filter(|(_, a)| a.kind == AttributionKind::Relay)
        {
            assert_eq!(relay.source.as_ref().map(|s| s.text.as_str()), Some("Press TV"));
            relays += 1;
            let inside: Vec<usize> = (0..list.len())
                .filter(|&i| i != index && list[i].cue.start >= relay.content.start)
                .collect();
            assert!(!inside.is_empty(), "the relay in {} relays nothing", record.document.id);
            // Every attribution after "Press TV reports:" descends from the relay.
            for i in inside {
                let mut at = i;
                let mut steps = 0;
                while let Some(parent) = list[at].parent {
                    at = parent;
                    steps += 1;
                    assert!(steps < list.len(), "parent cycle");
                }
                assert_eq!(at, index, "{:?} does not descend from the relay", list[i].cue);
            }
        }
    }
    assert_eq!(relays, 2, "two seeds say \"Press TV reports:\"");
    // The chain of three: Press TV → the statement → numerous witness reports.
    let first = &records[0].layers.attributions;
    let chain = first.iter().any(|a| {
        a.source.as_ref().is_some_and(|s| s.text.contains("numerous witness reports"))
            && a.parent
                .and_then(|p| first[p].parent)
                .is_some_and(|g| first[g].kind == AttributionKind::Relay)
    });
    assert!(chain, "no Press TV → statement → witnesses chain: {first:#?}");
}

#[test]
fn every_seed_has_a_prediction_and_dates_resolve() {
    for record in seeds() {
        assert!(!record.layers.predictions.is_empty(), "no prediction in {}", record.document.id);
    }
    let records = seeds();
    let times: Vec<_> = records.iter().flat_map(|r| r.layers.times.iter()).collect();
    assert!(times
        .iter()
        .any(|t| t.text == "April 14, 2018" && t.value.as_deref() == Some("2018-04-14")));
    let quantities: Vec<&str> =
        records.iter().flat_map(|r| r.layers.quantities.iter()).map(|q| q.text.as_str()).collect();
    for q in
        ["20 cylinders", "6 pick-ups", "over 460 such incidents", "$5 million", "15-20 kilometers"]
    {
        assert!(quantities.iter().any(|x| x.contains(q)), "missing quantity {q}: {quantities:?}");
    }
}

#[test]
fn brat_export_round_trips() {
    for record in seeds() {
        let ann = to_brat(&record);
        let parsed = parse_ann(&ann).expect("our own brat parses");
        let back = parsed.attributions();
        let list = &record.layers.attributions;
        assert_eq!(back.len(), list.len(), "one event per attribution in {}", record.document.id);
        let extent = |f: &[(usize, usize)]| (f[0].0, f[f.len() - 1].1);
        for (b, a) in back.iter().zip(list) {
            assert_eq!(extent(&b.cue), (a.cue.start, a.cue.end));
            assert_eq!(extent(&b.content), (a.content.start, a.content.end));
            assert_eq!(
                b.source.as_deref().map(extent),
                a.source.as_ref().map(|s| (s.start, s.end))
            );
        }
        // Every text-bound's text is what its offsets cover.
        let chars: Vec<char> = record.document.text.chars().collect();
        for tb in &parsed.text_bounds {
            let covered: Vec<String> =
                tb.fragments.iter().map(|&(s, e)| chars[s..e].iter().collect()).collect();
            assert_eq!(covered.join(" "), tb.text);
        }
    }
}
