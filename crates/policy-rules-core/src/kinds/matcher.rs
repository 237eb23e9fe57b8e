//! Compiled matchers and their evaluation over a document's normalized text.

use std::ops::Range;

use super::raw::{MatcherKind, RawMatcher, Scope};
use crate::document::Document;
use crate::search::{Context, Hit, Pattern, PatternId, PhrasesId, PlanBuilder};

enum Kind {
    Pattern { id: PatternId, named: bool },
    Phrases(PhrasesId),
    Any(Vec<Matcher>),
    All(Vec<Matcher>),
    Not(Box<Matcher>),
    Near(Box<Matcher>, Box<Matcher>, usize),
    Sections(Pattern),
}

/// A matcher compiled for evaluation.
pub struct Matcher {
    kind: Kind,
    scope: Option<Scope>,
    section: Option<Pattern>,
    unless: Option<Box<Matcher>>,
}

impl Matcher {
    /// Compile a validated matcher, adding its patterns and phrases to the run's search plan.
    pub fn compile(raw: &RawMatcher, plan: &mut PlanBuilder) -> Matcher {
        let list = |items: &[RawMatcher], plan: &mut PlanBuilder| {
            items.iter().map(|m| Matcher::compile(m, plan)).collect::<Vec<_>>()
        };
        let kind = match &raw.kind {
            MatcherKind::Pattern { pattern, .. } => {
                Kind::Pattern { id: plan.pattern(pattern), named: !pattern.capture_names().is_empty() }
            }
            MatcherKind::Phrases { phrases } => Kind::Phrases(plan.phrases(phrases)),
            MatcherKind::Sections { section: heading } => Kind::Sections(heading.clone()),
            MatcherKind::Any { any: items } => Kind::Any(list(items, plan)),
            MatcherKind::All { all: items } => Kind::All(list(items, plan)),
            MatcherKind::Not { not: inner } => Kind::Not(Box::new(Matcher::compile(inner, plan))),
            MatcherKind::Near { near: (a, b), within } => {
                Kind::Near(Box::new(Matcher::compile(a, plan)), Box::new(Matcher::compile(b, plan)), *within)
            }
        };
        Matcher {
            kind,
            scope: raw.scope,
            section: raw.section.clone(),
            unless: raw.unless.as_ref().map(|m| Box::new(Matcher::compile(m, plan))),
        }
    }

    /// Whether the matcher matches anywhere: what `require` and `when` need, found without
    /// listing every hit (a pattern stops at its first match).
    pub fn exists(&self, ctx: &Context<'_>) -> bool {
        if self.section.is_some() || self.unless.is_some() {
            return !self.hits(ctx).is_empty();
        }
        match &self.kind {
            Kind::Pattern { id, .. } => ctx.pattern_exists(*id),
            Kind::Phrases(id) => !ctx.phrase_hits(*id).is_empty(),
            Kind::Any(items) => items.iter().any(|m| m.exists(ctx)),
            Kind::All(items) => !all_hits(items, self.scope.unwrap_or(Scope::Sentence), ctx, true).is_empty(),
            Kind::Not(inner) if self.scope.is_none() || self.scope == Some(Scope::Document) => !inner.exists(ctx),
            Kind::Not(_) | Kind::Near(..) | Kind::Sections(_) => !self.hits(ctx).is_empty(),
        }
    }

    /// Whether hits can be searched for inside given regions only (a plain pattern or phrase list).
    fn restrictable(&self) -> bool {
        self.scope.is_none()
            && self.section.is_none()
            && self.unless.is_none()
            && match &self.kind {
                Kind::Pattern { named, .. } => !named,
                Kind::Phrases(_) => true,
                Kind::Any(items) => items.iter().all(Matcher::restrictable),
                _ => false,
            }
    }

    /// The hits overlapping `regions` (sorted, disjoint) of a restrictable matcher.
    fn hits_within(&self, ctx: &Context<'_>, regions: &[Range<usize>]) -> Vec<Hit> {
        let mut hits = match &self.kind {
            Kind::Pattern { id, .. } => ctx.pattern_hits_within(*id, regions),
            Kind::Phrases(id) => ctx.phrase_hits_within(*id, regions),
            Kind::Any(items) => items.iter().flat_map(|item| item.hits_within(ctx, regions)).collect(),
            _ => return self.hits(ctx),
        };
        hits.sort_by_key(|h| (h.range.start, h.range.end));
        hits.dedup_by(|later, earlier| later.range == earlier.range);
        hits
    }

