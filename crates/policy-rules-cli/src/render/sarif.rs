//! `sarif`: SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers. Every rule
//! that ran is described; findings silenced in the document are kept, with their suppression.

use std::collections::HashMap;
use std::io::{self, Write};

use policy_rules_core::RuleInfo;
use policy_rules_core::{Checked, Severity};
use serde::Serialize;

use super::record::{self, Record};
use super::{Emitter, Format, RunInfo, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "sarif",
    about: "SARIF 2.1.0, for GitHub code scanning",
    make: |_: Style| Box::new(Sarif::default()),
};

/// Where the tool is described.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

#[derive(Default)]
struct Sarif {
    /// Findings and whether a comment in the document silenced them.
    results: Vec<(Record, bool)>,
}

impl Emitter for Sarif {
    fn document(&mut self, checked: &Checked, _out: &mut dyn Write) -> io::Result<()> {
        let reported = record::records(checked, &checked.findings).into_iter().map(|r| (r, false));
        let suppressed = record::records(checked, &checked.suppressed).into_iter().map(|r| (r, true));
        let mut all: Vec<(Record, bool)> = reported.chain(suppressed).collect();
        all.sort_by_key(|(r, _)| (r.start.byte, r.end.byte, r.rule.clone()));
        self.results.extend(all);
        Ok(())
    }

    fn finish(&mut self, run: &RunInfo, out: &mut dyn Write) -> io::Result<()> {
        let index: HashMap<&str, usize> = run.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
        let results = self
            .results
            .iter()
            .map(|(record, suppressed)| result(record, *suppressed, index.get(record.rule.as_str()).copied()))
            .collect();
        let version = env!("CARGO_PKG_VERSION");
        let log = Log {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "policy-rules",
                        version,
                        semantic_version: version,
                        information_uri: INFORMATION_URI,
                        rules: run.rules.iter().map(rule).collect(),
                    },
                },
                column_kind: "unicodeCodePoints",
                results,
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// SARIF messages are sentences.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// The documentation of a rule without a URL of its own: its pack's page, or the output guide.
fn help_uri(rule: &RuleInfo) -> String {
    if let Some(url) = &rule.url {
        return url.clone();
    }
    if rule.kind == "internal" {
        return format!("{INFORMATION_URI}/blob/main/docs/output.md#the-tools-own-rules");
    }
    let name = rule.id.split_once('/').map_or(rule.id.as_str(), |(_, name)| name);
    format!("{INFORMATION_URI}/blob/main/docs/packs/{}.md#{}{}", rule.pack, rule.pack, name)
}

fn rule(info: &RuleInfo) -> ReportingDescriptor {
    let mut tags = info.tags.clone();
    if !tags.contains(&info.pack) {
        tags.push(info.pack.clone());
    }
    let full = info.help.as_deref().map_or_else(|| sentence(&info.message), sentence);
    ReportingDescriptor {
        id: info.id.clone(),
        short_description: Text { text: sentence(&info.message) },
        full_description: Text { text: full.clone() },
        help: Text { text: full },
        help_uri: help_uri(info),
        default_configuration: Configuration { level: level(info.severity) },
        properties: RuleProperties { tags, reference: info.reference.clone() },
    }
}

fn result(record: &Record, suppressed: bool, rule_index: Option<usize>) -> SarifResult {
    SarifResult {
        rule_id: record.rule.clone(),
        rule_index,
        level: level(record.severity),
        message: Text { text: sentence(&record.message) },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri(&record.path) },
                region: Region {
                    start_line: record.start.line,
                    start_column: record.start.column,
                    end_line: record.end.line,
                    end_column: record.end.column,
                    byte_offset: record.start.byte,
                    byte_length: record.end.byte - record.start.byte,
                    snippet: (!record.text.is_empty()).then(|| Text { text: record.text.clone() }),
                },
            },
        }],
        partial_fingerprints: Fingerprints { policy_rules: record.fingerprint.clone() },
        suppressions: suppressed.then(|| vec![Suppression { kind: "inSource" }]),
    }
}

/// A path as a relative URI reference: `/` separators, reserved and non-ASCII bytes escaped.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: String,
    short_description: Text,
    full_description: Text,
    help: Text,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<Vec<Suppression>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "policyRules/v1")]
    policy_rules: String,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("policies/Privacy Policy.md"), "policies/Privacy%20Policy.md");
        assert_eq!(uri("/srv/p#1.md"), "file:///srv/p%231.md");
        assert_eq!(uri("é.md"), "%C3%A9.md");
    }
}
