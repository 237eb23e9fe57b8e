//! `policy-rules server` (alias `lsp`): the language server on standard input and output.

use policy_rules_lsp::{Level, Options};

use crate::args::{LogLevel, ServerArgs};

/// Run `server` until the client says `exit`; 0 after a clean shutdown.
pub fn run(args: &ServerArgs) -> i32 {
    let log_level = match args.log_level {
        LogLevel::Error => Level::Error,
        LogLevel::Warn => Level::Warn,
        LogLevel::Info => Level::Info,
        LogLevel::Debug => Level::Debug,
    };
    policy_rules_lsp::stdio(Options { load: args.packs.options(), log_level })
}
