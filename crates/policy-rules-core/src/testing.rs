//! Rule tests: inline `pass`/`fail` snippets, and fixture documents annotated with expectations.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::document::{Document, Format};
use crate::engine::{Engine, Selection};
use crate::finding::Finding;
use crate::pack::{FailCase, Pack, PackError};

/// A finding as a test shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Actual {
    /// 1-based line and column, or `None` for a document-level finding.
    pub at: Option<(usize, usize)>,
    /// Rule id.
    pub rule: String,
    /// Message.
    pub message: String,
}

impl fmt::Display for Actual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{line}:{column} {} \"{}\"", self.rule, self.message),
            None => write!(f, "document {} \"{}\"", self.rule, self.message),
        }
    }
}

/// Why a case failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Why {
    /// An expected finding did not come.
    Missing,
    /// A finding came that nothing expected.
    Unexpected,
    /// The finding came with another message.
    WrongMessage,
    /// The finding flagged other text.
    WrongText,
    /// An annotation names a rule the pack does not have.
    UnknownRule,
    /// The rule's script failed or broke a sandbox limit on the case.
    ScriptFailed,
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Why::Missing => "missing",
            Why::Unexpected => "unexpected",
            Why::WrongMessage => "wrong message",
            Why::WrongText => "wrong flagged text",
            Why::UnknownRule => "unknown rule",
            Why::ScriptFailed => "the script failed",
        })
    }
}

/// Where a case is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseAt {
    /// An inline case of the rule with this index in `pack.yaml`: `pass` (true) or `fail`, and its index.
    Inline {
        /// Index of the rule in the pack.
        rule: usize,
        /// A `pass` case (else `fail`).
        pass: bool,
        /// Index of the case in its list.
        index: usize,
    },
    /// A fixture document, at a 1-based line (the annotation's, or the finding's).
    Fixture {
        /// 1-based line.
        line: usize,
    },
}

/// One failed case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseFailure {
    /// Full rule id.
    pub rule: String,
    /// Which case: `pass 2: "…"`, `fail 1: "…"`, `tests/cookies.md:12`.
    pub case: String,
    /// Where it is written (the fixture's path is in `case`).
    pub at: CaseAt,
    /// What was expected.
    pub expected: String,
    /// The findings of the rule that came.
    pub actual: Vec<Actual>,
    /// Why it failed.
    pub why: Why,
}

/// The outcome of one rule's tests.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct RuleOutcome {
    /// Full rule id.
    pub rule: String,
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failures: Vec<CaseFailure>,
    /// Whether the rule has a `pass` case (inline, or an `expect-not` in a fixture).
    pub has_pass: bool,
    /// Whether the rule has a `fail` case (inline, or an `expect`/`expect-document` in a fixture).
    pub has_fail: bool,
}

impl RuleOutcome {
    /// Whether the rule has at least one case of each kind.
    pub fn complete(&self) -> bool {
        self.has_pass && self.has_fail
    }
}

fn actual(doc: &Document, finding: &Finding) -> Actual {
    Actual {
        at: finding.span.map(|s| {
            let at = doc.line_column(s.start);
            (at.line, at.column)
        }),
        rule: finding.rule.clone(),
        message: finding.message.clone(),
    }
}

fn quote(text: &str) -> String {
    let line = text.trim().replace('\n', " ");
    match line.char_indices().nth(60) {
        Some((cut, _)) => format!("{:?}", format!("{}…", &line[..cut])),
        None => format!("{line:?}"),
    }
}

