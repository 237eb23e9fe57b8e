//! The `check` command end to end: output, exit codes, packs, selection and bad input.

mod common;

use std::fs;

use common::{run, sample};

#[test]
fn sample_policy_findings_in_concise_format() {
    let path = sample("sample-policy.md");
    let select = "gdpr/recipients,gdpr/retention-period,caloppa/dnt-not-honored";
    let out = run(&["check", &path, "--format", "concise", "--quiet", "--select", select]);
    assert_eq!(out.code, 1, "an error finding fails the run by default");
    assert_eq!(
        out.stdout,
        format!(
            "{path}:1:3: error[gdpr/recipients] The policy never says who receives personal data (recipients or categories of recipients)\n\
             {path}:1:3: info[gdpr/retention-period] The policy never says how long personal data is kept, or the criteria used to decide\n\
             {path}:21:12: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n"
        )
    );
    assert_eq!(out.stderr, "", "--quiet prints no summary");
}

#[test]
fn human_format_shows_location_snippet_code_help_and_reference() {
    let path = sample("sample-policy.md");
    let out = run(&["check", &path, "--select", "caloppa/dnt-not-honored"]);
    assert_eq!(out.code, 0, "a warning does not fail the run at --fail-on error");
    assert!(out.stdout.contains(&format!("╭─[{path}:21:12]")), "{}", out.stdout);
    assert!(out.stdout.contains("caloppa/dnt-not-honored"));
    assert!(out.stdout.contains("21 │ you visit. Our website does not respond to Do Not Track signals."));
    assert!(out.stdout.contains("╰── here"));
    assert!(out.stdout.contains("reference: Cal. Bus. & Prof. Code §22575(b)(5)"));
    assert!(!out.stdout.contains('\u{1b}'), "no colour codes when colour is off");
    assert!(out.stderr.starts_with("Checked 1 document in "), "{}", out.stderr);
    assert!(out.stderr.ends_with(": 0 errors, 1 warning, 0 info, 0 hints.\n"), "{}", out.stderr);
}

