//! `policy-rules check`: find the documents, check each with its project's rules, and render the
//! findings in the chosen format.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use policy_rules_core::corpus;
use policy_rules_core::finding::INTERNAL_RULES;
use policy_rules_core::project::{unknown_name, Patterns};
use policy_rules_core::RuleInfo;
use policy_rules_core::{check_each, Engine, Input, Projects, Severity};

use crate::args::{CheckArgs, StdinFormat};
use crate::baseline::Baseline;
use crate::progress::{Progress, Total};
use crate::render::{self, record, RunInfo, Style};
use crate::sources::{self, BytesRead, Source};
use crate::statistics::{self, Statistics};
use crate::walk::Walk;
use crate::{report_error, Io, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE};

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Threads per core `--jobs` may ask for.
const MAX_JOBS_PER_CORE: usize = 8;

/// An error before any document is checked: a message, or a diagnostic already printed.
enum Setup {
    Message(String),
    Reported,
}

/// Everything a run needs before it reads the first document.
struct Plan {
    engines: Vec<Engine>,
    sources: Vec<Source>,
    format: String,
}

/// Print a usage or configuration error; its exit code.
pub(crate) fn usage(io: &mut Io<'_>, message: &str) -> i32 {
    let _ = writeln!(io.stderr, "error: {message}");
    EXIT_USAGE
}

/// Run `check`.
pub fn run(args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    let started = Instant::now();
    let pool = match thread_pool(args.jobs, io) {
        Ok(pool) => pool,
        Err(code) => return code,
    };
    let plan = match plan(args, &pool, io) {
        Ok(plan) => plan,
        Err(Setup::Message(message)) => return usage(io, &message),
        Err(Setup::Reported) => return EXIT_USAGE,
    };
    // Loading the packs, finding the documents and compiling the rules, before any is checked.
    let planned = started.elapsed();
    let baseline = match &args.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(baseline) => Some(baseline),
            Err(message) => return usage(io, &message),
        },
        None => None,
    };
    if args.statistics && !statistics::FORMATS.contains(&plan.format.as_str()) {
        return usage(io, "--statistics prints a table (--format human), JSON (--format json) or CSV (--format csv)");
    }
    if args.document_records && plan.format != "jsonl" {
        return usage(io, "--document-records adds lines to --format jsonl (--format json lists documents already)");
    }
    let (files, corpus_bytes, corpora) = sources::sizes(&plan.sources);
    let read = BytesRead::default();
    let total = match (corpora, corpus_bytes) {
        (false, _) => Total::Documents(files as u64),
        (true, Some(bytes)) if files == 0 => Total::Bytes(bytes),
        _ => Total::Unknown,
    };
    let show_progress = io.env.stderr_terminal && !args.quiet && !args.no_progress;
    let mut progress = Progress::new(show_progress, total, read.clone());
    let mut file_output;
    let out: &mut dyn Write = match &args.output_file {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => {
                file_output = std::io::BufWriter::new(file);
                &mut file_output
            }
            Err(error) => {
                progress.finish();
                return usage(io, &format!("cannot write `{}`: {error}", path.display()));
            }
        },
        None => &mut *io.stdout,
    };
    let terminal = args.output_file.is_none() && io.terminal;
    let color = crate::color(args.color, terminal, &io.env);
    let style = Style { color, width: io.env.columns.unwrap_or(100).clamp(40, 400), documents: args.document_records };
    let format = render::format(&plan.format).unwrap_or(&render::FORMATS[0]);
    let mut emitter = (format.make)(style);
    let run_info = RunInfo { rules: rules_that_ran(&plan.engines) };

    let threshold: Severity = args.fail_on.into();
    let (mut suppressed, mut in_baseline) = (0, 0);
    let mut failed = false;
    let mut write_error = None;
    let mut output_time = std::time::Duration::ZERO;
    let mut statistics = Statistics::new(&run_info.rules);
    if !args.statistics {
        if let Err(error) = emitter.begin(&run_info, out) {
            write_error.get_or_insert(error);
        }
    }
    let mut applicability = Applicability::default();
    let engines = &plan.engines;
    let fields = args.fields.fields();
    let inputs = sources::inputs(plan.sources, fields, &mut *io.stdin, args.shard, read);
    check_each(&pool, inputs.map(|(project, input)| (&engines[project], input)), |mut checked| {
        if let Some(baseline) = &baseline {
            let before = checked.findings.len();
            let records = record::records(&checked, &checked.findings);
            let mut keep = records.iter().map(|r| !baseline.contains(&r.path, &r.fingerprint));
            checked.findings.retain(|_| keep.next().unwrap_or(true));
            in_baseline += before - checked.findings.len();
        }
        suppressed += checked.suppressed.len();
        applicability.add(&checked);
        statistics.add(&checked);
        failed |= checked.findings.iter().any(|f| f.severity.at_least(threshold));
        progress.document(checked.document.as_ref().map_or(0, |d| d.source.len()));
        if args.statistics {
            return true;
        }
        let writing = Instant::now();
        let written = progress.suspend(|| emitter.document(&checked, out).and_then(|()| out.flush()));
        output_time += writing.elapsed();
        match written {
            Ok(()) => true,
            Err(error) => {
                // Nobody reads on: stop checking.
                write_error.get_or_insert(error);
                false
            }
        }
    });
    progress.finish();
    if write_error.is_none() {
        let finished =
            if args.statistics { statistics.write(out, &plan.format) } else { emitter.finish(&run_info, out) };
        if let Err(error) = finished.and_then(|()| out.flush()) {
            write_error.get_or_insert(error);
        }
    }
    if let Some(error) = write_error {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            return if failed && !args.exit_zero { EXIT_FINDINGS } else { EXIT_CLEAN };
        }
        return usage(io, &format!("cannot write output: {error}"));
    }
    if args.timings {
        let _ = writeln!(io.stderr, "time per phase, summed over documents and threads:");
        let mut phases: Vec<(&str, f64)> = vec![("plan", planned.as_secs_f64())];
        for engine in engines {
            for (phase, spent) in engine.phase_timings() {
                match phases.iter_mut().find(|(p, _)| *p == phase) {
                    Some(entry) => entry.1 += spent.as_secs_f64(),
                    None => phases.push((phase, spent.as_secs_f64())),
                }
            }
        }
        phases.push(("output", output_time.as_secs_f64()));
        for (phase, spent) in phases {
            let _ = writeln!(io.stderr, "{spent:>10.3}s  {phase}");
        }
        let _ = writeln!(io.stderr, "time per rule, summed over documents and threads:");
        for engine in engines {
            for (rule, spent) in engine.timings() {
                let _ = writeln!(io.stderr, "{:>10.3}s  {rule}", spent.as_secs_f64());
            }
        }
    }
    if !args.quiet {
        let documents = statistics.documents();
        applicability.write(io.stderr, documents);
        let [errors, warnings, infos, hints] = statistics.counts();
        let mut extra = String::new();
        if suppressed > 0 {
            extra.push_str(&format!(" {suppressed} silenced by comments in the documents."));
        }
        if baseline.is_some() {
            extra.push_str(&format!(" {in_baseline} already in the baseline."));
        }
        let _ = writeln!(
            io.stderr,
            "Checked {} in {:.2}s: {}, {}, {} info, {}.{extra}",
            plural(documents, "document", "documents"),
            started.elapsed().as_secs_f64(),
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            infos,
            plural(hints, "hint", "hints"),
        );
    }
    if failed && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Load the projects, find the documents, check the names given, and compile the engines.
