//! Matchers: one file each under `matcher/`, listed once in [`matchers!`]. A matcher's file says
//! what a pack writes for it (a type whose keys hold patterns, phrases, matchers, counts or flags),
//! what it needs from the search plan, and how it finds its hits; the list makes it a variant of
//! [`MatcherKind`], so that packs read it, `explain` writes it and the schema describes it. The
//! modifiers every matcher takes (`in`, `section`, `unless`) are applied here.

use std::ops::Range;

use schemars::JsonSchema;
use serde::Serialize;

use super::raw::{or_string, RawMetric, Scope};
use crate::document::Document;
use crate::search::{Context, Hit, Pattern, Phrases, PlanBuilder};

// ----- as written -------------------------------------------------------------------------------

/// A matcher: a regex string, or a map with one of its kinds' keys (or only `section`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, transform = or_pattern_string)]
pub struct RawMatcher {
    /// What it matches.
    #[serde(flatten)]
    pub kind: MatcherKind,
    /// Widen matches to this unit.
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Only in sections whose heading matches this regex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<Pattern>,
    /// Drop a match whose sentence matches this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless: Option<Box<RawMatcher>>,
}

/// A matcher may also be written as a bare regex string, short for `pattern:`.
fn or_pattern_string(schema: &mut schemars::Schema) {
    or_string(schema, "A regular expression: short for `pattern:`.");
}

impl RawMatcher {
    /// A matcher of this kind, without modifiers.
    pub fn new(kind: MatcherKind) -> RawMatcher {
        RawMatcher { kind, scope: None, section: None, unless: None }
    }

    /// Names of the captures its patterns define (for message placeholders).
    pub fn capture_names(&self, out: &mut Vec<String>) {
        self.kind.spec().capture_names(out);
    }

    /// Every pattern it holds, its own and its parts', in order.
    pub fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        self.kind.spec().patterns(out);
        out.extend(&self.section);
        if let Some(unless) = &self.unless {
            unless.patterns(out);
        }
    }
}

/// What a key of a rule kind or a matcher holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A matcher.
    Matcher,
    /// A non-empty list of matchers.
    Matchers,
    /// Exactly two matchers.
    Pair,
    /// A regular expression.
    Regex,
    /// A non-empty list of literal phrases.
    Phrases,
    /// A positive whole number of words.
    Words,
    /// `true` or `false`.
    Flag,
    /// Metric settings.
    Metric,
    /// A text, such as a path.
    Text,
}

/// A key of a rule kind or a matcher.
#[derive(Debug, Clone, Copy)]
pub struct KindKey {
    /// The key.
    pub name: &'static str,
    /// What it holds.
    pub shape: Shape,
    /// For a key other than the one that names the kind: what is wrong when it comes without it.
    pub alone: &'static str,
    /// For a key the kind cannot go without: what is wrong when it is missing.
    pub missing: &'static str,
}

