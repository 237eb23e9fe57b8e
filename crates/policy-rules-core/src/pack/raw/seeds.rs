//! The structure of a pack: pack, rules, matchers, metrics and tests, each checked as read.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::scalars::{compile_pattern, PackName, PatternValue, Positive, RuleId, VersionValue, MAX_WITHIN};
use super::suggest::{set, Key, APPLIES_KEYS, FAIL_KEYS, MATCHER_KEYS, METRIC_KEYS, PACK_KEYS, RULE_KEYS, TESTS_KEYS};
use super::target::{CasesSeed, FailAt, Failing, Target};
use super::types::*;
use crate::document::Format;
use crate::finding::Severity;
use crate::kinds::{
    companion_problem, KindKey, MatcherKind, Measure, RawKind, RawMatcher, RawMetric, Scope, Shape, Value, Values,
};
use crate::search::Phrases;

// ----- pack -------------------------------------------------------------------------------------

pub(super) struct PackSeed<'a> {
    /// A value that must fail with this error.
    pub(super) fail_at: FailAt<'a>,
}

impl<'de> DeserializeSeed<'de> for PackSeed<'_> {
    type Value = RawPack;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawPack, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PackSeed<'_> {
    type Value = RawPack;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a pack: a map with `pack`, `rules` and optional `title`, `version`, `description`, `references`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawPack, A::Error> {
        let (mut pack, mut title, mut version, mut description, mut references, mut rules) =
            (None, None, None, None, None, None);
        let mut applies = None;
        let seen = std::cell::Cell::new(0u64);
        while let Some(key) = map.next_key_seed(Key { known: PACK_KEYS, what: "pack", seen: &seen })? {
            match key {
                "pack" => set(&mut pack, key, map.next_value_seed(PackName)?)?,
                "title" => set(&mut title, key, map.next_value()?)?,
                "version" => set(&mut version, key, map.next_value_seed(VersionValue)?)?,
                "description" => set(&mut description, key, map.next_value()?)?,
                "references" => set(&mut references, key, map.next_value()?)?,
                "applies" => set(&mut applies, key, map.next_value_seed(AppliesSeed)?)?,
                _ => set(&mut rules, key, map.next_value_seed(RulesSeed { fail_at: self.fail_at })?)?,
            }
        }
        let pack = pack.ok_or_else(|| de::Error::custom("missing `pack`: name the pack, e.g. `pack: acme`"))?;
        let rules = rules.ok_or_else(|| de::Error::custom("missing `rules`: a pack needs a list of rules"))?;
        Ok(RawPack { pack, title, version, description, references: references.unwrap_or_default(), applies, rules })
    }
}

struct AppliesSeed;

impl<'de> DeserializeSeed<'de> for AppliesSeed {
    type Value = RawApplies;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawApplies, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AppliesSeed {
    type Value = RawApplies;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("when the pack applies: a map with `audience` and `when`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawApplies, A::Error> {
        let (mut audience, mut when, mut unless) = (None, None, None);
        let seen = std::cell::Cell::new(0u64);
        while let Some(key) = map.next_key_seed(Key { known: APPLIES_KEYS, what: "applies", seen: &seen })? {
            match key {
                "audience" => set(&mut audience, key, map.next_value::<String>()?)?,
                "when" => set(&mut when, key, map.next_value_seed(MatcherSeed)?)?,
                _ => set(&mut unless, key, map.next_value_seed(MatcherSeed)?)?,
            }
        }
        let audience = audience
            .ok_or_else(|| de::Error::custom("`applies` is missing `audience`: who the pack protects, for messages"))?;
        let when = when.ok_or_else(|| {
            de::Error::custom("`applies` is missing `when`: what a policy says when it addresses them")
        })?;
        Ok(RawApplies { audience, when, unless })
    }
}

struct RulesSeed<'a> {
    fail_at: FailAt<'a>,
}

impl<'de> DeserializeSeed<'de> for RulesSeed<'_> {
    type Value = Vec<RawRule>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RulesSeed<'_> {
    type Value = Vec<RawRule>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of rules")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut seen = HashSet::new();
        let mut rules = Vec::new();
        loop {
            let fail_at = self.fail_at.filter(|(target, _)| target.rule() == rules.len());
            let Some(rule) = seq.next_element_seed(RuleSeed { seen: &mut seen, fail_at })? else { break };
            rules.push(rule);
        }
        Ok(rules)
    }
}

// ----- rule -------------------------------------------------------------------------------------

struct RuleSeed<'a> {
    seen: &'a mut HashSet<String>,
    /// A value of this rule that must fail with this error.
    fail_at: FailAt<'a>,
}

