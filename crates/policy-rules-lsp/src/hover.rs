//! Hover: what a finding means, how to fix it, a compliant example and the law, as Markdown.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range};
use policy_rules_core::RuleInfo;
use policy_rules_core::{Document, Engine, Finding};

use crate::diagnostics::finding_range;
use crate::position::Encoding;

fn contains(range: &Range, position: Position) -> bool {
    let at = (position.line, position.character);
    (range.start.line, range.start.character) <= at && at <= (range.end.line, range.end.character)
}

/// The Markdown explaining one finding.
pub fn explain(finding: &Finding, rule: Option<&RuleInfo>) -> String {
    let mut out = format!("**{}** ({})\n\n{}\n", finding.rule, finding.severity, finding.message);
    if let Some(help) = &finding.help {
        out.push_str(&format!("\n**How to fix:** {}\n", help.trim()));
    }
    if let Some(example) = rule.and_then(|r| r.example.as_deref()) {
        out.push_str(&format!("\n**Compliant example:**\n\n> {}\n", example.trim()));
    }
    match (&finding.reference, &finding.url) {
        (Some(reference), Some(url)) => out.push_str(&format!("\n**Law:** [{reference}]({url})\n")),
        (Some(reference), None) => out.push_str(&format!("\n**Law:** {reference}\n")),
        (None, Some(url)) => out.push_str(&format!("\n**Law:** <{url}>\n")),
        (None, None) => {}
    }
    out
}

/// The hover at `position`: every finding whose range holds it.
pub fn hover(
    doc: &Document,
    findings: &[Finding],
    engine: &Engine,
    position: Position,
    encoding: Encoding,
) -> Option<Hover> {
    let mut range = None;
    let parts: Vec<String> = findings
        .iter()
        .filter(|finding| {
            let shown = finding_range(doc, finding, encoding);
            let hit = contains(&shown, position);
            if hit && range.is_none() {
                range = Some(shown);
            }
            hit
        })
        .map(|finding| explain(finding, engine.rules().find(|r| r.id == finding.rule)))
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: parts.join("\n---\n\n") }),
        range,
    })
}
