//! `policy-rules diff --history`: over a corpus of dated versions, each rule's first and last
//! appearance per policy, as a table, JSON, JSON Lines or CSV.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use policy_rules_core::corpus;
use policy_rules_core::document::Date;
use policy_rules_core::{check_each, Checked, Projects, Severity};
use serde::Serialize;

use super::check::{thread_pool, unknown_rule, usage};
use crate::args::DiffArgs;
use crate::sources::{self, BytesRead, Source};
use crate::walk::Walk;
use crate::{report_error, Io, EXIT_CLEAN, EXIT_USAGE};

/// The formats `--history` prints.
const FORMATS: &[&str] = &["human", "json", "jsonl", "csv"];

/// Run `diff --history`.
pub fn run(args: &DiffArgs, io: &mut Io<'_>) -> i32 {
    let format = args.format.clone().unwrap_or_else(|| "human".into());
    if !FORMATS.contains(&format.as_str()) {
        let _ = writeln!(io.stderr, "error: --history prints {}, not {format}", FORMATS.join(", "));
        return EXIT_USAGE;
    }
    if args.paths.is_empty() {
        let _ = writeln!(io.stderr, "error: --history needs the versions: a corpus, folders or files");
        return EXIT_USAGE;
    }
    let history = match gather(args, io) {
        Ok(history) => history,
        Err(code) => return code,
    };
    let rows = history.appearances();
    let written = write(&mut *io.stdout, &format, &rows).and_then(|()| io.stdout.flush());
    if let Err(error) = written {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(io.stderr, "error: cannot write output: {error}");
            return EXIT_USAGE;
        }
    }
    if !args.quiet {
        let _ =
            writeln!(io.stderr, "{} policies, {} rules that flagged a version of one.", history.policies(), rows.len());
    }
    EXIT_CLEAN
}

