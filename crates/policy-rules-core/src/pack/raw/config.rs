//! `policy-rules.yaml`: its structure, checked as read.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::scalars::Positive;
use super::suggest::{duplicate, set, suggest, Key};
use crate::finding::Severity;

// ----- policy-rules.yaml ------------------------------------------------------------------------

const CONFIG_KEYS: &[&str] = &["profile", "packs", "scripts", "rules", "output-format", "include", "exclude"];

/// The output formats `output-format:` may name (the command line's `--format` values).
pub const OUTPUT_FORMATS: &[&str] =
    &["human", "concise", "vimgrep", "json", "jsonl", "csv", "sarif", "github", "gitlab", "junit"];
const SCRIPTS_KEYS: &[&str] = &["budget_ms"];

/// A jurisdiction: which built-in packs apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Every built-in pack, each jurisdiction's only on the policies that address its audience
    /// (the default).
    Auto,
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
            Profile::All | Profile::Auto => &["core", "gdpr", "ccpa", "caloppa", "coppa", "clarity"],
        }
    }

    /// The `--profile` option that forces a built-in jurisdiction pack on every document.
    pub fn forcing(pack: &str) -> &'static str {
        match pack {
            "gdpr" => "--profile eu",
            "ccpa" => "--profile california",
            _ => "--profile all",
        }
    }

    /// Whether the profile runs every pack on every document, whatever the document addresses.
    pub fn forces(self) -> bool {
        self != Profile::Auto
    }
}

/// The configuration file (`policy-rules.yaml`), validated as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, title = "policy-rules configuration")]
pub struct RawConfig {
    /// The jurisdiction whose built-in packs are used (default: auto).
    pub profile: Option<Profile>,
    /// Packs: `builtin:NAME` or a folder relative to this file (default: every built-in pack).
    pub packs: Option<Vec<String>>,
    /// Script settings.
    #[schemars(default)]
    pub scripts: RawScripts,
    /// Per-rule overrides: a severity, or `off` (held in file order, `off` as no severity).
    #[schemars(default, schema_with = "levels_schema", transform = no_default)]
    pub rules: Vec<(String, Option<Severity>)>,
    /// The output format of `check` when `--format` is not given.
    #[schemars(default, rename = "output-format", schema_with = "output_format_schema", transform = no_default)]
    pub output_format: Option<String>,
    /// Globs (relative to this file) of the files checked in folders (default: by extension).
    #[schemars(default)]
    pub include: Vec<String>,
    /// Globs (relative to this file) of files and folders never checked.
    #[schemars(default)]
    pub exclude: Vec<String>,
}

/// Script settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawScripts {
    /// Wall-clock limit of a script rule per document, in milliseconds (default 10000).
    #[schemars(range(min = 1, max = 3_600_000))]
    pub budget_ms: Option<u64>,
}

/// Rule overrides: a map from rule id to a severity or `off`.
fn levels_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let severity = generator.subschema_for::<Severity>();
    schemars::json_schema!({
        "type": "object",
        "additionalProperties": { "anyOf": [severity, { "const": "off", "description": "Turned off." }] }
    })
}

/// An optional setting whose absence means more than any value written: no `default` shown.
fn no_default(schema: &mut schemars::Schema) {
    schema.remove("default");
}

/// One of the output formats.
fn output_format_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": OUTPUT_FORMATS })
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
        let seen = std::cell::Cell::new(0u64);
        while let Some(key) = map.next_key_seed(Key { known: CONFIG_KEYS, what: "configuration", seen: &seen })? {
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
                    config.scripts.budget_ms = map.next_value_seed(ScriptsSeed)?;
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
        let seen = std::cell::Cell::new(0u64);
        while let Some(key) = map.next_key_seed(Key { known: SCRIPTS_KEYS, what: "scripts", seen: &seen })? {
            set(&mut budget, key, map.next_value_seed(Positive { max: 3_600_000 })? as u64)?;
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
