//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Output of one command-line run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `policy-rules` with `args` (without the program name), uncoloured, as if piped.
pub fn run(args: &[&str]) -> Run {
    run_with_stdin(args, b"")
}

/// [`run`], with `stdin` as standard input.
pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let mut input = stdin;
    let mut io = policy_rules_cli::Io {
        stdout: &mut stdout,
        stderr: &mut stderr,
        stdin: &mut input,
        terminal: false,
        env: policy_rules_cli::Env::default(),
    };
    let code = policy_rules_cli::run(std::iter::once("policy-rules").chain(args.iter().copied()), &mut io);
    Run { code, stdout: String::from_utf8(stdout).unwrap(), stderr: String::from_utf8(stderr).unwrap() }
}

/// A file shipped with the tests, as a path string.
pub fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name).display().to_string()
}

/// The shared corpus, if it is present beside the checkout.
pub fn corpus() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    path.is_dir().then_some(path)
}
