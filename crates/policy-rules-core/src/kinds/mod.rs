//! Rule kinds: one file each, listed once in [`rule_kinds!`]. A kind's file says what a pack writes
//! for it (a type whose keys hold matchers, metric settings or text), what its message may
//! interpolate, and the rule it compiles to; the list makes it a variant of [`RawKind`], so that
//! packs read it, `explain` writes it and the schema describes it.

pub mod matcher;
mod raw;

use std::sync::Arc;

use crate::document::Document;
use crate::error::PackError;
use crate::finding::{Finding, Severity};
use crate::script::ScriptHost;
use crate::search::{Context, Pattern, PlanBuilder};

pub use crate::search::Hit;
pub use matcher::Matcher;
pub use matcher::{companion_problem, KindKey, MatcherKind, RawMatcher, Shape, Value, Values};
pub(crate) use raw::or_string;
pub use raw::{Measure, RawMetric, Scope};

/// A rule kind: what a pack writes for it, and the rule it compiles to.
pub trait RuleKind {
    /// Its keys in a rule, the one that names the kind first.
    fn keys() -> &'static [KindKey]
    where
        Self: Sized;

    /// The kind, from the values of its keys, when the key that names it has one.
    fn from_values(values: &mut Values) -> Option<Self>
    where
        Self: Sized;

    /// Its name in `rules` and `explain`: the key that names it, or a combination.
    fn name(&self) -> &'static str;

    /// What it reports, for readers of the pack pages.
    fn description(&self) -> &'static str;

    /// The placeholders its message may use besides none (`{match}`, captures, values).
    fn placeholders(&self, out: &mut Vec<String>);

    /// Every pattern its matchers hold.
    fn patterns<'a>(&'a self, _out: &mut Vec<&'a Pattern>) {}

    /// The script it runs, a path relative to the pack folder.
    fn script(&self) -> Option<&str> {
        None
    }

    /// The compiled rule.
    fn compile(&self, info: RuleInfo, build: &mut Build<'_>) -> Result<Box<dyn Rule>, PackError>;
}

/// Declare the rule kinds: a line per kind, `Variant => module::Type`.
macro_rules! rule_kinds {
    ($($variant:ident => $module:ident::$kind:ident),+ $(,)?) => {
        $(mod $module;)+
        $(pub use $module::$kind;)+

        /// How a rule decides: exactly one kind, written as its keys.
        #[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
        #[serde(untagged)]
        pub enum RawKind {
            $(
                #[doc = concat!("A `", stringify!($module), "` rule.")]
                $variant($kind),
            )+
        }

        impl RawKind {
            /// Every kind's keys, kind by kind.
            pub fn keys() -> [&'static [KindKey]; [$(stringify!($variant)),+].len()] {
                [$(<$kind as RuleKind>::keys()),+]
            }

            /// The kind whose naming key has a value, from the values of its keys.
            pub fn from_values(values: &mut Values) -> Option<RawKind> {
                $(
                    if values.has(<$kind as RuleKind>::keys()[0].name) {
                        return <$kind as RuleKind>::from_values(values).map(RawKind::$variant);
                    }
                )+
                None
            }

            /// The kind behind the variant.
            pub fn kind(&self) -> &dyn RuleKind {
                match self {
                    $(RawKind::$variant(kind) => kind,)+
                }
            }
        }
    };
}

rule_kinds! {
    Forbid => forbid::ForbidKind,
    Require => require::RequireKind,
    Metric => metric::MetricKind,
    Script => script::ScriptKind,
}

impl RawKind {
    /// Its name: `forbid`, `require`, `when+require`, `metric`, `script`.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// What it reports, for readers of the pack pages.
    pub fn description(&self) -> &'static str {
        self.kind().description()
    }

    /// The placeholders its message may use.
    pub fn placeholders(&self, out: &mut Vec<String>) {
        self.kind().placeholders(out)
    }

    /// Every pattern its matchers hold.
    pub fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        self.kind().patterns(out)
    }

    /// The script it runs, a path relative to the pack folder.
    pub fn script(&self) -> Option<&str> {
        self.kind().script()
    }

    /// The compiled rule.
    pub fn compile(&self, info: RuleInfo, build: &mut Build<'_>) -> Result<Box<dyn Rule>, PackError> {
        self.kind().compile(info, build)
    }
}

/// What every rule carries besides its logic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Full id, `pack/name`.
    pub id: String,
    /// The pack's name.
    pub pack: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// Message template.
    pub message: String,
    /// How to fix.
    pub help: Option<String>,
    /// A compliant clause.
    pub example: Option<String>,
    /// Law and article.
    pub reference: Option<String>,
    /// Official text.
    pub url: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Kind name: forbid, require, when+require, metric or script.
    pub kind: &'static str,
    /// Whether the rule reports once per document, the other places as related locations.
    pub once: bool,
}

impl RuleInfo {
    /// A finding of this rule with the given message and span.
    pub fn finding(&self, message: String, span: Option<crate::span::Span>) -> Finding {
        Finding {
            rule: self.id.clone(),
            severity: self.severity,
            message,
            span,
            labels: Vec::new(),
            help: self.help.clone(),
            reference: self.reference.clone(),
            url: self.url.clone(),
        }
    }
}

/// A compiled rule: immutable, shared by every thread.
pub trait Rule: Send + Sync {
    /// Id, severity, message and references.
    fn info(&self) -> &RuleInfo;

    /// Check one document, appending findings.
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>);
}

/// What compiling the rules of a run shares: the search plan and the script host, and the pack's
/// scripts.
pub struct Build<'a> {
    /// The patterns and phrase lists of the run.
    pub plan: &'a mut PlanBuilder,
    /// The sandboxed Rhai host.
    pub host: &'a Arc<ScriptHost>,
    /// The pack's scripts: (path relative to the pack folder, source).
    pub scripts: &'a [(String, String)],
    /// How a script's path is named in messages.
    pub script_file: &'a dyn Fn(&str) -> String,
}

/// Fill `{match}` and `{capture}` placeholders of a message template from a hit.
pub fn interpolate(template: &str, doc: &Document, hit: Option<&Hit>) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        let value = hit.and_then(|hit| {
            if name == "match" {
                Some(hit.matched.clone())
            } else {
                hit.captures.iter().find(|(n, _)| &**n == name).map(|(_, r)| r.clone())
            }
        });
        match value {
            Some(range) => out.push_str(&shorten(doc.slice(&range).trim(), 80)),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// At most `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}
