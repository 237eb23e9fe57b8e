//! Message placeholders: which a rule fills, and which a message may not use.

use super::suggest::suggest;
use super::types::{MatcherKind, RawKind, RawMatcher, RawRule};
use crate::search::Pattern;

impl RawMatcher {
    /// Names of the captures its patterns define (for message placeholders).
    fn capture_names(&self, out: &mut Vec<String>) {
        let names = |pattern: &Pattern, out: &mut Vec<String>| {
            out.extend(pattern.capture_names().iter().cloned());
        };
        match &self.kind {
            MatcherKind::Pattern { pattern, .. } => names(pattern, out),
            MatcherKind::Any { any: items } | MatcherKind::All { all: items } => {
                items.iter().for_each(|m| m.capture_names(out))
            }
            MatcherKind::Near { near: (a, b), .. } => {
                a.capture_names(out);
                b.capture_names(out);
            }
            MatcherKind::Phrases { .. } | MatcherKind::Not { .. } | MatcherKind::Sections { .. } => {}
        }
    }
}

impl RawRule {
    /// The placeholders its message may use: `{match}` and named captures where there is a match,
    /// `{value}` and `{limit}` for metrics.
    pub fn placeholders(&self) -> Vec<String> {
        let mut names = Vec::new();
        match &self.kind {
            RawKind::Forbid { forbid: matcher } | RawKind::Require { when: Some(matcher), .. } => {
                names.push("match".to_string());
                matcher.capture_names(&mut names);
            }
            RawKind::Metric { .. } => names.extend(["value".to_string(), "limit".to_string()]),
            RawKind::Require { when: None, .. } | RawKind::Script { .. } => {}
        }
        names
    }

    /// What is wrong with the message's placeholders, if anything.
    pub(super) fn placeholder_problem(&self) -> Option<String> {
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