/// Run the inline tests and fixtures of every rule in `pack`, in rule order.
pub fn run_pack(pack: &Pack) -> Result<Vec<RuleOutcome>, PackError> {
    let mut outcomes: BTreeMap<String, RuleOutcome> = BTreeMap::new();
    let order: Vec<String> = pack.raw.rules.iter().map(|r| format!("{}/{}", pack.name(), r.id)).collect();
    for (rule_index, (raw, id)) in pack.raw.rules.iter().zip(&order).enumerate() {
        let engine =
            Engine::new(std::slice::from_ref(pack), Selection { select: vec![id.clone()], ..Selection::default() })?;
        let outcome = outcomes.entry(id.clone()).or_default();
        outcome.rule = id.clone();
        outcome.has_pass = !raw.tests.pass.is_empty();
        outcome.has_fail = !raw.tests.fail.is_empty();
        // A case's findings: those of the rule under test, and whether its script failed.
        let check = |text: &str| {
            let doc = Arc::new(Document::parse("<test>", raw.tests.format, text.to_string()));
            let all = engine.check(&doc);
            let script_failed = all.iter().any(|f| f.pack() == "script");
            let relevant: Vec<Finding> = all.into_iter().filter(|f| f.rule == *id || f.pack() == "script").collect();
            let shown: Vec<Actual> = relevant.iter().map(|f| actual(&doc, f)).collect();
            let findings: Vec<Finding> = relevant.into_iter().filter(|f| f.rule == *id).collect();
            (doc, findings, shown, script_failed)
        };
        for (n, text) in raw.tests.pass.iter().enumerate() {
            let (_, _, found, script_failed) = check(text);
            if found.is_empty() {
                outcome.passed += 1;
            } else {
                outcome.failures.push(CaseFailure {
                    rule: id.clone(),
                    case: format!("pass {}: {}", n + 1, quote(text)),
                    at: CaseAt::Inline { rule: rule_index, pass: true, index: n },
                    expected: "no finding".into(),
                    actual: found,
                    why: if script_failed { Why::ScriptFailed } else { Why::Unexpected },
                });
            }
        }
        for (n, FailCase { text, message, flagged }) in raw.tests.fail.iter().enumerate() {
            let (doc, findings, found, script_failed) = check(text);
            let case = format!("fail {}: {}", n + 1, quote(text));
            let failure = |expected: String, why: Why| CaseFailure {
                rule: id.clone(),
                case: case.clone(),
                at: CaseAt::Inline { rule: rule_index, pass: false, index: n },
                expected,
                actual: found.clone(),
                why,
            };
            let result = match findings.first() {
                _ if script_failed => Err(failure(format!("a finding of {id}"), Why::ScriptFailed)),
                None => Err(failure(format!("a finding of {id}"), Why::Missing)),
                Some(_) if message.as_ref().is_some_and(|m| !findings.iter().any(|f| &f.message == m)) => {
                    Err(failure(format!("message \"{}\"", message.as_deref().unwrap_or_default()), Why::WrongMessage))
                }
                Some(_)
                    if flagged.as_ref().is_some_and(|want| {
                        !findings.iter().any(|f| f.span.is_some_and(|s| doc.source[s.start..s.end] == **want))
                    }) =>
                {
                    Err(failure(format!("flagged text \"{}\"", flagged.as_deref().unwrap_or_default()), Why::WrongText))
                }
                Some(_) => Ok(()),
            };
            match result {
                Ok(()) => outcome.passed += 1,
                Err(failure) => outcome.failures.push(failure),
            }
        }
    }
    if let Some(error) = pack.fixture_errors.first() {
        return Err(PackError::Io {
            message: error.clone(),
            help: Some("save the fixture as a UTF-8 text file".into()),
        });
    }
    for (path, source) in &pack.fixtures {
        run_fixture(pack, path, source, &mut outcomes)?;
    }
    let mut ordered: Vec<RuleOutcome> = order.iter().filter_map(|id| outcomes.remove(id)).collect();
    ordered.extend(outcomes.into_values());
    Ok(ordered)
}

static EXPECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*expect(?P<kind>-not|-document)?:\s*(?P<rule>[a-z0-9][a-z0-9/-]*)\s*-->")
        .expect("expectation regex is valid")
});

#[derive(Debug)]
struct Expectation {
    rule: String,
    /// 1-based target line, or `None` for a document-level expectation.
    line: Option<usize>,
    /// Whether the line must not be flagged.
    not: bool,
    /// Where the annotation stands, for messages.
    annotation_line: usize,
}

fn expectations(source: &str) -> Vec<Expectation> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        for caps in EXPECT.captures_iter(line) {
            let kind = caps.name("kind").map(|m| m.as_str());
            let target = lines
                .iter()
                .enumerate()
                .skip(index + 1)
                .find(|(_, l)| !l.trim().is_empty() && !EXPECT.is_match(l))
                .map(|(i, _)| i + 1);
            out.push(Expectation {
                rule: caps["rule"].to_string(),
                line: if kind == Some("-document") { None } else { target },
                not: kind == Some("-not"),
                annotation_line: index + 1,
            });
        }
    }
    out
}

