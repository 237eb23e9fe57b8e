//! The validated structures of `pack.yaml`, as the loader builds them. They are the one
//! description of a pack: serialized back to YAML (for `explain`) and to the JSON Schema editors
//! read (`policy-rules schema pack`) by derive, in the shape the YAML is written.
//!
//! The loader checks what a schema cannot say (exactly one kind per rule, a valid regex, unique
//! ids) and reports it with the line and column.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
#[schemars(deny_unknown_fields, transform = super::scalars::or_pattern_string)]
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

/// How inline tests read their snippets unless told.
fn markdown() -> Format {
    Format::Markdown
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

/// One expected-failure case of a rule test: a text, or a map that also pins what is found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, transform = super::scalars::or_text_string)]
pub struct FailCase {
    /// The text that must be flagged.
    pub text: String,
    /// The exact message the finding must have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The exact text that must be flagged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flagged: Option<String>,
}

/// A rule's inline tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawTests {
    /// Texts that must not be flagged.
    #[serde(default)]
    pub pass: Vec<String>,
    /// Texts that must be flagged.
    #[serde(default)]
    pub fail: Vec<FailCase>,
    /// How the snippets are read (default Markdown, as most policies are written).
    #[serde(default = "markdown")]
    pub format: Format,
}

impl RawTests {
    /// No cases.
    pub fn is_empty(&self) -> bool {
        self.pass.is_empty() && self.fail.is_empty()
    }
}

impl Default for RawTests {
    fn default() -> Self {
        RawTests { pass: Vec::new(), fail: Vec::new(), format: Format::Markdown }
    }
}

/// How a rule decides: exactly one of `forbid`, `require` (optionally with `when`), `metric`,
/// `script`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawKind {
    /// Report every match.
    Forbid {
        /// Report every match.
        forbid: RawMatcher,
    },
    /// Report once when nothing matches; with `when`, only in documents where `when` matches.
    Require {
        /// Only documents where this matches must satisfy `require`.
        #[serde(skip_serializing_if = "Option::is_none")]
        when: Option<RawMatcher>,
        /// Report once when nothing matches.
        require: RawMatcher,
    },
    /// Report units whose measure is out of range.
    Metric {
        /// Readability and size thresholds.
        metric: RawMetric,
    },
    /// A Rhai script.
    Script {
        /// A Rhai script, relative to the pack folder.
        script: String,
    },
}

impl RawKind {
    /// Every pattern its matchers hold.
    pub fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        match self {
            RawKind::Forbid { forbid } => forbid.patterns(out),
            RawKind::Require { when, require } => {
                when.iter().for_each(|m| m.patterns(out));
                require.patterns(out);
            }
            RawKind::Metric { .. } | RawKind::Script { .. } => {}
        }
    }

    /// The kind's name: `forbid`, `require`, `when+require`, `metric` or `script`.
    pub fn name(&self) -> &'static str {
        match self {
            RawKind::Forbid { .. } => "forbid",
            RawKind::Require { when: Some(_), .. } => "when+require",
            RawKind::Require { when: None, .. } => "require",
            RawKind::Metric { .. } => "metric",
            RawKind::Script { .. } => "script",
        }
    }
}

/// How many findings a rule gives per document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Report {
    /// A finding per match.
    #[default]
    Each,
    /// One finding per document, the other places as related locations.
    Once,
}

impl Report {
    /// A finding per match, the default.
    pub fn is_each(&self) -> bool {
        *self == Report::Each
    }
}

/// One rule: exactly one of `forbid`, `require` (optionally with `when`), `metric`, `script`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawRule {
    /// Id within the pack; the full id is `pack/id`.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub id: String,
    /// Severity of the findings.
    pub severity: Severity,
    /// What is missing or wrong; may use `{match}` and named captures.
    pub message: String,
    /// How to fix it, ideally with a compliant example sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A compliant clause that editors can insert as a quick fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Law and article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Official text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Jurisdictions and topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// `each` (default): a finding per match; `once`: one per document, the other places as
    /// related locations.
    #[serde(default, skip_serializing_if = "Report::is_each")]
    pub report: Report,
    /// The decision.
    #[serde(flatten)]
    pub kind: RawKind,
    /// Inline tests.
    #[serde(default, skip_serializing_if = "RawTests::is_empty")]
    pub tests: RawTests,
}

/// A rule pack (`pack.yaml`), validated as read.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "policy-rules pack")]
pub struct RawPack {
    /// Pack name: lowercase letters, digits and `-`; prefixes every rule id.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub pack: String,
    /// Human title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Version: a number or a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "super::scalars::version_schema")]
    pub version: Option<String>,
    /// What the pack checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Laws and the URLs of their official text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub references: BTreeMap<String, String>,
    /// When the pack applies; under the `auto` profile it runs only on the documents that match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies: Option<RawApplies>,
    /// The rules.
    pub rules: Vec<RawRule>,
}

/// When a pack applies: the audience it protects, and the text that shows a policy addresses it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawApplies {
    /// Who the pack protects, for messages ("California consumers under the CCPA").
    pub audience: String,
    /// What a policy says when it addresses them.
    pub when: RawMatcher,
    /// What a policy says when the law does not bind its author ("the CCPA does not apply to us").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless: Option<RawMatcher>,
}