/// What is wrong with the companion keys of `kinds` in `values`: a key a kind cannot go without
/// is missing, or a key came without the key that names its kind.
pub fn companion_problem(kinds: &[&'static [KindKey]], values: &Values) -> Option<&'static str> {
    kinds.iter().find_map(|keys| {
        let named = values.has(keys[0].name);
        keys[1..].iter().find_map(|k| match (named, values.has(k.name)) {
            (true, false) if !k.missing.is_empty() => Some(k.missing),
            (false, true) => Some(k.alone),
            _ => None,
        })
    })
}

impl KindKey {
    /// The key that names a kind.
    pub const fn naming(name: &'static str, shape: Shape) -> KindKey {
        KindKey { name, shape, alone: "", missing: "" }
    }
}

/// A value read for a key of a rule kind or a matcher.
#[derive(Debug, Clone)]
pub enum Value {
    /// A matcher.
    Matcher(RawMatcher),
    /// Matchers.
    Matchers(Vec<RawMatcher>),
    /// A regular expression.
    Regex(Pattern),
    /// Literal phrases.
    Phrases(Phrases),
    /// A number of words.
    Words(usize),
    /// A flag.
    Flag(bool),
    /// Metric settings.
    Metric(RawMetric),
    /// A text.
    Text(String),
}

/// The values read for the keys of kinds, taken by the kind they belong to.
#[derive(Debug, Default)]
pub struct Values(Vec<(&'static str, Value)>);

macro_rules! take {
    ($($(#[$doc:meta])* $name:ident: $variant:ident => $ty:ty),+ $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name(&mut self, key: &str) -> Option<$ty> {
                match self.take(key)? {
                    Value::$variant(value) => Some(value),
                    _ => None,
                }
            }
        )+
    };
}

impl Values {
    /// Keep the value of `key`.
    pub fn insert(&mut self, key: &'static str, value: Value) {
        self.0.push((key, value));
    }

    /// Whether `key` has a value.
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| *k == key)
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| *k == key)?;
        Some(self.0.remove(at).1)
    }

    take! {
        /// The matcher under `key`.
        matcher: Matcher => RawMatcher,
        /// The matchers under `key`.
        matchers: Matchers => Vec<RawMatcher>,
        /// The regular expression under `key`.
        regex: Regex => Pattern,
        /// The phrases under `key`.
        phrases: Phrases => Phrases,
        /// The number of words under `key`.
        words: Words => usize,
        /// The flag under `key`.
        flag: Flag => bool,
        /// The metric settings under `key`.
        metric: Metric => RawMetric,
        /// The text under `key`.
        text: Text => String,
    }
}

/// A matcher kind as a pack writes it.
pub trait MatcherSpec {
    /// Its keys in a matcher, the one that names the kind first.
    fn keys() -> &'static [KindKey]
    where
        Self: Sized;

    /// The kind, from the values of its keys, when the key that names it has one.
    fn from_values(values: &mut Values) -> Result<Option<Self>, String>
    where
        Self: Sized;

    /// Names of the captures its patterns define.
    fn capture_names(&self, _out: &mut Vec<String>) {}

    /// Every pattern it holds.
    fn patterns<'a>(&'a self, _out: &mut Vec<&'a Pattern>) {}

    /// Compiled for evaluation, its patterns and phrases added to the run's search plan.
    fn compile(&self, plan: &mut PlanBuilder) -> Box<dyn Match>;
}

/// A matcher kind compiled for evaluation.
pub trait Match: Send + Sync {
    /// Every hit, before the matcher's own `section` and `unless` apply; `scope` is its `in`.
    fn hits(&self, scope: Option<Scope>, ctx: &Context<'_>) -> Vec<Hit>;

    /// Whether it matches anywhere, found without listing every hit where it can.
    fn exists(&self, scope: Option<Scope>, ctx: &Context<'_>) -> bool {
        !self.hits(scope, ctx).is_empty()
    }

    /// Whether `in` widens each hit to its unit (otherwise `in` is the unit it works in).
    fn widens(&self) -> bool {
        false
    }

    /// Whether its hits can be searched for inside given regions only.
    fn restrictable(&self) -> bool {
        false
    }

    /// Its hits overlapping `regions` (sorted, disjoint), when it is restrictable.
    fn hits_within(&self, ctx: &Context<'_>, _regions: &[Range<usize>]) -> Vec<Hit> {
        self.hits(None, ctx)
    }

    /// The matcher it excludes, for a `not`: `all` tests those per unit instead.
    fn excluded(&self) -> Option<&Matcher> {
        None
    }
}

/// Declare the matchers: a line per matcher, `Variant => module::Type`.
macro_rules! matchers {
    ($($variant:ident => $module:ident::$kind:ident),+ $(,)?) => {
        $(mod $module;)+
        $(pub use $module::$kind;)+

        /// What a matcher matches: exactly one kind, written as its keys.
        #[derive(Debug, Clone, Serialize, JsonSchema)]
        #[serde(untagged)]
        pub enum MatcherKind {
            $(
                #[doc = concat!("A `", stringify!($module), "` matcher.")]
                $variant($kind),
            )+
        }

        impl MatcherKind {
            /// Every matcher's keys, matcher by matcher.
            pub fn keys() -> [&'static [KindKey]; [$(stringify!($variant)),+].len()] {
                [$(<$kind as MatcherSpec>::keys()),+]
            }

            /// The matcher whose naming key has a value, from the values of its keys.
            pub fn from_values(values: &mut Values) -> Result<Option<MatcherKind>, String> {
                $(
                    if values.has(<$kind as MatcherSpec>::keys()[0].name) {
                        return Ok(<$kind as MatcherSpec>::from_values(values)?.map(MatcherKind::$variant));
                    }
                )+
                Ok(None)
            }

            /// The matcher behind the variant.
            pub fn spec(&self) -> &dyn MatcherSpec {
                match self {
                    $(MatcherKind::$variant(kind) => kind,)+
                }
            }
        }
    };
}

matchers! {
    Pattern => pattern::PatternMatcher,
    Phrases => phrases::PhrasesMatcher,
    Any => any::AnyMatcher,
    All => all::AllMatcher,
    Not => not::NotMatcher,
    Near => near::NearMatcher,
    Sections => sections::SectionsMatcher,
}

// ----- compiled ---------------------------------------------------------------------------------

/// A matcher compiled for evaluation.
pub struct Matcher {
    kind: Box<dyn Match>,
    scope: Option<Scope>,
    section: Option<Pattern>,
    unless: Option<Box<Matcher>>,
}

impl Matcher {
    /// Compile a validated matcher, adding its patterns and phrases to the run's search plan.
    pub fn compile(raw: &RawMatcher, plan: &mut PlanBuilder) -> Matcher {
        let kind = raw.kind.spec().compile(plan);
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
        self.kind.exists(self.scope, ctx)
    }

    /// Whether hits can be searched for inside given regions only (a plain pattern or phrase list).
    fn restrictable(&self) -> bool {
        self.scope.is_none() && self.section.is_none() && self.unless.is_none() && self.kind.restrictable()
    }

    /// The hits overlapping `regions` (sorted, disjoint) of a restrictable matcher.
    fn hits_within(&self, ctx: &Context<'_>, regions: &[Range<usize>]) -> Vec<Hit> {
        if !self.restrictable() {
            return self.hits(ctx);
        }
        let mut hits = self.kind.hits_within(ctx, regions);
        sort_and_dedup(&mut hits);
        hits
    }

    /// Its hits inside `regions` when it can be searched there only, else all of them.
    fn hits_for(&self, ctx: &Context<'_>, regions: &[Range<usize>]) -> Vec<Hit> {
        if self.restrictable() {
            self.hits_within(ctx, regions)
        } else {
            self.hits(ctx)
        }
    }

    /// The matcher it excludes, when it is a `not` with no modifiers of its own.
    fn plain_not(&self) -> Option<&Matcher> {
        let plain = self.scope.is_none() && self.section.is_none() && self.unless.is_none();
        self.kind.excluded().filter(|_| plain)
    }

    /// Every hit in the document, sorted by position, without duplicates.
    pub fn hits(&self, ctx: &Context<'_>) -> Vec<Hit> {
        let doc = ctx.doc;
        let mut hits = self.kind.hits(self.scope, ctx);
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
                let exceptions = unless.hits_for(ctx, &regions);
                hits.retain(|hit| !overlaps_any(&exceptions, &doc.sentence_range(&hit.range)));
            }
        }
        if let (Some(scope), true) = (self.scope, self.kind.widens()) {
            for hit in &mut hits {
                hit.range = unit_of(doc, scope, &hit.range);
            }
        }
        sort_and_dedup(&mut hits);
        hits
    }
}

/// Sorted by position, each range once.
fn sort_and_dedup(hits: &mut Vec<Hit>) {
    hits.sort_by_key(|h| (h.range.start, h.range.end));
    hits.dedup_by(|later, earlier| later.range == earlier.range);
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
