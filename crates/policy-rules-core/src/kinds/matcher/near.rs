//! `near`: two matchers within a number of words of each other, in one block.

use serde::Serialize;

use super::{KindKey, Match, Matcher, MatcherSpec, RawMatcher, Shape, Values};
use crate::kinds::raw::Scope;
use crate::search::{Context, Hit, Pattern, PlanBuilder};

/// `near:` with `within:` as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NearMatcher {
    /// Two matchers.
    pub near: (Box<RawMatcher>, Box<RawMatcher>),
    /// Most words between the two matches.
    #[schemars(range(min = 1, max = 10_000))]
    pub within: usize,
}

impl MatcherSpec for NearMatcher {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[
            KindKey::naming("near", Shape::Pair),
            KindKey {
                name: "within",
                shape: Shape::Words,
                alone: "`within` only goes with `near`",
                missing: "`near` needs `within: N` (the most words allowed between the two matches)",
            },
        ];
        KEYS
    }

    fn from_values(values: &mut Values) -> Result<Option<Self>, String> {
        let Some(mut pair) = values.matchers("near") else { return Ok(None) };
        let (Some(second), Some(first), Some(within)) = (pair.pop(), pair.pop(), values.words("within")) else {
            return Ok(None);
        };
        Ok(Some(NearMatcher { near: (Box::new(first), Box::new(second)), within }))
    }

    fn capture_names(&self, out: &mut Vec<String>) {
        self.near.0.capture_names(out);
        self.near.1.capture_names(out);
    }

    fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        self.near.0.patterns(out);
        self.near.1.patterns(out);
    }

    fn compile(&self, plan: &mut PlanBuilder) -> Box<dyn Match> {
        let (a, b) = (Matcher::compile(&self.near.0, plan), Matcher::compile(&self.near.1, plan));
        Box::new(Compiled { a, b, within: self.within })
    }
}

struct Compiled {
    a: Matcher,
    b: Matcher,
    within: usize,
}

impl Match for Compiled {
    fn hits(&self, _: Option<Scope>, ctx: &Context<'_>) -> Vec<Hit> {
        near_hits(&self.a, &self.b, self.within, ctx)
    }

    fn widens(&self) -> bool {
        true
    }
}

fn near_hits(a: &Matcher, b: &Matcher, within: usize, ctx: &Context<'_>) -> Vec<Hit> {
    let first = a.hits(ctx);
    if first.is_empty() {
        return Vec::new();
    }
    let second = b.hits(ctx);
    let doc = ctx.doc;
    let mut out = Vec::new();
    let mut pair = |x: &Hit, y: &Hit| {
        let range = x.range.start.min(y.range.start)..x.range.end.max(y.range.end);
        let mut captures = x.captures.clone();
        captures.extend(y.captures.iter().cloned());
        out.push(Hit { matched: range.clone(), range, captures });
    };
    for x in &first {
        // Only hits in the same block, found by binary search: both lists are sorted by start.
        let Some(block) = doc.block_at(x.range.start).map(|i| doc.blocks[i].range.clone()) else { continue };
        let low = second.partition_point(|y| y.range.start < block.start);
        let high = second.partition_point(|y| y.range.start < block.end.max(block.start + 1));
        let split = low + second[low..high].partition_point(|y| y.range.start < x.range.start);
        // Hits starting at or after x: the gap only grows, so stop at the first one too far.
        for y in &second[split..high] {
            let gap = if y.range.start >= x.range.end { ctx.words_between(x.range.end, y.range.start) } else { 0 };
            if gap > within {
                break;
            }
            pair(x, y);
        }
        // Hits starting before x: stop once they start far before it (hits are short).
        for y in second[low..split].iter().rev() {
            if ctx.words_between(y.range.start, x.range.start) > within + MAX_HIT_WORDS {
                break;
            }
            let gap = if y.range.end <= x.range.start { ctx.words_between(y.range.end, x.range.start) } else { 0 };
            if gap <= within {
                pair(x, y);
            }
        }
    }
    out
}

/// Longest hit, in words, that `near` looks back for.
const MAX_HIT_WORDS: usize = 200;
