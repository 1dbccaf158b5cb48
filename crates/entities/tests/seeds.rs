//! The seed articles (`../shared/seeds`, read at run time): every spelling group of the issue
//! resolves to one id, and distinct entities with close names stay apart.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use echotrace_analyze::Pipeline;
use echotrace_entities::{summarize_entities, EntityAnalyzer};
use echotrace_model::{Analysis, Document, EntityType};

fn seeds() -> Vec<Analysis> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 5, "five seed articles");
    let pipeline = Pipeline::standard().with(Box::new(EntityAnalyzer::new()));
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("utf-8 seed");
            pipeline.run(Document::new(p.display().to_string(), text))
        })
        .collect()
}

/// Surface form → the set of ids it got anywhere in the seeds.
fn ids_by_surface(records: &[Analysis]) -> HashMap<String, BTreeSet<String>> {
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    for r in records {
        for e in &r.layers.entities {
            out.entry(e.text.clone()).or_default().insert(e.id.clone());
        }
    }
    out
}

fn the_id(map: &HashMap<String, BTreeSet<String>>, surface: &str) -> String {
    let ids = map.get(surface).unwrap_or_else(|| panic!("{surface:?} is found in the seeds"));
    assert_eq!(ids.len(), 1, "{surface:?} always gets the same id, got {ids:?}");
    ids.iter().next().cloned().expect("one id")
}

#[test]
fn spelling_groups_resolve_to_one_id_and_distinct_entities_stay_apart() {
    let records = seeds();
    let map = ids_by_surface(&records);
    // Spellings that occur in the seeds (checked by reading them): Saraqib itself does not.
    let groups: &[&[&str]] = &[
        &["Sarakeb", "Serakab"],
        &["Jisr al-Shughur", "Jisr ash-Shugur", "Jisr al-Shugur"],
        &["Latakia", "Lattakia"],
        &["Hayat Tahrir al-Sham", "Hayyat Tahrir al-Sham", "HTS"],
        &["al-Nusra Front", "Jabhat Fateh al-Sham", "Jabhat al-Nusra"],
        &["Maria Zakharova", "Zakharova"],
        &["Igor Konashenkov"],
    ];
    let expected = [
        "place:saraqib",
        "place:jisr-al-shughur",
        "place:latakia",
        "group:hayat-tahrir-al-sham",
        "group:jabhat-al-nusra",
        "person:maria-zakharova",
        "person:igor-konashenkov",
    ];
    for (group, expect) in groups.iter().zip(expected) {
        for surface in *group {
            assert_eq!(the_id(&map, surface), expect, "{surface}");
        }
    }
    for (a, b) in [
        ("Idlib", "Aleppo"),
        ("Igor Konashenkov", "Vladimir Savchenko"),
        ("Russian Defense Ministry", "Russian Foreign Ministry"),
        ("Serakab", "Sarmin"),
        ("Hayat Tahrir al-Sham", "al-Nusra Front"),
    ] {
        assert_ne!(the_id(&map, a), the_id(&map, b), "{a} vs {b}");
    }
}

#[test]
fn every_seed_record_has_sorted_typed_entities() {
    let records = seeds();
    for r in &records {
        assert!(!r.layers.entities.is_empty(), "{} has entities", r.document.id);
        let chars: Vec<char> = r.document.text.chars().collect();
        for w in r.layers.entities.windows(2) {
            assert!(w[0].start <= w[1].start, "sorted by start");
            assert!(w[0].end <= w[1].start, "no overlaps: {:?} {:?}", w[0], w[1]);
        }
        for e in &r.layers.entities {
            let slice: String = chars[e.start..e.end].iter().collect();
            assert_eq!(slice, e.text, "span matches text");
            assert!(e.id.contains(':') && !e.name.is_empty());
        }
    }
    let summary = summarize_entities(&records);
    let idlib = summary.iter().find(|s| s.id == "place:idlib").expect("Idlib is listed");
    assert_eq!(idlib.kind, EntityType::Place);
    assert!(idlib.documents >= 4, "Idlib is in most seeds: {idlib:?}");
    let saraqib = summary.iter().find(|s| s.id == "place:saraqib").expect("Saraqib is listed");
    assert_eq!(saraqib.documents, 2);
    let outlets: Vec<&str> =
        summary.iter().filter(|s| s.kind == EntityType::Outlet).map(|s| s.id.as_str()).collect();
    for outlet in ["outlet:press-tv", "outlet:izvestia", "outlet:sputnik"] {
        assert!(outlets.contains(&outlet), "{outlet} in {outlets:?}");
    }
}
