//! Every YAML deserialization of packs lives here: the serde structures that mirror `pack.yaml`,
//! validated inside their `Deserialize` impls so that an error carries the YAML position.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::document::Format;
use crate::finding::Severity;
use crate::search::{Pattern, Phrases};

/// The unit a matcher's hits are widened to, or `all` groups its parts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One sentence.
    Sentence,
    /// One paragraph, list item or cell.
    Paragraph,
    /// The innermost section.
    Section,
    /// The whole document.
    Document,
}

/// What a matcher matches.
#[derive(Debug, Clone)]
pub enum MatcherKind {
    /// A regular expression.
    Pattern(Pattern),
    /// A list of literal phrases.
    Phrases(Phrases),
    /// Any of the matchers.
    Any(Vec<RawMatcher>),
    /// All of the matchers, in one unit (`in`, default sentence).
    All(Vec<RawMatcher>),
    /// Units where the matcher does not match.
    Not(Box<RawMatcher>),
    /// Two matchers within `within` words of each other.
    Near(Box<RawMatcher>, Box<RawMatcher>, usize),
    /// Sections whose heading matches (a map with only `section:`).
    Sections(Pattern),
}

/// A validated matcher as written in a pack.
#[derive(Debug, Clone)]
pub struct RawMatcher {
    /// What it matches.
    pub kind: MatcherKind,
    /// Widen hits to this unit.
    pub scope: Option<Scope>,
    /// Only inside sections whose heading matches.
    pub section: Option<Pattern>,
    /// Drop a hit when its sentence matches this.
    pub unless: Option<Box<RawMatcher>>,
}

/// A `metric` rule's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMetric {
    /// What is measured.
    pub measure: Measure,
    /// Report units above this value.
    pub max: Option<f64>,
    /// Report units below this value.
    pub min: Option<f64>,
    /// The unit measured (default document).
    pub scope: Scope,
}

/// A measurable property of a unit of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Flesch–Kincaid grade level.
    Grade,
    /// Flesch reading ease (higher is easier).
    ReadingEase,
    /// Words per sentence (average over the unit).
    SentenceWords,
    /// Number of words.
    Words,
    /// Number of sentences.
    Sentences,
}

/// One expected-failure case of a rule test.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FailCase {
    /// The text that must be flagged.
    pub text: String,
    /// The message the finding must have, if pinned.
    pub message: Option<String>,
    /// The flagged text, if pinned.
    pub flagged: Option<String>,
}

/// A rule's inline tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTests {
    /// Texts that must not be flagged.
    pub pass: Vec<String>,
    /// Texts that must be flagged.
    pub fail: Vec<FailCase>,
    /// How the snippets are read (default Markdown, as most policies are written).
    pub format: Format,
}

impl Default for RawTests {
    fn default() -> Self {
        RawTests { pass: Vec::new(), fail: Vec::new(), format: Format::Markdown }
    }
}

/// How a rule decides.
#[derive(Debug, Clone)]
pub enum RawKind {
    /// Report every match.
    Forbid(RawMatcher),
    /// Report once when nothing matches; with `when`, only in documents where `when` matches.
    Require {
        /// The condition, if any.
        when: Option<RawMatcher>,
        /// What must be present.
        require: RawMatcher,
    },
    /// Report units whose measure is out of range.
    Metric(RawMetric),
    /// A Rhai script, path relative to the pack folder.
    Script(String),
}

/// A validated rule as written in a pack.
#[derive(Debug, Clone)]
pub struct RawRule {
    /// Id without the pack prefix.
    pub id: String,
    /// Severity.
    pub severity: Severity,
    /// Message template.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// A compliant clause, for quick fixes that insert it.
    pub example: Option<String>,
    /// Law and article.
    pub reference: Option<String>,
    /// Official text.
    pub url: Option<String>,
    /// Tags (jurisdictions, topics).
    pub tags: Vec<String>,
    /// The decision.
    pub kind: RawKind,
    /// Inline tests.
    pub tests: RawTests,
}

/// A validated pack as written in `pack.yaml`.
#[derive(Debug, Clone)]
pub struct RawPack {
    /// Pack name, the prefix of its rule ids.
    pub pack: String,
    /// Human title.
    pub title: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Laws and their URLs.
    pub references: BTreeMap<String, String>,
    /// Rules in order.
    pub rules: Vec<RawRule>,
}

