//! Rule kinds: one file each. A rule is compiled once and checks any number of documents.

mod forbid;
pub mod matcher;
mod metric;
mod require;
mod script;

use crate::document::Document;
use std::sync::Arc;

use crate::finding::{Finding, Severity};
use crate::pack::{Origin, Pack, PackError, RawKind, RawRule};
use crate::script::{offset_of, ScriptHost};
use crate::search::{Context, PlanBuilder};

pub use crate::search::Hit;
pub use matcher::Matcher;

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
    /// A compliant clause.
    pub example: Option<String>,
    /// Law and article.
    pub reference: Option<String>,
    /// Official text.
    pub url: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Kind name: forbid, require, when+require, metric or script.
    pub kind: &'static str,
    /// Whether the rule reports once per document, the other places as related locations.
    pub once: bool,
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

/// What compiling the rules of a run shares: the search plan and the script host.
pub struct Build<'a> {
    /// The patterns and phrase lists of the run.
    pub plan: &'a mut PlanBuilder,
    /// The sandboxed Rhai host.
    pub host: &'a Arc<ScriptHost>,
}

/// Compile one rule of a pack.
/// `severity` overrides the rule's own.
pub fn compile(
    pack: &Pack,
    raw: &RawRule,
    severity: Option<Severity>,
    build: &mut Build<'_>,
) -> Result<Box<dyn Rule>, PackError> {
    let plan = &mut *build.plan;
    let kind = raw.kind.name();
    let info = RuleInfo {
        id: format!("{}/{}", pack.name(), raw.id),
        pack: pack.name().to_string(),
        severity: severity.unwrap_or(raw.severity),
        message: raw.message.clone(),
        help: raw.help.clone(),
        example: raw.example.clone(),
        reference: raw.reference.clone(),
        url: raw.url.clone(),
        tags: raw.tags.clone(),
        kind,
        once: raw.report == crate::pack::Report::Once,
    };
    Ok(match &raw.kind {
        RawKind::Forbid { forbid: matcher } => Box::new(forbid::Forbid::new(info, Matcher::compile(matcher, plan))),
        RawKind::Require { when, require } => Box::new(require::Require::new(
            info,
            when.as_ref().map(|m| Matcher::compile(m, plan)),
            Matcher::compile(require, plan),
        )),
        RawKind::Metric { metric } => Box::new(metric::Metric::new(info, metric.clone())),
        RawKind::Script { script: path } => {
            let file = match &pack.origin {
                Origin::Dir(dir) => dir.join(path).display().to_string(),
                Origin::Builtin(name) => format!("builtin:{name}/{path}"),
            };
            let source = pack.scripts.iter().find(|(p, _)| p == path).map(|(_, s)| s.as_str()).ok_or_else(|| {
                PackError::Io { message: format!("rule `{}`: script `{path}` was not loaded", info.id), help: None }
            })?;
            // The script's string constants that are patterns join the plan: `doc.contains("…")`
            // then costs a look-up of where their literals are, not a scan of the text.
            for constant in crate::script::string_constants(source) {
                if let Ok(pattern) = crate::search::Pattern::new(&constant, false) {
                    if pattern.literals().is_some() || pattern.starts().is_some() {
                        plan.pattern(&pattern);
                    }
                }
            }
            let ast = build.host.compile(source).map_err(|(message, position)| {
                let offset = offset_of(source, position);
                let len = source[offset..].chars().next().map_or(0, char::len_utf8);
                PackError::at(&file, source, offset, len, format!("rule `{}`: {message}", info.id), None)
            })?;
            Box::new(script::Script::new(info, Arc::clone(build.host), ast, file))
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
                hit.captures.iter().find(|(n, _)| &**n == name).map(|(_, r)| r.clone())
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
