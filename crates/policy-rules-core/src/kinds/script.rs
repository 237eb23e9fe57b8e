//! `script`: a Rhai rule, compiled once, run per document inside the sandbox.

use std::sync::Arc;

use rhai::AST;

use serde::Serialize;

use super::{Build, KindKey, Rule, RuleInfo, RuleKind, Shape, Values};
use crate::error::PackError;
use crate::finding::{Finding, Severity};
use crate::script::{describe, offset_of, string_constants, ScriptFailure, ScriptHost};
use crate::search::{Context, Pattern};

/// `script:` as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ScriptKind {
    /// A Rhai script, relative to the pack folder.
    pub script: String,
}

impl RuleKind for ScriptKind {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[KindKey::naming("script", Shape::Text)];
        KEYS
    }

    fn from_values(values: &mut Values) -> Option<Self> {
        Some(ScriptKind { script: values.text("script")? })
    }

    fn name(&self) -> &'static str {
        "script"
    }

    fn description(&self) -> &'static str {
        "a Rhai script"
    }

    fn placeholders(&self, _: &mut Vec<String>) {}

    fn script(&self) -> Option<&str> {
        Some(&self.script)
    }

    fn compile(&self, info: RuleInfo, build: &mut Build<'_>) -> Result<Box<dyn Rule>, PackError> {
        let path = &self.script;
        let file = (build.script_file)(path);
        let source = build.scripts.iter().find(|(p, _)| p == path).map(|(_, s)| s.as_str()).ok_or_else(|| {
            PackError::Io { message: format!("rule `{}`: script `{path}` was not loaded", info.id), help: None }
        })?;
        // The script's string constants that are patterns join the plan: `doc.contains("…")`
        // then costs a look-up of where their literals are, not a scan of the text.
        for constant in string_constants(source) {
            if let Ok(pattern) = Pattern::new(&constant, false) {
                if pattern.literals().is_some() || pattern.starts().is_some() {
                    build.plan.pattern(&pattern);
                }
            }
        }
        let ast = build.host.compile(source).map_err(|(message, position)| {
            let offset = offset_of(source, position);
            let len = source[offset..].chars().next().map_or(0, char::len_utf8);
            PackError::at(&file, source, offset, len, format!("rule `{}`: {message}", info.id), None)
        })?;
        Ok(Box::new(Script::new(info, Arc::clone(build.host), ast, file)))
    }
}

/// Runs a script's `check(doc)` and turns its reports into findings.
pub struct Script {
    info: RuleInfo,
    host: Arc<ScriptHost>,
    ast: AST,
    file: String,
}

impl Script {
    /// A script rule; `file` names the script in messages.
    pub fn new(info: RuleInfo, host: Arc<ScriptHost>, ast: AST, file: String) -> Self {
        Script { info, host, ast, file }
    }
}

impl Rule for Script {
    fn info(&self) -> &RuleInfo {
        &self.info
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        // One view of the document for every script rule: what it builds lazily is built once.
        let search = Some((std::sync::Arc::clone(ctx.plan()), std::sync::Arc::clone(ctx.scan())));
        let Some(handle) = ctx.extension(|| self.host.handle(std::sync::Arc::clone(ctx.shared()), search)).cloned()
        else {
            return;
        };
        match self.host.run(&self.ast, handle) {
            Ok(reports) => {
                for report in reports {
                    let message = if report.message.is_empty() { self.info.message.clone() } else { report.message };
                    let mut finding = self.info.finding(message, report.span);
                    if let Some(severity) = report.severity {
                        finding.severity = severity;
                    }
                    if report.help.is_some() {
                        finding.help = report.help;
                    }
                    out.push(finding);
                }
            }
            Err(failure) => {
                let (rule, message, position) = match failure {
                    ScriptFailure::Limit(limit, position) => (
                        "script/limit-exceeded",
                        format!("rule `{}` was stopped on this document: it exceeded {limit}", self.info.id),
                        position,
                    ),
                    ScriptFailure::Error(error, position) => {
                        ("script/error", format!("rule `{}` failed on this document: {error}", self.info.id), position)
                    }
                };
                let mut finding = Finding::new(rule, Severity::Error, message, None);
                finding.help = Some(format!(
                    "at {}:{}; other rules and documents were checked as usual",
                    self.file,
                    describe(position)
                ));
                out.push(finding);
            }
        }
    }
}