#[test]
fn document_level_finding_is_anchored_at_the_title() {
    let path = sample("sample-policy.md");
    let out = run(&["check", &path, "--select", "gdpr"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains(&format!("╭─[{path}:1:3]")), "{}", out.stdout);
    assert!(out.stdout.contains("╰── this document"));
}

#[test]
fn fail_on_and_ignore_decide_the_exit_code() {
    let path = sample("sample-policy.md");
    let warnings = "caloppa/dnt-not-honored,gdpr/rights-complete";
    assert_eq!(run(&["check", &path, "--select", warnings, "-q"]).code, 0);
    assert_eq!(run(&["check", &path, "--select", warnings, "--fail-on", "warning", "-q"]).code, 1);
    assert_eq!(run(&["check", &path, "--select", "caloppa/dnt-disclosure", "--fail-on", "hint", "-q"]).code, 0);
    assert_eq!(
        run(&["check", &path, "--select", warnings, "--ignore", "caloppa,gdpr", "--fail-on", "hint", "-q"]).code,
        0
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let path = sample("sample-policy.md");
    let unknown = run(&["check", &path, "--select", "gdpr/no-such-rule"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("`gdpr/no-such-rule` is neither a loaded rule id nor a pack name"));
    assert_eq!(run(&["check", &path, "--jobs", "0"]).code, 2);
    assert_eq!(run(&["check", &path, "--format", "xml"]).code, 2);
}

const CUSTOM_PACK: &str = r#"pack: acme
rules:
  - id: vague-sharing
    severity: warning
    message: 'Vague recipients: "{match}"'
    forbid:
      phrases: ["certain third parties", "trusted partners"]
  - id: sale-claim
    severity: error
    message: The policy says data is {verb}
    forbid:
      pattern: 'we (?P<verb>sell|rent) (your )?personal'
      unless:
        pattern: '\bnot\b|n''t\b'
"#;

#[test]
fn custom_pack_runs_alone_with_no_builtin() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("acme")).unwrap();
    fs::write(dir.path().join("acme/pack.yaml"), CUSTOM_PACK).unwrap();
    let doc = dir.path().join("policy.md");
    fs::write(
        &doc,
        "# P\n\nWe share data with certain\nthird parties. We don’t sell personal data.\nWe rent personal data to brokers.\n",
    )
    .unwrap();
    let pack = dir.path().join("acme").display().to_string();
    let doc = doc.display().to_string();
    let out = run(&["check", &doc, "--no-builtin", "--pack", &pack, "--format", "concise", "-q"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        format!(
            "{doc}:3:20: warning[acme/vague-sharing] Vague recipients: \"certain third parties\"\n\
             {doc}:5:1: error[acme/sale-claim] The policy says data is rent\n"
        )
    );
}

#[test]
fn malformed_pack_is_a_located_diagnostic_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pack.yaml"),
        "pack: acme\nrules:\n  - id: a\n    severity: error\n    mesage: x\n    forbid: y\n",
    )
    .unwrap();
    let pack = dir.path().display().to_string();
    let out = run(&["check", &sample("sample-policy.md"), "--pack", &pack]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    let file = dir.path().join("pack.yaml").display().to_string();
    assert!(out.stderr.contains(&format!("{file}:5:5: rules[0]: unknown rule key `mesage`")), "{}", out.stderr);
    assert!(out.stderr.contains(&format!("╭─[{file}:5:5]")), "{}", out.stderr);
    assert!(out.stderr.contains("help: did you mean `message`?"), "{}", out.stderr);
}

#[test]
fn missing_pack_folder_is_exit_2() {
    let out = run(&["check", &sample("sample-policy.md"), "--pack", "/no/such/pack"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no pack.yaml in `/no/such/pack`"), "{}", out.stderr);
}

#[test]
fn bad_documents_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a-binary.txt"), b"PK\x03\x04\0\0binary").unwrap();
    fs::write(root.join("b-empty.md"), "  \n").unwrap();
    fs::write(root.join("c-latin1.txt"), b"Caf\xe9 policy. Our site does not respond to Do Not Track signals.\n")
        .unwrap();
    fs::write(root.join("d-good.md"), "# Good\n\nWe keep data for 30 days. We do not respond to DNT signals.\n")
        .unwrap();
    let missing = root.join("e-missing.md").display().to_string();
    let folder = root.display().to_string();
    let select = "io,gdpr/retention-period,caloppa/dnt-not-honored";
    // Checked as policies for people in the EU: the Latin-1 one has no retention period.
    fs::write(root.join("policy-rules.yaml"), "profile: all\n").unwrap();
    let out = run(&["check", &folder, &missing, "--format", "concise", "-q", "--fail-on", "hint", "--select", select]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let name = |file: &str| root.join(file).display().to_string();
    assert_eq!(
        lines,
        vec![
            format!("{}:1:1: info[io/binary-document] skipped: the file contains NUL bytes, so it is binary, not a policy text", name("a-binary.txt")),
            format!("{}:1:1: warning[io/empty-document] the document is empty", name("b-empty.md")),
            format!("{}:1:1: info[gdpr/retention-period] The policy never says how long personal data is kept, or the criteria used to decide", name("c-latin1.txt")),
            format!("{}:1:1: warning[io/invalid-utf8] the file is not valid UTF-8 (first bad byte at offset 3); it was decoded with replacement characters", name("c-latin1.txt")),
            format!("{}:1:14: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals", name("c-latin1.txt")),
            format!("{}:3:27: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals", name("d-good.md")),
            format!("{missing}:1:1: error[io/unreadable] cannot read `{missing}`: No such file or directory (os error 2)"),
        ]
    );
    assert_eq!(out.code, 1);
}

#[test]
fn folders_are_walked_in_order_honouring_gitignore_and_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("drafts")).unwrap();
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
    let text = "# P\n\nWe keep data for 30 days and do not respond to DNT signals.\n";
    for file in ["b.md", "a.html", "sub/c.txt", "drafts/d.md", "notes.json", "sub/e.markdown", "f.htm"] {
        fs::write(root.join(file), text).unwrap();
    }
    let out = run(&[
        "check",
        &root.display().to_string(),
        "--select",
        "caloppa/dnt-not-honored",
        "--format",
        "concise",
        "-q",
    ]);
    let files: Vec<String> = out
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().strip_prefix(&format!("{}/", root.display())).unwrap().to_string())
        .collect();
    assert_eq!(files, vec!["a.html", "b.md", "f.htm", "sub/c.txt", "sub/e.markdown"]);
}

