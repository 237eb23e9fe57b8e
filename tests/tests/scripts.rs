//! Rhai script rules: findings like any rule, errors for authors, and every sandbox limit.

mod common;

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::run;
use policy_rules_core::ScriptLimits;
use policy_rules_core::{Document, Engine, Format, Pack, Selection};

const POLICY: &str = "# Acme Privacy\n\nLast updated: May 1, 2024\n\n## Data\n\nWe keep logs for 30 days.\n";

/// A folder with a pack `t` holding one script rule `t/s`, a policy, and optional extra files.
fn setup(script: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    fs::create_dir(&pack).unwrap();
    fs::write(
        pack.join("pack.yaml"),
        "pack: t\nrules:\n  - id: s\n    severity: warning\n    message: Default message\n    script: s.rhai\n",
    )
    .unwrap();
    fs::write(pack.join("s.rhai"), script).unwrap();
    fs::write(dir.path().join("policy.md"), POLICY).unwrap();
    dir
}

/// Run the pack alone on the policy (plus any extra arguments); concise output with the folder
/// prefix removed.
fn check(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let policy = dir.join("policy.md").display().to_string();
    let pack = dir.join("pack").display().to_string();
    let mut args = vec!["check", &policy, "--no-builtin", "--pack", &pack, "--format", "concise", "-q"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let prefix = format!("{}/", dir.display());
    (out.code, out.stdout.replace(&prefix, ""), out.stderr.replace(&prefix, ""))
}

#[test]
fn script_findings_render_like_any_rule() {
    let dir = setup(
        r#"fn check(doc) {
    for m in doc.find("keep (?P<what>\\w+) for (?P<period>\\d+ days)") {
        report(m.span, `Kept for ${parse_duration(m.captures.period)} days`, #{ severity: "info", help: "say why" });
    }
    report("Whole document");
}"#,
    );
    let (code, out, _) = check(dir.path(), &["--fail-on", "warning"]);
    assert_eq!(out, "policy.md:1:3: warning[t/s] Whole document\npolicy.md:7:4: info[t/s] Kept for 30 days\n");
    assert_eq!(code, 1);
    let policy = dir.path().join("policy.md").display().to_string();
    let pack = dir.path().join("pack").display().to_string();
    let human = run(&["check", &policy, "--no-builtin", "--pack", &pack, "--select", "t/s"]);
    assert!(human.stdout.contains("help: say why"), "{}", human.stdout);
    assert!(human.stdout.contains(&format!("╭─[{policy}:7:4]")), "{}", human.stdout);
}

#[test]
fn a_script_that_does_not_compile_is_a_located_error_with_exit_2() {
    let dir = setup("fn check(doc) {\n    let x = ;\n}\n");
    let (code, out, err) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("pack/s.rhai:2:13: rule `t/s`:"), "{err}");
    assert!(err.contains("╭─[pack/s.rhai:2:13]"), "{err}");
}

#[test]
fn eval_is_not_available() {
    let dir = setup("fn check(doc) { eval(\"1 + 1\"); }\n");
    let (code, _, err) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("pack/s.rhai:1:17"), "{err}");
}

#[test]
fn a_script_without_check_is_rejected() {
    let dir = setup("fn inspect(doc) {}\n");
    let (code, _, err) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("the script does not define `fn check(doc)`"), "{err}");
}

#[test]
fn a_missing_script_file_names_the_yaml_line() {
    let dir = setup("fn check(doc) {}\n");
    fs::remove_file(dir.path().join("pack/s.rhai")).unwrap();
    let (code, _, err) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("pack/pack.yaml:6:13: cannot read script"), "{err}");
}

fn runtime_error(script: &str) -> String {
    let dir = setup(script);
    let (code, out, _) = check(dir.path(), &[]);
    assert_eq!(code, 1, "a script error is an error finding");
    out
}

#[test]
fn runtime_errors_become_script_error_findings_with_the_position() {
    let out = runtime_error("fn check(doc) {\n    no_such_function(doc);\n}\n");
    assert!(out.starts_with("policy.md:1:3: error[script/error] rule `t/s` failed on this document: Function not found: no_such_function"), "{out}");
    let dir = setup("fn check(doc) {\n    let a = [1];\n    let b = a[5];\n}\n");
    let policy = dir.path().join("policy.md").display().to_string();
    let pack = dir.path().join("pack").display().to_string();
    let human = run(&["check", &policy, "--no-builtin", "--pack", &pack]);
    assert!(human.stdout.contains("script/error"), "{}", human.stdout);
    assert!(human.stdout.contains(&format!("at {pack}/s.rhai:3:15")), "{}", human.stdout);
    let out = runtime_error("fn check(doc) { let x = doc.words - \"a\"; }\n");
    assert!(out.contains("error[script/error]"), "{out}");
}

#[test]
fn an_invalid_regex_in_a_script_names_the_position() {
    let out = runtime_error("fn check(doc) {\n  doc.find(\"keep (\");\n}\n");
    assert!(
        out.contains(
            "error[script/error] rule `t/s` failed on this document: invalid regex `keep (`: unclosed group\n"
        ),
        "{out}"
    );
}

