//! Rules back to YAML, for `explain`.

use super::types::{MatcherKind, RawKind, RawMatcher, Scope};

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
