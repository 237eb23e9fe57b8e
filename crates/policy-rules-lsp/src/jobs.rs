//! Work done off the message loop: checking a policy, validating a pack or a configuration,
//! running a pack's tests. Each job carries the version it was asked for; the loop drops results
//! for versions that are no longer current.

use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;
use policy_rules_core::config::Config;
use policy_rules_core::pack::raw::{locate, Target};
use policy_rules_core::pack::Origin;
use policy_rules_core::testing::{self, CaseAt};
use policy_rules_core::{Document, Engine, Finding, Format, LineIndex, Pack, PackError, Selection, Span};

use crate::rules::Rules;

/// Something to do.
pub enum Job {
    /// Parse and check a policy.
    Check {
        /// The document.
        uri: Uri,
        /// The version asked for.
        version: i32,
        /// Its path, or an id for an unsaved document.
        name: String,
        /// Its format.
        format: Format,
        /// Its text.
        text: Arc<String>,
        /// The folder whose project's rules apply.
        dir: PathBuf,
        /// The rules of every project.
        rules: Arc<Rules>,
    },
    /// Load a pack from an edited `pack.yaml` or script, and optionally run its tests.
    Pack {
        /// The edited file.
        uri: Uri,
        /// Its version.
        version: i32,
        /// The pack's folder.
        dir: PathBuf,
        /// Open buffers of the pack's files: (path, text), overriding the files on disk.
        buffers: Vec<(PathBuf, Arc<String>)>,
        /// Run the inline tests and fixtures too (on save).
        test: bool,
    },
    /// Validate an edited configuration file.
    Config {
        /// The file.
        uri: Uri,
        /// Its version.
        version: i32,
        /// Its path.
        path: PathBuf,
        /// Its text.
        text: Arc<String>,
    },
}

/// A problem in a file of a pack or configuration, at a byte range of that file.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Where.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

/// What a job found.
pub enum Outcome {
    /// A policy was checked.
    Checked {
        /// The document.
        uri: Uri,
        /// The version checked.
        version: i32,
        /// The parsed document.
        document: Arc<Document>,
        /// Its findings, in order.
        findings: Vec<Finding>,
        /// The rules it was checked with.
        engine: Arc<Engine>,
    },
    /// A policy could not be checked: its configuration or packs do not load.
    Unloadable {
        /// The document.
        uri: Uri,
        /// The version asked for.
        version: i32,
        /// Why.
        error: Arc<PackError>,
    },
    /// A pack, a script or a configuration was validated (and a pack's tests run).
    Validated {
        /// The file edited.
        uri: Uri,
        /// Its version.
        version: i32,
        /// The files looked at, each with its problems (none: clear them).
        problems: Vec<(PathBuf, Vec<Problem>, Option<PackError>)>,
    },
}

/// Start `workers` threads that take jobs from `jobs` and send what they find to `outcomes`.
pub fn start(workers: usize, jobs: Receiver<Job>, outcomes: Sender<Outcome>) {
    for n in 0..workers.max(1) {
        let jobs = jobs.clone();
        let outcomes = outcomes.clone();
        let spawned = std::thread::Builder::new().name(format!("policy-rules-worker-{n}")).spawn(move || {
            for job in jobs {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(job)));
                match outcome {
                    Ok(outcome) => {
                        if outcomes.send(outcome).is_err() {
                            return;
                        }
                    }
                    Err(_) => log!(Error, "a job failed unexpectedly; the server goes on"),
                }
            }
        });
        if let Err(error) = spawned {
            log!(Error, "cannot start a worker thread: {error}");
        }
    }
}

fn run(job: Job) -> Outcome {
    match job {
        Job::Check { uri, version, name, format, text, dir, rules } => match rules.engine_for(&dir) {
            Ok(engine) => {
                let document = Arc::new(Document::parse(name, format, text.as_str().to_owned()));
                let findings = engine.check_document(&document).reported;
                Outcome::Checked { uri, version, document, findings, engine }
            }
            Err(error) => Outcome::Unloadable { uri, version, error },
        },
        Job::Pack { uri, version, dir, buffers, test } => {
            Outcome::Validated { uri, version, problems: validate_pack(&dir, &buffers, test) }
        }
        Job::Config { uri, version, path, text } => {
            let problems = match validate_config(&path, &text) {
                Ok(()) => Vec::new(),
                Err(error) => vec![error],
            };
            Outcome::Validated { uri, version, problems: vec![(path, Vec::new(), problems.into_iter().next())] }
        }
    }
}

/// The text of `path`: its open buffer, else the file.
fn read(path: &std::path::Path, buffers: &[(PathBuf, Arc<String>)]) -> Option<String> {
    match buffers.iter().find(|(p, _)| p == path) {
        Some((_, text)) => Some(text.as_str().to_owned()),
        None => std::fs::read_to_string(path).ok(),
    }
}

