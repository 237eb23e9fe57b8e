//! The built binary: exit codes and colour, as a shell or CI sees them.

use std::path::Path;
use std::process::Command;

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/samples/sample-policy.md").display().to_string()
}

fn policy_rules() -> Command {
    Command::new(env!("CARGO_BIN_EXE_policy-rules"))
}

#[test]
fn exit_codes_follow_fail_on() {
    let status = |args: &[&str]| policy_rules().args(args).output().unwrap().status.code();
    let sample = sample();
    let warnings = "caloppa/dnt-not-honored,gdpr/rights-complete";
    assert_eq!(status(&["check", &sample, "-q"]), Some(1));
    assert_eq!(status(&["check", &sample, "-q", "--select", warnings]), Some(0));
    assert_eq!(status(&["check", &sample, "-q", "--select", warnings, "--fail-on", "warning"]), Some(1));
    assert_eq!(status(&["check", &sample, "--fail-on", "sometimes"]), Some(2));
    assert_eq!(status(&["--version"]), Some(0));
}

#[test]
fn no_colour_when_output_is_not_a_terminal() {
    let output = policy_rules().args(["check", &sample()]).env_remove("NO_COLOR").output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("gdpr/retention-period"));
    assert!(!stdout.contains('\u{1b}'), "escape codes in piped output");
}

fn coloured(args: &[&str], env: &[(&str, &str)]) -> bool {
    let mut command = policy_rules();
    command.args(args).env_remove("NO_COLOR").env_remove("FORCE_COLOR").env_remove("CLICOLOR_FORCE");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    String::from_utf8(output.stdout).unwrap().contains('\u{1b}')
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let sample = sample();
    let check = ["check", sample.as_str(), "--select", "gdpr/retention-period", "-q"];
    assert!(!coloured(&check, &[]), "piped output is plain");
    assert!(coloured(&[&check[..], &["--color", "always"]].concat(), &[]));
    assert!(coloured(&check, &[("FORCE_COLOR", "1")]));
    assert!(coloured(&check, &[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&check, &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]), "NO_COLOR wins over FORCE_COLOR");
    assert!(!coloured(&[&check[..], &["--color", "never"]].concat(), &[("FORCE_COLOR", "1")]));
}

#[test]
fn check_without_a_path_checks_the_current_folder_and_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.md"), "# P\n\nWe do not respond to Do Not Track signals.\n").unwrap();
    let select = ["--select", "caloppa/dnt-not-honored", "--format", "concise", "-q"];
    let output = policy_rules().arg("check").args(select).current_dir(dir.path()).output().unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "./policy.md:3:1: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n"
    );
    let mut child = policy_rules()
        .args(["check", "-", "--stdin-filename", "notice.md"])
        .args(select)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"Our site ignores DNT requests.\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "notice.md:1:1: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n"
    );
}

#[test]
fn human_snippets_fit_the_terminal_width() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!(
        "# P\n\n{}end. Our website does not respond to Do Not Track signals. {}\n",
        "Words ".repeat(80),
        "More ".repeat(80)
    );
    std::fs::write(dir.path().join("policy.md"), long).unwrap();
    let output = policy_rules()
        .args(["check", "policy.md", "--select", "caloppa/dnt-not-honored", "-q"])
        .current_dir(dir.path())
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let snippet = stdout.lines().filter(|l| l.contains('│') || l.contains('·'));
    let widest = snippet.map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 80, "a snippet line of {widest} characters:\n{stdout}");
    assert!(stdout.contains("3 │ …"), "the cut line starts with an ellipsis:\n{stdout}");
    assert!(stdout.contains("Our website does not respond to Do Not Track signals."), "{stdout}");
}

/// Frame JSON-RPC messages for a language server's standard input.
fn frames(messages: &[&str]) -> Vec<u8> {
    messages.iter().flat_map(|m| format!("Content-Length: {}\r\n\r\n{m}", m.len()).into_bytes()).collect()
}

#[test]
fn the_server_exits_with_0_after_shutdown_and_exit_and_1_otherwise() {
    let run = |messages: &[&str]| {
        let mut child = policy_rules()
            .args(["lsp", "--log-level", "error"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&frames(messages)).unwrap();
        let output = child.wait_with_output().unwrap();
        (output.status.code(), String::from_utf8(output.stdout).unwrap())
    };
    let initialize = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
    let shutdown = r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#;
    let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
    let (code, stdout) = run(&[initialize, shutdown, exit]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains(r#""id":2,"result":null"#), "{stdout}");
    assert_eq!(run(&[initialize, exit]).0, Some(1), "exit without shutdown");
}