fn write(out: &mut dyn Write, format: &str, rows: &[Appearance]) -> std::io::Result<()> {
    match format {
        "json" => {
            serde_json::to_writer_pretty(&mut *out, rows).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        }
        "jsonl" => {
            for row in rows {
                serde_json::to_writer(&mut *out, row).map_err(std::io::Error::other)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        "csv" => {
            let mut csv = csv::Writer::from_writer(out);
            for row in rows {
                csv.serialize(row).map_err(crate::render::csv_error)?;
            }
            csv.flush()
        }
        _ => {
            let width = rows.iter().map(|r| r.policy.chars().count()).max().unwrap_or(6).clamp(6, 48);
            writeln!(out, "{:<width$} {:<36} {:<10} {:<10} {:>8} NOW", "POLICY", "RULE", "FIRST", "LAST", "VERSIONS")?;
            for row in rows {
                let policy = crate::render::escape_controls(&row.policy);
                let flagged = format!("{}/{}", row.versions_flagged, row.versions);
                let now = if row.in_latest { "yes" } else { "no" };
                writeln!(
                    out,
                    "{policy:<width$} {:<36} {:<10} {:<10} {flagged:>8} {now}",
                    row.rule, row.first, row.last
                )?;
            }
            Ok(())
        }
    }
}

/// One rule's appearances in one policy's versions.
#[derive(Debug, Clone, Serialize)]
pub struct Appearance {
    /// The policy: the site its corpus header line names, else the id up to the last `/`.
    pub policy: String,
    /// The rule.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// The first version it flagged: its date, else its id.
    pub first: String,
    /// The last version it flagged.
    pub last: String,
    /// How many versions it flagged.
    pub versions_flagged: usize,
    /// How many versions the policy has.
    pub versions: usize,
    /// Whether it flags the latest version.
    pub in_latest: bool,
}

/// A version's place in time: its date when known, then its id.
type Version = (Option<Date>, String);

fn shown(version: &Version) -> String {
    version.0.map_or_else(|| version.1.clone(), |date| date.iso())
}

/// The policy a version belongs to (the site a corpus header line names, else the id up to its
/// last `/`), and its date: a record's or header line's date, else a `YYYY-MM-DD` file name.
pub fn version_of(checked: &Checked) -> (String, Version) {
    let id = checked.path.clone();
    let site = checked.document.as_ref().and_then(|d| d.meta.site.clone());
    let policy = site.unwrap_or_else(|| id.rsplit_once('/').map_or(id.as_str(), |(policy, _)| policy).to_string());
    let stem = Path::new(&id).file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
    let date = checked.document.as_ref().and_then(|d| d.meta.archived).or_else(|| Date::parse_iso(&stem));
    (policy, (date, id))
}

/// Appearances over a run, policy by policy.
#[derive(Default)]
pub struct History {
    /// policy -> (versions, latest version)
    policies: BTreeMap<String, (usize, Version)>,
    /// (policy, rule) -> (severity, first, last, versions flagged)
    rules: BTreeMap<(String, String), (Severity, Version, Version, usize)>,
}

impl History {
    /// Add one checked version.
    pub fn add(&mut self, checked: &Checked) {
        let (policy, version) = version_of(checked);
        let entry = self.policies.entry(policy.clone()).or_insert((0, version.clone()));
        entry.0 += 1;
        if version > entry.1 {
            entry.1 = version.clone();
        }
        let mut seen: Vec<&str> = Vec::new();
        for finding in &checked.findings {
            if seen.contains(&finding.rule.as_str()) {
                continue;
            }
            seen.push(&finding.rule);
            let key = (policy.clone(), finding.rule.clone());
            let entry = self.rules.entry(key).or_insert((finding.severity, version.clone(), version.clone(), 0));
            entry.1 = entry.1.clone().min(version.clone());
            entry.2 = entry.2.clone().max(version.clone());
            entry.3 += 1;
        }
    }

    /// The appearances, by policy then rule.
    pub fn appearances(&self) -> Vec<Appearance> {
        self.rules
            .iter()
            .map(|((policy, rule), (severity, first, last, flagged))| {
                let (versions, latest) = &self.policies[policy];
                Appearance {
                    policy: policy.clone(),
                    rule: rule.clone(),
                    severity: *severity,
                    first: shown(first),
                    last: shown(last),
                    versions_flagged: *flagged,
                    versions: *versions,
                    in_latest: last == latest,
                }
            })
            .collect()
    }

    /// Policies seen.
    pub fn policies(&self) -> usize {
        self.policies.len()
    }
}

/// Check every version named by `args.paths` (files, folders, corpora) and gather the history.
pub fn gather(args: &DiffArgs, io: &mut Io<'_>) -> Result<History, i32> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut projects = Projects::new(args.packs.options());
    let exclude = policy_rules_core::project::Patterns::new(&cwd, &[]);
    let walk = Walk { exclude: &exclude, force_exclude: false };
    let mut sources_list = Vec::new();
    for path in &args.paths {
        let found = if corpus::is_corpus(path) && !path.is_dir() {
            projects.index_for_file(path).map(|project| Source::Corpus { project, path: path.clone() })
        } else {
            walk.expand(std::slice::from_ref(path), &mut projects).map(Source::Files)
        };
        match found {
            Ok(source) => sources_list.push(source),
            Err(error) => {
                report_error(io, &error);
                return Err(EXIT_USAGE);
            }
        }
    }
    if let Err(message) = unknown_rule(&args.rules, &projects) {
        return Err(usage(io, &message));
    }
    let selection = args.rules.selection();
    let mut engines = Vec::new();
    for project in projects.all() {
        match project.engine(selection.clone()) {
            Ok(engine) => engines.push(engine),
            Err(error) => {
                report_error(io, &error);
                return Err(EXIT_USAGE);
            }
        }
    }
    let pool = thread_pool(args.jobs, io)?;
    let fields = args.fields.fields();
    let mut history = History::default();
    let mut no_stdin = std::io::empty();
    let inputs = sources::inputs(sources_list, fields, &mut no_stdin, None, BytesRead::default());
    check_each(&pool, inputs.map(|(project, input)| (&engines[project], input)), |checked| {
        history.add(&checked);
        true
    });
    Ok(history)
}
