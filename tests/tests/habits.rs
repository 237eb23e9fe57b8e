//! The command-line habits of linters: standard input, --exit-zero, --output-file, baselines,
//! exclusions, configuration found per file, and no silent mistakes.

mod common;

use std::fs;
use std::path::Path;

use common::{run, run_with_stdin, sample};

const DNT: &str = "caloppa/dnt-not-honored";

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn files_flagged(stdout: &str, root: &Path) -> Vec<String> {
    let prefix = format!("{}/", root.display());
    let mut files: Vec<String> =
        stdout.lines().map(|l| l.split(':').next().unwrap().strip_prefix(&prefix).unwrap_or(l).to_string()).collect();
    files.dedup();
    files
}

const REFUSAL: &str = "# P\n\nWe do not respond to Do Not Track signals.\n";

#[test]
fn standard_input_is_a_document_named_by_stdin_filename() {
    let out = run_with_stdin(
        &["check", "-", "--stdin-filename", "site/policy.html", "--select", DNT, "--format", "concise", "-q"],
        b"<h1>P</h1>\n<p>We ignore &ldquo;Do Not Track&rdquo; signals.</p>\n",
    );
    assert_eq!(
        out.stdout,
        "site/policy.html:2:4: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n"
    );
    let unnamed = run_with_stdin(&["check", "-", "--select", DNT, "--format", "concise", "-q"], REFUSAL.as_bytes());
    assert_eq!(
        unnamed.stdout,
        "-:3:1: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n",
        "without a name, standard input is read as Markdown"
    );
}

#[test]
fn exit_zero_keeps_findings_but_not_usage_errors() {
    let path = sample("sample-policy.md");
    let out = run(&["check", &path, "--exit-zero", "--format", "concise", "-q"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("error[gdpr/recipients]"));
    assert_eq!(run(&["check", &path, "--exit-zero", "--select", "no/such-rule"]).code, 2);
}

#[test]
fn output_file_receives_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("findings.json");
    let out = run(&["check", &sample("sample-policy.md"), "--format", "json", "-o", &file.display().to_string(), "-q"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "", "nothing on standard output");
    let written: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert!(!written["findings"].as_array().unwrap().is_empty());
}

#[test]
fn baseline_reports_only_new_findings_even_when_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let policy = root.join("policy.md");
    fs::write(&policy, "# P\n\nWe do not respond to Do Not Track signals.\n").unwrap();
    let baseline = root.join("baseline.json").display().to_string();
    let policy_arg = policy.display().to_string();
    let first = run(&["check", &policy_arg, "--select", DNT, "--format", "json", "-o", &baseline, "-q"]);
    assert_eq!(first.code, 0);
    // The old statement moves down two lines; a new one is added.
    fs::write(
        &policy,
        "# P\n\nIntro.\n\nWe do not respond to Do Not Track signals.\n\nOur apps ignore DNT requests too.\n",
    )
    .unwrap();
    let out = run(&["check", &policy_arg, "--select", DNT, "--baseline", &baseline, "--format", "concise"]);
    assert_eq!(
        out.stdout,
        format!("{policy_arg}:7:1: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n")
    );
    assert!(out.stderr.contains("1 already in the baseline."), "{}", out.stderr);
    let jsonl = root.join("baseline.jsonl").display().to_string();
    run(&["check", &policy_arg, "--select", DNT, "--format", "jsonl", "-o", &jsonl, "-q"]);
    let again = run(&["check", &policy_arg, "--select", DNT, "--baseline", &jsonl, "--format", "concise", "-q"]);
    assert_eq!(again.stdout, "", "a JSON Lines baseline works too");
    fs::write(root.join("bad.json"), "{\"findings\": 3}").unwrap();
    let bad = run(&["check", &policy_arg, "--baseline", &root.join("bad.json").display().to_string()]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("is not a findings file of `--format json`"), "{}", bad.stderr);
}

#[test]
fn exclusions_from_the_configuration_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for file in ["policy.md", "drafts/old.md", "legal/2019.md", "legal/keep.md", "notes.txt"] {
        write(root, file, REFUSAL);
    }
    write(root, "policy-rules.yaml", "exclude:\n  - drafts\n  - 'legal/2019.md'\n");
    let folder = root.display().to_string();
    let out = run(&["check", &folder, "--select", DNT, "--format", "concise", "-q"]);
    assert_eq!(files_flagged(&out.stdout, root), vec!["legal/keep.md", "notes.txt", "policy.md"]);
    let cli = run(&["check", &folder, "--select", DNT, "--format", "concise", "-q", "--exclude", "*.txt"]);
    assert_eq!(files_flagged(&cli.stdout, root), vec!["legal/keep.md", "policy.md"]);
    // A file named on the command line is checked anyway, unless exclusions are forced.
    let named = root.join("drafts/old.md").display().to_string();
    assert_eq!(run(&["check", &named, "--select", DNT, "--format", "concise", "-q"]).stdout.lines().count(), 1);
    let forced = run(&["check", &named, "--select", DNT, "--force-exclude", "-q"]);
    assert_eq!(forced.code, 2);
    assert!(forced.stderr.contains("no documents found"), "{}", forced.stderr);
}