#[test]
fn html_findings_point_into_the_html_source() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("p.html");
    fs::write(
        &doc,
        "<html><head><script>var dnt = 'Do Not Track not respond';</script></head>\n<body><nav>Do Not Track</nav>\n<h1>Privacy</h1>\n<p>We keep logs for 30&nbsp;days.\n   We don&rsquo;t respond to <b>Do Not Track</b> signals.</p></body></html>\n",
    )
    .unwrap();
    let doc = doc.display().to_string();
    let select = "caloppa/dnt-disclosure,caloppa/dnt-not-honored,gdpr/retention-period";
    let out = run(&["check", &doc, "--format", "concise", "-q", "--select", select]);
    assert_eq!(
        out.stdout,
        format!("{doc}:5:4: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n")
    );
    assert_eq!(out.code, 0);
}

#[test]
fn config_file_chooses_the_packs() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("policy-rules.yaml");
    fs::write(&config, "packs:\n  - builtin:caloppa\n").unwrap();
    let path = sample("sample-policy.md");
    let config_arg = config.display().to_string();
    let out = run(&["check", &path, "--config", &config_arg, "--format", "concise", "-q"]);
    assert!(
        out.stdout.contains(&format!(
            "{path}:21:12: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n"
        )),
        "{}",
        out.stdout
    );
    assert!(out.stdout.lines().all(|l| l.contains("[caloppa/")), "only the configured pack runs:\n{}", out.stdout);

    fs::write(&config, "packs:\n  - builtin:caloppa\n  - builtin:hipaa\n").unwrap();
    let out = run(&["check", &path, "--config", &config_arg]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("policy-rules.yaml:3:5: unknown built-in pack `hipaa`"), "{}", out.stderr);

    fs::write(&config, "scripts:\n  budget: 10\n").unwrap();
    let out = run(&["check", &path, "--config", &config_arg]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("policy-rules.yaml:2:3: scripts: unknown scripts key `budget`"), "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `budget_ms`?"), "{}", out.stderr);
}

