//! Running rules' inline tests: `pass` snippets must not be flagged, `fail` snippets must be.

use crate::document::{Document, Format};
use crate::engine::{Engine, Selection};
use crate::pack::{FailCase, Pack, PackError};
use std::sync::Arc;

/// Why one inline test case failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFailure {
    /// Full rule id.
    pub rule: String,
    /// The snippet.
    pub text: String,
    /// Expected outcome and what happened.
    pub reason: String,
}

/// Outcome of one rule's inline tests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleOutcome {
    /// Full rule id.
    pub rule: String,
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed, with why.
    pub failures: Vec<CaseFailure>,
    /// Whether the rule has at least one `pass` and one `fail` case.
    pub complete: bool,
}

/// Run the inline tests of every rule in `pack`.
pub fn run_inline(pack: &Pack) -> Result<Vec<RuleOutcome>, PackError> {
    let mut outcomes = Vec::new();
    for raw in &pack.raw.rules {
        let id = format!("{}/{}", pack.name(), raw.id);
        let engine = Engine::new(std::slice::from_ref(pack), Selection { select: vec![id.clone()], ignore: vec![] })?;
        let mut outcome = RuleOutcome {
            rule: id.clone(),
            complete: !raw.tests.pass.is_empty() && !raw.tests.fail.is_empty(),
            ..RuleOutcome::default()
        };
        let check = |text: &str| {
            let doc = Arc::new(Document::parse("<test>", Format::Text, text.to_string()));
            let findings = engine.check(&doc);
            (doc, findings)
        };
        for text in &raw.tests.pass {
            let (doc, findings) = check(text);
            match findings.first() {
                None => outcome.passed += 1,
                Some(found) => outcome.failures.push(CaseFailure {
                    rule: id.clone(),
                    text: text.clone(),
                    reason: format!(
                        "expected no finding, got \"{}\" at {:?}",
                        found.message,
                        flagged(&doc, found.span)
                    ),
                }),
            }
        }
        for FailCase { text, message, flagged: expected_flagged } in &raw.tests.fail {
            let (doc, findings) = check(text);
            let reason = match findings.first() {
                None => Some("expected a finding, got none".to_string()),
                Some(found) => {
                    let actual = flagged(&doc, found.span);
                    if message.as_ref().is_some_and(|m| *m != found.message) {
                        Some(format!(
                            "expected message {:?}, got {:?}",
                            message.as_deref().unwrap_or(""),
                            found.message
                        ))
                    } else if expected_flagged.as_ref().is_some_and(|f| Some(f.as_str()) != actual.as_deref()) {
                        Some(format!(
                            "expected flagged text {:?}, got {:?}",
                            expected_flagged.as_deref().unwrap_or(""),
                            actual
                        ))
                    } else {
                        None
                    }
                }
            };
            match reason {
                None => outcome.passed += 1,
                Some(reason) => outcome.failures.push(CaseFailure { rule: id.clone(), text: text.clone(), reason }),
            }
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

fn flagged(doc: &Document, span: Option<crate::span::Span>) -> Option<String> {
    span.map(|s| doc.source[s.start..s.end].to_string())
}