    /// Every hit in the document, sorted by position, without duplicates.
    pub fn hits(&self, ctx: &Context<'_>) -> Vec<Hit> {
        let doc = ctx.doc;
        let mut hits = match &self.kind {
            // The same pattern in several rules (YAML anchors) is searched once per document.
            Kind::Pattern { id, .. } => ctx.pattern_hits(*id).to_vec(),
            Kind::Phrases(id) => ctx.phrase_hits(*id).to_vec(),
            Kind::Any(items) => items.iter().flat_map(|m| m.hits(ctx)).collect(),
            Kind::All(items) => all_hits(items, self.scope.unwrap_or(Scope::Sentence), ctx, false),
            Kind::Not(inner) => {
                let absent = inner.hits(ctx);
                units(doc, self.scope.unwrap_or(Scope::Document))
                    .into_iter()
                    .filter(|unit| !overlaps_any(&absent, unit))
                    .map(Hit::new)
                    .collect()
            }
            Kind::Near(a, b, within) => near_hits(a, b, *within, ctx),
            Kind::Sections(heading) => doc
                .sections
                .iter()
                .filter(|s| !s.heading.is_empty() && heading.is_match(doc.slice(&s.heading)))
                .map(|s| Hit::new(s.range.clone()))
                .collect(),
        };
        if let Some(heading) = &self.section {
            let inside: Vec<Range<usize>> = doc
                .sections
                .iter()
                .filter(|s| heading.is_match(doc.slice(&s.heading)))
                .map(|s| s.range.clone())
                .collect();
            hits.retain(|hit| inside.iter().any(|s| s.start <= hit.range.start && hit.range.start < s.end));
        }
        if let Some(unless) = &self.unless {
            if !hits.is_empty() {
                // Exceptions only matter in the sentences of the hits.
                let regions = merged(hits.iter().map(|h| doc.sentence_range(&h.range)).collect());
                let exceptions =
                    if unless.restrictable() { unless.hits_within(ctx, &regions) } else { unless.hits(ctx) };
                hits.retain(|hit| !overlaps_any(&exceptions, &doc.sentence_range(&hit.range)));
            }
        }
        if let (Some(scope), Kind::Pattern { .. } | Kind::Phrases(_) | Kind::Any(_) | Kind::Near(..)) =
            (self.scope, &self.kind)
        {
            for hit in &mut hits {
                hit.range = unit_of(doc, scope, &hit.range);
            }
        }
        hits.sort_by_key(|h| (h.range.start, h.range.end));
        hits.dedup_by(|later, earlier| later.range == earlier.range);
        hits
    }
}

/// The unit of `scope` around `range`.
pub fn unit_of(doc: &Document, scope: Scope, range: &Range<usize>) -> Range<usize> {
    match scope {
        Scope::Sentence => doc.sentence_range(range),
        Scope::Paragraph => doc.block_range(range),
        Scope::Section => doc.section_range(range),
        Scope::Document => 0..doc.text.len(),
    }
}

/// Every unit of `scope` in the document.
pub fn units(doc: &Document, scope: Scope) -> Vec<Range<usize>> {
    match scope {
        Scope::Sentence => doc.sentences().iter().map(|s| s.range.clone()).collect(),
        Scope::Paragraph => doc.blocks.iter().map(|b| b.range.clone()).collect(),
        Scope::Section => doc.sections.iter().map(|s| s.range.clone()).collect(),
        Scope::Document => std::iter::once(0..doc.text.len()).collect(),
    }
}

/// Whether any of the sorted `hits` overlaps `unit`.
fn overlaps_any(hits: &[Hit], unit: &Range<usize>) -> bool {
    let first = hits.partition_point(|h| h.range.end <= unit.start);
    hits.get(first).is_some_and(|h| h.range.start < unit.end.max(unit.start + 1))
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
    let plain_not = |item: &Matcher| {
        matches!(item.kind, Kind::Not(_)) && item.scope.is_none() && item.section.is_none() && item.unless.is_none()
    };
    let (nots, parts): (Vec<&Matcher>, Vec<&Matcher>) = items.iter().partition(|item| plain_not(item));
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
    let find = |item: &Matcher| if item.restrictable() { item.hits_within(ctx, &regions) } else { item.hits(ctx) };
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
        .map(|item| match &item.kind {
            Kind::Not(inner) => find(inner),
            _ => Vec::new(),
        })
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

/// Ranges sorted and merged where they overlap or touch.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    ranges.dedup_by(|later, earlier| {
        if later.start <= earlier.end {
            earlier.end = earlier.end.max(later.end);
            true
        } else {
            false
        }
    });
    ranges
}

/// Longest hit, in words, that `near` looks back for.
const MAX_HIT_WORDS: usize = 200;
