//! Rule kinds: one file each. A rule is compiled once and checks any number of documents.

mod forbid;
pub mod matcher;
mod metric;
mod require;

use crate::document::Document;
use crate::engine::{Context, LiteralRegistry};
use crate::finding::{Finding, Severity};
use crate::pack::{Pack, RawKind, RawRule};

pub use matcher::{Hit, Matcher};

/// What every rule carries besides its logic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Full id, `pack/name`.
    pub id: String,
    /// The pack's name.
    pub pack: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// Message template.
    pub message: String,
    /// How to fix.
    pub help: Option<String>,
    /// Law and article.
    pub reference: Option<String>,
    /// Official text.
    pub url: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Kind name: forbid, require, metric or script.
    pub kind: &'static str,
}

impl RuleInfo {
    /// A finding of this rule with the given message and span.
    pub fn finding(&self, message: String, span: Option<crate::span::Span>) -> Finding {
        Finding {
            rule: self.id.clone(),
            severity: self.severity,
            message,
            span,
            labels: Vec::new(),
            help: self.help.clone(),
            reference: self.reference.clone(),
            url: self.url.clone(),
        }
    }
}

/// A compiled rule: immutable, shared by every thread.
pub trait Rule: Send + Sync {
    /// Id, severity, message and references.
    fn info(&self) -> &RuleInfo;

    /// Check one document, appending findings.
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>);
}

/// Why a rule could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// Full rule id.
    pub rule: String,
    /// What is wrong.
    pub message: String,
}

/// Compile one rule of a pack.
pub fn compile(
    pack: &Pack,
    raw: &RawRule,
    literals: &mut LiteralRegistry,
) -> Result<Box<dyn Rule>, CompileError> {
    let kind = match &raw.kind {
        RawKind::Forbid(_) => "forbid",
        RawKind::Require { .. } => "require",
        RawKind::Metric(_) => "metric",
        RawKind::Script(_) => "script",
    };
    let info = RuleInfo {
        id: format!("{}/{}", pack.name(), raw.id),
        pack: pack.name().to_string(),
        severity: raw.severity,
        message: raw.message.clone(),
        help: raw.help.clone(),
        reference: raw.reference.clone(),
        url: raw.url.clone(),
        tags: raw.tags.clone(),
        kind,
    };
    Ok(match &raw.kind {
        RawKind::Forbid(matcher) => Box::new(forbid::Forbid::new(
            info,
            Matcher::compile(matcher, literals),
        )),
        RawKind::Require { when, require } => Box::new(require::Require::new(
            info,
            when.as_ref().map(|m| Matcher::compile(m, literals)),
            Matcher::compile(require, literals),
        )),
        RawKind::Metric(metric) => Box::new(metric::Metric::new(info, metric.clone())),
        RawKind::Script(path) => {
            return Err(CompileError {
                rule: info.id,
                message: format!(
                    "`script: {path}`: Rhai script rules are not available in this build"
                ),
            })
        }
    })
}

/// Fill `{match}` and `{capture}` placeholders of a message template from a hit.
pub fn interpolate(template: &str, doc: &Document, hit: Option<&Hit>) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        let value = hit.and_then(|hit| {
            if name == "match" {
                Some(hit.matched.clone())
            } else {
                hit.captures
                    .iter()
                    .find(|(n, _)| &**n == name)
                    .map(|(_, r)| r.clone())
            }
        });
        match value {
            Some(range) => out.push_str(&shorten(doc.slice(&range).trim(), 80)),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// At most `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}
