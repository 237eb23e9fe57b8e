//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use policy_rules_core::Severity;

/// A compliance linter for privacy policies.
#[derive(Debug, Parser)]
#[command(name = "policy-rules", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check policy documents against the rule packs.
    Check(CheckArgs),
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Rich diagnostics with source snippets.
    Human,
    /// One line per finding: `path:line:column: severity[rule] message`.
    Concise,
}

/// Severity thresholds for `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Errors only.
    Error,
    /// Warnings and above.
    Warning,
    /// Info and above.
    Info,
    /// Everything.
    Hint,
}

impl From<Level> for Severity {
    fn from(level: Level) -> Severity {
        match level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
            Level::Hint => Severity::Hint,
        }
    }
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check (folders are walked, honouring .gitignore).
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// A rule pack folder (holding pack.yaml) to load; repeatable.
    #[arg(long = "pack", value_name = "DIR")]
    pub packs: Vec<PathBuf>,

    /// Do not load the built-in packs.
    #[arg(long)]
    pub no_builtin: bool,

    /// Configuration file (default: the nearest policy-rules.yaml in this folder or its parents).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Run only these rules or packs (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE|PACK")]
    pub select: Vec<String>,

    /// Skip these rules or packs (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE|PACK")]
    pub ignore: Vec<String>,

    /// How to print findings.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,

    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: Level,

    /// Number of threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// Print findings only: no summary.
    #[arg(long, short)]
    pub quiet: bool,
}
