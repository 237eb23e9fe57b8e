//! Findings and load errors as LSP diagnostics.

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri,
};
use policy_rules_core::{Document, Finding, LineIndex, PackError, Severity, Span};
use serde::{Deserialize, Serialize};

use crate::position::{Encoding, Text};

/// The name diagnostics carry as their source.
pub const SOURCE: &str = "policy-rules";

/// What a diagnostic carries for code actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Data {
    /// Whether the finding is about the whole document.
    pub document_level: bool,
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The range a finding is shown at: its span, or the title for a document-level finding.
pub fn finding_range(doc: &Document, finding: &Finding, encoding: Encoding) -> Range {
    let text = Text::new(&doc.source, doc.line_index(), encoding);
    text.range(finding.span.unwrap_or_else(|| doc.title_span()))
}

/// A finding as a diagnostic.
pub fn from_finding(uri: &Uri, doc: &Document, finding: &Finding, encoding: Encoding) -> Diagnostic {
    let text = Text::new(&doc.source, doc.line_index(), encoding);
    let related: Vec<DiagnosticRelatedInformation> = finding
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: text.range(label.span) },
            message: label.text.clone(),
        })
        .collect();
    Diagnostic {
        range: finding_range(doc, finding, encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.clone())),
        code_description: finding.url.as_ref().and_then(|url| url.parse().ok()).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: serde_json::to_value(Data { document_level: finding.is_document_level() }).ok(),
    }
}

/// A pack or configuration error as a diagnostic in `text` (the file it names), if it has a place.
pub fn from_pack_error(error: &PackError, text: &str, encoding: Encoding) -> Diagnostic {
    let (range, message, help) = match error {
        PackError::Invalid { span, message, help, .. } => {
            let index = LineIndex::new(text);
            let positions = Text::new(text, &index, encoding);
            let span = Span::new(span.offset(), span.offset() + span.len());
            (positions.range(span), strip_location(message), help.clone())
        }
        PackError::Io { message, help } => (Range::default(), message.clone(), help.clone()),
    };
    let message = match help {
        Some(help) => format!("{message}\nhelp: {help}"),
        None => message,
    };
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("pack/invalid".into())),
        source: Some(SOURCE.to_string()),
        message,
        ..Diagnostic::default()
    }
}

/// The file name of a located pack error (`builtin:…` or a path), if it has one.
pub fn error_file(error: &PackError) -> Option<String> {
    match error {
        PackError::Invalid { source_code, .. } => Some(source_code.name().to_string()),
        PackError::Io { .. } => None,
    }
}

/// `file:line:column: message` without the location an editor already shows.
fn strip_location(message: &str) -> String {
    let mut parts = message.splitn(4, ':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(line), Some(column), Some(rest))
            if line.trim().parse::<usize>().is_ok() && column.trim().parse::<usize>().is_ok() =>
        {
            rest.trim_start().to_string()
        }
        _ => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_messages_lose_the_location_prefix() {
        assert_eq!(strip_location("pack.yaml:5:5: rules[0]: unknown rule key"), "rules[0]: unknown rule key");
        assert_eq!(strip_location("no pack.yaml in `x`"), "no pack.yaml in `x`");
    }
}
