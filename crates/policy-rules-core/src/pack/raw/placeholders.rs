//! Message placeholders: which a rule fills, and which a message may not use.

use super::suggest::suggest;
use super::types::RawRule;

impl RawRule {
    /// The placeholders its message may use: `{match}` and named captures where there is a match,
    /// `{value}` and `{limit}` for metrics.
    pub fn placeholders(&self) -> Vec<String> {
        let mut names = Vec::new();
        self.kind.placeholders(&mut names);
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
