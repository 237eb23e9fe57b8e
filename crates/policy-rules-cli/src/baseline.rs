//! `--baseline FILE`: findings of an earlier run (`--format json` or `jsonl`), so that a run
//! reports only what is new. Findings are matched by fingerprint, so moved lines are not new.

use std::collections::HashSet;
use std::path::Path;

use crate::render::record::{Findings, Record};

/// The findings of a baseline file: (path, fingerprint).
#[derive(Debug, Default)]
pub struct Baseline {
    fingerprints: HashSet<(String, String)>,
}

impl Baseline {
    /// Read a findings file written by `check --format json` or `--format jsonl`.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read the baseline `{}`: {e}", path.display()))?;
        let first_line = text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default();
        let records: Vec<Record> = if serde_json::from_str::<Record>(first_line).is_err() {
            let all: Findings = serde_json::from_str(&text)
                .map_err(|e| format!("`{}` is not a findings file of `--format json`: {e}", path.display()))?;
            all.findings
        } else {
            text.lines()
                .enumerate()
                .filter(|(_, line)| !line.trim().is_empty())
                .map(|(n, line)| {
                    serde_json::from_str(line).map_err(|e| {
                        format!("`{}` line {}: not a finding of `--format jsonl`: {e}", path.display(), n + 1)
                    })
                })
                .collect::<Result<_, _>>()?
        };
        Ok(Baseline { fingerprints: records.into_iter().map(|r| (r.path, r.fingerprint)).collect() })
    }

    /// Whether this finding of this document was already there.
    pub fn contains(&self, path: &str, fingerprint: &str) -> bool {
        self.fingerprints.contains(&(path.to_string(), fingerprint.to_string()))
    }
}