fn plan(args: &CheckArgs, pool: &rayon::ThreadPool, io: &mut Io<'_>) -> Result<Plan, Setup> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut projects = Projects::new(args.packs.options());
    let report = |io: &mut Io<'_>, error: &policy_rules_core::PackError| {
        report_error(io, error);
        Setup::Reported
    };
    let here = projects.index_for_dir(&cwd).map_err(|e| report(io, &e))?;
    let format = args
        .format
        .clone()
        .or_else(|| projects.get(here).config.raw.output_format.clone())
        .unwrap_or_else(|| "human".to_string());
    let paths: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let exclude = Patterns::new(&cwd, &args.exclude);
    let walk = Walk { exclude: &exclude, force_exclude: args.force_exclude };
    let mut sources: Vec<Source> = Vec::new();
    let mut files = Vec::new();
    let mut stdin_read = false;
    for path in &paths {
        if path == Path::new("-") {
            if std::mem::replace(&mut stdin_read, true) {
                return Err(Setup::Message("`-` (standard input) is named twice".into()));
            }
            let project = match &args.stdin_filename {
                Some(name) => projects.index_for_file(name).map_err(|e| report(io, &e))?,
                None => here,
            };
            let format = match args.stdin_format {
                Some(StdinFormat::Jsonl) => {
                    sources.push(Source::Files(std::mem::take(&mut files)));
                    sources.push(Source::StdinCorpus { project });
                    continue;
                }
                Some(StdinFormat::Markdown) => policy_rules_core::Format::Markdown,
                Some(StdinFormat::Html) => policy_rules_core::Format::Html,
                Some(StdinFormat::Text) => policy_rules_core::Format::Text,
                None => args
                    .stdin_filename
                    .as_deref()
                    .map_or(policy_rules_core::Format::Markdown, policy_rules_core::Format::from_path),
            };
            let mut bytes = Vec::new();
            io.stdin.read_to_end(&mut bytes).map_err(|e| Setup::Message(format!("cannot read standard input: {e}")))?;
            let id = args.stdin_filename.as_ref().map_or_else(|| "-".to_string(), |name| name.display().to_string());
            files.push((project, Input::Text { id, format, bytes }));
            continue;
        }
        if corpus::is_corpus(path) && !path.is_dir() {
            let project = projects.index_for_file(path).map_err(|e| report(io, &e))?;
            sources.push(Source::Files(std::mem::take(&mut files)));
            sources.push(Source::Corpus { project, path: path.clone() });
            continue;
        }
        files.extend(walk.expand(std::slice::from_ref(path), &mut projects).map_err(|e| report(io, &e))?);
    }
    sources.push(Source::Files(files));
    sources.retain(|source| !matches!(source, Source::Files(files) if files.is_empty()));
    if sources.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        return Err(Setup::Message(format!(
            "no documents found in {} (folders are searched for {} files, minus exclusions; corpora are named as .jsonl, .jsonl.gz or .jsonl.zst files)",
            shown.join(", "),
            crate::walk::EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ")
        )));
    }
    unknown_rule(&args.rules, &projects).map_err(Setup::Message)?;
    let selection = args.rules.selection();
    let mut engines = Vec::new();
    for project in projects.all() {
        // Compiled on the run's threads.
        let engine = pool.install(|| project.engine(selection.clone()));
        engines.push(engine.map_err(|e| report(io, &e))?);
    }
    Ok(Plan { engines, sources, format })
}

