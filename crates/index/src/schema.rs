//! The index schema: which fields exist and how each is analysed.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, STORED,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{DateTime, Index, TantivyDocument};

use crate::{entity_key, outlet_key, technique_key, IndexedDocument};

/// Words: split on anything that is not a letter or digit, lower-cased and folded to ASCII so
/// that `Émile` finds `Emile` and transliterations with or without accents meet.
pub(crate) const TEXT_TOKENIZER: &str = "echotrace_text";
/// Keys (outlet, entity, technique): one token per value, lower-cased.
pub(crate) const KEY_TOKENIZER: &str = "echotrace_key";

pub(crate) fn register_tokenizers(index: &Index) {
    index.tokenizers().register(
        TEXT_TOKENIZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
    index.tokenizers().register(
        KEY_TOKENIZER,
        TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build(),
    );
}

pub(crate) fn build() -> Schema {
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keys = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(KEY_TOKENIZER)
            .set_index_option(IndexRecordOption::Basic),
    );
    let mut builder = Schema::builder();
    builder.add_text_field("id", keys.clone() | STORED);
    builder.add_text_field("title", words.clone());
    builder.add_text_field("text", words.clone());
    builder.add_text_field("outlet", words.clone());
    builder.add_text_field("outlet_key", keys.clone());
    builder.add_text_field("entity", keys.clone());
    builder.add_text_field("entity_name", words);
    builder.add_text_field("technique", keys);
    builder.add_date_field(
        "published",
        DateOptions::default().set_indexed().set_fast().set_precision(DateTimePrecision::Seconds),
    );
    builder.build()
}

/// The fields of the schema, looked up once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub title: Field,
    pub text: Field,
    pub outlet: Field,
    pub outlet_key: Field,
    pub entity: Field,
    pub entity_name: Field,
    pub technique: Field,
    pub published: Field,
}

impl Fields {
    /// Fails when the index was built with another schema (an older echotrace, another tool).
    pub fn resolve(schema: &Schema) -> Result<Fields, String> {
        let field = |name: &str| schema.get_field(name).map_err(|_| format!("no field {name:?}"));
        let fields = Fields {
            id: field("id")?,
            title: field("title")?,
            text: field("text")?,
            outlet: field("outlet")?,
            outlet_key: field("outlet_key")?,
            entity: field("entity")?,
            entity_name: field("entity_name")?,
            technique: field("technique")?,
            published: field("published")?,
        };
        if schema != &build() {
            return Err("field options differ".to_owned());
        }
        Ok(fields)
    }

    pub fn tantivy_document(&self, document: &IndexedDocument<'_>) -> TantivyDocument {
        let mut entry = TantivyDocument::default();
        entry.add_text(self.id, document.id);
        if let Some(title) = document.title {
            entry.add_text(self.title, title);
        }
        entry.add_text(self.text, document.text);
        if let Some(outlet) = document.outlet {
            entry.add_text(self.outlet, outlet);
            entry.add_text(self.outlet_key, outlet_key(outlet));
        }
        for id in &document.entity_ids {
            entry.add_text(self.entity, entity_key(id));
        }
        for name in &document.entity_names {
            entry.add_text(self.entity, entity_key(name));
            entry.add_text(self.entity_name, name);
        }
        for technique in &document.techniques {
            entry.add_text(self.technique, technique_key(technique));
        }
        if let Some(day) = document.published {
            entry.add_date(self.published, day_to_datetime(day));
        }
        entry
    }
}

/// Midnight UTC of `day`, the instant the index stores for a publication day.
pub(crate) fn day_to_datetime(day: chrono::NaiveDate) -> DateTime {
    let seconds = day.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or_default();
    DateTime::from_timestamp_secs(seconds)
}