/// Parse and validate a pack's YAML.
pub fn parse_pack(yaml: &str) -> Result<RawPack, serde_yaml::Error> {
    let pack = PackSeed { fail_at: None }.deserialize(serde_yaml::Deserializer::from_str(yaml))?;
    let bad = pack.rules.iter().enumerate().find_map(|(rule, raw)| raw.placeholder_problem().map(|p| (rule, p)));
    match bad {
        // A message is only known to be wrong once its rule's kind is read; parse again, failing at
        // the message itself, so that the error carries its line and column.
        Some((rule, problem)) => Err(fail_at(yaml, Target::Message(rule), &problem)),
        None => Ok(pack),
    }
}

/// A value of a pack file that can be located after parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The `id` of the rule with this index.
    RuleId(usize),
    /// The `message` of the rule with this index.
    Message(usize),
    /// An inline test case: rule index, `pass` (true) or `fail`, case index.
    Case(usize, bool, usize),
}

impl Target {
    /// The index of the rule it is in.
    fn rule(self) -> usize {
        match self {
            Target::RuleId(rule) | Target::Message(rule) | Target::Case(rule, _, _) => rule,
        }
    }
}

/// A parse of `yaml` that fails at `target` with `message`, so that the error carries the
/// target's position (serde_yaml only gives positions with errors).
fn fail_at(yaml: &str, target: Target, message: &str) -> serde_yaml::Error {
    let spec = (target, message.to_string());
    match (PackSeed { fail_at: Some(&spec) }).deserialize(serde_yaml::Deserializer::from_str(yaml)) {
        Err(error) => error,
        Ok(_) => de::Error::custom(message),
    }
}

/// The 1-based line and column of `target` in a valid pack file.
pub fn locate(yaml: &str, target: Target) -> Option<(usize, usize)> {
    fail_at(yaml, target, "located").location().map(|at| (at.line(), at.column()))
}

impl RawMatcher {
    /// Names of the captures its patterns define (for message placeholders).
    fn capture_names(&self, out: &mut Vec<String>) {
        let names = |pattern: &Pattern, out: &mut Vec<String>| {
            out.extend(pattern.capture_names().iter().cloned());
        };
        match &self.kind {
            MatcherKind::Pattern(pattern) => names(pattern, out),
            MatcherKind::Any(items) | MatcherKind::All(items) => items.iter().for_each(|m| m.capture_names(out)),
            MatcherKind::Near(a, b, _) => {
                a.capture_names(out);
                b.capture_names(out);
            }
            MatcherKind::Phrases(_) | MatcherKind::Not(_) | MatcherKind::Sections(_) => {}
        }
    }
}

impl RawRule {
    /// The placeholders its message may use: `{match}` and named captures where there is a match,
    /// `{value}` and `{limit}` for metrics.
    pub fn placeholders(&self) -> Vec<String> {
        let mut names = Vec::new();
        match &self.kind {
            RawKind::Forbid(matcher) | RawKind::Require { when: Some(matcher), .. } => {
                names.push("match".to_string());
                matcher.capture_names(&mut names);
            }
            RawKind::Metric(_) => names.extend(["value".to_string(), "limit".to_string()]),
            RawKind::Require { when: None, .. } | RawKind::Script(_) => {}
        }
        names
    }

    /// What is wrong with the message's placeholders, if anything.
    fn placeholder_problem(&self) -> Option<String> {
        let known = self.placeholders();
        let used = PLACEHOLDER.captures_iter(&self.message).map(|caps| caps[1].to_string());
        let unknown = used.into_iter().find(|name| !known.contains(name))?;
        let known_refs: Vec<&str> = known.iter().map(String::as_str).collect();
        Some(match suggest(&unknown, &known_refs) {
            Some(close) => format!(
                "rule `{}`: the message uses `{{{unknown}}}`, which this rule does not fill; did you mean `{{{close}}}`?",
                self.id
            ),
            None if known.is_empty() => format!(
                "rule `{}`: the message uses `{{{unknown}}}`, but a {} rule fills no placeholder; help: write the message without braces",
                self.id,
                self.kind.name()
            ),
            None => format!(
                "rule `{}`: the message uses `{{{unknown}}}`, which this rule does not fill; help: this rule fills {}",
                self.id,
                known.iter().map(|k| format!("`{{{k}}}`")).collect::<Vec<_>>().join(", ")
            ),
        })
    }
}

