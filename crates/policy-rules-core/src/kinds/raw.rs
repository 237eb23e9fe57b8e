//! What a pack's YAML holds for rule kinds and matchers: matchers, metric settings and the shapes
//! a kind's keys may hold. These types are read by `pack::raw` and compiled by the kinds; their
//! serialized form and JSON Schema are the YAML's, by derive.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::search::{Pattern, Phrases};

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

/// What a matcher matches: exactly one of these keys.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum MatcherKind {
    /// A regular expression.
    Pattern {
        /// A regular expression (case-insensitive unless `case_sensitive`).
        pattern: Pattern,
        /// Match `pattern` case-sensitively.
        #[serde(default, skip_serializing_if = "is_false")]
        case_sensitive: bool,
    },
    /// A list of literal phrases.
    Phrases {
        /// Literal phrases.
        phrases: Phrases,
    },
    /// Any of the matchers.
    Any {
        /// Any of these.
        #[schemars(length(min = 1))]
        any: Vec<RawMatcher>,
    },
    /// All of the matchers, in one unit (`in`, default sentence).
    All {
        /// All of these, in one unit (`in`, default sentence).
        #[schemars(length(min = 1))]
        all: Vec<RawMatcher>,
    },
    /// Units where the matcher does not match.
    Not {
        /// Units where this does not match.
        not: Box<RawMatcher>,
    },
    /// Two matchers within `within` words of each other.
    Near {
        /// Two matchers.
        near: (Box<RawMatcher>, Box<RawMatcher>),
        /// Most words between the two matches.
        #[schemars(range(min = 1, max = 10_000))]
        within: usize,
    },
    /// Sections whose heading matches (a map with only `section:`).
    Sections {
        /// Sections whose heading matches this regex.
        section: Pattern,
    },
}

impl RawMatcher {
    /// Names of the captures its patterns define (for message placeholders).
    pub fn capture_names(&self, out: &mut Vec<String>) {
        match &self.kind {
            MatcherKind::Pattern { pattern, .. } => out.extend(pattern.capture_names().iter().cloned()),
            MatcherKind::Any { any: items } | MatcherKind::All { all: items } => {
                items.iter().for_each(|m| m.capture_names(out))
            }
            MatcherKind::Near { near: (a, b), .. } => {
                a.capture_names(out);
                b.capture_names(out);
            }
            MatcherKind::Phrases { .. } | MatcherKind::Not { .. } | MatcherKind::Sections { .. } => {}
        }
    }

    /// Every pattern it holds, its own and its parts', in order.
    pub fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        match &self.kind {
            MatcherKind::Pattern { pattern, .. } | MatcherKind::Sections { section: pattern } => out.push(pattern),
            MatcherKind::Phrases { .. } => {}
            MatcherKind::Any { any: items } | MatcherKind::All { all: items } => {
                items.iter().for_each(|m| m.patterns(out))
            }
            MatcherKind::Not { not } => not.patterns(out),
            MatcherKind::Near { near: (a, b), .. } => {
                a.patterns(out);
                b.patterns(out);
            }
        }
        out.extend(&self.section);
        if let Some(unless) = &self.unless {
            unless.patterns(out);
        }
    }
}

fn is_false(value: &bool) -> bool {
    !value
}

/// A matcher: a regex string, or a map with one of `pattern`, `phrases`, `any`, `all`, `not`,
/// `near` (or only `section`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, transform = or_pattern_string)]
pub struct RawMatcher {
    /// What it matches.
    #[serde(flatten)]
    pub kind: MatcherKind,
    /// Widen matches to this unit.
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Only in sections whose heading matches this regex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<Pattern>,
    /// Drop a match whose sentence matches this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless: Option<Box<RawMatcher>>,
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

/// A matcher may also be written as a bare regex string, short for `pattern:`.
fn or_pattern_string(schema: &mut schemars::Schema) {
    or_string(schema, "A regular expression: short for `pattern:`.");
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

/// What a key of a rule kind holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A matcher.
    Matcher,
    /// Metric settings.
    Metric,
    /// A text, such as a path.
    Text,
}

/// A key of a rule kind.
#[derive(Debug, Clone, Copy)]
pub struct KindKey {
    /// The key.
    pub name: &'static str,
    /// What it holds.
    pub shape: Shape,
    /// For a key other than the one that names the kind: what to add when it comes alone.
    pub alone: &'static str,
}

/// A value read for a key of a rule kind.
#[derive(Debug, Clone)]
pub enum Value {
    /// A matcher.
    Matcher(RawMatcher),
    /// Metric settings.
    Metric(RawMetric),
    /// A text.
    Text(String),
}

/// The values a rule holds for the keys of rule kinds, taken by the kind they belong to.
#[derive(Debug, Default)]
pub struct Values(Vec<(&'static str, Value)>);

impl Values {
    /// Keep the value of `key`.
    pub fn insert(&mut self, key: &'static str, value: Value) {
        self.0.push((key, value));
    }

    /// Whether `key` has a value.
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| *k == key)
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| *k == key)?;
        Some(self.0.remove(at).1)
    }

    /// The matcher under `key`.
    pub fn matcher(&mut self, key: &str) -> Option<RawMatcher> {
        match self.take(key)? {
            Value::Matcher(matcher) => Some(matcher),
            _ => None,
        }
    }

    /// The metric settings under `key`.
    pub fn metric(&mut self, key: &str) -> Option<RawMetric> {
        match self.take(key)? {
            Value::Metric(metric) => Some(metric),
            _ => None,
        }
    }

    /// The text under `key`.
    pub fn text(&mut self, key: &str) -> Option<String> {
        match self.take(key)? {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
}
