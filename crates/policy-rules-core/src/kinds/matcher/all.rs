//! `all`: the units (sentences unless `in` says otherwise) where every one of its matchers matches.

use std::ops::Range;

use serde::Serialize;

use super::{merged, overlaps_any, unit_of, units, KindKey, Match, Matcher, MatcherSpec, RawMatcher, Shape, Values};
use crate::kinds::raw::Scope;
use crate::search::{Context, Hit, Pattern, PlanBuilder};

/// `all:` as a pack writes it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AllMatcher {
    /// All of these, in one unit (`in`, default sentence).
    #[schemars(length(min = 1))]
    pub all: Vec<RawMatcher>,
}

impl MatcherSpec for AllMatcher {
    fn keys() -> &'static [KindKey] {
        const KEYS: &[KindKey] = &[KindKey::naming("all", Shape::Matchers)];
        KEYS
    }

    fn from_values(values: &mut Values) -> Result<Option<Self>, String> {
        Ok(values.matchers("all").map(|all| AllMatcher { all }))
    }

    fn capture_names(&self, out: &mut Vec<String>) {
        self.all.iter().for_each(|m| m.capture_names(out));
    }

    fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        self.all.iter().for_each(|m| m.patterns(out));
    }

    fn compile(&self, plan: &mut PlanBuilder) -> Box<dyn Match> {
        Box::new(Compiled(self.all.iter().map(|m| Matcher::compile(m, plan)).collect()))
    }
}

struct Compiled(Vec<Matcher>);

impl Match for Compiled {
    fn hits(&self, scope: Option<Scope>, ctx: &Context<'_>) -> Vec<Hit> {
        all_hits(&self.0, scope.unwrap_or(Scope::Sentence), ctx, false)
    }

    fn exists(&self, scope: Option<Scope>, ctx: &Context<'_>) -> bool {
        !all_hits(&self.0, scope.unwrap_or(Scope::Sentence), ctx, true).is_empty()
    }
}

/// A hit of the sorted `hits` overlapping `unit`. A part widened by its own `in` to a larger unit
/// (a paragraph) thus counts for every smaller unit (sentence) inside it.
fn first_overlapping<'h>(hits: &'h [Hit], unit: &Range<usize>) -> Option<&'h Hit> {
    let before_end = hits.partition_point(|h| h.range.start < unit.end.max(unit.start + 1));
    hits[..before_end].iter().rev().find(|h| h.range.end > unit.start)
}

/// Units where every part matches; with `first_only`, stop at the first one.
fn all_hits(items: &[Matcher], scope: Scope, ctx: &Context<'_>, first_only: bool) -> Vec<Hit> {
    let doc = ctx.doc;
    let (nots, parts): (Vec<&Matcher>, Vec<&Matcher>) = items.iter().partition(|item| item.plain_not().is_some());
    let first_hits = match parts.first() {
        Some(first) => {
            let hits = first.hits(ctx);
            if hits.is_empty() {
                return Vec::new();
            }
            Some(hits)
        }
        None => None,
    };
    // Candidate units come from the first part's hits; a hit widened beyond one unit (a part with
    // `in: paragraph` in a sentence-level `all`) yields every unit inside it.
    let mut all_units: Option<Vec<Range<usize>>> = None;
    let mut candidates: Vec<(Range<usize>, Option<&Hit>)> = Vec::new();
    match &first_hits {
        Some(first) => {
            for hit in first {
                let unit = unit_of(doc, scope, &hit.range);
                if unit.start < hit.range.start || unit.end > hit.range.end.max(hit.range.start + 1) {
                    candidates.push((unit, Some(hit)));
                    continue;
                }
                let every = all_units.get_or_insert_with(|| units(doc, scope));
                let from = every.partition_point(|u| u.end <= hit.range.start);
                let to = every.partition_point(|u| u.start < hit.range.end).max(from);
                candidates.extend(every[from..to].iter().map(|u| (u.clone(), Some(hit))));
            }
        }
        None => candidates.extend(units(doc, scope).into_iter().map(|u| (u, None))),
    }
    // The other parts only matter inside candidate units: search only the blocks under them.
    let regions = merged(candidates.iter().map(|(u, _)| u.clone()).collect());
    let find = |item: &Matcher| item.hits_for(ctx, &regions);
    let mut positive: Vec<Vec<Hit>> = Vec::with_capacity(parts.len());
    if let Some(first) = first_hits.clone() {
        positive.push(first);
    }
    for item in parts.iter().skip(1) {
        let hits = find(item);
        if hits.is_empty() {
            return Vec::new();
        }
        positive.push(hits);
    }
    let negative: Vec<Vec<Hit>> = nots
        .iter()
        .map(|item| item.plain_not().map(find).unwrap_or_default())
        .collect();
    let mut out: Vec<Hit> = Vec::new();
    for (unit, anchor) in candidates {
        if out.last().is_some_and(|h| h.range == unit) {
            continue;
        }
        let mut captures = anchor.map(|h| h.captures.clone()).unwrap_or_default();
        let mut all_present = true;
        for hits in positive.iter().skip(1) {
            match first_overlapping(hits, &unit) {
                Some(hit) => captures.extend(hit.captures.iter().cloned()),
                None => {
                    all_present = false;
                    break;
                }
            }
        }
        if all_present && negative.iter().all(|hits| !overlaps_any(hits, &unit)) {
            let matched = anchor.map_or(unit.clone(), |h| h.matched.clone());
            out.push(Hit { range: unit, matched, captures });
            if first_only {
                break;
            }
        }
    }
    out
}