impl<'de> DeserializeSeed<'de> for RuleSeed<'_> {
    type Value = RawRule;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawRule, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RuleSeed<'_> {
    type Value = RawRule;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<String> = RawKind::keys().iter().map(|keys| format!("`{}`", keys[0].name)).collect();
        write!(f, "a rule: a map with `id`, `severity`, `message` and one of {}", kinds.join(", "))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRule, A::Error> {
        let mut id = None;
        let mut severity = None;
        let mut message: Option<String> = None;
        let (mut help, mut example, mut reference, mut url, mut tags, mut tests) = (None, None, None, None, None, None);
        let mut values = Values::default();
        let mut report: Option<Report> = None;
        let seen = std::cell::Cell::new(0u64);
        while let Some(key) = map.next_key_seed(Key { known: &RULE_KEYS, what: "rule", seen: &seen })? {
            match key {
                "id" => match self.fail_at {
                    Some((Target::RuleId(_), error)) => set(&mut id, key, map.next_value_seed(Failing(error))?)?,
                    _ => set(&mut id, key, map.next_value_seed(RuleId { seen: &mut *self.seen })?)?,
                },
                "severity" => set(&mut severity, key, map.next_value::<Severity>()?)?,
                "message" => match self.fail_at {
                    Some((Target::Message(_), error)) => set(&mut message, key, map.next_value_seed(Failing(error))?)?,
                    _ => set(&mut message, key, map.next_value()?)?,
                },
                "help" => set(&mut help, key, map.next_value()?)?,
                "example" => set(&mut example, key, map.next_value()?)?,
                "reference" => set(&mut reference, key, map.next_value()?)?,
                "url" => set(&mut url, key, map.next_value()?)?,
                "tags" => set(&mut tags, key, map.next_value()?)?,
                "report" => set(&mut report, key, map.next_value::<Report>()?)?,
                "tests" => set(&mut tests, key, map.next_value_seed(TestsSeed { fail_at: self.fail_at })?)?,
                // A key of a rule kind (a key met twice is refused by `Key`).
                _ => {
                    let shape = RawKind::keys().into_iter().flatten().find(|k| k.name == key).map(|k| k.shape);
                    values.insert(key, read_value(&mut map, key, shape)?);
                }
            }
        }
        let id = id.ok_or_else(|| de::Error::custom("rule is missing `id`, e.g. `id: retention-period`"))?;
        let severity = severity.ok_or_else(|| {
            de::Error::custom(format!("rule `{id}` is missing `severity`: one of error, warning, info, hint"))
        })?;
        let message = match message {
            Some(m) if !m.trim().is_empty() => m,
            _ => {
                return Err(de::Error::custom(format!(
                    "rule `{id}` is missing `message`: say what is missing or wrong"
                )))
            }
        };
        let kinds = RawKind::keys();
        let usage = || kinds.iter().map(|keys| usage(keys)).collect::<Vec<_>>().join(", ");
        if kinds.iter().filter(|keys| values.has(keys[0].name)).count() > 1 {
            return Err(de::Error::custom(format!(
                "rule `{id}` has more than one kind; use exactly one of {}",
                usage()
            )));
        }
        if let Some(problem) = companion_problem(&kinds, &values) {
            return Err(de::Error::custom(format!("rule `{id}` {problem}")));
        }
        let kind = RawKind::from_values(&mut values)
            .ok_or_else(|| de::Error::custom(format!("rule `{id}` has no kind; add one of {}", usage())))?;
        Ok(RawRule {
            id,
            severity,
            message,
            help,
            example,
            reference,
            url,
            tags: tags.unwrap_or_default(),
            report: report.unwrap_or_default(),
            kind,
            tests: tests.unwrap_or_default(),
        })
    }
}

/// How a kind is written: its naming key, with the others it may take.
fn usage(keys: &[KindKey]) -> String {
    match keys {
        [] => String::new(),
        [only] => format!("`{}`", only.name),
        [first, rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|k| format!("`{}`", k.name)).collect();
            format!("`{}` (with optional {})", first.name, rest.join(", "))
        }
    }
}

// ----- matcher ----------------------------------------------------------------------------------

struct MatcherSeed;

