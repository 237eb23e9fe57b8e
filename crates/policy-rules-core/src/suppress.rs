//! Inline suppression comments in documents:
//! `<!-- policy-rules-disable RULE... -->` … `<!-- policy-rules-enable RULE... -->`,
//! `<!-- policy-rules-disable-next-line RULE... -->` and `<!-- policy-rules-disable-file RULE... -->`.
//! A RULE is a rule id or a pack name.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Finding;

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*policy-rules-(?P<kind>disable-next-line|disable-file|disable|enable)\b(?P<rules>[^>]*?)\s*-->")
        .expect("suppression regex is valid")
});

/// The suppressions a document declares.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Suppressions {
    /// (rule or pack, byte range of the source where its findings are dropped).
    ranges: Vec<(String, Range<usize>)>,
    /// Rules or packs disabled for the whole document, document-level findings included.
    file: Vec<String>,
}

fn names(text: &str) -> Vec<String> {
    text.split([' ', ',', '\t', '\n']).filter(|n| !n.is_empty()).map(str::to_string).collect()
}

impl Suppressions {
    /// Read the suppression comments of a source text.
    pub fn of(source: &str) -> Suppressions {
        let mut found = Suppressions::default();
        if !source.contains("policy-rules-") {
            return found;
        }
        let mut open: Vec<(String, usize)> = Vec::new();
        for caps in COMMENT.captures_iter(source) {
            let whole = caps.get(0).map_or(0..0, |m| m.range());
            let rules = names(caps.name("rules").map_or("", |m| m.as_str()));
            match caps.name("kind").map_or("", |m| m.as_str()) {
                "disable" => open.extend(rules.into_iter().map(|r| (r, whole.end))),
                "enable" => {
                    for rule in rules {
                        if let Some(i) = open.iter().position(|(r, _)| *r == rule) {
                            let (rule, start) = open.remove(i);
                            found.ranges.push((rule, start..whole.start));
                        }
                    }
                }
                "disable-file" => found.file.extend(rules),
                _ => {
                    // The next line that is not blank.
                    let rest = &source[whole.end..];
                    let skip = rest.len() - rest.trim_start().len();
                    let start = whole.end + skip;
                    let end = source[start..].find('\n').map_or(source.len(), |e| start + e);
                    found.ranges.extend(rules.into_iter().map(|r| (r, start..end)));
                }
            }
        }
        found.ranges.extend(open.into_iter().map(|(rule, start)| (rule, start..source.len())));
        found
    }

    /// Whether the document suppresses this finding.
    pub fn covers(&self, finding: &Finding) -> bool {
        let pack = finding.rule.split('/').next().unwrap_or_default();
        let named = |name: &String| *name == finding.rule || name == pack;
        if self.file.iter().any(named) {
            return true;
        }
        match finding.span {
            Some(span) => self.ranges.iter().any(|(name, range)| named(name) && range.contains(&span.start)),
            None => false,
        }
    }

    /// Whether there is nothing to suppress.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty() && self.file.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::span::Span;

    fn at(rule: &str, source: &str, text: &str) -> Finding {
        let start = source.find(text).unwrap();
        Finding::new(rule, Severity::Warning, "m", Some(Span::new(start, start + text.len())))
    }

    #[test]
    fn ranges_lines_and_files_are_suppressed() {
        let source = "A one.\n<!-- policy-rules-disable caloppa -->\nB two.\n<!-- policy-rules-enable caloppa -->\nC three.\n<!-- policy-rules-disable-next-line gdpr/retention-period -->\n\nD four.\nE five.\n<!-- policy-rules-disable-file core/contact -->\n";
        let s = Suppressions::of(source);
        assert!(!s.covers(&at("caloppa/dnt-not-honored", source, "A one")));
        assert!(s.covers(&at("caloppa/dnt-not-honored", source, "B two")));
        assert!(!s.covers(&at("caloppa/dnt-not-honored", source, "C three")));
        assert!(s.covers(&at("gdpr/retention-period", source, "D four")));
        assert!(!s.covers(&at("gdpr/retention-period", source, "E five")));
        assert!(s.covers(&Finding::new("core/contact", Severity::Error, "m", None)));
        assert!(!s.covers(&Finding::new("core/sharing", Severity::Error, "m", None)));
    }
}
