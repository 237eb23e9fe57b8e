//! A finding as machine formats see it: one serializable type, with positions computed once.

use policy_rules_core::{Checked, Finding, Severity, Span};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Longest flagged text carried in a record, in characters.
const MAX_TEXT_CHARS: usize = 500;

/// A position in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters (Unicode scalar values), from 1.
    pub column: usize,
    /// Byte offset into the file, from 0.
    pub byte: usize,
}

/// A further location of a finding (the text that makes a rule required, a repeated statement).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Related {
    /// What this location is.
    pub message: String,
    /// Where it starts.
    pub start: Position,
    /// Where it ends (exclusive).
    pub end: Position,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Record {
    /// The document's path (or record id), as given.
    pub path: String,
    /// The snapshot's date, YYYY-MM-DD: a corpus record's `date`, or the archive date of a
    /// corpus header line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Full rule id, `pack/name`.
    pub rule: String,
    /// The pack's name.
    pub pack: String,
    /// error, warning, info or hint.
    pub severity: Severity,
    /// What is missing or wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The law and article.
    pub reference: Option<String>,
    /// Link to the official text.
    pub url: Option<String>,
    /// Where the flagged text starts (for a document-level finding, the title).
    pub start: Position,
    /// Where it ends, exclusive.
    pub end: Position,
    /// The flagged source text, cut to 500 characters with an ellipsis.
    pub text: String,
    /// Whether the finding is about the whole document ("the policy never says…").
    pub document_level: bool,
    /// A stable id of the finding within its document: the same when lines move, different for a
    /// new finding.
    pub fingerprint: String,
    /// Further locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// The `json` output: every finding of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "policy-rules findings")]
pub struct Findings {
    /// Version of this format; changes only when a field changes meaning or goes.
    pub version: u32,
    /// The findings, in input order, then by position.
    pub findings: Vec<Record>,
    /// Every document checked, in input order, with the packs applied to it or not.
    #[serde(default)]
    pub documents: Vec<DocumentRecord>,
}

/// A document checked, and which jurisdiction packs were applied to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentRecord {
    /// The document's path (or record id), as given.
    pub path: String,
    /// The snapshot's date, YYYY-MM-DD, when one is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The packs that run only where they apply (under the `auto` profile), each with whether it
    /// was applied and why; empty when a profile or the configuration forces the packs on.
    pub packs: Vec<PackRecord>,
}

/// Whether a pack was applied to a document, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PackRecord {
    /// The pack's name.
    pub pack: String,
    /// Whether its rules ran on the document.
    pub applied: bool,
    /// Why, in a sentence: the text that shows the policy addresses the pack's audience, or what
    /// it never mentions and the `--profile` that applies the pack anyway.
    pub reason: String,
}

impl DocumentRecord {
    /// The record of one checked document.
    pub fn of(checked: &Checked) -> DocumentRecord {
        let packs = checked
            .packs
            .iter()
            .map(|p| PackRecord { pack: p.pack.clone(), applied: p.applied, reason: p.reason.clone() })
            .collect();
        DocumentRecord { path: checked.path.clone(), date: date(checked), packs }
    }
}

/// The snapshot date of a checked document, if one is known.
pub fn date(checked: &Checked) -> Option<String> {
    checked.document.as_ref().and_then(|doc| doc.meta.archived).map(|date| date.iso())
}

/// The span a finding is shown at: its own, else the document's title.
pub fn shown_span(checked: &Checked, finding: &Finding) -> Option<Span> {
    let doc = checked.document.as_ref()?;
    Some(finding.span.unwrap_or_else(|| doc.title_span()))
}

fn position(checked: &Checked, byte: usize) -> Position {
    match &checked.document {
        Some(doc) => {
            let at = doc.line_column(byte);
            Position { line: at.line, column: at.column, byte }
        }
        None => Position { line: 1, column: 1, byte: 0 },
    }
}

/// The records of one document's findings (or of its suppressed findings), in order.
pub fn records(checked: &Checked, findings: &[Finding]) -> Vec<Record> {
    let mut seen: Vec<(String, String)> = Vec::new();
    let date = date(checked);
    findings
        .iter()
        .map(|finding| {
            let span = shown_span(checked, finding).unwrap_or_default();
            let source = checked.document.as_ref().map_or("", |doc| doc.source.as_str());
            let flagged = source.get(span.start..span.end).unwrap_or_default();
            let key_text = if finding.is_document_level() { String::new() } else { normalize(flagged) };
            let key = (finding.rule.clone(), key_text);
            let occurrence = seen.iter().filter(|k| **k == key).count();
            let fingerprint = fingerprint(&key.0, &key.1, occurrence);
            seen.push(key);
            let related = finding
                .labels
                .iter()
                .map(|label| Related {
                    message: label.text.clone(),
                    start: position(checked, label.span.start),
                    end: position(checked, label.span.end),
                })
                .collect();
            Record {
                path: checked.path.clone(),
                date: date.clone(),
                rule: finding.rule.clone(),
                pack: finding.pack().to_string(),
                severity: finding.severity,
                message: finding.message.clone(),
                help: finding.help.as_deref().map(|help| help.trim().to_string()),
                reference: finding.reference.clone(),
                url: finding.url.clone(),
                start: position(checked, span.start),
                end: position(checked, span.end),
                text: shorten(flagged, MAX_TEXT_CHARS),
                document_level: finding.is_document_level(),
                fingerprint,
                related,
            }
        })
        .collect()
}

/// White space collapsed and letters lowercased, so that rewrapping a line changes nothing.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The fingerprint of the `occurrence`-th finding of `rule` on `text` in a document.
fn fingerprint(rule: &str, text: &str, occurrence: usize) -> String {
    hash(&[rule, text, &occurrence.to_string()])
}

/// FNV-1a over the parts, as 16 hex digits: stable across runs, platforms and versions.
pub fn hash(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// At most `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The JSON Schema of the `json` output.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Findings)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_position_and_wrapping_but_count_repeats() {
        let a = fingerprint("r/x", &normalize("We do not\n  respond"), 0);
        assert_eq!(a, fingerprint("r/x", &normalize("we do not respond"), 0));
        assert_ne!(a, fingerprint("r/x", &normalize("we do not respond"), 1));
        assert_ne!(a, fingerprint("r/y", &normalize("we do not respond"), 0));
        assert_eq!(a.len(), 16);
    }
}
