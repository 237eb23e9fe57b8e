//! `pattern`: a regular expression.

use serde::Serialize;

use super::{KindKey, Match, MatcherSpec, Shape, Values};
use crate::kinds::raw::Scope;
use crate::search::{Context, Hit, Pattern, PatternId, PlanBuilder};
use std::ops::Range;

/// `pattern:` (with `case_sensitive:`) as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PatternMatcher {
    /// A regular expression (case-insensitive unless `case_sensitive`).
    pub pattern: Pattern,
    /// Match `pattern` case-sensitively.
    #[serde(default, skip_serializing_if = "is_false")]
    pub case_sensitive: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl MatcherSpec for PatternMatcher {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[
            KindKey::naming("pattern", Shape::Regex),
            KindKey {
                name: "case_sensitive",
                shape: Shape::Flag,
                alone: "`case_sensitive` only goes with `pattern`",
                missing: "",
            },
        ];
        KEYS
    }

    fn from_values(values: &mut Values) -> Result<Option<Self>, String> {
        let Some(mut pattern) = values.regex("pattern") else { return Ok(None) };
        let case_sensitive = values.flag("case_sensitive") == Some(true);
        if case_sensitive {
            pattern = Pattern::new(&pattern.source, true)?;
        }
        Ok(Some(PatternMatcher { pattern, case_sensitive }))
    }

    fn capture_names(&self, out: &mut Vec<String>) {
        out.extend(self.pattern.capture_names().iter().cloned());
    }

    fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        out.push(&self.pattern);
    }

    fn compile(&self, plan: &mut PlanBuilder) -> Box<dyn Match> {
        Box::new(Compiled { id: plan.pattern(&self.pattern), named: !self.pattern.capture_names().is_empty() })
    }
}

struct Compiled {
    id: PatternId,
    named: bool,
}

impl Match for Compiled {
    fn hits(&self, _: Option<Scope>, ctx: &Context<'_>) -> Vec<Hit> {
        // The same pattern in several rules (YAML anchors) is searched once per document.
        ctx.pattern_hits(self.id).to_vec()
    }

    fn exists(&self, _: Option<Scope>, ctx: &Context<'_>) -> bool {
        ctx.pattern_exists(self.id)
    }

    fn widens(&self) -> bool {
        true
    }

    fn restrictable(&self) -> bool {
        !self.named
    }

    fn hits_within(&self, ctx: &Context<'_>, regions: &[Range<usize>]) -> Vec<Hit> {
        ctx.pattern_hits_within(self.id, regions)
    }
}
