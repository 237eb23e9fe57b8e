//! Inline suppression comments in documents:
//! `<!-- policy-rules-disable RULE... -->` … `<!-- policy-rules-enable RULE... -->`,
//! `<!-- policy-rules-disable-next-line RULE... -->` and `<!-- policy-rules-disable-file RULE... -->`.
//! A RULE is a rule id or a pack name. A name that is neither, and a suppression that silenced
//! nothing, are reported as findings of their own (`suppression/unknown-rule`, `suppression/unused`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::finding::{Finding, Severity};
use crate::span::Span;

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*policy-rules-(?P<kind>disable-next-line|disable-file|disable|enable)\b(?P<rules>[^>]*?)\s*-->")
        .expect("suppression regex is valid")
});

/// What a suppression comment does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// From here to the matching `enable` (or the end).
    Disable,
    /// The next line that is not blank.
    NextLine,
    /// The whole document, document-level findings included.
    File,
}

impl Kind {
    fn directive(self) -> &'static str {
        match self {
            Kind::Disable => "policy-rules-disable",
            Kind::NextLine => "policy-rules-disable-next-line",
            Kind::File => "policy-rules-disable-file",
        }
    }
}

/// One name in one suppression comment, with the source it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Rule id or pack name.
    name: String,
    /// Where the name is written, in the source.
    at: Range<usize>,
    kind: Kind,
    /// The source range whose findings it drops (the whole source for `disable-file`).
    covers: Range<usize>,
}

/// The suppressions a document declares.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Suppressions {
    entries: Vec<Entry>,
}

/// Which names a run knows, and which of them it checked.
pub trait Names {
    /// Whether `name` is a rule id or pack name of a loaded pack (or an internal one).
    fn known(&self, name: &str) -> bool;
    /// Whether a rule that `name` names ran in this run (so that silencing nothing means something).
    fn ran(&self, name: &str) -> bool;
    /// The known name closest to `name`, for a suggestion.
    fn closest(&self, name: &str) -> Option<String>;
}

/// The outcome of applying a document's suppressions to its findings.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings still reported, with findings about the comments themselves.
    pub reported: Vec<Finding>,
    /// Findings a comment silenced.
    pub suppressed: Vec<Finding>,
}

