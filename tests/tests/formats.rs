//! Every output format on the same fixtures, as the user's tools see it (snapshots in
//! tests/tests/snapshots/formats__*.snap), and the promises machine formats make.

mod common;

use common::run;

/// The fixtures: a Markdown policy with curly quotes, CJK text, a tab and suppression comments
/// (used, unknown and unused), and an HTML page. Paths are relative to the tests crate, the folder
/// tests run in.
const FIXTURES: &str = "samples/formats";

/// Rules whose findings do not depend on the day the tests run.
const SELECT: &str = "caloppa,gdpr/retention-period,clarity/vague-qualifiers,core/contact,suppression";

fn check(format: &str) -> common::Run {
    let out = run(&["check", FIXTURES, "--select", SELECT, "--format", format, "-q"]);
    assert_eq!(out.code, 1, "an error finding fails the run: {}", out.stderr);
    assert_eq!(out.stderr, "");
    out
}

#[test]
fn human() {
    insta::assert_snapshot!(check("human").stdout);
}

#[test]
fn concise() {
    insta::assert_snapshot!(check("concise").stdout);
}

#[test]
fn vimgrep() {
    insta::assert_snapshot!(check("vimgrep").stdout);
}

#[test]
fn json() {
    insta::assert_snapshot!(check("json").stdout);
}

#[test]
fn jsonl() {
    insta::assert_snapshot!(check("jsonl").stdout);
}

#[test]
fn sarif() {
    insta::assert_snapshot!(check("sarif").stdout.replace(env!("CARGO_PKG_VERSION"), "[version]"));
}

#[test]
fn github() {
    insta::assert_snapshot!(check("github").stdout);
}

#[test]
fn gitlab() {
    insta::assert_snapshot!(check("gitlab").stdout);
}

#[test]
fn junit() {
    insta::assert_snapshot!(check("junit").stdout);
}

#[test]
fn json_positions_slice_exactly_the_flagged_text_out_of_the_file() {
    let out = check("json");
    let all: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(all["version"], 1);
    let findings = all["findings"].as_array().unwrap();
    assert!(findings.len() >= 10, "{}", findings.len());
    for finding in findings {
        let source = std::fs::read_to_string(finding["path"].as_str().unwrap()).unwrap();
        let at = |end: &str| {
            let position = &finding[end];
            (
                position["line"].as_u64().unwrap() as usize,
                position["column"].as_u64().unwrap() as usize,
                position["byte"].as_u64().unwrap() as usize,
            )
        };
        let (start_line, start_column, start) = at("start");
        let (_, _, end) = at("end");
        assert_eq!(&source[start..end], finding["text"].as_str().unwrap(), "{finding}");
        // Line and character column name the same place as the byte offset.
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(source[..start].matches('\n').count() + 1, start_line);
        assert_eq!(source[line_start..start].chars().count() + 1, start_column);
        for key in ["rule", "pack", "severity", "message", "fingerprint"] {
            assert!(finding[key].is_string(), "{key} in {finding}");
        }
        assert!(finding["document_level"].is_boolean());
    }
    let dnt =
        findings.iter().find(|f| f["rule"] == "caloppa/dnt-not-honored" && f["path"] == "samples/formats/policy.md");
    let dnt = dnt.expect("the DNT refusal after curly quotes, CJK text and a tab");
    assert_eq!((dnt["start"]["line"].as_u64(), dnt["start"]["column"].as_u64()), (Some(7), Some(31)));
}

#[test]
fn jsonl_lines_are_the_json_findings() {
    let json: serde_json::Value = serde_json::from_str(&check("json").stdout).unwrap();
    let lines: Vec<serde_json::Value> =
        check("jsonl").stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(json["findings"].as_array().unwrap(), &lines);
}

#[test]
fn sarif_keeps_suppressed_findings_with_their_suppression() {
    let sarif: serde_json::Value = serde_json::from_str(&check("sarif").stdout).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    let suppressed: Vec<&serde_json::Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["ruleId"], "caloppa/dnt-not-honored");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["policyRules/v1"].is_string());
    }
}

#[test]
fn schema_of_the_findings_accepts_the_json_output() {
    let schema: serde_json::Value = serde_json::from_str(&run(&["schema", "findings"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let output: serde_json::Value = serde_json::from_str(&check("json").stdout).unwrap();
    let errors: Vec<String> = validator.iter_errors(&output).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn statistics_as_json_list_every_rule_and_the_totals() {
    let out = run(&["check", FIXTURES, "--select", SELECT, "--statistics", "--format", "json", "-q"]);
    let stats: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["documents_with_findings"], 2);
    let rules = stats["rules"].as_array().unwrap();
    let row = |id: &str| rules.iter().find(|r| r["rule"] == id).unwrap_or_else(|| panic!("{id} missing"));
    assert_eq!(row("caloppa/dnt-not-honored")["findings"], 2);
    assert_eq!(row("caloppa/dnt-disclosure")["findings"], 0, "rules without findings have a row");
    assert_eq!(row("suppression/unused")["documents"], 1);
    let total: u64 = rules.iter().map(|r| r["findings"].as_u64().unwrap()).sum();
    let by_severity: u64 = stats["findings"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(total, by_severity);
}
