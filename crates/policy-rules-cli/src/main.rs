//! The `policy-rules` binary.

use std::io::{IsTerminal, Write};

fn main() {
    let terminal = std::io::stdout().is_terminal();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut stderr = std::io::stderr().lock();
    let mut stdin = std::io::stdin().lock();
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
    drop(stderr);
    std::process::exit(code);
}
