//! Synthetic records: deterministic, varied, with spans in every table the store fills.

use chrono::NaiveDate;
use echotrace_model::{
    Analysis, Attribution, AttributionKind, AttributionSource, Document, Entity, EntityType,
    Segment, TechniqueSpan,
};

pub const OUTLETS: &[&str] = &["Press TV", "RIA", "Daily Sabah", "SANA"];
const PLACES: &[&str] = &["Idlib", "Saraqib", "Aleppo", "Hama", "Jisr al-Shughur"];
const WORDS: &[&str] = &[
    "witnesses",
    "reported",
    "preparations",
    "for",
    "a",
    "staged",
    "provocation",
    "near",
    "the",
    "border",
    "officials",
    "said",
    "on",
    "Tuesday",
    "militants",
    "moved",
    "chlorine",
    "containers",
];

/// Record `i`: id `doc-i`, a text unique to `i` (it names `token-i`), an outlet, a date, an
/// entity, a technique and an attribution with a vague source.
pub fn record(i: usize) -> Analysis {
    record_with_text(i, &text(i))
}

pub fn text(i: usize) -> String {
    let place = PLACES[i % PLACES.len()];
    let mut words = Vec::new();
    for k in 0..40 {
        words.push(WORDS[(i * 7 + k * 3) % WORDS.len()]);
    }
    format!("Sources in {place} said token{i} {}. Numerous witness reports agree.", words.join(" "))
}

pub fn record_with_text(i: usize, text: &str) -> Analysis {
    let mut document = Document::new(format!("doc-{i}"), text);
    document.title = Some(format!("Report {i} from {}", PLACES[i % PLACES.len()]));
    document.outlet = Some(OUTLETS[i % OUTLETS.len()].to_owned());
    document.published = NaiveDate::from_ymd_opt(2018, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new((i % 700) as u64)));
    document.url = Some(format!("https://example.invalid/{i}"));
    document.language = Some("en".into());
    let place = PLACES[i % PLACES.len()];
    let mut record = Analysis::new(document);
    let place_start = "Sources in ".chars().count();
    let place_end = place_start + place.chars().count();
    record.layers.sentences.push([0, text.chars().count()]);
    record.layers.entities.push(Entity {
        start: place_start,
        end: place_end,
        text: place.into(),
        kind: EntityType::Place,
        id: format!("place:{}", place.to_lowercase()),
        name: place.into(),
    });
    record.layers.techniques.push(TechniqueSpan {
        start: 0,
        end: 7,
        technique: if i.is_multiple_of(2) { "Loaded_Language" } else { "Appeal_to_fear-prejudice" }
            .into(),
        score: 0.75,
    });
    record.layers.attributions.push(Attribution {
        source: Some(AttributionSource {
            start: 0,
            end: 7,
            text: "Sources".into(),
            entity: None,
            vague: true,
        }),
        cue: Segment { start: place_end + 1, end: place_end + 5, text: "said".into() },
        content: Segment { start: place_end + 6, end: place_end + 12, text: "token".into() },
        kind: AttributionKind::Indirect,
        parent: None,
    });
    record
}

pub fn records(range: std::ops::Range<usize>) -> Vec<Analysis> {
    range.map(record).collect()
}
