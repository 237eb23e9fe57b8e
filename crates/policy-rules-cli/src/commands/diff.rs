//! `policy-rules diff`: how a policy's findings changed between two versions (appeared,
//! disappeared, stayed), or with `--history`, each rule's first and last appearance per policy
//! over a corpus of dated versions.

use std::path::{Path, PathBuf};

use policy_rules_core::corpus::{self, Fields, Records};
use policy_rules_core::{Checked, Engine, Input, Projects, Severity};

use super::check::{rules_that_ran, unknown_rule, usage};
use crate::args::DiffArgs;
use crate::render::{self, record, RunInfo, Style};
use crate::{report_error, Io, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE};

/// Run `diff`.
pub fn run(args: &DiffArgs, io: &mut Io<'_>) -> i32 {
    if args.history {
        return super::history::run(args, io);
    }
    let [old, new] = args.paths.as_slice() else {
        return usage(io, "diff compares two versions: `policy-rules diff OLD NEW` (or `--history CORPUS…`)");
    };
    let format_name = args.format.clone().unwrap_or_else(|| "human".into());
    let Some(format) = render::format(&format_name) else {
        return usage(io, &format!("unknown format `{format_name}`"));
    };
    let mut projects = Projects::new(args.packs.options());
    let fields = args.fields.fields();
    let selection = args.rules.selection();
    let mut versions = Vec::new();
    let mut engines: Vec<Engine> = Vec::new();
    for given in [old, new] {
        let (input, at) = match locate(given, &fields) {
            Ok(found) => found,
            Err(message) => return usage(io, &message),
        };
        let project = match projects.index_for_file(&at) {
            Ok(project) => project,
            Err(error) => {
                report_error(io, &error);
                return EXIT_USAGE;
            }
        };
        let engine = match projects.get(project).engine(selection.clone()) {
            Ok(engine) => engine,
            Err(error) => {
                report_error(io, &error);
                return EXIT_USAGE;
            }
        };
        versions.push(engine.check_input(input));
        engines.push(engine);
    }
    if let Err(message) = unknown_rule(&args.rules, &projects) {
        return usage(io, &message);
    }
    let (Some(new_checked), Some(old_checked)) = (versions.pop(), versions.pop()) else { return EXIT_USAGE };
    let change = Change::between(old_checked, new_checked);

    let color = crate::color(args.color, io.terminal, &io.env);
    let style = Style { color, width: io.env.columns.unwrap_or(100).clamp(40, 400), documents: false };
    let mut emitter = (format.make)(style);
    let run_info = RunInfo { rules: rules_that_ran(&engines) };
    let threshold: Severity = args.fail_on.into();
    let failed = change.appeared.findings.iter().any(|f| f.severity.at_least(threshold));
    let out = &mut *io.stdout;
    let written = emitter
        .begin(&run_info, out)
        .and_then(|()| emitter.document(&change.appeared, out))
        .and_then(|()| emitter.document(&change.disappeared, out))
        .and_then(|()| if args.all { emitter.document(&change.stayed, out) } else { Ok(()) })
        .and_then(|()| emitter.finish(&run_info, out))
        .and_then(|()| out.flush());
    if let Err(error) = written {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            return usage(io, &format!("cannot write output: {error}"));
        }
    }
    if !args.quiet {
        let _ = writeln!(
            io.stderr,
            "{} → {}: {} appeared, {} disappeared, {} stayed{}.",
            crate::render::escape_controls(&change.disappeared.path),
            crate::render::escape_controls(&change.appeared.path),
            change.appeared.findings.len(),
            change.disappeared.findings.len(),
            change.stayed.findings.len(),
            if args.all { "" } else { " (--all lists those that stayed)" },
        );
    }
    if failed && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// The input a version names: a file, or `CORPUS#ID`, the record `ID` of a JSON Lines corpus; and
/// the path whose project's rules check it.
fn locate(given: &Path, fields: &Fields) -> Result<(Input, PathBuf), String> {
    let text = given.to_string_lossy();
    if let Some((corpus_path, id)) = text.rsplit_once('#') {
        let corpus_path = Path::new(corpus_path);
        if corpus::is_corpus(corpus_path) && !given.exists() {
            if !std::fs::metadata(corpus_path).is_ok_and(|m| m.is_file()) {
                return Err(format!("`{}` is not a readable corpus file", corpus_path.display()));
            }
            let file = std::fs::File::open(corpus_path)
                .map_err(|e| format!("cannot read `{}`: {e}", corpus_path.display()))?;
            let reader =
                corpus::decompress(file).map_err(|e| format!("cannot read `{}`: {e}", corpus_path.display()))?;
            let shown = corpus_path.display().to_string();
            let record = Records::new(reader, shown, fields.clone())
                .find(|input| matches!(input, Input::Record { id: found, .. } if found == id));
            return match record {
                Some(record) => Ok((record, corpus_path.to_path_buf())),
                None => Err(format!("`{}` has no record with id `{id}`", corpus_path.display())),
            };
        }
    }
    if corpus::is_corpus(given) {
        return Err(format!("`{}` is a corpus: name one record as `{}#ID`", given.display(), given.display()));
    }
    Ok((Input::Path(given.to_path_buf()), given.to_path_buf()))
}

/// Two versions' findings, split three ways, each as the version it is shown in.
struct Change {
    /// Findings of the new version that the old did not have.
    appeared: Checked,
    /// Findings of the old version that the new does not have.
    disappeared: Checked,
    /// Findings of the new version that the old had too.
    stayed: Checked,
}

impl Change {
    /// Match findings by rule and fingerprint (the flagged text, white space and case aside; the
    /// rule alone for "the policy never says…" findings), counting repeats.
    fn between(old: Checked, new: Checked) -> Change {
        let keys = |checked: &Checked| -> Vec<(String, String)> {
            record::records(checked, &checked.findings).into_iter().map(|r| (r.rule, r.fingerprint)).collect()
        };
        let (old_keys, new_keys) = (keys(&old), keys(&new));
        // Fingerprints count repeats, so each key is unique within its version.
        let split = |checked: &Checked, own: &[(String, String)], other: &[(String, String)]| {
            let other: std::collections::HashSet<&(String, String)> = other.iter().collect();
            let mut kept = (Vec::new(), Vec::new());
            for (finding, key) in checked.findings.iter().zip(own) {
                if other.contains(key) {
                    kept.1.push(finding.clone());
                } else {
                    kept.0.push(finding.clone());
                }
            }
            kept
        };
        let (appeared, stayed) = split(&new, &new_keys, &old_keys);
        let (disappeared, _) = split(&old, &old_keys, &new_keys);
        let labelled = |checked: &Checked, findings: Vec<policy_rules_core::Finding>, label: &str| Checked {
            path: checked.path.clone(),
            document: checked.document.clone(),
            findings: findings
                .into_iter()
                .map(|mut f| {
                    f.message = format!("{label}: {}", f.message);
                    f
                })
                .collect(),
            suppressed: Vec::new(),
            packs: checked.packs.clone(),
        };
        Change {
            appeared: labelled(&new, appeared, "appeared"),
            disappeared: labelled(&old, disappeared, "disappeared"),
            stayed: labelled(&new, stayed, "stayed"),
        }
    }
}
