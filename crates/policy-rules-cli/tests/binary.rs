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