/// The worker threads `--jobs` asks for: a positive number, capped (with a warning) at
/// [`MAX_JOBS_PER_CORE`] per core, since more only cost memory and start-up; one per core by default.
pub(crate) fn thread_pool(jobs: Option<usize>, io: &mut Io<'_>) -> Result<rayon::ThreadPool, i32> {
    if jobs == Some(0) {
        return Err(usage(io, "--jobs must be a positive number of threads"));
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let cap = MAX_JOBS_PER_CORE * cores;
    let jobs = match jobs {
        Some(jobs) if jobs > cap => {
            let _ = writeln!(
                io.stderr,
                "warning: --jobs {jobs} is more than {cap} ({MAX_JOBS_PER_CORE} per core); using {cap}"
            );
            Some(cap)
        }
        other => other,
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|_| usage(io, "cannot start the worker threads"))
}

/// An error naming the first `--select` or `--ignore` name that no loaded project knows, with the
/// closest name.
pub(crate) fn unknown_rule(rules: &crate::args::RuleArgs, projects: &Projects) -> Result<(), String> {
    let known: Vec<String> = projects.all().iter().flat_map(|p| p.names()).collect();
    match unknown_name(&rules.names(), &known) {
        Some((name, close)) => {
            let hint = close.map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
            Err(format!("`{name}` is neither a loaded rule id nor a pack name{hint}"))
        }
        None => Ok(()),
    }
}

/// Every rule that ran in any engine, each once, then the tool's own rules.
pub(crate) fn rules_that_ran(engines: &[Engine]) -> Vec<RuleInfo> {
    let mut rules: Vec<RuleInfo> = Vec::new();
    for info in engines.iter().flat_map(Engine::rules) {
        if !rules.iter().any(|r| r.id == info.id) {
            rules.push(info.clone());
        }
    }
    rules.extend(INTERNAL_RULES.iter().map(|internal| RuleInfo {
        id: internal.id.to_string(),
        pack: internal.id.split('/').next().unwrap_or_default().to_string(),
        severity: internal.severity,
        message: internal.description.trim_end_matches('.').to_string(),
        help: None,
        example: None,
        reference: None,
        url: None,
        tags: Vec::new(),
        kind: "internal",
        once: false,
    }));
    rules
}

/// One pack over the run: documents applied to, documents judged, and the first documents it was
/// not applied to, each with why.
type PackTally = (usize, usize, Vec<(String, String)>);

/// Which packs that run only where they apply were applied, over the run, with the first reasons
/// for not applying them.
#[derive(Default)]
struct Applicability {
    packs: BTreeMap<String, PackTally>,
    /// The reasons of the packs applied to the first document, shown when it is the only one.
    first: Vec<(String, String)>,
}

impl Applicability {
    /// Documents whose reasons the summary lists, per pack.
    const LISTED: usize = 5;

    fn add(&mut self, checked: &policy_rules_core::Checked) {
        if self.packs.is_empty() {
            self.first =
                checked.packs.iter().filter(|p| p.applied).map(|p| (p.pack.clone(), p.reason.clone())).collect();
        }
        for outcome in &checked.packs {
            let entry = self.packs.entry(outcome.pack.clone()).or_default();
            entry.1 += 1;
            if outcome.applied {
                entry.0 += 1;
            } else if entry.2.len() < Self::LISTED {
                entry.2.push((checked.path.clone(), outcome.reason.clone()));
            }
        }
    }

    /// "gdpr not applied to policy.md: the policy never mentions …", and counts over many documents.
    fn write(&self, out: &mut dyn Write, documents: usize) {
        for (pack, (applied, judged, skipped)) in &self.packs {
            if documents == 1 {
                if let Some((_, why)) = self.first.iter().find(|(p, _)| p == pack) {
                    let _ = writeln!(out, "{pack} applied: {why}.");
                }
            } else {
                let _ = writeln!(out, "{pack} applied to {applied} of {judged} documents.");
            }
            for (path, why) in skipped {
                let _ = writeln!(out, "{pack} not applied to {}: {why}.", crate::render::escape_controls(path));
            }
            let more = judged - applied - skipped.len();
            if more > 0 {
                let _ = writeln!(
                    out,
                    "{pack} not applied to {more} more documents; `--format json` gives the reason for each."
                );
            }
        }
    }
}
