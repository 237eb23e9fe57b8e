//! `section` alone: the sections whose heading matches.

use serde::Serialize;

use super::{KindKey, Match, MatcherSpec, Shape, Values};
use crate::kinds::raw::Scope;
use crate::search::{Context, Hit, Pattern, PlanBuilder};

/// A matcher with only `section:`, as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SectionsMatcher {
    /// Sections whose heading matches this regex.
    pub section: Pattern,
}

impl MatcherSpec for SectionsMatcher {
    fn keys() -> &'static [KindKey] {
        // `section` is every matcher's modifier; alone, it is this matcher (see `pack::raw`).
        const KEYS: &[KindKey] = &[KindKey::naming("section", Shape::Regex)];
        KEYS
    }

    fn from_values(values: &mut Values) -> Result<Option<Self>, String> {
        Ok(values.regex("section").map(|section| SectionsMatcher { section }))
    }

    fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        out.push(&self.section);
    }

    fn compile(&self, _: &mut PlanBuilder) -> Box<dyn Match> {
        Box::new(Compiled(self.section.clone()))
    }
}

struct Compiled(Pattern);

impl Match for Compiled {
    fn hits(&self, _: Option<Scope>, ctx: &Context<'_>) -> Vec<Hit> {
        let doc = ctx.doc;
        doc.sections
            .iter()
            .filter(|s| !s.heading.is_empty() && self.0.is_match(doc.slice(&s.heading)))
            .map(|s| Hit::new(s.range.clone()))
            .collect()
    }
}