#[test]
fn import_and_file_access_fail() {
    let dir = setup("import \"/etc/passwd\" as p;\nfn check(doc) { }\n");
    let (code, out, _) = check(dir.path(), &[]);
    assert_eq!((code, out.as_str()), (0, ""), "top-level statements never run: only check(doc) is called");
    let out = runtime_error("fn check(doc) {\n    import \"/etc/passwd\" as p;\n}\n");
    assert!(out.contains("error[script/error]") && out.contains("imports are disabled"), "{out}");
    let out = runtime_error("fn check(doc) { let f = open_file(\"/etc/passwd\"); }\n");
    assert!(out.contains("Function not found: open_file"), "{out}");
}

fn limit_finding(script: &str) -> String {
    let dir = setup(script);
    let config = dir.path().join("policy-rules.yaml");
    fs::write(&config, "scripts:\n  budget_ms: 60000\n").unwrap();
    let started = Instant::now();
    let (code, out, _) = check(dir.path(), &["--config", &config.display().to_string()]);
    assert!(started.elapsed() < Duration::from_secs(30), "the run must end");
    assert_eq!(code, 1);
    out
}

#[test]
fn an_infinite_loop_ends_at_the_operations_limit() {
    let out = limit_finding("fn check(doc) { loop { doc.contains(\"x\"); } }\n");
    assert_eq!(
        out,
        "policy.md:1:3: error[script/limit-exceeded] rule `t/s` was stopped on this document: it exceeded the operations limit (50000000)\n"
    );
}

#[test]
fn host_calls_count_against_the_operations_limit() {
    // Each read of a 6.4 MB text costs 100,000 operations: the limit is reached in 500 reads,
    // the same on every machine, where a loop that Rhai alone counts would run 50 million times.
    let dir = setup("fn check(doc) { let n = 0; loop { n += doc.text.len(); } }\n");
    let big = format!("# Privacy\n\n{}\n", "We keep logs for thirty days. ".repeat(213_000));
    fs::write(dir.path().join("policy.md"), big).unwrap();
    let started = Instant::now();
    let (code, out, _) = check(dir.path(), &[]);
    assert!(started.elapsed() < Duration::from_secs(30), "the run must end");
    assert_eq!(code, 1);
    assert!(out.contains("it exceeded the operations limit (50000000)"), "{out}");
}

#[test]
fn deep_recursion_hits_the_call_depth_limit() {
    let out = limit_finding("fn down(n) { down(n + 1) }\nfn check(doc) { down(0); }\n");
    assert!(out.contains("it exceeded the call depth limit (64)"), "{out}");
}

#[test]
fn a_string_grown_without_bound_hits_the_string_limit() {
    let out = limit_finding("fn check(doc) { let s = doc.text; loop { s += s; } }\n");
    assert!(out.contains("it exceeded the string size limit"), "{out}");
}

#[test]
fn an_array_grown_without_bound_hits_the_array_limit() {
    let out = limit_finding("fn check(doc) { let a = [1]; loop { a += a; } }\n");
    assert!(out.contains("it exceeded the array size limit (1000000 items)"), "{out}");
}

#[test]
fn the_operations_limit_stops_a_busy_script() {
    let yaml = "pack: t\nrules:\n  - id: s\n    severity: warning\n    message: m\n    script: s.rhai\n";
    let mut pack = Pack::from_yaml(yaml, "pack.yaml", policy_rules_core::pack::Origin::Builtin("t".into())).unwrap();
    pack.scripts.push(("s.rhai".into(), "fn check(doc) { let n = 0; loop { n += 1; } }".into()));
    let limits = ScriptLimits { max_operations: 10_000, budget: Duration::from_secs(60), ..ScriptLimits::default() };
    let engine = Engine::with_limits(&[pack], Selection::default(), limits, None).unwrap();
    let doc = Arc::new(Document::parse("p.md", Format::Markdown, POLICY.to_string()));
    let findings = engine.check(&doc);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, "script/limit-exceeded");
    assert_eq!(
        findings[0].message,
        "rule `t/s` was stopped on this document: it exceeded the operations limit (10000)"
    );
}

#[test]
fn a_failing_script_leaves_other_rules_and_documents_alone() {
    let dir = setup("fn check(doc) { if doc.path.contains(\"b.md\") { throw \"boom\"; } report(\"ok\"); }\n");
    fs::write(dir.path().join("b.md"), POLICY).unwrap();
    let a = dir.path().join("policy.md").display().to_string();
    let b = dir.path().join("b.md").display().to_string();
    let pack = dir.path().join("pack").display().to_string();
    let out =
        run(&["check", &a, &b, "--pack", &pack, "--select", "t,gdpr/retention-period", "--format", "concise", "-q"]);
    let prefix = format!("{}/", dir.path().display());
    assert_eq!(
        out.stdout.replace(&prefix, ""),
        "policy.md:1:3: warning[t/s] ok\nb.md:1:3: error[script/error] rule `t/s` failed on this document: boom\n"
    );
}

#[test]
fn script_matching_folds_typography_and_line_wrapping_like_yaml() {
    let dir = setup("fn check(doc) { for m in doc.find(\"don't sell your data\") { report(m.span, m.text); } }\n");
    fs::write(dir.path().join("policy.md"), "# Privacy\n\nWe don\u{2019}t sell\nyour data.\n").unwrap();
    let (_, out, _) = check(dir.path(), &[]);
    assert_eq!(out, "policy.md:3:4: warning[t/s] don't sell your data\n");
}