static PLACEHOLDER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\{([A-Za-z_][A-Za-z0-9_]*)\}").expect("placeholder regex is valid")
});

/// Where a parse must fail, and with which message.
type FailAt<'a> = Option<&'a (Target, String)>;

/// A value that is read only to fail with a given message at its own position.
struct Failing<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for Failing<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Failing<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<String, E> {
        Err(E::custom(self.0))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(self.0))
    }
}

/// A list of test cases that fails at one of them.
struct CasesSeed<'a> {
    fail: Option<(usize, &'a str)>,
}

impl<'de> DeserializeSeed<'de> for CasesSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for CasesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of test cases")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            match self.fail {
                Some((at, message)) if at == index => {
                    seq.next_element_seed(Failing(message))?;
                }
                _ => {
                    if seq.next_element::<de::IgnoredAny>()?.is_none() {
                        return Ok(());
                    }
                }
            }
            index += 1;
        }
    }
}

// ----- keys -------------------------------------------------------------------------------------

const PACK_KEYS: &[&str] = &["pack", "title", "version", "description", "references", "rules"];
const RULE_KEYS: &[&str] = &[
    "id",
    "severity",
    "message",
    "help",
    "example",
    "reference",
    "url",
    "tags",
    "tests",
    "forbid",
    "require",
    "when",
    "metric",
    "script",
];
const MATCHER_KEYS: &[&str] =
    &["pattern", "phrases", "any", "all", "not", "near", "within", "in", "section", "unless", "case_sensitive"];
const METRIC_KEYS: &[&str] = &["measure", "max", "min", "in"];
const TESTS_KEYS: &[&str] = &["pass", "fail", "format"];
const FAIL_KEYS: &[&str] = &["text", "message", "flagged"];

/// The known key closest to `unknown`, if any is close.
pub fn suggest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Deserializes a map key, accepting only `known` ones, so an unknown key's error points at it.
struct Key {
    known: &'static [&'static str],
    what: &'static str,
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Key {
    type Value = &'static str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} key", self.what)
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        if let Some(found) = self.known.iter().find(|k| **k == key) {
            return Ok(found);
        }
        let hint = match suggest(key, self.known) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("expected one of: {}", self.known.join(", ")),
        };
        Err(E::custom(format!("unknown {} key `{key}`; {hint}", self.what)))
    }
}

fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format!("duplicate key `{key}`"))
}

fn set<T, E: de::Error>(slot: &mut Option<T>, key: &str, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(duplicate(key));
    }
    *slot = Some(value);
    Ok(())
}

// ----- scalars with validation -----------------------------------------------------------------

/// A regex source, compiled while deserializing so a bad regex points at its YAML value.
struct PatternValue {
    case_sensitive: bool,
}

impl<'de> DeserializeSeed<'de> for PatternValue {
    type Value = Pattern;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Pattern, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for PatternValue {
    type Value = Pattern;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a regular expression")
    }

    fn visit_str<E: de::Error>(self, source: &str) -> Result<Pattern, E> {
        compile_pattern(source, self.case_sensitive)
    }
}

/// Compile a rule's regex, refusing control characters: they come from escapes in double-quoted
/// YAML strings (`"\bwe sell"` holds a backspace, not a word boundary), never from intent.
fn compile_pattern<E: de::Error>(source: &str, case_sensitive: bool) -> Result<Pattern, E> {
    if let Some(c) = source.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        let name = match c {
            '\u{8}' => " (a backspace: `\\b` inside double quotes)".to_string(),
            '\u{c}' => " (a form feed: `\\f` inside double quotes)".to_string(),
            '\u{0}' => " (a NUL: `\\0` inside double quotes)".to_string(),
            _ => String::new(),
        };
        return Err(E::custom(format!(
            "the pattern holds the control character U+{:04X}{name}; help: write regexes in single quotes, \
             where a backslash is a backslash: pattern: '\\bwe sell\\b'",
            c as u32
        )));
    }
    Pattern::new(source, case_sensitive).map_err(|e| E::custom(format!("invalid regex: {e}")))
}

/// A positive whole number (`within`).
struct Positive;

impl<'de> DeserializeSeed<'de> for Positive {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_i64(self)
    }
}

