//! The `policy-rules` binary.

use std::io::IsTerminal;

fn main() {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let mut io = policy_rules_cli::Io { stdout: &mut stdout, stderr: &mut stderr, color };
    let code = policy_rules_cli::run(std::env::args_os(), &mut io);
    drop(stdout);
    drop(stderr);
    std::process::exit(code);
}
