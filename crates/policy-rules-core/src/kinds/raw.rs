//! What a pack's YAML holds besides matchers: the units matchers and metrics work in, and metric
//! settings. Read by `pack::raw`; their serialized form and JSON Schema are the YAML's, by derive.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The unit a matcher's hits are widened to, or `all` groups its parts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One sentence.
    Sentence,
    /// One paragraph, list item or cell.
    Paragraph,
    /// The innermost section.
    Section,
    /// The whole document.
    Document,
}

/// A `metric` rule's settings.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawMetric {
    /// What is measured.
    pub measure: Measure,
    /// Report units above this value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Report units below this value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// The unit measured.
    #[serde(rename = "in", default = "whole_document")]
    pub scope: Scope,
}

/// The unit a metric measures unless told.
fn whole_document() -> Scope {
    Scope::Document
}

/// A measurable property of a unit of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Flesch–Kincaid grade level.
    Grade,
    /// Flesch reading ease (higher is easier).
    ReadingEase,
    /// Words per sentence (average over the unit).
    SentenceWords,
    /// Number of words.
    Words,
    /// Number of sentences.
    Sentences,
}

impl Measure {
    /// The name written in packs.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Grade => "grade",
            Measure::ReadingEase => "reading-ease",
            Measure::SentenceWords => "sentence-words",
            Measure::Words => "words",
            Measure::Sentences => "sentences",
        }
    }
}

/// Accept a string besides the map `schema` describes, keeping the map's description on top.
pub(crate) fn or_string(schema: &mut schemars::Schema, string: &str) {
    let mut map = std::mem::take(schema);
    let description = map.remove("description");
    *schema = schemars::json_schema!({
        "anyOf": [{ "type": "string", "description": string }, map]
    });
    if let Some(description) = description {
        schema.insert("description".to_string(), description);
    }
}