fn run_fixture(
    pack: &Pack,
    path: &str,
    source: &str,
    outcomes: &mut BTreeMap<String, RuleOutcome>,
) -> Result<(), PackError> {
    let expected = expectations(source);
    let known: Vec<String> = pack.raw.rules.iter().map(|r| format!("{}/{}", pack.name(), r.id)).collect();
    let mut under_test: Vec<String> = Vec::new();
    for expectation in &expected {
        let outcome = outcomes.entry(expectation.rule.clone()).or_default();
        outcome.rule = expectation.rule.clone();
        if !known.contains(&expectation.rule) {
            outcome.failures.push(CaseFailure {
                rule: expectation.rule.clone(),
                case: format!("{path}:{}", expectation.annotation_line),
                at: CaseAt::Fixture { line: expectation.annotation_line },
                expected: format!("a rule `{}` in pack `{}`", expectation.rule, pack.name()),
                actual: Vec::new(),
                why: Why::UnknownRule,
            });
            continue;
        }
        if expectation.not {
            outcome.has_pass = true;
        } else {
            outcome.has_fail = true;
        }
        if !under_test.contains(&expectation.rule) {
            under_test.push(expectation.rule.clone());
        }
    }
    if under_test.is_empty() {
        return Ok(());
    }
    let engine =
        Engine::new(std::slice::from_ref(pack), Selection { select: under_test.clone(), ..Selection::default() })?;
    let doc = Arc::new(Document::parse(path, Format::from_path(std::path::Path::new(path)), source.to_string()));
    let found: Vec<Actual> = engine.check(&doc).iter().map(|f| actual(&doc, f)).collect();
    let mut used = vec![false; found.len()];
    for expectation in expected.iter().filter(|e| under_test.contains(&e.rule)) {
        let outcome = outcomes.entry(expectation.rule.clone()).or_default();
        let case = match expectation.line {
            Some(line) => format!("{path}:{line}"),
            None => format!("{path} (document)"),
        };
        let matches: Vec<usize> = found
            .iter()
            .enumerate()
            .filter(|(_, f)| f.rule == expectation.rule && f.at.map(|(line, _)| line) == expectation.line)
            .map(|(i, _)| i)
            .collect();
        let of_rule: Vec<Actual> = found.iter().filter(|f| f.rule == expectation.rule).cloned().collect();
        match (expectation.not, matches.is_empty()) {
            (false, false) | (true, true) => {
                outcome.passed += 1;
                for i in matches {
                    used[i] = true;
                }
            }
            (false, true) => outcome.failures.push(CaseFailure {
                rule: expectation.rule.clone(),
                case,
                at: CaseAt::Fixture { line: expectation.line.unwrap_or(expectation.annotation_line) },
                expected: match expectation.line {
                    Some(line) => format!("a finding of {} on line {line}", expectation.rule),
                    None => format!("a document-level finding of {}", expectation.rule),
                },
                actual: of_rule,
                why: Why::Missing,
            }),
            (true, false) => {
                for i in &matches {
                    used[*i] = true;
                }
                outcome.failures.push(CaseFailure {
                    rule: expectation.rule.clone(),
                    case,
                    at: CaseAt::Fixture { line: expectation.line.unwrap_or(expectation.annotation_line) },
                    expected: format!("no finding of {} on this line", expectation.rule),
                    actual: matches.iter().map(|&i| found[i].clone()).collect(),
                    why: Why::Unexpected,
                });
            }
        }
    }
    for (finding, _) in found.iter().zip(&used).filter(|(_, used)| !**used) {
        let outcome = outcomes.entry(finding.rule.clone()).or_default();
        let case = match finding.at {
            Some((line, _)) => format!("{path}:{line}"),
            None => format!("{path} (document)"),
        };
        let why = if finding.rule.starts_with("script/") { Why::ScriptFailed } else { Why::Unexpected };
        outcome.failures.push(CaseFailure {
            rule: finding.rule.clone(),
            case,
            at: CaseAt::Fixture { line: finding.at.map_or(1, |(line, _)| line) },
            expected: "no finding: nothing in the fixture expects it".into(),
            actual: vec![finding.clone()],
            why,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Origin;

    const PACK: &str = "pack: t\nrules:\n  - id: sell\n    severity: error\n    message: Sells data\n    forbid: '\\bwe sell\\b'\n    tests:\n      pass: [We share data.]\n      fail: [We sell data.]\n";

    fn pack_with(fixture: &str) -> Pack {
        let mut pack = Pack::from_yaml(PACK, "pack.yaml", Origin::Builtin("t".into())).unwrap();
        pack.fixtures.push(("tests/f.md".into(), fixture.into()));
        pack
    }

    #[test]
    fn fixture_expectations_pass_when_met() {
        let pack =
            pack_with("# P\n\n<!-- expect: t/sell -->\nWe sell data.\n\n<!-- expect-not: t/sell -->\nWe share data.\n");
        let outcomes = run_pack(&pack).unwrap();
        assert_eq!(outcomes.len(), 1);
        assert_eq!(outcomes[0].passed, 4);
        assert!(outcomes[0].failures.is_empty(), "{:?}", outcomes[0].failures);
    }

    #[test]
    fn missing_and_unexpected_findings_fail() {
        let pack = pack_with("# P\n\n<!-- expect: t/sell -->\nWe share data.\n\nWe sell data.\n");
        let outcome = &run_pack(&pack).unwrap()[0];
        let whys: Vec<(Why, &str)> = outcome.failures.iter().map(|f| (f.why, f.case.as_str())).collect();
        assert_eq!(whys, vec![(Why::Missing, "tests/f.md:4"), (Why::Unexpected, "tests/f.md:6")]);
        assert_eq!(outcome.failures[1].actual[0].to_string(), "6:1 t/sell \"Sells data\"");
    }
}
