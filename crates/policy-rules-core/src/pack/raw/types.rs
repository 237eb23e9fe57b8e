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
use crate::kinds::{RawKind, RawMatcher};

/// How inline tests read their snippets unless told.
fn markdown() -> Format {
    Format::Markdown
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
