use serde::{Deserialize, Serialize};

use crate::{Document, Span};

/// The schema tag every analysis record carries.
pub const SCHEMA: &str = "echotrace/analysis@1";

/// The per-document analysis record, `echotrace/analysis@1` (see `docs/analysis.md`).
///
/// The document's own fields and the analysis [`Layers`] are both flattened into one JSON
/// object; the layers are always present (empty when nothing fills them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema: String,
    #[serde(flatten)]
    pub document: Document,
    #[serde(flatten)]
    pub layers: Layers,
}

impl Analysis {
    /// An empty record for `document`.
    pub fn new(document: Document) -> Self {
        Analysis { schema: SCHEMA.to_owned(), document, layers: Layers::default() }
    }
}

/// What the analysers of the pipeline add to a document, one vector per layer. Every span is in
/// code points of the document text, and each vector is sorted by start offset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layers {
    pub sentences: Vec<Span>,
    pub entities: Vec<Entity>,
    pub attributions: Vec<Attribution>,
    pub predictions: Vec<Prediction>,
    pub times: Vec<TimeExpression>,
    pub quantities: Vec<Quantity>,
    pub techniques: Vec<TechniqueSpan>,
    pub narratives: Vec<NarrativeMatch>,
}

/// Kinds of named thing. `group` is an armed or political group; `outlet` a news outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Organization,
    Place,
    Group,
    Outlet,
    Other,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Place => "place",
            EntityType::Group => "group",
            EntityType::Outlet => "outlet",
            EntityType::Other => "other",
        }
    }
}

/// One mention of a named entity, with the canonical entity it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Canonical entity id: a gazetteer id, or a stable id derived from the canonical name, so
    /// that the same entity gets the same id across documents.
    pub id: String,
    /// Canonical name.
    pub name: String,
}

/// A text span: start, end (code points) and the text it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The speaker of an attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionSource {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The entity id the source resolves to, when there is one.
    pub entity: Option<String>,
    /// True for unnamed or unverifiable sources ("numerous witness reports", "sources").
    pub vague: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionKind {
    Direct,
    Indirect,
    Mixed,
    AccordingTo,
    Relay,
}

/// Who said (or believes) what: PolNeAR's source / cue / content triple.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub source: Option<AttributionSource>,
    pub cue: Segment,
    pub content: Segment,
    pub kind: AttributionKind,
    /// Index (in the record's `attributions`) of the attribution whose content holds this one.
    pub parent: Option<usize>,
}

/// A statement about an expected future event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prediction {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO date or month (`2019-02-12`, `2019-02`) when the text gives one.
    pub target_date: Option<String>,
}

/// A date or time expression, resolved when possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpression {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO date (`2018-11-03`) or month (`2018-11`), or null when it cannot be resolved.
    pub value: Option<String>,
}

/// A count or amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The number (the lower bound of a range such as "15-20").
    pub value: Option<f64>,
    pub unit: Option<String>,
}

/// A span that uses a propaganda technique (one of the 14 SemEval-2020 Task 11 classes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechniqueSpan {
    pub start: usize,
    pub end: usize,
    pub technique: String,
    pub score: f32,
}

/// A match of the document against a catalog narrative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NarrativeMatch {
    pub id: String,
    pub title: String,
    pub score: f32,
    pub evidence: Vec<Span>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_round_trips_through_json_with_flattened_document() {
        let mut record = Analysis::new(Document::new("a1", "Text."));
        record.layers.sentences.push([0, 5]);
        record.layers.entities.push(Entity {
            start: 0,
            end: 4,
            text: "Text".into(),
            kind: EntityType::Other,
            id: "e:text".into(),
            name: "Text".into(),
        });
        let json = serde_json::to_value(&record).expect("serialises");
        assert_eq!(json["id"], "a1");
        assert_eq!(json["published_from"], "none");
        assert_eq!(json["sentences"][0][1], 5);
        assert_eq!(json["entities"][0]["type"], "other");
        let back: Analysis = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back, record);
    }
}
