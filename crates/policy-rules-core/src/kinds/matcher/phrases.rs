//! `phrases`: a list of literal phrases.

use std::ops::Range;

use serde::Serialize;

use super::{KindKey, Match, MatcherSpec, Shape, Values};
use crate::kinds::raw::Scope;
use crate::search::{Context, Hit, Phrases, PhrasesId, PlanBuilder};

/// `phrases:` as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PhrasesMatcher {
    /// Literal phrases.
    pub phrases: Phrases,
}

impl MatcherSpec for PhrasesMatcher {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[KindKey::naming("phrases", Shape::Phrases)];
        KEYS
    }

    fn from_values(values: &mut Values) -> Result<Option<Self>, String> {
        Ok(values.phrases("phrases").map(|phrases| PhrasesMatcher { phrases }))
    }

    fn compile(&self, plan: &mut PlanBuilder) -> Box<dyn Match> {
        Box::new(Compiled(plan.phrases(&self.phrases)))
    }
}

struct Compiled(PhrasesId);

impl Match for Compiled {
    fn hits(&self, _: Option<Scope>, ctx: &Context<'_>) -> Vec<Hit> {
        ctx.phrase_hits(self.0).to_vec()
    }

    fn exists(&self, _: Option<Scope>, ctx: &Context<'_>) -> bool {
        !ctx.phrase_hits(self.0).is_empty()
    }

    fn widens(&self) -> bool {
        true
    }

    fn restrictable(&self) -> bool {
        true
    }

    fn hits_within(&self, ctx: &Context<'_>, regions: &[Range<usize>]) -> Vec<Hit> {
        ctx.phrase_hits_within(self.0, regions)
    }
}