#[test]
fn profiles_pick_the_packs_of_a_jurisdiction() {
    let path = sample("sample-policy.md");
    let rules_of = |profile: &str| -> Vec<String> {
        let out = run(&["rules", "--profile", profile, "--format", "json"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
        let mut packs: Vec<String> =
            rows.iter().map(|r| r["id"].as_str().unwrap().split('/').next().unwrap().to_string()).collect();
        packs.dedup();
        packs
    };
    let eu = rules_of("eu");
    assert!(eu.contains(&"gdpr".to_string()) && !eu.contains(&"caloppa".to_string()), "{eu:?}");
    let us = rules_of("us");
    assert!(us.contains(&"caloppa".to_string()) && !us.contains(&"gdpr".to_string()), "{us:?}");
    let out = run(&["check", &path, "--profile", "eu", "--select", "caloppa"]);
    assert_eq!(out.code, 2, "caloppa is not loaded under the eu profile");

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("policy-rules.yaml");
    fs::write(&config, "profile: us\n").unwrap();
    let config_arg = config.display().to_string();
    let out = run(&["rules", "--config", &config_arg, "--format", "json"]);
    assert!(!out.stdout.contains("gdpr/"), "{}", out.stdout);
    let out = run(&["rules", "--config", &config_arg, "--profile", "all", "--format", "json"]);
    assert!(out.stdout.contains("gdpr/") && out.stdout.contains("caloppa/"), "{}", out.stdout);
}

#[test]
fn a_disclosure_only_in_a_table_of_contents_does_not_count() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("p.md");
    fs::write(
        &doc,
        "# Privacy\n\n- [What we collect](#collect)\n- [How we respond to Do Not Track signals](#dnt)\n- [Your rights](#rights)\n\n## What we collect\n\nWe collect your name.\n",
    )
    .unwrap();
    let doc = doc.display().to_string();
    let out = run(&["check", &doc, "--select", "caloppa/dnt-disclosure", "--format", "concise", "-q"]);
    assert_eq!(
        out.stdout,
        format!("{doc}:1:3: error[caloppa/dnt-disclosure] The policy never says how the service responds to Do Not Track signals\n")
    );
}

#[test]
fn statistics_count_documents_and_findings_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# P\n\nWe do not respond to DNT signals. Our site ignores Do Not Track requests.\n";
    fs::write(dir.path().join("a.md"), text).unwrap();
    fs::write(dir.path().join("b.md"), text).unwrap();
    let select = "caloppa/dnt-not-honored,caloppa/dnt-disclosure";
    let out = run(&["check", &dir.path().display().to_string(), "--select", select, "--statistics", "-q"]);
    let row = |rule: &str, severity: &str, documents: usize, findings: usize| {
        format!("{rule:<40} {severity:<8} {documents:>10} {findings:>9}\n")
    };
    assert_eq!(
        out.stdout,
        format!(
            "{:<40} {:<8} {:>10} {:>9}\n{}{}2 documents, 2 with findings, 4 findings\n",
            "RULE",
            "SEVERITY",
            "DOCUMENTS",
            "FINDINGS",
            row("caloppa/dnt-disclosure", "error", 0, 0),
            row("caloppa/dnt-not-honored", "warning", 2, 4),
        )
    );
    let timed = run(&["check", &dir.path().display().to_string(), "--select", select, "--timings", "-q"]);
    assert!(timed.stderr.starts_with("time per phase, summed over documents and threads:\n"), "{}", timed.stderr);
    for phase in ["plan", "read", "parse", "scan", "rules", "suppress", "output"] {
        assert!(timed.stderr.contains(&format!("s  {phase}\n")), "{}", timed.stderr);
    }
    assert!(timed.stderr.contains("time per rule, summed over documents and threads:\n"), "{}", timed.stderr);
    assert!(timed.stderr.contains("s  caloppa/dnt-disclosure\n"), "{}", timed.stderr);
}

#[test]
fn inline_comments_suppress_findings() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("p.md");
    fs::write(
        &doc,
        "# P\n\n<!-- policy-rules-disable-file gdpr/retention-period -->\n<!-- policy-rules-disable-next-line caloppa/dnt-not-honored -->\nWe do not respond to DNT signals.\n\nOur site ignores Do Not Track requests.\n",
    )
    .unwrap();
    let doc = doc.display().to_string();
    let select = "caloppa/dnt-not-honored,gdpr/retention-period";
    let out = run(&["check", &doc, "--select", select, "--format", "concise", "-q"]);
    assert_eq!(
        out.stdout,
        format!("{doc}:7:1: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n")
    );
    assert_eq!(out.code, 0, "the retention error is suppressed for the file");
}

#[test]
fn a_page_that_is_not_a_privacy_policy_is_reported_once_and_spared_the_absence_rules() {
    let terms = "# Terms of Service\n\nBy using Acme you agree to these terms. You must be 18 to open an account.\n";
    let out = common::run_with_stdin(
        &["check", "--stdin-filename", "terms.md", "--format", "concise", "-q", "--fail-on", "info", "-"],
        terms.as_bytes(),
    );
    assert_eq!(
        out.stdout,
        "terms.md:1:3: info[core/not-a-privacy-policy] This reads as terms of service, not a privacy policy: the rules about what a policy must say were not applied\n"
    );
    assert_eq!(out.code, 1);
    // Forced, every rule applies: the absence findings come back.
    let forced = common::run_with_stdin(
        &["check", "--stdin-filename", "terms.md", "--format", "concise", "-q", "--profile", "all", "-"],
        terms.as_bytes(),
    );
    assert_eq!(forced.code, 1);
    assert!(forced.stdout.contains("info[gdpr/retention-period]"), "{}", forced.stdout);
    assert!(!forced.stdout.contains("not-a-privacy-policy"), "{}", forced.stdout);
}
