//! `any`: the hits of any of its matchers.

use std::ops::Range;

use serde::Serialize;

use super::{KindKey, Match, Matcher, MatcherSpec, RawMatcher, Shape, Values};
use crate::kinds::raw::Scope;
use crate::search::{Context, Hit, Pattern, PlanBuilder};

/// `any:` as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AnyMatcher {
    /// Any of these.
    #[schemars(length(min = 1))]
    pub any: Vec<RawMatcher>,
}

impl MatcherSpec for AnyMatcher {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[KindKey::naming("any", Shape::Matchers)];
        KEYS
    }

    fn from_values(values: &mut Values) -> Result<Option<Self>, String> {
        Ok(values.matchers("any").map(|any| AnyMatcher { any }))
    }

    fn capture_names(&self, out: &mut Vec<String>) {
        self.any.iter().for_each(|m| m.capture_names(out));
    }

    fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        self.any.iter().for_each(|m| m.patterns(out));
    }

    fn compile(&self, plan: &mut PlanBuilder) -> Box<dyn Match> {
        Box::new(Compiled(self.any.iter().map(|m| Matcher::compile(m, plan)).collect()))
    }
}

struct Compiled(Vec<Matcher>);

impl Match for Compiled {
    fn hits(&self, _: Option<Scope>, ctx: &Context<'_>) -> Vec<Hit> {
        self.0.iter().flat_map(|m| m.hits(ctx)).collect()
    }

    fn exists(&self, _: Option<Scope>, ctx: &Context<'_>) -> bool {
        self.0.iter().any(|m| m.exists(ctx))
    }

    fn widens(&self) -> bool {
        true
    }

    fn restrictable(&self) -> bool {
        self.0.iter().all(Matcher::restrictable)
    }

    fn hits_within(&self, ctx: &Context<'_>, regions: &[Range<usize>]) -> Vec<Hit> {
        self.0.iter().flat_map(|m| m.hits_within(ctx, regions)).collect()
    }
}
