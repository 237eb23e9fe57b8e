//! `require` (optionally with `when`): report once when a document lacks what it must say.

use serde::Serialize;

use super::{interpolate, Build, KindKey, Matcher, RawMatcher, Rule, RuleInfo, RuleKind, Shape, Values};
use crate::error::PackError;
use crate::finding::{Finding, Label};
use crate::search::{Context, Pattern};

/// `require:`, optionally with `when:`, as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RequireKind {
    /// Only documents where this matches must satisfy `require`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<RawMatcher>,
    /// Report once when nothing matches.
    pub require: RawMatcher,
}

impl RuleKind for RequireKind {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[
            KindKey::naming("require", Shape::Matcher),
            KindKey { name: "when", shape: Shape::Matcher, alone: "has `when` without `require`; add what the document must then say", missing: "" },
        ];
        KEYS
    }

    fn from_values(values: &mut Values) -> Option<Self> {
        Some(RequireKind { when: values.matcher("when"), require: values.matcher("require")? })
    }

    fn name(&self) -> &'static str {
        match self.when {
            Some(_) => "when+require",
            None => "require",
        }
    }

    fn description(&self) -> &'static str {
        match self.when {
            Some(_) => "required where the condition holds",
            None => "one finding when the document never says it",
        }
    }

    fn placeholders(&self, out: &mut Vec<String>) {
        // Only a condition has a match to interpolate.
        if let Some(when) = &self.when {
            out.push("match".to_string());
            when.capture_names(out);
        }
    }

    fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        if let Some(when) = &self.when {
            when.patterns(out);
        }
        self.require.patterns(out);
    }

    fn compile(&self, info: RuleInfo, build: &mut Build<'_>) -> Result<Box<dyn Rule>, PackError> {
        let when = self.when.as_ref().map(|m| Matcher::compile(m, build.plan));
        Ok(Box::new(Require::new(info, when, Matcher::compile(&self.require, build.plan))))
    }
}

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
