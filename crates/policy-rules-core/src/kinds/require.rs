//! `require` (optionally with `when`): report once when a document lacks what it must say.

use super::{interpolate, Matcher, Rule, RuleInfo};
use crate::finding::{Finding, Label};
use crate::search::Context;

/// Reports a document-level finding when nothing matches (and, with `when`, the condition does).
pub struct Require {
    info: RuleInfo,
    when: Option<Matcher>,
    require: Matcher,
}

impl Require {
    /// A require rule.
    pub fn new(info: RuleInfo, when: Option<Matcher>, require: Matcher) -> Self {
        Require { info, when, require }
    }
}

impl Rule for Require {
    fn info(&self) -> &RuleInfo {
        &self.info
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let trigger = match &self.when {
            Some(when) => match when.hits(ctx).into_iter().next() {
                Some(hit) => Some(hit),
                None => return,
            },
            None => None,
        };
        if self.require.exists(ctx) {
            return;
        }
        let message = interpolate(&self.info.message, ctx.doc, trigger.as_ref());
        let mut finding = self.info.finding(message, None);
        if let Some(hit) = trigger {
            finding.labels.push(Label { span: ctx.doc.span(hit.range), text: "this makes it required".into() });
        }
        out.push(finding);
    }
}
