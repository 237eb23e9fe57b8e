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
