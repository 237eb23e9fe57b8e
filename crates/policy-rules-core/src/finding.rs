//! Findings: what a rule reports about a document.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// How serious a finding is, from most to least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The law requires something that is missing or contradicted.
    Error,
    /// A likely problem.
    Warning,
    /// Advisory.
    Info,
    /// A hint or note.
    Hint,
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 4] = [Severity::Error, Severity::Warning, Severity::Info, Severity::Hint];

    /// The lowercase name used in packs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// Whether this severity is at or above `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str() == s)
            .ok_or_else(|| format!("unknown severity `{s}`; expected one of error, warning, info, hint"))
    }
}

/// A secondary span with its own label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Where, in the source.
    pub span: Span,
    /// What this part is.
    pub text: String,
}

/// One problem a rule found in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Full rule id, `pack/name`.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is missing or wrong.
    pub message: String,
    /// The primary span, or `None` for a document-level finding.
    pub span: Option<Span>,
    /// Further labelled spans.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// The law and article.
    pub reference: Option<String>,
    /// Link to the official text.
    pub url: Option<String>,
}

impl Finding {
    /// A finding with only the essentials.
    pub fn new(rule: impl Into<String>, severity: Severity, message: impl Into<String>, span: Option<Span>) -> Self {
        Finding {
            rule: rule.into(),
            severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            reference: None,
            url: None,
        }
    }

    /// The pack's name: the rule id up to its `/`.
    pub fn pack(&self) -> &str {
        self.rule.split_once('/').map_or(self.rule.as_str(), |(pack, _)| pack)
    }

    /// Whether the finding is about the whole document ("the policy never says…").
    pub fn is_document_level(&self) -> bool {
        self.span.is_none()
    }

    /// Sort key: position (document-level first), then rule id, then message.
    pub fn order_key(&self) -> (usize, usize, &str, &str) {
        let (start, end) = self.span.map_or((0, 0), |s| (s.start, s.end));
        (start, end, self.rule.as_str(), self.message.as_str())
    }
}

/// Sort findings into their output order.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
}

/// A rule of the tool itself rather than of a pack: reading input, running scripts, suppressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InternalRule {
    /// Full id, `pack/name`.
    pub id: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// What it reports.
    pub description: &'static str,
}

/// Packs whose rules are the tool's own; they can be selected and ignored like any pack.
pub const INTERNAL_PACKS: &[&str] = &["io", "script", "suppression"];

/// Every internal rule.
pub const INTERNAL_RULES: &[InternalRule] = &[
    InternalRule {
        id: "io/unreadable",
        severity: Severity::Error,
        description: "A path that is missing or cannot be read.",
    },
    InternalRule {
        id: "io/bad-record",
        severity: Severity::Error,
        description: "A line of a JSON Lines corpus that is not a record with an id and a text, skipped.",
    },
    InternalRule {
        id: "io/invalid-utf8",
        severity: Severity::Warning,
        description: "A document that is not valid UTF-8; it was decoded with replacement characters.",
    },
    InternalRule {
        id: "io/not-a-file",
        severity: Severity::Warning,
        description: "A named pipe, socket, device or other non-file named as a document, skipped unopened.",
    },
    InternalRule {
        id: "io/utf16-document",
        severity: Severity::Info,
        description: "A UTF-16 document; it was decoded and checked.",
    },
    InternalRule { id: "io/empty-document", severity: Severity::Warning, description: "A document with no text." },
    InternalRule { id: "io/binary-document", severity: Severity::Info, description: "A binary file, skipped." },
    InternalRule {
        id: "io/too-large",
        severity: Severity::Warning,
        description: "A document over the size limit, skipped.",
    },
    InternalRule { id: "script/error", severity: Severity::Error, description: "A script rule failed on a document." },
    InternalRule {
        id: "script/limit-exceeded",
        severity: Severity::Error,
        description: "A script rule exceeded a sandbox limit on a document.",
    },
    InternalRule {
        id: "suppression/unknown-rule",
        severity: Severity::Warning,
        description: "A suppression comment names no loaded rule or pack.",
    },
    InternalRule {
        id: "suppression/unused",
        severity: Severity::Warning,
        description: "A suppression comment silenced no finding.",
    },
];

/// Whether `name` is an internal pack or rule id.
pub fn is_internal(name: &str) -> bool {
    INTERNAL_PACKS.contains(&name) || INTERNAL_RULES.iter().any(|rule| rule.id == name)
}
