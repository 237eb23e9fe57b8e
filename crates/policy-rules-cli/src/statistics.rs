//! `check --statistics`: per rule, the documents it flagged and its findings, as a table, JSON or
//! CSV.

use std::collections::BTreeMap;
use std::io::Write;

use policy_rules_core::{Checked, RuleInfo, Severity};
use serde::Serialize;

/// Per-rule counts.
#[derive(Debug, Clone, Serialize)]
struct RuleStatistics {
    rule: String,
    severity: Severity,
    documents: usize,
    findings: usize,
}

/// Findings by severity.
#[derive(Debug, Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    info: usize,
    hint: usize,
}

/// `--statistics --format json`.
#[derive(Debug, Serialize)]
struct Report {
    documents: usize,
    documents_with_findings: usize,
    findings: BySeverity,
    rules: Vec<RuleStatistics>,
}

/// The formats `--statistics` can print.
pub const FORMATS: &[&str] = &["human", "concise", "json", "csv"];

/// Counts over a run.
pub struct Statistics {
    documents: usize,
    flagged: usize,
    counts: [usize; 4],
    /// rule -> (severity, documents flagged, findings)
    rules: BTreeMap<String, (Severity, usize, usize)>,
}

impl Statistics {
    /// Every pack rule that ran has a row, found or not; the tool's own rules only when they report.
    pub fn new(rules: &[RuleInfo]) -> Statistics {
        let rules = rules.iter().filter(|r| r.kind != "internal").map(|r| (r.id.clone(), (r.severity, 0, 0))).collect();
        Statistics { documents: 0, flagged: 0, counts: [0; 4], rules }
    }

    /// Count one document's findings.
    pub fn add(&mut self, checked: &Checked) {
        self.documents += 1;
        let mut flagged: Vec<&str> = Vec::new();
        for finding in &checked.findings {
            self.counts[finding.severity as usize] += 1;
            let entry = self.rules.entry(finding.rule.clone()).or_insert((finding.severity, 0, 0));
            entry.2 += 1;
            if !flagged.contains(&finding.rule.as_str()) {
                flagged.push(&finding.rule);
                entry.1 += 1;
            }
        }
        self.flagged += usize::from(!checked.findings.is_empty());
    }

    /// Documents counted.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// Findings by severity: error, warning, info, hint.
    pub fn counts(&self) -> [usize; 4] {
        self.counts
    }

    fn rows(&self) -> Vec<RuleStatistics> {
        self.rules
            .iter()
            .map(|(rule, (severity, documents, findings))| RuleStatistics {
                rule: rule.clone(),
                severity: *severity,
                documents: *documents,
                findings: *findings,
            })
            .collect()
    }

    /// Print the counts in `format` (one of [`FORMATS`]).
    pub fn write(&self, out: &mut dyn Write, format: &str) -> std::io::Result<()> {
        let rows = self.rows();
        match format {
            "json" => {
                let [error, warning, info, hint] = self.counts;
                let report = Report {
                    documents: self.documents,
                    documents_with_findings: self.flagged,
                    findings: BySeverity { error, warning, info, hint },
                    rules: rows,
                };
                serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::other)?;
                out.write_all(b"\n")
            }
            "csv" => {
                let mut csv = csv::Writer::from_writer(out);
                for row in &rows {
                    csv.serialize(row).map_err(crate::render::csv_error)?;
                }
                csv.flush()
            }
            _ => {
                let mut table = format!("{:<40} {:<8} {:>10} {:>9}\n", "RULE", "SEVERITY", "DOCUMENTS", "FINDINGS");
                for row in &rows {
                    table.push_str(&format!(
                        "{:<40} {:<8} {:>10} {:>9}\n",
                        row.rule,
                        row.severity.as_str(),
                        row.documents,
                        row.findings
                    ));
                }
                table.push_str(&format!(
                    "{} documents, {} with findings, {} findings\n",
                    self.documents,
                    self.flagged,
                    self.counts.iter().sum::<usize>()
                ));
                out.write_all(table.as_bytes())
            }
        }
    }
}
