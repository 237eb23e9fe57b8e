//! The `policy-rules` command: argument parsing, walking, and rendering; no rule logic.

pub mod args;
pub mod render;
pub mod walk;

use std::io::Write;
use std::time::Instant;

use clap::Parser;
use miette::{GraphicalReportHandler, GraphicalTheme};
use policy_rules_core::config::Config;
use policy_rules_core::script::ScriptLimits;
use policy_rules_core::{Engine, Input, Pack, PackError, Selection, Severity};

use args::{CheckArgs, Cli, Command, OutputFormat};

/// Exit code: nothing at or above `--fail-on`.
pub const EXIT_CLEAN: i32 = 0;
/// Exit code: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage or configuration error.
pub const EXIT_USAGE: i32 = 2;

/// Where output goes, and whether it may be coloured.
pub struct Io<'a> {
    /// Findings.
    pub stdout: &'a mut dyn Write,
    /// Summary and errors.
    pub stderr: &'a mut dyn Write,
    /// Colour the human output.
    pub color: bool,
}

/// Run the command line `args` (program name first); returns the exit code.
pub fn run<I, T>(args: I, io: &mut Io<'_>) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { EXIT_USAGE } else { EXIT_CLEAN };
            let text = if io.color { error.render().ansi().to_string() } else { error.render().to_string() };
            let target: &mut dyn Write = if error.use_stderr() { &mut *io.stderr } else { &mut *io.stdout };
            let _ = target.write_all(text.as_bytes());
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check(&args, io),
    }
}

fn report_error(io: &mut Io<'_>, error: &dyn miette::Diagnostic) {
    let theme = if io.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let mut text = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    if handler.render_report(&mut text, error).is_err() {
        text = format!("error: {error}\n");
    }
    let _ = io.stderr.write_all(text.as_bytes());
}

/// The configuration a run uses: `--config FILE`, else the nearest policy-rules.yaml, else none.
pub fn load_config(explicit: Option<&std::path::Path>) -> Result<Config, PackError> {
    match explicit {
        Some(file) => Config::load(file),
        None => {
            let cwd = std::env::current_dir().unwrap_or_default();
            Ok(Config::discover(&cwd)?.unwrap_or_default())
        }
    }
}

/// Load the packs a run uses: the configured (or built-in) packs, then each `--pack` folder.
pub fn load_packs(config: &Config, no_builtin: bool, dirs: &[std::path::PathBuf]) -> Result<Vec<Pack>, PackError> {
    let mut packs = config.packs(no_builtin)?;
    for dir in dirs {
        packs.push(Pack::from_dir(dir)?);
    }
    Ok(packs)
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn check(args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    let started = Instant::now();
    let loaded = load_config(args.config.as_deref())
        .and_then(|config| Ok((load_packs(&config, args.no_builtin, &args.packs)?, config)));
    let (packs, config) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            report_error(io, &error);
            return EXIT_USAGE;
        }
    };
    let selection = Selection { select: args.select.clone(), ignore: args.ignore.clone() };
    let mut limits = ScriptLimits::default();
    if let Some(budget) = config.script_budget() {
        limits.budget = budget;
    }
    let today = Some(policy_rules_core::document::Date::today());
    let engine = match Engine::with_limits(&packs, selection, limits, today) {
        Ok(engine) => engine,
        Err(error) => {
            report_error(io, &error);
            return EXIT_USAGE;
        }
    };
    let known: Vec<String> = packs
        .iter()
        .flat_map(|p| {
            std::iter::once(p.name().to_string()).chain(p.raw.rules.iter().map(|r| format!("{}/{}", p.name(), r.id)))
        })
        .collect();
    for name in args.select.iter().chain(&args.ignore) {
        if !known.contains(name) && !name.starts_with("io") {
            let _ = writeln!(io.stderr, "error: `{name}` is neither a loaded rule id nor a pack name");
            return EXIT_USAGE;
        }
    }
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build() {
        Ok(pool) if args.jobs != Some(0) => pool,
        _ => {
            let _ = writeln!(io.stderr, "error: --jobs must be a positive number of threads");
            return EXIT_USAGE;
        }
    };
    let paths = walk::expand(&args.paths);
    let threshold: Severity = args.fail_on.into();
    let human = render::human::Human::new(io.color);
    let mut counts = [0usize; 4];
    let mut documents = 0;
    let mut failed = false;
    let mut write_error = None;
    let stdout = &mut *io.stdout;
    engine.check_all(&pool, paths.into_iter().map(Input::Path), |checked| {
        documents += 1;
        for finding in &checked.findings {
            counts[finding.severity as usize] += 1;
            failed |= finding.severity.at_least(threshold);
        }
        let written = match args.format {
            OutputFormat::Human => human.render(&checked, stdout),
            OutputFormat::Concise => render::concise::render(&checked, stdout),
        };
        if let Err(error) = written {
            write_error.get_or_insert(error);
        }
    });
    if let Some(error) = write_error {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(io.stderr, "error: cannot write output: {error}");
        }
        return EXIT_USAGE;
    }
    if !args.quiet {
        let [errors, warnings, infos, hints] = counts;
        let _ = writeln!(
            io.stderr,
            "Checked {} in {:.2}s: {}, {}, {} info, {}.",
            plural(documents, "document", "documents"),
            started.elapsed().as_secs_f64(),
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            infos,
            plural(hints, "hint", "hints"),
        );
    }
    if failed {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