fn names(text: &str, offset: usize) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let separator = c.is_whitespace() || c == ',';
        match (separator, start) {
            (true, Some(from)) => {
                out.push((text[from..i].to_string(), offset + from..offset + i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

impl Suppressions {
    /// Read the suppression comments of a source text.
    pub fn of(source: &str) -> Suppressions {
        let mut found = Suppressions::default();
        if !source.contains("policy-rules-") {
            return found;
        }
        let mut open: Vec<Entry> = Vec::new();
        for caps in COMMENT.captures_iter(source) {
            let whole = caps.get(0).map_or(0..0, |m| m.range());
            let listed = caps.name("rules").map_or(Vec::new(), |m| names(m.as_str(), m.start()));
            let entry =
                |kind: Kind, (name, at): (String, Range<usize>), covers: Range<usize>| Entry { name, at, kind, covers };
            match caps.name("kind").map_or("", |m| m.as_str()) {
                "disable" => open.extend(listed.into_iter().map(|n| entry(Kind::Disable, n, whole.end..source.len()))),
                "enable" => {
                    for (name, _) in listed {
                        if let Some(i) = open.iter().rposition(|e| e.name == name) {
                            let mut closed = open.remove(i);
                            closed.covers.end = whole.start;
                            found.entries.push(closed);
                        }
                    }
                }
                "disable-file" => {
                    found.entries.extend(listed.into_iter().map(|n| entry(Kind::File, n, 0..source.len())))
                }
                _ => {
                    let rest = &source[whole.end..];
                    let start = whole.end + (rest.len() - rest.trim_start().len());
                    let end = source[start..].find(['\n', '\r']).map_or(source.len(), |e| start + e);
                    found.entries.extend(listed.into_iter().map(|n| entry(Kind::NextLine, n, start..end)));
                }
            }
        }
        found.entries.extend(open);
        found.entries.sort_by_key(|e| e.at.start);
        found
    }

    /// Split `findings` into those reported and those silenced, and report names that are unknown
    /// and suppressions that silenced nothing.
    pub fn apply(&self, findings: Vec<Finding>, names: &dyn Names) -> Applied {
        if self.entries.is_empty() {
            return Applied { reported: findings, suppressed: Vec::new() };
        }
        let index = Index::new(&self.entries);
        let mut used = vec![false; self.entries.len()];
        let mut applied = Applied::default();
        for finding in findings {
            let pack = finding.pack();
            let covering =
                [finding.rule.as_str(), pack].iter().find_map(|name| index.covering(name, finding.span, &self.entries));
            match covering {
                Some(entry) => {
                    used[entry] = true;
                    applied.suppressed.push(finding);
                }
                None => applied.reported.push(finding),
            }
        }
        for (entry, used) in self.entries.iter().zip(used) {
            let at = Some(Span::new(entry.at.start, entry.at.end));
            if !names.known(&entry.name) {
                let hint = names.closest(&entry.name).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
                let mut finding = Finding::new(
                    "suppression/unknown-rule",
                    Severity::Warning,
                    format!("`{}` names no loaded rule or pack{hint}", entry.name),
                    at,
                );
                finding.help = Some("name a rule id such as `gdpr/retention-period`, or a pack such as `gdpr`".into());
                applied.reported.push(finding);
            } else if !used && names.ran(&entry.name) {
                let mut finding = Finding::new(
                    "suppression/unused",
                    Severity::Warning,
                    format!("`{} {}` silenced no finding", entry.kind.directive(), entry.name),
                    at,
                );
                finding.help = Some("remove the suppression, or name the rule whose finding it should silence".into());
                applied.reported.push(finding);
            }
        }
        applied
    }
}

/// One entry's reach, in an [`Index`] list.
struct Reach {
    /// The source it covers.
    covers: Range<usize>,
    /// Index of the entry.
    entry: usize,
    /// The furthest end among this range and those sorted before it.
    furthest: usize,
}

/// Entries grouped by name and sorted by start, for look-ups in logarithmic time.
struct Index<'a> {
    by_name: HashMap<&'a str, Vec<Reach>>,
}

impl<'a> Index<'a> {
    fn new(entries: &'a [Entry]) -> Index<'a> {
        let mut by_name: HashMap<&str, Vec<Reach>> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            by_name.entry(entry.name.as_str()).or_default().push(Reach {
                covers: entry.covers.clone(),
                entry: i,
                furthest: 0,
            });
        }
        for list in by_name.values_mut() {
            list.sort_by_key(|reach| (reach.covers.start, reach.entry));
            let mut furthest = 0;
            for reach in list.iter_mut() {
                furthest = furthest.max(reach.covers.end);
                reach.furthest = furthest;
            }
        }
        Index { by_name }
    }

    /// The first entry for `name` covering a finding at `span` (document-level: only `disable-file`).
    fn covering(&self, name: &str, span: Option<Span>, entries: &[Entry]) -> Option<usize> {
        let list = self.by_name.get(name)?;
        let Some(span) = span else {
            return list.iter().find(|reach| entries[reach.entry].kind == Kind::File).map(|reach| reach.entry);
        };
        let at = span.start;
        let upto = list.partition_point(|reach| reach.covers.start <= at);
        list[..upto]
            .iter()
            .rev()
            .take_while(|reach| reach.furthest > at)
            .filter(|reach| reach.covers.contains(&at))
            .map(|reach| reach.entry)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Loaded;

    impl Names for Loaded {
        fn known(&self, name: &str) -> bool {
            ["caloppa", "gdpr", "core", "gdpr/retention-period", "core/contact", "caloppa/dnt-not-honored"]
                .contains(&name)
        }
        fn ran(&self, name: &str) -> bool {
            self.known(name)
        }
        fn closest(&self, name: &str) -> Option<String> {
            (name == "gdpr/retention").then(|| "gdpr/retention-period".to_string())
        }
    }

    fn at(rule: &str, source: &str, text: &str) -> Finding {
        let start = source.find(text).unwrap();
        Finding::new(rule, Severity::Warning, "m", Some(Span::new(start, start + text.len())))
    }

    fn suppressed(source: &str, finding: Finding) -> bool {
        !Suppressions::of(source).apply(vec![finding], &Loaded).suppressed.is_empty()
    }

    #[test]
    fn ranges_lines_and_files_are_suppressed() {
        let source = "A one.\n<!-- policy-rules-disable caloppa -->\nB two.\n<!-- policy-rules-enable caloppa -->\nC three.\n<!-- policy-rules-disable-next-line gdpr/retention-period -->\n\nD four.\nE five.\n<!-- policy-rules-disable-file core/contact -->\n";
        assert!(!suppressed(source, at("caloppa/dnt-not-honored", source, "A one")));
        assert!(suppressed(source, at("caloppa/dnt-not-honored", source, "B two")));
        assert!(!suppressed(source, at("caloppa/dnt-not-honored", source, "C three")));
        assert!(suppressed(source, at("gdpr/retention-period", source, "D four")));
        assert!(!suppressed(source, at("gdpr/retention-period", source, "E five")));
        assert!(suppressed(source, Finding::new("core/contact", Severity::Error, "m", None)));
        assert!(!suppressed(source, Finding::new("core/sharing", Severity::Error, "m", None)));
    }

    #[test]
    fn unknown_names_and_unused_suppressions_are_reported_where_they_are_written() {
        let source = "<!-- policy-rules-disable-next-line gdpr/retention -->\nText.\n<!-- policy-rules-disable-file core/contact -->\n";
        let applied = Suppressions::of(source).apply(Vec::new(), &Loaded);
        let shown: Vec<(&str, &str, &str)> = applied
            .reported
            .iter()
            .map(|f| {
                let span = f.span.unwrap();
                (f.rule.as_str(), &source[span.start..span.end], f.message.as_str())
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    "suppression/unknown-rule",
                    "gdpr/retention",
                    "`gdpr/retention` names no loaded rule or pack; did you mean `gdpr/retention-period`?"
                ),
                ("suppression/unused", "core/contact", "`policy-rules-disable-file core/contact` silenced no finding"),
            ]
        );
    }

    #[test]
    fn many_comments_are_looked_up_without_scanning_them_all() {
        let mut source = String::new();
        for _ in 0..20_000 {
            source.push_str("<!-- policy-rules-disable-next-line core/contact -->\nx\n");
        }
        let suppressions = Suppressions::of(&source);
        let findings: Vec<Finding> = source
            .match_indices("\nx")
            .map(|(i, _)| Finding::new("core/contact", Severity::Error, "m", Some(Span::new(i + 1, i + 2))))
            .collect();
        let applied = suppressions.apply(findings, &Loaded);
        assert_eq!(applied.suppressed.len(), 20_000);
        assert!(applied.reported.is_empty());
    }
}
