//! The `policy-rules` command: argument parsing, walking, and rendering; no rule logic.

pub mod args;
pub mod baseline;
pub mod commands;
pub mod progress;
pub mod render;
pub mod sources;
pub mod statistics;
pub mod walk;

use std::io::{Read, Write};

use clap::Parser;
use miette::{GraphicalReportHandler, GraphicalTheme};
use policy_rules_core::{LoadOptions, PackError, Project};

use args::{Cli, ColorChoice, Command, PackArgs};

/// Exit code: nothing at or above `--fail-on`.
pub const EXIT_CLEAN: i32 = 0;
/// Exit code: findings at or above `--fail-on`, or failed rule tests.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage or configuration error.
pub const EXIT_USAGE: i32 = 2;

/// What the environment says about colour and the terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// `NO_COLOR` is set and not empty.
    pub no_color: bool,
    /// `FORCE_COLOR` or `CLICOLOR_FORCE` is set, not empty and not `0`.
    pub force_color: bool,
    /// `TERM` is `dumb`.
    pub dumb_terminal: bool,
    /// `COLUMNS`, if it is a number.
    pub columns: Option<usize>,
    /// Standard error is a terminal (where progress bars are drawn).
    pub stderr_terminal: bool,
}

impl Env {
    /// Read the process environment.
    pub fn from_process() -> Env {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let forced = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        Env {
            no_color: set("NO_COLOR"),
            force_color: forced("FORCE_COLOR") || forced("CLICOLOR_FORCE"),
            dumb_terminal: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
            columns: std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()).filter(|c| *c > 0),
            stderr_terminal: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        }
    }
}

/// Where input comes from and output goes, and what the terminal is.
pub struct Io<'a> {
    /// Findings and reports.
    pub stdout: &'a mut dyn Write,
    /// Summary and errors.
    pub stderr: &'a mut dyn Write,
    /// A document given as `-`.
    pub stdin: &'a mut (dyn Read + Send),
    /// Whether standard output is a terminal.
    pub terminal: bool,
    /// Colour and width settings of the environment.
    pub env: Env,
}

/// Whether to colour output written to a terminal (or not), given the `--color` choice.
pub fn color(choice: ColorChoice, terminal: bool, env: &Env) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if env.no_color => false,
        ColorChoice::Auto if env.force_color => true,
        ColorChoice::Auto => terminal && !env.dumb_terminal,
    }
}

impl Io<'_> {
    /// Colour for commands without a `--color` option.
    fn auto_color(&self) -> bool {
        color(ColorChoice::Auto, self.terminal, &self.env)
    }
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
            let text = if io.auto_color() { error.render().ansi().to_string() } else { error.render().to_string() };
            let target: &mut dyn Write = if error.use_stderr() { &mut *io.stderr } else { &mut *io.stdout };
            let _ = target.write_all(text.as_bytes());
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => commands::check::run(&args, io),
        Command::Diff(args) => commands::diff::run(&args, io),
        Command::Test(args) => commands::test::run(&args, io),
        Command::Rules(args) => commands::rules::run(&args, io),
        Command::Explain(args) => commands::explain::run(&args, io),
        Command::Schema(args) => commands::schema::run(&args, io),
        Command::Init(args) => commands::init::run(&args, io),
        Command::Server(args) => commands::server::run(&args),
    }
}

/// Render a diagnostic (a pack or configuration error) to standard error.
pub fn report_error(io: &mut Io<'_>, error: &dyn miette::Diagnostic) {
    let theme = if io.auto_color() { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let mut text = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    if handler.render_report(&mut text, error).is_err() {
        text = format!("error: {error}\n");
    }
    let _ = io.stderr.write_all(text.as_bytes());
}

impl PackArgs {
    /// The load options these arguments give.
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            config: self.config.clone(),
            packs: self.packs.clone(),
            no_builtin: self.no_builtin,
            profile: self.profile.map(Into::into),
            today: self.today,
        }
    }
}

/// The project of the current folder (or of `--config`), with its packs.
pub fn load(args: &PackArgs) -> Result<Project, PackError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    Project::discover(&args.options(), &cwd)
}

/// [`load`], with an error rendered to standard error instead of returned.
pub fn load_or_report(args: &PackArgs, io: &mut Io<'_>) -> Option<Project> {
    load(args).map_err(|error| report_error(io, &error)).ok()
}
