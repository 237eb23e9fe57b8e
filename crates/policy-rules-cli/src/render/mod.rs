//! Renderers: one file per output format.

pub mod concise;
pub mod human;
pub mod source;

use policy_rules_core::{Checked, Finding, LineColumn};

/// Where a finding is reported: its span's start, the title line for a document-level finding,
/// or 1:1 when the document could not be read.
pub fn position(checked: &Checked, finding: &Finding) -> LineColumn {
    match &checked.document {
        Some(doc) => doc.line_column(finding.span.unwrap_or_else(|| doc.title_span()).start),
        None => LineColumn { line: 1, column: 1 },
    }
}
