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
    /// Compare two versions of a policy: the findings that appeared, disappeared and stayed; with
    /// --history, each rule's first and last appearance per policy over a corpus of versions.
    Diff(DiffArgs),
    /// Run the rule packs' own tests (inline cases and fixture documents).
    Test(TestArgs),
    /// List the loaded rules.
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why, how it matches, and examples.
    Explain(ExplainArgs),
    /// Print the JSON Schema of pack.yaml or policy-rules.yaml, for editors.
    Schema(SchemaArgs),
    /// Start a project: a policy-rules.yaml and a custom pack with tests.
    Init(InitArgs),
    /// Run the language server (LSP over standard input and output) for editors.
    #[command(alias = "lsp")]
    Server(ServerArgs),
}

/// How much the server logs to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    /// Failures only.
    Error,
    /// Also what was skipped or refused.
    Warn,
    /// Also what the server does.
    Info,
    /// Also every message.
    Debug,
}

/// Arguments of `server`.
#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// Which packs (by default each document's nearest policy-rules.yaml decides).
    #[command(flatten)]
    pub packs: PackArgs,

    /// How much to log to standard error.
    #[arg(long, value_enum, default_value = "info")]
    pub log_level: LogLevel,
}

/// Which packs to load: the configured or built-in ones, plus pack folders.
#[derive(Debug, Clone, clap::Args)]
pub struct PackArgs {
    /// A rule pack folder (holding pack.yaml) to load; repeatable.
    #[arg(long = "pack", value_name = "DIR")]
    pub packs: Vec<PathBuf>,

    /// Do not load the built-in packs.
    #[arg(long)]
    pub no_builtin: bool,

    /// Configuration file (default: the nearest policy-rules.yaml in this folder or its parents).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Use the built-in packs of a jurisdiction, on every document (default: the configured ones,
    /// else `auto`: every pack, each where the policy addresses its audience).
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,

    /// The day a policy's age is measured against, YYYY-MM-DD (default: today; an archived
    /// snapshot's own date always wins). Makes runs reproducible.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<policy_rules_core::document::Date>,
}

fn parse_date(text: &str) -> Result<policy_rules_core::document::Date, String> {
    policy_rules_core::document::Date::parse_iso(text)
        .ok_or_else(|| format!("`{text}` is not a date of the form YYYY-MM-DD"))
}

/// Which of the loaded rules run.
#[derive(Debug, Clone, clap::Args)]
pub struct RuleArgs {
    /// Run only these rules or packs (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE|PACK")]
    pub select: Vec<String>,

    /// Skip these rules or packs (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE|PACK")]
    pub ignore: Vec<String>,
}

impl RuleArgs {
    /// The selection these options make.
    pub fn selection(&self) -> policy_rules_core::Selection {
        policy_rules_core::Selection {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            ..policy_rules_core::Selection::default()
        }
    }

    /// Every name given to `--select` and `--ignore`.
    pub fn names(&self) -> Vec<String> {
        [self.select.clone(), self.ignore.clone()].concat()
    }
}

/// The fields a corpus record's id and text are read from.
#[derive(Debug, Clone, clap::Args)]
pub struct FieldArgs {
    /// The field of a corpus record that holds its id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,

    /// The field of a corpus record that holds its text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
}

impl FieldArgs {
    /// The field names, for the corpus reader.
    pub fn fields(&self) -> policy_rules_core::corpus::Fields {
        policy_rules_core::corpus::Fields { id: self.id_field.clone(), text: self.text_field.clone() }
    }
}

/// Jurisdictions for `--profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// Every built-in pack, each jurisdiction's only where the policy addresses its audience.
    Auto,
    /// EU/EEA: core, gdpr, clarity.
    Eu,
    /// California: core, ccpa, caloppa, coppa, clarity.
    California,
    /// United States: core, caloppa, coppa, clarity.
    Us,
    /// Every built-in pack.
    All,
}

impl From<ProfileArg> for policy_rules_core::pack::Profile {
    fn from(profile: ProfileArg) -> Self {
        use policy_rules_core::pack::Profile;
        match profile {
            ProfileArg::Auto => Profile::Auto,
            ProfileArg::Eu => Profile::Eu,
            ProfileArg::California => Profile::California,
            ProfileArg::Us => Profile::Us,
            ProfileArg::All => Profile::All,
        }
    }
}

