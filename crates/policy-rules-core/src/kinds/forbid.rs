//! `forbid`: report every match.

use super::{interpolate, Matcher, Rule, RuleInfo};
use crate::finding::Finding;
use crate::search::Context;

/// Reports every place the matcher matches.
pub struct Forbid {
    info: RuleInfo,
    matcher: Matcher,
}

impl Forbid {
    /// A forbid rule.
    pub fn new(info: RuleInfo, matcher: Matcher) -> Self {
        Forbid { info, matcher }
    }
}

impl Rule for Forbid {
    fn info(&self) -> &RuleInfo {
        &self.info
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        for hit in self.matcher.hits(ctx) {
            let message = interpolate(&self.info.message, ctx.doc, Some(&hit));
            out.push(self.info.finding(message, Some(ctx.doc.span(hit.range))));
        }
    }
}