#[test]
fn include_globs_pick_files_by_name_instead_of_extension() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policy.md", REFUSAL);
    write(root, "notice.mdx", REFUSAL);
    write(root, "policy-rules.yml", "include:\n  - '*.mdx'\n");
    let out = run(&["check", &root.display().to_string(), "--select", DNT, "--format", "concise", "-q"]);
    assert_eq!(files_flagged(&out.stdout, root), vec!["notice.mdx"], "policy-rules.yml is read too");
}

#[test]
fn each_file_is_checked_with_its_nearest_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policy-rules.yaml", "packs: [builtin:caloppa]\nrules:\n  caloppa/dnt-not-honored: error\n");
    write(root, "us/policy.md", REFUSAL);
    write(root, "eu/policy-rules.yaml", "packs: [builtin:gdpr]\n");
    write(root, "eu/policy.md", REFUSAL);
    let out = run(&["check", &root.display().to_string(), "--format", "concise", "-q"]);
    let lines: Vec<String> = out
        .stdout
        .lines()
        .map(|l| l.strip_prefix(&format!("{}/", root.display())).unwrap().to_string())
        .filter(|l| l.contains("dnt-not-honored") || l.contains("gdpr/"))
        .collect();
    assert!(lines.iter().all(|l| !l.starts_with("eu/") || l.contains("gdpr/")), "{lines:?}");
    assert!(
        lines.contains(&"us/policy.md:3:1: error[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals".to_string()),
        "the root configuration raises the severity for us/: {lines:?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("eu/policy.md:1:3: error[gdpr/")), "{lines:?}");
}

#[test]
fn output_format_comes_from_the_configuration_unless_given() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policy-rules.yaml", "output-format: concise\n");
    write(root, "policy.md", REFUSAL);
    let config = root.join("policy-rules.yaml").display().to_string();
    let policy = root.join("policy.md").display().to_string();
    let out = run(&["check", &policy, "--config", &config, "--select", DNT, "-q"]);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(out.stdout.starts_with(&format!("{policy}:3:1: warning")));
    write(root, "policy-rules.yaml", "output-format: jsn\n");
    let bad = run(&["check", &policy, "--config", &config]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown output format `jsn`"), "{}", bad.stderr);
    assert!(bad.stderr.contains("did you mean `json`?"), "{}", bad.stderr);
}

#[test]
fn no_documents_found_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.json", "{}");
    let out = run(&["check", &dir.path().display().to_string()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("error: no documents found in"), "{}", out.stderr);
}

#[test]
fn unknown_select_names_get_a_suggestion() {
    let out = run(&["check", &sample("sample-policy.md"), "--select", "caloppa/dnt-not-honoured"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: `caloppa/dnt-not-honoured` is neither a loaded rule id nor a pack name; did you mean `caloppa/dnt-not-honored`?\n"
    );
    let ignore = run(&["check", &sample("sample-policy.md"), "--ignore", "gdrp"]);
    assert!(ignore.stderr.contains("did you mean `gdpr`?"), "{}", ignore.stderr);
}

#[test]
fn a_missing_path_is_reported_whatever_the_selection() {
    let out = run(&["check", "/no/such/policy.md", "--select", DNT, "--format", "concise", "-q"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "/no/such/policy.md:1:1: error[io/unreadable] cannot read `/no/such/policy.md`: No such file or directory (os error 2)\n"
    );
}

#[test]
fn suppressions_naming_unknown_rules_or_silencing_nothing_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.md",
        "# P\n\n<!-- policy-rules-disable-next-line caloppa/dnt-not-honoured -->\nWe do not respond to DNT signals.\n\n<!-- policy-rules-disable core/contact -->\nText.\n<!-- policy-rules-enable core/contact -->\n",
    );
    let doc = dir.path().join("p.md").display().to_string();
    let out = run(&["check", &doc, "--select", "caloppa,core/contact,suppression", "--format", "concise", "-q"]);
    let lines: Vec<&str> = out.stdout.lines().filter(|l| l.contains("suppression/")).collect();
    assert_eq!(
        lines,
        vec![
            format!("{doc}:3:37: warning[suppression/unknown-rule] `caloppa/dnt-not-honoured` names no loaded rule or pack; did you mean `caloppa/dnt-not-honored`?"),
            format!("{doc}:6:27: warning[suppression/unused] `policy-rules-disable core/contact` silenced no finding"),
        ]
    );
    let ignored = run(&["check", &doc, "--select", "caloppa,core/contact", "--format", "concise", "-q"]);
    assert!(!ignored.stdout.contains("suppression/"), "not selected: {}", ignored.stdout);
}