/// Arguments of `test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Pack folders, or names of loaded packs (default: the packs the configuration uses).
    #[arg(value_name = "PACK")]
    pub names: Vec<String>,

    /// Which packs are loaded.
    #[command(flatten)]
    pub packs: PackArgs,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExplainFormat,
}

/// Formats of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns.
    Table,
    /// A JSON array.
    Json,
}

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Which packs.
    #[command(flatten)]
    pub packs: PackArgs,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

/// Formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// Readable text.
    Text,
    /// A JSON object.
    Json,
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Full rule id, e.g. `gdpr/retention-period`.
    pub rule: String,

    /// Which packs.
    #[command(flatten)]
    pub packs: PackArgs,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExplainFormat,
}

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A rule pack, `pack.yaml`.
    Pack,
    /// The configuration, `policy-rules.yaml`.
    Config,
    /// The findings of `check --format json`.
    Findings,
}

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The file the schema describes.
    #[arg(value_enum, default_value = "pack")]
    pub kind: SchemaKind,
}

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to start the project in.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Name of the custom pack.
    #[arg(long, default_value = "house")]
    pub name: String,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set or TERM is dumb; always with FORCE_COLOR or CLICOLOR_FORCE.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
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

/// What standard input holds, for `--stdin-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdinFormat {
    /// One Markdown document.
    Markdown,
    /// One HTML document.
    Html,
    /// One plain-text document.
    Text,
    /// A JSON Lines corpus (plain, gzip or zstd), one record per line.
    Jsonl,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check (folders are walked, honouring .gitignore); `-` reads standard
    /// input. Default: the current folder.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Which packs.
    #[command(flatten)]
    pub packs: PackArgs,

    /// Which rules.
    #[command(flatten)]
    pub rules: RuleArgs,

    /// How to print findings (default: `output-format:` of the configuration, else human).
    #[arg(long, value_name = "FORMAT", value_parser = clap::builder::PossibleValuesParser::new(crate::render::names()))]
    pub format: Option<String>,

    /// Write the findings to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: Level,

    /// Exit with 0 even when there are findings (usage and configuration errors still exit with 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Report only findings that are not in this findings file (from `--format json` or `jsonl`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Skip files and folders matching these globs (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Apply exclusions to files named on the command line too.
    #[arg(long)]
    pub force_exclude: bool,

    /// The name of the document read from standard input (its extension picks the format).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// What standard input holds: one document (markdown, html, text) or a JSON Lines corpus
    /// (default: from --stdin-filename, else markdown).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub stdin_format: Option<StdinFormat>,

    /// Which fields of corpus records.
    #[command(flatten)]
    pub fields: FieldArgs,

    /// Check only the I-th of N shares of the documents (by a hash of each id), e.g. `--shard 2/8`:
    /// N machines split a corpus with no coordination.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<policy_rules_core::corpus::Shard>,

    /// With --format jsonl, also one line per document: its id, date, packs applied and counts.
    #[arg(long)]
    pub document_records: bool,

    /// Never draw the progress bar (it is drawn only when standard error is a terminal).
    #[arg(long)]
    pub no_progress: bool,

    /// When to colour the output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,

    /// Number of threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// Print findings only: no summary.
    #[arg(long, short)]
    pub quiet: bool,

    /// Print, instead of the findings, per rule the documents flagged and the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Print the time spent in each rule (to standard error).
    #[arg(long)]
    pub timings: bool,
}

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// OLD and NEW: files, or records of a corpus as `CORPUS.jsonl#ID`; with --history, the
    /// versions: corpora, folders or files.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Over many versions: each rule's first and last appearance per policy (a policy's versions
    /// share the site a corpus header line names, else the id up to its last `/`; dated by the
    /// record's `date`, a header line, or a YYYY-MM-DD file name).
    #[arg(long)]
    pub history: bool,

    /// Also list the findings that stayed.
    #[arg(long)]
    pub all: bool,

    /// Which packs.
    #[command(flatten)]
    pub packs: PackArgs,

    /// Which rules.
    #[command(flatten)]
    pub rules: RuleArgs,

    /// How to print the changes (any `check` format; --history: human, json, jsonl or csv).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// Exit with 1 when a finding at or above this severity appeared.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: Level,

    /// Exit with 0 even when findings appeared.
    #[arg(long)]
    pub exit_zero: bool,

    /// Which fields of corpus records.
    #[command(flatten)]
    pub fields: FieldArgs,

    /// When to colour the output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,

    /// Number of threads for --history (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// No summary line.
    #[arg(long, short)]
    pub quiet: bool,
}