impl Visitor<'_> for Positive {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a positive whole number")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<usize, E> {
        if value == 0 {
            return Err(E::custom("must be a positive number, not 0"));
        }
        Ok(value as usize)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<usize, E> {
        if value <= 0 {
            return Err(E::custom(format!("must be a positive number, not {value}")));
        }
        Ok(value as usize)
    }
}

/// A rule id, checked for shape and uniqueness within the pack.
struct RuleId<'a> {
    seen: &'a mut HashSet<String>,
}

impl<'de> DeserializeSeed<'de> for RuleId<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for RuleId<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rule id such as `retention-period`")
    }

    fn visit_str<E: de::Error>(self, id: &str) -> Result<String, E> {
        check_name(id, "rule id")?;
        if !self.seen.insert(id.to_string()) {
            return Err(E::custom(format!("duplicate rule id `{id}`; rule ids must be unique in a pack")));
        }
        Ok(id.to_string())
    }
}

fn check_name<E: de::Error>(name: &str, what: &str) -> Result<(), E> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(E::custom(format!(
            "invalid {what} `{name}`: use lowercase letters, digits and `-`, e.g. `retention-period`"
        )))
    }
}

struct PackName;

impl<'de> DeserializeSeed<'de> for PackName {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for PackName {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a pack name such as `acme`")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<String, E> {
        check_name(name, "pack name")?;
        Ok(name.to_string())
    }
}

/// A scalar version (number or string) as text.
struct VersionValue;

impl<'de> DeserializeSeed<'de> for VersionValue {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Visitor<'_> for VersionValue {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a version number or string")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
}

// ----- pack -------------------------------------------------------------------------------------