impl<'de> DeserializeSeed<'de> for MatcherSeed {
    type Value = RawMatcher;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawMatcher, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// The value of a kind's or matcher's `key`, read as its shape says.
fn read_value<'de, A: MapAccess<'de>>(map: &mut A, key: &'static str, shape: Option<Shape>) -> Result<Value, A::Error> {
    Ok(match shape {
        Some(Shape::Matcher) => Value::Matcher(map.next_value_seed(MatcherSeed)?),
        Some(Shape::Matchers) => Value::Matchers(map.next_value_seed(MatcherList { key, pair: false })?),
        Some(Shape::Pair) => Value::Matchers(map.next_value_seed(MatcherList { key, pair: true })?),
        Some(Shape::Regex) => Value::Regex(map.next_value_seed(PatternValue { case_sensitive: false })?),
        Some(Shape::Phrases) => {
            let list: Vec<String> = map.next_value()?;
            if list.is_empty() {
                return Err(de::Error::custom(format!("`{key}` is empty; list at least one phrase")));
            }
            Value::Phrases(Phrases::new(&list).map_err(de::Error::custom)?)
        }
        Some(Shape::Words) => Value::Words(map.next_value_seed(Positive { max: MAX_WITHIN })?),
        Some(Shape::Flag) => Value::Flag(map.next_value::<bool>()?),
        Some(Shape::Metric) => Value::Metric(map.next_value_seed(MetricSeed)?),
        Some(Shape::Text) | None => Value::Text(map.next_value::<String>()?),
    })
}

struct MatcherList {
    key: &'static str,
    /// Exactly two.
    pair: bool,
}

impl<'de> DeserializeSeed<'de> for MatcherList {
    type Value = Vec<RawMatcher>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for MatcherList {
    type Value = Vec<RawMatcher>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of matchers under `{}`", self.key)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut list = Vec::new();
        while let Some(matcher) = seq.next_element_seed(MatcherSeed)? {
            list.push(matcher);
        }
        match list.len() {
            0 => Err(de::Error::custom(format!("`{}` is empty; give it at least one matcher", self.key))),
            n if self.pair && n != 2 => {
                Err(de::Error::custom(format!("`{}` takes exactly two matchers, found {n}", self.key)))
            }
            _ => Ok(list),
        }
    }
}

/// The keys that name a matcher kind, for messages.
fn matcher_names() -> String {
    let names: Vec<String> = MatcherKind::keys()
        .iter()
        .map(|keys| keys[0].name)
        .filter(|name| !MODIFIERS.contains(name))
        .map(|name| format!("`{name}`"))
        .collect();
    names.join(", ")
}

/// The keys every matcher may take besides its kind's.
const MODIFIERS: &[&str] = &["in", "section", "unless"];

impl<'de> Visitor<'de> for MatcherSeed {
    type Value = RawMatcher;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a matcher: a regex string, or a map with one of {}", matcher_names())
    }

