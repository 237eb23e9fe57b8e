//! Scoring the built-in rules against the human labels of tests/eval/: precision, recall and F1
//! per rule, on the `tune` or the `test` half (see tests/eval/README.md for the method).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use policy_rules_core::document::Date;
use policy_rules_core::{Document, Finding, Format, LoadOptions, Project};

/// One row of questions.tsv.
#[derive(Debug, Clone)]
pub struct Question {
    /// Rule id (or `doc/…` for a fact about the document).
    pub rule: String,
    /// `yes` (the rule reports a statement), `no` (the rule reports an absence) or `-` (a fact).
    pub fires_on: String,
    /// `all`, `eu`, `california` or `children`.
    pub scope: String,
}

/// One labelled answer.
#[derive(Debug, Clone)]
pub struct Label {
    /// yes, no, n/a, or a date / none for doc/date.
    pub answer: String,
    /// 1-based line of the evidence.
    pub line: Option<usize>,
    /// Verbatim excerpt.
    pub evidence: String,
}

/// A labelled document.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// Corpus path.
    pub doc: String,
    /// `tune` or `test`.
    pub half: String,
    /// Rule → its labels (several for statement rules).
    pub labels: BTreeMap<String, Vec<Label>>,
}

/// The evaluation set.
pub struct EvalSet {
    /// Questions by rule.
    pub questions: Vec<Question>,
    /// Documents with their labels.
    pub documents: Vec<Labelled>,
}

fn tsv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split('\t').map(str::to_string).collect()).collect()
}

impl EvalSet {
    /// Read tests/eval/.
    pub fn load(dir: &Path) -> EvalSet {
        let questions = tsv(&dir.join("questions.tsv"))
            .into_iter()
            .map(|r| Question { rule: r[0].clone(), fires_on: r[1].clone(), scope: r[2].clone() })
            .collect();
        let mut documents: Vec<Labelled> = tsv(&dir.join("documents.tsv"))
            .into_iter()
            .map(|r| Labelled { doc: r[0].clone(), half: r[2].clone(), labels: BTreeMap::new() })
            .collect();
        let mut batches: Vec<PathBuf> = std::fs::read_dir(dir.join("labels"))
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        batches.sort();
        for batch in batches {
            for row in tsv(&batch) {
                let Some(document) = documents.iter_mut().find(|d| d.doc == row[0]) else { continue };
                let label = Label {
                    answer: row[2].clone(),
                    line: row.get(3).and_then(|l| l.parse().ok()),
                    evidence: row.get(4).cloned().unwrap_or_default(),
                };
                document.labels.entry(row[1].clone()).or_default().push(label);
            }
        }
        EvalSet { questions, documents }
    }
}

/// Counts of one rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Findings that are right.
    pub tp: usize,
    /// Findings that are wrong.
    pub fp: usize,
    /// Findings missing.
    pub fn_: usize,
}

impl Counts {
    /// Precision, if anything was reported.
    pub fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0).then(|| self.tp as f64 / (self.tp + self.fp) as f64)
    }

    /// Recall, if anything should have been reported.
    pub fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0).then(|| self.tp as f64 / (self.tp + self.fn_) as f64)
    }

    /// F1, when precision and recall both exist.
    pub fn f1(&self) -> Option<f64> {
        match (self.precision(), self.recall()) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        }
    }
}

/// What the targets ask of a rule, and whether its counts meet them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rated {
    /// The rule's severity in the built-in packs.
    pub severity: policy_rules_core::Severity,
    /// Whether it reports once per document ("the policy never says …") rather than statements.
    pub document_level: bool,
}

/// Rules whose F1 must also reach 0.95.
const F1_RULES: &[&str] = &["caloppa/dnt-disclosure", "caloppa/dnt-not-honored", "gdpr/retention-period"];

/// Whether `counts` meet the targets: precision ≥ 0.95 for document-level rules and for statement
/// rules reporting at least 5 times, recall ≥ 0.90, and F1 ≥ 0.95 for the DNT and retention rules.
/// Rules downgraded to `info` are exempt.
pub fn verdict(rule: &str, counts: &Counts, rated: Rated) -> &'static str {
    use policy_rules_core::Severity;
    if matches!(rated.severity, Severity::Info | Severity::Hint) {
        return "info";
    }
    let reported = counts.tp + counts.fp;
    let precision_due = rated.document_level || reported >= 5;
    if precision_due && counts.precision().is_some_and(|p| p < 0.95) {
        return "precision";
    }
    if counts.recall().is_some_and(|r| r < 0.90) {
        return "recall";
    }
    if F1_RULES.contains(&rule) && counts.f1().is_some_and(|f| f < 0.95) {
        return "F1";
    }
    "met"
}

/// What scoring a half gives: counts per rule, each rule's errors, and each rule's severity and kind.
pub type Scores = (BTreeMap<String, Counts>, Vec<(String, Judged)>, BTreeMap<String, Rated>);

/// A finding judged against the labels, for the details of a rule.
#[derive(Debug, Clone)]
pub struct Judged {
    /// Corpus path.
    pub doc: String,
    /// "false positive" or "false negative".
    pub what: &'static str,
    /// Where and what.
    pub detail: String,
}