/// Load the pack in `dir` (open buffers first), compile its rules and, when asked, run its tests.
/// Returns, for `pack.yaml` and every script, the problems found (an empty list clears them).
fn validate_pack(
    dir: &std::path::Path,
    buffers: &[(PathBuf, Arc<String>)],
    test: bool,
) -> Vec<(PathBuf, Vec<Problem>, Option<PackError>)> {
    let Some(file) = ["pack.yaml", "pack.yml"].iter().map(|n| dir.join(n)).find(|p| read(p, buffers).is_some()) else {
        return Vec::new();
    };
    let Some(yaml) = read(&file, buffers) else { return Vec::new() };
    let name = file.display().to_string();
    let mut pack = match Pack::from_yaml(&yaml, &name, Origin::Dir(dir.to_path_buf())) {
        Ok(pack) => pack,
        Err(error) => return vec![(file, Vec::new(), Some(error))],
    };
    let mut files: Vec<(PathBuf, Vec<Problem>, Option<PackError>)> = vec![(file.clone(), Vec::new(), None)];
    for script in pack.script_paths() {
        let path = dir.join(&script);
        files.push((path.clone(), Vec::new(), None));
        match read(&path, buffers) {
            Some(source) => pack.scripts.push((script, source)),
            None => {
                let message = format!("cannot read script `{}`", path.display());
                files[0].1.push(Problem { span: Span::new(0, 0), message });
            }
        }
    }
    if let Err(error) = Engine::new(std::slice::from_ref(&pack), Selection::default()) {
        let target = crate::diagnostics::error_file(&error).map(PathBuf::from).unwrap_or_else(|| file.clone());
        match files.iter_mut().find(|(path, _, _)| *path == target) {
            Some(entry) => entry.2 = Some(error),
            None => files[0].2 = Some(error),
        }
        return files;
    }
    if test {
        pack.fixtures = read_fixtures(dir, buffers);
        match testing::run_pack(&pack) {
            Ok(outcomes) => {
                let index = LineIndex::new(&yaml);
                for failure in outcomes.iter().flat_map(|o| &o.failures) {
                    let (path, span) = match failure.at {
                        CaseAt::Inline { rule, pass, index: case } => {
                            let at = locate(&yaml, Target::Case(rule, pass, case))
                                .map_or(0, |(line, column)| index.offset_of(&yaml, line, column));
                            (file.clone(), Span::new(at, at + token_len(&yaml[at..])))
                        }
                        CaseAt::Fixture { line } => {
                            let fixture = failure.case.rsplit_once(':').map_or(failure.case.as_str(), |(p, _)| p);
                            let path = dir.join(fixture.trim_end_matches(" (document)"));
                            let text = read(&path, buffers).unwrap_or_default();
                            let lines = LineIndex::new(&text);
                            let start = lines.line_start(line.saturating_sub(1));
                            (path, Span::new(start, lines.line_end(&text, line.saturating_sub(1))))
                        }
                    };
                    let actual: Vec<String> = failure.actual.iter().map(ToString::to_string).collect();
                    let message = format!(
                        "test of {} failed ({}): expected {}; got {}",
                        failure.rule,
                        failure.why,
                        failure.expected,
                        if actual.is_empty() { "no finding".to_string() } else { actual.join("; ") }
                    );
                    match files.iter_mut().find(|(p, _, _)| *p == path) {
                        Some(entry) => entry.1.push(Problem { span, message }),
                        None => files.push((path, vec![Problem { span, message }], None)),
                    }
                }
            }
            Err(error) => files[0].2 = Some(error),
        }
    }
    files
}

/// The fixture documents of a pack, open buffers first.
fn read_fixtures(dir: &std::path::Path, buffers: &[(PathBuf, Arc<String>)]) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir.join("tests")) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| {
            matches!(Format::from_path(p), Format::Markdown | Format::Html) || p.extension().is_some_and(|e| e == "txt")
        })
        .filter_map(|path| {
            let text = read(&path, buffers)?;
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some((format!("tests/{name}"), text))
        })
        .collect()
}

/// Length of the YAML value starting at `rest`: to the end of the line.
fn token_len(rest: &str) -> usize {
    rest.find(['\n', '\r']).unwrap_or(rest.len())
}

/// Parse a configuration from its edited text and load the packs it names.
fn validate_config(path: &std::path::Path, text: &str) -> Result<(), PackError> {
    let raw = policy_rules_core::pack::raw::parse_config(text)
        .map_err(|error| PackError::from_yaml(error, &path.display().to_string(), text))?;
    let config = Config::with_text(path, raw, text);
    let packs = config.packs(false, None)?;
    config.check_overrides(&packs)
}