    fn visit_str<E: de::Error>(self, source: &str) -> Result<RawMatcher, E> {
        let pattern = compile_pattern(source, false)?;
        let mut values = Values::default();
        values.insert("pattern", Value::Regex(pattern));
        match MatcherKind::from_values(&mut values).map_err(E::custom)? {
            Some(kind) => Ok(RawMatcher::new(kind)),
            None => Err(E::custom("a regex string is short for `pattern:`")),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMatcher, A::Error> {
        let mut values = Values::default();
        let (mut scope, mut section, mut unless) = (None, None, None);
        let seen = std::cell::Cell::new(0u64);
        while let Some(key) = map.next_key_seed(Key { known: &MATCHER_KEYS, what: "matcher", seen: &seen })? {
            match key {
                "in" => set(&mut scope, key, map.next_value::<Scope>()?)?,
                "section" => set(&mut section, key, map.next_value_seed(PatternValue { case_sensitive: false })?)?,
                "unless" => set(&mut unless, key, Box::new(map.next_value_seed(MatcherSeed)?))?,
                _ => {
                    let shape = MatcherKind::keys().into_iter().flatten().find(|k| k.name == key).map(|k| k.shape);
                    values.insert(key, read_value(&mut map, key, shape)?);
                }
            }
        }
        let kinds = MatcherKind::keys();
        if let Some(problem) = companion_problem(&kinds, &values) {
            return Err(de::Error::custom(problem));
        }
        let named: Vec<&str> = kinds.iter().map(|keys| keys[0].name).filter(|name| values.has(name)).collect();
        if named.len() > 1 {
            return Err(de::Error::custom(format!(
                "a matcher takes exactly one of {}, found {}; wrap them in `any:` or `all:`",
                matcher_names(),
                named.join(" and ")
            )));
        }
        if named.is_empty() {
            // `section:` alone matches the sections whose heading matches.
            if let (Some(heading), None) = (section.take(), &unless) {
                values.insert("section", Value::Regex(heading));
            } else {
                return Err(de::Error::custom(format!(
                    "matcher has nothing to match; add one of {} (or only `section`)",
                    matcher_names()
                )));
            }
        }
        match MatcherKind::from_values(&mut values).map_err(de::Error::custom)? {
            Some(kind) => Ok(RawMatcher { kind, scope, section, unless }),
            None => Err(de::Error::custom(format!("matcher has nothing to match; add one of {}", matcher_names()))),
        }
    }
}

// ----- metric -----------------------------------------------------------------------------------

struct MetricSeed;

impl<'de> DeserializeSeed<'de> for MetricSeed {
    type Value = RawMetric;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawMetric, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MetricSeed {
    type Value = RawMetric;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a metric: a map with `measure`, `max` and/or `min`, and optional `in`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMetric, A::Error> {
        let (mut measure, mut max, mut min, mut scope) = (None, None, None, None);
        let seen = std::cell::Cell::new(0u64);
        while let Some(key) = map.next_key_seed(Key { known: METRIC_KEYS, what: "metric", seen: &seen })? {
            match key {
                "measure" => set(&mut measure, key, map.next_value::<Measure>()?)?,
                "max" => set(&mut max, key, map.next_value_seed(Threshold)?)?,
                "min" => set(&mut min, key, map.next_value_seed(Threshold)?)?,
                _ => set(&mut scope, key, map.next_value::<Scope>()?)?,
            }
        }
        let measure = measure.ok_or_else(|| {
            de::Error::custom(
                "metric is missing `measure`: one of grade, reading-ease, sentence-words, words, sentences",
            )
        })?;
        if max.is_none() && min.is_none() {
            return Err(de::Error::custom("metric needs `max` or `min` (or both)"));
        }
        if let (Some(max), Some(min)) = (max, min) {
            if min > max {
                return Err(de::Error::custom(format!(
                    "metric `min` ({min}) is above its `max` ({max}): no text can pass"
                )));
            }
        }
        // Only reading ease goes below zero; a negative bound on a count or a grade never holds.
        if measure != Measure::ReadingEase {
            if let Some(negative) = [max, min].into_iter().flatten().find(|v| *v < 0.0) {
                return Err(de::Error::custom(format!(
                    "metric bound {negative} is below 0, which {} never is",
                    measure.as_str()
                )));
            }
        }
        Ok(RawMetric { measure, max, min, scope: scope.unwrap_or(Scope::Document) })
    }
}

/// A metric bound: a finite number.
struct Threshold;

impl<'de> DeserializeSeed<'de> for Threshold {
    type Value = f64;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<f64, D::Error> {
        let value = f64::deserialize(deserializer)?;
        if !value.is_finite() {
            return Err(de::Error::custom(format!("a metric bound must be a finite number, not {value}")));
        }
        Ok(value)
    }
}

// ----- tests ------------------------------------------------------------------------------------

struct TestsSeed<'a> {
    fail_at: FailAt<'a>,
}

impl<'de> DeserializeSeed<'de> for TestsSeed<'_> {
    type Value = RawTests;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawTests, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TestsSeed<'_> {
    type Value = RawTests;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("rule tests: a map with `pass` and `fail` lists")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTests, A::Error> {
        let (mut pass, mut fail, mut format) = (None, None, None);
        let seen = std::cell::Cell::new(0u64);
        while let Some(key) = map.next_key_seed(Key { known: TESTS_KEYS, what: "tests", seen: &seen })? {
            let failing = match self.fail_at {
                Some((Target::Case(_, is_pass, index), error)) if *is_pass == (key == "pass") && key != "format" => {
                    Some((*index, error.as_str()))
                }
                _ => None,
            };
            match key {
                "pass" | "fail" if failing.is_some() => map.next_value_seed(CasesSeed { fail: failing })?,
                "pass" => set(&mut pass, key, map.next_value::<Vec<String>>()?)?,
                "format" => set(&mut format, key, map.next_value::<Format>()?)?,
                _ => set(&mut fail, key, map.next_value::<Vec<FailCase>>()?)?,
            }
        }
        Ok(RawTests {
            pass: pass.unwrap_or_default(),
            fail: fail.unwrap_or_default(),
            format: format.unwrap_or(Format::Markdown),
        })
    }
}

impl<'de> Deserialize<'de> for FailCase {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FailCaseVisitor)
    }
}

struct FailCaseVisitor;

impl<'de> Visitor<'de> for FailCaseVisitor {
    type Value = FailCase;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a text, or a map with `text` and optional `message`, `flagged`")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<FailCase, E> {
        Ok(FailCase { text: text.to_string(), ..FailCase::default() })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FailCase, A::Error> {
        let (mut text, mut message, mut flagged) = (None, None, None);
        let seen = std::cell::Cell::new(0u64);
        while let Some(key) = map.next_key_seed(Key { known: FAIL_KEYS, what: "fail case", seen: &seen })? {
            match key {
                "text" => set(&mut text, key, map.next_value()?)?,
                "message" => set(&mut message, key, map.next_value()?)?,
                _ => set(&mut flagged, key, map.next_value()?)?,
            }
        }
        let text = text.ok_or_else(|| de::Error::custom("fail case is missing `text`"))?;
        Ok(FailCase { text, message, flagged })
    }
}
