//! JSON Schemas of `pack.yaml` and `policy-rules.yaml`, generated from these types, for editors.
//!
//! The types mirror what `raw` accepts; the loader still checks what a schema cannot say (exactly
//! one kind per rule, a valid regex, unique ids) and reports it with the line and column.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use super::{Measure, Scope};
use crate::finding::Severity;

/// A rule pack (`pack.yaml`).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "policy-rules pack")]
pub struct PackFile {
    /// Pack name: lowercase letters, digits and `-`; prefixes every rule id.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub pack: String,
    /// Human title.
    pub title: Option<String>,
    /// Version.
    pub version: Option<Version>,
    /// What the pack checks.
    pub description: Option<String>,
    /// Laws and the URLs of their official text.
    pub references: Option<BTreeMap<String, String>>,
    /// When the pack applies; under the `auto` profile it runs only on the documents that match.
    pub applies: Option<AppliesSchema>,
    /// The rules.
    pub rules: Vec<RuleSchema>,
}

/// When a pack applies.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AppliesSchema {
    /// Who the pack protects, for messages ("California consumers under the CCPA").
    pub audience: String,
    /// What a policy says when it addresses them.
    pub when: MatcherSchema,
    /// What a policy says when the law does not bind its author.
    pub unless: Option<MatcherSchema>,
}

/// How many findings a rule gives per document.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportSchema {
    /// A finding per match.
    Each,
    /// One finding per document, the other places as related locations.
    Once,
}

/// A version number or string.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Version {
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
}

/// One rule: exactly one of `forbid`, `require` (optionally with `when`), `metric`, `script`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RuleSchema {
    /// Id within the pack; the full id is `pack/id`.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub id: String,
    /// Severity of the findings.
    pub severity: Severity,
    /// What is missing or wrong; may use `{match}` and named captures.
    pub message: String,
    /// How to fix it, ideally with a compliant example sentence.
    pub help: Option<String>,
    /// A compliant clause that editors can insert as a quick fix.
    pub example: Option<String>,
    /// Law and article.
    pub reference: Option<String>,
    /// Official text.
    pub url: Option<String>,
    /// Jurisdictions and topics.
    pub tags: Option<Vec<String>>,
    /// `each` (default): a finding per match; `once`: one per document, the other places as
    /// related locations.
    pub report: Option<ReportSchema>,
    /// Inline tests.
    pub tests: Option<TestsSchema>,
    /// Report every match.
    pub forbid: Option<MatcherSchema>,
    /// Report once when nothing matches.
    pub require: Option<MatcherSchema>,
    /// Only documents where this matches must satisfy `require`.
    pub when: Option<MatcherSchema>,
    /// Readability and size thresholds.
    pub metric: Option<MetricSchema>,
    /// A Rhai script, relative to the pack folder.
    pub script: Option<String>,
}

/// A matcher: a regex string, or a map with one of `pattern`, `phrases`, `any`, `all`, `not`, `near`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum MatcherSchema {
    /// Short for `pattern:`.
    Pattern(String),
    /// A full matcher.
    Map(Box<MatcherMap>),
}

/// A matcher written as a map.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MatcherMap {
    /// A regular expression (case-insensitive unless `case_sensitive`).
    pub pattern: Option<String>,
    /// Literal phrases.
    #[schemars(length(min = 1))]
    pub phrases: Option<Vec<String>>,
    /// Any of these.
    #[schemars(length(min = 1))]
    pub any: Option<Vec<MatcherSchema>>,
    /// All of these, in one unit (`in`, default sentence).
    #[schemars(length(min = 1))]
    pub all: Option<Vec<MatcherSchema>>,
    /// Units where this does not match.
    pub not: Option<MatcherSchema>,
    /// Two matchers within `within` words.
    #[schemars(length(min = 2, max = 2))]
    pub near: Option<Vec<MatcherSchema>>,
    /// Most words between the two `near` matches.
    #[schemars(range(min = 1))]
    pub within: Option<u64>,
    /// Widen matches to this unit.
    #[serde(rename = "in")]
    pub scope: Option<Scope>,
    /// Only in sections whose heading matches this regex.
    pub section: Option<String>,
    /// Drop a match whose sentence matches this.
    pub unless: Option<MatcherSchema>,
    /// Match `pattern` case-sensitively.
    pub case_sensitive: Option<bool>,
}

/// A metric rule's settings.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MetricSchema {
    /// What is measured.
    pub measure: Measure,
    /// Report units above this.
    pub max: Option<f64>,
    /// Report units below this.
    pub min: Option<f64>,
    /// The unit (default document).
    #[serde(rename = "in")]
    pub scope: Option<Scope>,
}

/// Inline tests.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TestsSchema {
    /// Texts that must not be flagged.
    pub pass: Option<Vec<String>>,
    /// Texts that must be flagged.
    pub fail: Option<Vec<FailSchema>>,
    /// How the snippets are read (default markdown).
    pub format: Option<crate::document::Format>,
}

/// A text that must be flagged, optionally with the message or flagged text pinned.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum FailSchema {
    /// Just the text.
    Text(String),
    /// The text and what the finding must say.
    Case(FailCaseSchema),
}

/// A pinned fail case.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FailCaseSchema {
    /// The text.
    pub text: String,
    /// The exact message expected.
    pub message: Option<String>,
    /// The exact text expected to be flagged.
    pub flagged: Option<String>,
}

/// The configuration file (`policy-rules.yaml`).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "policy-rules configuration")]
pub struct ConfigFile {
    /// The jurisdiction whose built-in packs are used (default: all).
    pub profile: Option<super::Profile>,
    /// Packs: `builtin:NAME` or a folder relative to this file (default: every built-in pack).
    pub packs: Option<Vec<String>>,
    /// Script settings.
    pub scripts: Option<ScriptsSchema>,
    /// Per-rule overrides: a severity, or `off`.
    pub rules: Option<BTreeMap<String, Level>>,
    /// The output format of `check` when `--format` is not given.
    #[serde(rename = "output-format")]
    pub output_format: Option<OutputFormatName>,
    /// Globs (relative to this file) of the files checked in folders (default: by extension).
    pub include: Option<Vec<String>>,
    /// Globs (relative to this file) of files and folders never checked.
    pub exclude: Option<Vec<String>>,
}

/// An output format.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormatName {
    /// Rich diagnostics with source snippets.
    Human,
    /// One line per finding, character columns.
    Concise,
    /// One line per finding, byte columns (Vim's quickfix).
    Vimgrep,
    /// One JSON object with every finding.
    Json,
    /// One JSON object per finding and line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML.
    Junit,
}

/// Script settings.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScriptsSchema {
    /// Wall-clock budget per rule per document, in milliseconds (default 1000).
    #[schemars(range(min = 1))]
    pub budget_ms: Option<u64>,
}

/// A rule's level in the configuration.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Error.
    Error,
    /// Warning.
    Warning,
    /// Info.
    Info,
    /// Hint.
    Hint,
    /// Turned off.
    Off,
}

/// The JSON Schema of `pack.yaml`.
pub fn pack_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(PackFile)).unwrap_or_default()
}

/// The JSON Schema of `policy-rules.yaml`.
pub fn config_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ConfigFile)).unwrap_or_default()
}