/// The label of `rule` that decides truth: caloppa's change and date rules share core's labels.
fn label_rule(rule: &str) -> &str {
    match rule {
        "caloppa/change-notification" => "core/change-notification",
        "caloppa/effective-date" => "core/last-updated",
        other => other,
    }
}

fn yes(doc: &Labelled, fact: &str) -> bool {
    doc.labels.get(fact).and_then(|l| l.first()).is_some_and(|l| l.answer == "yes")
}

/// Whether the rule's pack applies to the document, by its labels.
fn in_scope(doc: &Labelled, scope: &str) -> bool {
    match scope {
        "eu" => yes(doc, "doc/eu"),
        "california" => yes(doc, "doc/california"),
        "children" => yes(doc, "doc/children-directed"),
        _ => true,
    }
}

/// Byte range of an evidence excerpt in the source, looked for near its line first.
fn locate_evidence(source: &str, label: &Label) -> Option<std::ops::Range<usize>> {
    let wanted: String = label.evidence.split_whitespace().collect::<Vec<_>>().join(" ");
    if wanted.is_empty() || wanted.starts_with("missing:") {
        return None;
    }
    // Compare with white space collapsed: build the collapsed source with a map back to bytes.
    let mut collapsed = String::with_capacity(source.len());
    let mut offsets = Vec::with_capacity(source.len());
    let mut space = false;
    for (i, c) in source.char_indices() {
        if c.is_whitespace() {
            if !space && !collapsed.is_empty() {
                collapsed.push(' ');
                offsets.push(i);
            }
            space = true;
        } else {
            space = false;
            collapsed.push(c);
            offsets.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
    }
    let found: Vec<usize> = collapsed.match_indices(&wanted).map(|(i, _)| i).collect();
    let line_start = label.line.map(|line| source.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>());
    let best = match line_start {
        Some(at) => found.iter().min_by_key(|&&i| offsets[i].abs_diff(at)).copied(),
        None => found.first().copied(),
    }?;
    let end = offsets
        .get(best + wanted.len() - 1)
        .map_or(source.len(), |&o| o + source[o..].chars().next().map_or(1, char::len_utf8));
    Some(offsets[best]..end)
}

/// Score every labelled rule on the documents of `half`, checking each with `today` as the
/// reference day. Returns the counts per rule, and the errors of each rule.
/// With `rules`, the packs are read from its folders (core, gdpr, …) instead of the built-in ones.
pub fn score(set: &EvalSet, corpus: &Path, half: &str, today: Date, rules: Option<&Path>) -> Scores {
    let mut options = LoadOptions { today: Some(today), ..LoadOptions::default() };
    if let Some(rules) = rules {
        options.no_builtin = true;
        options.packs = ["core", "gdpr", "ccpa", "caloppa", "coppa", "clarity"].iter().map(|p| rules.join(p)).collect();
    }
    let project = Project::load(&options, policy_rules_core::config::Config::default()).expect("built-in packs load");
    let engine = project.engine(policy_rules_core::Selection::default()).expect("built-in rules compile");
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let statement_rules: Vec<&str> =
        set.questions.iter().filter(|q| q.fires_on == "yes").map(|q| q.rule.as_str()).collect();
    let rated: BTreeMap<String, Rated> = engine
        .rules()
        .map(|r| {
            let document_level = !statement_rules.contains(&r.id.as_str());
            (r.id.clone(), Rated { severity: r.severity, document_level })
        })
        .chain([(
            "core/not-a-privacy-policy".to_string(),
            Rated { severity: policy_rules_core::Severity::Info, document_level: true },
        )])
        .collect();
    let mut errors: Vec<(String, Judged)> = Vec::new();
    let scored: Vec<&Question> = set.questions.iter().filter(|q| q.fires_on != "-").collect();
    let derived =
        ["caloppa/change-notification", "caloppa/effective-date", "core/stale-policy", "core/not-a-privacy-policy"];
    for labelled in set.documents.iter().filter(|d| d.half == half) {
        let path = corpus.join(&labelled.doc);
        let source = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
        let doc = Arc::new(Document::parse(labelled.doc.clone(), Format::from_path(&path), source.clone()));
        let findings = engine.check(&doc);
        let policy = yes(labelled, "doc/privacy-policy");
        let by_rule = |rule: &str| findings.iter().filter(|f| f.rule == rule).collect::<Vec<&Finding>>();
        let judge = |counts: &mut BTreeMap<String, Counts>,
                     errors: &mut Vec<(String, Judged)>,
                     rule: &str,
                     truth: bool| {
            let found = findings.iter().find(|f| f.rule == rule);
            let entry = counts.entry(rule.to_string()).or_default();
            match (truth, found) {
                (true, Some(_)) => entry.tp += 1,
                (false, Some(finding)) => {
                    entry.fp += 1;
                    let label = labelled.labels.get(label_rule(rule)).and_then(|l| l.first());
                    let detail = match label {
                        Some(l) => format!(
                            "{} | label {} at line {}: {}",
                            finding.message,
                            l.answer,
                            l.line.map_or("-".to_string(), |n| n.to_string()),
                            l.evidence
                        ),
                        None => finding.message.clone(),
                    };
                    errors
                        .push((rule.to_string(), Judged { doc: labelled.doc.clone(), what: "false positive", detail }));
                }
                (true, None) => {
                    entry.fn_ += 1;
                    let judged = Judged { doc: labelled.doc.clone(), what: "false negative", detail: String::new() };
                    errors.push((rule.to_string(), judged));
                }
                (false, None) => {}
            }
        };
        for question in &scored {
            let rule = question.rule.as_str();
            let labels = labelled.labels.get(rule).cloned().unwrap_or_default();
            let scope = in_scope(labelled, &question.scope);
            if question.fires_on == "no" {
                // An absence: the rule should report once when the label says it is missing.
                let truth = policy && scope && labels.first().is_some_and(|l| l.answer == "no");
                judge(&mut counts, &mut errors, rule, truth);
                continue;
            }
            // Statements: each finding should overlap a labelled statement, each statement be found.
            let statements: Vec<std::ops::Range<usize>> = if scope {
                labels.iter().filter(|l| l.answer == "yes").filter_map(|l| locate_evidence(&source, l)).collect()
            } else {
                Vec::new()
            };
            let entry = counts.entry(rule.to_string()).or_default();
            let found = by_rule(rule);
            // A repeated statement is one finding; its copies are the finding's related locations.
            let overlaps = |f: &Finding, r: &std::ops::Range<usize>| {
                let hits = |s: policy_rules_core::span::Span| s.start < r.end && r.start < s.end;
                f.span.is_some_and(hits)
                    || f.labels.iter().any(|l| {
                        matches!(l.text.as_str(), "the same statement, repeated" | "also here") && hits(l.span)
                    })
            };
            for finding in &found {
                if statements.iter().any(|r| overlaps(finding, r)) {
                    entry.tp += 1;
                } else {
                    entry.fp += 1;
                    let text = finding
                        .span
                        .map(|s| {
                            let line = source[..s.start].matches('\n').count() + 1;
                            format!("line {line}: {}", source[s.start..s.end].chars().take(160).collect::<String>())
                        })
                        .unwrap_or_default();
                    errors.push((
                        rule.to_string(),
                        Judged { doc: labelled.doc.clone(), what: "false positive", detail: text },
                    ));
                }
            }
            for statement in &statements {
                if !found.iter().any(|f| overlaps(f, statement)) {
                    entry.fn_ += 1;
                    let line = source[..statement.start].matches('\n').count() + 1;
                    let text =
                        format!("line {line}: {}", source[statement.clone()].chars().take(160).collect::<String>());
                    errors.push((
                        rule.to_string(),
                        Judged { doc: labelled.doc.clone(), what: "false negative", detail: text },
                    ));
                }
            }
        }
        for rule in derived {
            let truth = match rule {
                "core/stale-policy" => {
                    let reference = doc.meta.archived.unwrap_or(today);
                    let date = labelled
                        .labels
                        .get("doc/date")
                        .and_then(|l| l.first())
                        .and_then(|l| Date::parse_iso(&l.answer));
                    policy && date.is_some_and(|d| reference.days_since_epoch() - d.days_since_epoch() > 365)
                }
                "core/not-a-privacy-policy" => !policy,
                other => {
                    let question = set.questions.iter().find(|q| q.rule == label_rule(other));
                    let scope = question.is_some_and(|q| in_scope(labelled, &q.scope));
                    policy
                        && scope
                        && labelled
                            .labels
                            .get(label_rule(other))
                            .and_then(|l| l.first())
                            .is_some_and(|l| l.answer == "no")
                }
            };
            judge(&mut counts, &mut errors, rule, truth);
        }
    }
    (counts, errors, rated)
}

/// The table of a half, in Markdown.
pub fn table(counts: &BTreeMap<String, Counts>, rated: &BTreeMap<String, Rated>) -> String {
    let mut out = String::from(
        "| rule | severity | TP | FP | FN | precision | recall | F1 | targets |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for (rule, c) in counts {
        let (severity, verdict) = match rated.get(rule) {
            Some(r) => (r.severity.to_string(), verdict(rule, c, *r)),
            None => ("—".to_string(), "—"),
        };
        let _ = writeln!(out, "| `{rule}` | {severity} | {} | {verdict} |", cells(c));
    }
    let total =
        counts.values().fold(Counts::default(), |a, c| Counts { tp: a.tp + c.tp, fp: a.fp + c.fp, fn_: a.fn_ + c.fn_ });
    let _ = writeln!(out, "| **all rules** | | {} | |", cells(&total));
    out
}

/// A score with two decimals, or a dash when undefined.
fn number(value: Option<f64>) -> String {
    value.map_or("—".to_string(), |v| format!("{v:.2}"))
}

/// The count and score cells of a table row: TP, FP, FN, precision, recall, F1.
fn cells(c: &Counts) -> String {
    format!("{} | {} | {} | {} | {} | {}", c.tp, c.fp, c.fn_, number(c.precision()), number(c.recall()), number(c.f1()))
}
