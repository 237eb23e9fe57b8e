//! The `policy-rules` command: argument parsing, walking, and rendering; no rule logic.

pub mod args;
pub mod commands;
pub mod render;
pub mod walk;

use std::io::Write;

use clap::Parser;
use miette::{GraphicalReportHandler, GraphicalTheme};
use policy_rules_core::config::Config;
use policy_rules_core::script::ScriptLimits;
use policy_rules_core::{Engine, Pack, PackError, Selection};

use args::{Cli, Command, PackArgs};

/// Exit code: nothing at or above `--fail-on`.
pub const EXIT_CLEAN: i32 = 0;
/// Exit code: findings at or above `--fail-on`, or failed rule tests.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage or configuration error.
pub const EXIT_USAGE: i32 = 2;

/// Where output goes, and whether it may be coloured.
pub struct Io<'a> {
    /// Findings and reports.
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
        Command::Check(args) => commands::check::run(&args, io),
        Command::Test(args) => commands::test::run(&args, io),
        Command::Rules(args) => commands::rules::run(&args, io),
        Command::Explain(args) => commands::explain::run(&args, io),
        Command::Schema(args) => commands::schema::run(&args, io),
        Command::Init(args) => commands::init::run(&args, io),
    }
}

/// Render a diagnostic (a pack or configuration error) to standard error.
pub fn report_error(io: &mut Io<'_>, error: &dyn miette::Diagnostic) {
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

/// The configuration and packs a run uses: the configured (or built-in) packs, then each `--pack`
/// folder; the configuration's rule overrides must name loaded rules.
pub fn load(args: &PackArgs) -> Result<(Config, Vec<Pack>), PackError> {
    let config = load_config(args.config.as_deref())?;
    let mut packs = config.packs(args.no_builtin, args.profile.map(Into::into))?;
    for dir in &args.packs {
        packs.push(Pack::from_dir(dir)?);
    }
    config.check_overrides(&packs)?;
    Ok((config, packs))
}

/// [`load`], with an error rendered to standard error instead of returned.
pub fn load_or_report(args: &PackArgs, io: &mut Io<'_>) -> Option<(Config, Vec<Pack>)> {
    load(args).map_err(|error| report_error(io, &error)).ok()
}

/// Compile the engine for a run, with the configuration's overrides and script budget.
pub fn engine(config: &Config, packs: &[Pack], mut selection: Selection) -> Result<Engine, PackError> {
    selection.overrides = config.raw.rules.clone();
    let mut limits = ScriptLimits::default();
    if let Some(budget) = config.script_budget() {
        limits.budget = budget;
    }
    Engine::with_limits(packs, selection, limits, Some(policy_rules_core::document::Date::today()))
}
