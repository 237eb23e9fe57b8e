//! The `policy-rules` binary.

use std::io::{IsTerminal, Write};

fn main() {
    let terminal = std::io::stdout().is_terminal();
    // Unlocked handles: the language server reads and writes them from threads of its own.
    let mut stdout = std::io::BufWriter::new(std::io::stdout());
    let mut stderr = std::io::stderr();
    let mut stdin = std::io::stdin();
    let mut io = policy_rules_cli::Io {
        stdout: &mut stdout,
        stderr: &mut stderr,
        stdin: &mut stdin,
        terminal,
        env: policy_rules_cli::Env::from_process(),
    };
    let code = policy_rules_cli::run(std::env::args_os(), &mut io);
    let _ = stdout.flush();
    drop(stdout);
    std::process::exit(code);
}
