//! The validated structures of `pack.yaml`, as the loader builds them.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::document::Format;
use crate::finding::Severity;
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

/// What a matcher matches.
#[derive(Debug, Clone)]
pub enum MatcherKind {
    /// A regular expression.
    Pattern(Pattern),
    /// A list of literal phrases.
    Phrases(Phrases),
    /// Any of the matchers.
    Any(Vec<RawMatcher>),
    /// All of the matchers, in one unit (`in`, default sentence).
    All(Vec<RawMatcher>),
    /// Units where the matcher does not match.
    Not(Box<RawMatcher>),
    /// Two matchers within `within` words of each other.
    Near(Box<RawMatcher>, Box<RawMatcher>, usize),
    /// Sections whose heading matches (a map with only `section:`).
    Sections(Pattern),
}

/// A validated matcher as written in a pack.
#[derive(Debug, Clone)]
pub struct RawMatcher {
    /// What it matches.
    pub kind: MatcherKind,
    /// Widen hits to this unit.
    pub scope: Option<Scope>,
    /// Only inside sections whose heading matches.
    pub section: Option<Pattern>,
    /// Drop a hit when its sentence matches this.
    pub unless: Option<Box<RawMatcher>>,
}

/// A `metric` rule's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMetric {
    /// What is measured.
    pub measure: Measure,
    /// Report units above this value.
    pub max: Option<f64>,
    /// Report units below this value.
    pub min: Option<f64>,
    /// The unit measured (default document).
    pub scope: Scope,
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

/// One expected-failure case of a rule test.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FailCase {
    /// The text that must be flagged.
    pub text: String,
    /// The message the finding must have, if pinned.
    pub message: Option<String>,
    /// The flagged text, if pinned.
    pub flagged: Option<String>,
}

/// A rule's inline tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTests {
    /// Texts that must not be flagged.
    pub pass: Vec<String>,
    /// Texts that must be flagged.
    pub fail: Vec<FailCase>,
    /// How the snippets are read (default Markdown, as most policies are written).
    pub format: Format,
}

impl Default for RawTests {
    fn default() -> Self {
        RawTests { pass: Vec::new(), fail: Vec::new(), format: Format::Markdown }
    }
}

/// How a rule decides.
#[derive(Debug, Clone)]
pub enum RawKind {
    /// Report every match.
    Forbid(RawMatcher),
    /// Report once when nothing matches; with `when`, only in documents where `when` matches.
    Require {
        /// The condition, if any.
        when: Option<RawMatcher>,
        /// What must be present.
        require: RawMatcher,
    },
    /// Report units whose measure is out of range.
    Metric(RawMetric),
    /// A Rhai script, path relative to the pack folder.
    Script(String),
}

/// A validated rule as written in a pack.
#[derive(Debug, Clone)]
pub struct RawRule {
    /// Id without the pack prefix.
    pub id: String,
    /// Severity.
    pub severity: Severity,
    /// Message template.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// A compliant clause, for quick fixes that insert it.
    pub example: Option<String>,
    /// Law and article.
    pub reference: Option<String>,
    /// Official text.
    pub url: Option<String>,
    /// Tags (jurisdictions, topics).
    pub tags: Vec<String>,
    /// Report one finding per document, the other places as its related locations (`report: once`).
    pub once: bool,
    /// The decision.
    pub kind: RawKind,
    /// Inline tests.
    pub tests: RawTests,
}

/// A validated pack as written in `pack.yaml`.
#[derive(Debug, Clone)]
pub struct RawPack {
    /// Pack name, the prefix of its rule ids.
    pub pack: String,
    /// Human title.
    pub title: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Laws and their URLs.
    pub references: BTreeMap<String, String>,
    /// When the pack applies to a document (a jurisdiction's audience), if not always.
    pub applies: Option<RawApplies>,
    /// Rules in order.
    pub rules: Vec<RawRule>,
}

/// When a pack applies: the audience it protects, and the text that shows a policy addresses it.
#[derive(Debug, Clone)]
pub struct RawApplies {
    /// Who the pack protects, for messages ("people in the EU, EEA, UK or Switzerland").
    pub audience: String,
    /// What a policy says when it addresses them.
    pub when: RawMatcher,
    /// What a policy says when the law does not bind its author ("the CCPA does not apply to us").
    pub unless: Option<RawMatcher>,
}
