//! `not`: the units where its matcher does not match.

use serde::Serialize;

use super::{overlaps_any, units, KindKey, Match, Matcher, MatcherSpec, RawMatcher, Shape, Values};
use crate::kinds::raw::Scope;
use crate::search::{Context, Hit, Pattern, PlanBuilder};

/// `not:` as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NotMatcher {
    /// Units where this does not match.
    pub not: Box<RawMatcher>,
}

impl MatcherSpec for NotMatcher {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[KindKey::naming("not", Shape::Matcher)];
        KEYS
    }

    fn from_values(values: &mut Values) -> Result<Option<Self>, String> {
        Ok(values.matcher("not").map(|not| NotMatcher { not: Box::new(not) }))
    }

    fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        self.not.patterns(out);
    }

    fn compile(&self, plan: &mut PlanBuilder) -> Box<dyn Match> {
        Box::new(Compiled(Matcher::compile(&self.not, plan)))
    }
}

struct Compiled(Matcher);

impl Match for Compiled {
    fn hits(&self, scope: Option<Scope>, ctx: &Context<'_>) -> Vec<Hit> {
        let absent = self.0.hits(ctx);
        units(ctx.doc, scope.unwrap_or(Scope::Document))
            .into_iter()
            .filter(|unit| !overlaps_any(&absent, unit))
            .map(Hit::new)
            .collect()
    }

    fn exists(&self, scope: Option<Scope>, ctx: &Context<'_>) -> bool {
        match scope {
            None | Some(Scope::Document) => !self.0.exists(ctx),
            Some(_) => !self.hits(scope, ctx).is_empty(),
        }
    }

    fn excluded(&self) -> Option<&Matcher> {
        Some(&self.0)
    }
}