struct PackSeed<'a> {
    /// A value that must fail with this error.
    fail_at: FailAt<'a>,
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
        while let Some(key) = map.next_key_seed(Key { known: PACK_KEYS, what: "pack" })? {
            match key {
                "pack" => set(&mut pack, key, map.next_value_seed(PackName)?)?,
                "title" => set(&mut title, key, map.next_value()?)?,
                "version" => set(&mut version, key, map.next_value_seed(VersionValue)?)?,
                "description" => set(&mut description, key, map.next_value()?)?,
                "references" => set(&mut references, key, map.next_value()?)?,
                _ => set(&mut rules, key, map.next_value_seed(RulesSeed { fail_at: self.fail_at })?)?,
            }
        }
        let pack = pack.ok_or_else(|| de::Error::custom("missing `pack`: name the pack, e.g. `pack: acme`"))?;
        let rules = rules.ok_or_else(|| de::Error::custom("missing `rules`: a pack needs a list of rules"))?;
        Ok(RawPack { pack, title, version, description, references: references.unwrap_or_default(), rules })
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
        f.write_str("a rule: a map with `id`, `severity`, `message` and one of `forbid`, `require`, `metric`, `script`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRule, A::Error> {
        let mut id = None;
        let mut severity = None;
        let mut message: Option<String> = None;
        let (mut help, mut example, mut reference, mut url, mut tags, mut tests) = (None, None, None, None, None, None);
        let (mut forbid, mut require, mut when, mut metric, mut script) = (None, None, None, None, None);
        while let Some(key) = map.next_key_seed(Key { known: RULE_KEYS, what: "rule" })? {
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
                "tests" => set(&mut tests, key, map.next_value_seed(TestsSeed { fail_at: self.fail_at })?)?,
                "forbid" => set(&mut forbid, key, map.next_value_seed(MatcherSeed)?)?,
                "require" => set(&mut require, key, map.next_value_seed(MatcherSeed)?)?,
                "when" => set(&mut when, key, map.next_value_seed(MatcherSeed)?)?,
                "metric" => set(&mut metric, key, map.next_value_seed(MetricSeed)?)?,
                _ => set(&mut script, key, map.next_value::<String>()?)?,
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
        let kinds = [forbid.is_some(), require.is_some(), metric.is_some(), script.is_some()];
        let kind = match (forbid, require, when, metric, script) {
            _ if kinds.iter().filter(|k| **k).count() > 1 => {
                return Err(de::Error::custom(format!(
                    "rule `{id}` has more than one kind; use exactly one of `forbid`, `require` (with optional `when`), `metric`, `script`"
                )))
            }
            (_, None, Some(_), _, _) => {
                return Err(de::Error::custom(format!("rule `{id}` has `when` without `require`; add what the document must then say")))
            }
            (Some(matcher), _, _, _, _) => RawKind::Forbid(matcher),
            (_, Some(require), when, _, _) => RawKind::Require { when, require },
            (_, _, _, Some(metric), _) => RawKind::Metric(metric),
            (_, _, _, _, Some(script)) => RawKind::Script(script),
            _ => {
                return Err(de::Error::custom(format!(
                    "rule `{id}` has no kind; add one of `forbid`, `require`, `when` + `require`, `metric`, `script`"
                )))
            }
        };
        Ok(RawRule {
            id,
            severity,
            message,
            help,
            example,
            reference,
            url,
            tags: tags.unwrap_or_default(),
            kind,
            tests: tests.unwrap_or_default(),
        })
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

struct MatcherList {
    key: &'static str,
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
        match (self.key, list.len()) {
            (_, 0) => Err(de::Error::custom(format!("`{}` is empty; give it at least one matcher", self.key))),
            ("near", n) if n != 2 => Err(de::Error::custom(format!("`near` takes exactly two matchers, found {n}"))),
            _ => Ok(list),
        }
    }
}

impl<'de> Visitor<'de> for MatcherSeed {
    type Value = RawMatcher;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a matcher: a regex string, or a map with one of `pattern`, `phrases`, `any`, `all`, `not`, `near`")
    }

    fn visit_str<E: de::Error>(self, source: &str) -> Result<RawMatcher, E> {
        let pattern = compile_pattern(source, false)?;
        Ok(RawMatcher { kind: MatcherKind::Pattern(pattern), scope: None, section: None, unless: None })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMatcher, A::Error> {
        let mut kinds: Vec<(&'static str, MatcherKind)> = Vec::new();
        let mut pattern: Option<Pattern> = None;
        let (mut within, mut scope, mut section, mut unless, mut case_sensitive) = (None, None, None, None, None);
        let mut near: Option<Vec<RawMatcher>> = None;
        while let Some(key) = map.next_key_seed(Key { known: MATCHER_KEYS, what: "matcher" })? {
            match key {
                "pattern" => set(&mut pattern, key, map.next_value_seed(PatternValue { case_sensitive: false })?)?,
                "phrases" => {
                    let list: Vec<String> = map.next_value()?;
                    if list.is_empty() {
                        return Err(de::Error::custom("`phrases` is empty; list at least one phrase"));
                    }
                    kinds.push((key, MatcherKind::Phrases(Phrases::new(&list).map_err(de::Error::custom)?)));
                }
                "any" => kinds.push((key, MatcherKind::Any(map.next_value_seed(MatcherList { key })?))),
                "all" => kinds.push((key, MatcherKind::All(map.next_value_seed(MatcherList { key })?))),
                "not" => kinds.push((key, MatcherKind::Not(Box::new(map.next_value_seed(MatcherSeed)?)))),
                "near" => set(&mut near, key, map.next_value_seed(MatcherList { key })?)?,
                "within" => set(&mut within, key, map.next_value_seed(Positive)?)?,
                "in" => set(&mut scope, key, map.next_value::<Scope>()?)?,
                "section" => set(&mut section, key, map.next_value_seed(PatternValue { case_sensitive: false })?)?,
                "unless" => set(&mut unless, key, Box::new(map.next_value_seed(MatcherSeed)?))?,
                _ => set(&mut case_sensitive, key, map.next_value::<bool>()?)?,
            }
        }
        if let Some(mut pattern) = pattern {
            if case_sensitive == Some(true) {
                pattern = Pattern::new(&pattern.source, true).map_err(de::Error::custom)?;
            }
            kinds.push(("pattern", MatcherKind::Pattern(pattern)));
        }
        match (near, within) {
            (Some(mut pair), Some(words)) => {
                let second = pair.pop().map(Box::new);
                let first = pair.pop().map(Box::new);
                if let (Some(first), Some(second)) = (first, second) {
                    kinds.push(("near", MatcherKind::Near(first, second, words)));
                }
            }
            (Some(_), None) => {
                return Err(de::Error::custom(
                    "`near` needs `within: N` (the most words allowed between the two matches)",
                ))
            }
            (None, Some(_)) => return Err(de::Error::custom("`within` only goes with `near`")),
            (None, None) => {}
        }
        if kinds.len() > 1 {
            let names: Vec<&str> = kinds.iter().map(|(k, _)| *k).collect();
            return Err(de::Error::custom(format!(
                "a matcher takes exactly one of `pattern`, `phrases`, `any`, `all`, `not`, `near`, found {}; wrap them in `any:` or `all:`",
                names.join(" and ")
            )));
        }
        let Some((_, kind)) = kinds.pop() else {
            // `section:` alone matches the sections whose heading matches.
            if let (Some(heading), None) = (section.take(), &unless) {
                return Ok(RawMatcher { kind: MatcherKind::Sections(heading), scope, section: None, unless: None });
            }
            return Err(de::Error::custom(
                "matcher has nothing to match; add one of `pattern`, `phrases`, `any`, `all`, `not`, `near` (or only `section`)",
            ));
        };
        if case_sensitive.is_some() && !matches!(kind, MatcherKind::Pattern(_)) {
            return Err(de::Error::custom("`case_sensitive` only goes with `pattern`"));
        }
        Ok(RawMatcher { kind, scope, section, unless })
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
        while let Some(key) = map.next_key_seed(Key { known: METRIC_KEYS, what: "metric" })? {
            match key {
                "measure" => set(&mut measure, key, map.next_value::<Measure>()?)?,
                "max" => set(&mut max, key, map.next_value::<f64>()?)?,
                "min" => set(&mut min, key, map.next_value::<f64>()?)?,
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
        Ok(RawMetric { measure, max, min, scope: scope.unwrap_or(Scope::Document) })
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
        while let Some(key) = map.next_key_seed(Key { known: TESTS_KEYS, what: "tests" })? {
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
        while let Some(key) = map.next_key_seed(Key { known: FAIL_KEYS, what: "fail case" })? {
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

// ----- policy-rules.yaml ------------------------------------------------------------------------

const CONFIG_KEYS: &[&str] = &["profile", "packs", "scripts", "rules", "output-format", "include", "exclude"];

/// The output formats `output-format:` may name (the command line's `--format` values).
pub const OUTPUT_FORMATS: &[&str] =
    &["human", "concise", "vimgrep", "json", "jsonl", "sarif", "github", "gitlab", "junit"];
const SCRIPTS_KEYS: &[&str] = &["budget_ms"];

/// A jurisdiction: which built-in packs apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The EU and EEA: core, gdpr, clarity.
    Eu,
    /// California: core, ccpa, caloppa, coppa, clarity.
    California,
    /// The United States outside California's CCPA: core, caloppa, coppa, clarity.
    Us,
    /// Every built-in pack.
    All,
}

impl Profile {
    /// The built-in packs of this profile.
    pub fn packs(self) -> &'static [&'static str] {
        match self {
            Profile::Eu => &["core", "gdpr", "clarity"],
            Profile::California => &["core", "ccpa", "caloppa", "coppa", "clarity"],
            Profile::Us => &["core", "caloppa", "coppa", "clarity"],
            Profile::All => &["core", "gdpr", "ccpa", "caloppa", "coppa", "clarity"],
        }
    }
}

/// `policy-rules.yaml` as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawConfig {
    /// The jurisdiction whose built-in packs are used.
    pub profile: Option<Profile>,
    /// Packs to use: `builtin:NAME` or a folder relative to the config file.
    pub packs: Option<Vec<String>>,
    /// Wall-clock budget of a script rule per document, in milliseconds.
    pub budget_ms: Option<u64>,
    /// Per-rule overrides, in file order: a new severity, or `None` to turn the rule off.
    pub rules: Vec<(String, Option<Severity>)>,
    /// The output format of `check` when `--format` is not given.
    pub output_format: Option<String>,
    /// Globs (relative to the configuration file) of the files to check in folders; default: by extension.
    pub include: Vec<String>,
    /// Globs (relative to the configuration file) of files and folders never to check.
    pub exclude: Vec<String>,
}

/// Parse and validate `policy-rules.yaml`.
pub fn parse_config(yaml: &str) -> Result<RawConfig, serde_yaml::Error> {
    if yaml.trim().is_empty() {
        return Ok(RawConfig::default());
    }
    ConfigSeed.deserialize(serde_yaml::Deserializer::from_str(yaml))
}

struct ConfigSeed;

impl<'de> DeserializeSeed<'de> for ConfigSeed {
    type Value = RawConfig;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawConfig, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ConfigSeed {
    type Value = RawConfig;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a configuration map with `packs` and `scripts`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawConfig, A::Error> {
        let mut config = RawConfig::default();
        let mut scripts_seen = false;
        while let Some(key) = map.next_key_seed(Key { known: CONFIG_KEYS, what: "configuration" })? {
            match key {
                "profile" => set(&mut config.profile, key, map.next_value::<Profile>()?)?,
                "packs" => set(&mut config.packs, key, map.next_value()?)?,
                "output-format" => set(&mut config.output_format, key, map.next_value_seed(OutputFormat)?)?,
                "include" => {
                    if !config.include.is_empty() {
                        return Err(duplicate(key));
                    }
                    config.include = map.next_value_seed(Globs)?;
                }
                "exclude" => {
                    if !config.exclude.is_empty() {
                        return Err(duplicate(key));
                    }
                    config.exclude = map.next_value_seed(Globs)?;
                }
                "rules" => {
                    if !config.rules.is_empty() {
                        return Err(duplicate(key));
                    }
                    config.rules = map.next_value_seed(OverridesSeed)?;
                }
                _ => {
                    if std::mem::replace(&mut scripts_seen, true) {
                        return Err(duplicate(key));
                    }
                    config.budget_ms = map.next_value_seed(ScriptsSeed)?;
                }
            }
        }
        Ok(config)
    }
}

/// An output format name.
struct OutputFormat;

impl<'de> DeserializeSeed<'de> for OutputFormat {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for OutputFormat {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {}", OUTPUT_FORMATS.join(", "))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        if OUTPUT_FORMATS.contains(&value) {
            return Ok(value.to_string());
        }
        let hint = match suggest(value, OUTPUT_FORMATS) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("expected one of {}", OUTPUT_FORMATS.join(", ")),
        };
        Err(E::custom(format!("unknown output format `{value}`; {hint}")))
    }
}

/// A list of glob patterns, each checked for syntax.
struct Globs;

impl<'de> DeserializeSeed<'de> for Globs {
    type Value = Vec<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<String>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Globs {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of glob patterns such as `drafts/**` or `*.txt`")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut out = Vec::new();
        while let Some(glob) = seq.next_element_seed(GlobValue)? {
            out.push(glob);
        }
        Ok(out)
    }
}

struct GlobValue;

impl<'de> DeserializeSeed<'de> for GlobValue {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for GlobValue {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a glob pattern")
    }

    fn visit_str<E: de::Error>(self, glob: &str) -> Result<String, E> {
        globset::Glob::new(glob).map_err(|e| E::custom(format!("invalid glob `{glob}`: {}", e.kind())))?;
        Ok(glob.to_string())
    }
}

struct ScriptsSeed;

impl<'de> DeserializeSeed<'de> for ScriptsSeed {
    type Value = Option<u64>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<u64>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ScriptsSeed {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("script settings: a map with `budget_ms`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<u64>, A::Error> {
        let mut budget = None;
        while let Some(key) = map.next_key_seed(Key { known: SCRIPTS_KEYS, what: "scripts" })? {
            set(&mut budget, key, map.next_value_seed(Positive)? as u64)?;
        }
        Ok(budget)
    }
}

struct OverridesSeed;

impl<'de> DeserializeSeed<'de> for OverridesSeed {
    type Value = Vec<(String, Option<Severity>)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OverridesSeed {
    type Value = Vec<(String, Option<Severity>)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("rule overrides: a map from rule id to a severity or `off`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: Vec<(String, Option<Severity>)> = Vec::new();
        while let Some(rule) = map.next_key::<String>()? {
            let level = map.next_value_seed(OverrideLevel)?;
            if out.iter().any(|(r, _)| *r == rule) {
                return Err(duplicate(&rule));
            }
            out.push((rule, level));
        }
        Ok(out)
    }
}

/// A severity, or `off`.
struct OverrideLevel;

impl<'de> DeserializeSeed<'de> for OverrideLevel {
    type Value = Option<Severity>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for OverrideLevel {
    type Value = Option<Severity>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("error, warning, info, hint or off")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if value == "off" {
            return Ok(None);
        }
        value
            .parse::<Severity>()
            .map(Some)
            .map_err(|_| E::custom(format!("unknown level `{value}`; expected one of error, warning, info, hint, off")))
    }
}

// ----- back to YAML (for `explain`) -------------------------------------------------------------

fn mapping(entries: Vec<(&str, serde_yaml::Value)>) -> serde_yaml::Value {
    serde_yaml::Value::Mapping(entries.into_iter().map(|(k, v)| (serde_yaml::Value::from(k), v)).collect())
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Sentence => "sentence",
        Scope::Paragraph => "paragraph",
        Scope::Section => "section",
        Scope::Document => "document",
    }
}

impl RawMatcher {
    /// The matcher as YAML (anchors expanded).
    pub fn to_yaml(&self) -> serde_yaml::Value {
        use serde_yaml::Value;
        let list = |items: &[RawMatcher]| Value::Sequence(items.iter().map(RawMatcher::to_yaml).collect());
        let mut entries: Vec<(&str, Value)> = match &self.kind {
            MatcherKind::Pattern(p) if p.case_sensitive => {
                vec![("pattern", Value::from(p.source.clone())), ("case_sensitive", Value::from(true))]
            }
            MatcherKind::Pattern(p) => vec![("pattern", Value::from(p.source.clone()))],
            MatcherKind::Phrases(p) => {
                vec![("phrases", Value::Sequence(p.phrases.iter().map(|s| Value::from(s.clone())).collect()))]
            }
            MatcherKind::Sections(heading) => vec![("section", Value::from(heading.source.clone()))],
            MatcherKind::Any(items) => vec![("any", list(items))],
            MatcherKind::All(items) => vec![("all", list(items))],
            MatcherKind::Not(inner) => vec![("not", inner.to_yaml())],
            MatcherKind::Near(a, b, within) => {
                vec![("near", Value::Sequence(vec![a.to_yaml(), b.to_yaml()])), ("within", Value::from(*within as u64))]
            }
        };
        if let Some(scope) = self.scope {
            entries.push(("in", Value::from(scope_name(scope))));
        }
        if let Some(section) = &self.section {
            entries.push(("section", Value::from(section.source.clone())));
        }
        if let Some(unless) = &self.unless {
            entries.push(("unless", unless.to_yaml()));
        }
        mapping(entries)
    }
}

impl RawKind {
    /// The kind's name: `forbid`, `require`, `when+require`, `metric` or `script`.
    pub fn name(&self) -> &'static str {
        match self {
            RawKind::Forbid(_) => "forbid",
            RawKind::Require { when: Some(_), .. } => "when+require",
            RawKind::Require { when: None, .. } => "require",
            RawKind::Metric(_) => "metric",
            RawKind::Script(_) => "script",
        }
    }

    /// The rule's decision as YAML: `forbid:`, `when:` + `require:`, `metric:` or `script:`.
    pub fn to_yaml(&self) -> serde_yaml::Value {
        use serde_yaml::Value;
        match self {
            RawKind::Forbid(m) => mapping(vec![("forbid", m.to_yaml())]),
            RawKind::Require { when: Some(when), require } => {
                mapping(vec![("when", when.to_yaml()), ("require", require.to_yaml())])
            }
            RawKind::Require { when: None, require } => mapping(vec![("require", require.to_yaml())]),
            RawKind::Metric(metric) => {
                let mut entries = vec![("measure", serde_yaml::to_value(metric.measure).unwrap_or(Value::Null))];
                if let Some(max) = metric.max {
                    entries.push(("max", Value::from(max)));
                }
                if let Some(min) = metric.min {
                    entries.push(("min", Value::from(min)));
                }
                entries.push(("in", Value::from(scope_name(metric.scope))));
                mapping(vec![("metric", mapping(entries))])
            }
            RawKind::Script(path) => mapping(vec![("script", Value::from(path.clone()))]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_and_test_cases_are_located_by_the_parser() {
        let yaml = "pack: acme\nrules:\n  - id: a\n    severity: info\n    message: m\n    forbid: x\n  - id: b\n    severity: info\n    message: m\n    forbid: y\n    tests:\n      pass: [one, two]\n      fail:\n        - text: three\n        - four\n";
        assert_eq!(locate(yaml, Target::RuleId(1)), Some((7, 9)));
        assert_eq!(locate(yaml, Target::Case(1, true, 1)), Some((12, 19)));
        assert_eq!(locate(yaml, Target::Case(1, false, 0)), Some((14, 11)));
        assert_eq!(locate(yaml, Target::Case(1, false, 1)), Some((15, 11)));
        assert_eq!(locate(yaml, Target::Message(0)), Some((5, 14)));
    }
}
