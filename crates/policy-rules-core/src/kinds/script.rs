//! `script`: a Rhai rule, compiled once, run per document inside the sandbox.

use std::sync::Arc;

use rhai::AST;

use super::{Rule, RuleInfo};
use crate::finding::{Finding, Severity};
use crate::script::{describe, ScriptFailure, ScriptHost};
use crate::search::Context;

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
