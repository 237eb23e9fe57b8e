//! `forbid`: report every match.

use serde::Serialize;

use super::{interpolate, Build, KindKey, Matcher, RawMatcher, Rule, RuleInfo, RuleKind, Shape, Values};
use crate::error::PackError;
use crate::finding::Finding;
use crate::search::{Context, Pattern};

/// `forbid:` as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ForbidKind {
    /// Report every match.
    pub forbid: RawMatcher,
}

impl RuleKind for ForbidKind {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[KindKey::naming("forbid", Shape::Matcher)];
        KEYS
    }

    fn from_values(values: &mut Values) -> Option<Self> {
        Some(ForbidKind { forbid: values.matcher("forbid")? })
    }

    fn name(&self) -> &'static str {
        "forbid"
    }

    fn description(&self) -> &'static str {
        "every match is a finding"
    }

    fn placeholders(&self, out: &mut Vec<String>) {
        out.push("match".to_string());
        self.forbid.capture_names(out);
    }

    fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        self.forbid.patterns(out);
    }

    fn compile(&self, info: RuleInfo, build: &mut Build<'_>) -> Result<Box<dyn Rule>, PackError> {
        Ok(Box::new(Forbid::new(info, Matcher::compile(&self.forbid, build.plan))))
    }
}

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
